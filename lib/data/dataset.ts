/**
 * The in-memory form of an image classification data set, shared by every reader.
 * @module
 */

/**
 * Images and labels on the host. `images` holds `n * channels * height * width` values in
 * [0, 1], image-major, NCHW; `labels[i]` indexes `classes`.
 *
 * @example
 * ```ts
 * const ds: Dataset = {
 *   images: new Float32Array(2 * 1 * 28 * 28), labels: new Int32Array([0, 1]),
 *   n: 2, channels: 1, height: 28, width: 28, classes: ["a", "b"],
 * };
 * ```
 */
export interface Dataset {
  images: Float32Array;
  labels: Int32Array;
  n: number;
  channels: number;
  height: number;
  width: number;
  classes: string[];
  /** Where the data came from (a folder or file path), for logs and reports. */
  source?: string;
}

/**
 * Counts images per class.
 *
 * @example
 * ```ts
 * classCounts(ds); // [300, 300, ...]
 * ```
 */
export function classCounts(ds: Dataset): number[] {
  const counts = new Array<number>(ds.classes.length).fill(0);
  for (const y of ds.labels) counts[y]++;
  return counts;
}

/**
 * The images and labels of data sets of one image shape, one after the other.
 *
 * @example
 * ```ts
 * const { images, labels, n } = concatImages([batch0, batch1]);
 * ```
 */
export function concatImages(
  parts: readonly Pick<Dataset, "images" | "labels" | "n">[],
): Pick<Dataset, "images" | "labels" | "n"> {
  const n = parts.reduce((a, p) => a + p.n, 0);
  const images = new Float32Array(parts.reduce((a, p) => a + p.images.length, 0));
  const labels = new Int32Array(n);
  let at = 0, pixel = 0;
  for (const p of parts) {
    images.set(p.images, pixel);
    labels.set(p.labels, at);
    pixel += p.images.length;
    at += p.n;
  }
  return { images, labels, n };
}

/**
 * The examples of `ds` at `indices`, in that order, as a new data set (images copied).
 *
 * @example
 * const coreset = subsetDataset(train, randomSubset(train.labels, 10, 10, 0));
 */
export function subsetDataset(ds: Dataset, indices: Int32Array): Dataset {
  const per = ds.channels * ds.height * ds.width;
  const images = new Float32Array(indices.length * per);
  const labels = new Int32Array(indices.length);
  indices.forEach((i, k) => {
    if (!(Number.isInteger(i) && i >= 0 && i < ds.n)) {
      throw new RangeError(`subsetDataset: index ${i} (position ${k}) outside [0, ${ds.n})`);
    }
    images.set(ds.images.subarray(i * per, (i + 1) * per), k * per);
    labels[k] = ds.labels[i];
  });
  return {
    images,
    labels,
    n: indices.length,
    channels: ds.channels,
    height: ds.height,
    width: ds.width,
    classes: [...ds.classes],
    source: `${ds.source ?? "data set"} (subset of ${indices.length})`,
  };
}
