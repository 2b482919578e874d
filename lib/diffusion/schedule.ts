/**
 * DDPM noise schedules (Ho et al. 2020; cosine: Nichol & Dhariwal 2021) and respacing to
 * fewer sampling steps, all in float64 on the host.
 *
 * @example
 * const train = noiseSchedule("linear", 1000);
 * const sample = respace(train, 250); // 250 steps; sample.timesteps maps to the model's t
 * @module
 */

/** Which beta schedule. */
export type ScheduleKind = "linear" | "cosine";

/** A discrete schedule: step i uses beta[i] and conditions the model on timesteps[i]. */
export interface NoiseSchedule {
  kind: ScheduleKind;
  betas: Float64Array;
  /** Product of (1 - beta) up to and including step i. */
  alphasCumprod: Float64Array;
  /** The training timestep (0..T-1) each step corresponds to. */
  timesteps: Int32Array;
  /** Length of the training schedule. */
  trainSteps: number;
}

/**
 * The training schedule of `T` steps: linear betas 1e-4..0.02 (scaled by 1000 / T) or cosine.
 *
 * @example
 * const s = noiseSchedule("linear", 1000);
 * s.alphasCumprod[999]; // ~4e-5
 */
export function noiseSchedule(kind: ScheduleKind, T = 1000): NoiseSchedule {
  if (!Number.isInteger(T) || T < 2) {
    throw new RangeError(`noiseSchedule: T must be >= 2, got ${T}`);
  }
  const betas = new Float64Array(T);
  if (kind === "linear") {
    const lo = (1e-4 * 1000) / T;
    const hi = (0.02 * 1000) / T;
    for (let t = 0; t < T; t++) betas[t] = lo + ((hi - lo) * t) / (T - 1);
  } else if (kind === "cosine") {
    const f = (t: number) => Math.cos((((t / T) + 0.008) / 1.008) * Math.PI / 2) ** 2;
    for (let t = 0; t < T; t++) betas[t] = Math.min(1 - f(t + 1) / f(t), 0.999);
  } else {
    throw new Error(`noiseSchedule: unknown kind "${kind}" (linear or cosine)`);
  }
  return {
    kind,
    betas,
    alphasCumprod: cumprod(betas),
    timesteps: Int32Array.from({ length: T }, (_, t) => t),
    trainSteps: T,
  };
}

/**
 * The schedule restricted to `steps` evenly spaced timesteps (first and last included), with
 * betas recomputed so the cumulative products match (Nichol & Dhariwal 2021, section 4).
 *
 * @example
 * const s25 = respace(noiseSchedule("cosine"), 25); // 25 sampling steps
 * s25.timesteps; // the original timesteps the model is conditioned on
 */
export function respace(s: NoiseSchedule, steps: number): NoiseSchedule {
  const T = s.trainSteps;
  if (!Number.isInteger(steps) || steps < 1 || steps > T) {
    throw new RangeError(`respace: steps must be an integer in 1..${T}, got ${steps}`);
  }
  const use = new Set<number>();
  const stride = steps > 1 ? (T - 1) / (steps - 1) : 0;
  for (let i = 0; i < steps; i++) use.add(Math.round(i * stride));
  const timesteps = Int32Array.from([...use].sort((a, b) => a - b));
  const betas = new Float64Array(timesteps.length);
  let last = 1;
  timesteps.forEach((t, i) => {
    betas[i] = 1 - s.alphasCumprod[t] / last;
    last = s.alphasCumprod[t];
  });
  return { kind: s.kind, betas, alphasCumprod: cumprod(betas), timesteps, trainSteps: T };
}

function cumprod(betas: Float64Array): Float64Array {
  const out = new Float64Array(betas.length);
  let p = 1;
  betas.forEach((b, i) => (out[i] = p *= 1 - b));
  return out;
}
