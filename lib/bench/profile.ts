/**
 * Where the time of a piece of GPU work goes, kernel by kernel: the work is recorded once
 * with every dispatch captured, then each kernel's captured dispatches are replayed together
 * (all of them, a few times, in one submission, waited for once) and the time, less the cost
 * of an empty wait, divided by the repetitions is the kernel's total. (Replaying dispatches
 * one at a time charged each the jitter of a wait: 5x too much for a narrow conv2d weight
 * gradient's.) Buffer copies (including copies into textures) are not dispatches and are not
 * counted; the replayed kernels read whatever the buffers hold by then, which does not change
 * their cost. Each kernel's `cores` is the CPU time this process spent during its replay over
 * the replay's wall time: on llvmpipe, how many cores its dispatches kept busy (2 is both of
 * a 2-core machine); a kernel well under the core count leaves a core idle (few workgroups,
 * or many short dispatches, each paying a fixed cost in the driver).
 *
 * @example
 * const p = await profileDispatches(() => step(params));
 * for (const k of p.kernels) console.log(k.kernel, k.dispatches, k.ms.toFixed(1));
 */
import { dispose } from "../autodiff/scope.ts";
import { type Dispatch, gpu } from "../gpu/gpu.ts";
import type { Tensor } from "../tensor.ts";

/** The replayed time of every dispatch of one kernel entry. */
export interface KernelTime {
  /** `kernel` or `kernel:entry`. */
  kernel: string;
  dispatches: number;
  ms: number;
  /** Process CPU time over wall time during the replay (NaN where the host cannot say). */
  cores: number;
}

/** A profile: kernels sorted by time, and the sum of their times. */
export interface DispatchProfile {
  kernels: KernelTime[];
  totalMs: number;
}

/** This process's CPU time (user + system) in milliseconds; NaN without `process.cpuUsage`. */
function cpuMs(): number {
  const usage = (globalThis as { process?: { cpuUsage?: () => { user: number; system: number } } })
    .process?.cpuUsage?.();
  return usage ? (usage.user + usage.system) / 1000 : NaN;
}

/** Profiles `work` (which returns tensors to free, or nothing); see the module comment. */
export async function profileDispatches(
  work: () => Tensor | Tensor[] | void,
  options: { reps?: number } = {},
): Promise<DispatchProfile> {
  const g = gpu();
  const reps = options.reps ?? 3;
  const captured: Dispatch[] = [];
  g.onDispatch = (d) => {
    // a copy of the params: the caller may reuse its buffer
    const p = d.params;
    const params = p === undefined
      ? undefined
      : p instanceof ArrayBuffer
      ? p.slice(0)
      : new Uint8Array(p.buffer, p.byteOffset, p.byteLength).slice();
    captured.push({ ...d, buffers: [...d.buffers], params });
  };
  let out: Tensor | Tensor[] | void;
  try {
    out = work();
  } finally {
    g.onDispatch = null;
  }
  await g.sync();
  let emptyWait = Infinity;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await g.sync();
    emptyWait = Math.min(emptyWait, performance.now() - t0);
  }
  // each kernel's dispatches replayed together, `reps` times in one submission: one wait per
  // kernel, so that the wait's jitter (about a millisecond) is not charged to each dispatch
  const byKernel = new Map<string, Dispatch[]>();
  for (const d of captured) {
    const name = d.entry && d.entry !== "main" ? `${d.kernel}:${d.entry}` : d.kernel;
    byKernel.set(name, [...byKernel.get(name) ?? [], d]);
  }
  const kernels: KernelTime[] = [];
  for (const [kernel, dispatches] of byKernel) {
    const cpu0 = cpuMs();
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) for (const d of dispatches) g.dispatch(d);
    await g.sync();
    const wall = performance.now() - t0;
    const ms = Math.max(0, wall - emptyWait) / reps;
    kernels.push({ kernel, dispatches: dispatches.length, ms, cores: (cpuMs() - cpu0) / wall });
  }
  if (out) dispose(out);
  kernels.sort((a, b) => b.ms - a.ms);
  return { kernels, totalMs: kernels.reduce((s, k) => s + k.ms, 0) };
}
