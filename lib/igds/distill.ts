/**
 * `deno task distill`: every stage of a distillation experiment, cached in the run folder by
 * a hash of its config, so a rerun skips what is done and an interrupted run resumes:
 *
 *   data -> prior (shipped or given) -> VE + classifier -> distilled sets (one per method and
 *   IPC, as ImageFolder PNGs) -> evaluation (fresh networks trained on each set) -> report
 *
 * Layout of `<out>`: `ve/` (ve.safetensors, stage.json; `ve-given/` holds the estimates of a VE
 * given by `ve.path`), `distilled/<method>/ipc<N>/<class>/
 * *.png` (+ grid.png, stage.json), `eval/<method>-ipc<N>/stage.json`, `results.json`,
 * `report.md`. A stage is done when its stage.json holds the hash of its config (written
 * last, atomically).
 *
 * @example
 * const config = validateConfig(DISTILL_SCHEMA, { data: { bundled: true }, ipc: [1] });
 * const summary = await distill(config, { log: console.log });
 * @module
 */
import { isAbsolute, relative } from "node:path";
import { dispose, tidy } from "../autodiff/scope.ts";
import { noGrad } from "../autodiff/tape.ts";
import { classCounts, type Dataset } from "../data/dataset.ts";
import { loadDataset } from "../data/datasets.ts";
import { holdOutValidation } from "../data/split.ts";
import { channelStats, Loader, signedRange } from "../data/loader.ts";
import { generateDataset } from "../diffusion/generate.ts";
import type { Prior } from "../diffusion/prior.ts";
import { loadPrior, SHIPPED_PRIOR } from "../diffusion/prior_file.ts";
import { GuidanceNaNError } from "../diffusion/sampler.ts";
import { alignClasses } from "../eval/classes.ts";
import { EVAL_MODELS, evaluateDistilled } from "../eval/evaluate.ts";
import { EVAL_PROTOCOLS, protocolEpochs } from "../eval/protocol.ts";
import { writeFileAtomic } from "../io/atomic.ts";
import { type ConfigOf, field, validateConfig } from "../io/config.ts";
import { writeImageFolder, writePngGrid } from "../io/images.ts";
import { linear } from "../nn/layers.ts";
import { fromArray } from "../ops/creation.ts";
import { l2Normalize } from "../ops/infonce.ts";
import { herding, kCenter, randomSubset, subsetDataset } from "./baselines.ts";
import { merge2x2 } from "./merge.ts";
import { igdsObjective } from "./objective.ts";
import { writeDistillReport } from "./distill_report.ts";
import { assertAboveChance } from "../eval/chance.ts";
import { cacheNote, evalOptionsOf, hashFile, perIpc, stage, veConfigOf } from "./stage.ts";
import {
  classifierRank,
  disposeVE,
  estimateInformation,
  trainVE,
  type VarEstimator,
  veFeatures,
} from "./ve.ts";
import { loadVE, saveVE } from "./ve_file.ts";

/** Distillation methods. */
export const METHODS = ["random", "herding", "kcenter", "ddpm", "igds-beta0", "igds"] as const;
export type Method = typeof METHODS[number];

/** Config of `deno task distill` (presets in tasks/configs/distill-*.yaml). */
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

/** A distill config. */
export type DistillConfig = ConfigOf<typeof DISTILL_SCHEMA>;

/** One evaluated distilled set. */
export interface MethodResult {
  method: Method;
  ipc: number;
  beta: number | null;
  accuracies: number[];
  mean: number;
  std: number;
  epochs: number;
  /** Seconds to make the set and to evaluate it (when computed in this or an earlier run). */
  distillSeconds: number;
  evalSeconds: number;
}

/** What {@link distill} returns and writes to results.json. */
export interface DistillSummary {
  config: DistillConfig;
  adapter?: string;
  data: {
    train: string;
    trainImages: number;
    testImages: number;
    /** Images held out of the training set and evaluated on instead of the test set. */
    validation?: number;
  };
  prior: { path: string; step: number };
  ve: {
    estimates: Record<string, unknown>;
    rank: { rank: number; full: boolean };
    seconds: number;
  } | null;
  results: MethodResult[];
  /** Wall seconds of every stage, computed now or earlier. */
  stages: Record<string, number>;
  seconds: number;
}

