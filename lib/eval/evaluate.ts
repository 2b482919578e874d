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
import {
  affineResample,
  cropFlipMatrices,
  cutmix,
  dsaAugment,
  type DsaParams,
  HostRng,
} from "../data/augment.ts";
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
import {
  dsaLearningRate,
  type EvalProtocol,
  type LrSchedule,
  type ProtocolAugment,
  protocolDefaults,
  protocolEpochs,
  protocolPasses,
} from "./protocol.ts";

export { paperEpochs } from "./protocol.ts";

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

/**
 * Training-time augmentation of {@link evaluateDistilled}: each part overrides the
 * protocol's (`paper`: crop, flip and CutMix; `dsa`: DSA).
 */
export interface EvalAugment {
  /** Random resized crop (paper: true). */
  crop?: boolean;
  /** Random horizontal flip with probability 0.5 (paper: true). */
  flip?: boolean;
  /** CutMix with lambda ~ Beta(1, 1), one box per batch (paper: true). */
  cutmix?: boolean;
  /** Probability that a batch is mixed (paper: 1, MiniMax's `--mix_p`). */
  cutmixProb?: number;
  /** Area range of the random resized crop (paper: [0.5, 1], MiniMax's). */
  cropScale?: [number, number];
  /**
   * A DSA strategy ("color_crop_cutout_flip_scale_rotate" under `dsa`): each batch gets
   * one of its transforms (aug_mode 'S') instead of crop, flip and CutMix; null: crop, flip
   * and CutMix even under `dsa`.
   */
  dsa?: string | null;
  /** Overrides of the DSA parameters (default: the reference's ParamDiffAug). */
  dsaParams?: Partial<DsaParams>;
}

