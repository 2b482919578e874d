/**
 * Local worker processes for one distill run (`distill(config, { workers })`, used by
 * `deno task distill --workers N` and the sweeps): when stages are left to compute, N pool
 * worker processes (pool_worker.ts, `distillPoolWorker` in distill.ts: each takes the next
 * stage whose inputs are done and that no other worker holds) share the run folder; the
 * launcher waits for them, then assembles the report from the cached stages. Stages are the
 * same bits whoever computes them.
 *
 * Why: on a CPU adapter (llvmpipe) one process leaves cores idle wherever a dispatch has too
 * few workgroups to split, while it waits for the GPU, and while the host works between
 * dispatches. N processes of `threads` llvmpipe threads each (LP_NUM_THREADS) keep the cores
 * busy instead. On a real GPU the default is one process.
 *
 * A worker that fails stops the others with SIGTERM (which releases their stage locks, so
 * nothing half-done is recorded); SIGINT and SIGTERM to a caller that installed lock.ts's
 * `releaseLocksOnSignal` are passed on the same way, and waited for.
 *
 * @example
 * const workers = workerPlan("auto", g.adapterName, navigator.hardwareConcurrency);
 * const summary = await distill(config, { workers, log: console.log });
 * @module
 */
import { beforeSignalExit } from "./lock.ts";

/** How many worker processes, and how many llvmpipe threads each. */
export interface WorkerPlan {
  workers: number;
  /** LP_NUM_THREADS of each worker (null: not set, the adapter is not llvmpipe). */
  threads: number | null;
}

/** Most workers `auto` starts (each holds its own copy of the data and the models). */
export const MAX_AUTO_WORKERS = 4;

/**
 * Whether the adapter runs on the CPU (Mesa's llvmpipe or lavapipe, SwiftShader).
 *
 * @example
 * isCpuAdapter("llvmpipe (LLVM 15.0.6, 256 bits); Mesa driver; Vulkan backend"); // true
 */
export function isCpuAdapter(adapterName: string): boolean {
  return /llvmpipe|lavapipe|softpipe|swiftshader/i.test(adapterName);
}

/**
 * The workers for `--workers` (a count, or "auto": on a CPU adapter one per core, at most
 * {@link MAX_AUTO_WORKERS}, else one) and the llvmpipe threads of each (the cores shared out).
 *
 * @example
 * workerPlan("auto", "llvmpipe (LLVM 15.0.6, 256 bits)", 2); // { workers: 2, threads: 1 }
 * workerPlan("auto", "NVIDIA H200", 16); // { workers: 1, threads: null }
 */
export function workerPlan(requested: string, adapterName: string, cores: number): WorkerPlan {
  const cpu = isCpuAdapter(adapterName);
  let workers: number;
  if (requested === "auto") {
    workers = cpu ? Math.max(1, Math.min(cores, MAX_AUTO_WORKERS)) : 1;
  } else {
    workers = Number(requested);
    if (!Number.isInteger(workers) || workers < 1) {
      throw new Error(`distill: --workers takes a positive integer or "auto", got "${requested}"`);
    }
  }
  const threads = cpu ? Math.max(1, Math.floor(cores / workers)) : null;
  return { workers, threads };
}

/** Options of {@link runPoolWorkers}. */
export interface PoolWorkerOptions extends WorkerPlan {
  /** The script each worker runs, with `args`. */
  script: string;
  args: string[];
  /** Gets each worker's output lines, prefixed with `w<k>|`. */
  log: (line: string) => void;
}

/**
 * Starts `workers` pool workers and resolves when all have finished; rejects, after stopping
 * the others, when one fails (naming it and its exit status).
 *
 * @example
 * await runPoolWorkers({
 *   script: "lib/igds/pool_worker.ts", args: [configPath], workers: 2, threads: 1, log,
 * });
 */
export async function runPoolWorkers(o: PoolWorkerOptions): Promise<void> {
  const env: Record<string, string> = {};
  if (o.threads !== null) env.LP_NUM_THREADS = String(o.threads);
  const children = Array.from({ length: o.workers }, (_, k) => {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--unstable-webgpu", o.script, ...o.args],
      env,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const prefix = `w${k}| `;
    const copied = Promise.all([
      forEachLine(child.stdout, (l) => o.log(prefix + l)),
      forEachLine(child.stderr, (l) => o.log(prefix + l)),
    ]);
    return { child, copied, k };
  });
  const stopAll = () => {
    for (const { child } of children) {
      try {
        child.kill("SIGTERM");
      } catch {
        // ended already
      }
    }
  };
  // a signal to the launcher (with releaseLocksOnSignal installed) stops the workers and
  // waits for them, so that their last lines are printed and their locks released
  const removeHook = beforeSignalExit(async () => {
    stopAll();
    await Promise.all(children.map(async ({ child, copied }) => {
      await child.status;
      await copied;
    }));
  });
  try {
    const failures: string[] = [];
    await Promise.all(children.map(async ({ child, copied, k }) => {
      const status = await child.status;
      await copied;
      if (!status.success && !failures.length) {
        failures.push(
          `worker w${k} ${status.signal ? `ended by ${status.signal}` : `exited ${status.code}`}`,
        );
        stopAll();
      }
    }));
    if (failures.length) {
      throw new Error(
        `distill: ${failures[0]} (its error is above); the other workers were stopped, and ` +
          `finished stages are kept: rerun to resume`,
      );
    }
  } finally {
    removeHook();
  }
}

async function forEachLine(stream: ReadableStream<Uint8Array>, f: (line: string) => void) {
  let rest = "";
  for await (const text of stream.pipeThrough(new TextDecoderStream())) {
    const lines = (rest + text).split("\n");
    rest = lines.pop()!;
    for (const l of lines) f(l);
  }
  if (rest) f(rest);
}
