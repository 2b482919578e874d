/**
 * `deno task distill`: every stage of a distillation experiment, cached in the run folder by
 * a hash of its config, so a rerun skips what is done and an interrupted run resumes:
 *
 *   data -> prior (shipped or given) -> VE + classifier -> distilled sets (one per method and
 *   IPC, as ImageFolder PNGs) -> evaluation (fresh networks trained on each set) -> report
 *
 * Layout of `<out>`: `ve/` (ve.safetensors, stage.json; `ve-given/` holds the estimates of
 * a VE given by `ve.path`), `distilled/<method>/ipc<N>/<class>/*.png` (+ grid.png,
 * stage.json; a drawn method's further draws in `ipc<N>-seed<S>/`),
 * `eval/<method>-ipc<N>/seed<S>/stage.json` (one evaluation run each), `results.json`,
 * `report.md`. A stage is done when its stage.json holds the hash of its config (written
 * last, atomically). Workers on many hosts can share one run folder ({@link distillShard}:
 * the stage graph in plan.ts, stage locks in lock.ts); the results are the same bit for bit.
 * The inputs are checked in distill_inputs.ts, the stages built in distill_stages.ts and run
 * by a pool of workers in stage_pool.ts; this file runs them and merges their records into
 * results.json and report.md.
 *
 * @example
 * const config = validateConfig(DISTILL_SCHEMA, { data: { bundled: true }, ipc: [1] });
 * const summary = await distill(config, { log: console.log });
 * @module
 */
import { dispose } from "../autodiff/scope.ts";
import { assertAboveChance } from "../eval/chance.ts";
import { meanByClass } from "../eval/test_accuracy.ts";
import { writeFileAtomic } from "../io/atomic.ts";
import { validateConfig } from "../io/config.ts";
import { meanStd } from "../io/report.ts";
import { writeDistillReport } from "./distill_report.ts";
import { DISTILL_SCHEMA, type DistillConfig } from "./distill_config.ts";
import { distillInputs, relativeToCwd } from "./distill_inputs.ts";
import { estimateInformation } from "./ve.ts";
import { type DistillStages, distillStages, type EvalRunRecord } from "./distill_stages.ts";
import type { Method } from "./methods.ts";
import { distillPlan, parseShard, type Shard, shardStages } from "./plan.ts";
import { joinShardedRun } from "./run_folder.ts";
import { type SetEstimates, setEstimates } from "./set_estimates.ts";
import type { WorkerPlan } from "./workers.ts";
import { computeInWorkers, takeStagesAsTheyFree, unitDone } from "./stage_pool.ts";
import { sharedStage } from "./shared_stage.ts";
import { cacheNote, hashOf, type StageRecord } from "./stage.ts";

export { type Method, METHODS } from "./methods.ts";
export { DISTILL_SCHEMA, type DistillConfig } from "./distill_config.ts";
export { loadSplits } from "./distill_inputs.ts";
export type { EvalRunRecord } from "./distill_stages.ts";

/** The mean over runs of each class's accuracy, when every run recorded them. */
function meanPerClass(runs: (number[] | undefined)[]): { perClass?: number[] } {
  if (!runs.length || runs.some((r) => !r)) return {};
  return { perClass: meanByClass(runs as number[][]) };
}

/** One evaluated distilled set. */
export interface MethodResult {
  method: Method;
  ipc: number;
  beta: number | null;
  accuracies: number[];
  mean: number;
  std: number;
  /** Mean accuracy on each class over the runs, percent (when every run recorded it). */
  perClass?: number[];
  epochs: number;
  /** The VE's estimates on the set (mean over its draws), when the run has a VE. */
  ve?: SetEstimates;
  /**
   * Seconds to make the set and to evaluate it (when computed in this or an earlier run); 0
   * for a method that shares another's set.
   */
  distillSeconds: number;
  evalSeconds: number;
  /** The method whose set and evaluation runs these are, bit for bit (plan.ts sharedSetOf). */
  sameSetAs?: Method;
}

