/**
 * DSA, differentiable siamese augmentation's transform set (Zhao & Bilen, ICML 2021):
 * colour, crop (translate), cutout, flip, scale and rotate, one transform per batch by
 * default (the reference's aug_mode 'S'), parameters drawn per image on the host.
 *
 * @example
 * const b = dsaAugment(images, 42); // DSA, one transform per batch
 * @module
 */
import { type Mat3d, mat3d } from "wgpu-matrix";
import { noGrad, record } from "../autodiff/tape.ts";
import { mul } from "../ops/binary.ts";
import { colorJitter } from "../ops/color_jitter.ts";
import { fromArray } from "../ops/creation.ts";
import { asRng, HostRng } from "../ops/host_rng.ts";
import {
  affineResample,
  chain,
  flipMatrix,
  normalisedToPixel,
  packAffines,
} from "../ops/resample.ts";
import { reshape } from "../ops/shape.ts";
import { check4d } from "../ops/util.ts";
import type { Tensor } from "../tensor.ts";

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
