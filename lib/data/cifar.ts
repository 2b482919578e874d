/**
 * CIFAR-10 binary batches (`cifar-10-batches-bin/`): records of one label byte followed by
 * 3 x 32 x 32 pixel bytes (all red, then green, then blue: already CHW).
 * @module
 */
import { concatImages, type Dataset } from "./dataset.ts";

/** The CIFAR-10 class names, in label order. */
export const CIFAR10_CLASSES = [
  "airplane",
  "automobile",
  "bird",
  "cat",
  "deer",
  "dog",
  "frog",
  "horse",
  "ship",
  "truck",
];

const PIXELS = 3 * 32 * 32;
const RECORD = 1 + PIXELS;

/**
 * Decodes one binary batch. `name` is used in error messages.
 *
 * @example
 * ```ts
 * const ds = parseCifarBatch(await Deno.readFile("test_batch.bin"), "test_batch.bin");
 * ds.n; // 10000
 * ```
 */
export function parseCifarBatch(
  bytes: Uint8Array,
  name = "<cifar>",
  classes: string[] = CIFAR10_CLASSES,
): Dataset {
  if (bytes.length === 0 || bytes.length % RECORD !== 0) {
    throw new Error(
      `${name}: ${bytes.length} bytes is not a whole number of ${RECORD}-byte CIFAR-10 records ` +
        `(truncated or not a CIFAR-10 binary batch)`,
    );
  }
  const n = bytes.length / RECORD;
  const labels = new Int32Array(n);
  const images = new Float32Array(n * PIXELS);
  for (let i = 0; i < n; i++) {
    const at = i * RECORD;
    labels[i] = bytes[at];
    if (labels[i] >= classes.length) {
      throw new Error(
        `${name}: record ${i} has label ${labels[i]}, expected 0..${classes.length - 1}`,
      );
    }
    for (let j = 0; j < PIXELS; j++) images[i * PIXELS + j] = bytes[at + 1 + j] / 255;
  }
  return { images, labels, n, channels: 3, height: 32, width: 32, classes, source: name };
}

/**
 * Encodes a 3 x 32 x 32 data set as one binary batch (values rounded to bytes).
 *
 * @example
 * ```ts
 * await Deno.writeFile("my_batch.bin", encodeCifarBatch(ds));
 * ```
 */
export function encodeCifarBatch(ds: Dataset): Uint8Array {
  if (ds.channels !== 3 || ds.height !== 32 || ds.width !== 32) {
    throw new Error(
      `encodeCifarBatch: images are ${ds.channels}x${ds.height}x${ds.width}, need 3x32x32`,
    );
  }
  const out = new Uint8Array(ds.n * RECORD);
  for (let i = 0; i < ds.n; i++) {
    out[i * RECORD] = ds.labels[i];
    for (let j = 0; j < PIXELS; j++) {
      const v = Math.round(ds.images[i * PIXELS + j] * 255);
      out[i * RECORD + 1 + j] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
  return out;
}

/**
 * Reads CIFAR-10 from `dir` (the `cifar-10-batches-bin` folder, or the folder holding it):
 * `data_batch_1..5.bin` for `train`, `test_batch.bin` for `test`. Class names come from
 * `batches.meta.txt` when present.
 *
 * @example
 * ```ts
 * const test = await readCifar10("data/cifar-10-batches-bin", "test");
 * ```
 */
export async function readCifar10(dir: string, split: "train" | "test"): Promise<Dataset> {
  const inner = `${dir}/cifar-10-batches-bin`;
  if (await isDir(inner)) dir = inner;
  let classes = CIFAR10_CLASSES;
  try {
    const meta = (await Deno.readTextFile(`${dir}/batches.meta.txt`)).split("\n")
      .map((s) => s.trim()).filter((s) => s.length > 0);
    if (meta.length > 0) classes = meta;
  } catch { /* no meta file: default names */ }
  const files = split === "train"
    ? [1, 2, 3, 4, 5].map((i) => `${dir}/data_batch_${i}.bin`)
    : [`${dir}/test_batch.bin`];
  const parts: Dataset[] = [];
  for (const f of files) {
    let bytes: Uint8Array;
    try {
      bytes = await Deno.readFile(f);
    } catch (err) {
      throw new Error(`${f}: cannot read CIFAR-10 batch: ${(err as Error).message}`, {
        cause: err,
      });
    }
    parts.push(parseCifarBatch(bytes, f, classes));
  }
  return { ...concatImages(parts), channels: 3, height: 32, width: 32, classes, source: dir };
}

async function isDir(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isDirectory;
  } catch {
    return false;
  }
}
