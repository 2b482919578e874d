// The kernel conformance suite on Deno's GL backend (wgpu on OpenGL: Mesa llvmpipe here), the
// backend Deno falls back to without a Vulkan driver, from the bundle the other hosts run, on
// the self-contained kernels `deno task bundle` writes for porters (out/bundle/kernels/).
import assert from "node:assert/strict";
import {
  bundle,
  BUNDLE_DIR,
  BUNDLED_KERNELS_DIR,
  writeBundledKernels,
} from "../lib/hosts/bundle.ts";
import { runDenoBackendConformance } from "../lib/hosts/deno_backend.ts";
import { summarize } from "../lib/hosts/report.ts";
import { CASES } from "./conformance/mod.ts";

Deno.test("conformance on Deno's GL backend, on the bundled kernels: every case passes, every kernel runs", async () => {
  const file = await bundle("tests/conformance/mod.ts", `${BUNDLE_DIR}/conformance.js`);
  const { names } = await writeBundledKernels();
  const report = await runDenoBackendConformance(file, "gl", { kernelsDir: BUNDLED_KERNELS_DIR });
  console.log(summarize("deno-gl", report));
  assert.match(report.adapter, /GL backend/);
  assert.equal(report.passed + report.failed, CASES.length, "every case ran");
  assert.equal(report.failed, 0, summarize("deno-gl", report));
  assert.deepEqual(report.unusedKernels, [], "every kernel ran");
  assert.deepEqual(report.loadedKernels, names, "every kernel came from out/bundle/kernels/");
});
