/**
 * Cached stages of a run folder: a stage is done when `<dir>/stage.json` holds the hash of
 * its config and names what computed it (the adapter line with its backend, and a hash of
 * the kernel sources), written last, atomically. Reruns with the same config on the same
 * adapter and kernels skip it; anything else redoes it, and so do interrupted stages.
 *
 * A stage folder is only ever emptied when the toolkit made it: it holds `stage.json` or
 * the `.stage` marker written when the stage started. A folder with other files is an
 * error that names it, so that `--out` pointed at a folder of one's own loses nothing.
 *
 * @example
 * const rec = await stage("runs/x/eval/ipc1", { ipc: 1 }, async () => ({ acc: 50 }));
 * console.log(rec.cached, rec.value.acc);
 * @module
 */
import { gpu } from "../gpu/gpu.ts";
import { kernelSourcesHash } from "../gpu/kernel_source.ts";
import { writeFileAtomic } from "../io/atomic.ts";
import { validateConfig } from "../io/config.ts";
import type { DistillConfig } from "./distill.ts";
import { VE_SCHEMA } from "./ve.ts";
import type { ChannelStats } from "../data/loader.ts";
import { type EvalModel, type EvalOptions, evalSettings } from "../eval/evaluate.ts";
import { protocolDifferences, protocolSummary } from "../eval/protocol.ts";

/** What computed a stage: the adapter line (adapter, driver, backend) and the kernels. */
export interface ComputedBy {
  adapter: string;
  /** {@link kernelSourcesHash} of the kernels in use. */
  kernels: string;
}

/** A stage's record in `<dir>/stage.json`. */
export interface StageRecord<T> {
  hash: string;
  seconds: number;
  value: T;
  computedBy: ComputedBy;
}

/** The marker a stage folder gets when its stage starts (before any output). */
export const STAGE_MARKER = ".stage.json";

/**
 * What computes here and now: the current GPU's adapter line and the kernels' hash.
 *
 * @example
 * await computedByNow(); // { adapter: "llvmpipe (...); Mesa driver; Vulkan backend", kernels: "..." }
 */
export async function computedByNow(): Promise<ComputedBy> {
  return { adapter: gpu().adapterName, kernels: await kernelSourcesHash() };
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
 * Runs `work` unless `<dir>/stage.json` holds the hash of `key` and was computed by the
 * same adapter and kernels ({@link computedByNow}); then records the value and the time
 * (written last, atomically). A stale folder of the toolkit's is emptied first; a folder
 * with files the toolkit did not write is an error naming it. `cached` is false with
 * `redone` saying why when an earlier record did not match. `o.beforeRecord` runs just
 * before the record is written (a shared folder checks there that its lock is still held).
 *
 * @example
 * const rec = await stage("runs/x/eval/ipc1", { ipc: 1 }, async () => ({ acc: 50 }));
 * console.log(rec.cached, rec.value.acc);
 */
export async function stage<T>(
  dir: string,
  key: unknown,
  work: () => Promise<T>,
  o: { beforeRecord?: () => void | Promise<void> } = {},
): Promise<StageRecord<T> & { cached: boolean; redone?: string }> {
  const hash = await hashOf(key);
  const computedBy = await computedByNow();
  const found = await readStage<T>(dir, hash, computedBy);
  if (found.rec) return { ...found.rec, cached: true };
  const { redone, recognised } = found;
  await clearStageFolder(dir, recognised);
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(`${dir}/${STAGE_MARKER}`, JSON.stringify({ key: hash, computedBy }));
  const t0 = performance.now();
  const value = await work();
  const rec: StageRecord<T> = {
    hash,
    seconds: (performance.now() - t0) / 1000,
    value,
    computedBy,
  };
  await o.beforeRecord?.();
  await writeFileAtomic(`${dir}/stage.json`, JSON.stringify(rec, null, 2) + "\n");
  return { ...rec, cached: false, ...(redone ? { redone } : {}) };
}

/**
 * The record of a finished stage (same config hash, adapter and kernels), or null; reads only.
 *
 * @example
 * const rec = await stageDone("runs/x/ve", veKey); // null while the VE is not trained
 */
export async function stageDone<T>(dir: string, key: unknown): Promise<StageRecord<T> | null> {
  return (await readStage<T>(dir, await hashOf(key), await computedByNow())).rec;
}

/** Reads `<dir>/stage.json`: the record when it matches, else why not. */
async function readStage<T>(
  dir: string,
  hash: string,
  computedBy: ComputedBy,
): Promise<{ rec: StageRecord<T> | null; redone?: string; recognised: boolean }> {
  let rec: StageRecord<T>;
  try {
    rec = JSON.parse(await Deno.readTextFile(`${dir}/stage.json`)) as StageRecord<T>;
  } catch {
    return { rec: null, recognised: false }; // not done yet
  }
  let redone: string | undefined;
  if (rec.hash !== hash) redone = "its config changed";
  else if (rec.computedBy?.adapter !== computedBy.adapter) {
    redone = `it was computed on another adapter (${rec.computedBy?.adapter ?? "not recorded"})`;
  } else if (rec.computedBy?.kernels !== computedBy.kernels) {
    redone = "it was computed with other kernel sources";
  } else return { rec, recognised: true };
  return { rec: null, redone, recognised: true };
}

/**
 * How a log line marks a stage's record: " (cached)", " (redone: <why>)" or nothing.
 *
 * @example
 * log(`VE${cacheNote(rec)}: ...`);
 */
export function cacheNote(rec: { cached: boolean; redone?: string }): string {
  return rec.cached ? " (cached)" : rec.redone ? ` (redone: ${rec.redone})` : "";
}

/**
 * Empties a stage folder before its stage runs, when the toolkit made it (`recognised`: it
 * holds a stage.json, or the {@link STAGE_MARKER} of a stage that started). An empty or
 * missing folder is fine; any other is left alone and is an error naming it.
 */
async function clearStageFolder(dir: string, recognised: boolean): Promise<void> {
  const entries: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) entries.push(e.name);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return;
    throw e;
  }
  if (entries.length === 0) return;
  if (!recognised && !entries.includes(STAGE_MARKER)) {
    throw new Error(
      `${dir} holds files that this toolkit did not write (${entries.slice(0, 3).join(", ")}` +
        `${entries.length > 3 ? ", ..." : ""}; no stage.json or ${STAGE_MARKER}), and the ` +
        `stage would empty it; choose another run folder (--out) or move those files away`,
    );
  }
  await Deno.remove(dir, { recursive: true });
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
      momentum: c.ve.momentum,
      seed: c.seed,
    },
    classifier: { epochs: c.ve.classifierEpochs },
  }, "ve config");
}

