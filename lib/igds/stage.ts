/**
 * Cached stages of a run folder: a stage is done when `<dir>/stage.json` holds the hash of
 * its config (written last, atomically), so reruns skip it and interrupted ones redo it.
 *
 * @example
 * const rec = await stage("runs/x/eval/ipc1", { ipc: 1 }, async () => ({ acc: 50 }));
 * console.log(rec.cached, rec.value.acc);
 * @module
 */
import { writeFileAtomic } from "../io/atomic.ts";
import { validateConfig } from "../io/config.ts";
import type { DistillConfig } from "./distill.ts";
import { VE_SCHEMA } from "./ve.ts";
import type { ChannelStats } from "../data/loader.ts";
import type { EvalModel, EvalOptions } from "../eval/evaluate.ts";

/** A stage's record in `<dir>/stage.json`. */
export interface StageRecord<T> {
  hash: string;
  seconds: number;
  value: T;
}

/**
 * A short SHA-256 hex digest of a value's JSON.
 *
 * @example
 * await hashOf({ ipc: 1, beta: 0.1 }); // "3f9a..." (24 hex digits)
 */
export async function hashOf(value: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest.subarray(0, 12), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * A short SHA-256 hex digest of a file's bytes (a prior or VE a stage depends on).
 *
 * @example
 * await hashFile("fixtures/prior/fashion-mnist-prior.safetensors"); // 24 hex digits
 */
export async function hashFile(path: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", await Deno.readFile(path)));
  return Array.from(digest.subarray(0, 12), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Runs `work` unless `<dir>/stage.json` holds the hash of `key`; then records the value and
 * the time (written last, atomically). A stale folder is emptied first.
 *
 * @example
 * const rec = await stage("runs/x/eval/ipc1", { ipc: 1 }, async () => ({ acc: 50 }));
 * console.log(rec.cached, rec.value.acc);
 */
export async function stage<T>(
  dir: string,
  key: unknown,
  work: () => Promise<T>,
): Promise<StageRecord<T> & { cached: boolean }> {
  const hash = await hashOf(key);
  try {
    const rec = JSON.parse(await Deno.readTextFile(`${dir}/stage.json`)) as StageRecord<T>;
    if (rec.hash === hash) return { ...rec, cached: true };
  } catch {
    // not done yet
  }
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  await Deno.mkdir(dir, { recursive: true });
  const t0 = performance.now();
  const value = await work();
  const rec: StageRecord<T> = { hash, seconds: (performance.now() - t0) / 1000, value };
  await writeFileAtomic(`${dir}/stage.json`, JSON.stringify(rec, null, 2) + "\n");
  return { ...rec, cached: false };
}

/**
 * One value per entry of ipc: `values` holds one value for all or one per IPC.
 *
 * @example
 * perIpc([150, 30], 1, "eval.epochs", 2, "sweepH"); // 30
 */
export function perIpc(values: number[], i: number, what: string, n: number, op: string): number {
  if (values.length !== 1 && values.length !== n) {
    throw new Error(
      `${op}: ${what} needs one value or one per entry of ipc (${n}), got ${values.length}`,
    );
  }
  return values.length === 1 ? values[0] : values[i];
}

/**
 * The VE config distill uses for `c.ve` (the same mapping as `distill`'s VE stage).
 *
 * @example
 * const veConfig = veConfigOf(config);
 */
export function veConfigOf(c: DistillConfig) {
  return validateConfig(VE_SCHEMA, {
    encoder: { width: c.ve.width, depth: c.ve.depth, dim: c.ve.dim },
    train: {
      epochs: c.ve.epochs,
      batch: c.ve.batch,
      lr: c.ve.lr,
      queue: c.ve.queue,
      tau: c.ve.tau,
      lambda: c.ve.lambda,
      seed: c.seed,
    },
    classifier: { epochs: c.ve.classifierEpochs },
  }, "ve config");
}

/**
 * The evaluation options distill uses for one IPC of a config.
 *
 * @example
 * const r = await evaluateDistilled(subset, test, evalOptionsOf(config, 10, 100, stats));
 */
export function evalOptionsOf(
  c: DistillConfig,
  epochs: number,
  images: number,
  stats: ChannelStats,
  log: (line: string) => void = () => {},
): EvalOptions {
  return {
    model: c.eval.model as EvalModel,
    width: c.eval.width,
    epochs,
    runs: c.eval.runs,
    seed: c.seed,
    optimizer: c.eval.optimizer,
    lr: c.eval.lr,
    batchSize: Math.min(c.eval.batch, images),
    augment: c.eval.augment === "none"
      ? false
      : c.eval.augment === "crop-flip"
      ? { cutmix: false }
      : {},
    stats,
    onRunEnd: (run, acc) => log(`  run ${run + 1}/${c.eval.runs}: ${acc.toFixed(2)}%`),
  };
}
