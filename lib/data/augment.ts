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
 * @module
 */
import { type Mat3d, mat3d } from "wgpu-matrix";
import { noGrad, record } from "../autodiff/tape.ts";
import { gpu } from "../gpu/gpu.ts";
import { mul } from "../ops/binary.ts";
import { fromArray } from "../ops/creation.ts";
import type { RngState } from "../ops/random.ts";
import { gather, reshape } from "../ops/shape.ts";
import { grid, ParamWriter } from "../ops/util.ts";
import { shapeText, Tensor } from "../tensor.ts";

// ---------------------------------------------------------------------------------------
// Host random numbers

/** High 32 bits of the 64-bit product of two u32 (exact, in 16-bit halves). */
function mulhi(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const mid = ((a0 * b0) >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  return (a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16)) >>> 0;
}

/** Philox4x32-10 of counter (block, 0, 0, 0) and key (k0, k1), as in kernels/rng.wgsl. */
function philox(block: number, k0: number, k1: number, out: Uint32Array, at: number): void {
  let c0 = block >>> 0, c1 = 0, c2 = 0, c3 = 0;
  for (let r = 0; r < 10; r++) {
    const h0 = mulhi(0xd2511f53, c0);
    const l0 = Math.imul(0xd2511f53, c0) >>> 0;
    const h1 = mulhi(0xcd9e8d57, c2);
    const l1 = Math.imul(0xcd9e8d57, c2) >>> 0;
    c0 = (h1 ^ c1 ^ k0) >>> 0;
    c1 = l1;
    c2 = (h0 ^ c3 ^ k1) >>> 0;
    c3 = l0;
    k0 = (k0 + 0x9e3779b9) >>> 0;
    k1 = (k1 + 0xbb67ae85) >>> 0;
  }
  out[at] = c0;
  out[at + 1] = c1;
  out[at + 2] = c2;
  out[at + 3] = c3;
}

/**
 * A seeded host random stream: Philox4x32-10, the same bits as the GPU `Rng` for the same
 * `{seed, counter}` (`bits(n)` equals `Rng.bits([n])`, `uniform(n)` equals `Rng.uniform([n])`,
 * and both advance the counter by `ceil(n / 4) * 4`). For the few random numbers per image
 * that augmentation needs, and for shuffles.
 *
 * @example
 * const rng = new HostRng(42);
 * const u = rng.uniform(3);            // Float64Array of 3 values in [0, 1)
 * const resume = new HostRng(rng.state());
 */
export class HostRng {
  seed: number;
  counter: number;

  /** `seed`: a non-negative integer below 2^53, or a saved {@link RngState}. */
  constructor(seed: number | RngState) {
    const s = typeof seed === "number" ? { seed, counter: 0 } : seed;
    if (!Number.isSafeInteger(s.seed) || s.seed < 0) {
      throw new RangeError(`HostRng: seed must be a non-negative safe integer, got ${s.seed}`);
    }
    if (!Number.isSafeInteger(s.counter) || s.counter < 0 || s.counter % 4 !== 0) {
      throw new RangeError(
        `HostRng: counter must be a non-negative multiple of 4, got ${s.counter}`,
      );
    }
    this.seed = s.seed;
    this.counter = s.counter;
  }

  /** The position to save and resume from. */
  state(): RngState {
    return { seed: this.seed, counter: this.counter };
  }

  /** `n` raw 32-bit words. */
  bits(n: number): Uint32Array {
    const blocks = Math.ceil(n / 4);
    const out = new Uint32Array(blocks * 4);
    const k0 = this.seed % 2 ** 32;
    const k1 = Math.floor(this.seed / 2 ** 32);
    const first = this.counter / 4;
    for (let t = 0; t < blocks; t++) philox((first + t) % 2 ** 32, k0, k1, out, 4 * t);
    this.counter += blocks * 4;
    if (this.counter / 4 >= 2 ** 32) this.counter = 0; // as Rng: the block counter wraps
    return out.subarray(0, n);
  }