/** Options of {@link evaluateDistilled}. */
export interface EvalOptions {
  /** The protocol that gives every default below (default "paper"). */
  protocol?: EvalProtocol;
  /** Architecture (default "convnet3"). */
  model?: EvalModel;
  /**
   * Channels: ConvNet width (default 128); for the ResNets the first stage's channels
   * (default 64, their standard width).
   */
  width?: number;
  /**
   * Training epochs (default: paper: {@link paperEpochs} of the images per class; dsa:
   * 1000). Under `dsa` a run trains one pass more, as the reference's `range(Epoch+1)`.
   */
  epochs?: number;
  /** Independent runs, seeds `seed`, `seed + 1`, ... (default 3). */
  runs?: number;
  /** Base seed, a non-negative integer below 2^32 (default 0). */
  seed?: number;
  /** "adam" (paper) or "sgd" (dsa; momentum 0.9). */
  optimizer?: "adam" | "sgd";
  /** Learning rate (default 0.01). */
  lr?: number;
  /** Weight decay (default 0 for Adam, 5e-4 for SGD). */
  weightDecay?: number;
  /**
   * "constant" (paper), "step" (dsa: x0.1 after pass epochs // 2 + 1, with a fresh
   * optimiser, as the reference) or "cosine" decay to 0 over the whole training, per step.
   */
  lrSchedule?: LrSchedule;
  /** Training batch size (paper: 64; dsa: 256); a set smaller than a batch is one batch. */
  batchSize?: number;
  /** Test batch size (default 256). */
  testBatchSize?: number;
  /** Augmentation (default: the protocol's); false for none. */
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

/** The settings an evaluation runs with: {@link EvalOptions} with every default filled in. */
export interface EvalSettings {
  protocol: EvalProtocol;
  model: EvalModel;
  /** Width, or undefined for a ResNet's own default. */
  width: number | undefined;
  epochs: number;
  /** Training passes over the set: `epochs`, or `epochs + 1` under `dsa`. */
  passes: number;
  runs: number;
  seed: number;
  optimizer: "adam" | "sgd";
  lr: number;
  momentum: number;
  weightDecay: number;
  lrSchedule: LrSchedule;
  batchSize: number;
  testBatchSize: number;
  augment: ProtocolAugment | false;
  lossEvery: number;
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
  /** Passes over the set each run trained (`epochs + 1` under `dsa`). */
  passes: number;
  /** The protocol the defaults came from. */
  protocol: EvalProtocol;
  /** Wall time of the whole evaluation, training and testing. */
  seconds: number;
  /** Training images per second (augmented images through forward and backward). */
  imagesPerSecond: number;
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

/**
 * The settings of an evaluation of a set with `ipc` images per class: the protocol's
 * defaults, overridden by each option given. Checks every value.
 *
 * @example
 * const s = evalSettings(10, { protocol: "dsa", runs: 5 });
 * s.optimizer; // "sgd"
 * s.passes;    // 1001
 */
export function evalSettings(ipc: number, opts: EvalOptions = {}): EvalSettings {
  const protocol = opts.protocol ?? "paper";
  const ref = protocolDefaults(protocol);
  const model = opts.model ?? ref.model;
  if (!EVAL_MODELS.includes(model)) {
    throw new Error(`evaluate: unknown model "${model}"; choose one of ${EVAL_MODELS.join(", ")}`);
  }
  const epochs = opts.epochs ?? protocolEpochs(protocol, ipc);
  const optimizer = opts.optimizer ?? ref.optimizer;
  if (optimizer !== "adam" && optimizer !== "sgd") {
    throw new Error(`evaluate: unknown optimizer "${optimizer}"; choose adam or sgd`);
  }
  const lrSchedule = opts.lrSchedule ?? ref.lrSchedule;
  if (!["constant", "cosine", "step"].includes(lrSchedule)) {
    throw new Error(
      `evaluate: unknown lrSchedule "${lrSchedule}"; choose constant, cosine or step`,
    );
  }
  const lr = opts.lr ?? ref.lr;
  if (!(lr > 0)) throw new RangeError(`evaluate: lr must be > 0, got ${lr}`);
  let augment: ProtocolAugment | false = false;
  if (opts.augment !== false) {
    const o = opts.augment ?? {};
    const { dsaParams, ...rest } = o;
    augment = {
      ...ref.augment,
      ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
      dsaParams: { ...ref.augment.dsaParams, ...dsaParams },
    };
    const [s0, s1] = augment.cropScale;
    if (!(s0 > 0 && s0 <= s1 && s1 <= 1)) {
      throw new RangeError(
        `evaluate: cropScale must be [lo, hi] with 0 < lo <= hi <= 1, got [${augment.cropScale}]`,
      );
    }
    if (!(augment.cutmixProb >= 0 && augment.cutmixProb <= 1)) {
      throw new RangeError(`evaluate: cutmixProb must be in [0, 1], got ${augment.cutmixProb}`);
    }
  }
  const passes = protocolPasses(protocol, epochs);
  const s: EvalSettings = {
    protocol,
    model,
    width: opts.width ?? (model.startsWith("convnet") ? ref.width : undefined),
    epochs,
    passes,
    runs: opts.runs ?? 3,
    seed: opts.seed ?? 0,
    optimizer,
    lr,
    momentum: ref.momentum,
    weightDecay: opts.weightDecay ?? (optimizer === "adam" ? 0 : 5e-4),
    lrSchedule,
    batchSize: opts.batchSize ?? ref.batchSize,
    testBatchSize: opts.testBatchSize ?? 256,
    augment,
    lossEvery: opts.lossEvery ?? Math.max(1, Math.round(passes / 20)),
  };
  positiveInt("epochs", s.epochs);
  positiveInt("runs", s.runs);
  positiveInt("batchSize", s.batchSize);
  positiveInt("testBatchSize", s.testBatchSize);
  positiveInt("lossEvery", s.lossEvery);
  if (s.width !== undefined) positiveInt("width", s.width);
  if (!Number.isSafeInteger(s.seed) || s.seed < 0 || s.seed >= 2 ** 32) {
    throw new RangeError(`evaluate: seed must be an integer in [0, 2^32), got ${s.seed}`);
  }
  if (!(s.weightDecay >= 0)) {
    throw new RangeError(`evaluate: weightDecay must be >= 0, got ${s.weightDecay}`);
  }
  return s;
}

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
      const acc = await testAccuracy(r.net, test, stats, s.testBatchSize);
      accuracies.push(acc);
      opts.onRunEnd?.(run, acc);
    } finally {
      r.dispose();
    }
  }
  const { mean: m, std } = meanStd(accuracies);
  return {
    accuracies,
    mean: m,
    std,
    epochs: s.epochs,
    passes: s.passes,
    protocol: s.protocol,
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

function positiveInt(name: string, v: number): void {
  if (!Number.isSafeInteger(v) || v < 1) {
    throw new RangeError(`evaluate: ${name} must be a positive integer, got ${v}`);
  }
}
