/**
 * The conformance suite in a child Deno process on another of Deno's WebGPU backends
 * (DENO_WEBGPU_BACKEND is read once, when Deno starts, so each backend needs its own
 * process). `deno task conformance --host deno-gl` runs it on wgpu's GL backend, which
 * Deno falls back to on machines without a Vulkan driver.
 *
 * @example
 * const report = await runDenoBackendConformance("out/bundle/conformance.js", "gl");
 * @module
 */
import { REPO_ROOT } from "./bundle.ts";
import type { ConformanceReport } from "./report.ts";

/**
 * Runs the bundled suite at `bundlePath` in `deno eval` with DENO_WEBGPU_BACKEND=`backend`
 * and returns its report; throws with the child's last lines when it gives none. With
 * `kernelsDir`, the suite runs on the kernels of `<kernelsDir>/<name>.wgsl` (the resolved
 * files `deno task bundle` writes) instead of the sources built into the bundle.
 */
export async function runDenoBackendConformance(
  bundlePath: string,
  backend: string,
  options: { filter?: string; kernelsDir?: string } = {},
): Promise<ConformanceReport> {
  const abs = (p: string) => `${p.startsWith("/") ? "" : REPO_ROOT}${p}`;
  const url = new URL(`file://${abs(bundlePath)}`);
  const dir = options.kernelsDir === undefined ? undefined : abs(options.kernelsDir);
  const program = [
    `const { runConformance } = await import(${JSON.stringify(url.href)});`,
    `const dir = ${JSON.stringify(dir)};`,
    `const report = await runConformance({`,
    `  filter: ${JSON.stringify(options.filter)},`,
    `  loadKernel: dir ? (name) => Deno.readTextFile(\`\${dir}/\${name}.wgsl\`) : undefined,`,
    `});`,
    `console.log("REPORT " + JSON.stringify(report));`,
  ].join("\n");
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--unstable-webgpu", program],
    cwd: REPO_ROOT,
    env: {
      DENO_WEBGPU_BACKEND: backend,
      XDG_RUNTIME_DIR: Deno.env.get("XDG_RUNTIME_DIR") ?? "/tmp",
    },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const lines = new TextDecoder().decode(out.stdout).split("\n");
  const reportLine = lines.find((l) => l.startsWith("REPORT "));
  if (!reportLine) {
    const err = new TextDecoder().decode(out.stderr).split("\n");
    throw new Error(
      `deno (DENO_WEBGPU_BACKEND=${backend}) exited with ${out.code} and no report:\n` +
        [...lines, ...err].filter((l) => l).slice(-20).join("\n"),
    );
  }
  return JSON.parse(reportLine.slice("REPORT ".length)) as ConformanceReport;
}
