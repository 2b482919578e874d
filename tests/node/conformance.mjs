// The kernel conformance suite on Node with the `webgpu` package (Dawn), from the same cases
// as Deno and Chromium: it imports the suite's bundle (`deno task bundle`) as it is.
//
//   npm ci --prefix tests/node && npx -y deno@2 task bundle
//   node tests/node/conformance.mjs out/bundle/conformance.js [name filter] [--kernels DIR]
//
// --kernels DIR runs the suite on the kernels of DIR/<name>.wgsl (the self-contained files
// that `deno task bundle` writes to out/bundle/kernels/) instead of those built in.
//
// On Mesa llvmpipe, Dawn finds an adapter only through OpenGL ES on a surfaceless EGL
// display, in compatibility mode (its Vulkan backend rejects llvmpipe). Set
// IGDS_NODE_BACKEND=vulkan (and VK_ICD_FILENAMES) to try another backend. Prints a line per
// case, then `REPORT <json>`; exits 1 when a case fails, 2 when there is no adapter.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

process.env.EGL_PLATFORM ??= "surfaceless";
const backend = process.env.IGDS_NODE_BACKEND ?? "opengles";
const args = process.argv.slice(2);
const at = args.indexOf("--kernels");
const kernelsDir = at >= 0 ? args.splice(at, 2)[1] : undefined;
const [bundlePath, filter] = args;
if (!bundlePath || (at >= 0 && !kernelsDir)) {
  console.error(
    "usage: node tests/node/conformance.mjs <conformance bundle> [filter] [--kernels DIR]",
  );
  process.exit(2);
}
const { create, globals } = await import("webgpu");
Object.assign(globalThis, globals); // GPUBufferUsage, GPUMapMode, ...
const { runConformance } = await import(
  pathToFileURL(resolve(bundlePath)).href
);
let report;
try {
  report = await runConformance({
    gpu: create([`backend=${backend}`]),
    adapterOptions: backend === "opengles" ? { featureLevel: "compatibility" } : {},
    backend: `Dawn ${backend}`,
    filter,
    loadKernel: kernelsDir
      ? (name) => readFile(resolve(kernelsDir, `${name}.wgsl`), "utf8")
      : undefined,
    onResult: (r) =>
      console.log(
        `${r.ok ? "ok  " : "FAIL"} ${r.name} (${r.ms.toFixed(0)} ms)` +
          (r.ok ? "" : `\n     ${r.error.split("\n")[0]}`),
      ),
  });
} catch (e) {
  console.error(`node: ${e.message}`);
  process.exit(2);
}
console.log(`REPORT ${JSON.stringify(report)}`);
// Dawn's threads keep the process alive: exit explicitly
process.exit(report.failed ? 1 : 0);
