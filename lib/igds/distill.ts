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
import { writeDistillReport } from "./distill_report.ts";
import { veTrainingStage } from "./ve_stage.ts";
import { type DistillConfig } from "./distill_config.ts";
import { DISTILL_SCHEMA } from "./distill_config.ts";
import { type Method, METHOD_TABLE, METHODS, veTrainFeatures } from "./methods.ts";
import { assertAboveChance } from "../eval/chance.ts";
import { cacheNote, evalOptionsOf, hashFile, perIpc, stage } from "./stage.ts";
import { disposeVE, estimateInformation, type VarEstimator } from "./ve.ts";
import { loadVE } from "./ve_file.ts";

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
  // VE
  const needVE = methods.some((m) => METHOD_TABLE[m].needs.ve);
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
    const rec = await veTrainingStage(c, train, `${c.out}/ve`, veKey, log);
    ve = await loadVE(rec.path);
    stages["ve"] = rec.seconds;
    veSummary = { ...rec.value, seconds: rec.seconds };
    const e = rec.value.estimates;
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
        const spec = METHOD_TABLE[method];
        const methodBeta = spec.beta(beta);
        const dKey = {
          method,
          ipc,
          seed: c.seed,
          data: dataKey,
          ...(spec.needs.prior ? { prior: priorHash, sampling: samplingKey(c.prior) } : {}),
          ...(spec.needs.ve ? { ve: veKey } : {}),
          ...(methodBeta !== null ? { igds: { ...c.igds, beta: methodBeta } } : {}),
        };
        const dir = `${c.out}/distilled/${method}/ipc${ipc}`;
        const made = await stage(dir, dKey, async () => {
          log(`${name}: making the distilled set ...`);
          const ds = await spec.make({
            method,
            ipc,
            beta,
            c,
            train,
            prior,
            ve,
            features: async () => (features ??= await veTrainFeatures(ve!, train)),
            log,
          });
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
