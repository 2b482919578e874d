/**
 * What every deno task does before its work: errors print as one clean line (the stack
 * only with `--debug`) and exit with status 1; the GPU opens, the adapter line (adapter,
 * driver, backend) is printed, and the known-answer self-check (lib/hosts/self_check.ts)
 * runs, so that an adapter that computes wrong answers is refused before anything is
 * computed or cached.
 *
 * `IGDS_KERNEL_OVERRIDE=NAME=FILE[,NAME=FILE]` replaces `kernels/NAME.wgsl` by FILE for the
 * run (to try a changed kernel; the self-check then checks it too); FILE's `// #include`
 * lines resolve as the built-in kernels' do. `include/NAME.wgsl=FILE` replaces the include
 * file `kernels/include/NAME.wgsl` for every kernel that includes it.
 *
 * @example
 * handleErrors();
 * const args = taskArgs();
 * const g = await startGpu("distill");
 * @module
 */
import { llvmpipeBits } from "../gpu/adapter.ts";
import { type Gpu, initGpu } from "../gpu/gpu.ts";
import { checkKernelInterface } from "../gpu/kernel_check.ts";
import { widenLlvmpipeVectors } from "../gpu/vector_width.ts";
import {
  includeNames,
  kernelNames,
  kernelSource,
  registerInclude,
  registerKernel,
} from "../gpu/kernel_source.ts";
import { assertSelfCheck, runSelfCheck } from "../hosts/self_check.ts";

/** Whether `--debug` was passed: errors then print with their stack. */
export const DEBUG = Deno.args.includes("--debug");

/**
 * The task's arguments without `--debug` (which {@link handleErrors} reads).
 *
 * @example
 * const { values } = parseArgs({ args: taskArgs(), options: {} });
 */
export function taskArgs(): string[] {
  return Deno.args.filter((a) => a !== "--debug");
}

/**
 * Makes an uncaught error end the task with `error: <message>` on stderr and exit status 1
 * (with the stack when `--debug` is given), instead of Deno's "Uncaught (in promise)" trace.
 *
 * @example
 * handleErrors(); // first line of a task
 */
export function handleErrors(): void {
  const report = (e: unknown) => {
    const message = e instanceof Error ? (DEBUG ? e.stack ?? e.message : e.message) : String(e);
    console.error(`error: ${message}`);
    Deno.exit(1);
  };
  addEventListener("unhandledrejection", (ev) => {
    ev.preventDefault();
    report(ev.reason);
  });
  addEventListener("error", (ev) => {
    ev.preventDefault();
    report((ev as ErrorEvent).error ?? (ev as ErrorEvent).message);
  });
}

/**
 * Applies `IGDS_KERNEL_OVERRIDE` (NAME=FILE pairs, comma-separated, NAME a kernel or
 * `include/<file>.wgsl`); returns the pairs. An unknown name, an unreadable file, or an
 * override whose `// #include` lines do not resolve is an error that names it.
 */
export async function applyKernelOverrides(
  spec = Deno.env.get("IGDS_KERNEL_OVERRIDE") ?? "",
): Promise<string[]> {
  const pairs = spec.split(",").map((s) => s.trim()).filter((s) => s);
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) {
      throw new Error(`IGDS_KERNEL_OVERRIDE: expected NAME=FILE, got "${pair}"`);
    }
    const name = pair.slice(0, eq), file = pair.slice(eq + 1);
    const include = /^include\/(.+)$/.exec(name)?.[1];
    if (include !== undefined && !includeNames().includes(include)) {
      throw new Error(
        `IGDS_KERNEL_OVERRIDE: include file "${include}" is unknown (kernels/include/ has ` +
          `${includeNames().join(", ")})`,
      );
    }
    if (include === undefined) kernelSource(name); // throws, naming the kernel, when unknown
    let text: string;
    try {
      text = await Deno.readTextFile(file);
    } catch (e) {
      throw new Error(`IGDS_KERNEL_OVERRIDE: cannot read ${file} for kernel "${name}": ${e}`);
    }
    if (include === undefined) {
      checkKernelInterface(name, text, `IGDS_KERNEL_OVERRIDE ${file}`);
      registerKernel(name, text);
    } else registerInclude(include, text);
  }
  // resolve now, so that an include an override cannot resolve stops the task at once
  for (const kernel of kernelNames()) {
    try {
      kernelSource(kernel);
    } catch (e) {
      throw new Error(`IGDS_KERNEL_OVERRIDE (${spec}): ${(e as Error).message}`);
    }
  }
  return pairs;
}

/** Options of {@link startGpu}. */
export interface StartGpuOptions {
  /** Where progress lines go (default console.log). */
  log?: (line: string) => void;
  /** Run the self-check but only warn on a failure (bench timing a changed kernel). */
  warnOnly?: boolean;
  /**
   * The adapter a parent process has already self-checked, with this process's environment
   * (kernel overrides, backend): when this process opens the same adapter, the check is not
   * run again (distill's pool workers); on any other adapter it runs.
   */
  checkedAdapter?: string;
  /**
   * The task's workload was measured faster with llvmpipe at 512 bits (distill's narrow
   * networks, the U-Net): on an AVX-512 CPU, unless the user set LP_NATIVE_VECTOR_WIDTH, it is
   * set before the adapter opens (lib/gpu/vector_width.ts), for this process and the workers
   * it starts.
   */
  wideVectors?: boolean;
}

/**
 * Opens the GPU for a task: applies kernel overrides, prints the adapter line, runs the
 * self-check (throws a SelfCheckError naming the adapter and the failed cases), and returns
 * the runtime.
 *
 * @example
 * const g = await startGpu("train-prior");
 */
export async function startGpu(task: string, options: StartGpuOptions = {}): Promise<Gpu> {
  const log = options.log ?? console.log;
  const overrides = await applyKernelOverrides();
  const widened = options.wideVectors ? widenLlvmpipeVectors() : null;
  const g = await initGpu();
  log(`adapter: ${g.adapterName}`);
  if (widened && llvmpipeBits(g.adapterName) !== null) {
    log(
      `llvmpipe at ${widened} bits for this run (this workload runs faster there); ` +
        `LP_NATIVE_VECTOR_WIDTH=256 keeps Mesa's default`,
    );
  }
  for (const o of overrides) log(`kernel replaced (IGDS_KERNEL_OVERRIDE): ${o}`);
  const t0 = performance.now();
  if (options.checkedAdapter === g.adapterName) {
    log("self-check: passed in the launching process, on the same adapter");
  } else if (options.warnOnly) {
    const failed = (await runSelfCheck()).filter((r) => !r.ok);
    for (const r of failed) log(`warning: ${task}: self-check case failed: ${r.name}`);
    if (failed.length === 0) log(`self-check passed (${(performance.now() - t0).toFixed(0)} ms)`);
  } else {
    const results = await assertSelfCheck(g.adapterName);
    log(
      `self-check: ${results.length} known-answer cases passed (${
        (performance.now() - t0).toFixed(0)
      } ms)`,
    );
  }
  return g;
}
