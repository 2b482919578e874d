// The kernel conformance suite (tests/conformance/) on Deno's WebGPU: one Deno test per case.
// Node and Chromium run the same cases from a bundle (host_node_test.ts, host_chromium_test.ts).
import assert from "node:assert/strict";
import { gpu } from "../lib/gpu/gpu.ts";
import { kernelNames } from "../lib/gpu/kernel_source.ts";
import { CASES } from "./conformance/mod.ts";
import { gpuReady } from "./helpers.ts";

await gpuReady;
for (const c of CASES) Deno.test(c.name, c.fn);

Deno.test("conformance: every kernel in kernels/ ran in the cases above", () => {
  const used = new Set(gpu().compiledKernels());
  const unused = kernelNames().filter((k) => !used.has(k) && !k.includes("test"));
  assert.deepEqual(
    unused,
    [],
    `kernels no conformance case compiled: ${unused.join(", ")}`,
  );
});
