// Reductions, shape ops, softmax and cross-entropy: forward against float64, backward by
// finite differences, on odd shapes.
import { assert } from "./assert.ts";
import { valueAndGrad } from "../../lib/autodiff/grad.ts";
import { dispose } from "../../lib/autodiff/scope.ts";
import { mul } from "../../lib/ops/binary.ts";
import { fromArray } from "../../lib/ops/creation.ts";
import { crossEntropy } from "../../lib/ops/loss.ts";
import * as Red from "../../lib/ops/reduce.ts";
import * as S from "../../lib/ops/shape.ts";
import { logSoftmax, softmax } from "../../lib/ops/softmax.ts";
import type { Tensor } from "../../lib/tensor.ts";
import { assertClose, checkGrad, prng, randArr, toTensor } from "./check.ts";
import * as R from "../ref.ts";
import { test } from "./suite.ts";

const rand = prng(2);

const CASES: [number[], number[] | undefined][] = [
  [[7], undefined],
  [[3, 5], [1]],
  [[3, 5], [0]],
  [[2, 3, 9], [0, 2]],
  [[4, 3, 2, 5], [1, 2]],
  [[4, 3, 2, 5], [0, 3]],
  [[1, 33], undefined],
];

const REDUCTIONS: [string, typeof Red.sum, (v: number[]) => number][] = [
  ["sum", Red.sum, R.sumOf],
  ["mean", Red.mean, (v) => R.sumOf(v) / v.length],
  ["max", Red.max, (v) => Math.max(...v)],
  ["min", Red.min, (v) => Math.min(...v)],
  ["logsumexp", Red.logsumexp, R.lse],
];

for (const [name, op, ref] of REDUCTIONS) {
  test(`reduce ${name} over any axes: forward and finite-difference gradient`, async () => {
    for (const [shape, axes] of CASES) {
      const a = randArr(rand, shape, -2, 2);
      const x = toTensor(a);
      const y = op(x, axes);
      const all = axes ?? shape.map((_, k) => k);
      assertClose(
        await y.data(),
        R.reduce(a, all, ref),
        `${name} [${shape}] axes ${all}`,
        1e-4,
        1e-5,
      );
      const yk = op(x, axes, true);
      assert.deepEqual(
        yk.shape,
        shape.map((d, k) => (all.includes(k) ? 1 : d)),
      );
      dispose([x, y, yk]);
    }
    for (const [shape, axes] of [[[3, 5], [1]], [[2, 3, 4], [0, 2]]] as const) {
      const a = randArr(rand, [...shape]);
      await checkGrad(
        `${name} [${shape}]`,
        [a],
        ([x]) => op(x, [...axes]),
        ([u]) => R.reduce(u, [...axes], ref),
      );
    }
  });
}

test("sums of long contiguous rows (texture entry rows4): sum, mean, bias-gradient shape", async () => {
  // 66,564 and 68,608 elements (over TEXTURE_MIN_ELEMENTS), rows of whole vec4s
  for (const [shape, axes] of [[[129, 516], [1]], [[67, 4, 16, 16], [0, 2, 3]]] as const) {
    const a = randArr(rand, [...shape], -2, 2);
    const x = toTensor(a);
    const s = Red.sum(x, [...axes]);
    const m = Red.mean(x, [...axes]);
    assertClose(await s.data(), R.reduce(a, [...axes], R.sumOf), `sum [${shape}]`, 1e-3, 1e-4);
    assertClose(
      await m.data(),
      R.reduce(a, [...axes], (v) => R.sumOf(v) / v.length),
      `mean [${shape}]`,
      1e-3,
      1e-5,
    );
    dispose([x, s, m]);
  }
});

