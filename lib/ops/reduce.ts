/**
 * Reductions over any set of axes (kernels/reduce.wgsl): sum, mean, max, min,
 * logsumexp, argmax, argmin, and their gradients. Adjacent reduced axes are merged;
 * each remaining group is one pass over an [outer, r, inner] view. Every output is
 * accumulated by one invocation in a fixed order: results are deterministic.
 *
 * @example
 * const s = sum(x);                 // all axes -> shape []
 * const m = mean(x, [0, 2], true);  // keepDims
 * const i = argmax(logits, -1);     // i32
 */
import { record } from "../autodiff/tape.ts";
import { dispatchKernel, KERNELS } from "../gpu/kernel_dispatch.ts";
import { shapeText, Tensor } from "../tensor.ts";
import { div, equal, mul, sub } from "./binary.ts";
import { broadcastTo, reshape } from "./shape.ts";
import { exp } from "./unary.ts";
import {
  arrayView,
  grid,
  MAX_LOOP,
  normAxis,
  releaseTextures,
  sameShape,
  textureOf,
} from "./util.ts";

const CODE = { sum: 0, max: 1, min: 2, argmax: 3, argmin: 4, logsumexp: 5 } as const;
/** Chunk length of the first pass of a reduction over more than MAX_LOOP elements. */
const REDUCE_CHUNK = 4096;
type ReduceOp = keyof typeof CODE;

/** Sorted, distinct, non-negative axes; all axes when `axes` is undefined. */
function normAxes(
  op: string,
  axes: number | readonly number[] | undefined,
  rank: number,
): number[] {
  if (axes === undefined) return Array.from({ length: rank }, (_, k) => k);
  const list = typeof axes === "number" ? [axes] : axes;
  return [...new Set(list.map((a) => normAxis(op, a, rank)))].sort((a, b) => a - b);
}

/** Shape with reduced axes set to 1. */
function keptShape(shape: readonly number[], axes: number[]): number[] {
  return shape.map((d, k) => (axes.includes(k) ? 1 : d));
}

/** Runs the passes without recording; returns the reduced tensor with keepDims shape. */
function reduceRaw(x: Tensor, axes: number[], op: ReduceOp, mean = false): Tensor {
  if (x.dtype !== "f32") throw new TypeError(`${op}: expected an f32 tensor, got ${x.dtype}`);
  for (const a of axes) {
    if (x.shape[a] === 0) {
      throw new Error(`${op}: cannot reduce the empty axis ${a} of ${shapeText(x.shape)}`);
    }
  }
  // groups of adjacent dims with the same reduced-ness
  const groups: { size: number; reduced: boolean }[] = [];
  x.shape.forEach((d, k) => {
    const reduced = axes.includes(k);
    const last = groups.at(-1);
    if (last && last.reduced === reduced) last.size *= d;
    else groups.push({ size: d, reduced });
  });
  let cur = x;
  for (let gi = groups.length - 1; gi >= 0; gi--) {
    if (!groups[gi].reduced) continue;
    const outer = groups.slice(0, gi).reduce((a, g) => a * g.size, 1);
    const r = groups[gi].size;
    const inner = groups.slice(gi + 1).reduce((a, g) => a * g.size, 1);
    if (op.startsWith("arg") && r > MAX_LOOP) {
      throw new Error(
        `${op}: axis of ${r} elements in ${shapeText(x.shape)} is over the limit of ${MAX_LOOP}`,
      );
    }
    // a long axis is reduced in chunks first (see kernels/reduce.wgsl)
    const chunk = r > MAX_LOOP ? REDUCE_CHUNK : r;
    const chunks = Math.ceil(r / chunk);
    const scale = mean ? 1 / r : 1;
    const partial = reducePass(cur, outer, r, inner, chunk, op, chunks > 1 ? 1 : scale);
    if (cur !== x) cur.dispose();
    cur = partial;
    if (chunks > 1) {
      // sum, max, min and logsumexp of the chunk results give those of the whole axis
      cur = reducePass(partial, outer, chunks, inner, chunks, op, scale);
      partial.dispose();
    }
    groups.splice(gi, 1);
  }
  const shape = keptShape(x.shape, axes);
  if (cur === x) return reshape(x, shape);
  const result = reshape(cur, shape);
  cur.dispose();
  return result;
}

function finish(y: Tensor, x: Tensor, axes: number[], keepDims: boolean): Tensor {
  if (keepDims) return y;
  const out = reshape(y, x.shape.filter((_, k) => !axes.includes(k)));
  y.dispose();
  return out;
}