/** What {@link distill} returns and writes to results.json. */
export interface DistillSummary {
  config: DistillConfig;
  adapter?: string;
  data: {
    train: string;
    trainImages: number;
    testImages: number;
    /** The class names, in label order (absent in results of older versions). */
    classes?: string[];
    /** Images held out of the training set and evaluated on instead of the test set. */
    validation?: number;
  };
  prior: { path: string; step: number };
  ve: {
    estimates: Record<string, unknown>;
    rank: { rank: number; full: boolean };
    seconds: number;
    /** Its estimates on the evaluation images (absent in results of older versions). */
    heldOut?: { accuracy: number; I: number; H: number };
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
 *
 * @example
 * const args = ["--config", "tasks/configs/distill-quick.yaml", "--out", "runs/q"];
 * const { config } = await loadConfig(DISTILL_SCHEMA, args);
 * const summary = await distill(config, { log: console.log }); // runs/q/report.md, results.json
 * summary.results.map((r) => [r.method, r.ipc, r.mean]);
 */
export async function distill(
  config: DistillConfig,
  o: DistillOptions = {},
): Promise<DistillSummary> {
  return (await runDistill(config, o))!;
}

/** Options of {@link distill}. */
export interface DistillOptions {
  /** Progress lines. */
  log?: (line: string) => void;
  /** The adapter's name, for results.json. */
  adapter?: string;
  /**
   * Worker processes for the stages left to compute (workers.ts; default one, this
   * process): the validated config goes to `<out>/workers/config.json`, the workers compute
   * every stage, and this process then assembles the report from them. Same bits.
   */
  workers?: WorkerPlan;
  /**
   * This process has passed the known-answer self-check on `adapter` (lib/io/cli.ts
   * startGpu): its workers, which open the same adapter with the same environment, do not
   * run it again.
   */
  selfChecked?: boolean;
}

/**
 * One of several local workers of a run folder (`deno task distill --workers N`, see
 * workers.ts): takes the stages in pool order (plan.ts: longest first), each as soon as what
 * it needs is done and no other worker holds it, until every stage is done; then returns
 * without writing the report (the launcher's {@link distill} assembles it from the cached
 * stages). Same bits as one process.
 *
 * @example
 * await distillPoolWorker(config, { log: console.log });
 */
export async function distillPoolWorker(
  config: DistillConfig,
  o: { log?: (line: string) => void; adapter?: string; pollMs?: number } = {},
): Promise<void> {
  await runDistill(config, { ...o, pool: true });
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
  o: DistillOptions & { shard?: Shard; pool?: boolean; pollMs?: number },
): Promise<DistillSummary | null> {
  if (o.shard) parseShard(`${o.shard.index}/${o.shard.count}`, config.out);
  const c = validateConfig(DISTILL_SCHEMA, config, "distill config");
  const log = o.log ?? (() => {});
  const t0 = performance.now();
  const inputs = await distillInputs(c, log);
  const { train, test, classes, generative, prior, priorPath } = inputs;
  const stages: Record<string, number> = {};
  const plan = distillPlan(c);
  if (o.shard) {
    const configHash = await hashOf({ ...c, out: undefined });
    const first = shardStages(plan, o.shard)[0] ?? "(none)";
    await joinShardedRun(c.out, configHash, o.shard.count, first);
    log(`shard ${o.shard.index}/${o.shard.count} of run folder ${c.out}`);
  }
  // a shard waits for stages that another worker computes; a single process is told who;
  // a pool worker takes another stage meanwhile
  const lockOptions = { wait: !!o.shard, log };
  const run = <T>(id: string, key: unknown, work: () => Promise<T>) =>
    sharedStage(c.out, id, key, work, lockOptions);
  const results: MethodResult[] = [];
  let veSummary: DistillSummary["ve"] = null;
  let st: DistillStages | null = null;
  try {
    st = await distillStages(c, inputs, run, log);
    const { units, sets, needVE, veRecord, ve: loadedVE } = st;
    if (o.pool) {
      await takeStagesAsTheyFree(plan, units, c.out, o.pollMs ?? 500);
      return null;
    }
    if (!o.shard && o.workers && o.workers.workers > 1) {
      await computeInWorkers(
        c,
        plan,
        units,
        o.workers,
        log,
        o.selfChecked ? o.adapter : undefined,
      );
    }
    // this worker's stages, in plan order (with what they need)
    const mine = o.shard ? new Set(shardStages(plan, o.shard)) : null;
    for (const s of plan) {
      if (s.kind !== "report" && (!mine || mine.has(s.id))) await units.get(s.id)!.get();
    }
    if (mine) {
      const missing: string[] = [];
      for (const id of units.keys()) {
        if (!(await unitDone(c.out, units, id))) missing.push(id);
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
      // the VE on the evaluation images, which it did not train on (a few seconds, not cached)
      const held = await estimateInformation(await loadedVE(), test);
      const heldOut = { accuracy: held.accuracy, I: held.I, H: held.H };
      veSummary = { ...rec.value, seconds: c.ve.path ? 0 : rec.seconds, heldOut };
      if (!c.ve.path) stages["ve"] = rec.seconds;
      const e = rec.value.estimates as { I: number; H: number; accuracy: number };
      log(
        c.ve.path
          ? `VE: ${c.ve.path}, accuracy ${(100 * e.accuracy).toFixed(1)}%${cacheNote(rec)}`
          : `VE${cacheNote(rec)}: accuracy ${(100 * e.accuracy).toFixed(1)}%, ` +
            `I(X;Y) >= ${e.I.toFixed(3)} nats, H(X|Y) ~ ${e.H.toFixed(3)} nats, classifier rank ` +
            `${rec.value.rank.rank}${rec.value.rank.full ? " (full)" : " (NOT full)"}`,
      );
      log(
        `VE on the ${test.n} evaluation images (held out of its training): accuracy ` +
          `${(100 * held.accuracy).toFixed(1)}%, I(X;Y) >= ${held.I.toFixed(3)} nats`,
      );
    }
    for (const set of sets) {
      const name = `${set.method}/ipc${set.ipc}`;
      const madeAll = await Promise.all(set.made.map((m) => m()));
      const made = madeAll[0];
      const shared = set.sameSetAs;
      const distillSeconds = shared ? 0 : madeAll.reduce((a, r) => a + r.seconds, 0);
      if (!shared) stages[`distill ${name}`] = distillSeconds;
      log(
        shared
          ? `${name}: the set of ${shared}/ipc${set.ipc}, bit for bit (its beta term is zero here)`
          : `${name}: ${made.value.images} images${
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
      const evalSeconds = shared ? 0 : evaluated.reduce((a, r) => a + r.seconds, 0);
      if (!shared) stages[`eval ${name}`] = evalSeconds;
      const cached = evaluated.every((r) => r.cached) ? " (cached)" : "";
      log(`${name}: ${mean.toFixed(2)} +- ${std.toFixed(2)}%${cached}`);
      results.push({
        method: set.method,
        ipc: set.ipc,
        beta: set.beta,
        accuracies,
        mean,
        std,
        ...meanPerClass(evaluated.map((r) => r.value.perClass)),
        epochs: evaluated[0].value.epochs,
        ...(needVE ? { ve: await setEstimates(await loadedVE(), set.dirs, train.classes) } : {}),
        distillSeconds,
        evalSeconds,
        ...(shared ? { sameSetAs: shared } : {}),
      });
    }
  } finally {
    st?.dispose();
    if (prior) dispose(prior.denoiser.params);
  }
  const summary: DistillSummary = {
    config: c,
    adapter: o.adapter,
    data: {
      train: train.source ?? c.data.name,
      trainImages: train.n,
      testImages: test.n,
      classes: train.classes,
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
