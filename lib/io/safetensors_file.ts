/**
 * safetensors files on disk (Deno): reading, and writing atomically. The format itself, bytes
 * in and bytes out, is `safetensors.ts`.
 * @module
 */
import { writeFileAtomic } from "./atomic.ts";
import {
  decodeSafetensors,
  encodeSafetensors,
  type Safetensors,
  type TensorMap,
} from "./safetensors.ts";

/**
 * Reads a safetensors file.
 *
 * @example
 * ```ts
 * const { tensors } = await readSafetensors("model.safetensors");
 * ```
 */
export async function readSafetensors(path: string): Promise<Safetensors> {
  return decodeSafetensors(await Deno.readFile(path), path);
}

/**
 * Writes a safetensors file atomically.
 *
 * @example
 * ```ts
 * await writeSafetensors("model.safetensors", { w: { dtype: "F32", shape: [1], data } });
 * ```
 */
export async function writeSafetensors(
  path: string,
  tensors: TensorMap,
  metadata: Record<string, string> = {},
): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = encodeSafetensors(tensors, metadata);
  } catch (err) {
    throw new Error(`${path}: ${(err as Error).message}`, { cause: err });
  }
  await writeFileAtomic(path, bytes);
}
