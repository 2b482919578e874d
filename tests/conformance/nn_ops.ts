// Pooling, normalisation, attention, softmax-KL, entropy, InfoNCE and dropout: forward
// against float64 references, backward by finite differences, on odd shapes.
import { assert } from "./assert.ts";
import { dispose } from "../../lib/autodiff/scope.ts";
import { attention } from "../../lib/ops/attention.ts";
import { fromArray, ones } from "../../lib/ops/creation.ts";
import { dropout } from "../../lib/ops/dropout.ts";
import { softmaxEntropy } from "../../lib/ops/entropy.ts";
import { infoNce } from "../../lib/ops/infonce.ts";
import { groupNorm, groupNormSilu, instanceNorm, layerNorm } from "../../lib/ops/norm.ts";
import { type Activation, instanceNormActPool } from "../../lib/ops/norm_act_pool.ts";
import { avgPool2d, globalAvgPool, maxPool2d, upsampleNearest } from "../../lib/ops/pool.ts";
import { Rng } from "../../lib/ops/random.ts";
import { klToGiven, klToGroupMean } from "../../lib/ops/softmax_kl.ts";
import { assertClose, checkGrad, prng, randArr, toTensor } from "./check.ts";
import * as R from "../ref.ts";
import { test } from "./suite.ts";

const rand = prng(4);

function poolRef(a: R.Arr, k: number, mode: "avg" | "max" | "up"): R.Arr {
  const [n, c, h, w] = a.shape;
  const [oh, ow] = mode === "up" ? [h * k, w * k] : [Math.floor(h / k), Math.floor(w / k)];
  const out = new Float64Array(n * c * oh * ow);
  for (let p = 0; p < n * c; p++) {
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        let v: number;
        if (mode === "up") {
          v = a.data[p * h * w + Math.floor(i / k) * w + Math.floor(j / k)];
        } else {
          const vals: number[] = [];
          for (let u = 0; u < k; u++) {
            for (let s = 0; s < k; s++) {
              vals.push(a.data[p * h * w + (i * k + u) * w + j * k + s]);
            }
          }
          v = mode === "max" ? Math.max(...vals) : R.sumOf(vals) / (k * k);
        }
        out[(p * oh + i) * ow + j] = v;
      }
    }
  }
  return { shape: [n, c, oh, ow], data: out };
}

test("pooling and upsampling: forward and gradients, odd sizes", async () => {
  // widths that are multiples of 8 take the vec4 entries (pool2x2, avg2x2), other multiples
  // of 4 the vec2 ones (pool2x2n, avg2x2n), other even widths pool2x2e, avg2x2e and
  // upsample2x, odd widths upsample2x1 and `main`; odd heights too
  for (const shape of [[2, 3, 7, 5], [1, 1, 28, 28], [3, 2, 4, 6], [2, 3, 5, 16], [1, 2, 4, 8]]) {
    const a = randArr(rand, shape);
    assertClose(
      await avgPool2d(toTensor(a)).data(),
      poolRef(a, 2, "avg"),
      `avg ${shape}`,
    );
    assertClose(
      await maxPool2d(toTensor(a)).data(),
      poolRef(a, 2, "max"),
      `max ${shape}`,
    );
    assertClose(
      await upsampleNearest(toTensor(a)).data(),
      poolRef(a, 2, "up"),
      `up ${shape}`,
    );
    assertClose(
      await globalAvgPool(toTensor(a)).data(),
      R.reduce(a, [2, 3], (v) => R.sumOf(v) / v.length),
      `gap ${shape}`,
    );
  }
  const a = randArr(rand, [2, 2, 5, 4]);
  await checkGrad(
    "avgPool2d",
    [a],
    ([x]) => avgPool2d(x),
    ([u]) => poolRef(u, 2, "avg"),
  );
  await checkGrad(
    "maxPool2d",
    [a],
    ([x]) => maxPool2d(x),
    ([u]) => poolRef(u, 2, "max"),
  );
  await checkGrad(
    "upsampleNearest",
    [a],
    ([x]) => upsampleNearest(x),
    ([u]) => poolRef(u, 2, "up"),
  );
  await checkGrad(
    "upsampleNearest, odd width (upsample2x1)",
    [randArr(rand, [2, 1, 3, 5])],
    ([x]) => upsampleNearest(x),
    ([u]) => poolRef(u, 2, "up"),
  );
  await checkGrad(
    "upsampleNearest k=3",
    [randArr(rand, [1, 2, 3, 4])],
    ([x]) => upsampleNearest(x, 3),
    ([u]) => poolRef(u, 3, "up"),
  );
  const v = randArr(rand, [2, 3, 5, 8]);
  await checkGrad(
    "avgPool2d, vec4 entries",
    [v],
    ([x]) => avgPool2d(x),
    ([u]) => poolRef(u, 2, "avg"),
  );
  await checkGrad(
    "maxPool2d, vec4 forward",
    [v],
    ([x]) => maxPool2d(x),
    ([u]) => poolRef(u, 2, "max"),
  );
  const u4 = randArr(rand, [1, 3, 7, 12]);
  await checkGrad(
    "avgPool2d, rows of whole vec4s (pool2x2n, avg2x2n)",
    [u4],
    ([x]) => avgPool2d(x),
    ([u]) => poolRef(u, 2, "avg"),
  );
  await checkGrad(
    "maxPool2d, rows of whole vec4s (pool2x2n)",
    [u4],
    ([x]) => maxPool2d(x),
    ([u]) => poolRef(u, 2, "max"),
  );
  const u2 = randArr(rand, [1, 2, 5, 6]);
  await checkGrad(
    "avgPool2d, even rows (pool2x2e, avg2x2e)",
    [u2],
    ([x]) => avgPool2d(x),
    ([u]) => poolRef(u, 2, "avg"),
  );
  await checkGrad(
    "maxPool2d, even rows (pool2x2e)",
    [u2],
    ([x]) => maxPool2d(x),
    ([u]) => poolRef(u, 2, "max"),
  );
  await checkGrad(
    "avgPool2d k=3",
    [a],
    ([x]) => avgPool2d(x, 3),
    ([u]) => poolRef(u, 3, "avg"),
  );
});

