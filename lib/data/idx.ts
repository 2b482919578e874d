/**
 * IDX files (the MNIST and Fashion-MNIST format), gzipped or not.
 *
 * Layout: magic `0x0000TTDD` (TT = element type, DD = number of dims), DD big-endian uint32
 * sizes, then the elements, big-endian, row-major.
 * @module
 */
import { gunzipSync, gzipSync } from "node:zlib";
import type { Dataset } from "./dataset.ts";

/** IDX element types. */
export type IdxType = "ubyte" | "byte" | "short" | "int" | "float" | "double";

/** A decoded IDX array. */
export interface IdxArray {
  type: IdxType;
  shape: number[];
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

const CODES: Record<IdxType, number> = {
  ubyte: 0x08,
  byte: 0x09,
  short: 0x0b,
  int: 0x0c,
  float: 0x0d,
  double: 0x0e,
};
const SIZES: Record<IdxType, number> = { ubyte: 1, byte: 1, short: 2, int: 4, float: 4, double: 8 };

const hex = (v: number) => "0x" + v.toString(16).padStart(8, "0");
const magicOf = (type: IdxType, dims: number) => ((CODES[type] << 8) | dims) >>> 0;

/**
 * Decodes IDX bytes (not gzipped). `name` is used in error messages; `expect` checks the type
 * and number of dims.
 *
 * @example
 * ```ts
 * const labels = parseIdx(bytes, "train-labels-idx1-ubyte", { type: "ubyte", dims: 1 });
 * labels.shape; // [60000]
 * ```
 */
export function parseIdx(
  bytes: Uint8Array,
  name = "<idx>",
  expect?: { type: IdxType; dims: number },
): IdxArray {
  if (bytes.length < 4) {
    throw new Error(`${name}: truncated: ${bytes.length} bytes, an IDX header needs at least 4`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const type = (Object.keys(CODES) as IdxType[]).find((t) => CODES[t] === bytes[2]);
  const dims = bytes[3];
  const ok = bytes[0] === 0 && bytes[1] === 0 && type !== undefined &&
    (!expect || (type === expect.type && dims === expect.dims));
  if (!ok) {
    const want = expect
      ? `expected ${hex(magicOf(expect.type, expect.dims))} (${expect.type}, ${expect.dims} dims)`
      : "expected 0x0000TTDD with TT one of 08, 09, 0b, 0c, 0d, 0e";
    throw new Error(`${name}: bad magic ${hex(magic)}, ${want}`);
  }
  const headerLen = 4 + 4 * dims;
  if (bytes.length < headerLen) {
    throw new Error(
      `${name}: truncated header: ${dims} dims need ${headerLen} bytes, file has ${bytes.length}`,
    );
  }
  const shape = Array.from({ length: dims }, (_, i) => view.getUint32(4 + 4 * i));
  const count = shape.reduce((a, b) => a * b, 1);
  const size = SIZES[type!];
  const need = headerLen + count * size;
  if (bytes.length !== need) {
    const what = bytes.length < need ? "truncated" : "trailing bytes";
    throw new Error(
      `${name}: ${what}: shape [${shape.join(", ")}] of ${type} needs ${need} bytes, ` +
        `file has ${bytes.length}`,
    );
  }
  const body = bytes.subarray(headerLen);
  switch (type!) {
    case "ubyte":
      return { type: "ubyte", shape, data: body.slice() };
    case "byte":
      return { type: "byte", shape, data: new Int8Array(body.slice().buffer) };
    default: {
      const data = makeArray(type!, count);
      const get = getter(view, type!);
      for (let i = 0; i < count; i++) data[i] = get(headerLen + i * size);
      return { type: type!, shape, data };
    }
  }
}

function makeArray(type: IdxType, n: number): IdxArray["data"] {
  switch (type) {
    case "ubyte":
      return new Uint8Array(n);
    case "byte":
      return new Int8Array(n);
    case "short":
      return new Int16Array(n);
    case "int":
      return new Int32Array(n);
    case "float":
      return new Float32Array(n);
    case "double":
      return new Float64Array(n);
  }
}

function getter(view: DataView, type: IdxType): (offset: number) => number {
  switch (type) {
    case "short":
      return (o) => view.getInt16(o);
    case "int":
      return (o) => view.getInt32(o);
    case "float":
      return (o) => view.getFloat32(o);
    case "double":
      return (o) => view.getFloat64(o);
    default:
      return (o) => view.getUint8(o);
  }
}

/**
 * Encodes an IDX array (not gzipped).
 *
 * @example
 * ```ts
 * const bytes = encodeIdx({ type: "ubyte", shape: [2], data: new Uint8Array([3, 7]) });
 * ```
 */
export function encodeIdx(arr: IdxArray): Uint8Array {
  const count = arr.shape.reduce((a, b) => a * b, 1);
  if (count !== arr.data.length) {
    throw new Error(
      `encodeIdx: shape [${arr.shape}] needs ${count} values, got ${arr.data.length}`,
    );
  }
  const headerLen = 4 + 4 * arr.shape.length;
  const size = SIZES[arr.type];
  const out = new Uint8Array(headerLen + count * size);
  const view = new DataView(out.buffer);
  view.setUint32(0, magicOf(arr.type, arr.shape.length));
  arr.shape.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  const set = {
    ubyte: (o: number, v: number) => view.setUint8(o, v),
    byte: (o: number, v: number) => view.setInt8(o, v),
    short: (o: number, v: number) => view.setInt16(o, v),
    int: (o: number, v: number) => view.setInt32(o, v),
    float: (o: number, v: number) => view.setFloat32(o, v),
    double: (o: number, v: number) => view.setFloat64(o, v),
  }[arr.type];
  for (let i = 0; i < count; i++) set(headerLen + i * size, arr.data[i]);
  return out;
}

/**
 * Reads an IDX file; gzipped files (starting with 1f 8b) are unpacked first.
 *
 * @example
 * ```ts
 * const images = await readIdx("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz",
 *   { type: "ubyte", dims: 3 });
 * images.shape; // [10000, 28, 28]
 * ```
 */
export async function readIdx(
  path: string,
  expect?: { type: IdxType; dims: number },
): Promise<IdxArray> {
  let bytes = await Deno.readFile(path);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = new Uint8Array(gunzipSync(bytes));
    } catch (err) {
      throw new Error(`${path}: cannot gunzip: ${(err as Error).message}`, { cause: err });
    }
  }
  return parseIdx(bytes, path, expect);
}

/**
 * Writes an IDX file, gzipped (deterministically, level 9) when `path` ends in `.gz`.
 *
 * @example
 * ```ts
 * await writeIdx("out/labels-idx1-ubyte.gz", { type: "ubyte", shape: [2], data: labels });
 * ```
 */
export async function writeIdx(path: string, arr: IdxArray): Promise<void> {
  const bytes = encodeIdx(arr);
  await Deno.writeFile(path, path.endsWith(".gz") ? gzipSync(bytes, { level: 9 }) : bytes);
}

/**
 * Reads an MNIST-layout pair of IDX files (ubyte images [n, h, w], ubyte labels [n]) into a
 * one-channel {@link Dataset} with values in [0, 1].
 *
 * @example
 * ```ts
 * const ds = await readIdxDataset("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
 *   ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
 * ```
 */
export async function readIdxDataset(
  imagesPath: string,
  labelsPath: string,
  classes: string[],
): Promise<Dataset> {
  const img = await readIdx(imagesPath, { type: "ubyte", dims: 3 });
  const lab = await readIdx(labelsPath, { type: "ubyte", dims: 1 });
  const [n, height, width] = img.shape;
  if (lab.shape[0] !== n) {
    throw new Error(`${labelsPath}: ${lab.shape[0]} labels, but ${imagesPath} has ${n} images`);
  }
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = lab.data[i];
    if (labels[i] >= classes.length) {
      throw new Error(
        `${labelsPath}: label ${labels[i]} at index ${i} >= ${classes.length} classes`,
      );
    }
  }
  const images = new Float32Array(img.data.length);
  for (let i = 0; i < images.length; i++) images[i] = img.data[i] / 255;
  return { images, labels, n, channels: 1, height, width, classes, source: imagesPath };
}
