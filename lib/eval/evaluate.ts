/**
 * The evaluation protocol of dataset distillation (IGDS paper, Appendix J): train a fresh
 * network on a (distilled) data set alone, then report its accuracy on the real test set,
 * as mean and standard deviation over several runs with different seeds.
 *
 * Defaults follow the paper: ConvNet-3 (width 128, instance norm), Adam with a fixed
 * learning rate of 0.01, random resized crop + horizontal flip + CutMix, and the epoch
 * count of Table 8 ({@link paperEpochs}). SGD (momentum 0.9, weight decay 5e-4, optional
 * cosine decay) is the alternative of the DC/DSA benchmarks.
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
 * const r = await evaluateDistilled(distilled, test, { stats, runs: 3 });
 * console.log(`${r.mean.toFixed(2)} +- ${r.std.toFixed(2)}`); // percent
 * @module
 */
import { valueAndGrad } from "../autodiff/grad.ts";
import { dispose, tidy } from "../autodiff/scope.ts";
import { affineResample, cropFlipMatrices, cutmix, HostRng } from "../data/augment.ts";
import { classCounts, type Dataset } from "../data/dataset.ts";
import { type ChannelStats, channelStats, Loader } from "../data/loader.ts";
import { gpu } from "../gpu/gpu.ts";
import { meanStd } from "../io/report.ts";
import { convNet } from "../nn/convnet.ts";
import type { Model } from "../nn/model.ts";
import { resNet } from "../nn/resnet.ts";
import { add, equal, mul, sub } from "../ops/binary.ts";
import { cast, fromArray } from "../ops/creation.ts";
import { crossEntropy } from "../ops/loss.ts";
import { Rng } from "../ops/random.ts";
import { argmax, mean, sum } from "../ops/reduce.ts";
import { Adam } from "../optim/adam.ts";
import { Sgd } from "../optim/sgd.ts";
import type { Tensor } from "../tensor.ts";
import type { Tree } from "../autodiff/scope.ts";

/** Evaluation architectures. */
export type EvalModel = "convnet3" | "convnet4" | "convnet6" | "resnetap10" | "resnet18";

/** The architectures {@link evaluateDistilled} accepts, for command lines. */
export const EVAL_MODELS: readonly EvalModel[] = [
  "convnet3",
  "convnet4",
  "convnet6",
  "resnetap10",
  "resnet18",
];

/** Training-time augmentation of {@link evaluateDistilled}; each part can be switched off. */
export interface EvalAugment {
  /** Random resized crop (default true). */
  crop?: boolean;
  /** Random horizontal flip with probability 0.5 (default true). */
  flip?: boolean;
  /** CutMix with lambda ~ Beta(1, 1), one box per batch (default true). */
  cutmix?: boolean;
  /** Probability that a batch is mixed (default 1). */
  cutmixProb?: number;
  /** Area range of the random resized crop (default torchvision's [0.08, 1]). */
  cropScale?: [number, number];
}

