/**
 * The VE stage shared by `distill` and the sweeps: train the VE with the run's settings,
 * save it as `<dir>/ve.safetensors`, measure it on the training set (I(X;Y), H(X|Y), the
 * classifier's rank), refuse a VE at chance level, and free it, whatever happens. Cached like
 * every stage (lib/igds/stage.ts) under the caller's key.
 *
 * @example
 * const rec = await veTrainingStage(config, train, "runs/x/ve", key, console.log);
 * const ve = await loadVE(rec.path);
 * @module
 */
import type { Dataset } from "../data/dataset.ts";
import { assertAboveChance } from "../eval/chance.ts";
import type { DistillConfig } from "./distill_config.ts";
import { stage, type StageRecord, veConfigOf } from "./stage.ts";
import { classifierRank, disposeVE, estimateInformation, trainVE } from "./ve.ts";
import { saveVE } from "./ve_file.ts";

/** Computes or reads one stage: {@link stage}'s signature. */
export type StageRunner = <T>(
  dir: string,
  key: unknown,
  work: () => Promise<T>,
) => Promise<StageRecord<T> & { cached: boolean; redone?: string }>;

/** What the VE stage records: the estimates on the training set and the rank check. */
export interface VEStageValue {
  estimates: Record<string, unknown> & { accuracy: number; I: number; H: number };
  rank: { rank: number; full: boolean };
}

/**
 * Runs (or finds cached) the VE stage in `dir`; returns the stage record and the VE file's
 * path. The trained VE is freed before returning; load it from the path. `runStage` computes
 * or reads the stage (default {@link stage}; a shared run folder passes its locked variant).
 */
export async function veTrainingStage(
  c: DistillConfig,
  train: Dataset,
  dir: string,
  key: unknown,
  log: (line: string) => void,
  runStage: StageRunner = stage,
): Promise<StageRecord<VEStageValue> & { cached: boolean; redone?: string; path: string }> {
  const path = `${dir}/ve.safetensors`;
  const rec = await runStage(dir, key, async (): Promise<VEStageValue> => {
    log(`VE: training (encoder width ${c.ve.width}, ${c.ve.epochs} epochs) ...`);
    const trained = await trainVE(train, veConfigOf(c), { log: (l) => log(`  ${l}`) });
    try {
      await saveVE(path, trained);
      const estimates = await estimateInformation(trained, train);
      if (c.eval.chanceCheck) {
        assertAboveChance(100 * estimates.accuracy, train.classes.length, `VE stage ${dir}`);
      }
      const rank = await classifierRank(trained);
      return { estimates: estimates as unknown as VEStageValue["estimates"], rank };
    } finally {
      disposeVE(trained);
    }
  });
  return { ...rec, path };
}
