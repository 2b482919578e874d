/**
 * Batches of a host {@link Dataset} on the GPU: a seeded shuffle per epoch, per-channel
 * normalisation, and a resumable position, so that a checkpointed run continues with
 * bit-identical batches.
 *
 * The order of epoch e is a pure function of (seed, e): a Fisher-Yates shuffle driven by
 * {@link HostRng} (Philox4x32-10) keyed by the seed, from counter e * 4 * ceil(n / 4).
 *
 * @example
 * const loader = new Loader(train, { batchSize: 256, seed: 1 });
 * for (const { images, labels } of loader.epoch()) {
 *   // images: f32 [B, C, H, W], normalised; labels: i32 [B]
 *   dispose([images, labels]);
 * }
 * const saved = loader.position;          // { epoch, index, seed }: store with a checkpoint
 * const resumed = new Loader(train, { batchSize: 256, position: saved });
 * @module
 */
import { fromArray } from "../ops/creation.ts";
import type { Tensor } from "../tensor.ts";
import { HostRng } from "../ops/host_rng.ts";
import type { Dataset } from "./dataset.ts";

/** Where a loader stands: the next batch starts at example `index` of epoch `epoch`'s order. */
export interface LoaderPosition {
  epoch: number;
  /** Examples of the epoch already served (a multiple of the batch size). */
  index: number;
  seed: number;
}

/** Per-channel mean and standard deviation. */
export interface ChannelStats {
  mean: number[];
  std: number[];
}

/** Options of {@link Loader}. */
export interface LoaderOptions {
  batchSize: number;
  /** Seed of the shuffles (default 0); ignored when `position` is given. */
  seed?: number;
  /** Shuffle each epoch (default true); false serves the data set in order. */
  shuffle?: boolean;
  /** Drop the last, smaller batch of an epoch (default false). */
  dropLast?: boolean;
  /**
   * Per-channel normalisation (x - mean) / std: true (default) computes the statistics
   * from the data set, an object gives them, false serves the values as stored.
   */
  normalize?: boolean | ChannelStats;
  /** Resume from a saved {@link Loader.position}. */
  position?: LoaderPosition;
}

/** One batch on the GPU. The caller owns (and disposes) the tensors. */
export interface Batch {
  /** f32 [B, C, H, W], normalised if the loader normalises. */
  images: Tensor;
  /** i32 [B]. */
  labels: Tensor;
  /** Data set indices of the batch's examples. */
  indices: Int32Array;
  /** The epoch the batch belongs to. */
  epoch: number;
}

/**
 * Mean and (population) standard deviation of each channel over a whole data set, in
 * float64.
 *
 * @example
 * const { mean, std } = channelStats(train); // Fashion-MNIST: mean ~[0.286], std ~[0.353]
 */
export function channelStats(ds: Dataset): ChannelStats {
  const hw = ds.height * ds.width;
  const mean: number[] = [];
  const std: number[] = [];
  for (let c = 0; c < ds.channels; c++) {
    let s = 0;
    for (let i = 0; i < ds.n; i++) {
      const at = (i * ds.channels + c) * hw;
      for (let k = 0; k < hw; k++) s += ds.images[at + k];
    }
    const m = s / (ds.n * hw);
    let v = 0;
    for (let i = 0; i < ds.n; i++) {
      const at = (i * ds.channels + c) * hw;
      for (let k = 0; k < hw; k++) v += (ds.images[at + k] - m) ** 2;
    }
    mean.push(m);
    std.push(Math.sqrt(v / (ds.n * hw)));
  }
  return { mean, std };
}

/**
 * Statistics that map pixels in [0, 1] to [-1, 1] ((x - 0.5) / 0.5 per channel): the input
 * space of the diffusion prior and of the variational estimator.
 *
 * @example
 * const loader = new Loader(ds, { batchSize: 32, normalize: signedRange(ds.channels) });
 */
export function signedRange(channels: number): ChannelStats {
  return { mean: new Array(channels).fill(0.5), std: new Array(channels).fill(0.5) };
}

/**
 * Serves a host data set as GPU batches, epoch after epoch.
 *
 * @example
 * const loader = new Loader(ds, { batchSize: 64, seed: 3, dropLast: true });
 * const batch = loader.next();            // rolls over to the next epoch when one ends
 */
export class Loader {
  readonly batchSize: number;
  readonly seed: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  /** The normalisation applied, or null. */
  readonly stats: ChannelStats | null;
  #epoch = 0;
  #index = 0;
  #order: Int32Array | null = null;
  #orderEpoch = -1;

