/**
 * Geometric augmentation as one 2-D affine matrix per image (`wgpu-matrix`'s 3x3 matrices,
 * `mat3d`, used as homogeneous 2-D affines), applied by one bilinear resampling kernel
 * (kernels/affine_resample.wgsl). Not differentiable: augmentation applies to inputs.
 *
 * @example
 * const flipped = affineResample(x, packAffines(Array(B).fill(flipMatrix(W))));
 * @module
 */
import { type Mat3d, mat3d } from "wgpu-matrix";
import { record } from "../autodiff/tape.ts";
import { gpu } from "../gpu/gpu.ts";
import { dispatchKernel, KERNELS } from "../gpu/kernel_dispatch.ts";
import { fromArray } from "./creation.ts";
import { check4d, noGradient } from "./util.ts";
import { shapeText, Tensor } from "../tensor.ts";

/** A 2-D affine as a row-major 2x3 matrix [m00, m01, m02, m10, m11, m12]. */
export type Affine = [number, number, number, number, number, number];

/**
 * The 2x3 affine of a homogeneous `wgpu-matrix` 3x3 (column-major, 4-float columns).
 *
 * @example
 * toAffine(mat3d.translation([2, 3])); // [1, 0, 2, 0, 1, 3]
 */
export function toAffine(m: Mat3d | Float32Array | number[]): Affine {
  return [m[0], m[4], m[8], m[1], m[5], m[9]];
}

/**
 * The `mat3d` of a 2x3 affine.
 *
 * @example
 * const m = mat3d.multiply(fromAffine([2, 0, 0, 0, 2, 0]), flipMatrix(28));
 */
export function fromAffine(a: readonly number[]): Mat3d {
  return mat3d.create(a[0], a[3], 0, a[1], a[4], 0, a[2], a[5], 1);
}

/**
 * `a * b * c ...` of `mat3d`s (the rightmost is applied first to a point); a new matrix.
 *
 * @example
 * const m = chain(flipMatrix(28), mat3d.identity());
 */
export function chain(...ms: Mat3d[]): Mat3d {
  const acc = mat3d.copy(ms[0]);
  for (let k = 1; k < ms.length; k++) mat3d.multiply(acc, ms[k], acc);
  return acc;
}

/**
 * Output pixel x -> (w - 1) - x: a horizontal flip of a width-`w` image.
 *
 * @example
 * const flipped = affineResample(x, packAffines(Array(B).fill(flipMatrix(W))));
 */
export function flipMatrix(w: number): Mat3d {
  return mat3d.create(-1, 0, 0, 0, 1, 0, w - 1, 0, 1); // translation(w - 1, 0) . scaling(-1, 1)
}

/**
 * The pixel-space matrix of an `affine_grid`/`grid_sample` theta with align_corners=True
 * (normalised coordinates in [-1, 1] at the corner pixel centres), for an image whose input
 * and output are both h x w.
 *
 * @example
 * const rot = normalisedToPixel(mat3d.rotation(0.2), 28, 28); // DSA's rotate, in pixels
 */
export function normalisedToPixel(theta: Mat3d, h: number, w: number): Mat3d {
  // pixel = (n + 1) (size - 1) / 2; n = pixel * 2 / (size - 1) - 1 (size 1: pixel 0)
  const ux = (w - 1) / 2;
  const uy = (h - 1) / 2;
  const unnorm = mat3d.create(ux, 0, 0, 0, uy, 0, ux, uy, 1);
  const norm = mat3d.create(w > 1 ? 1 / ux : 0, 0, 0, 0, h > 1 ? 1 / uy : 0, 0, -1, -1, 1);
  mat3d.multiply(unnorm, theta, unnorm);
  return mat3d.multiply(unnorm, norm, unnorm);
}

/**
 * Packs one `mat3d` (or 2x3 affine) per image into the kernel's [B, 2, 3] f32 layout.
 *
 * @example
 * const mats = packAffines([mat3d.identity(), flipMatrix(28)]); // Float32Array(12)
 */
export function packAffines(ms: readonly (Mat3d | Affine)[]): Float32Array {
  const out = new Float32Array(ms.length * 6);
  ms.forEach((m, b) => out.set(m.length === 6 ? m : toAffine(m as Mat3d), b * 6));
  return out;
}

/** Options of {@link affineResample}. */
export interface ResampleOptions {
  /** Output height (default: the input's). */
  outHeight?: number;
  /** Output width (default: the input's). */
  outWidth?: number;
  /** Taps outside the image read 0 ("zeros", default) or the nearest edge pixel ("border"). */
  padding?: "zeros" | "border";
}

/**
 * Resamples each image of `x` [B, C, H, W] through its own affine: output pixel (col, row)
 * of image b reads input point (u, v) = M_b (col, row, 1), bilinearly. `matrices` is an f32
 * tensor [B, 2, 3] or the host array of {@link packAffines}. Pixel centres are at integer
 * coordinates, so the identity copies the image. Not differentiable.
 *
 * @example
 * const flipped = affineResample(x, packAffines(Array(B).fill(flipMatrix(W))));
 */
export function affineResample(
  x: Tensor,
  matrices: Tensor | Float32Array,
  opts: ResampleOptions = {},
): Tensor {
  const [n, c, h, w] = check4d("affineResample", x);
  const oh = opts.outHeight ?? h;
  const ow = opts.outWidth ?? w;
  const mt = matrices instanceof Tensor ? matrices : fromArray(matrices, [n, 2, 3], "f32");
  if (mt.size !== n * 6 || mt.dtype !== "f32") {
    throw new Error(
      `affineResample: need ${n} f32 matrices [${n}, 2, 3], got ${shapeText(mt.shape)} ${mt.dtype}`,
    );
  }
  const maxZ = gpu().limits.maxComputeWorkgroupsPerDimension;
  if (n > maxZ) throw new RangeError(`affineResample: batch ${n} is over the limit of ${maxZ}`);
  const y = new Tensor([n, c, oh, ow]);
  dispatchKernel(KERNELS.affine_resample.main, {
    constants: { PAD: opts.padding === "border" ? 1 : 0 },
    buffers: [x.buffer, mt.buffer, y.buffer],
    params: { n, c, h, w, oh, ow },
    workgroups: [Math.ceil(ow / 8), Math.ceil(oh / 8), n],
  });
  if (!(matrices instanceof Tensor)) mt.dispose();
  record("affineResample", [x], y, noGradient("affineResample"));
  return y;
}
