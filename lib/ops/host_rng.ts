/**
 * Random numbers on the host: {@link HostRng}, a Philox4x32-10 stream bit-identical to the
 * GPU `Rng` (lib/ops/random.ts) of the same seed and counter, for the few random numbers per
 * image that augmentation draws, for shuffles and for sampling schedules.
 *
 * @example
 * const rng = new HostRng(42);
 * const u = rng.uniform(3); // 3 values in [0, 1)
 * @module
 */
import type { RngState } from "./random.ts";

/** High 32 bits of the 64-bit product of two u32 (exact, in 16-bit halves). */
function mulhi(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const mid = ((a0 * b0) >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  return (a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16)) >>> 0;
}

/** Philox4x32-10 of counter (block, 0, 0, 0) and key (k0, k1), as kernels/include/philox.wgsl. */
function philox(block: number, k0: number, k1: number, out: Uint32Array, at: number): void {
  let c0 = block >>> 0, c1 = 0, c2 = 0, c3 = 0;
  for (let r = 0; r < 10; r++) {
    const h0 = mulhi(0xd2511f53, c0);
    const l0 = Math.imul(0xd2511f53, c0) >>> 0;
    const h1 = mulhi(0xcd9e8d57, c2);
    const l1 = Math.imul(0xcd9e8d57, c2) >>> 0;
    c0 = (h1 ^ c1 ^ k0) >>> 0;
    c1 = l1;
    c2 = (h0 ^ c3 ^ k1) >>> 0;
    c3 = l0;
    k0 = (k0 + 0x9e3779b9) >>> 0;
    k1 = (k1 + 0xbb67ae85) >>> 0;
  }
  out[at] = c0;
  out[at + 1] = c1;
  out[at + 2] = c2;
  out[at + 3] = c3;
}

/**
 * A seeded host random stream: Philox4x32-10, the same bits as the GPU `Rng` for the same
 * `{seed, counter}` (`bits(n)` equals `Rng.bits([n])`, `uniform(n)` equals `Rng.uniform([n])`,
 * and both advance the counter by `ceil(n / 4) * 4`). For the few random numbers per image
 * that augmentation needs, and for shuffles.
 *
 * @example
 * const rng = new HostRng(42);
 * const u = rng.uniform(3);            // Float64Array of 3 values in [0, 1)
 * const resume = new HostRng(rng.state());
 */
export class HostRng {
  seed: number;
  counter: number;

  /** `seed`: a non-negative integer below 2^53, or a saved {@link RngState}. */
  constructor(seed: number | RngState) {
    const s = typeof seed === "number" ? { seed, counter: 0 } : seed;
    if (!Number.isSafeInteger(s.seed) || s.seed < 0) {
      throw new RangeError(`HostRng: seed must be a non-negative safe integer, got ${s.seed}`);
    }
    if (!Number.isSafeInteger(s.counter) || s.counter < 0 || s.counter % 4 !== 0) {
      throw new RangeError(
        `HostRng: counter must be a non-negative multiple of 4, got ${s.counter}`,
      );
    }
    this.seed = s.seed;
    this.counter = s.counter;
  }

  /** The position to save and resume from. */
  state(): RngState {
    return { seed: this.seed, counter: this.counter };
  }

  /** `n` raw 32-bit words. */
  bits(n: number): Uint32Array {
    const blocks = Math.ceil(n / 4);
    const out = new Uint32Array(blocks * 4);
    const k0 = this.seed % 2 ** 32;
    const k1 = Math.floor(this.seed / 2 ** 32);
    const first = this.counter / 4;
    for (let t = 0; t < blocks; t++) philox((first + t) % 2 ** 32, k0, k1, out, 4 * t);
    this.counter += blocks * 4;
    if (this.counter / 4 >= 2 ** 32) this.counter = 0; // as Rng: the block counter wraps
    return out.subarray(0, n);
  }

  /** `n` uniforms in [0, 1) with 24-bit resolution (exact f32 values). */
  uniform(n: number): Float64Array {
    return Float64Array.from(this.bits(n), (b) => (b >>> 8) * 2 ** -24);
  }

  /** A uniformly random permutation of 0..n-1 (Fisher-Yates on 32-bit words). */
  permutation(n: number): Int32Array {
    const words = this.bits(n);
    const p = Int32Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor((words[i] / 2 ** 32) * (i + 1));
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}

/**
 * A stream from a seed (a fresh {@link HostRng}) or the stream itself.
 *
 * @example
 * asRng(7).uniform(1); // the first uniform of seed 7
 */
export const asRng = (r: HostRng | number): HostRng => (typeof r === "number" ? new HostRng(r) : r);
