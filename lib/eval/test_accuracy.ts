/**
 * Scoring a trained classifier on a whole data set: its predicted class for every image (one
 * readback), the accuracy, and the accuracy of each class.
 *
 * @example
 * const pred = await testPredictions(net, test, channelStats(train));
 * accuracyOf(pred, test.labels); // e.g. 82.4 (percent)
 * accuracyByClass(pred, test.labels, test.classes.length); // [91.2, 97.0, ...]
 * @module
 */
import { dispose, tidy, type Tree } from "../autodiff/scope.ts";
import type { Dataset } from "../data/dataset.ts";
import { type ChannelStats, Loader } from "../data/loader.ts";
import type { Model } from "../nn/model.ts";
import { cast } from "../ops/creation.ts";
import { argmax } from "../ops/reduce.ts";
import { concat } from "../ops/shape.ts";
import type { Tensor } from "../tensor.ts";

/**
 * The class `net` predicts for each image of `test`, in order, in batches normalised with
 * `stats`; the predictions stay on the GPU until one readback at the end.
 *
 * @example
 * const pred = await testPredictions(net, test, stats); // Int32Array of test.n classes
 */
export async function testPredictions(
  net: Model<Tree>,
  test: Dataset,
  stats: ChannelStats,
  batchSize = 256,
): Promise<Int32Array> {
  const loader = new Loader(test, { batchSize, shuffle: false, normalize: stats });
  const batches: Tensor[] = [];
  try {
    for (let b = 0; b < loader.batchesPerEpoch; b++) {
      batches.push(tidy(() => cast(argmax(net.apply(net.params, loader.next().images), 1), "f32")));
    }
    const all = concat(batches, 0);
    const data = await all.data().finally(() => all.dispose());
    if (data.length !== test.n) {
      throw new Error(`testPredictions: ${data.length} predictions for ${test.n} images`);
    }
    return Int32Array.from(data);
  } finally {
    dispose(batches);
  }
}

/**
 * The percentage of `pred` equal to `labels`.
 *
 * @example
 * accuracyOf(Int32Array.of(0, 1, 1), Int32Array.of(0, 1, 0)); // 66.67
 */
export function accuracyOf(pred: Int32Array, labels: ArrayLike<number>): number {
  let hits = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] === labels[i]) hits++;
  return (100 * hits) / pred.length;
}

/**
 * The accuracy (percent) on the images of each class; NaN for a class with no image.
 *
 * @example
 * accuracyByClass(Int32Array.of(0, 1, 1), Int32Array.of(0, 1, 0), 2); // [50, 100]
 */
export function accuracyByClass(
  pred: Int32Array,
  labels: ArrayLike<number>,
  classes: number,
): number[] {
  const hits = new Array<number>(classes).fill(0);
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < pred.length; i++) {
    counts[labels[i]]++;
    if (pred[i] === labels[i]) hits[labels[i]]++;
  }
  return hits.map((h, c) => (counts[c] ? (100 * h) / counts[c] : NaN));
}

/**
 * The mean over runs of each class's accuracy.
 *
 * @example
 * meanByClass([[50, 100], [70, 90]]); // [60, 95]
 */
export function meanByClass(runs: readonly number[][]): number[] {
  return runs[0].map((_, c) => runs.reduce((a, r) => a + r[c], 0) / runs.length);
}

/**
 * Test accuracy (percent) of a model on a whole data set, in batches, normalised with
 * `stats`.
 *
 * @example
 * const acc = await testAccuracy(net, test, channelStats(train)); // e.g. 82.4
 */
export async function testAccuracy(
  net: Model<Tree>,
  test: Dataset,
  stats: ChannelStats,
  batchSize = 256,
): Promise<number> {
  return accuracyOf(await testPredictions(net, test, stats, batchSize), test.labels);
}
