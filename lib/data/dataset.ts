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
