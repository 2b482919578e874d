// Unary, binary (broadcasting) and where: forward against float64, backward by finite differences.
import { valueAndGrad } from "../../lib/autodiff/grad.ts";
import { dispose, tidy } from "../../lib/autodiff/scope.ts";
import { sum } from "../../lib/ops/reduce.ts";
import * as B from "../../lib/ops/binary.ts";
import * as U from "../../lib/ops/unary.ts";
import type { Tensor } from "../../lib/tensor.ts";
import { assertClose, checkGrad, prng, randArr, toTensor } from "./check.ts";
import * as R from "../ref.ts";
import { test } from "./suite.ts";

const rand = prng(1);
const SHAPES = [[1], [7], [3, 5], [2, 3, 13], [4, 1, 33]];

// kinks of abs/relu (0) and clamp (-0.5, 0.7) break finite differences
const nearKink = (v: number) => [0, -0.5, 0.7].some((k) => Math.abs(v - k) < 0.05);
const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
const UNARY: [
  string,
  (x: Tensor) => Tensor,
  (v: number) => number,
  [number, number],
][] = [
  ["neg", U.neg, (v) => -v, [-2, 2]],
  ["exp", U.exp, Math.exp, [-3, 3]],
  ["log", U.log, Math.log, [0.1, 4]],
  ["sqrt", U.sqrt, Math.sqrt, [0.1, 4]],
  ["abs", U.abs, Math.abs, [-2, 2]],
  ["relu", U.relu, (v) => Math.max(v, 0), [-2, 2]],
  ["sigmoid", U.sigmoid, sigmoid, [-8, 8]],
  ["tanh", U.tanh, Math.tanh, [-4, 4]],
  ["silu", U.silu, (v) => v * sigmoid(v), [-4, 4]],
  [
    "softplus(beta=3)",
    (x) => U.softplus(x, 3),
    (v) => Math.log1p(Math.exp(3 * v)) / 3,
    [-3, 3],
  ],
  ["softplus(beta=1)", (x) => U.softplus(x), (v) => Math.log1p(Math.exp(v)), [
    -30,
    30,
  ]],
  ["square", U.square, (v) => v * v, [-2, 2]],
  ["affine", (x) => U.affine(x, -1.5, 0.25), (v) => -1.5 * v + 0.25, [-2, 2]],
  [
    "clamp",
    (x) => U.clamp(x, -0.5, 0.7),
    (v) => Math.min(Math.max(v, -0.5), 0.7),
    [-2, 2],
  ],
  ["pow 3", (x) => U.powScalar(x, 3), (v) => v ** 3, [-2, 2]],
  ["pow 0.5", (x) => U.powScalar(x, 0.5), Math.sqrt, [0.2, 3]],
];

for (const [name, op, ref, [lo, hi]] of UNARY) {
  test(`unary ${name}: forward and finite-difference gradient`, async () => {
    for (const shape of SHAPES) {
      const a = randArr(rand, shape, lo, hi);
      // keep away from kinks (abs, relu at 0) for the finite differences
      a.data = a.data.map((v) => (nearKink(v) ? v + 0.1 : v));
      const x = toTensor(a);
      const y = op(x);
      assertClose(
        await y.data(),
        R.map(a, ref),
        `${name} ${shape}`,
        1e-4,
        1e-6,
      );
      dispose([x, y]);
    }
    const small = randArr(rand, [3, 5], lo, hi);
    small.data = small.data.map((v) => (nearKink(v) ? v + 0.1 : v));
    await checkGrad(name, [small], ([x]) => op(x), ([a]) => R.map(a, ref));
  });
}

const BINARY: [
  string,
  (a: Tensor, b: Tensor) => Tensor,
  (u: number, v: number) => number,
][] = [
  ["add", B.add, (u, v) => u + v],
  ["sub", B.sub, (u, v) => u - v],
  ["mul", B.mul, (u, v) => u * v],
  ["div", B.div, (u, v) => u / v],
  ["pow", B.pow, (u, v) => u ** v],
  ["maximum", B.maximum, Math.max],
  ["minimum", B.minimum, Math.min],
];
const PAIRS: [number[], number[]][] = [
  [[5], [5]],
  [[3, 5], [5]],
  [[3, 1], [1, 7]],
  [[2, 3, 9], [3, 1]],
  [[4, 1, 6], [1, 5, 1]],
  [[], [3, 2]],
];