  constructor(readonly dataset: Dataset, opts: LoaderOptions) {
    const { n, channels } = dataset;
    if (!Number.isInteger(opts.batchSize) || opts.batchSize < 1) {
      throw new RangeError(`Loader: batchSize must be a positive integer, got ${opts.batchSize}`);
    }
    this.batchSize = opts.batchSize;
    this.shuffle = opts.shuffle ?? true;
    this.dropLast = opts.dropLast ?? false;
    this.seed = opts.position?.seed ?? opts.seed ?? 0;
    new HostRng(this.seed); // validates the seed
    if (this.perEpoch === 0) {
      throw new Error(
        `Loader: ${n} examples make no batch of ${this.batchSize}` +
          (this.dropLast ? " with dropLast" : ""),
      );
    }
    const norm = opts.normalize ?? true;
    this.stats = norm === true ? channelStats(dataset) : norm === false ? null : norm;
    if (this.stats) {
      const { mean, std } = this.stats;
      if (mean.length !== channels || std.length !== channels || std.some((s) => !(s > 0))) {
        throw new Error(
          `Loader: normalisation needs ${channels} means and ${channels} positive stds, got ` +
            `mean [${mean}] std [${std}]`,
        );
      }
    }
    if (opts.position) this.seek(opts.position);
  }

  /** Examples served per epoch. */
  get perEpoch(): number {
    const n = this.dataset.n;
    return this.dropLast ? n - (n % this.batchSize) : n;
  }

  /** Batches per epoch. */
  get batchesPerEpoch(): number {
    return Math.ceil(this.perEpoch / this.batchSize);
  }

  /** The position of the next batch; save it to resume with identical batches. */
  get position(): LoaderPosition {
    return { epoch: this.#epoch, index: this.#index, seed: this.seed };
  }

  /** Moves to a saved position (its seed must be this loader's). */
  seek(pos: LoaderPosition): void {
    if (pos.seed !== this.seed) {
      throw new Error(`Loader: position has seed ${pos.seed}, this loader ${this.seed}`);
    }
    if (
      !Number.isSafeInteger(pos.epoch) || pos.epoch < 0 || !Number.isSafeInteger(pos.index) ||
      pos.index < 0 || pos.index > this.perEpoch
    ) {
      throw new RangeError(
        `Loader: invalid position ${JSON.stringify(pos)} for ${this.perEpoch} images per ` +
          `epoch of ${this.dataset.source ?? "this data set"} (saved on other data?)`,
      );
    }
    if (pos.index % this.batchSize !== 0) {
      throw new RangeError(
        `Loader: invalid position ${
          JSON.stringify(pos)
        }: inside a batch of ${this.batchSize} (it was ` +
          `saved with another batch size); resume with the old batch size until the index is a ` +
          `multiple of ${this.batchSize}, then change it`,
      );
    }
    this.#epoch = pos.epoch;
    this.#index = pos.index;
    if (this.#index === this.perEpoch) {
      this.#epoch++;
      this.#index = 0;
    }
  }

  /** The example order of an epoch (data set indices), a pure function of (seed, epoch). */
  order(epoch: number): Int32Array {
    const n = this.dataset.n;
    if (!this.shuffle) return Int32Array.from({ length: n }, (_, i) => i);
    const stride = 4 * Math.ceil(n / 4);
    const counter = (epoch * stride) % 2 ** 34; // HostRng's counter wraps at 2^34
    return new HostRng({ seed: this.seed, counter }).permutation(n);
  }

  /** The next batch, uploaded to the GPU; after an epoch's last batch, the next epoch. */
  next(): Batch {
    if (this.#orderEpoch !== this.#epoch) {
      this.#order = this.order(this.#epoch);
      this.#orderEpoch = this.#epoch;
    }
    const end = Math.min(this.#index + this.batchSize, this.perEpoch);
    const indices = this.#order!.slice(this.#index, end);
    const epoch = this.#epoch;
    this.#index = end;
    if (this.#index >= this.perEpoch) {
      this.#epoch++;
      this.#index = 0;
    }
    return { ...this.#upload(indices), indices, epoch };
  }

  /**
   * The remaining batches of the current epoch (all of them at an epoch's start); the
   * position moves to the next epoch after the last.
   */
  *epoch(): Generator<Batch> {
    const e = this.#epoch;
    while (this.#epoch === e) yield this.next();
  }

  /** Endless batches, epoch after epoch. */
  *[Symbol.iterator](): Generator<Batch> {
    for (;;) yield this.next();
  }

  /** Gathers, normalises (float64 arithmetic, rounded to f32) and uploads examples. */
  #upload(indices: Int32Array): { images: Tensor; labels: Tensor } {
    const { images, labels, channels, height, width } = this.dataset;
    const hw = height * width;
    const per = channels * hw;
    const out = new Float32Array(indices.length * per);
    const y = new Int32Array(indices.length);
    indices.forEach((idx, b) => {
      y[b] = labels[idx];
      const src = images.subarray(idx * per, (idx + 1) * per);
      if (!this.stats) {
        out.set(src, b * per);
        return;
      }
      for (let c = 0; c < channels; c++) {
        const m = this.stats.mean[c];
        const s = this.stats.std[c];
        const at = b * per + c * hw;
        for (let k = 0; k < hw; k++) out[at + k] = (src[c * hw + k] - m) / s;
      }
    });
    return {
      images: fromArray(out, [indices.length, channels, height, width], "f32"),
      labels: fromArray(y, [indices.length], "i32"),
    };
  }
}
