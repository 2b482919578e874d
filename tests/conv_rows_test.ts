// conv2d.wgsl `main` with 4 output rows per invocation (lib/ops/conv_direct.ts rowsPer, taken
// on llvmpipe other than through GL) against 2 rows: the same values and gradients, bit for
// bit on this adapter. (Both against float64 and by finite differences: the conformance
// suite, tests/conformance/conv.ts, which runs 4 rows on Vulkan and 2 through GL.)
import assert from "node:assert/strict";
import { valueAndGrad } from "../lib/autodiff/grad.ts";
import { dispose, tidy } from "../lib/autodiff/scope.ts";
import { mul } from "../lib/ops/binary.ts";
import { conv2d, type Conv2dOptions } from "../lib/ops/conv.ts";
import { deepRows, rowsPer } from "../lib/ops/conv_direct.ts";
import { Rng } from "../lib/ops/random.ts";
import { sum } from "../lib/ops/reduce.ts";
import type { Tensor } from "../lib/tensor.ts";
import { gpuReady } from "./helpers.ts";

await gpuReady;

/** y, dx, dw, db of sum(conv2d(x, w, b) * r) as host arrays. */
async function run(xs: number[], ws: number[], options: Conv2dOptions): Promise<Float32Array[]> {
  const rng = new Rng(xs.reduce((p, d) => p * 31 + d, 3));
  const x = rng.normal(xs), w = rng.normal(ws), b = rng.normal([ws[0]]);
  const y = conv2d(x, w, b, options);
  const r = rng.normal(y.shape);
  const { value, grads } = valueAndGrad((ps: Tensor[]) =>
    tidy(() => sum(mul(conv2d(ps[0], ps[1], ps[2], options), r)))
  )([x, w, b]);
  const out = [await y.data(), ...(await Promise.all(grads.map((t) => t.data())))];
  dispose([x, w, b, y, r, value, grads]);
  return out as Float32Array[];
}

Deno.test("rowsPer: 4 rows where they pad no more rows than 2 and the accumulators fit", () => {
  assert.equal(rowsPer(28, 14, 4, true), 4); // the U-Net's 16-channel 28 x 28 maps
  assert.equal(rowsPer(7, 8, 8, true), 4); // its 32-channel 7 x 7 maps
  assert.equal(rowsPer(28, 14, 8, true), 2); // 4 x 14 pixels of 8 vec4: too many
  assert.equal(rowsPer(14, 14, 4, true), 2); // 4 rows would cover 16
  assert.equal(rowsPer(28, 14, 4, false), 2);
  assert.equal(rowsPer(1, 14, 4, true), 1);
});

Deno.test("conv2d: 4 rows per invocation give the bits of 2, values and gradients", async () => {
  const cases: [number[], number[], Conv2dOptions][] = [
    [[5, 3, 28, 28], [16, 3, 3, 3], { padding: 1 }], // 28 rows, 16 channels
    [[3, 32, 7, 7], [32, 32, 3, 3], { padding: 1, algorithm: "direct" }], // 7 rows
    [[2, 4, 12, 12], [6, 4, 5, 5], { padding: 2 }], // 5 x 5 in 3 x 3 pieces, 2 vec4 groups
    [[2, 6, 15, 11], [8, 6, 3, 3], { stride: 2, padding: 1 }], // strided: input gradient phases
    [[3, 40, 8, 8], [36, 40, 3, 3], { padding: 1, algorithm: "direct" }], // 2 blocks, 1 + 8 groups
  ];
  const saved = deepRows.deep;
  try {
    for (const [xs, ws, options] of cases) {
      deepRows.deep = true;
      const deep = await run(xs, ws, options);
      deepRows.deep = false;
      const shallow = await run(xs, ws, options);
      ["y", "dx", "dw", "db"].forEach((name, i) => {
        const at = deep[i].findIndex((v, j) => !Object.is(v, shallow[i][j]));
        assert.equal(
          at,
          -1,
          `${JSON.stringify([xs, ws])} ${name}[${at}]: ${deep[i][at]} against ${shallow[i][at]}`,
        );
      });
    }
  } finally {
    deepRows.deep = saved;
  }
});
