// The kernel conformance suite on Node with the `webgpu` package (Dawn), from the bundle of the
// same cases Deno runs. Fails (does not skip) when Node or the package is missing: CI installs
// them (`npm ci --prefix tests/node`).
import assert from "node:assert/strict";
import { bundle, BUNDLE_DIR } from "../lib/hosts/bundle.ts";
import { findNode, runNodeConformance } from "../lib/hosts/node.ts";
import { summarize } from "../lib/hosts/report.ts";
import { CASES } from "./conformance/mod.ts";

Deno.test("conformance on Node (Dawn): every case passes, every kernel runs", async () => {
  await findNode(); // names what is missing
  const file = await bundle(
    "tests/conformance/mod.ts",
    `${BUNDLE_DIR}/conformance.js`,
  );
  const report = await runNodeConformance(file);
  console.log(summarize("node", report));
  assert.equal(report.passed + report.failed, CASES.length, "every case ran");
  assert.equal(report.failed, 0, summarize("node", report));
  assert.deepEqual(report.unusedKernels, [], "every kernel ran");
});
