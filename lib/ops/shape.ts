/**
 * Shape ops: reshape (shares the buffer), broadcastTo, permute/transpose, slice, pad,
 * concat (kernels/copy.wgsl) and gather (kernels/gather.wgsl), with their gradients.
 *
 * @example
 * const t = transpose(x);                      // swap the last two axes
 * const s = slice(x, [0, 2], [4, 3]);          // begin, size
 * const p = pad(img, [[0, 0], [0, 0], [3, 3], [3, 3]]);
 * const rows = gather(table, labels, 0);       // labels: i32
 */
import { record } from "../autodiff/tape.ts";
import { gpu } from "../gpu/gpu.ts";
import { dispatchKernel, KERNELS } from "../gpu/kernel_dispatch.ts";
import { shapeText, sizeOf, Tensor } from "../tensor.ts";
import { full, zeros } from "./creation.ts";
import { sumToShape } from "./reduce.ts";
import {
  broadcastShapes,
  broadcastStrides,
  checkLoop,
  grid,
  normAxis,
  sameShape,
  stridesOf,
} from "./util.ts";

/** Contiguous runs at least this long are copied by the copy engine, not by a kernel. */
const RUN_MIN = 256;
/** ... when there are at most this many of them (one copy command each). */
const RUNS_MAX = 1024;

/**
 * Records a strided copy between src and dst (see kernels/copy.wgsl): element e (row-major
 * over `shape`) of the dense side goes to or from the element at sum(index * strides) of the
 * strided side. When the strided side is long contiguous runs (a concat or slice along an
 * outer axis), they are copied with copyBufferToBuffer (a memcpy) instead.
 */
function stridedCopy(
  src: Tensor,
  dst: Tensor,
  shape: readonly number[],
  strides: readonly number[],
  offsets: { src?: number; dst?: number; scatter?: boolean } = {},
): void {
  const n = sizeOf(shape);
  // the innermost dims whose strides are the dense ones form runs of `run` elements
  let first = shape.length;
  let run = 1;
  while (first > 0 && strides[first - 1] === run) run *= shape[--first];
  if (n > 0 && run >= RUN_MIN && n / run <= RUNS_MAX) {
    const outer = shape.slice(0, first);
    const index = outer.map(() => 0);
    for (let r = 0; r < n / run; r++) {
      const strided = index.reduce((a, i, k) => a + i * strides[k], 0);
      const [from, to] = offsets.scatter ? [r * run, strided] : [strided, r * run];
      gpu().copy(
        src.buffer,
        4 * ((offsets.src ?? 0) + from),
        dst.buffer,
        4 * ((offsets.dst ?? 0) + to),
        4 * run,
      );
      for (let k = outer.length - 1; k >= 0 && ++index[k] === outer[k]; k--) index[k] = 0;
    }
    return;
  }
  dispatchKernel(KERNELS.copy.main, {
    constants: { SCATTER: offsets.scatter ? 1 : 0 },
    buffers: [src.buffer, dst.buffer],
    params: {
      n,
      rank: shape.length,
      srcOffset: offsets.src ?? 0,
      dstOffset: offsets.dst ?? 0,
      shape,
      strides,
    },
    workgroups: grid(n),
  });
}

/**
 * Same values, new shape (one dimension may be -1). Shares the buffer: no copy.
 *
 * @example
 * const x = arange(6); // [0, 1, 2, 3, 4, 5]
 * reshape(x, [2, 3]); // shares the buffer
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const known = shape.filter((d) => d !== -1);
  const free = shape.length - known.length;
  const rest = sizeOf(known);
  const resolved = free === 1 && rest > 0
    ? shape.map((d) => (d === -1 ? x.size / rest : d))
    : shape;
  if (free > 1 || sizeOf(resolved) !== x.size || !resolved.every(Number.isInteger)) {
    throw new Error(
      `reshape: cannot reshape ${shapeText(x.shape)} (${x.size} elements) to ${shapeText(shape)}`,
    );
  }
  const y = new Tensor(resolved, x.dtype, x);
  record("reshape", [x], y, (g) => [reshape(g, x.shape)]);
  return y;
}

/**
 * Flattens all axes from `start` on into one.
 *
 * @example
 * flatten(zeros([4, 128, 4, 4])); // [4, 2048]
 */
