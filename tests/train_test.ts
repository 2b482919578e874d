// End-to-end training: an MLP learns a synthetic problem with Adam, deterministically, and
// without leaking GPU buffers across steps.
import assert from "node:assert/strict";
import { valueAndGrad } from "../lib/autodiff/grad.ts";
import { dispose, keep, tidy } from "../lib/autodiff/scope.ts";
import { gpu } from "../lib/gpu/gpu.ts";
import { equal } from "../lib/ops/binary.ts";
import { cast, fromArray } from "../lib/ops/creation.ts";
import { crossEntropy } from "../lib/ops/loss.ts";
import { Rng } from "../lib/ops/random.ts";
import { argmax, mean } from "../lib/ops/reduce.ts";
import { Adam } from "../lib/optim/adam.ts";
import { linear, linearLayer } from "../lib/nn/layers.ts";
import { relu } from "../lib/ops/unary.ts";
import type { Tensor } from "../lib/tensor.ts";
import { gpuReady, prng } from "./helpers.ts";

await gpuReady;

/** Four interleaved 2-D spirals, lifted to 16 dimensions by a fixed random map. */
function spirals(n: number, seed: number): { x: Float32Array; y: Int32Array } {
  const fixed = prng(99); // the same lift for every split
  const lift = Array.from({ length: 2 * 16 }, () => fixed() * 2 - 1);
  const rand = prng(seed);
  const x = new Float32Array(n * 16);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 4;
    const r = rand();
    const a = r * 3 + (c * Math.PI) / 2 + (rand() - 0.5) * 0.2;
    const p = [r * Math.cos(a), r * Math.sin(a)];
    for (let k = 0; k < 16; k++) x[i * 16 + k] = p[0] * lift[k] + p[1] * lift[16 + k];
    y[i] = c;
  }
  return { x, y };
}

type Mlp = {
  l1: ReturnType<typeof linearLayer>;
  l2: ReturnType<typeof linearLayer>;
  l3: ReturnType<typeof linearLayer>;
};
const forward = (p: Mlp, x: Tensor) => linear(p.l3, relu(linear(p.l2, relu(linear(p.l1, x)))));

async function train(seed: number, steps: number) {
  const rng = new Rng(seed);
  const params: Mlp = keep({
    l1: linearLayer(16, 64, rng),
    l2: linearLayer(64, 64, rng),
    l3: linearLayer(64, 4, rng),
  });
  const data = spirals(1024, 1);
  const x = keep(fromArray(data.x, [1024, 16]));
  const y = keep(fromArray(data.y, [1024], "i32"));
  const opt = new Adam(params, { lr: 0.01 });
  const lossFn = (p: Mlp) => crossEntropy(forward(p, x), y);
  const losses: number[] = [];
  let live = 0;
  for (let s = 0; s < steps; s++) {
    const { value, grads } = valueAndGrad(lossFn)(params);
    opt.step(params, grads);
    dispose(grads);
    if (s % 50 === 0 || s === steps - 1) losses.push(await value.item());
    value.dispose();
    if (s === 1) live = gpu().pool.stats().liveBuffers;
  }
  assert.equal(gpu().pool.stats().liveBuffers, live, "live buffers grew during training");
  const test = spirals(1000, 2);
  const acc = await tidy(() => {
    const pred = argmax(forward(params, fromArray(test.x, [1000, 16])), 1);
    return mean(equal(cast(pred, "f32"), cast(fromArray(test.y, [1000], "i32"), "f32")));
  }).item();
  const bytes = new Uint8Array((await params.l3.weight.data()).buffer);
  dispose([params, x, y]);
  opt.dispose();
  return { losses, acc, bytes };
}

Deno.test("an MLP trained with Adam reaches 95% on 4 spirals; same seed, same bits", async () => {
  const a = await train(0, 400);
  assert.ok(a.losses.at(-1)! < a.losses[0] / 5, `loss ${a.losses}`);
  assert.ok(a.acc >= 0.95, `test accuracy ${a.acc}`);
  const b = await train(0, 400);
  assert.deepEqual(b.bytes, a.bytes, "two runs with one seed differ");
  assert.deepEqual(b.losses, a.losses);
});
