/**
 * `deno task distill`: every stage of a distillation experiment, cached in the run folder by
 * a hash of its config, so a rerun skips what is done and an interrupted run resumes:
 *
 *   data -> prior (shipped or given) -> VE + classifier -> distilled sets (one per method and
 *   IPC, as ImageFolder PNGs) -> evaluation (fresh networks trained on each set) -> report
 *
 * Layout of `<out>`: `ve/` (ve.safetensors, stage.json; `ve-given/` holds the estimates of a VE
 * given by `ve.path`), `distilled/<method>/ipc<N>/<class>/
 * *.png` (+ grid.png, stage.json), `eval/<method>-ipc<N>/seed<S>/stage.json` (one evaluation
 * run each), `results.json`,
 * `report.md`. A stage is done when its stage.json holds the hash of its config (written
 * last, atomically). Workers on many hosts can share one run folder ({@link distillShard}:
 * the stage graph in plan.ts, stage locks in lock.ts); the results are the same bit for bit.
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
import { channelStats, Loader, signedRange } from "../data/loader.ts";
import { generateDataset } from "../diffusion/generate.ts";
import type { Prior } from "../diffusion/prior.ts";
import { loadPrior, SHIPPED_PRIOR } from "../diffusion/prior_file.ts";
import { GuidanceNaNError } from "../diffusion/sampler.ts";
import { alignClasses } from "../eval/classes.ts";
import { EVAL_MODELS, evaluateDistilled, paperEpochs } from "../eval/evaluate.ts";
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
import {
  cacheNote,
  evalOptionsOf,
  hashFile,
  hashOf,
  perIpc,
  stageDone,
  type StageRecord,
  veConfigOf,
} from "./stage.ts";
import { distillPlan, evalStageId, needsVE, parseShard, type Shard, shardStages } from "./plan.ts";
import { joinShardedRun } from "./run_folder.ts";
import { sharedStage } from "./shared_stage.ts";
import { meanStd } from "../io/report.ts";
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
    classifierEpochs: field.integer(30, { min: 0 }),
  },
  methods: field.strings(["random", "ddpm", "igds-beta0", "igds"], `any of ${METHODS.join(", ")}`),
  ipc: field.numbers([1, 10], "images per class"),
  igds: {
    eta: field.number(1, { doc: "guidance step size", min: 0 }),
    beta: field.numbers([0.05, 0.1], "beta per entry of ipc (or one value for all)"),
    wrt: field.choice(["xt", "x0"] as const, "xt", "gradient w.r.t. x_t (through the U-Net) or x0"),
    window: field.numbers([0, 1], "guide while t / T is in [from, to]"),
    entropy: field.choice(["marginal", "per-sample", "none"] as const, "marginal", "H(y_hat) term"),
    merge: field.boolean(false, "2x2-merge four same-class samples into each image"),
  },
  eval: {
    model: field.choice(EVAL_MODELS, "convnet3"),
    width: field.integer(128, { min: 1 }),
    epochs: field.numbers([0], "epochs per entry of ipc (or one for all; 0: the paper's table)"),
    runs: field.integer(5, { min: 1 }),
    optimizer: field.choice(["adam", "sgd"] as const, "adam"),
    lr: field.number(0.01, { min: 0 }),
    batch: field.integer(256, { min: 1 }),
    augment: field.choice(
      ["full", "crop-flip", "none"] as const,
      "full",
      "crop+flip+CutMix, or less",
    ),
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

/** The record of one evaluation run (one seed), a stage of its own. */
export interface EvalRun {
  /** Test accuracy, percent. */
  accuracy: number;
  epochs: number;
  seconds: number;
  imagesPerSecond: number;
}

/** What {@link distill} returns and writes to results.json. */
export interface DistillSummary {
  config: DistillConfig;
  adapter?: string;
  data: { train: string; trainImages: number; testImages: number };
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
  return (await runDistill(config, o))!;
}

/**
 * One worker of a run folder shared by `shard.count` workers: computes the stages that fall
 * to `shard.index` (see plan.ts), waiting for or taking over the stages they need, and, when
 * it finds every stage done, writes results.json and report.md as {@link distill} does.
 * Returns the summary then, else null.
 *
 * @example
 * const summary = await distillShard(config, { index: 1, count: 3 }, { log: console.log });
 */
export function distillShard(
  config: DistillConfig,
  shard: Shard,
  o: { log?: (line: string) => void; adapter?: string } = {},
): Promise<DistillSummary | null> {
  return runDistill(config, { ...o, shard });
}