export function flatten(x: Tensor, start = 1): Tensor {
  return reshape(x, [...x.shape.slice(0, start), -1]);
}

/**
 * Materialises x broadcast to `shape` (NumPy rules).
 *
 * @example
 * broadcastTo(fromArray([1, 2], [2]), [3, 2]); // [[1, 2], [1, 2], [1, 2]]
 */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  const target = broadcastShapes("broadcastTo", x.shape, shape);
  if (!sameShape(target, shape)) {
    throw new Error(
      `broadcastTo: ${shapeText(x.shape)} cannot be broadcast to ${shapeText(shape)}`,
    );
  }
  const y = new Tensor(shape, x.dtype);
  stridedCopy(x, y, shape, broadcastStrides(x.shape, shape));
  record("broadcastTo", [x], y, (g) => [sumToShape(g, x.shape)]);
  return y;
}

/**
 * Reorders axes: output axis k is input axis perm[k].
 *
 * @example
 * permute(zeros([2, 3, 4]), [2, 0, 1]); // [4, 2, 3]
 */
export function permute(x: Tensor, perm: readonly number[]): Tensor {
  const sorted = perm.map((a) => normAxis("permute", a, x.rank));
  if (perm.length !== x.rank || new Set(sorted).size !== x.rank) {
    throw new Error(`permute: [${perm}] is not a permutation of the axes of ${shapeText(x.shape)}`);
  }
  const strides = stridesOf(x.shape);
  const shape = sorted.map((a) => x.shape[a]);
  const y = new Tensor(shape, x.dtype);
  stridedCopy(x, y, shape, sorted.map((a) => strides[a]));
  record("permute", [x], y, (g) => {
    const inverse = new Array<number>(x.rank);
    sorted.forEach((a, k) => (inverse[a] = k));
    return [permute(g, inverse)];
  });
  return y;
}

/**
 * Swaps two axes (the last two by default).
 *
 * @example
 * transpose(reshape(arange(6), [2, 3])); // [[0, 3], [1, 4], [2, 5]]
 */
export function transpose(x: Tensor, a = -2, b = -1): Tensor {
  const perm = Array.from({ length: x.rank }, (_, k) => k);
  const i = normAxis("transpose", a, x.rank);
  const j = normAxis("transpose", b, x.rank);
  [perm[i], perm[j]] = [perm[j], perm[i]];
  return permute(x, perm);
}

/**
 * The block starting at `begin` with extent `size` (-1: to the end) along each axis.
 *
 * @example
 * const x = arange(6); // [0, 1, 2, 3, 4, 5]
 * slice(reshape(x, [2, 3]), [0, 1], [2, 2]); // [[1, 2], [4, 5]]
 */
export function slice(x: Tensor, begin: readonly number[], size: readonly number[]): Tensor {
  if (begin.length !== x.rank || size.length !== x.rank) {
    throw new Error(
      `slice: begin [${begin}] and size [${size}] must have rank ${x.rank} for ${
        shapeText(x.shape)
      }`,
    );
  }
  const extent = size.map((s, k) => (s === -1 ? x.shape[k] - begin[k] : s));
  extent.forEach((s, k) => {
    if (begin[k] < 0 || s < 0 || begin[k] + s > x.shape[k]) {
      throw new RangeError(
        `slice: begin [${begin}] size [${size}] is outside ${shapeText(x.shape)} on axis ${k}`,
      );
    }
  });
  const strides = stridesOf(x.shape);
  const y = new Tensor(extent, x.dtype);
  const src = begin.reduce((acc, b, k) => acc + b * strides[k], 0);
  stridedCopy(x, y, extent, strides, { src });
  record("slice", [x], y, (g) => {
    const dx = zeros(x.shape);
    stridedCopy(g, dx, extent, strides, { dst: src, scatter: true });
    return [dx];
  });
  return y;
}

