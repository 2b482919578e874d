/**
 * `deno task distill`: every stage of a distillation experiment, cached in the run folder by
 * a hash of its config, so a rerun skips what is done and an interrupted run resumes:
 *
 *   data -> prior (shipped or given) -> VE + classifier -> distilled sets (one per method and
 *   IPC, as ImageFolder PNGs) -> evaluation (fresh networks trained on each set) -> report
 *
 * Layout of `<out>`: `ve/` (ve.safetensors, stage.json; `ve-given/` holds the estimates of a VE
 * given by `ve.path`), `distilled/<method>/ipc<N>/<class>/
 * *.png` (+ grid.png, stage.json; a drawn method's further draws in `ipc<N>-seed<S>/`), `eval/<method>-ipc<N>/seed<S>/stage.json` (one evaluation
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
import { dispose } from "../autodiff/scope.ts";
import { classCounts, type Dataset } from "../data/dataset.ts";
import { loadDataset } from "../data/datasets.ts";
import { holdOutValidation } from "../data/split.ts";
import { channelStats } from "../data/loader.ts";
import type { Prior } from "../diffusion/prior.ts";
import { loadPrior, SHIPPED_PRIOR } from "../diffusion/prior_file.ts";
import { alignClasses } from "../eval/classes.ts";
import { evaluateDistilled } from "../eval/evaluate.ts";
import { protocolEpochs } from "../eval/protocol.ts";
import { writeFileAtomic } from "../io/atomic.ts";
import { validateConfig } from "../io/config.ts";
import { writeImageFolder, writePngGrid } from "../io/images.ts";
import { meanStd } from "../io/report.ts";
import { assertAboveChance } from "../eval/chance.ts";
import { writeDistillReport } from "./distill_report.ts";
import { DISTILL_SCHEMA, type DistillConfig } from "./distill_config.ts";
import { type Method, METHOD_TABLE, METHODS, veTrainFeatures } from "./methods.ts";
import {
  distillPlan,
  evalStageId,
  needsVE,
  parseShard,
  setStageId,
  type Shard,
  shardStages,
} from "./plan.ts";
import { joinShardedRun } from "./run_folder.ts";
import { sharedStage } from "./shared_stage.ts";
import {
  cacheNote,
  evalOptionsOf,
  hashFile,
  hashOf,
  perIpc,
  stageDone,
  type StageRecord,
} from "./stage.ts";
import { disposeVE, estimateInformation, type VarEstimator } from "./ve.ts";
import { loadVE } from "./ve_file.ts";
import { veTrainingStage } from "./ve_stage.ts";

export { type Method, METHODS } from "./methods.ts";
export { DISTILL_SCHEMA, type DistillConfig } from "./distill_config.ts";

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
export interface EvalRunRecord {
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
  const { train, test } = await loadSplits(c.data);
  const classes = train.classes.length;
  log(
    c.data.validation
      ? `data: ${train.n} training images, evaluated on ${test.n} held out of the training ` +
        `set (validation split, seed ${c.data.validationSeed}; the test set is not read)`
      : `data: ${train.n} training and ${test.n} test images (${train.source})`,
  );
  const counts = classCounts(train);
  if (methods.some((m) => METHOD_TABLE[m].needs.subset)) {
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
  const generative = methods.some((m) => METHOD_TABLE[m].needs.prior);
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
  const veRecord = once(async (): Promise<StageRecord<VERecord> & { cached: boolean }> => {
    if (!c.ve.path) {
      return await veTrainingStage(
        c,
        train,
        `${c.out}/ve`,
        veKey,
        log,
        (_dir, key, work) => run("ve", key, work),
      );
    }
    // the estimates over the training set, once per VE file and data set
    return await run<VERecord>(veId, veKey, async () => {
      const estimates = await estimateInformation(ve!, train);
      if (c.eval.chanceCheck) {
        assertAboveChance(100 * estimates.accuracy, classes, `VE stage ${c.out}/ve-given`);
      }
      return { estimates: estimates as unknown as Record<string, unknown>, rank: estimates.rank };
    });
  });
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
    /** The sets the runs train on (one, or one per run for a drawn method). */
    made: (() => Promise<StageRecord<{ images: number }> & { cached: boolean }>)[];
    runs: (() => Promise<StageRecord<EvalRunRecord> & { cached: boolean }>)[];
  }[] = [];
  for (const [i, ipc] of c.ipc.entries()) {
    const beta = perIpc(c.igds.beta, i, "igds.beta", c.ipc.length, "distill");
    const epochs = perIpc(c.eval.epochs, i, "eval.epochs", c.ipc.length, "distill") ||
      protocolEpochs(c.eval.protocol, ipc);
    for (const method of methods) {
      const name = `${method}/ipc${ipc}`;
      const spec = METHOD_TABLE[method];
      const methodBeta = spec.beta(beta);
      /** The set of evaluation run `seed`: one stage per set id, shared by its runs. */
      const madeBy = new Map<string, ReturnType<typeof makeSetStage>>();
      const makeSetStage = (setId: string, seed: number) => {
        const dKey = {
          method,
          ipc,
          seed,
          data: dataKey,
          ...(spec.needs.prior ? { prior: priorHash, sampling: samplingKey(c.prior) } : {}),
          ...(spec.needs.ve ? { ve: veKey } : {}),
          ...(methodBeta !== null ? { igds: { ...c.igds, beta: methodBeta } } : {}),
        };
        const dir = `${c.out}/${setId}`;
        const made = once(async () => {
          if (spec.needs.ve) await veRecord();
          return await run(setId, dKey, async () => {
            log(`${name}: making the distilled set${spec.drawn ? ` (draw ${seed})` : ""} ...`);
            const v = spec.needs.ve ? await loadedVE() : null;
            const ds = await spec.make({
              method,
              ipc,
              seed,
              beta,
              c,
              train,
              prior,
              ve: v,
              features: async () => (features ??= await veTrainFeatures(v!, train)),
              log,
            });
            await writeImageFolder(dir, ds);
            await writePngGrid(`${dir}/grid.png`, ds, { cols: ipc });
            return { images: ds.n };
          });
        });
        units.set(setId, { key: dKey, get: made });
        return { made, dir, hash: hashOf(dKey) };
      };
      const runs = Array.from({ length: c.eval.runs }, (_, k) => {
        const seed = c.seed + k;
        const setId = setStageId(method, ipc, seed, c.seed);
        if (!madeBy.has(setId)) madeBy.set(setId, makeSetStage(setId, seed));
        const set = madeBy.get(setId)!;
        const id = evalStageId(method, ipc, seed);
        const get = once(async () => {
          await set.made();
          const evalKey = { distilled: await set.hash, eval: protocol, epochs, seed };
          return await run<EvalRunRecord>(id, evalKey, async () => {
            const folder = await loadDataset(set.dir, "train");
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
        units.set(id, {
          key: (async () => ({ distilled: await set.hash, eval: protocol, epochs, seed }))(),
          get,
        });
        return get;
      });
      sets.push({
        method,
        ipc,
        beta: methodBeta,
        made: [...madeBy.values()].map((m) => m.made),
        runs,
      });
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
        if (!(await stageDone(`${c.out}/${id}`, await u.key))) missing.push(id);
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
      const madeAll = await Promise.all(set.made.map((m) => m()));
      const made = madeAll[0];
      const distillSeconds = madeAll.reduce((a, r) => a + r.seconds, 0);
      stages[`distill ${name}`] = distillSeconds;
      log(
        `${name}: ${made.value.images} images${
          madeAll.length > 1 ? ` (${madeAll.length} draws)` : ""
        }${cacheNote(made)}, ${distillSeconds.toFixed(0)} s`,
      );
      const evaluated: (StageRecord<EvalRunRecord> & { cached?: boolean })[] = [];
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
        distillSeconds,
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

/** A memoised async computation: `f` runs once, on the first call. */
function once<T>(f: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= f());
}

/** `path` relative to the working directory when it lies inside it (reports stay portable). */
function relativeToCwd(path: string): string {
  const r = relative(Deno.cwd(), path);
  return r.startsWith("..") || isAbsolute(r) ? path : r;
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
