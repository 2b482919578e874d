/**
 * Seeded, counter-based random numbers on the GPU (kernels/rng.wgsl, Philox4x32-10).
 * A draw is a pure function of (seed, counter): the same seed gives the same bits on
 * every run; raw bits, uniforms and permutations are identical on every adapter.
 *
 * @example
 * const rng = new Rng(42);
 * const noise = rng.normal([64, 1, 28, 28]);
 * const order = rng.permutation(60000);       // i32
 * const state = rng.state();                  // save with a checkpoint; new Rng(state) resumes
 */
import { dispatchKernel, KERNELS } from "../gpu/kernel_dispatch.ts";
import { DType, sizeOf, Tensor } from "../tensor.ts";
import { arange, full } from "./creation.ts";
import { slice } from "./shape.ts";
import { grid } from "./util.ts";

/** A serialisable RNG position. */
export interface RngState {
  seed: number;
  counter: number;
}

/**
 * A stream of random tensors from one seed; each draw advances the counter.
 *
 * @example
 * const rng = new Rng(42);
 * const noise = rng.normal([64, 1, 28, 28]);
 * const order = rng.permutation(60000); // i32
 * const resumed = new Rng(rng.state()); // continues where rng stands
 */
export class Rng {
  seed: number;
  counter: number;

  /** `seed`: a non-negative integer below 2^53, or a saved {@link RngState}. */
  constructor(seed: number | RngState) {
    const s = typeof seed === "number" ? { seed, counter: 0 } : seed;
    if (!Number.isSafeInteger(s.seed) || s.seed < 0) {
      throw new RangeError(`Rng: seed must be a non-negative safe integer, got ${s.seed}`);
    }
    this.seed = s.seed;
    this.counter = s.counter;
  }

  /** The position to save and resume from. */
  state(): RngState {
    return { seed: this.seed, counter: this.counter };
  }

  /** Writes `n` draws of distribution `dist` into `out`, from the current counter. */
  #draw(out: Tensor, n: number, dist: number): void {
    dispatchKernel(KERNELS.rng.main, {
      constants: { DIST: dist },
      buffers: [out.buffer],
      params: {
        n,
        seedLo: this.seed % 2 ** 32,
        seedHi: Math.floor(this.seed / 2 ** 32),
        block: this.counter / 4,
      },
      workgroups: grid(Math.ceil(n / 4)),
    });
    this.counter += Math.ceil(n / 4) * 4;
    if (this.counter / 4 >= 2 ** 32) this.counter = 0; // the 32-bit block counter wraps
  }

  #tensor(shape: readonly number[], dist: number, dtype: DType): Tensor {
    const t = new Tensor(shape, dtype);
    this.#draw(t, sizeOf(shape), dist);
    return t;
  }

  /** Uniform f32 in [0, 1) (24-bit resolution). */
  uniform(shape: readonly number[]): Tensor {
    return this.#tensor(shape, 1, "f32");
  }

  /** Standard normal f32 (Box-Muller). */
  normal(shape: readonly number[]): Tensor {
    return this.#tensor(shape, 2, "f32");
  }

  /** Raw 32-bit random words (u32). */
  bits(shape: readonly number[]): Tensor {
    return this.#tensor(shape, 0, "u32");
  }

  /** A uniformly random permutation of 0..n-1 (i32): random keys sorted bitonically. */
  permutation(n: number): Tensor {
    const m = 2 ** Math.ceil(Math.log2(Math.max(2, n)));
    const keys = full([m], 0xffffffff, "u32");
    this.#draw(keys, n, 0);
    const vals = arange(m, "i32");
    for (let k = 2; k <= m; k *= 2) {
      for (let j = k / 2; j >= 1; j /= 2) {
        dispatchKernel(KERNELS.bitonic_sort.main, {
          buffers: [keys.buffer, vals.buffer],
          params: { n: m, k, j },
          workgroups: grid(m),
        });
      }
    }
    const out = slice(vals, [0], [n]);
    keys.dispose();
    vals.dispose();
    return out;
  }
}
