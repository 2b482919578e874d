/**
 * Checkpoint files on disk (Deno): {@link saveCheckpoint} writes atomically,
 * {@link loadCheckpoint} reads and checks. The format is `checkpoint.ts`.
 * @module
 */
import {
  type Checkpoint,
  decodeCheckpoint,
  encodeCheckpoint,
  type ExpectedTensors,
} from "./checkpoint.ts";
import { writeFileAtomic } from "./atomic.ts";

/**
 * Writes a checkpoint atomically to `path` (`.safetensors` is appended when missing) and
 * returns the path written.
 *
 * @example
 * ```ts
 * await saveCheckpoint("runs/ve/step-1000", {
 *   tensors: { "conv1.weight": { dtype: "F32", shape: [8, 1, 3, 3], data: w } },
 *   step: 1000, config: { lr: 0.01 }, rng: { seed: 0, counter: 1000 },
 * }); // "runs/ve/step-1000.safetensors"
 * ```
 */
export async function saveCheckpoint(path: string, ckpt: Checkpoint): Promise<string> {
  if (!path.endsWith(".safetensors")) path += ".safetensors";
  await writeFileAtomic(path, encodeCheckpoint(ckpt, path));
  return path;
}

/**
 * Reads a checkpoint file (see {@link decodeCheckpoint} for `expected`).
 *
 * @example
 * ```ts
 * const ck = await loadCheckpoint("runs/ve/step-1000.safetensors", {
 *   "conv1.weight": { shape: [8, 1, 3, 3] },
 * });
 * ck.step; // 1000
 * ```
 */
export async function loadCheckpoint(
  path: string,
  expected?: ExpectedTensors,
): Promise<Checkpoint> {
  return decodeCheckpoint(await Deno.readFile(path), path, expected);
}
