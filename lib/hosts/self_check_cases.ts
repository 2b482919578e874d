/**
 * The self-check's known-answer cases (lib/hosts/self_check.ts runs them): one per kernel
 * family, each recording GPU work and returning its outputs beside float64 references.
 *
 * @example
 * for (const c of SELF_CHECK_CASES) console.log(c.name);
 * @module
 */
import { valueAndGrad } from "../autodiff/grad.ts";
import { HostRng } from "../ops/host_rng.ts";
import { affineResample, flipMatrix, packAffines } from "../ops/resample.ts";
import { attention } from "../ops/attention.ts";
import { add, mul } from "../ops/binary.ts";
import { conv2d, type Conv2dOptions } from "../ops/conv.ts";
import { fromArray } from "../ops/creation.ts";
import { crossEntropy } from "../ops/loss.ts";
import { matmul } from "../ops/matmul.ts";
import { groupNorm } from "../ops/norm.ts";
import { avgPool2d, maxPool2d, upsampleNearest } from "../ops/pool.ts";
import { Rng } from "../ops/random.ts";
import { max, sum } from "../ops/reduce.ts";
import { gather } from "../ops/shape.ts";
import { softmax } from "../ops/softmax.ts";
import { exp, silu } from "../ops/unary.ts";
import { Adam } from "../optim/adam.ts";
import type { Tensor } from "../tensor.ts";
import { refConv, refMatmul, refSoftmax, sigmoid, values } from "./self_check_refs.ts";

/** One output of a case: what the GPU computed and what it should be. */
export interface Check {
  what: string;
  got: Tensor;
  want: ArrayLike<number>;
}

/** A known-answer case: records GPU work and returns the outputs to compare. */
export interface SelfCheckCase {
  name: string;
  run: () => Check[];
}

const t = (data: Float32Array, shape: number[]) => fromArray(data, shape, "f32");

// ------------------------------------------------------------------------------- cases

function elementwiseCase(name: string, rows: number, cols: number): SelfCheckCase {
  return {
    name,
    run: () => {
      const a = values(rows * cols, 1), b = values(rows * cols, 2), c = values(cols, 3);
      const [ta, tb, tc] = [t(a, [rows, cols]), t(b, [rows, cols]), t(c, [cols])];
      const f = (p: Tensor[]) => sum(mul(add(mul(silu(p[0]), p[1]), exp(p[2])), p[1]));
      const { grads } = valueAndGrad(f)([ta, tb, tc]);
      // y = (silu(a) b + exp(c)) b
      const want = new Float64Array(a.length), da = new Float64Array(a.length);
      for (let i = 0; i < a.length; i++) {
        const s = sigmoid(a[i]), e = Math.exp(c[i % cols]);
        want[i] = (a[i] * s * b[i] + e) * b[i];
        da[i] = s * (1 + a[i] * (1 - s)) * b[i] * b[i];
      }
      const y = mul(add(mul(silu(ta), tb), exp(tc)), tb);
      return [{ what: "forward", got: y, want }, { what: "d/da", got: grads[0], want: da }];
    },
  };
}

function matmulCase(name: string, batch: number, m: number, k: number, n: number): SelfCheckCase {
  return {
    name,
    run: () => {
      const a = values(batch * m * k, 4), b = values(batch * k * n, 5);
      const shape = (r: number, c: number) => (batch > 1 ? [batch, r, c] : [r, c]);
      const y = matmul(t(a, shape(m, k)), t(b, shape(k, n)));
      return [{ what: "forward", got: y, want: refMatmul(a, b, batch, m, k, n) }];
    },
  };
}

function convCase(
  name: string,
  xs: number[],
  ws: number[],
  options: Conv2dOptions,
): SelfCheckCase {
  return {
    name,
    run: () => {
      const pad = (ws[2] - 1) / 2;
      const x = values(xs.reduce((p, v) => p * v), 6), w = values(ws.reduce((p, v) => p * v), 7);
      const ys = [xs[0], ws[0], xs[2], xs[3]];
      const r = values(ys.reduce((p, v) => p * v), 8);
      const tr = t(r, ys);
      const f = (p: Tensor[]) => sum(mul(conv2d(p[0], p[1], undefined, options), tr));
      const { grads } = valueAndGrad(f)([t(x, xs), t(w, ws)]);
      const [want, dx, dw] = refConv(x, w, r, xs, ws, pad);
      const y = conv2d(t(x, xs), t(w, ws), undefined, options);
      return [
        { what: "forward", got: y, want },
        { what: "input gradient", got: grads[0], want: dx },
        { what: "weight gradient", got: grads[1], want: dw },
      ];
    },
  };
}