for (const [name, op, ref] of BINARY) {
  test(`binary ${name}: broadcasting forward and finite-difference gradient`, async () => {
    for (const [sa, sb] of PAIRS) {
      // positive bases for pow; b away from 0 for div
      const a = randArr(rand, sa, name === "pow" ? 0.5 : -2, 2);
      const b = randArr(rand, sb, name === "pow" ? -2 : 0.5, 2);
      const ta = toTensor(a);
      const tb = toTensor(b);
      const y = op(ta, tb);
      assertClose(
        await y.data(),
        R.zip([a, b], ref),
        `${name} [${sa}] [${sb}]`,
        1e-4,
        1e-6,
      );
      dispose([ta, tb, y]);
    }
    const a = randArr(rand, [3, 4], name === "pow" ? 0.5 : -2, 2);
    const b = randArr(rand, [4], name === "pow" ? -2 : 0.5, 2);
    await checkGrad(
      name,
      [a, b],
      ([x, y]) => op(x, y),
      ([u, v]) => R.zip([u, v], ref),
    );
  });
}

test("comparisons give 1.0 or 0.0 with broadcasting", async () => {
  const a = R.arr([2, 3], [1, 2, 3, 4, 5, 6]);
  const b = R.arr([3], [2, 2, 7]);
  const cases: [
    (x: Tensor, y: Tensor) => Tensor,
    (u: number, v: number) => boolean,
  ][] = [
    [B.less, (u, v) => u < v],
    [B.lessEqual, (u, v) => u <= v],
    [B.greater, (u, v) => u > v],
    [B.greaterEqual, (u, v) => u >= v],
    [B.equal, (u, v) => u === v],
    [B.notEqual, (u, v) => u !== v],
  ];
  for (const [op, ref] of cases) {
    const [ta, tb] = [toTensor(a), toTensor(b)];
    const y = op(ta, tb);
    assertClose(
      await y.data(),
      R.zip([a, b], (u, v) => (ref(u, v) ? 1 : 0)),
      op.name,
    );
    dispose([ta, tb, y]);
  }
});

test("scalar operands on either side", async () => {
  const a = randArr(rand, [2, 5]);
  const x = toTensor(a);
  const outs = [
    B.add(x, 2),
    B.sub(1, x),
    B.mul(3, x),
    B.div(x, 4),
    B.div(2, B.add(x, 3)),
    B.pow(x, 2),
  ];
  const refs = [
    (v: number) => v + 2,
    (v: number) => 1 - v,
    (v: number) => 3 * v,
    (v: number) => v / 4,
    (
      v: number,
    ) => 2 / (v + 3),
    (v: number) => v * v,
  ];
  for (let i = 0; i < outs.length; i++) {
    assertClose(await outs[i].data(), R.map(a, refs[i]), `scalar case ${i}`);
  }
  dispose([x, outs]);
});

test("where: broadcasting forward and gradients to both branches", async () => {
  const c = R.arr([3, 1], [1, 0, 1]);
  const a = randArr(rand, [3, 4]);
  const b = randArr(rand, [4]);
  const [tc, ta, tb] = [toTensor(c), toTensor(a), toTensor(b)];
  const y = B.where(tc, ta, tb);
  assertClose(
    await y.data(),
    R.zip([c, a, b], (u, v, w) => (u !== 0 ? v : w)),
    "where",
  );
  dispose([tc, ta, tb, y]);
  await checkGrad(
    "where",
    [c, a, b],
    ([x, u, v]) => B.where(x, u, v),
    ([x, u, v]) => R.zip([x, u, v], (p, q, r) => (p !== 0 ? q : r)),
    { diff: [1, 2] },
  );
});

// 66,563 elements (257 x 259): over TEXTURE_MIN_ELEMENTS, so the kernels' `tex` entries run.
// Gradients against float64 central differences of the reference, element by element.
const LARGE = [257, 259];
const slope = (f: (v: number) => number, v: number) => (f(v + 1e-6) - f(v - 1e-6)) / 2e-6;

test("unary ops on 66,563 elements (texture inputs): forward and gradients", async () => {
  for (const [name, op, ref, [lo, hi]] of UNARY) {
    const a = randArr(rand, LARGE, lo, hi);
    a.data = a.data.map((v) => (nearKink(v) ? v + 0.1 : v));
    const w = randArr(rand, LARGE);
    const wt = toTensor(w);
    const x = toTensor(a);
    const { value, grads } = valueAndGrad((t: Tensor) => tidy(() => sum(B.mul(op(t), wt))))(x);
    const y = op(x);
    assertClose(await y.data(), R.map(a, ref), `${name} large: forward`, 1e-4, 1e-6);
    const expected = a.data.map((v, i) => slope(ref, v) * w.data[i]);
    assertClose(
      await grads.data(),
      { shape: LARGE, data: expected },
      `${name} large: grad`,
      1e-4,
      1e-5,
    );
    dispose([x, wt, value, grads, y]);
  }
});

