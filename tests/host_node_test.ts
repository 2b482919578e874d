// The kernel conformance suite on Node with the `webgpu` package (Dawn), from the bundle of the
// same cases Deno runs, on the self-contained kernels `deno task bundle` writes for porters
// (out/bundle/kernels/, includes resolved). Fails (does not skip) when Node or the package is
// missing: CI installs them (`npm ci --prefix tests/node`).
import assert from "node:assert/strict";
import {
  bundle,
  BUNDLE_DIR,
  BUNDLED_KERNELS_DIR,
  writeBundledKernels,
} from "../lib/hosts/bundle.ts";
import { findNode, runNodeConformance } from "../lib/hosts/node.ts";
import { summarize } from "../lib/hosts/report.ts";
import { CASES } from "./conformance/mod.ts";

Deno.test("conformance on Node (Dawn), on the bundled kernels: every case passes, every kernel runs", async () => {
  await findNode(); // names what is missing
  const file = await bundle(
    "tests/conformance/mod.ts",
    `${BUNDLE_DIR}/conformance.js`,
  );
  const { names } = await writeBundledKernels();
  const report = await runNodeConformance(file, { kernelsDir: BUNDLED_KERNELS_DIR });
  console.log(summarize("node", report));
  assert.equal(report.passed + report.failed, CASES.length, "every case ran");
  assert.equal(report.failed, 0, summarize("node", report));
  assert.deepEqual(report.unusedKernels, [], "every kernel ran");
  assert.deepEqual(report.loadedKernels, names, "every kernel came from out/bundle/kernels/");
});