/**
 * Pads with `value`: `widths[k] = [before, after]` for each axis.
 *
 * @example
 * pad(zeros([1, 1, 28, 28]), [[0, 0], [0, 0], [2, 2], [2, 2]]); // [1, 1, 32, 32]
 */
export function pad(x: Tensor, widths: readonly (readonly [number, number])[], value = 0): Tensor {
  if (widths.length !== x.rank || widths.some(([b, a]) => b < 0 || a < 0)) {
    throw new Error(`pad: widths ${JSON.stringify(widths)} do not fit ${shapeText(x.shape)}`);
  }
  const shape = x.shape.map((d, k) => d + widths[k][0] + widths[k][1]);
  const strides = stridesOf(shape);
  const begin = widths.map(([b]) => b);
  const y = full(shape, value, x.dtype);
  const dst = begin.reduce((acc, b, k) => acc + b * strides[k], 0);
  stridedCopy(x, y, x.shape, strides, { dst, scatter: true });
  record("pad", [x], y, (g) => [slice(g, begin, x.shape)]);
  return y;
}

/**
 * Joins tensors along `axis`; all other axes must match.
 *
 * @example
 * concat([zeros([2, 3]), ones([1, 3])]); // [3, 3]
 */
export function concat(xs: readonly Tensor[], axis = 0): Tensor {
  if (xs.length === 0) throw new Error("concat: no tensors");
  const ax = normAxis("concat", axis, xs[0].rank);
  for (const t of xs) {
    if (t.rank !== xs[0].rank || t.shape.some((d, k) => k !== ax && d !== xs[0].shape[k])) {
      throw new Error(
        `concat: shapes ${xs.map((u) => shapeText(u.shape)).join(", ")} differ outside axis ${ax}`,
      );
    }
    if (t.dtype !== xs[0].dtype) throw new TypeError("concat: tensors have different dtypes");
  }
  const shape = [...xs[0].shape];
  shape[ax] = xs.reduce((a, t) => a + t.shape[ax], 0);
  const y = new Tensor(shape, xs[0].dtype);
  const strides = stridesOf(shape);
  const starts: number[] = [];
  let at = 0;
  for (const t of xs) {
    starts.push(at);
    stridedCopy(t, y, t.shape, strides, { dst: at * strides[ax], scatter: true });
    at += t.shape[ax];
  }
  record("concat", [...xs], y, (g) =>
    xs.map((t, i) => {
      const begin = shape.map((_, k) => (k === ax ? starts[i] : 0));
      return slice(g, begin, t.shape);
    }));
  return y;
}

/**
 * Rows of `x` along `axis` picked by i32 `indices` (out of range gives 0).
 *
 * @example
 * const x = arange(6); // [0, 1, 2, 3, 4, 5]
 * gather(x, fromArray([5, 0], [2], "i32")); // [5, 0]
 */
export function gather(x: Tensor, indices: Tensor, axis = 0): Tensor {
  if (indices.dtype !== "i32") {
    throw new TypeError(`gather: indices must be i32, got ${indices.dtype}`);
  }
  const ax = normAxis("gather", axis, x.rank);
  const outer = sizeOf(x.shape.slice(0, ax));
  const inner = sizeOf(x.shape.slice(ax + 1));
  const a = x.shape[ax];
  const j = indices.size;
  checkLoop("gather", `${j} indices (backward)`, j);
  const shape = [...x.shape.slice(0, ax), ...indices.shape, ...x.shape.slice(ax + 1)];
  const y = new Tensor(shape, x.dtype);
  const params = { outer, a, inner, j };
  dispatchKernel(KERNELS.gather.main, {
    buffers: [x.buffer, indices.buffer, y.buffer],
    params,
    workgroups: grid(outer * j * inner),
  });
  record("gather", [x, indices], y, (g) => {
    const dx = new Tensor(x.shape);
    dispatchKernel(KERNELS.gather_backward.main, {
      buffers: [g.buffer, indices.buffer, dx.buffer],
      params,
      workgroups: grid(outer * a * inner),
    });
    return [dx, null];
  });
  return y;
}
