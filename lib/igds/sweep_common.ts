/**
 * Shared parts of the sweeps ({@link sweepBeta}, {@link sweepH}): input checks, a stage cache
 * keyed by a config hash (the same `stage.json` convention as `distill`), training the VE once
 * per sweep folder, the evaluation options of a distill config, and the result files.
 *
 * @example
 * const ve = await ensureVE(config, train, "runs/sweep-beta/ve", console.log);
 * console.log(ve.path, ve.cached);
 * @module
 */
import type { Dataset } from "../data/dataset.ts";
import { SHIPPED_PRIOR } from "../diffusion/prior_file.ts";
import { protocolEpochs } from "../eval/protocol.ts";
import { writeFileAtomic } from "../io/atomic.ts";
import { linePlotSvg, type Series, writePlot } from "../io/plot.ts";
import { renderMarkdown, type Report } from "../io/report.ts";
import type { DistillConfig } from "./distill.ts";
import { cacheNote, describeEval, perIpc } from "./stage.ts";
import { veTrainingStage } from "./ve_stage.ts";

/**
 * Checks the IPC list and the per-IPC eval epochs of a config (before any long work).
 *
 * @example
 * checkIpcs(config, "sweepBeta"); // throws on ipc [0] or 3 epoch values for 2 IPCs
 */
export function checkIpcs(c: DistillConfig, op: string): void {
  if (c.ipc.length === 0) throw new Error(`${op}: ipc is empty; give at least one IPC`);
  c.ipc.forEach((ipc, i) => {
    if (!Number.isInteger(ipc) || ipc < 1) {
      throw new Error(`${op}: ipc must be positive integers, got ${ipc}`);
    }
    perIpc(c.eval.epochs, i, "eval.epochs", c.ipc.length, op);
  });
  const seen = new Set<number>();
  for (const ipc of c.ipc) {
    if (seen.has(ipc)) throw new Error(`${op}: ipc ${ipc} is listed twice`);
    seen.add(ipc);
  }
}

/**
 * Checks a list of sweep values: not empty, finite, within [min, max], no repeats.
 *
 * @example
 * checkValues("sweepBeta", "beta", [0, 0.1], 0); // ok; [] or [-1] throw
 */
export function checkValues(
  op: string,
  what: string,
  values: readonly number[],
  min: number,
  max = Infinity,
): void {
  if (!Array.isArray(values) || values.length === 0) {
    throw new Error(`${op}: no ${what} values given (an empty list); give at least one`);
  }
  const seen = new Set<number>();
  for (const v of values) {
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new Error(`${op}: ${what} must be finite numbers, got ${v}`);
    }
    if (v < min || v > max) {
      const range = max === Infinity ? `>= ${min}` : `in [${min}, ${max}]`;
      throw new Error(`${op}: ${what} must be ${range}, got ${v}`);
    }
    if (seen.has(v)) throw new Error(`${op}: ${what} ${v} is listed twice`);
    seen.add(v);
  }
}

/** The VE a sweep uses. */
export interface SweepVE {
  /** The VE file. */
  path: string;
  /** "given" (config ve.path), "trained" (in this call) or "cached" (trained earlier). */
  source: "given" | "trained" | "cached";
  /** Seconds its training took (0 for a given VE). */
  seconds: number;
  /** Accuracy and estimates on the training set (null for a given VE). */
  estimates: { accuracy: number; I: number; H: number } | null;
}

/**
 * The VE of a sweep: `c.ve.path` when set, else one trained with `c.ve` (mapped as distill
 * maps it) into `<dir>/ve.safetensors`, skipped when `<dir>/stage.json` holds the hash of the
 * same data, VE settings and seed.
 *
 * @example
 * const ve = await ensureVE(config, train, "runs/sweep-h/ve", console.log);
 * const loaded = await loadVE(ve.path);
 */
export async function ensureVE(
  c: DistillConfig,
  train: Dataset,
  dir: string,
  log: (line: string) => void,
): Promise<SweepVE> {
  if (c.ve.path) {
    try {
      await Deno.stat(c.ve.path);
    } catch {
      throw new Error(`${c.ve.path}: VE not found (ve.path)`);
    }
    log(`VE: ${c.ve.path} (given)`);
    return { path: c.ve.path, source: "given", seconds: 0, estimates: null };
  }
  const key = {
    data: { name: c.data.name, bundled: c.data.bundled, n: train.n },
    ve: { ...c.ve, path: "" },
    seed: c.seed,
  };
  const rec = await veTrainingStage(c, train, dir, key, log);
  const path = rec.path;
  const e = rec.value.estimates;
  log(
    `VE${cacheNote(rec)}: ${path}, accuracy ${(100 * e.accuracy).toFixed(1)}%, ` +
      `I(X;Y) >= ${e.I.toFixed(3)} nats, H(X|Y) ~ ${e.H.toFixed(3)} nats`,
  );
  return { path, source: rec.cached ? "cached" : "trained", seconds: rec.seconds, estimates: e };
}

