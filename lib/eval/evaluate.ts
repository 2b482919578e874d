/**
 * The evaluation of dataset distillation: train a fresh network on a (distilled) data set
 * alone, then report its accuracy on the real test set, as mean and standard deviation
 * over several runs with different seeds.
 *
 * Two protocols (lib/eval/protocol.ts) give the defaults; every option overrides them:
 * - `paper` (default): the IGDS paper's Appendix J: ConvNet-3 (width 128, instance norm),
 *   Adam at a fixed learning rate of 0.01, random resized crop (area [0.5, 1]) +
 *   horizontal flip + CutMix, batch 64, the epochs of Table 8 ({@link paperEpochs});
 * - `dsa`: the DC/DSA/DM benchmarks' protocol as VICO-UoE/DatasetCondensation runs it:
 *   SGD (momentum 0.9, weight decay 5e-4) at lr 0.01, x0.1 after half the epochs, batch
 *   256, DSA augmentation (color_crop_cutout_flip_scale_rotate, one transform per batch),
 *   1000 epochs (+1 pass, as the reference's loop).
 *
 * A training step is recorded without any readback: the batch (and the augmentation
 * parameters) are uploaded, the forward pass, backward pass and optimiser update are
 * recorded and submitted together. The loss is read back only every `lossEvery` epochs (as
 * that epoch's mean), and the test accuracy once per run (correct counts are summed on the
 * GPU across test batches).
 *
 * @example
 * const test = await loadDataset("fashion-mnist", "test");
 * const stats = channelStats(await loadDataset("fashion-mnist", "train"));
 * const r = await evaluateDistilled(distilled, test, { stats, runs: 3, protocol: "dsa" });
 * console.log(`${r.mean.toFixed(2)} +- ${r.std.toFixed(2)}`); // percent
 * @module
 */
import { valueAndGrad } from "../autodiff/grad.ts";
import { dispose, tidy } from "../autodiff/scope.ts";
import { affineResample, cropFlipMatrices, cutmix, dsaAugment, HostRng } from "../data/augment.ts";
import { classCounts, type Dataset } from "../data/dataset.ts";
import { type ChannelStats, channelStats, Loader } from "../data/loader.ts";
import { gpu } from "../gpu/gpu.ts";
import { meanStd } from "../io/report.ts";
import type { Model } from "../nn/model.ts";
import { add, mul, sub } from "../ops/binary.ts";
import { fromArray } from "../ops/creation.ts";
import { crossEntropy } from "../ops/loss.ts";
import { Rng } from "../ops/random.ts";
import { mean } from "../ops/reduce.ts";
import { Adam } from "../optim/adam.ts";
import { Sgd } from "../optim/sgd.ts";
import type { Tensor } from "../tensor.ts";
import type { Tree } from "../autodiff/scope.ts";
import { dsaLearningRate, type ProtocolAugment } from "./protocol.ts";
import { accuracyByClass, accuracyOf, testPredictions } from "./test_accuracy.ts";
import {
  evalModel,
  type EvalOptions,
  type EvalResult,
  type EvalSettings,
  evalSettings,
} from "./eval_options.ts";

export { paperEpochs } from "./protocol.ts";
export * from "./eval_options.ts";

/** Offsets of the Philox keys, so that init, shuffles and augmentation draw unrelated bits. */
const LOADER_KEY = 2 ** 32;
const AUGMENT_KEY = 2 * 2 ** 32;

/**
 * One run of an evaluation's training: a fresh network from seed `settings.seed + run`,
 * its optimiser, its loader (shuffled batches of the set, normalised with `stats`) and its
 * augmentation stream. {@link EvalRun.trainPass} trains one pass over the set.
 *
 * @example
 * const r = new EvalRun(train, evalSettings(10, { protocol: "dsa" }), 0, channelStats(train));
 * while (r.pass < r.settings.passes) r.trainPass(false);
 * const acc = await testAccuracy(r.net, test, channelStats(train));
 * r.dispose();
 */