/** One dispatch of kernels/reduce.wgsl: [outer, r, inner] -> [outer, ceil(r / chunk), inner]. */
function reducePass(
  x: Tensor,
  outer: number,
  r: number,
  inner: number,
  chunk: number,
  op: ReduceOp,
  scale: number,
): Tensor {
  const chunks = Math.ceil(r / chunk);
  const out = new Tensor([outer * chunks * inner], op.startsWith("arg") ? "i32" : "f32");
  // sums of long-enough contiguous rows of whole vec4s: read through a texture
  const xt = op === "sum" && inner === 1 && chunks === 1 && r % 4 === 0 ? textureOf(x) : null;
  dispatchKernel(KERNELS.reduce[xt ? "rows4" : "main"], {
    constants: { OP: CODE[op] },
    buffers: [xt ? arrayView(xt) : x.buffer, out.buffer],
    params: { outer, r, inner, scale, chunk },
    workgroups: grid(xt ? outer : outer * chunks * inner),
  });
  releaseTextures(xt);
  return out;
}

function reduceOp(
  op: "sum" | "mean" | "max" | "min" | "logsumexp",
  x: Tensor,
  axesArg: number | readonly number[] | undefined,
  keepDims: boolean,
): Tensor {
  const axes = normAxes(op, axesArg, x.rank);
  const kept = keptShape(x.shape, axes);
  const yk = reduceRaw(x, axes, op === "mean" ? "sum" : op, op === "mean");
  const y = finish(yk, x, axes, keepDims);
  record(op, [x], y, (g) => {
    const gk = reshape(g, kept);
    switch (op) {
      case "sum":
        return [broadcastTo(gk, x.shape)];
      case "mean":
        return [broadcastTo(div(gk, x.size / Math.max(1, yk.size)), x.shape)];
      case "logsumexp":
        return [mul(gk, exp(sub(x, reshape(y, kept))))];
      default: {
        // the gradient is shared equally by the elements equal to the extremum
        const mask = equal(x, reshape(y, kept));
        const count = reduceRaw(mask, axes, "sum");
        return [mul(mask, div(gk, count))];
      }
    }
  });
  return y;
}

/**
 * Sum over `axes` (all when omitted).
 *
 * @example
 * const x = fromArray([1, 5, 3, 4, 2, 6], [2, 3]);
 * sum(x); // 21
 * sum(x, 1); // [9, 12]
 */
export const sum = (x: Tensor, axes?: number | readonly number[], keepDims = false): Tensor =>
  reduceOp("sum", x, axes, keepDims);

/**
 * Mean over `axes` (all when omitted).
 *
 * @example
 * const x = fromArray([1, 5, 3, 4, 2, 6], [2, 3]);
 * mean(x, 0); // [2.5, 3.5, 4.5]
 */
export const mean = (x: Tensor, axes?: number | readonly number[], keepDims = false): Tensor =>
  reduceOp("mean", x, axes, keepDims);

/**
 * Maximum over `axes`; NaN wins. The gradient is shared by tied maxima.
 *
 * @example
 * const x = fromArray([1, 5, 3, 4, 2, 6], [2, 3]);
 * max(x, 1, true); // [[5], [6]]
 */
export const max = (x: Tensor, axes?: number | readonly number[], keepDims = false): Tensor =>
  reduceOp("max", x, axes, keepDims);

/**
 * Minimum over `axes`; NaN wins.
 *
 * @example
 * const x = fromArray([1, 5, 3, 4, 2, 6], [2, 3]);
 * min(x); // 1
 */
export const min = (x: Tensor, axes?: number | readonly number[], keepDims = false): Tensor =>
  reduceOp("min", x, axes, keepDims);

/**
 * log(sum(exp(x))) over `axes`, computed stably.
 *
 * @example
 * logsumexp(zeros([2, 4]), 1); // [log 4, log 4]
 */
export const logsumexp = (x: Tensor, axes?: number | readonly number[], keepDims = false): Tensor =>
  reduceOp("logsumexp", x, axes, keepDims);

/**
 * Index (i32) of the first maximum along `axis`.
 *
 * @example
 * const x = fromArray([1, 5, 3, 4, 2, 6], [2, 3]);
 * argmax(x); // i32 [1, 2]
 */
export function argmax(x: Tensor, axis = -1, keepDims = false): Tensor {
  const axes = [normAxis("argmax", axis, x.rank)];
  return finish(reduceRaw(x, axes, "argmax"), x, axes, keepDims);
}

/**
 * Index (i32) of the first minimum along `axis`.
 *
 * @example
 * const x = fromArray([1, 5, 3, 4, 2, 6], [2, 3]);
 * argmin(x, 0); // i32 [0, 1, 0]
 */
export function argmin(x: Tensor, axis = -1, keepDims = false): Tensor {
  const axes = [normAxis("argmin", axis, x.rank)];
  return finish(reduceRaw(x, axes, "argmin"), x, axes, keepDims);
}

/**
 * Sums `g` down to `shape` over the axes that broadcasting expanded (the gradient of a
 * broadcast). Returns `g` itself when the shapes already match.
 */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let k = 0; k < g.rank; k++) {
    if (k < lead || (shape[k - lead] === 1 && g.shape[k] !== 1)) axes.push(k);
  }
  const s = sum(g, axes, true);
  const out = reshape(s, shape);
  s.dispose();
  return out;
}