/** Group norm with affine parameters, forward and input gradient of sum(y * r). */
function normCase(name: string, [n, c, h, w]: number[], groups: number): SelfCheckCase {
  return {
    name,
    run: () => {
      const x = values(n * c * h * w, 9, -2, 3), r = values(n * c * h * w, 10);
      const gamma = values(c, 11, 0.5, 1.5), beta = values(c, 12);
      const shape = [n, c, h, w];
      const [tg, tb, tr] = [t(gamma, [c]), t(beta, [c]), t(r, shape)];
      const f = (p: Tensor[]) => sum(mul(groupNorm(p[0], groups, tg, tb), tr));
      const { grads } = valueAndGrad(f)([t(x, shape)]);
      const y = groupNorm(t(x, shape), groups, tg, tb);
      const want = new Float64Array(x.length), dx = new Float64Array(x.length);
      const cpg = c / groups, m = cpg * h * w;
      for (let b = 0; b < n; b++) {
        for (let g = 0; g < groups; g++) {
          const base = (b * c + g * cpg) * h * w;
          let mu = 0, v = 0;
          for (let i = 0; i < m; i++) mu += x[base + i];
          mu /= m;
          for (let i = 0; i < m; i++) v += (x[base + i] - mu) ** 2;
          const inv = 1 / Math.sqrt(v / m + 1e-5);
          let sg = 0, sgx = 0;
          for (let i = 0; i < m; i++) {
            const ch = g * cpg + Math.floor(i / (h * w));
            const xh = (x[base + i] - mu) * inv;
            want[base + i] = xh * gamma[ch] + beta[ch];
            sg += r[base + i] * gamma[ch];
            sgx += r[base + i] * gamma[ch] * xh;
          }
          for (let i = 0; i < m; i++) {
            const ch = g * cpg + Math.floor(i / (h * w));
            const xh = (x[base + i] - mu) * inv;
            dx[base + i] = inv * (r[base + i] * gamma[ch] - sg / m - xh * sgx / m);
          }
        }
      }
      return [{ what: "forward", got: y, want }, {
        what: "input gradient",
        got: grads[0],
        want: dx,
      }];
    },
  };
}

/** Softmax and its gradient (rows of `len`), and cross-entropy with its gradient. */
function softmaxCase(name: string, rows: number, len: number): SelfCheckCase {
  return {
    name,
    run: () => {
      const z = values(rows * len, 13, -3, 3), r = values(rows * len, 14);
      const labels = Int32Array.from({ length: rows }, (_, i) => (i * 7) % len);
      const tr = t(r, [rows, len]);
      const tl = fromArray(labels, [rows], "i32");
      const f = (p: Tensor[]) => add(sum(mul(softmax(p[0]), tr)), crossEntropy(p[0], tl, "mean"));
      const { value, grads } = valueAndGrad(f)([t(z, [rows, len])]);
      const y = refSoftmax(z, len);
      let loss = 0;
      const dz = new Float64Array(z.length);
      for (let row = 0; row < rows; row++) {
        let yr = 0;
        for (let i = 0; i < len; i++) yr += y[row * len + i] * r[row * len + i];
        for (let i = 0; i < len; i++) {
          const k = row * len + i;
          loss += y[k] * r[k];
          dz[k] = y[k] * (r[k] - yr) + (y[k] - (i === labels[row] ? 1 : 0)) / rows;
        }
        loss -= Math.log(y[row * len + labels[row]]) / rows;
      }
      return [
        { what: "softmax", got: softmax(t(z, [rows, len])), want: y },
        { what: "loss", got: value, want: [loss] },
        { what: "gradient", got: grads[0], want: dz },
      ];
    },
  };
}

function reduceCase(name: string, rows: number, cols: number): SelfCheckCase {
  return {
    name,
    run: () => {
      const x = values(rows * cols, 15);
      const s = new Float64Array(rows), m = new Float64Array(rows).fill(-Infinity);
      const colSums = new Float64Array(cols);
      for (let i = 0; i < x.length; i++) {
        const row = Math.floor(i / cols);
        s[row] += x[i];
        m[row] = Math.max(m[row], x[i]);
        colSums[i % cols] += x[i];
      }
      const tx = t(x, [rows, cols]);
      return [
        { what: "row sums", got: sum(tx, 1), want: s },
        { what: "row maxima", got: max(tx, 1), want: m },
        { what: "column sums", got: sum(tx, 0), want: colSums },
      ];
    },
  };
}

const POOL_CASE: SelfCheckCase = {
  name: "pooling and upsampling",
  run: () => {
    const [n, c, h, w] = [2, 3, 6, 10];
    const x = values(n * c * h * w, 16);
    const avg = new Float64Array(n * c * (h / 2) * (w / 2));
    const mx = new Float64Array(avg.length).fill(-Infinity);
    const up = new Float64Array(x.length * 4);
    for (let p = 0; p < n * c; p++) {
      for (let i = 0; i < h; i++) {
        for (let j = 0; j < w; j++) {
          const v = x[(p * h + i) * w + j];
          const o = (p * (h / 2) + (i >> 1)) * (w / 2) + (j >> 1);
          avg[o] += v / 4;
          mx[o] = Math.max(mx[o], v);
          for (const [a, b] of [[0, 0], [0, 1], [1, 0], [1, 1]]) {
            up[(p * 2 * h + 2 * i + a) * 2 * w + 2 * j + b] = v;
          }
        }
      }
    }
    const tx = t(x, [n, c, h, w]);
    return [
      { what: "average pooling", got: avgPool2d(tx), want: avg },
      { what: "max pooling", got: maxPool2d(tx), want: mx },
      { what: "nearest upsampling", got: upsampleNearest(tx), want: up },
    ];
  },
};

