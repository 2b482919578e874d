/**
 * Creating tensors: constants, ranges, host data, and dtype casts.
 *
 * @example
 * const z = zeros([2, 3]);
 * const r = arange(5);              // f32 [0, 1, 2, 3, 4]
 * const l = fromArray([1, 0, 2], [3], "i32");
 */
import { gpu } from "../gpu/gpu.ts";
import { dispatchKernel, KERNELS } from "../gpu/kernel_dispatch.ts";
import { DType, shapeText, sizeOf, Tensor } from "../tensor.ts";
import { grid } from "./util.ts";

const bitsView = new DataView(new ArrayBuffer(4));

function bitsOf(value: number, dtype: DType): number {
  if (dtype === "f32") bitsView.setFloat32(0, value, true);
  else if (dtype === "i32") bitsView.setInt32(0, value, true);
  else bitsView.setUint32(0, value, true);
  return bitsView.getUint32(0, true);
}

/**
 * A tensor filled with `value`.
 *
 * @example
 * full([2, 3], 0.5); // f32 [2, 3] of 0.5
 */
export function full(shape: readonly number[], value: number, dtype: DType = "f32"): Tensor {
  const t = new Tensor(shape, dtype);
  dispatchKernel(KERNELS.fill.main, {
    constants: { MODE: 0 },
    buffers: [t.buffer],
    params: { n: t.size, bits: bitsOf(value, dtype), start: 0, step: 0 },
    workgroups: grid(t.size),
  });
  return t;
}

/**
 * A tensor of zeros.
 *
 * @example
 * zeros([2, 3]); // f32
 * zeros([4], "i32");
 */
export function zeros(shape: readonly number[], dtype: DType = "f32"): Tensor {
  return full(shape, 0, dtype);
}

/**
 * A tensor of ones.
 *
 * @example
 * ones([3]); // [1, 1, 1]
 */
export function ones(shape: readonly number[], dtype: DType = "f32"): Tensor {
  return full(shape, 1, dtype);
}

/**
 * Zeros of the shape and dtype of `t`.
 *
 * @example
 * const g = zerosLike(w); // same shape and dtype as w
 */
export function zerosLike(t: Tensor): Tensor {
  return full(t.shape, 0, t.dtype);
}

/**
 * Ones of the shape and dtype of `t`.
 *
 * @example
 * const m = onesLike(w); // same shape and dtype as w
 */
export function onesLike(t: Tensor): Tensor {
  return full(t.shape, 1, t.dtype);
}

/**
 * `[start, start + step, ...]`, `n` values; `arange(n)` counts from 0.
 *
 * @example
 * arange(4); // [0, 1, 2, 3]
 * arange(3, "i32", 10, 5); // [10, 15, 20]
 */
export function arange(n: number, dtype: DType = "f32", start = 0, step = 1): Tensor {
  const t = new Tensor([n], dtype);
  const f32 = dtype === "f32";
  dispatchKernel(KERNELS.fill.main, {
    constants: { MODE: f32 ? 1 : 2 },
    buffers: [t.buffer],
    // MODE 2 reads start and step as i32 (bitcast): their bits, not their f32 values
    params: f32 ? { n, bits: 0, start, step } : {
      n,
      bits: 0,
      start: { bits: start | 0 },
      step: { bits: step | 0 },
    },
    workgroups: grid(n),
  });
  return t;
}

/**
 * A tensor holding host values. `data` may be a typed array or a plain array of numbers;
 * its length must match the shape.
 *
 * @example
 * const x = fromArray([1, 2, 3, 4, 5, 6], [2, 3]); // f32 [2, 3]
 * const y = fromArray(Int32Array.from([0, 2]), [2]); // i32, from the typed array
 */
export function fromArray(
  data: ArrayLike<number>,
  shape: readonly number[] = [data.length],
  dtype: DType = data instanceof Int32Array ? "i32" : data instanceof Uint32Array ? "u32" : "f32",
): Tensor {
  if (data.length !== sizeOf(shape)) {
    throw new Error(`fromArray: ${data.length} values do not fill shape ${shapeText(shape)}`);
  }
  const host = dtype === "f32"
    ? Float32Array.from(data)
    : dtype === "i32"
    ? Int32Array.from(data)
    : Uint32Array.from(data);
  const t = new Tensor(shape, dtype);
  if (host.length > 0) gpu().upload(t.buffer, host);
  return t;
}

/**
 * A scalar (shape []) tensor.
 *
 * @example
 * const half = scalar(0.5); // shape []
 */
export function scalar(value: number, dtype: DType = "f32"): Tensor {
  return full([], value, dtype);
}

const DTYPE_CODE: Record<DType, number> = { f32: 0, i32: 1, u32: 2 };

/**
 * Converts to another dtype (f32 -> integer truncates toward zero). Not differentiable.
 *
 * @example
 * cast(fromArray([1.7, -1.7], [2]), "i32"); // [1, -1] (toward zero)
 */
export function cast(x: Tensor, dtype: DType): Tensor {
  const y = new Tensor(x.shape, dtype);
  dispatchKernel(KERNELS.cast.main, {
    constants: { FROM: DTYPE_CODE[x.dtype], TO: DTYPE_CODE[dtype] },
    buffers: [x.buffer, y.buffer],
    params: { n: x.size },
    workgroups: grid(x.size),
  });
  return y;
}
