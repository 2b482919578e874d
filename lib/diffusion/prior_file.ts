/**
 * Prior files on disk (Deno): {@link loadPrior} and {@link savePrior}, and where the shipped
 * prior lives. The format is {@link encodePrior} / {@link decodePrior} in `prior.ts`.
 *
 * @example
 * const prior = await loadPrior(SHIPPED_PRIOR);
 * @module
 */
import type { UNetParams } from "../nn/unet.ts";
import { writeFileAtomic } from "../io/atomic.ts";
import { decodePrior, encodePrior, type Prior, type PriorConfig } from "./prior.ts";

/**
 * The default location of the shipped Fashion-MNIST prior (step 13,870: the Min-SNR run with
 * its learning rate annealed; fixtures/prior/anneal/README.md). The first prior, step 2,420,
 * which the first standard table (results/fashion-mnist.md) used, stays at
 * fixtures/prior/fashion-mnist-prior.safetensors.
 *
 * @example
 * const prior = await loadPrior(SHIPPED_PRIOR); // fixtures/prior/anneal/prior.safetensors
 * prior.step; // 13870
 */
export const SHIPPED_PRIOR = new URL(
  "../../fixtures/prior/anneal/prior.safetensors",
  import.meta.url,
);

/**
 * Writes `params` (usually the EMA weights) and the config atomically; returns the path
 * written (`.safetensors` appended when missing).
 *
 * @example
 * await savePrior("runs/prior/prior.safetensors", config, ema.params, step);
 */
export async function savePrior(
  path: string,
  config: PriorConfig,
  params: UNetParams,
  step: number,
  extra: Record<string, string> = {},
): Promise<string> {
  if (!path.endsWith(".safetensors")) path += ".safetensors";
  await writeFileAtomic(path, await encodePrior(config, params, step, extra));
  return path;
}

/**
 * Reads a prior file; a tensor that is missing, has another shape than the config says, or
 * holds NaN or Inf is an error that names the file and the tensor.
 *
 * @example
 * const prior = await loadPrior("fixtures/prior/fashion-mnist-prior.safetensors");
 */
export async function loadPrior(path: string | URL): Promise<Prior> {
  const file = path instanceof URL ? decodeURIComponent(path.pathname) : path;
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(file);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new Error(`${file}: prior not found (train one with \`deno task train-prior\`)`);
    }
    throw e;
  }
  return decodePrior(bytes, file);
}