test("binary ops on 66,563 elements (texture inputs): forward and gradients", async () => {
  for (const [name, op, ref] of BINARY) {
    const a = randArr(rand, LARGE, name === "pow" ? 0.5 : -2, 2);
    const b = randArr(rand, LARGE, name === "pow" ? -2 : 0.5, 2);
    // maximum / minimum: no ties near the kink
    b.data = b.data.map((v, i) => (Math.abs(v - a.data[i]) < 0.01 ? v + 0.05 : v));
    const w = randArr(rand, LARGE);
    const wt = toTensor(w);
    const inputs = [toTensor(a), toTensor(b)];
    const { value, grads } = valueAndGrad((p: Tensor[]) =>
      tidy(() => sum(B.mul(op(p[0], p[1]), wt)))
    )(
      inputs,
    );
    const y = op(inputs[0], inputs[1]);
    assertClose(await y.data(), R.zip([a, b], ref), `${name} large: forward`, 1e-4, 1e-6);
    const da = a.data.map((u, i) => slope((t) => ref(t, b.data[i]), u) * w.data[i]);
    const db = b.data.map((v, i) => slope((t) => ref(a.data[i], t), v) * w.data[i]);
    assertClose(
      await grads[0].data(),
      { shape: LARGE, data: da },
      `${name} large: d a`,
      1e-4,
      1e-5,
    );
    assertClose(
      await grads[1].data(),
      { shape: LARGE, data: db },
      `${name} large: d b`,
      1e-4,
      1e-5,
    );
    dispose([inputs, wt, value, grads, y]);
  }
});

// Large broadcasts that take the `bcast` entry (one operand full, read through a texture; the
// merged last dim a multiple of 4), both ways round, and one that falls back to `main`.
const LARGE_PAIRS: [number[], number[]][] = [
  [[16, 32, 12, 12], [16, 32, 1, 1]], // S one value per 144-long row
  [[1, 32, 1, 1], [8, 32, 16, 20]], // full operand on the right, per-channel S
  [[300, 256], [256]], // S contiguous along the last dim
  [[256], [3, 100, 256]],
  [[20, 3, 1111], [20, 1, 1111]], // last dim 1111: `main`, with merged dims
];

test("binary broadcasting on 66,000+ elements (bcast entry): forward and gradients", async () => {
  for (const [sa, sb] of LARGE_PAIRS) {
    const shape = R.broadcastShape(sa, sb);
    const n = shape.reduce((x, y) => x * y, 1);
    const flatIndex = (own: number[], o: number) => {
      // index into an operand of shape `own` of output element o (NumPy broadcasting)
      const st = R.strides(own);
      let rem = o, idx = 0;
      for (let d = shape.length - 1; d >= 0; d--) {
        const c = rem % shape[d];
        rem = Math.floor(rem / shape[d]);
        const k = d - (shape.length - own.length);
        if (k >= 0 && own[k] !== 1) idx += c * st[k];
      }
      return idx;
    };
    for (const [name, op, ref] of BINARY.filter(([m]) => m !== "pow")) {
      const a = randArr(rand, sa, -2, 2);
      const b = randArr(rand, sb, 0.5, 2);
      const w = randArr(rand, shape);
      const [ta, tb, wt] = [toTensor(a), toTensor(b), toTensor(w)];
      const y = op(ta, tb);
      const tag = `${name} [${sa}] [${sb}]`;
      assertClose(await y.data(), R.zip([a, b], ref), `${tag}: forward`, 1e-4, 1e-6);
      if (name === "mul" || name === "div" || name === "sub") {
        const { value, grads } = valueAndGrad((p: Tensor[]) =>
          tidy(() => sum(B.mul(op(p[0], p[1]), wt)))
        )([ta, tb]);
        const da = new Float64Array(a.data.length), db = new Float64Array(b.data.length);
        for (let o = 0; o < n; o++) {
          const [i, j] = [flatIndex(sa, o), flatIndex(sb, o)];
          const [u, v] = [a.data[i], b.data[j]];
          da[i] += slope((t) => ref(t, v), u) * w.data[o];
          db[j] += slope((t) => ref(u, t), v) * w.data[o];
        }
        assertClose(await grads[0].data(), { shape: sa, data: da }, `${tag}: d a`, 1e-3, 1e-4);
        assertClose(await grads[1].data(), { shape: sb, data: db }, `${tag}: d b`, 1e-3, 1e-4);
        dispose([value, grads]);
      }
      dispose([ta, tb, wt, y]);
    }
  }
});
