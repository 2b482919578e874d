/**
 * Timing GPU work honestly: each timed run records `reps` repetitions into one
 * submission and ends with a readback, so the GPU work is really done; the figure is the
 * median over runs, after warm-up, divided by `reps`.
 *
 * @example
 * const ms = await timeGpu(() => matmul(a, b), { reps: 4 });
 */
import { dispose } from "../autodiff/scope.ts";
import { gpu } from "../gpu/gpu.ts";
import type { Tensor } from "../tensor.ts";
import { type DispatchProfile, profileDispatches } from "./profile.ts";

/** How many runs and repetitions to time. */
export interface TimingOptions {
  warmup?: number;
  runs?: number;
  /** Repetitions recorded per run; when omitted, chosen so a run takes about 300 ms. */
  reps?: number;
}

/**
 * When set (`deno task bench --profile`), {@link timeGpu} also profiles its work kernel by
 * kernel after timing it and hands the profile here.
 */
let profileSink: ((p: DispatchProfile) => void) | null = null;

/** Sets (or clears, with null) where {@link timeGpu} sends kernel profiles. */
export function onProfile(sink: ((p: DispatchProfile) => void) | null): void {
  profileSink = sink;
}

/** Median milliseconds per call of `work` (which returns tensors to free, or nothing). */
export async function timeGpu(
  work: () => Tensor | Tensor[] | void,
  options: TimingOptions = {},
): Promise<number> {
  const ms = await timeOnly(work, options);
  if (profileSink) profileSink(await profileDispatches(work));
  return ms;
}

async function timeOnly(
  work: () => Tensor | Tensor[] | void,
  options: TimingOptions,
): Promise<number> {
  const runOnce = async (reps: number) => {
    const t0 = performance.now();
    let last: Tensor | Tensor[] | void = undefined;
    for (let i = 0; i < reps; i++) {
      if (last) dispose(last);
      last = work();
    }
    const probe = Array.isArray(last) ? last[0] : last;
    if (probe) await gpu().read(probe.buffer, 4);
    else await gpu().sync();
    if (last) dispose(last);
    return performance.now() - t0;
  };
  return await medianPerCall(runOnce, options);
}

/**
 * The timing protocol shared by every benchmark (ours and the TF.js comparison):
 * `runOnce(reps)` records `reps` calls, waits until they are done and returns the
 * milliseconds; after `warmup` runs of one call, returns the median over `runs` of
 * ms / reps, with `reps` chosen (when not given) so that a run takes about 300 ms.
 *
 * @example
 * const ms = await medianPerCall(async (reps) => { const t = performance.now(); ...; return performance.now() - t; });
 */
export async function medianPerCall(
  runOnce: (reps: number) => Promise<number>,
  options: TimingOptions = {},
): Promise<number> {
  for (let i = 0; i < (options.warmup ?? 2); i++) await runOnce(1);
  let reps = options.reps;
  if (!reps) {
    const once = await runOnce(1);
    reps = Math.max(1, Math.min(64, Math.round(300 / Math.max(once, 1))));
  }
  const times: number[] = [];
  for (let i = 0; i < (options.runs ?? 5); i++) times.push((await runOnce(reps)) / reps);
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** One benchmark result line. */
export interface BenchResult {
  name: string;
  ms: number;
  gflops?: number;
  [field: string]: number | string | undefined;
}
