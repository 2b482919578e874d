/**
 * safetensors files (the Hugging Face format): an 8-byte little-endian header length, a JSON
 * header `{name: {dtype, shape, data_offsets}, __metadata__?: {string: string}}`, then the
 * little-endian tensor bytes, contiguous. Files written here open with `safetensors.torch`.
 * Bytes in, bytes out (no file system): `safetensors_file.ts` reads and writes files.
 * @module
 */

/** Element types supported here. F16 data is held as raw IEEE half bits in a Uint16Array. */
export type DType = "F32" | "F16" | "I32" | "I64";

/** Typed-array storage of a host tensor. */
export type TensorData = Float32Array | Uint16Array | Int32Array | BigInt64Array;

/** A tensor on the host: `data.length` equals the product of `shape`, row-major. */
export interface HostTensor {
  dtype: DType;
  shape: number[];
  data: TensorData;
}

/** Named tensors. */
export type TensorMap = Record<string, HostTensor>;

/** The contents of a safetensors file. */
export interface Safetensors {
  tensors: TensorMap;
  metadata: Record<string, string>;
}

const SIZE: Record<DType, number> = { F32: 4, F16: 2, I32: 4, I64: 8 };
const ARRAY = { F32: Float32Array, F16: Uint16Array, I32: Int32Array, I64: BigInt64Array };
const MAX_HEADER = 100_000_000; // the limit of the reference implementation
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const numel = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * Serialises tensors and string metadata. Tensors are laid out by element size (largest
 * first), then by name, so every tensor is aligned; the header is space-padded to 8 bytes.
 *
 * @example
 * ```ts
 * const bytes = encodeSafetensors(
 *   { w: { dtype: "F32", shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) } },
 *   { step: "100" },
 * );
 * ```
 */
export function encodeSafetensors(
  tensors: TensorMap,
  metadata: Record<string, string> = {},
): Uint8Array {
  if (!LITTLE_ENDIAN) throw new Error("safetensors: big-endian hosts are not supported");
  const names = Object.keys(tensors).sort((a, b) =>
    SIZE[tensors[b].dtype] - SIZE[tensors[a].dtype] || (a < b ? -1 : a > b ? 1 : 0)
  );
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== "string") throw new Error(`safetensors: metadata "${k}" is not a string`);
    }
    header.__metadata__ = metadata;
  }
  let offset = 0;
  for (const name of names) {
    const t = tensors[name];
    if (!(t.dtype in ARRAY)) throw new Error(`safetensors: tensor "${name}": bad dtype ${t.dtype}`);
    if (!(t.data instanceof ARRAY[t.dtype])) {
      throw new Error(
        `safetensors: tensor "${name}": ${t.dtype} needs a ${ARRAY[t.dtype].name}, ` +
          `got ${t.data.constructor.name}`,
      );
    }
    if (t.data.length !== numel(t.shape)) {
      throw new Error(
        `safetensors: tensor "${name}": shape [${t.shape}] needs ${numel(t.shape)} values, ` +
          `got ${t.data.length}`,
      );
    }
    header[name] = {
      dtype: t.dtype,
      shape: t.shape,
      data_offsets: [offset, offset + t.data.byteLength],
    };
    offset += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  json += " ".repeat((8 - (new TextEncoder().encode(json).length % 8)) % 8);
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let at = 8 + head.length;
  for (const name of names) {
    const d = tensors[name].data;
    out.set(new Uint8Array(d.buffer, d.byteOffset, d.byteLength), at);
    at += d.byteLength;
  }
  return out;
}

/**
 * Parses safetensors bytes, checking the header against the data: every error names `name`
 * and what is wrong (truncated file, header sizes that do not match, unknown dtype ...).
 *
 * @example
 * ```ts
 * const { tensors, metadata } = decodeSafetensors(bytes, "model.safetensors");
 * tensors.w.shape; // [2, 2]
 * ```
 */