/**
 * Runs (or resumes) a distillation experiment; `log` gets progress lines. Bad input (an IPC
 * larger than a class, an image size the prior was not trained for, a missing prior) is an
 * error before any long work starts.
 */
export async function distill(
  config: DistillConfig,
  o: { log?: (line: string) => void; adapter?: string } = {},
): Promise<DistillSummary> {
  const c = validateConfig(DISTILL_SCHEMA, config, "distill config");
  const log = o.log ?? (() => {});
  const t0 = performance.now();
  const methods = c.methods.map((m) => {
    if (!(METHODS as readonly string[]).includes(m)) {
      throw new Error(`distill: unknown method "${m}"; choose from ${METHODS.join(", ")}`);
    }
    return m as Method;
  });
  c.ipc.forEach((ipc, i) => {
    if (!Number.isInteger(ipc) || ipc < 1) {
      throw new Error(`distill: ipc must be positive integers, got ${ipc}`);
    }
    perIpc(c.igds.beta, i, "igds.beta", c.ipc.length, "distill");
    perIpc(c.eval.epochs, i, "eval.epochs", c.ipc.length, "distill");
  });
  // data
  const { train, test } = await loadSplits(c.data);
  const classes = train.classes.length;
  log(
    c.data.validation
      ? `data: ${train.n} training images, evaluated on ${test.n} held out of the training ` +
        `set (validation split, seed ${c.data.validationSeed}; the test set is not read)`
      : `data: ${train.n} training and ${test.n} test images (${train.source})`,
  );
  const counts = classCounts(train);
  if (methods.some((m) => ["random", "herding", "kcenter"].includes(m))) {
    const ipcMax = Math.max(...c.ipc);
    const small = counts.findIndex((n) => n < ipcMax);
    if (small >= 0) {
      throw new Error(
        `distill: ipc ${ipcMax} is larger than class "${train.classes[small]}" (${counts[small]} ` +
          `images) of ${train.source}; the subset baselines cannot pick that many`,
      );
    }
  }
  // prior
  const generative = methods.some((m) => m === "ddpm" || m.startsWith("igds"));
  let prior: Prior | null = null;
  let priorHash = "";
  const priorPath = c.prior.path || decodeURIComponent(SHIPPED_PRIOR.pathname);
  if (generative) {
    prior = await loadPrior(priorPath);
    const u = prior.config.unet;
    if (u.size !== train.height || u.size !== train.width || u.channels !== train.channels) {
      throw new Error(
        `distill: the prior ${priorPath} makes ${u.channels}x${u.size}x${u.size} images, but ` +
          `${c.data.name} has ${train.channels}x${train.height}x${train.width}`,
      );
    }
    if ((u.classes ?? 0) !== classes) {
      throw new Error(
        `distill: the prior ${priorPath} has ${
          u.classes ?? 0
        } classes, ${c.data.name} has ${classes}`,
      );
    }
    priorHash = await hashFile(priorPath);
    log(`prior: ${priorPath} (step ${prior.step})`);
  }
  const stages: Record<string, number> = {};
  const dataKey = {
    name: c.data.name,
    bundled: c.data.bundled,
    n: train.n,
    // absent without a split, so that the stages of earlier runs keep their keys
    ...(c.data.validation
      ? { validation: c.data.validation, validationSeed: c.data.validationSeed }
      : {}),
  };
  // VE
  const needVE = methods.some(needsVE);
  let ve: VarEstimator | null = null;
  let veSummary: DistillSummary["ve"] = null;
  const veKey = c.ve.path
    ? {
      path: c.ve.path,
      hash: needVE ? await hashFile(c.ve.path) : "",
      data: dataKey,
    }
    : { data: dataKey, ve: c.ve, seed: c.seed };
  if (needVE && c.ve.path) {
    ve = await loadVE(c.ve.path);
    if (ve.size !== train.height || ve.channels !== train.channels || ve.classes !== classes) {
      disposeVE(ve);
      throw new Error(
        `distill: the VE ${c.ve.path} takes ${ve.channels}x${ve.size}x${ve.size} images of ${ve.classes} ` +
          `classes; ${c.data.name} has ${train.channels}x${train.height}x${train.width} and ${classes}`,
      );
    }
    // the estimates over the training set, once per VE file and data set
    const given = ve;
    const rec = await stage(`${c.out}/ve-given`, veKey, async () => {
      const estimates = await estimateInformation(given, train);
      if (c.eval.chanceCheck) {
        assertAboveChance(100 * estimates.accuracy, classes, `VE stage ${c.out}/ve-given`);
      }
      return { estimates: estimates as unknown as Record<string, unknown>, rank: estimates.rank };
    });
    veSummary = { ...rec.value, seconds: 0 };
    const accuracy = (rec.value.estimates as { accuracy: number }).accuracy;
    log(
      `VE: ${c.ve.path}, accuracy ${(100 * accuracy).toFixed(1)}%${cacheNote(rec)}`,
    );
  } else if (needVE) {
    const veConfig = veConfigOf(c);
    const rec = await stage(`${c.out}/ve`, veKey, async () => {
      log(`VE: training (encoder width ${c.ve.width}, ${c.ve.epochs} epochs) ...`);
      const trained = await trainVE(train, veConfig, { log: (l) => log(`  ${l}`) });
      await saveVE(`${c.out}/ve/ve.safetensors`, trained);
      const estimates = await estimateInformation(trained, train);
      const rank = await classifierRank(trained);
      disposeVE(trained);
      if (c.eval.chanceCheck) {
        assertAboveChance(100 * estimates.accuracy, classes, `VE stage ${c.out}/ve`);
      }
      return { estimates: estimates as unknown as Record<string, unknown>, rank };
    });
    ve = await loadVE(`${c.out}/ve/ve.safetensors`);
    stages["ve"] = rec.seconds;
    veSummary = { ...rec.value, seconds: rec.seconds };
    const e = rec.value.estimates as { I: number; H: number; accuracy: number };
    log(
      `VE${cacheNote(rec)}: accuracy ${(100 * e.accuracy).toFixed(1)}%, ` +
        `I(X;Y) >= ${e.I.toFixed(3)} nats, H(X|Y) ~ ${e.H.toFixed(3)} nats, classifier rank ` +
        `${rec.value.rank.rank}${rec.value.rank.full ? " (full)" : " (NOT full)"}`,
    );
  }
  const results: MethodResult[] = [];
  const stats = channelStats(train);
  let features: Float32Array | null = null;
  try {
    for (const [i, ipc] of c.ipc.entries()) {
      const beta = perIpc(c.igds.beta, i, "igds.beta", c.ipc.length, "distill");
      const epochs = perIpc(c.eval.epochs, i, "eval.epochs", c.ipc.length, "distill") ||
        protocolEpochs(c.eval.protocol, ipc);
      for (const method of methods) {
        const name = `${method}/ipc${ipc}`;
        const methodBeta = method === "igds" ? beta : method === "igds-beta0" ? 0 : null;
        const dKey = {
          method,
          ipc,
          seed: c.seed,
          data: dataKey,
          ...(method === "ddpm" || method.startsWith("igds")
            ? { prior: priorHash, sampling: samplingKey(c.prior) }
            : {}),
          ...(needsVE(method) ? { ve: veKey } : {}),
          ...(method.startsWith("igds") ? { igds: { ...c.igds, beta: methodBeta } } : {}),
        };
        const dir = `${c.out}/distilled/${method}/ipc${ipc}`;
        const made = await stage(dir, dKey, async () => {
          log(`${name}: making the distilled set ...`);
          if ((method === "herding" || method === "kcenter") && !features) {
            features = await veTrainFeatures(ve!, train);
          }
          const ds = await makeSet(
            method,
            ipc,
            methodBeta ?? 0,
            c,
            train,
            prior,
            ve,
            features,
            log,
          );
          await writeImageFolder(dir, ds);
          await writePngGrid(`${dir}/grid.png`, ds, { cols: ipc });
          return { images: ds.n };
        });
        stages[`distill ${name}`] = made.seconds;
        log(
          `${name}: ${made.value.images} images${cacheNote(made)}, ${made.seconds.toFixed(0)} s`,
        );
        const evalKey = { distilled: made.hash, eval: c.eval, epochs, seed: c.seed };
        const evaluated = await stage(`${c.out}/eval/${method}-ipc${ipc}`, evalKey, async () => {
          const folder = await loadDataset(dir, "train");
          const { dataset } = alignClasses(folder, train.classes);
          log(
            `${name}: evaluating (${c.eval.model} width ${c.eval.width}, ${epochs} epochs, ${c.eval.runs} runs) ...`,
          );
          const r = await evaluateDistilled(
            dataset,
            test,
            evalOptionsOf(c, epochs, dataset.n, stats, log),
          );
          if (c.eval.chanceCheck) {
            assertAboveChance(
              r.mean,
              classes,
              `evaluation stage ${c.out}/eval/${method}-ipc${ipc}`,
            );
          }
          return r;
        });
        stages[`eval ${name}`] = evaluated.seconds;
        const r = evaluated.value;
        log(
          `${name}: ${r.mean.toFixed(2)} +- ${r.std.toFixed(2)}%${cacheNote(evaluated)}`,
        );
        results.push({
          method,
          ipc,
          beta: methodBeta,
          accuracies: r.accuracies,
          mean: r.mean,
          std: r.std,
          epochs: r.epochs,
          distillSeconds: made.seconds,
          evalSeconds: evaluated.seconds,
        });
      }
    }
  } finally {
    if (ve) disposeVE(ve);
    if (prior) dispose(prior.denoiser.params);
  }
  const summary: DistillSummary = {
    config: c,
    adapter: o.adapter,
    data: {
      train: train.source ?? c.data.name,
      trainImages: train.n,
      testImages: test.n,
      ...(c.data.validation ? { validation: test.n } : {}),
    },
    prior: { path: generative ? relativeToCwd(priorPath) : "", step: prior?.step ?? 0 },
    ve: veSummary,
    results,
    stages,
    seconds: (performance.now() - t0) / 1000,
  };
  await writeFileAtomic(`${c.out}/results.json`, JSON.stringify(summary, null, 2) + "\n");
  await writeDistillReport(`${c.out}/report.md`, summary);
  return summary;
}