test("argmax and argmin along an axis (first index on ties)", async () => {
  const a = R.arr([2, 4], [1, 5, 5, 0, -1, -3, 2, -3]);
  const x = toTensor(a);
  assert.deepEqual(Array.from(await Red.argmax(x, 1).data()), [1, 2]);
  assert.deepEqual(Array.from(await Red.argmin(x, 1).data()), [3, 1]);
  assert.deepEqual(Array.from(await Red.argmax(x, 0).data()), [0, 0, 0, 0]);
  const b = randArr(rand, [5, 7, 3]);
  const y = Red.argmax(toTensor(b), 1);
  const ref = R.reduce(b, [1], (v) => v.indexOf(Math.max(...v)));
  assert.deepEqual(Array.from(await y.data()), Array.from(ref.data));
  assert.equal(y.dtype, "i32");
});

test("reductions over axes longer than one kernel loop may run (65535) are chunked", async () => {
  const a = randArr(rand, [100003], 0, 1);
  const x = toTensor(a);
  const v = Array.from(a.data);
  assertClose(await Red.sum(x).data(), [R.sumOf(v)], "sum 100003", 1e-3);
  assertClose(
    await Red.mean(x).data(),
    [R.sumOf(v) / v.length],
    "mean 100003",
    1e-3,
  );
  assertClose(await Red.max(x).data(), [Math.max(...v)], "max 100003", 0, 0);
  assertClose(
    await Red.logsumexp(x).data(),
    [R.lse(v)],
    "logsumexp 100003",
    1e-4,
  );
  const b = randArr(rand, [70001, 3]);
  assertClose(
    await Red.sum(toTensor(b), 0).data(),
    R.reduce(b, [0], R.sumOf),
    "sum axis 0 of [70001, 3]",
    1e-3,
    1e-2,
  );
  assert.throws(
    () => Red.argmax(x),
    /argmax: axis of 100003 elements .* over the limit of 65535/,
  );
  x.dispose();
});

test("permute and transpose", async () => {
  const a = randArr(rand, [2, 3, 5, 7]);
  for (const perm of [[0, 1, 2, 3], [3, 2, 1, 0], [1, 3, 0, 2], [0, 2, 1, 3]]) {
    const y = S.permute(toTensor(a), perm);
    assert.deepEqual(y.shape, perm.map((p) => a.shape[p]));
    assertClose(await y.data(), R.permute(a, perm), `permute ${perm}`, 0, 0);
  }
  const b = randArr(rand, [3, 5]);
  await checkGrad(
    "permute",
    [randArr(rand, [2, 3, 5])],
    ([x]) => S.permute(x, [2, 0, 1]),
    ([u]) => R.permute(u, [2, 0, 1]),
  );
  await checkGrad(
    "transpose",
    [b],
    ([x]) => S.transpose(x),
    ([u]) => R.permute(u, [1, 0]),
  );
});

