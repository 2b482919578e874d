/**
 * Evaluation protocols: the settings each one fixes, where each setting comes from, and
 * how a run's settings differ from its protocol's reference.
 *
 * - `paper`: the IGDS paper's Appendix J (ConvNet-3 width 128, Adam at a fixed lr of 0.01,
 *   the epochs of Table 8, random resized crop + horizontal flip + CutMix), with the crop
 *   scale, batch size and CutMix probability of the code it cites for the protocol, MiniMax
 *   (vimar-gu/MinimaxDiffusion, commit 969fc6f): `RandomResizedCrop(rrc_size, scale=(0.5,
 *   1.0))` (data.py:331), `--batch_size` 64 (argument.py:116), `--mix_p` 1.0 and `--beta`
 *   1.0 (argument.py:134-135). That code trains with SGD (train.py:102-108: momentum 0.9,
 *   weight decay 5e-4, lr x0.2 at 2/3 and 5/6 of the epochs), where the paper says Adam:
 *   the paper's text is kept. Its crop/flip branch also jitters colour and lighting
 *   (data.py:318-326), which the paper does not list: not done here. Its Fashion-MNIST
 *   branch (argument.py:287-292, 440-443) uses DSA augmentation without cutout and `mix_p`
 *   0.5 instead; the paper describes the crop/flip/CutMix branch.
 * - `dsa`: the protocol DC, DSA, DM, MTT and KIP report on, as the reference implementation
 *   VICO-UoE/DatasetCondensation (commit 53f63a6) runs it in `evaluate_synset`
 *   (utils.py:337-361): see {@link DSA_PROTOCOL} for each setting and its line.
 *
 * @example
 * const s = protocolDefaults("dsa");            // SGD, lr 0.01, batch 256, DSA augmentation
 * protocolEpochs("dsa", 10);                     // 1000
 * dsaLearningRate(0.01, 600, 1000);              // 0.001: after the decay at pass 501
 * @module
 */
import { DSA_DEFAULTS, DSA_STRATEGY, type DsaParams } from "../data/dsa.ts";

/** The evaluation protocols. */
export type EvalProtocol = "paper" | "dsa";

/**
 * The protocols, for command lines and configs.
 *
 * @example
 * for (const p of EVAL_PROTOCOLS) console.log(p, protocolDefaults(p).optimizer); // paper adam, dsa sgd
 */
export const EVAL_PROTOCOLS: readonly EvalProtocol[] = ["paper", "dsa"];

/** Learning-rate schedules of the evaluation. */
export type LrSchedule = "constant" | "cosine" | "step";

/** A protocol's augmentation: crop/flip/CutMix (`paper`) or DSA (`dsa`). */
export interface ProtocolAugment {
  crop: boolean;
  flip: boolean;
  cutmix: boolean;
  /** Area range of the random resized crop. */
  cropScale: [number, number];
  /** Probability that a batch is CutMix-ed. */
  cutmixProb: number;
  /** DSA strategy (replaces crop, flip and CutMix), or null. */
  dsa: string | null;
  /** DSA parameters. */
  dsaParams: DsaParams;
}

/** The settings a protocol fixes (the epochs depend on the IPC: {@link protocolEpochs}). */
export interface ProtocolSettings {
  model: "convnet3";
  width: number;
  optimizer: "adam" | "sgd";
  lr: number;
  momentum: number;
  weightDecay: number;
  lrSchedule: LrSchedule;
  batchSize: number;
  augment: ProtocolAugment;
  /** Independent networks trained per set in the reference. */
  runs: number;
  /** Test images of the reference (Fashion-MNIST's whole test set). */
  testImages: number;
}

