/**
 * Test helpers for the Deno suites: the device, opened once, and the checks of
 * `conformance/check.ts` (seeded data, tolerant comparison, finite-difference gradients).
 */
import { initGpu } from "../lib/gpu/gpu.ts";

export { assertClose, checkGrad, prng, randArr, toTensor } from "./conformance/check.ts";

export const gpuReady = initGpu();