function normRef(
  a: R.Arr,
  gamma: R.Arr,
  beta: R.Arr,
  kind: "instance" | "group" | "layer",
  groups = 1,
): R.Arr {
  const out = new Float64Array(a.data.length);
  const d = a.shape[a.shape.length - 1];
  const [n, c, h, w] = a.shape;
  const rows = kind === "layer" ? a.data.length / d : kind === "instance" ? n * c : n * groups;
  const m = a.data.length / rows;
  for (let r = 0; r < rows; r++) {
    const row = Array.from(a.data.subarray(r * m, r * m + m));
    const mu = R.sumOf(row) / m;
    const v = R.sumOf(row.map((x) => (x - mu) ** 2)) / m;
    for (let j = 0; j < m; j++) {
      const ch = kind === "layer"
        ? j
        : kind === "instance"
        ? r % c
        : (r % groups) * (c / groups) + Math.floor(j / (h * w));
      out[r * m + j] = (row[j] - mu) / Math.sqrt(v + 1e-5) * gamma.data[ch] +
        beta.data[ch];
    }
  }
  return { shape: [...a.shape], data: out };
}

test("instance, group and layer norm: forward and gradients for x, gamma, beta", async () => {
  const a = randArr(rand, [3, 4, 5, 3], -2, 3);
  const g4 = randArr(rand, [4], 0.5, 1.5);
  const b4 = randArr(rand, [4]);
  assertClose(
    await instanceNorm(toTensor(a), toTensor(g4), toTensor(b4)).data(),
    normRef(a, g4, b4, "instance"),
    "instanceNorm",
    1e-3,
    1e-4,
  );
  assertClose(
    await groupNorm(toTensor(a), 2, toTensor(g4), toTensor(b4)).data(),
    normRef(a, g4, b4, "group", 2),
    "groupNorm",
    1e-3,
    1e-4,
  );
  const t = randArr(rand, [2, 7, 9]);
  const g9 = randArr(rand, [9], 0.5, 1.5);
  const b9 = randArr(rand, [9]);
  assertClose(
    await layerNorm(toTensor(t), toTensor(g9), toTensor(b9)).data(),
    normRef(t, g9, b9, "layer"),
    "layerNorm",
    1e-3,
    1e-4,
  );
  const s = randArr(rand, [2, 4, 3, 3]);
  await checkGrad(
    "instanceNorm",
    [s, g4, b4],
    ([x, g, b]) => instanceNorm(x, g, b),
    ([x, g, b]) => normRef(x, g, b, "instance"),
  );
  await checkGrad(
    "groupNorm",
    [s, g4, b4],
    ([x, g, b]) => groupNorm(x, 2, g, b),
    ([x, g, b]) => normRef(x, g, b, "group", 2),
  );
  const tt = randArr(rand, [3, 9]);
  await checkGrad(
    "layerNorm",
    [tt, g9, b9],
    ([x, g, b]) => layerNorm(x, g, b),
    ([x, g, b]) => normRef(x, g, b, "layer"),
  );
  // planes of 4 x 3 (a multiple of 4 floats): the kernels' vec4 path
  const v = randArr(rand, [3, 4, 4, 3], -2, 3);
  assertClose(
    await instanceNorm(toTensor(v), toTensor(g4), toTensor(b4)).data(),
    normRef(v, g4, b4, "instance"),
    "instanceNorm, vec4 path",
    1e-3,
    1e-4,
  );
  assertClose(
    await groupNorm(toTensor(v), 2, toTensor(g4), toTensor(b4)).data(),
    normRef(v, g4, b4, "group", 2),
    "groupNorm, vec4 path",
    1e-3,
    1e-4,
  );
  const sv = randArr(rand, [2, 4, 2, 6]);
  await checkGrad(
    "instanceNorm, vec4 path",
    [sv, g4, b4],
    ([x, g, b]) => instanceNorm(x, g, b),
    ([x, g, b]) => normRef(x, g, b, "instance"),
  );
  await checkGrad(
    "groupNorm, vec4 path",
    [sv, g4, b4],
    ([x, g, b]) => groupNorm(x, 2, g, b),
    ([x, g, b]) => normRef(x, g, b, "group", 2),
  );
  // one group: rows of 4 x 3 x 3 floats (a multiple of 4; planes of 9 are not), the rows4
  // entries
  await checkGrad(
    "groupNorm, rows of whole vec4s (rows4)",
    [s, g4, b4],
    ([x, g, b]) => groupNorm(x, 1, g, b),
    ([x, g, b]) => normRef(x, g, b, "group", 1),
  );
  assert.throws(
    () => groupNorm(toTensor(a), 3, toTensor(g4), toTensor(b4)),
    /groupNorm: 4 channels of \[3, 4, 5, 3\] cannot be split into 3 groups/,
  );
  // group norm + SiLU in one pass, forward and backward (the norm's output recomputed): the
  // entries main (planes of 15 floats), main4 (planes of 12) and rows4 (one group, rows of 36)
  const siluOf = (r: R.Arr) => R.map(r, (z) => z / (1 + Math.exp(-z)));
  for (const [x, what] of [[a, "scalar path"], [v, "vec4 path"]] as const) {
    assertClose(
      await groupNormSilu(toTensor(x), 2, toTensor(g4), toTensor(b4)).data(),
      siluOf(normRef(x, g4, b4, "group", 2)),
      `groupNormSilu, ${what}`,
      1e-3,
      1e-4,
    );
  }
  for (const [x, groups, what] of [[s, 2, "main"], [sv, 2, "main4"], [s, 1, "rows4"]] as const) {
    await checkGrad(
      `groupNormSilu (${what})`,
      [x, g4, b4],
      ([x, g, b]) => groupNormSilu(x, groups, g, b),
      ([x, g, b]) => siluOf(normRef(x, g, b, "group", groups)),
    );
  }
  assert.throws(
    () => groupNormSilu(toTensor(a), 3, toTensor(g4), toTensor(b4)),
    /groupNormSilu: 4 channels of \[3, 4, 5, 3\] cannot be split into 3 groups/,
  );
});

