/**
 * Sampling from a trained {@link Denoiser}: ancestral DDPM (posterior variance, "fixed small")
 * and deterministic DDIM (eta = 0), on a respaced schedule, with optional gradient guidance
 * (IGDS, Algorithm 1 of the paper): after each step x'_{t-1} is moved by eta * grad L, where
 * L is a scalar objective of the images, differentiated w.r.t. x_t through the model
 * (`wrt: "xt"`, the paper's form) or w.r.t. the predicted x0 only (`wrt: "x0"`, cheaper:
 * no backward pass through the model).
 *
 * Images live in model space, [-1, 1]. One step is one submission; the only readback per
 * step is the NaN/Inf check of the guidance gradient. NaN or Inf in the model's predictions
 * (broken weights) is counted on the GPU step by step and read back once, at the end: it is
 * an error, since clipping turns NaN into -1 and the images would come out black.
 *
 * @example
 * const x = await sample(den, ema.params, noiseSchedule("linear"), {
 *   labels: Int32Array.from([0, 1, 2]), steps: 250, seed: 7,
 * }); // f32 [3, 1, 28, 28] in [-1, 1]
 * @module
 */
import { valueAndGrad } from "../autodiff/grad.ts";
import { keep, type Tree } from "../autodiff/scope.ts";
import { noGrad } from "../autodiff/tape.ts";
import { tidy } from "../autodiff/scope.ts";
import { add, div, mul, sub } from "../ops/binary.ts";
import { hasNonFinite } from "../ops/checks.ts";
import { fromArray } from "../ops/creation.ts";
import { Rng } from "../ops/random.ts";
import { max, mean } from "../ops/reduce.ts";
import { concat, reshape } from "../ops/shape.ts";
import { affine, clamp, nonFiniteMask, sqrt } from "../ops/unary.ts";
import type { Tensor } from "../tensor.ts";
import type { Denoiser } from "./denoiser.ts";
import { type NoiseSchedule, respace } from "./schedule.ts";

/**
 * Gradient guidance: ascend `objective` during sampling.
 *
 * @example
 * const guidance: Guidance = {
 *   objective: (x) => mean(x), // ascend: brighter images
 *   scale: 0.5,
 *   wrt: "x0",
 * };
 * const x = await sample(prior.denoiser, prior.denoiser.params, prior.schedule, {
 *   labels: Int32Array.from([0, 1]), steps: 25, method: "ddim", guidance,
 * });
 */
export interface Guidance {
  /** A scalar (one-element f32 tensor) to increase, of the images [n, c, s, s] in [-1, 1]. */
  objective: (x: Tensor) => Tensor;
  /** Step size eta. */
  scale: number;
  /** Differentiate through the model w.r.t. x_t ("xt", default) or w.r.t. the predicted x0. */
  wrt?: "xt" | "x0";
  /** Guide only while t / T lies in [from, to] (default [0, 1]: every step). */
  window?: [number, number];
  /**
   * With `wrt: "x0"`: scale the step by sqrt(alpha_bar_{t-1}), so that it moves the next
   * predicted x0 by about eta * grad (unscaled, the move is eta * grad / sqrt(alpha_bar),
   * some 100x at early steps). Default false (the unscaled step).
   */
  scaleX0?: boolean;
  /**
   * Divide each image's gradient by its root mean square, so that eta is the step per pixel
   * whatever the gradient's size. Default false.
   */
  normalize?: boolean;
}

/** Options of {@link sample}. */
export interface SampleOptions {
  /** Class of each image (class-conditional models); the model's `classes` means none. */
  labels?: Int32Array;
  /** Number of images for an unconditional model (default: labels.length). */
  n?: number;
  /** Sampling steps after respacing (default 250). */
  steps?: number;
  method?: "ddpm" | "ddim";
  seed?: number;
  /** Clip the predicted x0 to [-1, 1] (default true). */
  clip?: boolean;
  guidance?: Guidance;
  /**
   * Classifier-free guidance weight w (class-conditional models trained with label dropout):
   * eps = (1 + w) eps(x, y) - w eps(x, no class). Default 0 (off).
   */
  cfg?: number;
  /** Called after each step with the step index (counting down to 0) and the images. */
  onStep?: (step: number, x: Tensor) => void | Promise<void>;
}

