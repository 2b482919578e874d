// conv2d.wgsl `main` writing NCHW itself (override NCHW, with the bias, shift and residual in
// its last dispatch; lib/ops/conv_direct.ts directWritesNchw, taken except through GL or a
// browser) against writing vec4-interleaved y4 and unpacking it: the same values and
// gradients, bit for bit on this adapter. (Both against float64 and by finite differences:
// the conformance suite, tests/conformance/conv.ts.)
import assert from "node:assert/strict";
import { valueAndGrad } from "../lib/autodiff/grad.ts";
import { dispose, tidy } from "../lib/autodiff/scope.ts";
import { mul } from "../lib/ops/binary.ts";
import { conv2d, type Conv2dOptions } from "../lib/ops/conv.ts";
import { nchwOutput, nchwSegments } from "../lib/ops/conv_direct.ts";
import { Rng } from "../lib/ops/random.ts";
import { sum } from "../lib/ops/reduce.ts";
import type { Tensor } from "../lib/tensor.ts";
import { gpuReady } from "./helpers.ts";

await gpuReady;

type Extra = { shift?: boolean; residual?: boolean };

/** y, dx, dw, db (and d shift, d residual) of sum(conv2d(x, w, b) * r) as host arrays. */
async function run(
  xs: number[],
  ws: number[],
  options: Conv2dOptions,
  extra: Extra,
): Promise<Float32Array[]> {
  const rng = new Rng(xs.reduce((p, d) => p * 31 + d, 7));
  const x = rng.normal(xs), w = rng.normal(ws), b = rng.normal([ws[0]]);
  const y0 = conv2d(x, w, b, options);
  const shift = extra.shift ? rng.normal([xs[0], ws[0]]) : undefined;
  const res = extra.residual ? rng.normal(y0.shape) : undefined;
  const r = rng.normal(y0.shape);
  const params = [x, w, b, ...(shift ? [shift] : []), ...(res ? [res] : [])];
  const apply = (ps: Tensor[]) => {
    let i = 3;
    const s = shift ? ps[i++] : undefined;
    const rr = res ? ps[i++] : undefined;
    return conv2d(ps[0], ps[1], ps[2], { ...options, shift: s, residual: rr });
  };
  const y = apply(params);
  const { value, grads } = valueAndGrad((ps: Tensor[]) => tidy(() => sum(mul(apply(ps), r))))(
    params,
  );
  const out = [await y.data(), ...(await Promise.all(grads.map((t) => t.data())))];
  dispose([params, y0, y, r, value, grads]);
  return out as Float32Array[];
}

Deno.test("nchwSegments: blocks that tile whole vec4s of each plane", () => {
  assert.equal(nchwSegments(28, 28, 14, 4), 2); // the U-Net's 28 x 28, 16 channels
  assert.equal(nchwSegments(28, 28, 14, 2), 2); // 32 channels: one row of 28 an invocation
  assert.equal(nchwSegments(14, 14, 14, 2), 1); // 14 x 14: two rows of 14
  assert.equal(nchwSegments(32, 32, 8, 4), 1); // ConvNet-3's first layer
  assert.equal(nchwSegments(7, 7, 8, 4), null); // 49-pixel planes
  assert.equal(nchwSegments(14, 14, 14, 1), null); // a run of 14 is not whole vec4s
  assert.equal(nchwSegments(15, 14, 14, 2), null); // a partial block of rows
  assert.equal(nchwSegments(12, 12, 4, 4), 1);
  assert.equal(nchwSegments(10, 12, 8, 2), null); // 12 columns in blocks of 8
});

Deno.test("conv2d: NCHW from the kernel gives the bits of y4 and unpacking", async () => {
  const cases: [number[], number[], Conv2dOptions, Extra][] = [
    [[5, 3, 28, 28], [16, 3, 3, 3], { padding: 1 }, { shift: true }], // 2 rows of 28
    [[3, 16, 28, 28], [32, 16, 3, 3], { padding: 1, algorithm: "direct" }, { residual: true }],
    [[3, 32, 14, 14], [32, 32, 3, 3], { padding: 1, algorithm: "direct" }, {
      shift: true,
      residual: true,
    }], // 2 rows of 14
    [[2, 64, 14, 14], [6, 64, 3, 3], { padding: 1, algorithm: "direct" }, {}], // 2 chunks, o % 4
    [[2, 1, 32, 32], [40, 1, 3, 3], { padding: 1 }, { residual: true }], // blocks of 8, 2 blocks
    [[2, 4, 12, 12], [6, 4, 5, 5], { padding: 2 }, { shift: true }], // 5 x 5 in 3 x 3 pieces
  ];
  const saved = nchwOutput.on;
  try {
    for (const [xs, ws, options, extra] of cases) {
      nchwOutput.on = true;
      const nchw = await run(xs, ws, options, extra);
      nchwOutput.on = false;
      const y4 = await run(xs, ws, options, extra);
      nchw.forEach((got, i) => {
        const at = got.findIndex((v, j) => !Object.is(v, y4[i][j]));
        assert.equal(
          at,
          -1,
          `${JSON.stringify([xs, ws])} output ${i} [${at}]: ${got[at]} against ${y4[i][at]}`,
        );
      });
    }
  } finally {
    nchwOutput.on = saved;
  }
});
