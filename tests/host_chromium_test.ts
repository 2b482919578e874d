// The kernel conformance suite in headless Chromium (playwright-core, the system's Chromium),
// from the bundle of the same cases Deno runs, on the page `deno task serve` serves. Fails
// (does not skip) when Chromium is missing: CI installs it (`apt-get install chromium`).
import assert from "node:assert/strict";
import { bundle, BUNDLE_DIR } from "../lib/hosts/bundle.ts";
import { findChromium, runChromiumConformance } from "../lib/hosts/chromium.ts";
import { summarize } from "../lib/hosts/report.ts";
import { startServer } from "../lib/hosts/serve.ts";
import { CASES } from "./conformance/mod.ts";

Deno.test("conformance in headless Chromium: every case passes, every kernel runs", async () => {
  findChromium(); // names what is missing
  await bundle("tests/conformance/mod.ts", `${BUNDLE_DIR}/conformance.js`);
  const server = startServer({ port: 0 });
  try {
    const report = await runChromiumConformance(server.url);
    console.log(summarize("chromium", report));
    assert.equal(report.passed + report.failed, CASES.length, "every case ran");
    assert.equal(report.failed, 0, summarize("chromium", report));
    assert.deepEqual(report.unusedKernels, [], "every kernel ran");
  } finally {
    await server.close();
  }
});
