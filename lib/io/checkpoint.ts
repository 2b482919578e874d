/**
 * Checkpoints: one safetensors file holding the tensors, with the step, the config (JSON) and
 * the RNG state (JSON) as strings in `__metadata__`, so it opens in the Hugging Face and
 * PyTorch tools as is. Bytes in, bytes out (no file system): `checkpoint_file.ts` reads and
 * writes files, atomically.
 * @module
 */
import { decodeSafetensors, type DType, encodeSafetensors, type TensorMap } from "./safetensors.ts";

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

/** Expected tensor shapes (and optionally dtypes) for {@link decodeCheckpoint}. */
export type ExpectedTensors = Record<string, { shape: number[]; dtype?: DType }>;

/**
 * Serialises a checkpoint to safetensors bytes; `name` names it in errors.
 *
 * @example
 * ```ts
 * const bytes = encodeCheckpoint({
 *   tensors: { "conv1.weight": { dtype: "F32", shape: [8, 1, 3, 3], data: w } },
 *   step: 1000, config: { lr: 0.01 }, rng: { seed: 0, counter: 1000 },
 * });
 * ```
 */
export function encodeCheckpoint(ckpt: Checkpoint, name = "<checkpoint>"): Uint8Array {
  if (!Number.isSafeInteger(ckpt.step)) {
    throw new Error(`${name}: step ${ckpt.step} is not an integer`);
  }
  try {
    return encodeSafetensors(ckpt.tensors, {
      ...ckpt.metadata,
      format: CHECKPOINT_FORMAT,
      step: String(ckpt.step),
      config: JSON.stringify(ckpt.config ?? null),
      rng: JSON.stringify(ckpt.rng ?? null),
    });
  } catch (err) {
    throw new Error(`${name}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Parses checkpoint bytes; `path` names them in errors. With `expected`, every expected
 * tensor must be present with that shape (and dtype, when given), and no other tensor may
 * be: the error lists each difference.
 *
 * @example
 * ```ts
 * const ck = decodeCheckpoint(bytes, "ve.safetensors", {
 *   "conv1.weight": { shape: [8, 1, 3, 3] },
 * });
 * ck.step; // 1000
 * ```
 */
export function decodeCheckpoint(
  bytes: Uint8Array,
  path = "<checkpoint>",
  expected?: ExpectedTensors,
): Checkpoint {
  const { tensors, metadata } = decodeSafetensors(bytes, path);
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
