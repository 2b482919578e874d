/**
 * What a host's conformance run reports, the same on every host (Deno, Node, a browser
 * page), and its one-line summary.
 *
 * @example
 * console.log(summarize("node (Dawn)", report));
 * // "node (Dawn): 96 passed, 0 failed in 41.2 s on llvmpipe ..., every kernel ran"
 * @module
 */

/** The outcome of one case. */
export interface CaseResult {
  name: string;
  ok: boolean;
  ms: number;
  /** The error message (and stack) of a failed case. */
  error?: string;
}

/** A conformance run on one host. */
export interface ConformanceReport {
  /** The adapter's name as the host reports it. */
  adapter: string;
  /** What the adapter runs on, where the host hides it from WebGPU (Chromium: the GL renderer). */
  renderer?: string;
  passed: number;
  failed: number;
  results: CaseResult[];
  /** Kernels in `kernels/` that no case compiled (empty when the whole suite ran). */
  unusedKernels: string[];
  /**
   * The kernels whose WGSL the host loaded (its `loadKernel` option, e.g. the resolved files
   * of out/bundle/kernels/) instead of the built-in sources; absent when none were loaded.
   */
  loadedKernels?: string[];
  ms: number;
}

/**
 * One line: counts, time, adapter, kernel coverage; then each failure's name and message.
 *
 * @example
 * summarize("deno", { adapter: "llvmpipe", passed: 2, failed: 0, results: [], unusedKernels: [], ms: 10 });
 */
export function summarize(host: string, r: ConformanceReport): string {
  const head = `${host}: ${r.passed} passed, ${r.failed} failed in ${(r.ms / 1000).toFixed(1)} s ` +
    `on "${r.adapter}"${r.renderer ? ` (${r.renderer})` : ""}, ${
      r.unusedKernels.length === 0
        ? "every kernel ran"
        : r.unusedKernels.length > 5
        ? `${r.unusedKernels.length} kernels not run`
        : `kernels not run: ${r.unusedKernels.join(", ")}`
    }${r.loadedKernels ? `, ${r.loadedKernels.length} kernels loaded from the host's files` : ""}`;
  const failures = r.results.filter((x) => !x.ok).map((x) =>
    `  FAILED ${x.name}: ${(x.error ?? "").split("\n").slice(0, 3).join(" | ")}`
  );
  return [head, ...failures].join("\n");
}