test("instance norm + activation + 2x2 average pooling in one pass: forward and gradients", async () => {
  const acts: [Activation, (z: number) => number][] = [
    [{ kind: "relu" }, (z) => Math.max(z, 0)],
    [{ kind: "silu" }, (z) => z / (1 + Math.exp(-z))],
    [{ kind: "softplus", beta: 3 }, (z) => Math.log1p(Math.exp(3 * z)) / 3],
  ];
  const ref = (x: R.Arr, g: R.Arr, b: R.Arr, f: (z: number) => number) =>
    poolRef(R.map(normRef(x, g, b, "instance"), f), 2, "avg");
  // [3, 5, 6, 16] and [1, 3, 2, 8] take the one-pass kernels; [2, 3, 5, 8] (odd height) and
  // [2, 3, 4, 12] (width not a multiple of 8) the composed ops
  const g5 = randArr(rand, [5], 0.5, 1.5), b5 = randArr(rand, [5]);
  const g3 = randArr(rand, [3], 0.5, 1.5), b3 = randArr(rand, [3]);
  for (const [a, f] of acts) {
    for (const shape of [[3, 5, 6, 16], [1, 3, 2, 8], [2, 3, 5, 8], [2, 3, 4, 12]]) {
      const [g, b] = shape[1] === 5 ? [g5, b5] : [g3, b3];
      const x = randArr(rand, shape, -2, 3);
      assertClose(
        await instanceNormActPool(toTensor(x), toTensor(g), toTensor(b), a).data(),
        ref(x, g, b, f),
        `instanceNormActPool ${a.kind} ${JSON.stringify(shape)}`,
        1e-3,
        1e-4,
      );
    }
    for (const shape of [[2, 3, 2, 8], [1, 3, 4, 16], [2, 3, 3, 8]]) {
      await checkGrad(
        `instanceNormActPool ${a.kind} ${JSON.stringify(shape)}`,
        [randArr(rand, shape, -2, 3), g3, b3],
        ([x, g, b]) => instanceNormActPool(x, g, b, a),
        ([x, g, b]) => ref(x, g, b, f),
      );
    }
  }
  assert.throws(
    () =>
      instanceNormActPool(
        toTensor(randArr(rand, [1, 4, 2, 8])),
        toTensor(g3),
        toTensor(b3),
        acts[0][0],
      ),
    /instanceNormActPool: gamma \[3\] and beta \[3\] must have 4 elements for input \[1, 4, 2, 8\]/,
  );
});