/** The `paper` protocol (Appendix J, with MiniMax's crop scale, batch and CutMix rate). */
export const PAPER_PROTOCOL: Readonly<ProtocolSettings> = Object.freeze({
  model: "convnet3",
  width: 128,
  optimizer: "adam",
  lr: 0.01,
  momentum: 0.9,
  weightDecay: 0,
  lrSchedule: "constant",
  batchSize: 64,
  augment: {
    crop: true,
    flip: true,
    cutmix: true,
    cropScale: [0.5, 1] as [number, number],
    cutmixProb: 1,
    dsa: null,
    dsaParams: { ...DSA_DEFAULTS },
  },
  runs: 5,
  testImages: 10000,
});

/**
 * The `dsa` protocol, each setting from VICO-UoE/DatasetCondensation (commit 53f63a6):
 * - ConvNet-3, width 128, instance norm, ReLU, average pooling: get_default_convnet_setting
 *   (utils.py:118-120) via get_network (utils.py:130-131); networks.py:95-99 treats a 28x28
 *   image as 32x32 and pads the first convolution by 3 when channel == 1, which
 *   lib/nn/convnet.ts does for 1x28x28 input (28 + 6 - 2 = 32 -> 16 -> 8 -> 4, a 2048-wide
 *   head); instance norm is GroupNorm(C, C, affine=True) (networks.py:83-84);
 * - SGD, momentum 0.9, weight decay 5e-4 (utils.py:344), lr 0.01 (`--lr_net`, main.py:25);
 * - lr x0.1 after pass Epoch // 2 + 1 with a fresh optimiser, so new momentum buffers
 *   (utils.py:343, 353-355), over Epoch + 1 passes (`for ep in range(Epoch+1)`,
 *   utils.py:351): the `step` schedule, {@link dsaLearningRate};
 * - batch 256 (`--batch_train`, main.py:27; DataLoader shuffle=True, last batch kept,
 *   utils.py:348);
 * - DSA augmentation of every training batch (utils.py:309-311, 352) with ParamDiffAug's
 *   parameters (utils.py:474-484), aug_mode 'S' (one transform per batch), the strategy
 *   color_crop_cutout_flip_scale_rotate (the README's for Fashion-MNIST);
 * - no augmentation at test time (utils.py:358), the whole test set (utils.py:100);
 * - 20 networks per set (`--num_eval`, main.py:21), mean and population std over all
 *   (main.py:230-231).
 */
export const DSA_PROTOCOL: Readonly<ProtocolSettings> = Object.freeze({
  model: "convnet3",
  width: 128,
  optimizer: "sgd",
  lr: 0.01,
  momentum: 0.9,
  weightDecay: 5e-4,
  lrSchedule: "step",
  batchSize: 256,
  augment: {
    crop: false,
    flip: false,
    cutmix: false,
    cropScale: [0.5, 1] as [number, number],
    cutmixProb: 1,
    dsa: DSA_STRATEGY,
    dsaParams: { ...DSA_DEFAULTS },
  },
  runs: 20,
  testImages: 10000,
});

/**
 * The epochs DSA and DM train with augmentation (main.py:112, 121: `epoch_eval_train =
 * 1000`; main_DM.py:21). DC used 300 without augmentation (main.py:123).
 */
export const DSA_EPOCHS = 1000;

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
 * A protocol's settings (a fresh copy).
 *
 * @example
 * protocolDefaults("paper").batchSize; // 64
 */
export function protocolDefaults(protocol: EvalProtocol): ProtocolSettings {
  const p = protocol === "dsa" ? DSA_PROTOCOL : protocol === "paper" ? PAPER_PROTOCOL : null;
  if (!p) {
    throw new Error(
      `evaluate: unknown protocol "${protocol}"; choose ${EVAL_PROTOCOLS.join(" or ")}`,
    );
  }
  return {
    ...p,
    augment: {
      ...p.augment,
      cropScale: [...p.augment.cropScale],
      dsaParams: { ...p.augment.dsaParams },
    },
  };
}

/**
 * A protocol's epochs for an IPC: the paper's Table 8 ({@link paperEpochs}), or
 * {@link DSA_EPOCHS} for `dsa`.
 *
 * @example
 * protocolEpochs("paper", 1); // 2000
 * protocolEpochs("dsa", 1);   // 1000
 */