/** Options of {@link evaluateDistilled}. */
export interface EvalOptions {
  /** Architecture (default "convnet3"). */
  model?: EvalModel;
  /**
   * Channels: ConvNet width (default 128); for the ResNets the first stage's channels
   * (default 64, their standard width).
   */
  width?: number;
  /** Training epochs (default {@link paperEpochs} of the images per class). */
  epochs?: number;
  /** Independent runs, seeds `seed`, `seed + 1`, ... (default 3). */
  runs?: number;
  /** Base seed, a non-negative integer below 2^32 (default 0). */
  seed?: number;
  /** "adam" (default; lr 0.01 fixed, as the paper) or "sgd" (momentum 0.9, wd 5e-4). */
  optimizer?: "adam" | "sgd";
  /** Learning rate (default 0.01). */
  lr?: number;
  /** Weight decay (default 0 for Adam, 5e-4 for SGD). */
  weightDecay?: number;
  /** "constant" (default) or "cosine" decay to 0 over the whole training, per step. */
  lrSchedule?: "constant" | "cosine";
  /** Training batch size (default min(256, train.n)). */
  batchSize?: number;
  /** Test batch size (default 256). */
  testBatchSize?: number;
  /** Augmentation (default: crop, flip and CutMix); false for none. */
  augment?: EvalAugment | false;
  /**
   * Per-channel normalisation applied to both sets (default `channelStats(train)`); pass
   * the real training data's statistics for the usual protocol.
   */
  stats?: ChannelStats;
  /** Epochs between loss readbacks and progress calls (default: about 20 per run). */
  lossEvery?: number;
  /** Called every `lossEvery` epochs and after the last, with the epoch's mean loss. */
  progress?: (run: number, epoch: number, loss: number) => void;
  /** Called after each run with its test accuracy (percent). */
  onRunEnd?: (run: number, accuracy: number) => void;
  /** Stops between training steps; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** The result of {@link evaluateDistilled}. */
export interface EvalResult {
  /** Test accuracy of each run, in percent. */
  accuracies: number[];
  /** Mean and population standard deviation of `accuracies`. */
  mean: number;
  std: number;
  /** Epochs each run trained. */
  epochs: number;
  /** Wall time of the whole evaluation, training and testing. */
  seconds: number;
  /** Training images per second (augmented images through forward and backward). */
  imagesPerSecond: number;
}

/** Table 8 of the paper: IPC -> epochs. */
const EPOCH_TABLE: readonly [number, number][] = [
  [1, 2000],
  [10, 2000],
  [20, 1500],
  [50, 1500],
  [100, 1000],
];

/**
 * Training epochs for an IPC (Table 8 of the paper): 1 and 10: 2000; 20 and 50: 1500;
 * 100 and above: 1000; in between, the value of the next smaller listed IPC.
 *
 * @example
 * paperEpochs(10); // 2000
 * paperEpochs(30); // 1500
 */
export function paperEpochs(ipc: number): number {
  if (!(Number.isFinite(ipc) && ipc >= 1)) {
    throw new RangeError(`paperEpochs: images per class must be >= 1, got ${ipc}`);
  }
  let epochs = EPOCH_TABLE[0][1];
  for (const [at, e] of EPOCH_TABLE) if (ipc >= at) epochs = e;
  return epochs;
}

/**
 * Builds an evaluation network for images of `channels` x `size` x `size` and `classes`
 * classes, initialised from `rng`.
 *
 * @example
 * const net = evalModel("convnet3", 1, 28, 10, new Rng(0), 128);
 * const logits = net.apply(net.params, images);
 */
export function evalModel(
  kind: EvalModel,
  channels: number,
  size: number,
  classes: number,
  rng: Rng,
  width?: number,
): Model<Tree> {
  switch (kind) {
    case "convnet3":
    case "convnet4":
    case "convnet6": {
      const depth = Number(kind.slice(-1));
      return convNet({ channels, size, classes, depth, width: width ?? 128 }, rng) as Model<Tree>;
    }
    case "resnetap10":
    case "resnet18":
      return resNet(
        { kind, channels, size, classes, ...(width !== undefined ? { width } : {}) },
        rng,
      ) as Model<Tree>;
    default:
      throw new Error(
        `evaluate: unknown model "${kind}"; choose one of ${EVAL_MODELS.join(", ")}`,
      );
  }
}

/** Offsets of the Philox keys, so that init, shuffles and augmentation draw unrelated bits. */
const LOADER_KEY = 2 ** 32;
const AUGMENT_KEY = 2 * 2 ** 32;

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
  const ipc = Math.ceil(train.n / classes);
  const epochs = opts.epochs ?? paperEpochs(ipc);
  const runs = opts.runs ?? 3;
  const seed = opts.seed ?? 0;
  const batchSize = opts.batchSize ?? Math.min(256, train.n);
  const testBatchSize = opts.testBatchSize ?? 256;
  const kind = opts.model ?? "convnet3";
  const optimizer = opts.optimizer ?? "adam";
  const lr = opts.lr ?? 0.01;
  const schedule = opts.lrSchedule ?? "constant";
  const aug = opts.augment === false
    ? { crop: false, flip: false, cutmix: false }
    : { crop: true, flip: true, cutmix: true, ...(opts.augment ?? {}) };
  const lossEvery = opts.lossEvery ?? Math.max(1, Math.round(epochs / 20));
  positiveInt("epochs", epochs);
  positiveInt("runs", runs);
  positiveInt("batchSize", batchSize);
  positiveInt("testBatchSize", testBatchSize);
  positiveInt("lossEvery", lossEvery);
  if (!Number.isSafeInteger(seed) || seed < 0 || seed >= 2 ** 32) {
    throw new RangeError(`evaluate: seed must be an integer in [0, 2^32), got ${seed}`);
  }
  if (optimizer !== "adam" && optimizer !== "sgd") {
    throw new Error(`evaluate: unknown optimizer "${optimizer}"; choose adam or sgd`);
  }
  if (schedule !== "constant" && schedule !== "cosine") {
    throw new Error(`evaluate: unknown lrSchedule "${schedule}"; choose constant or cosine`);
  }
  if (!(lr > 0)) throw new RangeError(`evaluate: lr must be > 0, got ${lr}`);
  if (counts.some((c) => c === 0)) {
    const empty = counts.flatMap((c, i) => (c === 0 ? [train.classes[i]] : []));
    throw new Error(`evaluate: the training set has no images of class ${empty.join(", ")}`);
  }
  if (train.height !== train.width) {
    throw new Error(`evaluate: images must be square, got ${train.height}x${train.width}`);
  }
  const stats = opts.stats ?? channelStats(train);
  const size = train.height;
  const started = performance.now();
  const accuracies: number[] = [];
  let trainSeconds = 0;
  let trainImages = 0;