function attentionRef(q: R.Arr, k: R.Arr, v: R.Arr): R.Arr {
  const [t, d] = q.shape.slice(-2);
  const s = R.matmul(q, k, false, true);
  const p = R.softmax(
    R.map(s, (x) => x / Math.sqrt(d)),
    s.shape.length - 1,
    false,
  );
  const o = R.matmul(p, v, false, false);
  return { shape: [...q.shape.slice(0, -2), t, d], data: o.data };
}

test("fused attention: forward and gradients for q, k, v", async () => {
  for (const shape of [[2, 3, 7, 5], [1, 1, 33, 16], [1, 2, 196, 64]]) {
    const [q, k, v] = [
      randArr(rand, shape),
      randArr(rand, shape),
      randArr(rand, shape),
    ];
    assertClose(
      await attention(toTensor(q), toTensor(k), toTensor(v)).data(),
      attentionRef(q, k, v),
      `attention ${shape}`,
      1e-3,
      1e-5,
    );
  }
  const shape = [2, 1, 5, 3];
  const qkv = [
    randArr(rand, shape),
    randArr(rand, shape),
    randArr(rand, shape),
  ];
  await checkGrad(
    "attention",
    qkv,
    ([q, k, v]) => attention(q, k, v),
    ([q, k, v]) => attentionRef(q, k, v),
  );
});

function klRef(z: R.Arr, tau: number, q: (row: number) => number[]): R.Arr {
  const [n, d] = z.shape;
  const p = R.softmax(R.map(z, (x) => x / tau), 1, false);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const qi = q(i);
    for (let k = 0; k < d; k++) {
      out[i] += p.data[i * d + k] *
        (Math.log(p.data[i * d + k]) - Math.log(qi[k]));
    }
  }
  return { shape: [n], data: out };
}

function groupMeanKlRef(z: R.Arr, gs: number, tau: number): R.Arr {
  const d = z.shape[1];
  const p = R.softmax(R.map(z, (x) => x / tau), 1, false);
  return klRef(z, tau, (i) => {
    const g0 = Math.floor(i / gs) * gs;
    return Array.from({ length: d }, (_, k) => {
      let s = 0;
      for (let r = g0; r < g0 + gs; r++) s += p.data[r * d + k];
      return s / gs;
    });
  });
}