  /** `n` uniforms in [0, 1) with 24-bit resolution (exact f32 values). */
  uniform(n: number): Float64Array {
    return Float64Array.from(this.bits(n), (b) => (b >>> 8) * 2 ** -24);
  }

  /** A uniformly random permutation of 0..n-1 (Fisher-Yates on 32-bit words). */
  permutation(n: number): Int32Array {
    const words = this.bits(n);
    const p = Int32Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor((words[i] / 2 ** 32) * (i + 1));
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}

const asRng = (r: HostRng | number): HostRng => (typeof r === "number" ? new HostRng(r) : r);

// ---------------------------------------------------------------------------------------
// Affine matrices

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

/** `a * b * c ...` of `mat3d`s (the rightmost is applied first to a point); a new matrix. */
function chain(...ms: Mat3d[]): Mat3d {
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

function check4d(op: string, x: Tensor): [number, number, number, number] {
  if (x.rank !== 4 || x.dtype !== "f32") {
    throw new Error(
      `${op}: expected an f32 batch [B, C, H, W], got ${shapeText(x.shape)} ${x.dtype}`,
    );
  }
  return x.shape as unknown as [number, number, number, number];
}

function noGradient(op: string): () => never {
  return () => {
    throw new Error(`${op} has no gradient: augmentation applies to inputs, not parameters`);
  };
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
  const p = new ParamWriter(8).u(n).u(c).u(h).u(w).u(oh).u(ow);
  gpu().dispatch({
    kernel: "affine_resample",
    constants: { PAD: opts.padding === "border" ? 1 : 0 },
    buffers: [x.buffer, mt.buffer, y.buffer],
    params: p.bytes,
    workgroups: [Math.ceil(ow / 8), Math.ceil(oh / 8), n],
  });
  if (!(matrices instanceof Tensor)) mt.dispose();
  record("affineResample", [x], y, noGradient("affineResample"));
  return y;
}

// ---------------------------------------------------------------------------------------
// Random resized crop + horizontal flip

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

// ---------------------------------------------------------------------------------------
// Colour

/**
 * DSA colour with per-image factors: `params` holds 4 f32 per image (brightness shift b,
 * saturation factor s, contrast factor k, unused), as a [B, 4] tensor or host array.
 * y = ((x + b - mc) s + mc - M) k + M, with mc the channel mean of x + b at each pixel and
 * M the image mean of x + b. Differentiable in `x`.
 *
 * @example
 * const y = colorJitter(x, new Float32Array([0.1, 1.5, 0.8, 0, -0.2, 0.5, 1.2, 0]));
 */
export function colorJitter(x: Tensor, params: Tensor | Float32Array): Tensor {
  const [n, c, h, w] = check4d("colorJitter", x);
  const q = params instanceof Tensor ? params : fromArray(params, [n, 4], "f32");
  if (q.size !== n * 4 || q.dtype !== "f32") {
    throw new Error(`colorJitter: need f32 params [${n}, 4], got ${shapeText(q.shape)} ${q.dtype}`);
  }
  const y = new Tensor(x.shape);
  dispatchColor(x, q, y, n, c, h * w);
  if (params instanceof Tensor) {
    record("colorJitter", [x], y, noGradient("colorJitter with tensor params"));
    return y;
  }
  q.dispose();
  // Without its brightness shift the map is linear and self-adjoint: the backward pass is
  // the same kernel with b = 0.
  const linear = Float32Array.from(params, (v, k) => (k % 4 === 0 ? 0 : v));
  record("colorJitter", [x], y, (g) => [colorJitter(g, linear)]);
  return y;
}

function dispatchColor(x: Tensor, q: Tensor, y: Tensor, n: number, c: number, hw: number) {
  const maxX = gpu().limits.maxComputeWorkgroupsPerDimension;
  const gx = Math.min(n, maxX);
  gpu().dispatch({
    kernel: "color_jitter",
    buffers: [x.buffer, q.buffer, y.buffer],
    params: new ParamWriter(4).u(n).u(c).u(hw).bytes,
    workgroups: [gx, Math.ceil(n / Math.max(gx, 1)), 1],
  });
}

// ---------------------------------------------------------------------------------------
// DSA: differentiable siamese augmentation's transform set (Zhao & Bilen, ICML 2021)
//
// The reference is VICO-UoE/DatasetCondensation, utils.py (commit 53f63a6): ParamDiffAug
// (lines 474-484), DiffAugment (495-520), rand_scale (524-539), rand_rotate (542-553),
// rand_flip (556-562), rand_brightness / rand_saturation / rand_contrast (565-594),
// rand_crop (597-617), rand_cutout (620-640) and AUGMENT_FNS (643-650). Each transform
// below names the lines it follows.

/** DSA's parameters (`ParamDiffAug`, utils.py:474-484); the defaults are the reference's. */
export interface DsaParams {
  /** Scale factors per axis drawn uniformly in [1 / scale, scale] (`ratio_scale`). */
  scale: number;
  /** Rotation angle drawn uniformly in [-rotate, rotate] degrees (`ratio_rotate`). */
  rotate: number;
  /**
   * Integer translation in [-int(crop * size + 0.5), int(crop * size + 0.5)] pixels per axis
   * (`ratio_crop_pad`).
   */
  crop: number;
  /**
   * Cutout: a square of side int(cutout * size + 0.5) per axis set to 0 (`ratio_cutout`).
   */
  cutout: number;
  /** Probability of a horizontal flip (`prob_flip`). */
  flip: number;
  /** Brightness shift drawn uniformly in [-brightness / 2, brightness / 2]. */
  brightness: number;
  /** Saturation factor drawn uniformly in [0, saturation]. */
  saturation: number;
  /** Contrast factor drawn uniformly in [contrast, contrast + 1]. */
  contrast: number;
}

/**
 * The reference's ParamDiffAug (utils.py:477-484): prob_flip 0.5, ratio_scale 1.2,
 * ratio_rotate 15.0, ratio_crop_pad 0.125, ratio_cutout 0.5, brightness 1.0, saturation
 * 2.0, contrast 0.5.
 */
export const DSA_DEFAULTS: Readonly<DsaParams> = Object.freeze({
  scale: 1.2,
  rotate: 15,
  crop: 0.125,
  cutout: 0.5,
  flip: 0.5,
  brightness: 1.0,
  saturation: 2.0,
  contrast: 0.5,
});

/** The DSA transforms (the keys of the reference's AUGMENT_FNS, utils.py:643-650). */
export type DsaTransform = "color" | "crop" | "cutout" | "flip" | "scale" | "rotate";

const DSA_TRANSFORMS: readonly DsaTransform[] = [
  "color",
  "crop",
  "cutout",
  "flip",
  "scale",
  "rotate",
];

/**
 * The strategy DSA and DM evaluate with on Fashion-MNIST and CIFAR (the reference's README,
 * "use color_crop_cutout_flip_scale_rotate for FashionMNIST CIFAR10/100"; main_DM.py's
 * default `--dsa_strategy`).
 */
export const DSA_STRATEGY = "color_crop_cutout_flip_scale_rotate";

/** Options of {@link dsaPlan} and {@link dsaAugment}. */
export interface DsaOptions {
  /** Transforms, as a list or DSA's "_"-joined string; default {@link DSA_STRATEGY}. */
  strategy?: string | readonly DsaTransform[];
  /**
   * "single" (DSA's default, aug_mode 'S', utils.py:511-516): one transform of the strategy,
   * drawn per call, for the whole batch; "multiple" ('M'): all of them, in the strategy's
   * order (colour first).
   */
  mode?: "single" | "multiple";
  /** Overrides of {@link DSA_DEFAULTS}. */
  params?: Partial<DsaParams>;
  /** One parameter set (image 0's) for the whole batch (DSA's `batchmode`). */
  shared?: boolean;
}

/** What {@link dsaAugment} does to a batch: the drawn transforms and per-image parameters. */
export interface DsaPlan {
  /** Transforms applied, in order. */
  transforms: DsaTransform[];
  /** Colour factors [B, 4] (b, s, k, 0), or null when colour is not applied. */
  color: Float32Array | null;
  /**
   * The geometric transforms that come before cutout in the strategy (all of them when
   * there is no cutout) composed into one [B, 2, 3] matrix each, or null when none.
   */
  matrices: Float32Array | null;
  /** Cutout boxes [B, 4] (x0, y0, x1, y1; half-open, in pixels), or null. */
  cutout: Int32Array | null;
  /** The geometric transforms after cutout, composed likewise, or null when none. */
  matricesAfter: Float32Array | null;
}

/** Uniforms drawn per image by {@link dsaPlan}. */
const DSA_DRAWS = 11;

/**
 * The box rand_cutout (utils.py:620-640) zeroes, from two uniforms in [0, 1): the side is
 * int(size * ratio + 0.5) per axis (line 622); the centre offset is an integer in
 * [0, size + 1 - side % 2) (lines 624, 626); the rows offset - side // 2 + [0, side),
 * clamped to the image (line 635), are zeroed, and so are the columns likewise (line 636).
 * Clamping maps a run of indices to a run, so the box is [lo, hi] clamped, half-open here.
 * Returns (x0, y0, x1, y1): columns [x0, x1), rows [y0, y1).
 *
 * @example
 * dsaCutoutBox(28, 28, 0.5, 0, 0.999); // [21, 0, 28, 7]: a 14x14 box centred on (28, 0)
 */
export function dsaCutoutBox(
  h: number,
  w: number,
  ratio: number,
  uRow: number,
  uCol: number,
): [number, number, number, number] {
  const side = (size: number) => Math.floor(size * ratio + 0.5);
  const span = (size: number, u: number): [number, number] => {
    const s = side(size);
    const offset = Math.floor(u * (size + 1 - (s % 2)));
    const lo = offset - Math.floor(s / 2);
    const clamp = (v: number) => Math.min(Math.max(v, 0), size - 1);
    return s < 1 ? [0, 0] : [clamp(lo), clamp(lo + s - 1) + 1];
  };
  const [y0, y1] = span(h, uRow);
  const [x0, x1] = span(w, uCol);
  return [x0, y0, x1, y1];
}

/**
 * Zeroes one box per image of a batch [B, C, H, W] (every channel), as rand_cutout's
 * `x * mask` (utils.py:637-639): a host-made mask [B, 1, H, W] times the batch with the
 * broadcasting binary kernel, so the gradient is the same mask times the incoming gradient.
 * `boxes` holds (x0, y0, x1, y1) per image, half-open, clamped to the image.
 *
 * @example
 * const y = cutout(x, Int32Array.of(0, 0, 14, 14)); // one image: top-left 14x14 zeroed
 */
export function cutout(x: Tensor, boxes: Int32Array): Tensor {
  const [n, , h, w] = check4d("cutout", x);
  if (boxes.length !== 4 * n) {
    throw new Error(`cutout: need ${n} boxes (${4 * n} integers), got ${boxes.length}`);
  }
  const mask = new Float32Array(n * h * w).fill(1);
  for (let b = 0; b < n; b++) {
    const clamp = (v: number, hi: number) => Math.min(Math.max(v, 0), hi);
    const [x0, y0, x1, y1] = [
      clamp(boxes[4 * b], w),
      clamp(boxes[4 * b + 1], h),
      clamp(boxes[4 * b + 2], w),
      clamp(boxes[4 * b + 3], h),
    ];
    for (let r = y0; r < y1; r++) mask.fill(0, (b * h + r) * w + x0, (b * h + r) * w + x1);
  }
  const m = fromArray(mask, [n, 1, h, w], "f32");
  const y = noGrad(() => mul(x, m));
  m.dispose();
  // x -> x * mask is linear and self-adjoint: the backward pass is the same cutout
  record("cutout", [x], y, (g) => [cutout(g, boxes)]);
  return y;
}

/**
 * Draws DSA's random transforms for a batch of n images of h x w. The geometric ones are
 * composed into one matrix per image (crop . flip . scale . rotate, as DSA's sequence
 * applies them), so one bilinear resampling replaces DSA's sequence of them; cutout, which
 * is not geometric, splits them into the resampling before it and the one after.
 *
 * Per transform (reference lines in the section comment above): scale (utils.py:529-533)
 * and rotate (545-547) are DSA's `affine_grid` thetas in normalised coordinates. The
 * reference's torch 1.2 (requirements.txt) samples with align_corners=True; later torch
 * defaults to False; for a theta without translation on a square image both map pixels
 * identically, so the choice does not matter at 28x28. Crop (600-616) is an integer shift
 * with zero fill (the reference pads one zero pixel and clamps the index into it). Flip
 * (559-562) mirrors the columns. Colour is brightness, saturation, contrast in that
 * order (AUGMENT_FNS, line 644), each image with its own draws.
 *
 * @example
 * const plan = dsaPlan(256, 28, 28, new HostRng(3), { mode: "multiple" });
 */
export function dsaPlan(
  n: number,
  h: number,
  w: number,
  rng: HostRng | number,
  opts: DsaOptions = {},
): DsaPlan {
  const r = asRng(rng);
  const P = { ...DSA_DEFAULTS, ...opts.params };
  const strategy = typeof opts.strategy === "string"
    ? opts.strategy.split("_").filter((s) => s.length > 0)
    : [...(opts.strategy ?? DSA_STRATEGY.split("_"))];
  for (const s of strategy) {
    if (!DSA_TRANSFORMS.includes(s as DsaTransform)) {
      throw new Error(`dsa: unknown transform "${s}" (known: ${DSA_TRANSFORMS.join(", ")})`);
    }
  }
  if (strategy.length === 0) throw new Error("dsa: empty strategy");
  let transforms = strategy as DsaTransform[];
  if ((opts.mode ?? "single") === "single") {
    // utils.py:514: p = pbties[torch.randint(0, len(pbties), size=(1,)).item()]
    const pick = Math.floor(r.uniform(1)[0] * transforms.length);
    transforms = [transforms[pick]];
  }
  const u = r.uniform(n * DSA_DRAWS);
  const draws = (b: number) => u.subarray((opts.shared ? 0 : b) * DSA_DRAWS);
  // utils.py:600: shift_x, shift_y = int(x.size(2) * ratio + 0.5), int(x.size(3) * ratio + 0.5)
  const shiftRows = Math.floor(h * P.crop + 0.5);
  const shiftCols = Math.floor(w * P.crop + 0.5);
  const matrixOf = (t: DsaTransform, d: Float64Array): Mat3d => {
    switch (t) {
      case "crop": {
        // utils.py:602-604: torch.randint(-shift, shift + 1) per axis
        const dy = Math.floor(d[3] * (2 * shiftRows + 1)) - shiftRows;
        const dx = Math.floor(d[4] * (2 * shiftCols + 1)) - shiftCols;
        return mat3d.translation([dx, dy]);
      }
      case "flip":
        // utils.py:559-562: torch.where(randf < prob, x.flip(3), x)
        return d[5] < P.flip ? flipMatrix(w) : mat3d.identity();
      case "scale": {
        // utils.py:529-531: s = rand * (ratio - 1 / ratio) + 1 / ratio, per axis
        const sx = d[0] * (P.scale - 1 / P.scale) + 1 / P.scale;
        const sy = d[1] * (P.scale - 1 / P.scale) + 1 / P.scale;
        return normalisedToPixel(mat3d.scaling([sx, sy]), h, w);
      }
      default: {
        // utils.py:545-547: theta = (rand - 0.5) * 2 * ratio / 180 * pi; [[cos, -sin], [sin, cos]]
        const angle = (d[2] - 0.5) * 2 * P.rotate / 180 * Math.PI;
        return normalisedToPixel(mat3d.rotation(angle), h, w);
      }
    }
  };
  const cut = transforms.indexOf("cutout");
  const isGeometric = (t: DsaTransform) => t !== "color" && t !== "cutout";
  const before = transforms.filter((t, i) => isGeometric(t) && (cut < 0 || i < cut));
  const after = transforms.filter((t, i) => isGeometric(t) && cut >= 0 && i > cut);
  const compose = (ts: DsaTransform[]): Float32Array | null =>
    ts.length === 0 ? null : packAffines(
      Array.from({ length: n }, (_, b) => chain(...ts.map((t) => matrixOf(t, draws(b))))),
    );
  let color: Float32Array | null = null;
  if (transforms.includes("color")) {
    color = new Float32Array(n * 4);
    for (let b = 0; b < n; b++) {
      const d = draws(b);
      color[4 * b] = (d[6] - 0.5) * P.brightness; // utils.py:571
      color[4 * b + 1] = d[7] * P.saturation; // utils.py:582
      color[4 * b + 2] = d[8] + P.contrast; // utils.py:593
    }
  }
  let boxes: Int32Array | null = null;
  if (cut >= 0) {
    boxes = new Int32Array(n * 4);
    for (let b = 0; b < n; b++) {
      const d = draws(b);
      boxes.set(dsaCutoutBox(h, w, P.cutout, d[9], d[10]), 4 * b);
    }
  }
  return {
    transforms,
    color,
    matrices: compose(before),
    cutout: boxes,
    matricesAfter: compose(after),
  };
}

/**
 * DSA augmentation of a batch: colour (if drawn), one zero-padded resampling for the
 * geometric transforms before cutout, cutout, one for those after. Two calls with the same
 * seed (or saved `HostRng` state) and batch size transform the same way, as DSA's Siamese
 * augmentation needs. Differentiable only when the plan has no geometric transform.
 *
 * @example
 * const s = rng.state();
 * const realAug = dsaAugment(real, new HostRng(s));
 * const synAug = dsaAugment(syn, new HostRng(s));   // same transforms per image index
 */
export function dsaAugment(x: Tensor, rng: HostRng | number, opts: DsaOptions = {}): Tensor {
  const [n, , h, w] = check4d("dsaAugment", x);
  const plan = dsaPlan(n, h, w, rng, opts);
  return applyDsaPlan(x, plan);
}

/**
 * Applies a {@link DsaPlan} (from {@link dsaPlan}) to a batch: colour, resampling, cutout,
 * resampling (each when the plan has it).
 *
 * @example
 * const y = applyDsaPlan(x, dsaPlan(B, H, W, 5, { strategy: "crop_flip" }));
 */
export function applyDsaPlan(x: Tensor, plan: DsaPlan): Tensor {
  const steps: ((t: Tensor) => Tensor)[] = [];
  if (plan.color) steps.push((t) => colorJitter(t, plan.color!));
  if (plan.matrices) steps.push((t) => affineResample(t, plan.matrices!, { padding: "zeros" }));
  if (plan.cutout) steps.push((t) => cutout(t, plan.cutout!));
  if (plan.matricesAfter) {
    steps.push((t) => affineResample(t, plan.matricesAfter!, { padding: "zeros" }));
  }
  if (steps.length === 0) return reshape(x, x.shape);
  let y = x;
  for (const step of steps) {
    const next = step(y);
    if (y !== x) y.dispose();
    y = next;
  }
  return y;
}

// ---------------------------------------------------------------------------------------
// CutMix

/** Options of {@link cutmix}. */
export interface CutMixOptions {
  /** Beta(alpha, alpha) for lambda (1: uniform, as the CutMix paper). */
  alpha?: number;
  /** Probability of mixing a batch (or an image, with perImage); else lambda = 1. */
  prob?: number;
  /** One lambda and box per image instead of per batch. */
  perImage?: boolean;
}

/** The result of {@link cutmix}. Every tensor is new (labelsA shares the labels' buffer). */
export interface CutMixResult {
  /** Mixed images [B, C, H, W]. */
  images: Tensor;
  /** The images' own labels (i32 [B]), weighted by lambda. */
  labelsA: Tensor;
  /** The partners' labels (i32 [B]), weighted by 1 - lambda. */
  labelsB: Tensor;
  /** Weight of labelsA per image (f32 [B]): 1 - box area / image area. */
  lambda: Tensor;
  /** The same weights on the host. */
  lambdaHost: Float32Array;
  /** The partner of each image (a permutation of 0..B-1). */
  partner: Int32Array;
  /** Boxes (x0, y0, x1, y1) per image, half-open, in pixels. */
  boxes: Int32Array;
}

/** Gamma(a, 1) by Marsaglia-Tsang (a >= 1; boosted for a < 1), from host uniforms. */
function gammaSample(a: number, rng: HostRng): number {
  if (a < 1) return gammaSample(a + 1, rng) * Math.pow(1 - rng.uniform(1)[0], 1 / a);
  const d = a - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const [u1, u2, u3] = rng.uniform(3);
    const z = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    const v = (1 + c * z) ** 3;
    if (v > 0 && Math.log(1 - u3) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Beta(alpha, alpha) from host uniforms (alpha 1: one uniform). */
function betaSample(alpha: number, rng: HostRng): number {
  if (alpha === 1) return rng.uniform(1)[0];
  const x = gammaSample(alpha, rng);
  const y = gammaSample(alpha, rng);
  return x / (x + y);
}

/**
 * CutMix (Yun et al. 2019): lambda ~ Beta(alpha, alpha), a box of side sqrt(1 - lambda)
 * times the image's at a uniform centre (clipped), filled from a random partner image
 * (a permutation of the batch); lambda is then recomputed from the clipped box. Train with
 * `lambda * CE(labelsA) + (1 - lambda) * CE(labelsB)` per image. Not differentiable.
 *
 * @example
 * const { images, labelsA, labelsB, lambda } = cutmix(x, labels, rng);
 */
export function cutmix(
  x: Tensor,
  labels: Tensor,
  rng: HostRng | number,
  opts: CutMixOptions = {},
): CutMixResult {
  const [n, c, h, w] = check4d("cutmix", x);
  if (labels.dtype !== "i32" || labels.size !== n) {
    throw new Error(
      `cutmix: labels must be i32 [${n}], got ${shapeText(labels.shape)} ${labels.dtype}`,
    );
  }
  const r = asRng(rng);
  const alpha = opts.alpha ?? 1;
  const prob = opts.prob ?? 1;
  if (!(alpha > 0)) throw new RangeError(`cutmix: alpha must be > 0, got ${alpha}`);
  const partner = r.permutation(n);
  const boxes = new Int32Array(n * 4);
  const lambdaHost = new Float32Array(n);
  const drawBox = (): [number, number, number, number] => {
    const [use, cyU, cxU] = r.uniform(3);
    const lam = betaSample(alpha, r);
    if (use >= prob) return [0, 0, 0, 0];
    const cut = Math.sqrt(1 - lam);
    const cw = Math.floor(w * cut);
    const ch = Math.floor(h * cut);
    const cx = Math.floor(cxU * w);
    const cy = Math.floor(cyU * h);
    const clip = (v: number, hi: number) => Math.min(Math.max(v, 0), hi);
    return [
      clip(cx - Math.floor(cw / 2), w),
      clip(cy - Math.floor(ch / 2), h),
      clip(cx + Math.floor(cw / 2), w),
      clip(cy + Math.floor(ch / 2), h),
    ];
  };
  let box = drawBox();
  for (let b = 0; b < n; b++) {
    if (opts.perImage && b > 0) box = drawBox();
    boxes.set(box, 4 * b);
    const area = (box[2] - box[0]) * (box[3] - box[1]);
    lambdaHost[b] = 1 - area / (h * w);
  }
  const partnerT = fromArray(partner, [n], "i32");
  const boxesT = fromArray(boxes, [n, 4], "i32");
  const images = new Tensor([n, c, h, w]);
  const lambda = new Tensor([n]);
  gpu().dispatch({
    kernel: "cutmix",
    buffers: [x.buffer, partnerT.buffer, boxesT.buffer, images.buffer, lambda.buffer],
    params: new ParamWriter(4).u(n).u(c).u(h).u(w).bytes,
    workgroups: grid(n * c * h * w),
  });
  record("cutmix", [x], images, noGradient("cutmix"));
  const labelsA = reshape(labels, [n]);
  const labelsB = gather(labels, partnerT, 0);
  partnerT.dispose();
  boxesT.dispose();
  return { images, labelsA, labelsB, lambda, lambdaHost, partner, boxes };
}
