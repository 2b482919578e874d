/**
 * The variational estimator's config, its types, its encoder network and the helpers that
 * training (lib/igds/ve.ts), the estimates (ve_estimates.ts) and the file codec
 * (ve_codec.ts) share.
 *
 * @example
 * const cfg = validateConfig(VE_SCHEMA, { encoder: { dim: 64 } });
 * @module
 */
import { keep } from "../autodiff/scope.ts";
import { type Dataset } from "../data/dataset.ts";
import { type ConfigOf, field } from "../io/schema.ts";
import { convNet, type ConvNetParams } from "../nn/convnet.ts";
import { type LinearParams } from "../nn/layers.ts";
import type { Model } from "../nn/model.ts";
import { fromArray } from "../ops/creation.ts";
import { Rng } from "../ops/random.ts";
import { Tensor } from "../tensor.ts";

/**
 * Config of the VE and of `deno task train-ve` (every key is also a flag, e.g. `--train.lambda`).
 *
 * @example
 * const cfg = validateConfig(VE_SCHEMA, { encoder: { dim: 64 }, train: { lambda: 0.2 } });
 * console.log(describeSchema(VE_SCHEMA));
 */
export const VE_SCHEMA = {
  data: field.string("fashion-mnist", "data set name or ImageFolder path"),
  bundled: field.boolean(false, "fashion-mnist: use the bundled 3,000-image subset"),
  out: field.string("runs/ve", "output folder (train-ve)"),
  encoder: {
    width: field.integer(32, { doc: "ConvNet channels", min: 1 }),
    depth: field.integer(3, { doc: "ConvNet blocks", min: 1 }),
    dim: field.integer(128, { doc: "feature size of the projection f(x)", min: 2 }),
  },
  train: {
    epochs: field.integer(20, { doc: "encoder training epochs", min: 0 }),
    steps: field.integer(0, { doc: "encoder steps instead of epochs (0: epochs decide)", min: 0 }),
    batch: field.integer(128, { min: 1 }),
    lr: field.number(1e-3, { doc: "Adam learning rate", min: 0 }),
    momentum: field.number(0.999, { doc: "momentum encoder m", min: 0, max: 1 }),
    queue: field.integer(4096, {
      doc: "negatives K (cut to a multiple of the batch <= the data set size)",
      min: 1,
    }),
    tau: field.number(0.07, { doc: "temperature", min: 1e-6 }),
    lambda: field.number(0.1, { doc: "weight of the subtracted KL(q || Q^y) term", min: 0 }),
    qDecay: field.number(0.99, { doc: "running-average decay of Q^y per step", min: 0, max: 1 }),
    cropScale: field.numbers([0.5, 1], "random resized crop area range"),
    logEvery: field.integer(10, { doc: "steps between loss readbacks", min: 1 }),
    seed: field.integer(0, { min: 0 }),
  },
  classifier: {
    epochs: field.integer(30, { doc: "linear classifier epochs on frozen features", min: 0 }),
    lr: field.number(1e-2, { doc: "Adam learning rate", min: 0 }),
    batch: field.integer(256, { min: 1 }),
  },
};

/** A VE config. */
export type VEConfig = ConfigOf<typeof VE_SCHEMA>;

/** One line of the encoder's training history (one per step). */
export interface VELogLine {
  step: number;
  epoch: number;
  /** InfoNCE - lambda KL. */
  loss: number;
  /** Mean InfoNCE. */
  nce: number;
  /** Mean KL(softmax(q_hat / tau) || Q^y), the subtracted term before lambda. */
  kl: number;
}

/**
 * A trained (or loaded) variational estimator. Free it with {@link disposeVE}.
 *
 * @example
 * const ve: VarEstimator = await loadVE("fixtures/ve/ve.safetensors");
 * const logits = veLogits(ve, images); // images [n, 1, 28, 28] in [-1, 1]
 * disposeVE(ve);
 */