/**
 * The prior file a config names (the shipped one when `prior.path` is empty); an error when
 * it does not exist.
 *
 * @example
 * const path = await checkPriorExists(config, "sweepBeta");
 */
export async function checkPriorExists(c: DistillConfig, op: string): Promise<string> {
  const path = c.prior.path || decodeURIComponent(SHIPPED_PRIOR.pathname);
  try {
    await Deno.stat(path);
  } catch {
    throw new Error(`${op}: ${path}: prior not found (train one with \`deno task train-prior\`)`);
  }
  return path;
}

/**
 * Epochs of the evaluation for entry `i` of ipc (0 in the config: the protocol's: the
 * paper's table, or 1000 under dsa).
 *
 * @example
 * epochsFor(config, 0, "sweepH"); // e.g. 150
 */
export function epochsFor(c: DistillConfig, i: number, op: string): number {
  return perIpc(c.eval.epochs, i, "eval.epochs", c.ipc.length, op) ||
    protocolEpochs(c.eval.protocol, c.ipc[i]);
}

/** "mean ± std" with one decimal. */
export const pm = (mean: number, std: number): string => `${mean.toFixed(1)} ± ${std.toFixed(1)}`;

/** A short text for a number in a table or a legend (at most 4 significant digits). */
export const short = (v: number): string => String(Number(v.toPrecision(4)));

/**
 * The JSON, Markdown and PNG paths of a sweep's output `base`.
 *
 * @example
 * sweepFiles("runs/sweep-h/sweep-h").png; // "runs/sweep-h/sweep-h.png"
 */
export function sweepFiles(base: string): { json: string; md: string; png: string } {
  return { json: `${base}.json`, md: `${base}.md`, png: `${base}.png` };
}

/**
 * Writes a sweep's `<base>.json` (the result), `<base>.md` (the report) and `<base>.png` (the
 * plot), atomically; returns the three paths.
 *
 * @example
 * const files = await writeSweepFiles("runs/sweep-beta/sweep-beta", result, report, series, {
 *   title: "accuracy vs beta", xLabel: "beta", yLabel: "accuracy (%)" });
 */
export async function writeSweepFiles(
  base: string,
  result: unknown,
  report: Report,
  series: Series[],
  plot: { title: string; xLabel: string; yLabel: string },
): Promise<{ json: string; md: string; png: string }> {
  const files = sweepFiles(base);
  await writePlot(files.png, linePlotSvg(series, plot));
  await writeFileAtomic(files.md, renderMarkdown(report));
  await writeFileAtomic(files.json, JSON.stringify(result, null, 2) + "\n");
  return files;
}

/** The text that describes the evaluation protocol of a config, for the sweep reports. */
export function protocolLine(c: DistillConfig, epochs: number[]): string {
  const e = c.eval;
  const bundled = c.data.bundled && c.data.name === "fashion-mnist";
  const ev = describeEval(c, c.ipc.map((ipc, i) => ({ ipc, epochs: epochs[i] })));
  return `Data: ${c.data.name}${bundled ? " (bundled subset)" : ""}. Evaluation: ` +
    `${ev.summary}, ${e.runs} run(s), epochs ${ev.epochs}; seed ${c.seed}` +
    (ev.differences.length
      ? `; differences from the ${e.protocol} protocol's reference: ${ev.differences.join("; ")}.`
      : ".");
}

/**
 * A cell formatter for sweep tables: "mean ± std", in bold for the first score (in the order
 * cells are made) that has the best mean of its IPC.
 *
 * @example
 * const cell = bestPerIpcCell(points);
 * rows.push([p.beta, cell(p)]); // "**57.8 ± 2.4**" for the best of its IPC
 */
export function bestPerIpcCell(
  scores: readonly { ipc: number; mean: number }[],
): (s: { ipc: number; mean: number; std: number }) => string {
  const bestOf = new Map<number, number>();
  for (const s of scores) bestOf.set(s.ipc, Math.max(bestOf.get(s.ipc) ?? -Infinity, s.mean));
  const marked = new Set<number>();
  return (s) => {
    const text = pm(s.mean, s.std);
    if (s.mean !== bestOf.get(s.ipc) || marked.has(s.ipc)) return text;
    marked.add(s.ipc);
    return `**${text}**`;
  };
}