const ATTENTION_CASE: SelfCheckCase = {
  name: "attention",
  run: () => {
    const [b, tt, d] = [2, 9, 8];
    const q = values(b * tt * d, 17), k = values(b * tt * d, 18), v = values(b * tt * d, 19);
    const want = new Float64Array(b * tt * d);
    const scale = 1 / Math.sqrt(d);
    for (let p = 0; p < b; p++) {
      const s = new Float64Array(tt * tt);
      for (let i = 0; i < tt; i++) {
        for (let j = 0; j < tt; j++) {
          let acc = 0;
          for (let e = 0; e < d; e++) acc += q[(p * tt + i) * d + e] * k[(p * tt + j) * d + e];
          s[i * tt + j] = acc * scale;
        }
      }
      const a = refSoftmax(s, tt);
      for (let i = 0; i < tt; i++) {
        for (let e = 0; e < d; e++) {
          let acc = 0;
          for (let j = 0; j < tt; j++) acc += a[i * tt + j] * v[(p * tt + j) * d + e];
          want[(p * tt + i) * d + e] = acc;
        }
      }
    }
    const shape = [b, tt, d];
    return [{
      what: "forward",
      got: attention(t(q, shape), t(k, shape), t(v, shape)),
      want,
    }];
  },
};

const RNG_CASE: SelfCheckCase = {
  name: "random numbers (Philox) and gather",
  run: () => {
    const seed = 12345;
    const host = new HostRng(seed).uniform(1000);
    const u = new Rng(seed).uniform([1000]);
    const idx = Int32Array.from({ length: 50 }, (_, i) => (i * 37) % 1000);
    const picked = gather(u, fromArray(idx, [50], "i32"));
    return [
      { what: "uniforms", got: u, want: host },
      { what: "gather", got: picked, want: Array.from(idx, (i) => host[i]) },
    ];
  },
};

const ADAM_CASE: SelfCheckCase = {
  name: "Adam step",
  run: () => {
    const w = values(37, 20), gr = values(37, 21);
    const tw = t(w, [37]);
    const opt = new Adam([tw], { lr: 0.01 });
    opt.step([tw], [t(gr, [37])]);
    opt.dispose();
    // first step: m = 0.1 g, v = 0.001 g^2, bias-corrected m^ = g, v^ = g^2
    const want = Array.from(w, (v, i) => v - 0.01 * gr[i] / (Math.abs(gr[i]) + 1e-8));
    return [{ what: "updated weights", got: tw, want }];
  },
};

const RESAMPLE_CASE: SelfCheckCase = {
  name: "augmentation (affine resampling)",
  run: () => {
    const [n, c, h, w] = [2, 1, 5, 7];
    const x = values(n * c * h * w, 22);
    const want = new Float64Array(x.length);
    for (let p = 0; p < n * c; p++) {
      for (let i = 0; i < h; i++) {
        for (let j = 0; j < w; j++) want[(p * h + i) * w + j] = x[(p * h + i) * w + w - 1 - j];
      }
    }
    const flip = packAffines([flipMatrix(w), flipMatrix(w)]);
    return [{ what: "horizontal flip", got: affineResample(t(x, [n, c, h, w]), flip), want }];
  },
};

/** Every case, in the order they run. */
export const SELF_CHECK_CASES: readonly SelfCheckCase[] = [
  elementwiseCase("elementwise, storage path", 3, 37),
  elementwiseCase("elementwise, texture path (66,000 elements)", 2, 33000),
  matmulCase("matmul, small kernel", 1, 5, 7, 3),
  matmulCase("matmul, texture kernel", 1, 45, 29, 37),
  matmulCase("matmul, texture kernel, batch of 6", 6, 33, 9, 17),
  convCase("conv2d direct, narrow weight gradient", [2, 3, 9, 9], [5, 3, 3, 3], { padding: 1 }),
  convCase("conv2d direct, wide weight gradient", [2, 12, 6, 6], [9, 12, 3, 3], { padding: 1 }),
  convCase("conv2d Winograd", [1, 8, 8, 8], [8, 8, 3, 3], { padding: 1, algorithm: "winograd" }),
  normCase("group norm, storage path", [2, 6, 5, 5], 3),
  normCase("group norm, texture path", [2, 8, 4, 4], 4),
  softmaxCase("softmax and cross-entropy, rows of 10", 33, 10),
  softmaxCase("softmax, texture path (rows of 16,384)", 5, 16384),
  reduceCase("reductions", 3, 70001),
  POOL_CASE,
  ATTENTION_CASE,
  RNG_CASE,
  ADAM_CASE,
  RESAMPLE_CASE,
];