test("slice, pad, concat: forward and gradients", async () => {
  const a = randArr(rand, [4, 5, 7]);
  const y = S.slice(toTensor(a), [1, 0, 2], [2, -1, 3]);
  assertClose(await y.data(), R.slice(a, [1, 0, 2], [2, 5, 3]), "slice", 0, 0);
  await checkGrad(
    "slice",
    [a],
    ([x]) => S.slice(x, [1, 2, 3], [3, 2, 4]),
    ([u]) => R.slice(u, [1, 2, 3], [3, 2, 4]),
  );

  const img = randArr(rand, [2, 1, 5, 3]);
  const widths: [number, number][] = [[0, 0], [0, 0], [3, 3], [1, 2]];
  const p = S.pad(toTensor(img), widths, 0.5);
  assertClose(await p.data(), R.pad(img, widths, 0.5), "pad", 0, 0);
  await checkGrad(
    "pad",
    [img],
    ([x]) => S.pad(x, widths),
    ([u]) => R.pad(u, widths, 0),
  );

  const parts = [
    randArr(rand, [3, 2, 5]),
    randArr(rand, [3, 1, 5]),
    randArr(rand, [3, 4, 5]),
  ];
  const c = S.concat(parts.map(toTensor), 1);
  assertClose(await c.data(), R.concat(parts, 1), "concat", 0, 0);
  await checkGrad(
    "concat",
    parts,
    (xs) => S.concat(xs, 1),
    (us) => R.concat(us, 1),
  );
  await checkGrad(
    "concat axis 0",
    [parts[0], parts[0]],
    (xs) => S.concat(xs, 0),
    (us) => R.concat(us, 0),
  );

  // runs of >= 256 contiguous elements go through copyBufferToBuffer: a channel concat of
  // NCHW images and its gradient (slices, scattered back), and a slice along axis 1
  const big = [randArr(rand, [3, 5, 8, 9]), randArr(rand, [3, 2, 8, 9])];
  const bc = S.concat(big.map(toTensor), 1);
  assertClose(await bc.data(), R.concat(big, 1), "concat of contiguous runs", 0, 0);
  const w = randArr(rand, [3, 7, 8, 9]);
  const wt = toTensor(w);
  const inputs = big.map(toTensor);
  const { value, grads } = valueAndGrad((xs: Tensor[]) => Red.sum(mul(S.concat(xs, 1), wt)))(
    inputs,
  );
  assertClose(await grads[0].data(), R.slice(w, [0, 0, 0, 0], [3, 5, 8, 9]), "d part 0", 0, 0);
  assertClose(await grads[1].data(), R.slice(w, [0, 5, 0, 0], [3, 2, 8, 9]), "d part 1", 0, 0);
  const sl = S.slice(wt, [0, 2, 0, 0], [3, 4, -1, -1]);
  assertClose(await sl.data(), R.slice(w, [0, 2, 0, 0], [3, 4, 8, 9]), "slice of runs", 0, 0);
  dispose([bc, wt, inputs, value, grads, sl]);
});

test("gather with repeated indices: forward and gradient (scatter-add)", async () => {
  const a = randArr(rand, [5, 3, 4]);
  const idx = [4, 0, 4, 2, 4, 1];
  const y = S.gather(toTensor(a), fromArray(idx, [6], "i32"), 0);
  assertClose(await y.data(), R.gather(a, idx, 0), "gather axis 0", 0, 0);
  const y1 = S.gather(toTensor(a), fromArray([2, 0, 2], [3], "i32"), 1);
  assertClose(
    await y1.data(),
    R.gather(a, [2, 0, 2], 1),
    "gather axis 1",
    0,
    0,
  );
  const it = fromArray(idx, [6], "i32");
  await checkGrad(
    "gather",
    [a],
    ([x]) => S.gather(x, it, 0),
    ([u]) => R.gather(u, idx, 0),
  );
});

test("reshape shares the buffer and broadcastTo sums its gradient", async () => {
  const a = randArr(rand, [3, 4]);
  const x = toTensor(a);
  const r = S.reshape(x, [2, -1]);
  assert.deepEqual(r.shape, [2, 6]);
  assert.equal(r.buffer, x.buffer);
  assert.throws(
    () => S.reshape(x, [5, -1]),
    /reshape: cannot reshape \[3, 4\]/,
  );
  const b = randArr(rand, [3, 1]);
  await checkGrad(
    "broadcastTo",
    [b],
    ([u]) => S.broadcastTo(u, [2, 3, 5]),
    ([u]) => R.zip([u, R.arr([2, 3, 5], new Float64Array(30))], (p) => p),
  );
});

