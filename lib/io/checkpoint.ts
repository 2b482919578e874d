/**
 * Checkpoints: one safetensors file holding the tensors, with the step, the config (JSON) and
 * the RNG state (JSON) as strings in `__metadata__`, so it opens in the Hugging Face and
 * PyTorch tools as is. Written atomically.
 * @module
 */
import { type DType, readSafetensors, type TensorMap, writeSafetensors } from "./safetensors.ts";

/** The format tag stored in `__metadata__.format`. */
export const CHECKPOINT_FORMAT = "igds-checkpoint/1";

/** What a checkpoint holds. */
export interface Checkpoint {
  tensors: TensorMap;
  /** Training step (or epoch) count. */
  step: number;
  /** The run's config, any JSON value. */
  config: unknown;
  /** RNG state, any JSON value (e.g. a seed and counter). */
  rng: unknown;
  /** All metadata strings of the file, including step, config and rng. */
  metadata?: Record<string, string>;
}

/** Expected tensor shapes (and optionally dtypes) for {@link loadCheckpoint}. */
export type ExpectedTensors = Record<string, { shape: number[]; dtype?: DType }>;

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
  if (!Number.isSafeInteger(ckpt.step)) {
    throw new Error(`${path}: step ${ckpt.step} is not an integer`);
  }
  await writeSafetensors(path, ckpt.tensors, {
    ...ckpt.metadata,
    format: CHECKPOINT_FORMAT,
    step: String(ckpt.step),
    config: JSON.stringify(ckpt.config ?? null),
    rng: JSON.stringify(ckpt.rng ?? null),
  });
  return path;
}

/**
 * Reads a checkpoint. With `expected`, every expected tensor must be present with that shape
 * (and dtype, when given), and no other tensor may be: the error lists each difference.
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
  const { tensors, metadata } = await readSafetensors(path);
  if (metadata.format !== CHECKPOINT_FORMAT) {
    throw new Error(
      `${path}: not a checkpoint: __metadata__.format is ${JSON.stringify(metadata.format)}, ` +
        `expected "${CHECKPOINT_FORMAT}"`,
    );
  }
  const step = Number(metadata.step);
  if (!Number.isSafeInteger(step)) {
    throw new Error(`${path}: bad step ${JSON.stringify(metadata.step)}`);
  }
  const json = (key: string) => {
    try {
      return JSON.parse(metadata[key] ?? "null");
    } catch (err) {
      throw new Error(`${path}: __metadata__.${key} is not JSON: ${(err as Error).message}`);
    }
  };
  if (expected) {
    const problems: string[] = [];
    for (const [name, want] of Object.entries(expected)) {
      const got = tensors[name];
      if (!got) problems.push(`missing tensor "${name}"`);
      else if (got.shape.join() !== want.shape.join() || got.shape.length !== want.shape.length) {
        problems.push(`tensor "${name}" has shape [${got.shape}], expected [${want.shape}]`);
      } else if (want.dtype && got.dtype !== want.dtype) {
        problems.push(`tensor "${name}" has dtype ${got.dtype}, expected ${want.dtype}`);
      }
    }
    for (const name of Object.keys(tensors)) {
      if (!(name in expected)) problems.push(`unexpected tensor "${name}"`);
    }
    if (problems.length > 0) {
      const shown = problems.slice(0, 10).join("; ");
      const more = problems.length > 10 ? ` (and ${problems.length - 10} more)` : "";
      throw new Error(`${path}: checkpoint does not match the model: ${shown}${more}`);
    }
  }
  return { tensors, step, config: json("config"), rng: json("rng"), metadata };
}