export function protocolEpochs(protocol: EvalProtocol, ipc: number): number {
  return protocol === "dsa" ? DSA_EPOCHS : paperEpochs(ipc);
}

/**
 * Training passes over the set for `epochs`: the reference's loop runs `range(Epoch+1)`
 * (utils.py:351), one more than its epoch count, under `dsa`; `paper` trains `epochs`.
 *
 * @example
 * protocolPasses("dsa", 1000); // 1001
 */
export function protocolPasses(protocol: EvalProtocol, epochs: number): number {
  return protocol === "dsa" ? epochs + 1 : epochs;
}

/**
 * The `step` schedule's learning rate in pass `pass` (0-based) of a run of `epochs`
 * epochs: `lr` up to and including pass epochs // 2 + 1, then lr / 10 (the reference
 * multiplies by 0.1 after that pass, utils.py:343, 353-354).
 *
 * @example
 * dsaLearningRate(0.01, 501, 1000); // 0.01 (the decay comes after this pass)
 * dsaLearningRate(0.01, 502, 1000); // 0.001
 */
export function dsaLearningRate(lr: number, pass: number, epochs: number): number {
  return pass > Math.floor(epochs / 2) + 1 ? lr * 0.1 : lr;
}

/** The settings of an evaluation that {@link protocolDifferences} compares. */
export interface ComparedSettings {
  protocol: EvalProtocol;
  model: string;
  /** Width, or undefined for an architecture's own default. */
  width?: number;
  epochs: number;
  /** The IPC the epochs are for (the paper's epochs depend on it), when known. */
  ipc?: number;
  runs: number;
  optimizer: "adam" | "sgd";
  lr: number;
  momentum: number;
  weightDecay: number;
  lrSchedule: LrSchedule;
  batchSize: number;
  augment: ProtocolAugment | false;
  /** Images in the test set, when known. */
  testImages?: number;
}

const sameParams = (a: DsaParams, b: DsaParams) =>
  (Object.keys(b) as (keyof DsaParams)[]).every((k) => a[k] === b[k]);

/**
 * Each way the settings differ from their protocol's reference, as short phrases for a
 * report (empty when there is none).
 *
 * @example
 * protocolDifferences({ ...protocolDefaults("dsa"), protocol: "dsa", epochs: 300, runs: 20 });
 * // ["300 epochs instead of the reference's 1000 (main.py:112; DC's 300 was without
 * //   augmentation, main.py:123)"]
 */