test("softmax and log-softmax along any axis: forward and gradient", async () => {
  for (
    // [67, 1000]: 67,000 elements in rows of whole vec4s, the texture entry rows4
    const [shape, axis] of [[[4, 10], 1], [[3, 7, 2], 1], [[5, 3], 0], [[1, 1000], 1], [
      [67, 1000],
      1,
    ]] as const
  ) {
    const a = randArr(rand, [...shape], -5, 5);
    for (const log of [false, true]) {
      const y = (log ? logSoftmax : softmax)(toTensor(a), axis);
      assertClose(
        await y.data(),
        R.softmax(a, axis, log),
        `${log ? "log" : ""}softmax [${shape}] axis ${axis}`,
        1e-4,
        1e-6,
      );
    }
  }
  // gradients on 67,000 elements (texture entry rows4 of softmax_backward), against the
  // float64 Jacobian-vector products: y * (w - sum(w * y)) and w - softmax * sum(w)
  const big = randArr(rand, [67, 1000], -5, 5);
  const w = randArr(rand, [67, 1000]);
  const wt = toTensor(w);
  for (const log of [false, true]) {
    const f = log ? logSoftmax : softmax;
    const x = toTensor(big);
    const { value, grads } = valueAndGrad((t: Tensor) => Red.sum(mul(f(t, 1), wt)))(x);
    const p = R.softmax(big, 1, false).data;
    const expected = new Float64Array(big.data.length);
    for (let row = 0; row < 67; row++) {
      let s = 0;
      for (let k = 0; k < 1000; k++) {
        s += w.data[row * 1000 + k] * (log ? 1 : p[row * 1000 + k]);
      }
      for (let k = 0; k < 1000; k++) {
        const j = row * 1000 + k;
        expected[j] = log ? w.data[j] - p[j] * s : p[j] * (w.data[j] - s);
      }
    }
    assertClose(
      await grads.data(),
      { shape: [67, 1000], data: expected },
      `${log ? "log" : ""}softmax [67,1000] gradient`,
      1e-3,
      1e-6,
    );
    dispose([x, value, grads]);
  }
  wt.dispose();
  const a = randArr(rand, [3, 6, 2], -3, 3);
  await checkGrad(
    "softmax",
    [a],
    ([x]) => softmax(x, 1),
    ([u]) => R.softmax(u, 1, false),
  );
  await checkGrad(
    "logSoftmax",
    [a],
    ([x]) => logSoftmax(x, 1),
    ([u]) => R.softmax(u, 1, true),
  );
});

test("cross-entropy with integer labels: forward, gradient, NaN for a bad label", async () => {
  const z = randArr(rand, [9, 10], -4, 4);
  const labels = [0, 3, 9, 1, 1, 5, 7, 2, 8];
  const lt = fromArray(labels, [9], "i32");
  const per = crossEntropy(toTensor(z), lt, "none");
  assertClose(
    await per.data(),
    R.crossEntropy(z, labels),
    "crossEntropy",
    1e-4,
    1e-5,
  );
  const meanRef = R.sumOf(Array.from(R.crossEntropy(z, labels).data)) / 9;
  assertClose(
    await crossEntropy(toTensor(z), lt).data(),
    [meanRef],
    "crossEntropy mean",
    1e-4,
  );
  await checkGrad(
    "crossEntropy",
    [z],
    ([x]) => crossEntropy(x, lt, "none"),
    ([u]) => R.crossEntropy(u, labels),
  );
  const bad = crossEntropy(
    toTensor(z),
    fromArray([0, 3, 10, 1, 1, 5, 7, -1, 8], [9], "i32"),
    "none",
  );
  const v = await bad.data();
  assert.ok(Number.isNaN(v[2]) && Number.isNaN(v[7]) && Number.isFinite(v[0]));
});

test("shape errors name the op and the shapes", () => {
  const a = toTensor(randArr(rand, [2, 3]));
  const b = toTensor(randArr(rand, [4, 3]));
  assert.throws(
    () => S.concat([a, toTensor(randArr(rand, [2, 4]))], 0),
    /concat: shapes \[2, 3\], \[2, 4\]/,
  );
  assert.throws(() => S.slice(a, [0, 2], [2, 2]), /slice: .* outside \[2, 3\]/);
  assert.throws(
    () => crossEntropy(a, fromArray([0], [1], "i32")),
    /crossEntropy: logits \[2, 3\] and labels \[1\]/,
  );
  assert.throws(() => Red.sum(a, 2), /sum: axis 2 is out of range for rank 2/);
  const t: Tensor[] = [a, b];
  dispose(t);
});
