/**
 * Local worker processes for one distill run: `deno task distill --workers N` starts N copies
 * of the task as pool workers on the run folder ({@link distillPoolWorker} in distill.ts:
 * each takes the next stage whose inputs are done and that no other worker holds), and waits
 * for them; the caller then runs `distill`, which finds every stage cached and writes the
 * report. Stages are the same bits whoever computes them.
 *
 * Why: on a CPU adapter (llvmpipe) one process leaves cores idle wherever a dispatch has too
 * few workgroups to split, while it waits for the GPU, and while the host works between
 * dispatches. N processes of `threads` llvmpipe threads each (LP_NUM_THREADS) keep the cores
 * busy instead. On a real GPU the default is one process.
 *
 * A worker that fails stops the others with SIGTERM (which releases their stage locks, so
 * nothing half-done is recorded); SIGINT and SIGTERM to the caller are passed on the same way.
 *
 * @example
 * const plan = workerPlan("auto", g.adapterName, navigator.hardwareConcurrency);
 * if (plan.workers > 1) await runPoolWorkers({ script, args, ...plan, log: console.log });
 * @module
 */

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
  /** The task script each worker runs (with `--pool-worker` appended to `args`). */
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
 * await runPoolWorkers({ script: "tasks/distill.ts", args, workers: 2, threads: 1, log });
 */
export async function runPoolWorkers(o: PoolWorkerOptions): Promise<void> {
  const env: Record<string, string> = {};
  if (o.threads !== null) env.LP_NUM_THREADS = String(o.threads);
  const children = Array.from({ length: o.workers }, (_, k) => {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--unstable-webgpu", o.script, ...o.args, "--pool-worker"],
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
  const signals = Deno.build.os === "windows" ? [] : (["SIGINT", "SIGTERM"] as const);
  for (const sig of signals) Deno.addSignalListener(sig, stopAll);
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
    for (const sig of signals) Deno.removeSignalListener(sig, stopAll);
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
