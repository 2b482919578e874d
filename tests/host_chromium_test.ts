// The kernel conformance suite in headless Chromium (playwright-core, the system's Chromium),
// from the bundle of the same cases Deno runs, on the page `deno task serve` serves, with the
// self-contained kernels `deno task bundle` writes for porters (out/bundle/kernels/, includes
// resolved, fetched by the page). Fails (does not skip) when Chromium is missing: CI installs
// it (`apt-get install chromium`).
import assert from "node:assert/strict";
import { bundle, BUNDLE_DIR, writeBundledKernels } from "../lib/hosts/bundle.ts";
import { findChromium, runChromiumConformance } from "../lib/hosts/chromium.ts";
import { summarize } from "../lib/hosts/report.ts";
import { startServer } from "../lib/hosts/serve.ts";
import { CASES } from "./conformance/mod.ts";

Deno.test("conformance in headless Chromium, on the bundled kernels: every case passes, every kernel runs", async () => {
  findChromium(); // names what is missing
  await bundle("tests/conformance/mod.ts", `${BUNDLE_DIR}/conformance.js`);
  const { names } = await writeBundledKernels();
  const server = startServer({ port: 0 });
  try {
    const report = await runChromiumConformance(server.url, { bundledKernels: true });
    console.log(summarize("chromium", report));
    assert.equal(report.passed + report.failed, CASES.length, "every case ran");
    assert.equal(report.failed, 0, summarize("chromium", report));
    assert.deepEqual(report.unusedKernels, [], "every kernel ran");
    assert.deepEqual(report.loadedKernels, names, "every kernel came from out/bundle/kernels/");
  } finally {
    await server.close();
  }
});