/**
 * The evaluation options distill uses for one IPC of a config. Under `eval.protocol: dsa`
 * only model, width, epochs, runs and seed come from the config; every other setting is
 * the reference's (lib/eval/protocol.ts). Under `paper`, optimizer, lr, batch, augment,
 * cropScale and cutmixProb apply too.
 *
 * @example
 * const r = await evaluateDistilled(subset, test, evalOptionsOf(config, 10, 100, stats));
 */
export function evalOptionsOf(
  c: DistillConfig,
  epochs: number,
  _images: number,
  stats: ChannelStats | undefined,
  log: (line: string) => void = () => {},
): EvalOptions {
  const common: EvalOptions = {
    protocol: c.eval.protocol,
    model: c.eval.model as EvalModel,
    width: c.eval.width,
    epochs,
    runs: c.eval.runs,
    seed: c.seed,
    ...(stats ? { stats } : {}),
    onRunEnd: (run, acc) => log(`  run ${run + 1}/${c.eval.runs}: ${acc.toFixed(2)}%`),
  };
  if (c.eval.protocol === "dsa") return common;
  if (c.eval.cropScale.length !== 2) {
    throw new Error(`eval.cropScale must be [lo, hi], got [${c.eval.cropScale}]`);
  }
  const cropScale: [number, number] = [c.eval.cropScale[0], c.eval.cropScale[1]];
  return {
    ...common,
    optimizer: c.eval.optimizer,
    lr: c.eval.lr,
    batchSize: c.eval.batch,
    augment: c.eval.augment === "none"
      ? false
      : c.eval.augment === "crop-flip"
      ? { cutmix: false, cropScale }
      : { cropScale, cutmixProb: c.eval.cutmixProb },
  };
}

/**
 * The evaluation of a config in words, for reports: its protocol's settings (as for the
 * first entry of `sets`), the epochs per IPC, and each difference from the protocol's
 * reference (a difference that holds for some IPCs only names them).
 *
 * @example
 * const { summary, differences } = describeEval(c, [{ ipc: 1, epochs: 300 }], 10000);
 */
export function describeEval(
  c: DistillConfig,
  sets: { ipc: number; epochs: number }[],
  testImages?: number,
): { summary: string; epochs: string; differences: string[] } {
  const uniq = sets.filter((x, i) => sets.findIndex((y) => y.ipc === x.ipc) === i);
  const settings = uniq.map((x) => ({
    ipc: x.ipc,
    s: evalSettings(x.ipc, evalOptionsOf(c, x.epochs, 0, undefined)),
  }));
  const phrases = new Map<string, number[]>();
  for (const { ipc, s } of settings) {
    for (const d of protocolDifferences({ ...s, ipc, testImages })) {
      phrases.set(d, [...(phrases.get(d) ?? []), ipc]);
    }
  }
  const differences = [...phrases].map(([d, ipcs]) =>
    ipcs.length === settings.length ? d : `IPC ${ipcs.join(", ")}: ${d}`
  );
  const first = settings[0]?.s ?? evalSettings(1, evalOptionsOf(c, 1, 0, undefined));
  return {
    summary: protocolSummary(first),
    epochs: settings.map(({ ipc, s }) =>
      `IPC ${ipc}: ${s.epochs}${s.passes !== s.epochs ? ` (${s.passes} passes)` : ""}`
    ).join(", "),
    differences,
  };
}