test("softmax-KL to the group mean and to a given Q: forward and gradients", async () => {
  const z = randArr(rand, [12, 7], -2, 2);
  assertClose(
    await klToGroupMean(toTensor(z), 4, 0.5).data(),
    groupMeanKlRef(z, 4, 0.5),
    "kl group",
    1e-3,
    1e-5,
  );
  await checkGrad(
    "klToGroupMean",
    [randArr(rand, [6, 5])],
    ([x]) => klToGroupMean(x, 3, 0.7),
    ([u]) => groupMeanKlRef(u, 3, 0.7),
  );
  const qProb = R.softmax(randArr(rand, [3, 7]), 1, false);
  const idx = [0, 2, 1, 1, 0, 2, 2, 0, 1, 1, 2, 0];
  const logQ = toTensor(R.map(qProb, Math.log));
  const it = fromArray(idx, [12], "i32");
  const ref = (u: R.Arr) =>
    klRef(
      u,
      0.5,
      (i) => Array.from(qProb.data.subarray(idx[i] * 7, idx[i] * 7 + 7)),
    );
  assertClose(
    await klToGiven(toTensor(z), logQ, it, 0.5).data(),
    ref(z),
    "kl given",
    1e-3,
    1e-5,
  );
  await checkGrad(
    "klToGiven",
    [z],
    ([x]) => klToGiven(x, logQ, it, 0.5),
    ([u]) => ref(u),
  );
  assert.throws(
    () => klToGroupMean(toTensor(z), 5, 0.5),
    /12 rows of \[12, 7\] do not split into groups of 5/,
  );
});

test("softmax entropy: forward and gradient", async () => {
  const z = randArr(rand, [9, 10], -3, 3);
  const ref = (u: R.Arr) => {
    const p = R.softmax(u, 1, false);
    return R.reduce(R.map(p, (x) => -x * Math.log(x)), [1], R.sumOf);
  };
  assertClose(
    await softmaxEntropy(toTensor(z)).data(),
    ref(z),
    "entropy",
    1e-4,
    1e-5,
  );
  await checkGrad(
    "softmaxEntropy",
    [randArr(rand, [4, 6], -2, 2)],
    ([x]) => softmaxEntropy(x),
    ([u]) => ref(u),
  );
});

function infoNceRef(q: R.Arr, k: R.Arr, queue: R.Arr, tau: number): R.Arr {
  const [n, d] = q.shape;
  const norm = (a: R.Arr, i: number) => {
    const row = Array.from(a.data.subarray(i * d, i * d + d));
    const l = Math.max(Math.sqrt(R.sumOf(row.map((x) => x * x))), 1e-12);
    return row.map((x) => x / l);
  };
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const qn = norm(q, i);
    const kn = norm(k, i);
    const logits = [R.sumOf(qn.map((x, c) => x * kn[c])) / tau];
    for (let j = 0; j < queue.shape[0]; j++) {
      logits.push(R.sumOf(qn.map((x, c) => x * queue.data[j * d + c])) / tau);
    }
    out[i] = R.lse(logits) - logits[0];
  }
  return { shape: [n], data: out };
}

test("InfoNCE: forward and gradients for q and k", async () => {
  const queueRaw = randArr(rand, [50, 8]);
  // the queue holds normalised keys
  for (let j = 0; j < 50; j++) {
    const row = queueRaw.data.subarray(j * 8, j * 8 + 8);
    const l = Math.sqrt(row.reduce((s, x) => s + x * x, 0));
    for (let c = 0; c < 8; c++) row[c] = Math.fround(row[c] / l);
  }
  const q = randArr(rand, [6, 8]);
  const k = randArr(rand, [6, 8]);
  const queue = toTensor(queueRaw);
  assertClose(
    await infoNce(toTensor(q), toTensor(k), queue, 0.2).data(),
    infoNceRef(q, k, queueRaw, 0.2),
    "infoNce",
    1e-4,
    1e-5,
  );
  await checkGrad(
    "infoNce",
    [q, k],
    ([a, b]) => infoNce(a, b, queue, 0.2),
    ([a, b]) => infoNceRef(a, b, queueRaw, 0.2),
  );
});

test("dropout: seeded mask, scaling, gradient uses the same mask", async () => {
  const x = ones([4001]);
  const y = await dropout(x, 0.25, new Rng(3)).data();
  const y2 = await dropout(x, 0.25, new Rng(3)).data();
  assert.deepEqual(y, y2);
  const kept = y.filter((v) => v !== 0);
  assert.ok(kept.every((v) => Math.abs(v - 1 / 0.75) < 1e-6));
  assert.ok(
    Math.abs(kept.length / 4001 - 0.75) < 0.03,
    `kept fraction ${kept.length / 4001}`,
  );
  const a = randArr(rand, [37]);
  const mask = Array.from(await dropout(ones([37]), 0.5, new Rng(8)).data());
  await checkGrad(
    "dropout",
    [a],
    ([t]) => dropout(t, 0.5, new Rng(8)),
    ([u]) => ({
      shape: u.shape,
      data: u.data.map((v, i) => v * mask[i]),
    }),
  );
  dispose(x);
});