export function decodeSafetensors(bytes: Uint8Array, name = "<safetensors>"): Safetensors {
  if (!LITTLE_ENDIAN) throw new Error("safetensors: big-endian hosts are not supported");
  function fail(msg: string): never {
    throw new Error(`${name}: ${msg}`);
  }
  if (bytes.length < 8) {
    fail(`truncated: ${bytes.length} bytes, the 8-byte header length is missing`);
  }
  const n = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(Math.min(MAX_HEADER, bytes.length - 8))) {
    fail(
      `header length ${n} exceeds the ${bytes.length - 8} bytes after it ` +
        `(truncated, or not a safetensors file)`,
    );
  }
  const headerLen = Number(n);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(
      bytes.subarray(8, 8 + headerLen),
    ));
  } catch (err) {
    return fail(`header is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) {
    fail("header is not a JSON object");
  }
  const metadata: Record<string, string> = {};
  const rawMeta = header.__metadata__ ?? {};
  if (typeof rawMeta !== "object" || rawMeta === null) fail("__metadata__ is not an object");
  for (const [k, v] of Object.entries(rawMeta as Record<string, unknown>)) {
    if (typeof v !== "string") fail(`__metadata__ "${k}" is not a string`);
    metadata[k] = v as string;
  }
  const dataStart = 8 + headerLen;
  const dataLen = bytes.length - dataStart;
  const tensors: TensorMap = {};
  const spans: [number, number, string][] = [];
  for (const [key, entry] of Object.entries(header)) {
    if (key === "__metadata__") continue;
    const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const t = `tensor "${key}"`;
    if (typeof e !== "object" || e === null) fail(`${t}: entry is not an object`);
    const dtype = e.dtype as DType;
    if (typeof dtype !== "string" || !(dtype in SIZE)) {
      fail(`${t}: unsupported dtype ${JSON.stringify(e.dtype)} (supported: F32, F16, I32, I64)`);
    }
    const shape = e.shape as number[];
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      fail(`${t}: shape ${JSON.stringify(e.shape)} is not a list of non-negative integers`);
    }
    const off = e.data_offsets as number[];
    if (
      !Array.isArray(off) || off.length !== 2 || !off.every((o) => Number.isSafeInteger(o)) ||
      off[0] < 0 || off[1] < off[0]
    ) {
      fail(`${t}: data_offsets ${JSON.stringify(e.data_offsets)} is not [begin, end]`);
    }
    const need = numel(shape) * SIZE[dtype];
    if (off[1] - off[0] !== need) {
      fail(
        `${t}: shape [${shape}] of ${dtype} needs ${need} bytes, but data_offsets ` +
          `[${off}] span ${off[1] - off[0]}`,
      );
    }
    if (off[1] > dataLen) {
      fail(
        `${t}: data_offsets [${off}] run past the end of the data (${dataLen} bytes): ` +
          `truncated file?`,
      );
    }
    const copy = bytes.slice(dataStart + off[0], dataStart + off[1]);
    tensors[key] = { dtype, shape, data: new ARRAY[dtype](copy.buffer) };
    spans.push([off[0], off[1], key]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  let end = 0;
  for (const [b, e, key] of spans) {
    if (b !== end) fail(`tensor "${key}" starts at ${b}, expected ${end} (overlap or hole)`);
    end = e;
  }
  if (end !== dataLen) fail(`${dataLen - end} bytes after the last tensor's data`);
  return { tensors, metadata };
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/**
 * Converts floats to IEEE half bits (round to nearest even; overflow gives infinity).
 *
 * @example
 * ```ts
 * f32ToF16(new Float32Array([1, -2])); // Uint16Array [0x3c00, 0xc000]
 * ```
 */
export function f32ToF16(values: Float32Array | number[]): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    f32[0] = values[i];
    const x = u32[0];
    const sign = (x >>> 16) & 0x8000;
    const exp = (x >>> 23) & 0xff;
    let mant = x & 0x7fffff;
    const e = exp - 112; // rebias 127 -> 15
    let h: number;
    if (exp === 0xff) h = 0x7c00 | (mant ? 0x200 : 0);
    else if (e >= 0x1f) h = 0x7c00;
    else if (e <= 0) {
      if (e < -10) h = 0;
      else {
        mant |= 0x800000;
        const shift = 14 - e;
        h = mant >>> shift;
        const rem = mant & ((1 << shift) - 1), half = 1 << (shift - 1);
        if (rem > half || (rem === half && (h & 1))) h++;
      }
    } else {
      h = (e << 10) | (mant >>> 13);
      const rem = mant & 0x1fff;
      if (rem > 0x1000 || (rem === 0x1000 && (h & 1))) h++; // may carry into infinity: correct
    }
    out[i] = sign | h;
  }
  return out;
}

/**
 * Converts IEEE half bits to floats.
 *
 * @example
 * ```ts
 * f16ToF32(new Uint16Array([0x3c00])); // Float32Array [1]
 * ```
 */
export function f16ToF32(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) {
    const h = bits[i];
    const s = h & 0x8000 ? -1 : 1, e = (h >>> 10) & 0x1f, m = h & 0x3ff;
    out[i] = e === 0
      ? s * m * 2 ** -24
      : e === 0x1f
      ? (m ? NaN : s * Infinity)
      : s * (1 + m / 1024) * 2 ** (e - 15);
  }
  return out;
}
