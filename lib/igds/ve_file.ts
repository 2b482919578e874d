/**
 * VE files on disk (Deno): {@link saveVE} writes one safetensors file atomically,
 * {@link loadVE} reads it back. The format is {@link encodeVE} / {@link decodeVE} in `ve.ts`.
 * @module
 */
import { writeFileAtomic } from "../io/atomic.ts";
import { decodeVE, encodeVE, type VarEstimator } from "./ve.ts";

/**
 * Writes the VE to one safetensors file, atomically; returns the path written
 * (`.safetensors` appended when missing).
 *
 * @example
 * await saveVE("runs/ve/ve.safetensors", ve);
 */
export async function saveVE(path: string, ve: VarEstimator): Promise<string> {
  if (!path.endsWith(".safetensors")) path += ".safetensors";
  await writeFileAtomic(path, await encodeVE(ve));
  return path;
}

/**
 * Reads a VE written by {@link saveVE}; see {@link decodeVE} for the checks.
 *
 * @example
 * const ve = await loadVE("runs/ve/ve.safetensors");
 * const logits = veLogits(ve, x);
 */
export async function loadVE(path: string): Promise<VarEstimator> {
  return decodeVE(await Deno.readFile(path), path);
}