/** Error raised when the guidance gradient holds NaN or Inf. */
export class GuidanceNaNError extends Error {
  constructor(
    readonly step: number,
    readonly timestep: number,
    /** The first image whose gradient is not finite, and its label (if any). */
    readonly image: number,
    readonly label?: number,
  ) {
    super(
      `guidance gradient holds NaN or Inf at sampling step ${step} (t = ${timestep}), image ` +
        `${image}${label !== undefined ? ` (class ${label})` : ""}`,
    );
  }
}

/**
 * Generates images; returns f32 [n, channels, size, size] in [-1, 1] (caller disposes).
 *
 * @example
 * const prior = await loadPrior(SHIPPED_PRIOR);
 * const x = await sample(prior.denoiser, prior.denoiser.params, prior.schedule, {
 *   labels: Int32Array.from([0, 8]), steps: 25, method: "ddim", seed: 1, cfg: 4,
 * }); // [2, 1, 28, 28] in [-1, 1]
 */
export async function sample<P extends Tree>(
  den: Denoiser<P>,
  params: P,
  schedule: NoiseSchedule,
  opts: SampleOptions = {},
): Promise<Tensor> {
  const n = opts.labels?.length ?? opts.n;
  if (!n) throw new Error("sample: give labels (class-conditional) or n (unconditional)");
  if (den.classes > 0 && !opts.labels) {
    throw new Error("sample: a class-conditional model needs labels");
  }
  if (opts.labels) {
    const bad = opts.labels.findIndex((y) => !Number.isInteger(y) || y < 0 || y > den.classes);
    if (bad >= 0) {
      throw new RangeError(
        `sample: label ${opts.labels[bad]} (image ${bad}) is out of range: the model has ` +
          `${den.classes} classes (0..${den.classes - 1}, ${den.classes} = no class)`,
      );
    }
  }
  const s = respace(schedule, opts.steps ?? 250);
  const method = opts.method ?? "ddpm";
  const clip = opts.clip ?? true;
  const g = opts.guidance;
  const rng = new Rng(opts.seed ?? 0);
  const labels = opts.labels && den.classes > 0
    ? keep(fromArray(opts.labels, [n], "i32"))
    : undefined;
  const cfg = opts.cfg ?? 0;
  const nullLabels = cfg !== 0 && labels
    ? keep(fromArray(new Int32Array(n).fill(den.classes), [n], "i32"))
    : undefined;
  let x = keep(rng.normal([n, den.channels, den.size, den.size]));
  const steps = s.timesteps.length;
  // steps whose prediction held NaN or Inf, summed on the GPU (read back once, at the end)
  let badSteps: Tensor | undefined;
  const countNonFinite = (t: Tensor) =>
    noGrad(() => {
      const mask = nonFiniteMask(t);
      const m = max(mask);
      mask.dispose();
      const prev = badSteps;
      badSteps = keep(prev ? add(prev, m) : m);
      if (prev) {
        prev.dispose();
        m.dispose();
      }
    });
  try {
    for (let i = steps - 1; i >= 0; i--) {
      const t = s.timesteps[i];
      const acp = s.alphasCumprod[i];
      const acpPrev = i > 0 ? s.alphasCumprod[i - 1] : 1;
      const beta = s.betas[i];
      const tArr = new Array<number>(n).fill(t);
      const sigma = method === "ddpm" && i > 0 ? Math.sqrt((beta * (1 - acpPrev)) / (1 - acp)) : 0;
      const z = sigma > 0 ? rng.normal(x.shape) : undefined;
      // x_t -> (x'_{t-1}, predicted x0), differentiable
      const stepFn = (xt: Tensor) => {
        let eps = den.predict(params, xt, tArr, labels);
        if (cfg !== 0 && nullLabels) {
          eps = sub(affine(eps, 1 + cfg), affine(den.predict(params, xt, tArr, nullLabels), cfg));
        }
        countNonFinite(eps);
        let x0 = sub(affine(xt, 1 / Math.sqrt(acp)), affine(eps, Math.sqrt((1 - acp) / acp)));
        if (clip) x0 = clamp(x0, -1, 1);
        let next: Tensor;
        if (method === "ddpm") {
          const c1 = (beta * Math.sqrt(acpPrev)) / (1 - acp);
          const c2 = ((1 - acpPrev) * Math.sqrt(1 - beta)) / (1 - acp);
          next = add(affine(x0, c1), affine(xt, c2));
          if (z) next = add(next, affine(z, sigma));
        } else {
          // eps recomputed from the (clipped) x0, then the deterministic DDIM update
          const epsHat = affine(sub(xt, affine(x0, Math.sqrt(acp))), 1 / Math.sqrt(1 - acp));
          next = add(affine(x0, Math.sqrt(acpPrev)), affine(epsHat, Math.sqrt(1 - acpPrev)));
        }
        return { next, x0 };
      };
      const frac = t / s.trainSteps;
      const guided = g && g.scale !== 0 && frac >= (g.window?.[0] ?? 0) &&
        frac <= (g.window?.[1] ?? 1);
      let out: Tensor;
      if (!guided) {
        out = noGrad(() => tidy(() => stepFn(x).next));
      } else {
        let next: Tensor | undefined;
        let gradient: Tensor;
        if ((g.wrt ?? "xt") === "xt") {
          const vg = valueAndGrad((xt: Tensor) => {
            const r = stepFn(xt);
            next = keep(r.next);
            return g.objective(r.next);
          })(x);
          vg.value.dispose();
          gradient = vg.grads;
        } else {
          const x0 = noGrad(() =>
            tidy(() => {
              const r = stepFn(x);
              next = r.next;
              return [r.next, r.x0];
            })
          )[1];
          const vg = valueAndGrad((v: Tensor) => g.objective(v))(x0);
          vg.value.dispose();
          x0.dispose();
          gradient = vg.grads;
        }
        if (await hasNonFinite(gradient)) {
          const values = await gradient.data();
          gradient.dispose();
          next!.dispose();
          z?.dispose();
          const bad = values.findIndex((v) => !Number.isFinite(v));
          const image = Math.floor(bad / (values.length / n));
          throw new GuidanceNaNError(i, t, image, opts.labels?.[image]);
        }
        let size = g.scale;
        if (g.scaleX0 && (g.wrt ?? "xt") === "x0") size *= Math.sqrt(acpPrev);
        out = noGrad(() =>
          tidy(() => add(next!, mul(g.normalize ? perImageRms(gradient) : gradient, size)))
        );
        gradient.dispose();
        next!.dispose();
      }
      z?.dispose();
      x.dispose();
      x = keep(out);
      await opts.onStep?.(i, x);
    }
    // the one readback: [steps with a non-finite prediction, whether the images hold any]
    const flags = noGrad(() =>
      tidy(() => concat([reshape(badSteps!, [1]), reshape(max(nonFiniteMask(x)), [1])], 0))
    );
    const [badPredictions, badImages] = await flags.data();
    flags.dispose();
    if (badPredictions > 0) {
      throw new Error(
        `sample: the model's predictions held NaN or Inf in ${badPredictions} of ${steps} ` +
          `${method} steps, so the images are meaningless (clipping turns NaN into -1, black): ` +
          `check the model's weights`,
      );
    }
    if (badImages > 0) {
      throw new Error(
        `sample: the images hold NaN or Inf after ${steps} ${method} steps ` +
          `(clip ${clip}, cfg ${cfg}${g ? `, guidance scale ${g.scale}` : ""})`,
      );
    }
    return x;
  } catch (e) {
    x.dispose();
    throw e;
  } finally {
    labels?.dispose();
    nullLabels?.dispose();
    badSteps?.dispose();
  }
}

/** g / RMS(g) per image (leading axis): each image's step has a root mean square of 1. */
function perImageRms(g: Tensor): Tensor {
  const axes = g.shape.map((_, i) => i).slice(1);
  const rms = sqrt(add(mean(mul(g, g), axes, true), 1e-24));
  return div(g, rms);
}
