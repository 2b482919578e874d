// The one-pass ConvNet block (lib/ops/norm_act_pool.ts) against the three ops it replaces,
// bit for bit on this adapter: values, and gradients for x, gamma and beta. (Its values
// against float64 and its gradients by finite differences are in the conformance suite,
// tests/conformance/nn_ops.ts.)
import assert from "node:assert/strict";
import { valueAndGrad } from "../lib/autodiff/grad.ts";
import { dispose, tidy } from "../lib/autodiff/scope.ts";
import { mul } from "../lib/ops/binary.ts";
import { instanceNorm } from "../lib/ops/norm.ts";
import { activate, type Activation, instanceNormActPool } from "../lib/ops/norm_act_pool.ts";
import { avgPool2d } from "../lib/ops/pool.ts";
import { Rng } from "../lib/ops/random.ts";
import { sum } from "../lib/ops/reduce.ts";
import type { Tensor } from "../lib/tensor.ts";
import { affine } from "../lib/ops/unary.ts";
import { gpuReady } from "./helpers.ts";

await gpuReady;

const composed = (x: Tensor, g: Tensor, b: Tensor, a: Activation) =>
  avgPool2d(activate(instanceNorm(x, g, b), a));

/** The output and the gradients of sum(block(x, g, b) * w), as host arrays. */
async function run(
  block: (x: Tensor, g: Tensor, b: Tensor, a: Activation) => Tensor,
  a: Activation,
  shape: number[],
): Promise<Float32Array[]> {
  const rng = new Rng(shape.reduce((p, d) => p * 31 + d, 7));
  const x = rng.normal(shape);
  const c = shape[1];
  const g = affine(rng.uniform([c]), 1, 0.5), b = rng.normal([c]);
  const w = rng.normal([shape[0], c, Math.floor(shape[2] / 2), Math.floor(shape[3] / 2)]);
  const y = block(x, g, b, a);
  const { value, grads } = valueAndGrad((ps: Tensor[]) =>
    tidy(() => sum(mul(block(ps[0], ps[1], ps[2], a), w)))
  )([x, g, b]);
  const out = [await y.data(), ...(await Promise.all(grads.map((t) => t.data())))];
  dispose([x, g, b, w, y, value, grads]);
  return out as Float32Array[];
}

const ACTS: Activation[] = [{ kind: "relu" }, { kind: "silu" }, { kind: "softplus", beta: 3 }];

Deno.test("instanceNormActPool: the composed ops' values and gradients, bit for bit", async () => {
  // ConvNet-3 width 32 on 28x28 images padded to 32 (the quick preset's evaluation), a
  // 16-channel VE block, and small odd ones
  for (const shape of [[10, 32, 32, 32], [7, 16, 8, 8], [3, 5, 6, 16], [1, 3, 2, 8]]) {
    for (const a of ACTS) {
      const fused = await run(instanceNormActPool, a, shape);
      const ref = await run(composed, a, shape);
      const names = ["y", "dx", "dgamma", "dbeta"];
      fused.forEach((f, i) => {
        const r = ref[i];
        assert.equal(f.length, r.length);
        const at = f.findIndex((v, j) => !Object.is(v, r[j]));
        assert.equal(
          at,
          -1,
          `${a.kind} ${JSON.stringify(shape)} ${names[i]}[${at}]: ${f[at]} against ${r[at]}`,
        );
      });
    }
  }
});
