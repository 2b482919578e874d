/**
 * How good a class-conditional prior is, measured with a classifier trained on real data:
 * the share of samples it labels as their intended class, and the Frechet distance between
 * samples and real test images in its feature space, beside the same distance between two
 * disjoint halves of the real test set (the floor a perfect generator would reach).
 *
 * @example
 * const clf = await trainReferenceClassifier(train, { epochs: 1 });
 * const q = await priorQuality(clf, samples, test, 1000);
 * console.log(q.sampleAccuracy, q.fdSamples, q.fdRealHalves);
 * @module
 */
import { valueAndGrad } from "../autodiff/grad.ts";
import { dispose, tidy } from "../autodiff/scope.ts";
import { HostRng } from "../ops/host_rng.ts";
import type { Dataset } from "../data/dataset.ts";
import { type ChannelStats, channelStats, Loader } from "../data/loader.ts";
import { convNet, type ConvNetParams } from "../nn/convnet.ts";
import { argmax } from "../ops/reduce.ts";
import { crossEntropy } from "../ops/loss.ts";
import { Rng } from "../ops/random.ts";
import { Adam } from "../optim/adam.ts";
import { noGrad } from "../autodiff/tape.ts";
import type { Model } from "../nn/model.ts";
import type { Tensor } from "../tensor.ts";
import { frechetDistance } from "./frechet.ts";
import { accuracyByClass, accuracyOf } from "./test_accuracy.ts";

/** A classifier trained on real data, and the normalisation it expects. */
export interface ReferenceClassifier {
  net: Model<ConvNetParams>;
  stats: ChannelStats;
  /** Accuracy on the real test set, percent (filled by {@link priorQuality} callers). */
  testAccuracy?: number;
}

/**
 * Trains a ConvNet-3 (instance norm, ReLU) with Adam, without augmentation.
 *
 * @example
 * const clf = await trainReferenceClassifier(train, { width: 32, epochs: 1, seed: 0 });
 * await testAccuracy(clf.net, test, clf.stats); // percent
 */
export async function trainReferenceClassifier(
  train: Dataset,
  o: {
    width?: number;
    epochs?: number;
    batch?: number;
    lr?: number;
    seed?: number;
    log?: (s: string) => void;
  } = {},
): Promise<ReferenceClassifier> {
  const stats = channelStats(train);
  const net = convNet({
    channels: train.channels,
    size: train.height,
    classes: train.classes.length,
    width: o.width ?? 32,
  }, new Rng(o.seed ?? 0));
  const loader = new Loader(train, {
    batchSize: o.batch ?? 128,
    seed: o.seed ?? 0,
    normalize: stats,
    dropLast: true,
  });
  const opt = new Adam(net.params, { lr: o.lr ?? 1e-3 });
  const step = valueAndGrad((p: ConvNetParams, x: Tensor, y: Tensor) =>
    crossEntropy(net.apply(p, x), y)
  );
  const steps = Math.round((o.epochs ?? 1) * loader.batchesPerEpoch);
  for (let s = 1; s <= steps; s++) {
    const b = loader.next();
    const { value, grads } = step(net.params, b.images, b.labels);
    opt.step(net.params, grads);
    dispose([grads, b.images, b.labels]);
    if (s % 50 === 0 || s === steps) {
      o.log?.(`classifier step ${s}/${steps} loss ${(await value.item()).toFixed(4)}`);
    }
    value.dispose();
  }
  opt.dispose();
  return { net, stats };
}

/** Penultimate features [n, d] and predicted classes of a data set. */
export async function embedAndPredict(
  clf: ReferenceClassifier,
  ds: Dataset,
): Promise<{ features: Float32Array; dim: number; predictions: Int32Array }> {
  const loader = new Loader(ds, { batchSize: 250, shuffle: false, normalize: clf.stats });
  const dim = clf.net.featureSize!;
  const features = new Float32Array(ds.n * dim);
  const predictions = new Int32Array(ds.n);
  let at = 0;
  for (let b = 0; b < loader.batchesPerEpoch; b++) {
    const batch = loader.next();
    const [f, p] = noGrad(() =>
      tidy(() => {
        const e = clf.net.embed!(clf.net.params, batch.images);
        return [e, argmax(clf.net.apply(clf.net.params, batch.images), 1)];
      })
    );
    const n = batch.images.shape[0];
    features.set((await f.data()) as Float32Array, at * dim);
    predictions.set((await p.data()) as Int32Array, at);
    at += n;
    dispose([f, p, batch.images, batch.labels]);
  }
  return { features, dim, predictions };
}

/** The quality figures of a set of class-conditional samples. */
export interface PriorQuality {
  /** Percent of samples the classifier labels as their intended class. */
  sampleAccuracy: number;
  perClassAccuracy: number[];
  /** Frechet distance, samples vs `n` real test images. */
  fdSamples: number;
  /** Frechet distance between two disjoint halves (n images each) of the real test set. */
  fdRealHalves: number;
  /** Classifier accuracy on the whole real test set, percent. */
  classifierTestAccuracy: number;
  /**
   * Its accuracy on each class of the real test set, percent: what a prior that drew exactly
   * the data's distribution would score per class (the ceiling of `perClassAccuracy`).
   */
  classifierPerClass: number[];
  featureDim: number;
  n: number;
}

/**
 * Measures `samples` (labels = intended classes) against `test`: `n` real images for the
 * sample distance, and two disjoint sets of `n` for the real-vs-real distance (the test
 * set needs 2n images).
 *
 * @example
 * const clf = await trainReferenceClassifier(train, { epochs: 1 });
 * const q = await priorQuality(clf, samples, test, 1000);
 * console.log(q.sampleAccuracy, q.fdSamples, q.fdRealHalves);
 */
export async function priorQuality(
  clf: ReferenceClassifier,
  samples: Dataset,
  test: Dataset,
  n: number,
  seed = 0,
): Promise<PriorQuality> {
  if (test.n < 2 * n) {
    throw new Error(`priorQuality: the test set has ${test.n} images, needs 2 x ${n}`);
  }
  const s = await embedAndPredict(clf, samples);
  const r = await embedAndPredict(clf, test);
  const order = new HostRng(seed).permutation(test.n);
  const take = (idx: Int32Array) => {
    const out = new Float32Array(idx.length * r.dim);
    idx.forEach((k, i) => out.set(r.features.subarray(k * r.dim, (k + 1) * r.dim), i * r.dim));
    return out;
  };
  const realA = take(order.subarray(0, n)), realB = take(order.subarray(n, 2 * n));
  return {
    sampleAccuracy: accuracyOf(s.predictions, samples.labels),
    perClassAccuracy: accuracyByClass(s.predictions, samples.labels, samples.classes.length),
    fdSamples: frechetDistance(s.features, realA, s.dim),
    fdRealHalves: frechetDistance(realB, realA, s.dim),
    classifierTestAccuracy: accuracyOf(r.predictions, test.labels),
    classifierPerClass: accuracyByClass(r.predictions, test.labels, test.classes.length),
    featureDim: s.dim,
    n,
  };
}
