/**
 * The distill config: every key, its default and its doc (`deno task distill --help` prints
 * them; every key is also a flag).
 *
 * @example
 * const config = validateConfig(DISTILL_SCHEMA, { data: { bundled: true }, ipc: [1] });
 * @module
 */
import { EVAL_MODELS } from "../eval/eval_options.ts";
import { EVAL_PROTOCOLS } from "../eval/protocol.ts";
import { type ConfigOf, field } from "../io/config.ts";
import { WINOGRAD_MIN_CHANNELS } from "../ops/conv_winograd.ts";
import { METHODS } from "./methods.ts";

/**
 * Config of `deno task distill` (presets in tasks/configs/distill-*.yaml).
 *
 * @example
 * const c = validateConfig(DISTILL_SCHEMA, { ipc: [1, 10] });
 * c.igds.eta; // the default step size
 */
export const DISTILL_SCHEMA = {
  preset: field.string("custom", "name shown in the report"),
  data: {
    name: field.string("fashion-mnist", "data set name or ImageFolder path"),
    bundled: field.boolean(false, "fashion-mnist: the bundled 3,000-image subset"),
    validation: field.integer(0, {
      doc: "hold this many training images out (class-balanced) and evaluate on them instead " +
        "of the test set, to choose settings (0: evaluate on the test set)",
      min: 0,
    }),
    validationSeed: field.integer(0, { doc: "seed of the validation split", min: 0 }),
  },
  prior: {
    path: field.string("", "prior .safetensors (empty: the shipped Fashion-MNIST prior)"),
    steps: field.integer(250, { doc: "sampling steps (respaced)", min: 1 }),
    method: field.choice(["ddpm", "ddim"] as const, "ddpm"),
    batch: field.integer(100, {
      doc: "images per sampling batch (rounded to whole classes)",
      min: 1,
    }),
    cfg: field.number(0, {
      doc: "classifier-free guidance weight w (0: off, as in the paper; the prior must have " +
        "been trained with model.labelDropout > 0, as the shipped one was)",
      min: 0,
    }),
  },
  ve: {
    path: field.string("", "a trained VE (.safetensors) to use instead of training one"),
    width: field.integer(32, { doc: "encoder ConvNet width", min: 1 }),
    depth: field.integer(3, { min: 1 }),
    dim: field.integer(128, { doc: "feature size", min: 2 }),
    epochs: field.integer(20, { min: 0 }),
    batch: field.integer(128, { min: 1 }),
    lr: field.number(1e-3, { min: 0 }),
    queue: field.integer(4096, { min: 1 }),
    tau: field.number(0.07, { min: 1e-6 }),
    lambda: field.number(0.1, { min: 0 }),
    momentum: field.number(0.999, {
      doc: "momentum encoder m (with few steps, 0.999 leaves the key encoder near its start)",
      min: 0,
      max: 1,
    }),
    classifierEpochs: field.integer(30, { min: 0 }),
  },
  methods: field.strings(["random", "ddpm", "igds-beta0", "igds"], `any of ${METHODS.join(", ")}`),
  ipc: field.numbers([1, 10], "images per class"),
  igds: {
    eta: field.number(1, { doc: "guidance step size", min: 0 }),
    beta: field.numbers([0.05, 0.1], "beta per entry of ipc (or one value for all)"),
    wrt: field.choice(["xt", "x0"] as const, "xt", "gradient w.r.t. x_t (through the U-Net) or x0"),
    window: field.numbers([0, 1], "guide while t / T is in [from, to]"),
    x0Scale: field.choice(
      ["none", "sqrt-acp"] as const,
      "none",
      "wrt x0: scale the step by sqrt(alpha_bar_{t-1}), so it moves the predicted x0 by eta grad",
    ),
    normalize: field.choice(
      ["none", "per-image"] as const,
      "none",
      "divide each image's guidance gradient by its root mean square",
    ),
    entropy: field.choice(
      ["marginal", "per-sample", "none", "set"] as const,
      "marginal",
      "H(y_hat) term: of the sampling batch, per image, none, or of the whole set",
    ),
    diversity: field.choice(
      ["group", "prototype"] as const,
      "group",
      "KL to the mean of a class's images generated together, or to the VE's class prototype",
    ),
    merge: field.boolean(false, "2x2-merge four same-class samples into each image"),
  },
  eval: {
    protocol: field.choice(
      EVAL_PROTOCOLS,
      "paper",
      "paper: Appendix J (Adam, crop/flip/CutMix); dsa: the DC/DSA reference's (SGD, step " +
        "lr, batch 256, DSA augmentation), which ignores optimizer, lr, batch, augment, " +
        "cropScale and cutmixProb",
    ),
    model: field.choice(EVAL_MODELS, "convnet3"),
    width: field.integer(128, { min: 1 }),
    epochs: field.numbers(
      [0],
      "epochs per entry of ipc (or one for all; 0: the protocol's: paper Table 8, dsa 1000)",
    ),
    runs: field.integer(5, { min: 1 }),
    optimizer: field.choice(["adam", "sgd"] as const, "adam", "paper protocol only"),
    lr: field.number(0.01, { doc: "paper protocol only", min: 0 }),
    batch: field.integer(64, {
      doc: "training batch (paper protocol only; MiniMax's --batch_size 64)",
      min: 1,
    }),
    augment: field.choice(
      ["full", "crop-flip", "none"] as const,
      "full",
      "crop+flip+CutMix, or less (paper protocol only)",
    ),
    cropScale: field.numbers(
      [0.5, 1],
      "random resized crop area range (paper protocol only; MiniMax's [0.5, 1])",
    ),
    cutmixProb: field.number(1, {
      doc: "probability that a batch is CutMix-ed (paper protocol only; MiniMax's --mix_p 1)",
      min: 0,
      max: 1,
    }),
    chanceCheck: field.boolean(
      true,
      "an accuracy at chance level (VE or evaluation) is an error, never a result",
    ),
  },
  seed: field.integer(0, { min: 0 }),
  out: field.string("runs/distill", "run folder"),
};

/**
 * A distill config.
 *
 * @example
 * const config: DistillConfig = validateConfig(DISTILL_SCHEMA, { ipc: [1], methods: ["random", "igds"] });
 */
export type DistillConfig = ConfigOf<typeof DISTILL_SCHEMA>;

/**
 * Whether a run's networks (the evaluation ConvNet and the VE's) all stay under Winograd's
 * channels, so that none of their convolutions runs the texture matmul: such a run is faster
 * with llvmpipe at 512 bits (the quick preset: 1.03-1.11x, results/benchmarks.md), one with a
 * width-128 evaluation network slower. Tasks pass it to `startGpu` as `wideVectors`.
 *
 * @example
 * prefersWideVectors(validateConfig(DISTILL_SCHEMA, { eval: { width: 32 } })); // true
 */
export function prefersWideVectors(c: DistillConfig): boolean {
  return c.eval.model.startsWith("convnet") && c.eval.width < WINOGRAD_MIN_CHANNELS &&
    c.ve.width < WINOGRAD_MIN_CHANNELS;
}
