/**
 * The kernel conformance suite: every kernel against its float64 CPU reference (forward, and
 * gradients by finite differences), plus the runtime it runs on (creation, RNG, optimisers,
 * scopes, error reports). Host-agnostic: Deno's test runner registers {@link CASES} one by
 * one (`tests/conformance_test.ts`); a Node program and a browser page import the bundle of
 * this module (`deno task bundle`) and call {@link runConformance}.
 *
 * @example
 * // Node, with the `webgpu` package:
 * const { runConformance } = await import("./out/bundle/conformance.js");
 * const report = await runConformance({
 *   gpu: create(["backend=opengles"]), adapterOptions: { featureLevel: "compatibility" },
 * });
 * console.log(`${report.passed} passed, ${report.failed} failed on ${report.adapter}`);
 * @module
 */
import { gpu, initGpu, useDevice } from "../../lib/gpu/gpu.ts";
import { kernelNames, registerKernel } from "../../lib/gpu/kernel_source.ts";
import type { OpenDeviceOptions } from "../../lib/gpu/adapter.ts";
import type { CaseResult, ConformanceReport } from "../../lib/hosts/report.ts";
import { CASES } from "./suite.ts";
import "./runtime.ts";
import "./elementwise.ts";
import "./reduce_shape.ts";
import "./matmul.ts";
import "./conv.ts";
import "./nn_ops.ts";
import "./augment.ts";

export { CASES, type ConformanceCase } from "./suite.ts";
export type { CaseResult, ConformanceReport } from "../../lib/hosts/report.ts";

/** Options of {@link runConformance}. */
export interface RunOptions extends OpenDeviceOptions {
  /** A device the host opened; otherwise one is opened with the other options. */
  device?: GPUDevice;
  /** The name to report for `device`. */
  adapterName?: string;
  /** Only the cases whose name contains this string (or matches this pattern). */
  filter?: string | RegExp;
  /** Called after each case. */
  onResult?: (r: CaseResult) => void;
  /**
   * Loads the WGSL of kernel `name` from the host, e.g. the porter's file
   * out/bundle/kernels/<name>.wgsl (`deno task bundle`): every kernel is replaced by what it
   * returns before the cases run, so that the suite checks those files. They must be
   * self-contained (no `// #include` line left).
   */
  loadKernel?: (name: string) => Promise<string>;
}

/** A `// #include` line, which a kernel loaded by the host must no longer have. */
const INCLUDE_LINE = /^\s*\/\/\s*#include\b/m;

/**
 * Runs the cases on this host's device and reports each result; never throws for a failed
 * case (only when no device can be opened, or a kernel the host loads cannot be used).
 *
 * @example
 * const report = await runConformance({ onResult: (r) => console.log(r.ok ? "ok" : "FAIL", r.name) });
 */
export async function runConformance(
  options: RunOptions = {},
): Promise<ConformanceReport> {
  const t0 = performance.now();
  const g = options.device ? useDevice(options.device, options.adapterName) : await initGpu({
    gpu: options.gpu,
    adapterOptions: options.adapterOptions,
    backend: options.backend,
  });
  const loadedKernels: string[] = [];
  if (options.loadKernel) {
    for (const name of kernelNames()) {
      const wgsl = await options.loadKernel(name);
      if (INCLUDE_LINE.test(wgsl)) {
        throw new Error(
          `kernel "${name}" as loaded by the host still has an // #include line: load the ` +
            "resolved file (deno task bundle writes them to out/bundle/kernels/)",
        );
      }
      registerKernel(name, wgsl);
      loadedKernels.push(name);
    }
  }
  const { filter } = options;
  const chosen = CASES.filter((c) =>
    filter === undefined ||
    (typeof filter === "string" ? c.name.includes(filter) : filter.test(c.name))
  );
  const results: CaseResult[] = [];
  for (const c of chosen) {
    const start = performance.now();
    let error: string | undefined;
    try {
      await c.fn();
      await gpu().sync(); // a WebGPU error of this case is reported here, not in the next one
    } catch (e) {
      error = e instanceof Error ? `${e.message}\n${e.stack ?? ""}` : String(e);
    }
    const r: CaseResult = {
      name: c.name,
      ok: error === undefined,
      ms: performance.now() - start,
    };
    if (error !== undefined) r.error = error;
    results.push(r);
    options.onResult?.(r);
  }
  const used = new Set(gpu().compiledKernels());
  return {
    adapter: g.adapterName,
    passed: results.filter((r) => r.ok).length,
    failed: results.filter((r) => !r.ok).length,
    results,
    unusedKernels: kernelNames().filter((k) => !used.has(k) && !k.includes("test")),
    ...(options.loadKernel ? { loadedKernels } : {}),
    ms: performance.now() - t0,
  };
}
