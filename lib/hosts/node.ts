/**
 * Node with the `webgpu` npm package (Dawn) as a WebGPU host: runs the conformance bundle
 * with `tests/node/conformance.mjs` in a child process. The package is installed next to that
 * program (`npm ci --prefix tests/node`); on Mesa llvmpipe Dawn's adapter is OpenGL ES on a
 * surfaceless EGL display, in compatibility mode (the program sets that up).
 *
 * @example
 * const report = await runNodeConformance("out/bundle/conformance.js");
 * console.log(summarize("node", report));
 * @module
 */
import { REPO_ROOT } from "./bundle.ts";
import type { ConformanceReport } from "./report.ts";

/** The Node program that runs the suite, relative to the repository. */
export const NODE_PROGRAM = "tests/node/conformance.mjs";

/**
 * The Node executable ($NODE, else `node` on the PATH) and its version; throws, saying what
 * to install, when there is none or it is older than 20, or when the `webgpu` package is
 * missing.
 *
 * @example
 * const { path, version } = await findNode(); // { path: "node", version: "v20.20.2" }
 */
export async function findNode(): Promise<{ path: string; version: string }> {
  const path = Deno.env.get("NODE") ?? "node";
  let version: string;
  try {
    const r = await new Deno.Command(path, {
      args: ["--version"],
      stdout: "piped",
    }).output();
    version = new TextDecoder().decode(r.stdout).trim();
  } catch {
    throw new Error(
      `Node not found ("${path}" cannot be run). Install Node 20 or newer (Debian: apt-get ` +
        "install nodejs npm), or set NODE to its path",
    );
  }
  if (Number(/^v(\d+)/.exec(version)?.[1] ?? 0) < 20) {
    throw new Error(
      `Node ${version} is too old: the Node host needs Node 20 or newer`,
    );
  }
  try {
    Deno.statSync(`${REPO_ROOT}tests/node/node_modules/webgpu/package.json`);
  } catch {
    throw new Error(
      "the `webgpu` npm package (Dawn for Node) is not installed: npm ci --prefix tests/node",
    );
  }
  return { path, version };
}

/**
 * Runs the conformance bundle on Node and returns its report (also when cases fail); throws
 * with Node's output when the program dies or finds no adapter. `onLine` sees each line Node
 * prints (one per case). With `kernelsDir`, the suite runs on the kernels of
 * `<kernelsDir>/<name>.wgsl` (the resolved files `deno task bundle` writes) instead of the
 * sources built into the bundle.
 *
 * @example
 * const report = await runNodeConformance("out/bundle/conformance.js", { filter: "matmul" });
 */
export async function runNodeConformance(
  bundlePath: string,
  options: { filter?: string; kernelsDir?: string; onLine?: (line: string) => void } = {},
): Promise<ConformanceReport> {
  const { path } = await findNode();
  const args = [
    NODE_PROGRAM,
    bundlePath,
    ...(options.filter ? [options.filter] : []),
    ...(options.kernelsDir ? ["--kernels", options.kernelsDir] : []),
  ];
  const child = new Deno.Command(path, {
    args,
    cwd: REPO_ROOT,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const lines: string[] = [];
  const read = async (stream: ReadableStream<Uint8Array>) => {
    let rest = "";
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
      const parts = (rest + chunk).split("\n");
      rest = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        if (!line.startsWith("REPORT ")) options.onLine?.(line);
      }
    }
    if (rest) lines.push(rest);
  };
  const [status] = await Promise.all([
    child.status,
    read(child.stdout),
    read(child.stderr),
  ]);
  const reportLine = lines.find((l) => l.startsWith("REPORT "));
  if (!reportLine) {
    throw new Error(
      `node ${args.join(" ")} exited with ${status.code} and no report:\n` +
        lines.slice(-30).join("\n"),
    );
  }
  return JSON.parse(reportLine.slice("REPORT ".length)) as ConformanceReport;
}