export interface VarEstimator {
  config: VEConfig;
  /** Input channels and side (square images in [-1, 1]). */
  channels: number;
  size: number;
  /** Number of classes, and their names in label order. */
  classes: number;
  classNames: string[];
  /** Size of f(x) (the config's encoder.dim). */
  featureSize: number;
  tau: number;
  /** The encoder f: the ConvNet (`model.apply(encoder, x)` = q) and its parameters. */
  model: Model<ConvNetParams>;
  encoder: ConvNetParams;
  /** The linear classifier g on q_hat: weight [classes, dim], bias [classes]. */
  classifier: LinearParams;
  /** log Q^y, [classes, dim]: class means of softmax(q_hat / tau) over the training set. */
  logQ: Tensor;
  /** Encoder steps trained. */
  steps: number;
  /** Encoder training losses, one line per step (empty for a loaded VE). */
  history: VELogLine[];
}

/** Options of {@link trainVE}. */
export interface TrainVEOptions {
  /** Progress lines. */
  log?: (line: string) => void;
  /** Aborting ends the current phase early (the encoder after its step, the classifier after its epoch). */
  signal?: AbortSignal;
  /** Called after each encoder step is recorded (for tests: buffer counts, submissions). */
  onStep?: (step: number) => void;
}

/** The estimates of {@link estimateInformation}, in nats. */
export interface InformationEstimates {
  /** Examples evaluated. */
  n: number;
  /** Accuracy of argmax g(f(x)). */
  accuracy: number;
  /** I(X;Y) lower bound, eq. (7): HYhat + ElogP. */
  I: number;
  /** H(X|Y) estimate, eq. (12): mean KL(softmax(q_hat / tau) || Q^y). */
  H: number;
  /** Entropy of the label distribution. */
  HY: number;
  /** Entropy of the mean predicted class distribution. */
  HYhat: number;
  /** Mean log softmax(g(f(x)))[y]. */
  ElogP: number;
  /** Rank of g's weight matrix; full when it equals min(classes, dim). */
  rank: { rank: number; full: boolean };
}

/** The `kind` in a VE file's metadata. */
export const FILE_KIND = "igds-ve";
/** Images per encoder pass over a data set. */
export const CHUNK = 256;

/** What a VE file's config metadata holds. */
export interface VEFileConfig {
  ve: VEConfig;
  channels: number;
  size: number;
  classNames: string[];
}

/** The encoder f: a ConvNet with SoftPlus(beta = 3) and a linear head to `dim` features. */
export function encoderModel(
  c: VEConfig,
  channels: number,
  size: number,
  rng: Rng,
): Model<ConvNetParams> {
  return convNet({
    channels,
    size,
    classes: c.encoder.dim, // the ConvNet's linear head is the projection to dim features
    width: c.encoder.width,
    depth: c.encoder.depth,
    norm: "instance",
    act: { kind: "softplus", beta: 3 },
  }, rng);
}

/** Images `start .. start + count` of `ds` mapped to [-1, 1], on the GPU. */
export function uploadImages(ds: Dataset, start: number, count: number): Tensor {
  const per = ds.channels * ds.height * ds.width;
  const src = ds.images.subarray(start * per, (start + count) * per);
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = src[i] * 2 - 1;
  return fromArray(out, [count, ds.channels, ds.height, ds.width], "f32");
}

/** Square, non-empty images; an error naming `op` otherwise. */
export function checkDataset(op: string, ds: Dataset): void {
  if (ds.height !== ds.width) {
    throw new Error(`${op}: images must be square, got ${ds.height}x${ds.width} (${ds.source})`);
  }
  if (ds.n === 0) throw new Error(`${op}: the data set is empty`);
}

/** Keeps `next` and disposes `old`: the running value of an accumulator moves to `next`. */
export function swap(old: Tensor, next: Tensor): Tensor {
  keep(next);
  old.dispose();
  return next;
}