  for (let run = 0; run < runs; run++) {
    opts.signal?.throwIfAborted();
    const net = evalModel(kind, train.channels, size, classes, new Rng(seed + run), opts.width);
    const opt = optimizer === "adam"
      ? new Adam(net.params, { lr, weightDecay: opts.weightDecay ?? 0 })
      : new Sgd(net.params, { lr, momentum: 0.9, weightDecay: opts.weightDecay ?? 5e-4 });
    const loader = new Loader(train, {
      batchSize,
      seed: LOADER_KEY + seed + run,
      normalize: stats,
    });
    const augRng = new HostRng(AUGMENT_KEY + seed + run);
    const lossAndGrad = valueAndGrad(
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
    const totalSteps = epochs * loader.batchesPerEpoch;
    let step = 0;
    let lossSum: Tensor | null = null;
    const t0 = performance.now();
    try {
      for (let epoch = 1; epoch <= epochs; epoch++) {
        const report = epoch % lossEvery === 0 || epoch === epochs;
        for (let b = 0; b < loader.batchesPerEpoch; b++) {
          opts.signal?.throwIfAborted();
          const stepLr = schedule === "cosine"
            ? lr * 0.5 * (1 + Math.cos((Math.PI * step) / totalSteps))
            : lr;
          const loss = tidy(() => {
            const batch = loader.next();
            const { value, grads } = lossAndGrad(
              net.params,
              ...augmentBatch(batch.images, batch.labels, aug, augRng),
            );
            opt.step(net.params, grads, stepLr);
            return value;
          });
          step++;
          trainImages += Math.min(batchSize, train.n - b * batchSize);
          if (!report) {
            loss.dispose();
          } else if (lossSum) {
            const s: Tensor = add(lossSum, loss);
            dispose([lossSum, loss]);
            lossSum = s;
          } else {
            lossSum = loss;
          }
        }
        if (report && lossSum) {
          const l = (await lossSum.item()) / loader.batchesPerEpoch;
          lossSum.dispose();
          lossSum = null;
          if (!Number.isFinite(l)) {
            throw new Error(`evaluate: loss is ${l} in run ${run} epoch ${epoch}`);
          }
          opts.progress?.(run, epoch, l);
        }
      }
      await gpu().sync();
      trainSeconds += (performance.now() - t0) / 1000;
      const acc = await testAccuracy(net, test, stats, testBatchSize);
      accuracies.push(acc);
      opts.onRunEnd?.(run, acc);
    } finally {
      lossSum?.dispose();
      dispose(net.params);
      opt.dispose();
    }
  }
  const { mean: m, std } = meanStd(accuracies);
  return {
    accuracies,
    mean: m,
    std,
    epochs,
    seconds: (performance.now() - started) / 1000,
    imagesPerSecond: trainImages / Math.max(trainSeconds, 1e-9),
  };
}

/**
 * Test accuracy (percent) of a model on a whole data set, in batches, normalised with
 * `stats`. Correct counts are summed on the GPU; one number is read back.
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
  const loader = new Loader(test, { batchSize, shuffle: false, normalize: stats });
  let correct: Tensor | null = null;
  try {
    for (let b = 0; b < loader.batchesPerEpoch; b++) {
      const prev: Tensor | null = correct;
      correct = tidy(() => {
        const batch = loader.next();
        const pred = cast(argmax(net.apply(net.params, batch.images), 1), "f32");
        const hits = sum(equal(pred, cast(batch.labels, "f32")));
        return prev ? add(prev, hits) : hits;
      });
      prev?.dispose();
    }
    return (100 * (await correct!.item())) / test.n;
  } finally {
    (correct as Tensor | null)?.dispose();
  }
}

/** Augments one batch: crop/flip in one resampling pass, then CutMix. */
function augmentBatch(
  images: Tensor,
  labels: Tensor,
  aug: Required<Pick<EvalAugment, "crop" | "flip" | "cutmix">> & EvalAugment,
  rng: HostRng,
): [Tensor, Tensor, Tensor | null, number | Tensor] {
  const [n, , h, w] = images.shape;
  let x = images;
  if (aug.crop || aug.flip) {
    const mats = cropFlipMatrices(n, h, w, rng, {
      scale: aug.crop ? (aug.cropScale ?? [0.08, 1]) : [1, 1],
      ratio: aug.crop ? undefined : [1, 1],
      flipProb: aug.flip ? 0.5 : 0,
    });
    // uploaded before any dispatch of the step: without CutMix the step is one submission
    // (cutmix uploads its partner and box arrays, which submits the resampling first)
    x = affineResample(x, fromArray(mats, [n, 2, 3]), { padding: "border" });
  }
  if (!aug.cutmix) return [x, labels, null, 1];
  const mix = cutmix(x, labels, rng, { alpha: 1, prob: aug.cutmixProb ?? 1 });
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

function positiveInt(name: string, v: number): void {
  if (!Number.isSafeInteger(v) || v < 1) {
    throw new RangeError(`evaluate: ${name} must be a positive integer, got ${v}`);
  }
}