/**
 * The sampling settings a generated set depends on. Without guidance the key is the one runs
 * made before `prior.cfg` existed, so their cached sets stay valid.
 */
function samplingKey(p: DistillConfig["prior"]): Record<string, unknown> {
  const { cfg, ...rest } = p;
  return cfg ? p : rest;
}

function needsVE(m: Method): boolean {
  return m === "herding" || m === "kcenter" || m.startsWith("igds");
}

/** L2-normalised VE features of a data set (images mapped to [-1, 1]), [n, dim] on the host. */
async function veTrainFeatures(ve: VarEstimator, ds: Dataset): Promise<Float32Array> {
  const loader = new Loader(ds, {
    batchSize: 256,
    shuffle: false,
    normalize: signedRange(ds.channels),
  });
  const out = new Float32Array(ds.n * ve.featureSize);
  let at = 0;
  for (let b = 0; b < loader.batchesPerEpoch; b++) {
    const batch = loader.next();
    const f = noGrad(() => tidy(() => l2Normalize(veFeatures(ve, batch.images))));
    out.set((await f.data()) as Float32Array, at * ve.featureSize);
    at += batch.images.shape[0];
    dispose([f, batch.images, batch.labels]);
  }
  return out;
}

/** Makes one distilled set: `ipc` images per class, labels in class order. */
async function makeSet(
  method: Method,
  ipc: number,
  beta: number,
  c: DistillConfig,
  train: Dataset,
  prior: Prior | null,
  ve: VarEstimator | null,
  features: Float32Array | null,
  log: (line: string) => void,
): Promise<Dataset> {
  const classes = train.classes.length;
  switch (method) {
    case "random":
      return subsetDataset(train, randomSubset(train.labels, classes, ipc, c.seed));
    case "herding":
      return subsetDataset(train, herding(features!, ve!.featureSize, train.labels, classes, ipc));
    case "kcenter":
      return subsetDataset(train, kCenter(features!, ve!.featureSize, train.labels, classes, ipc));
  }
  // generative: the same seeds for every generative method, so they start from the same noise
  const per = c.igds.merge ? 4 * ipc : ipc;
  const labels = Int32Array.from({ length: classes * per }, (_, i) => Math.floor(i / per));
  const batch = per * Math.max(1, Math.floor(c.prior.batch / per));
  const t0 = performance.now();
  const guided = method !== "ddpm";
  let ds: Dataset;
  try {
    ds = await generateDataset(prior!, {
      labels,
      steps: c.prior.steps,
      method: c.prior.method,
      cfg: c.prior.cfg,
      seed: c.seed,
      batch,
      guidanceFor: guided
        ? (part) => {
          const y = fromArray(part, [part.length], "i32");
          const encode = (x: Parameters<typeof veFeatures>[1]) => {
            const q = veFeatures(ve!, x);
            return { features: q, logits: linear(ve!.classifier, l2Normalize(q)) };
          };
          return {
            guidance: {
              objective: igdsObjective(encode, y, {
                beta,
                tau: ve!.tau,
                ipc: per,
                entropy: c.igds.entropy,
                restCounts: restOfSet(labels, part, classes),
                diversity: c.igds.diversity,
                logQ: ve!.logQ,
              }),
              scale: c.igds.eta,
              wrt: c.igds.wrt,
              window: [c.igds.window[0] ?? 0, c.igds.window[1] ?? 1],
              scaleX0: c.igds.x0Scale === "sqrt-acp",
              normalize: c.igds.normalize === "per-image",
            },
            dispose: () => y.dispose(),
          };
        }
        : undefined,
      onBatch: (done, total) =>
        log(
          `  ${method} ipc ${ipc}: ${done}/${total} images, ${
            ((performance.now() - t0) / 1000).toFixed(0)
          } s`,
        ),
    });
  } catch (e) {
    if (e instanceof GuidanceNaNError) {
      throw new Error(
        `distill: ${method} ipc ${ipc}: the guidance gradient holds NaN or Inf at sampling step ` +
          `${e.step} (t = ${e.timestep}) for class "${
            train.classes[e.label ?? 0]
          }" (image ${e.image}); ` +
          `every finished stage is kept in ${c.out}. Try a smaller igds.eta.`,
      );
    }
    throw e;
  }
  ds = { ...ds, classes: train.classes };
  return c.igds.merge ? merge2x2(ds) : ds;
}

/** `path` relative to the working directory when it lies inside it (reports stay portable). */
function relativeToCwd(path: string): string {
  const r = relative(Deno.cwd(), path);
  return r.startsWith("..") || isAbsolute(r) ? path : r;
}

/** Images per class in `all` but not in `part` (the rest of the set a batch belongs to). */
function restOfSet(all: Int32Array, part: Int32Array, classes: number): Float32Array {
  const counts = new Float32Array(classes);
  for (const y of all) counts[y]++;
  for (const y of part) counts[y]--;
  return counts;
}

/**
 * The training set and the set evaluations score on: the test set, or, with
 * `data.validation`, a class-balanced split held out of the training set (the test set is
 * then not read at all).
 */
export async function loadSplits(
  d: { name: string; bundled: boolean; validation: number; validationSeed: number },
): Promise<{ train: Dataset; test: Dataset }> {
  const train = await loadDataset(d.name, "train", { bundled: d.bundled });
  if (!d.validation) {
    return { train, test: await loadDataset(d.name, "test", { bundled: d.bundled }) };
  }
  const split = holdOutValidation(train, d.validation, d.validationSeed);
  return { train: split.train, test: split.validation };
}
