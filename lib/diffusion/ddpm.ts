/**
 * DDPM training objective (Ho et al. 2020): x_t = sqrt(abar_t) x0 + sqrt(1 - abar_t) eps, and
 * the mean squared error of the model's epsilon prediction. Timesteps and label dropout are
 * drawn on the host (counter-based {@link HostRng}), the noise on the GPU ({@link Rng}).
 *
 * @example
 * const t = drawTimesteps(hostRng, 64, 1000);
 * const loss = diffusionLoss(den, params, x0, labels, t, rng.normal(x0.shape), rng);
 * @module
 */
import type { Tree } from "../autodiff/scope.ts";
import type { HostRng } from "../ops/host_rng.ts";
import { add, mul, sub } from "../ops/binary.ts";
import { fromArray } from "../ops/creation.ts";
import type { Rng } from "../ops/random.ts";
import { mean } from "../ops/reduce.ts";
import { square } from "../ops/unary.ts";
import type { Tensor } from "../tensor.ts";
import type { Denoiser } from "./denoiser.ts";
import type { NoiseSchedule } from "./schedule.ts";

/** One value per image as an [n, 1, 1, 1] tensor, to scale a batch of images. */
export function perImage(values: ArrayLike<number>): Tensor {
  return fromArray(Float32Array.from(values), [values.length, 1, 1, 1]);
}

/** x_t = sqrt(abar_t) x0 + sqrt(1 - abar_t) noise, with t one training timestep per image. */
export function qSample(s: NoiseSchedule, x0: Tensor, t: ArrayLike<number>, noise: Tensor): Tensor {
  const acp = Array.from(t, (ti) => s.alphasCumprod[ti]);
  return add(
    mul(x0, perImage(acp.map(Math.sqrt))),
    mul(noise, perImage(acp.map((a) => Math.sqrt(1 - a)))),
  );
}

/** `n` training timesteps drawn uniformly from 0..T-1. */
export function drawTimesteps(rng: HostRng, n: number, T: number): Int32Array {
  return Int32Array.from(rng.uniform(n), (u) => Math.min(T - 1, Math.floor(u * T)));
}

/**
 * Labels with each one replaced by the null class `classes` with probability `p` (for
 * classifier-free guidance); a copy.
 */
export function dropLabels(
  rng: HostRng,
  labels: Int32Array,
  classes: number,
  p: number,
): Int32Array {
  if (p <= 0) return labels.slice();
  const u = rng.uniform(labels.length);
  return labels.map((y, i) => (u[i] < p ? classes : y));
}

/**
 * Min-SNR-γ loss weights for noise prediction (Hang et al. 2023, "Efficient Diffusion
 * Training via Min-SNR Weighting Strategy"): min(SNR_t, γ) / SNR_t per image, with
 * SNR_t = abar_t / (1 - abar_t). Timesteps of little noise (high SNR) weigh less.
 *
 * @example
 * const w = minSnrWeights(noiseSchedule("linear"), [0, 500, 999], 5); // [~5e-4, 1, 1]
 */
export function minSnrWeights(s: NoiseSchedule, t: ArrayLike<number>, gamma: number): number[] {
  if (!(gamma > 0)) throw new RangeError(`minSnrWeights: gamma must be > 0, got ${gamma}`);
  return Array.from(t, (ti) => {
    const a = s.alphasCumprod[ti];
    const snr = a / (1 - a);
    return Math.min(snr, gamma) / snr;
  });
}

/**
 * Mean squared error between the predicted and the true noise at timesteps `t`; with
 * `weights` (one per image, e.g. {@link minSnrWeights}) each image's error is scaled first,
 * so the loss is mean_b w_b mean(error_b^2).
 */
export function diffusionLoss<P extends Tree>(
  den: Denoiser<P>,
  params: P,
  schedule: NoiseSchedule,
  x0: Tensor,
  labels: Tensor | undefined,
  t: ArrayLike<number>,
  noise: Tensor,
  rng?: Rng,
  weights?: ArrayLike<number>,
): Tensor {
  const xt = qSample(schedule, x0, t, noise);
  const sq = square(sub(den.predict(params, xt, t, labels, rng), noise));
  return mean(weights ? mul(sq, perImage(weights)) : sq);
}