export class EvalRun {
  readonly net: Model<Tree>;
  readonly loader: Loader;
  /** Passes trained so far. */
  pass = 0;
  /** Optimiser steps taken so far. */
  step = 0;
  /** Training images seen so far (augmented batches through forward and backward). */
  images = 0;
  #opt: Adam | Sgd;
  readonly #augRng: HostRng;
  readonly #lossAndGrad: (
    p: Tree,
    x: Tensor,
    ya: Tensor,
    yb: Tensor | null,
    lam: number | Tensor,
  ) => { value: Tensor; grads: Tree };

  constructor(
    readonly train: Dataset,
    readonly settings: EvalSettings,
    run: number,
    stats: ChannelStats,
  ) {
    const s = settings;
    if (train.height !== train.width) {
      throw new Error(`evaluate: images must be square, got ${train.height}x${train.width}`);
    }
    // the loader and the random stream first: they check their input and allocate nothing
    this.loader = new Loader(train, {
      batchSize: Math.min(s.batchSize, train.n),
      seed: LOADER_KEY + s.seed + run,
      normalize: stats,
    });
    this.#augRng = new HostRng(AUGMENT_KEY + s.seed + run);
    this.net = evalModel(
      s.model,
      train.channels,
      train.height,
      train.classes.length,
      new Rng(s.seed + run),
      s.width,
    );
    this.#opt = this.#newOptimizer();
    const net = this.net;
    this.#lossAndGrad = valueAndGrad(
      (p: Tree, x: Tensor, ya: Tensor, yb: Tensor | null, lam: number | Tensor) => {
        const logits = net.apply(p, x);
        if (!yb) return crossEntropy(logits, ya);
        if (typeof lam === "number") {
          return add(mul(crossEntropy(logits, ya), lam), mul(crossEntropy(logits, yb), 1 - lam));
        }
        const ce = add(
          mul(crossEntropy(logits, ya, "none"), lam),
          mul(crossEntropy(logits, yb, "none"), sub(1, lam)),
        );
        return mean(ce);
      },
    );
  }

  #newOptimizer(): Adam | Sgd {
    const s = this.settings;
    return s.optimizer === "adam"
      ? new Adam(this.net.params, { lr: s.lr, weightDecay: s.weightDecay })
      : new Sgd(this.net.params, {
        lr: s.lr,
        momentum: s.momentum,
        weightDecay: s.weightDecay,
      });
  }

  /** Steps of the current optimiser: 0 right after the `step` schedule's decay made a new one. */
  get optimizerSteps(): number {
    return this.#opt.t;
  }

  /** The learning rate of the next step. */
  get lr(): number {
    const s = this.settings;
    switch (s.lrSchedule) {
      case "cosine": {
        const total = s.passes * this.loader.batchesPerEpoch;
        return s.lr * 0.5 * (1 + Math.cos((Math.PI * this.step) / total));
      }
      case "step":
        return dsaLearningRate(s.lr, this.pass, s.epochs);
      default:
        return s.lr;
    }
  }

  /**
   * Trains one pass over the set (one step per batch, each recorded and submitted without
   * readback). With `keepLoss`, returns the sum of the pass's batch losses (a scalar the
   * caller disposes); else null. `signal` is checked before each step.
   */
  trainPass(keepLoss: boolean, signal?: AbortSignal): Tensor | null {
    let lossSum: Tensor | null = null;
    try {
      for (let b = 0; b < this.loader.batchesPerEpoch; b++) {
        signal?.throwIfAborted();
        const lr = this.lr;
        const loss = tidy(() => {
          const batch = this.loader.next();
          this.images += batch.indices.length;
          const { value, grads } = this.#lossAndGrad(
            this.net.params,
            ...this.#augment(batch.images, batch.labels),
          );
          this.#opt.step(this.net.params, grads, lr);
          return value;
        });
        this.step++;
        if (!keepLoss) {
          loss.dispose();
        } else if (lossSum) {
          const s: Tensor = add(lossSum, loss);
          dispose([lossSum, loss]);
          lossSum = s;
        } else {
          lossSum = loss;
        }
      }
    } catch (e) {
      (lossSum as Tensor | null)?.dispose();
      throw e;
    }
    // utils.py:353-355: after pass Epoch // 2 + 1, lr x0.1 and a new SGD (fresh momentum)
    if (
      this.settings.lrSchedule === "step" && this.pass === Math.floor(this.settings.epochs / 2) + 1
    ) {
      this.#opt.dispose();
      this.#opt = this.#newOptimizer();
    }
    this.pass++;
    return lossSum;
  }

  /** Augments one batch as the settings say. */
  #augment(images: Tensor, labels: Tensor): [Tensor, Tensor, Tensor | null, number | Tensor] {
    const a = this.settings.augment;
    if (a === false) return [images, labels, null, 1];
    if (a.dsa !== null) {
      // utils.py:311: DiffAugment(img, args.dsa_strategy, param=args.dsa_param), aug_mode 'S'
      const x = dsaAugment(images, this.#augRng, {
        strategy: a.dsa,
        params: a.dsaParams,
        mode: "single",
      });
      return [x, labels, null, 1];
    }
    return augmentBatch(images, labels, a, this.#augRng);
  }

  /** Frees the network and the optimiser state. */
  dispose(): void {
    dispose(this.net.params);
    this.#opt.dispose();
  }
}

/**
 * Trains a fresh network on `train` alone, `runs` times with seeds `seed + run`, and
 * reports each run's accuracy on `test` (percent), their mean and standard deviation.
 * Both sets must have the same image shape and number of classes (labels in the same
 * order). Nothing stays allocated on the GPU afterwards.
 *
 * @example
 * const test = await loadDataset("fashion-mnist", "test");
 * const stats = channelStats(await loadDataset("fashion-mnist", "train"));
 * const r = await evaluateDistilled(distilled, test, {
 *   stats,
 *   protocol: "dsa",
 *   progress: (run, epoch, loss) => console.log(run, epoch, loss),
 * });
 * console.log(r.accuracies, r.mean, r.std);
 */
