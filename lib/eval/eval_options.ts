/**
 * What an evaluation run is told and what it decides: the models, the options (each
 * overriding the protocol's defaults, lib/eval/protocol.ts), the settings they resolve to,
 * and the result. lib/eval/evaluate.ts runs them.
 *
 * @example
 * const s = evalSettings(10, { protocol: "dsa" }); // SGD, 1000 epochs, batch 256, DSA
 * @module
 */
import type { Tree } from "../autodiff/scope.ts";
import type { DsaParams } from "../data/dsa.ts";
import type { ChannelStats } from "../data/loader.ts";
import { convNet } from "../nn/convnet.ts";
import type { Model } from "../nn/model.ts";
import { resNet } from "../nn/resnet.ts";
import type { Rng } from "../ops/random.ts";
import {
  type EvalProtocol,
  type LrSchedule,
  type ProtocolAugment,
  protocolDefaults,
  protocolEpochs,
  protocolPasses,
} from "./protocol.ts";

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
  /** Each run's accuracy on each class of the test set, percent. */
  perClass: number[][];
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

function positiveInt(name: string, v: number): void {
  if (!Number.isSafeInteger(v) || v < 1) {
    throw new RangeError(`evaluate: ${name} must be a positive integer, got ${v}`);
  }
}
