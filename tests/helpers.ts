/**
 * Test helpers for the Deno suites: the device, opened once, and the checks of
 * `conformance/check.ts` (seeded data, tolerant comparison, finite-difference gradients).
 */
import { llvmpipeBits } from "../lib/gpu/adapter.ts";
import { initGpu } from "../lib/gpu/gpu.ts";
import { LP_WIDTH_VARIABLE } from "../lib/gpu/vector_width.ts";

export { assertClose, checkGrad, prng, randArr, toTensor } from "./conformance/check.ts";

export const gpuReady = initGpu().then((g) => {
  // the tasks a test starts open the adapter of the test process: tasks whose networks are
  // narrow take 512 bits on AVX-512 CPUs when the width is unset (lib/gpu/vector_width.ts),
  // and their results are compared with in-process runs and stage records of this adapter
  const bits = llvmpipeBits(g.adapterName);
  if (bits && Deno.env.get(LP_WIDTH_VARIABLE) === undefined) {
    Deno.env.set(LP_WIDTH_VARIABLE, String(bits));
  }
  return g;
});
