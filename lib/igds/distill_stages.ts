/**
 * The stages of a distill run as units: each stage's cache key and its memoised computation,
 * by stage id (the ids of plan.ts), and per (method, IPC) the set-making and evaluation
 * stages that the merge reads. A unit runs its dependencies first (an evaluation run makes
 * its set, a guided set trains the VE), so a shard can compute any stage alone.
 *
 * @example
 * const st = distillStages(config, inputs, run, console.log);
 * try {
 *   for (const [, unit] of st.units) await unit.get();
 * } finally {
 *   st.dispose();
 * }
 * @module
 */
import { channelStats } from "../data/loader.ts";
import { loadDataset } from "../data/datasets.ts";
import { alignClasses } from "../eval/classes.ts";
import { assertAboveChance } from "../eval/chance.ts";
import { evaluateDistilled } from "../eval/evaluate.ts";
import { protocolEpochs } from "../eval/protocol.ts";
import { writeImageFolder, writePngGrid } from "../io/images.ts";
import type { DistillConfig } from "./distill_config.ts";
import type { DistillInputs } from "./distill_inputs.ts";
import { type Method, METHOD_TABLE, veTrainFeatures } from "./methods.ts";
import { evalStageId, needsVE, setStageId, sharedSetOf } from "./plan.ts";
import { evalOptionsOf, hashFile, hashOf, perIpc, type StageRecord } from "./stage.ts";
import { disposeVE, estimateInformation, type VarEstimator } from "./ve.ts";
import { loadVE } from "./ve_file.ts";
import { veTrainingStage } from "./ve_stage.ts";

/** The record of one evaluation run (one seed), a stage of its own. */
export interface EvalRunRecord {
  /** Test accuracy, percent. */
  accuracy: number;
  /** Accuracy on each class of the test set, percent (absent in records of older versions). */
  perClass?: number[];
  epochs: number;
  seconds: number;
  imagesPerSecond: number;
}

/** The VE stage's record: its estimates over the training set. */
export type VERecord = {
  estimates: Record<string, unknown>;
  rank: { rank: number; full: boolean };
};

type Computed<T> = StageRecord<T> & { cached: boolean };

/** Runs one stage of the run folder (cached, locked): see shared_stage.ts. */
export type RunStage = <T>(
  id: string,
  key: unknown,
  work: () => Promise<T>,
) => Promise<Computed<T>>;

/** One (method, IPC): the set(s) its runs train on and its evaluation runs. */
export interface SetUnits {
  method: Method;
  ipc: number;
  beta: number | null;
  /** The sets the runs train on (one, or one per run for a drawn method). */
  made: (() => Promise<Computed<{ images: number }>>)[];
  /** Their folders, in the same order. */
  dirs: string[];
  runs: (() => Promise<Computed<EvalRunRecord>>)[];
  /** The method whose set and runs these are (plan.ts sharedSetOf), when not its own. */
  sameSetAs?: Method;
}

/** What {@link distillStages} returns. */
export interface DistillStages {
  /** Each stage's key and its (memoised) computation, by id. */
  units: Map<string, { key: unknown; get: () => Promise<unknown> }>;
  sets: SetUnits[];
  /** Some method needs the VE. */
  needVE: boolean;
  veRecord: () => Promise<Computed<VERecord>>;
  /** The VE, once its stage is done (loaded once; freed by `dispose`). */
  ve: () => Promise<VarEstimator>;
  /** Frees the VE, if one was loaded. */
  dispose: () => void;
}

/** The units of every stage of the run `c` (nothing is computed until a unit is called). */
export async function distillStages(
  c: DistillConfig,
  inputs: DistillInputs,
  run: RunStage,
  log: (line: string) => void,
): Promise<DistillStages> {
  const { methods, train, test, classes, prior, priorHash, dataKey } = inputs;
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
  const sets: SetUnits[] = [];
  for (const [i, ipc] of c.ipc.entries()) {
    const beta = perIpc(c.igds.beta, i, "igds.beta", c.ipc.length, "distill");
    const epochs = perIpc(c.eval.epochs, i, "eval.epochs", c.ipc.length, "distill") ||
      protocolEpochs(c.eval.protocol, ipc);
    const built = new Map<Method, SetUnits>();
    for (const method of methods.filter((m) => !sharedSetOf(c, m, i))) {
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
              perClass: r.perClass[0],
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
      built.set(method, {
        method,
        ipc,
        beta: methodBeta,
        made: [...madeBy.values()].map((m) => m.made),
        dirs: [...madeBy.values()].map((m) => m.dir),
        runs,
      });
    }
    for (const method of methods) {
      const other = sharedSetOf(c, method, i);
      sets.push(
        other
          ? {
            ...built.get(other)!,
            method,
            beta: METHOD_TABLE[method].beta(beta),
            sameSetAs: other,
          }
          : built.get(method)!,
      );
    }
  }
  return {
    units,
    sets,
    needVE,
    veRecord,
    ve: loadedVE,
    dispose: () => {
      if (ve) disposeVE(ve);
      ve = null;
    },
  };
}

/**
 * The sampling settings a generated set depends on. Without guidance the key is the one runs
 * made before `prior.cfg` existed, so their cached sets stay valid.
 */
function samplingKey(p: DistillConfig["prior"]): Record<string, unknown> {
  const { cfg, ...rest } = p;
  return cfg ? p : rest;
}

/**
 * A memoised async computation: `f` runs once, on the first call; a failure is not kept, so
 * that a pool worker can come back to a stage another worker held.
 */
function once<T>(f: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () =>
    p ??= f().catch((e) => {
      p = undefined;
      throw e;
    });
}