export function protocolDifferences(s: ComparedSettings): string[] {
  const ref = protocolDefaults(s.protocol);
  const dsa = s.protocol === "dsa";
  const diffs: string[] = [];
  if (s.model !== ref.model || (s.width ?? 128) !== ref.width) {
    diffs.push(
      `${s.model}${s.width ? ` of width ${s.width}` : ""} instead of ConvNet-3 of width 128`,
    );
  }
  if (dsa && s.epochs !== DSA_EPOCHS) {
    diffs.push(
      `${s.epochs} epochs instead of the reference's ${DSA_EPOCHS} (main.py:112; DC's 300 was ` +
        `without augmentation, main.py:123)`,
    );
  }
  if (!dsa && s.ipc !== undefined && s.epochs !== paperEpochs(s.ipc)) {
    diffs.push(`${s.epochs} epochs instead of the paper's ${paperEpochs(s.ipc)} (Table 8)`);
  }
  if (s.runs !== ref.runs) {
    diffs.push(
      `${s.runs} run(s) per set instead of ${ref.runs}` +
        (dsa ? " (the reference's num_eval, main.py:21)" : ""),
    );
  }
  if (s.optimizer !== ref.optimizer) {
    diffs.push(`${s.optimizer} (weight decay ${s.weightDecay}) instead of ${ref.optimizer}`);
  } else if (s.weightDecay !== ref.weightDecay) {
    diffs.push(`weight decay ${s.weightDecay} instead of ${ref.weightDecay}`);
  }
  if (s.lr !== ref.lr) diffs.push(`lr ${s.lr} instead of ${ref.lr}`);
  if (s.optimizer === "sgd" && s.momentum !== ref.momentum) {
    diffs.push(`momentum ${s.momentum} instead of ${ref.momentum}`);
  }
  if (s.lrSchedule !== ref.lrSchedule) {
    diffs.push(`a ${s.lrSchedule} learning rate instead of ${scheduleText(ref.lrSchedule)}`);
  }
  if (s.batchSize !== ref.batchSize) diffs.push(`batch ${s.batchSize} instead of ${ref.batchSize}`);
  const a = s.augment;
  const r = ref.augment;
  if (a === false) {
    diffs.push("no augmentation");
  } else if (r.dsa !== null) {
    if (a.dsa === null) diffs.push("crop/flip/CutMix augmentation instead of DSA");
    else if (a.dsa !== r.dsa) diffs.push(`DSA strategy ${a.dsa} instead of ${r.dsa}`);
    if (a.dsa !== null && !sameParams(a.dsaParams, r.dsaParams)) {
      diffs.push(`DSA parameters ${JSON.stringify(a.dsaParams)} instead of the reference's`);
    }
  } else if (a.dsa !== null) {
    diffs.push(`DSA augmentation (${a.dsa}) instead of crop/flip/CutMix`);
  } else {
    if (!a.crop) diffs.push("no random resized crop");
    else if (a.cropScale[0] !== r.cropScale[0] || a.cropScale[1] !== r.cropScale[1]) {
      diffs.push(`crop scale [${a.cropScale}] instead of [${r.cropScale}]`);
    }
    if (!a.flip) diffs.push("no flip");
    if (!a.cutmix) diffs.push("no CutMix");
    else if (a.cutmixProb !== r.cutmixProb) {
      diffs.push(`CutMix probability ${a.cutmixProb} instead of ${r.cutmixProb}`);
    }
  }
  if (s.testImages !== undefined && s.testImages !== ref.testImages) {
    diffs.push(`${s.testImages} test images instead of ${ref.testImages}`);
  }
  return diffs;
}

/** A schedule in words. */
export function scheduleText(s: LrSchedule): string {
  return s === "step"
    ? "x0.1 after half the epochs (a fresh optimiser)"
    : s === "cosine"
    ? "cosine decay"
    : "a constant learning rate";
}

/**
 * The settings in words (without epochs and runs), for logs and reports.
 *
 * @example
 * protocolSummary({ ...protocolDefaults("dsa"), protocol: "dsa", epochs: 1000, runs: 3 });
 * // "protocol dsa: convnet3 width 128, SGD (momentum 0.9, weight decay 0.0005) lr 0.01 ..."
 */
export function protocolSummary(s: ComparedSettings): string {
  const a = s.augment;
  const aug = a === false
    ? "no augmentation"
    : a.dsa !== null
    ? `DSA augmentation ${a.dsa} (one transform per batch)`
    : [
      a.crop ? `random resized crop [${a.cropScale}]` : "",
      a.flip ? "flip" : "",
      a.cutmix ? `CutMix p ${a.cutmixProb}` : "",
    ].filter((x) => x).join(" + ") || "no augmentation";
  const opt = s.optimizer === "sgd"
    ? `SGD (momentum ${s.momentum}, weight decay ${s.weightDecay})`
    : `Adam${s.weightDecay ? ` (weight decay ${s.weightDecay})` : ""}`;
  return `protocol ${s.protocol}: ${s.model}${s.width ? ` width ${s.width}` : ""}, ${opt} ` +
    `lr ${s.lr} with ${scheduleText(s.lrSchedule)}, batch ${s.batchSize}, ${aug}`;
}
