/**
 * Data augmentation on the GPU, for image batches [B, C, H, W] (f32, NCHW):
 *
 * - geometric transforms as one 2-D affine matrix per image (built with `wgpu-matrix`'s
 *   3x3 matrices, `mat3d`, used as homogeneous 2-D affines), applied by one bilinear
 *   resampling kernel (`kernels/affine_resample.wgsl`): random resized crop + horizontal
 *   flip, and DSA's scale, rotate, crop (translate) and flip;
 * - DSA colour (brightness, saturation, contrast; `kernels/color_jitter.wgsl`);
 * - DSA cutout (a host-made mask times the batch, `kernels/binary.wgsl`);
 * - CutMix (`kernels/cutmix.wgsl`).
 *
 * Randomness: every random parameter (a few numbers per image) is drawn on the host by
 * {@link HostRng}, a Philox4x32-10 stream bit-identical to the GPU `Rng` (lib/ops/random.ts)
 * of the same seed and counter. Functions take a `HostRng` (they advance it; save `rng.state()` to
 * resume) or a seed (a fresh stream). The same seed always gives the same batch. Per-image
 * parameters are drawn image-major, so image i's parameters depend only on the stream
 * position and i, not on the batch size; giving two batches the same seed gives them the
 * same transforms (DSA's Siamese augmentation).
 *
 * Gradients: `colorJitter` and `cutout` are differentiable (their maps are linear and
 * self-adjoint, so the backward pass is the same op); `affineResample` and `cutmix` are
 * not (augmentation is applied to inputs) and throw if a gradient is asked through them.
 *
 * @example
 * const rng = new HostRng(7);
 * const a = randomResizedCropFlip(images, rng);            // [B, C, H, W]
 * const b = dsaAugment(images, 42);                        // DSA, one transform per batch
 * const { images: mixed, labelsA, labelsB, lambda } = cutmix(a, labels, rng);
 * The ops live in lib/ops/ (host_rng.ts, resample.ts, color_jitter.ts, cutmix.ts); the
 * DSA transform set in lib/data/dsa.ts. This module holds random resized crop + flip and
 * re-exports the rest, so that one import serves a training script.
 * @module
 */
import { type Mat3d, mat3d } from "wgpu-matrix";
import { asRng, HostRng } from "../ops/host_rng.ts";
import { affineResample, flipMatrix, packAffines } from "../ops/resample.ts";
import { check4d } from "../ops/util.ts";
import type { Tensor } from "../tensor.ts";

export * from "../ops/host_rng.ts";
export * from "../ops/resample.ts";
export * from "../ops/color_jitter.ts";
export * from "../ops/cutmix.ts";
export * from "./dsa.ts";

/** Options of {@link cropFlipMatrices} and {@link randomResizedCropFlip}. */
export interface CropFlipOptions {
  /** Range of the crop's area as a fraction of the image (torchvision: [0.08, 1]). */
  scale?: [number, number];
  /** Range of the crop's aspect ratio w / h, sampled log-uniformly ([3/4, 4/3]). */
  ratio?: [number, number];
  /** Probability of a horizontal flip (0.5). */
  flipProb?: number;
  /** Output size (default: the input's). */
  outHeight?: number;
  outWidth?: number;
}

/** Uniforms drawn per image by {@link cropFlipMatrices}: 10 attempts x 4, then the flip. */
const CROP_DRAWS = 41;

/**
 * One matrix per image for torchvision's RandomResizedCrop (same sampling: up to 10 tries
 * of area and log-ratio, integer boxes, else a centre crop) followed by a random
 * horizontal flip, mapping output pixels to input pixels (half-pixel-centre scaling, as
 * `interpolate(align_corners=False)`). Returns the [B, 2, 3] host array.
 *
 * @example
 * const m = cropFlipMatrices(64, 28, 28, new HostRng(1), { scale: [0.5, 1] });
 */
export function cropFlipMatrices(
  n: number,
  h: number,
  w: number,
  rng: HostRng | number,
  opts: CropFlipOptions = {},
): Float32Array {
  const [s0, s1] = opts.scale ?? [0.08, 1];
  const [r0, r1] = opts.ratio ?? [3 / 4, 4 / 3];
  const flipProb = opts.flipProb ?? 0.5;
  const oh = opts.outHeight ?? h;
  const ow = opts.outWidth ?? w;
  const u = asRng(rng).uniform(n * CROP_DRAWS);
  const area = h * w;
  const mats: Mat3d[] = [];
  for (let b = 0; b < n; b++) {
    const d = u.subarray(b * CROP_DRAWS, (b + 1) * CROP_DRAWS);
    let box: [number, number, number, number] | null = null; // top, left, ch, cw
    for (let k = 0; k < 10 && !box; k++) {
      const target = area * (s0 + (s1 - s0) * d[4 * k]);
      const aspect = Math.exp(Math.log(r0) + (Math.log(r1) - Math.log(r0)) * d[4 * k + 1]);
      const cw = Math.round(Math.sqrt(target * aspect));
      const ch = Math.round(Math.sqrt(target / aspect));
      if (cw > 0 && cw <= w && ch > 0 && ch <= h) {
        const top = Math.floor(d[4 * k + 2] * (h - ch + 1));
        const left = Math.floor(d[4 * k + 3] * (w - cw + 1));
        box = [top, left, ch, cw];
      }
    }
    if (!box) {
      const inRatio = w / h;
      let cw = w, ch = h;
      if (inRatio < r0) ch = Math.round(w / r0);
      else if (inRatio > r1) cw = Math.round(h * r1);
      box = [Math.floor((h - ch) / 2), Math.floor((w - cw) / 2), ch, cw];
    }
    const [top, left, ch, cw] = box;
    const sx = cw / ow;
    const sy = ch / oh;
    // translation(left + sx / 2 - 1/2, top + sy / 2 - 1/2) . scaling(sx, sy)
    const crop = mat3d.create(sx, 0, 0, 0, sy, 0, left + 0.5 * sx - 0.5, top + 0.5 * sy - 0.5, 1);
    mats.push(d[40] < flipProb ? mat3d.multiply(crop, flipMatrix(ow), crop) : crop);
  }
  return packAffines(mats);
}

/**
 * Random resized crop + horizontal flip of each image, in one resampling pass (border
 * padding). See {@link cropFlipMatrices} for the sampling.
 *
 * @example
 * const aug = randomResizedCropFlip(batch.images, rng, { scale: [0.5, 1] });
 */
export function randomResizedCropFlip(
  x: Tensor,
  rng: HostRng | number,
  opts: CropFlipOptions = {},
): Tensor {
  const [n, , h, w] = check4d("randomResizedCropFlip", x);
  const m = cropFlipMatrices(n, h, w, rng, opts);
  return affineResample(x, m, {
    outHeight: opts.outHeight,
    outWidth: opts.outWidth,
    padding: "border",
  });
}