export async function evaluateDistilled(
  train: Dataset,
  test: Dataset,
  opts: EvalOptions = {},
): Promise<EvalResult> {
  const classes = train.classes.length;
  checkSets(train, test);
  const counts = classCounts(train);
  const s = evalSettings(Math.ceil(train.n / classes), opts);
  if (counts.some((c) => c === 0)) {
    const empty = counts.flatMap((c, i) => (c === 0 ? [train.classes[i]] : []));
    throw new Error(`evaluate: the training set has no images of class ${empty.join(", ")}`);
  }
  if (train.height !== train.width) {
    throw new Error(`evaluate: images must be square, got ${train.height}x${train.width}`);
  }
  const stats = opts.stats ?? channelStats(train);
  const started = performance.now();
  const accuracies: number[] = [];
  const perClass: number[][] = [];
  let trainSeconds = 0;
  let trainImages = 0;

  for (let run = 0; run < s.runs; run++) {
    opts.signal?.throwIfAborted();
    const r = new EvalRun(train, s, run, stats);
    const t0 = performance.now();
    try {
      while (r.pass < s.passes) {
        const epoch = r.pass + 1;
        const report = epoch % s.lossEvery === 0 || epoch === s.passes;
        const lossSum = r.trainPass(report, opts.signal);
        if (lossSum) {
          const l = (await lossSum.item().finally(() => lossSum.dispose())) /
            r.loader.batchesPerEpoch;
          if (!Number.isFinite(l)) {
            throw new Error(`evaluate: loss is ${l} in run ${run} epoch ${epoch}`);
          }
          opts.progress?.(run, epoch, l);
        }
      }
      await gpu().sync();
      trainSeconds += (performance.now() - t0) / 1000;
      trainImages += r.images;
      const pred = await testPredictions(r.net, test, stats, s.testBatchSize);
      const acc = accuracyOf(pred, test.labels);
      accuracies.push(acc);
      perClass.push(accuracyByClass(pred, test.labels, test.classes.length));
      opts.onRunEnd?.(run, acc);
    } finally {
      r.dispose();
    }
  }
  const { mean: m, std } = meanStd(accuracies);
  return {
    accuracies,
    perClass,
    mean: m,
    std,
    epochs: s.epochs,
    passes: s.passes,
    protocol: s.protocol,
    seconds: (performance.now() - started) / 1000,
    imagesPerSecond: trainImages / Math.max(trainSeconds, 1e-9),
  };
}

/** Augments one batch: crop/flip in one resampling pass, then CutMix. */
function augmentBatch(
  images: Tensor,
  labels: Tensor,
  aug: ProtocolAugment,
  rng: HostRng,
): [Tensor, Tensor, Tensor | null, number | Tensor] {
  const [n, , h, w] = images.shape;
  let x = images;
  if (aug.crop || aug.flip) {
    const mats = cropFlipMatrices(n, h, w, rng, {
      scale: aug.crop ? aug.cropScale : [1, 1],
      ratio: aug.crop ? undefined : [1, 1],
      flipProb: aug.flip ? 0.5 : 0,
    });
    // uploaded before any dispatch of the step: without CutMix the step is one submission
    // (cutmix uploads its partner and box arrays, which submits the resampling first)
    x = affineResample(x, fromArray(mats, [n, 2, 3]), { padding: "border" });
  }
  if (!aug.cutmix) return [x, labels, null, 1];
  const mix = cutmix(x, labels, rng, { alpha: 1, prob: aug.cutmixProb });
  const l = mix.lambdaHost;
  if (l.every((v) => v === l[0])) {
    if (l[0] === 1) return [mix.images, labels, null, 1];
    return [mix.images, mix.labelsA, mix.labelsB, l[0]];
  }
  return [mix.images, mix.labelsA, mix.labelsB, mix.lambda];
}

function checkSets(train: Dataset, test: Dataset): void {
  const shape = (d: Dataset) => `${d.channels}x${d.height}x${d.width}`;
  const from = (d: Dataset) => (d.source ? ` (${d.source})` : "");
  if (shape(train) !== shape(test)) {
    throw new Error(
      `evaluate: the training images${from(train)} are ${shape(train)} (channels x height x ` +
        `width), but the test images${from(test)} are ${shape(test)}; both sets need one ` +
        `shape: convert the images, or read both with the same size and channels options`,
    );
  }
  if (train.classes.length !== test.classes.length) {
    throw new Error(
      `evaluate: the training set has ${train.classes.length} classes, the test set ` +
        `${test.classes.length}`,
    );
  }
  if (train.n < 1 || test.n < 1) {
    throw new Error(`evaluate: empty set (${train.n} training, ${test.n} test images)`);
  }
}