async function runDistill(
  config: DistillConfig,
  o: { log?: (line: string) => void; adapter?: string; shard?: Shard },
): Promise<DistillSummary | null> {
  if (o.shard) parseShard(`${o.shard.index}/${o.shard.count}`, config.out);
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
  const train = await loadDataset(c.data.name, "train", { bundled: c.data.bundled });
  const test = await loadDataset(c.data.name, "test", { bundled: c.data.bundled });
  const classes = train.classes.length;
  log(`data: ${train.n} training and ${test.n} test images (${train.source})`);
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
  const dataKey = { name: c.data.name, bundled: c.data.bundled, n: train.n };
  const plan = distillPlan(c);
  if (o.shard) {
    const configHash = await hashOf({ ...c, out: undefined });
    const first = shardStages(plan, o.shard)[0] ?? "(none)";
    await joinShardedRun(c.out, configHash, o.shard.count, first);
    log(`shard ${o.shard.index}/${o.shard.count} of run folder ${c.out}`);
  }
  // a shard waits for stages that another worker computes; a single process is told who
  const lockOptions = { wait: !!o.shard, log };
  const run = <T>(id: string, key: unknown, work: () => Promise<T>) =>
    sharedStage(c.out, id, key, work, lockOptions);
  /** Each stage's key and its (memoised) computation, by id. */
  const units = new Map<string, { key: unknown; get: () => Promise<unknown> }>();
  // VE
  const needVE = methods.some(needsVE);
  const veId = c.ve.path ? "ve-given" : "ve";
  let ve: VarEstimator | null = null;
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
  }
  type VERecord = { estimates: Record<string, unknown>; rank: { rank: number; full: boolean } };
  const veRecord = once(() =>
    run<VERecord>(veId, veKey, async () => {
      if (c.ve.path) {
        // the estimates over the training set, once per VE file and data set
        const estimates = await estimateInformation(ve!, train);
        if (c.eval.chanceCheck) {
          assertAboveChance(100 * estimates.accuracy, classes, `VE stage ${c.out}/ve-given`);
        }
        return { estimates: estimates as unknown as Record<string, unknown>, rank: estimates.rank };
      }
      log(`VE: training (encoder width ${c.ve.width}, ${c.ve.epochs} epochs) ...`);
      const trained = await trainVE(train, veConfigOf(c), { log: (l) => log(`  ${l}`) });
      await saveVE(`${c.out}/ve/ve.safetensors`, trained);
      const estimates = await estimateInformation(trained, train);
      const rank = await classifierRank(trained);
      disposeVE(trained);
      if (c.eval.chanceCheck) {
        assertAboveChance(100 * estimates.accuracy, classes, `VE stage ${c.out}/ve`);
      }
      return { estimates: estimates as unknown as Record<string, unknown>, rank };
    })
  );
  /** The VE itself, once its stage is done. */
  const loadedVE = async () => {
    await veRecord();
    ve ??= await loadVE(`${c.out}/ve/ve.safetensors`);
    return ve;
  };
  if (needVE) units.set(veId, { key: veKey, get: veRecord });
  const stats = channelStats(train);
  let features: Float32Array | null = null;
  // the protocol of an evaluation run, without what does not change its numbers
  const { runs: _runs, chanceCheck: _chance, ...protocol } = c.eval;
  const sets: {
    method: Method;
    ipc: number;
    beta: number | null;
    made: () => Promise<StageRecord<{ images: number }> & { cached: boolean; redone?: string }>;
    runs: (() => Promise<StageRecord<EvalRun>>)[];
  }[] = [];
  for (const [i, ipc] of c.ipc.entries()) {
    const beta = perIpc(c.igds.beta, i, "igds.beta", c.ipc.length, "distill");
    const epochs = perIpc(c.eval.epochs, i, "eval.epochs", c.ipc.length, "distill") ||
      paperEpochs(ipc);
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
      const setId = `distilled/${method}/ipc${ipc}`;
      const dir = `${c.out}/${setId}`;
      const made = once(async () => {
        if (needsVE(method)) await veRecord();
        return await run(setId, dKey, async () => {
          log(`${name}: making the distilled set ...`);
          const v = needsVE(method) ? await loadedVE() : null;
          if ((method === "herding" || method === "kcenter") && !features) {
            features = await veTrainFeatures(v!, train);
          }
          const ds = await makeSet(method, ipc, methodBeta ?? 0, c, train, prior, v, features, log);
          await writeImageFolder(dir, ds);
          await writePngGrid(`${dir}/grid.png`, ds, { cols: ipc });
          return { images: ds.n };
        });
      });
      units.set(setId, { key: dKey, get: made });
      const distilledHash = await hashOf(dKey);
      const runs = Array.from({ length: c.eval.runs }, (_, k) => {
        const seed = c.seed + k;
        const id = evalStageId(method, ipc, seed);
        const evalKey = { distilled: distilledHash, eval: protocol, epochs, seed };
        const get = once(async () => {
          await made();
          return await run<EvalRun>(id, evalKey, async () => {
            const folder = await loadDataset(dir, "train");
            const { dataset } = alignClasses(folder, train.classes);
            log(
              `${name}: evaluating seed ${seed} (${c.eval.model} width ${c.eval.width}, ` +
                `${epochs} epochs) ...`,
            );
            // run k of a c.eval.runs-run evaluation: seeds seed + k, as evaluateDistilled
            const r = await evaluateDistilled(dataset, test, {
              ...evalOptionsOf(c, epochs, dataset.n, stats, log),
              runs: 1,
              seed,
              onRunEnd: (_, acc) => log(`  ${name} seed ${seed}: ${acc.toFixed(2)}%`),
            });
            return {
              accuracy: r.accuracies[0],
              epochs: r.epochs,
              seconds: r.seconds,
              imagesPerSecond: r.imagesPerSecond,
            };
          });
        });
        units.set(id, { key: evalKey, get });
        return get;
      });
      sets.push({ method, ipc, beta: methodBeta, made, runs });
    }
  }
  const results: MethodResult[] = [];
  let veSummary: DistillSummary["ve"] = null;
  try {
    // this worker's stages, in plan order (with what they need)
    const mine = o.shard ? new Set(shardStages(plan, o.shard)) : null;
    for (const s of plan) {
      if (s.kind !== "report" && (!mine || mine.has(s.id))) await units.get(s.id)!.get();
    }
    if (mine) {
      const missing: string[] = [];
      for (const [id, u] of units) {
        if (!(await stageDone(`${c.out}/${id}`, u.key))) missing.push(id);
      }
      if (missing.length) {
        log(
          `shard ${o.shard!.index}/${o.shard!.count}: done; ${missing.length} stage(s) of ` +
            `other shards remain (${missing.slice(0, 3).join(", ")}${
              missing.length > 3 ? ", ..." : ""
            }); the last worker or \`deno task distill\` writes the report`,
        );
        return null;
      }
    }
    // the merge: every stage is done; the summary is assembled from the records
    if (needVE) {
      const rec = await veRecord();
      veSummary = { ...rec.value, seconds: c.ve.path ? 0 : rec.seconds };
      if (!c.ve.path) stages["ve"] = rec.seconds;
      const e = rec.value.estimates as { I: number; H: number; accuracy: number };
      log(
        c.ve.path
          ? `VE: ${c.ve.path}, accuracy ${(100 * e.accuracy).toFixed(1)}%${cacheNote(rec)}`
          : `VE${cacheNote(rec)}: accuracy ${(100 * e.accuracy).toFixed(1)}%, ` +
            `I(X;Y) >= ${e.I.toFixed(3)} nats, H(X|Y) ~ ${e.H.toFixed(3)} nats, classifier rank ` +
            `${rec.value.rank.rank}${rec.value.rank.full ? " (full)" : " (NOT full)"}`,
      );
    }
    for (const set of sets) {
      const name = `${set.method}/ipc${set.ipc}`;
      const made = await set.made();
      stages[`distill ${name}`] = made.seconds;
      log(`${name}: ${made.value.images} images${cacheNote(made)}, ${made.seconds.toFixed(0)} s`);
      const evaluated: (StageRecord<EvalRun> & { cached?: boolean })[] = [];
      for (const get of set.runs) evaluated.push(await get());
      const accuracies = evaluated.map((r) => r.value.accuracy);
      const { mean, std } = meanStd(accuracies);
      if (c.eval.chanceCheck) {
        assertAboveChance(
          mean,
          classes,
          `evaluation stages ${c.out}/eval/${set.method}-ipc${set.ipc}/seed*`,
        );
      }
      const evalSeconds = evaluated.reduce((a, r) => a + r.seconds, 0);
      stages[`eval ${name}`] = evalSeconds;
      const cached = evaluated.every((r) => r.cached) ? " (cached)" : "";
      log(`${name}: ${mean.toFixed(2)} +- ${std.toFixed(2)}%${cached}`);
      results.push({
        method: set.method,
        ipc: set.ipc,
        beta: set.beta,
        accuracies,
        mean,
        std,
        epochs: evaluated[0].value.epochs,
        distillSeconds: made.seconds,
        evalSeconds,
      });
    }
  } finally {
    if (ve) disposeVE(ve);
    if (prior) dispose(prior.denoiser.params);
  }
  const summary: DistillSummary = {
    config: c,
    adapter: o.adapter,
    data: { train: train.source ?? c.data.name, trainImages: train.n, testImages: test.n },
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

/** A memoised async computation: `f` runs once, on the first call. */
function once<T>(f: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= f());
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
              }),
              scale: c.igds.eta,
              wrt: c.igds.wrt,
              window: [c.igds.window[0] ?? 0, c.igds.window[1] ?? 1],
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
