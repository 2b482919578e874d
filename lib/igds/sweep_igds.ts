/**
 * Choosing IGDS's settings on a validation split, never on the test set: a grid over the
 * guidance scale eta, beta, the guidance window, the gradient's variable (`wrt`),
 * classifier-free guidance w and the 2x2 merge, one `distill` run of the igds method per grid
 * point on one VE, every set scored on `data.validation` images held out of the training
 * set. The best point per IPC is the chosen setting. The paper's Figure 3 (accuracy against
 * beta) is the slice where only beta varies.
 *
 * Layout: `<out>/ve/` (the VE, trained once on the training set less the validation split),
 * `<out>/<point>/` (a distill run folder per grid point), `<out>/sweep-igds.json`, `.md` and
 * `.png`. Every stage is cached, so a rerun resumes.
 *
 * @example
 * const base = validateConfig(DISTILL_SCHEMA, { data: { validation: 5000 }, ipc: [1, 10] });
 * const r = await sweepIgds(base, { eta: [0.5, 1], beta: [0, 0.1] }, { out: "runs/sweep-igds" });
 * r.best; // [{ ipc: 1, point: { eta: 1, beta: 0.1, ... }, mean, std }, ...]
 * @module
 */
import { validateConfig } from "../io/config.ts";
import type { Series } from "../io/plot.ts";
import type { Table } from "../io/report.ts";
import { distill, DISTILL_SCHEMA, type DistillConfig, loadSplits } from "./distill.ts";
import type { WorkerPlan } from "./workers.ts";
import {
  bestPerIpcCell,
  checkIpcs,
  checkPriorExists,
  checkValues,
  ensureVE,
  epochsFor,
  pm,
  protocolLine,
  short,
  sweepFiles,
  type SweepVE,
  writeSweepFiles,
} from "./sweep_common.ts";

/** The values to try of each setting; a missing one keeps the base config's value. */
export interface IgdsGrid {
  eta?: number[];
  beta?: number[];
  /** Guidance windows [from, to] in t / T. */
  window?: [number, number][];
  wrt?: ("xt" | "x0")[];
  /** Classifier-free guidance weights. */
  cfg?: number[];
  /** The 2x2 merge off and/or on (`igds.merge`). */
  merge?: boolean[];
}

/** One grid point: a full IGDS setting. */
export interface IgdsPoint {
  eta: number;
  /** null: the config's `igds.beta` (one value per IPC, or one for all). */
  beta: number | null;
  window: [number, number];
  wrt: "xt" | "x0";
  cfg: number;
  merge: boolean;
}

/** The score of one grid point at one IPC. */
export interface SweepIgdsScore {
  ipc: number;
  point: IgdsPoint;
  /** Validation accuracy (percent) of each evaluation run, their mean and std. */
  accuracies: number[];
  mean: number;
  std: number;
  folder: string;
}

/** What {@link sweepIgds} returns and writes to `<out>/sweep-igds.json`. */
export interface SweepIgdsResult {
  config: DistillConfig;
  points: IgdsPoint[];
  ve: SweepVE;
  scores: SweepIgdsScore[];
  /** The best point per IPC (highest mean validation accuracy; the first on ties). */
  best: { ipc: number; point: IgdsPoint; mean: number; std: number }[];
  files: { json: string; md: string; png: string };
  seconds: number;
}

/**
 * Every combination of the grid's values, in a stable order (eta, beta, window, wrt, cfg),
 * each missing setting taken from `c` (merge is the innermost axis).
 *
 * @example
 * gridPoints(config, { eta: [0.5, 1], beta: [0, 0.1] }).length; // 4
 */
export function gridPoints(c: DistillConfig, grid: IgdsGrid): IgdsPoint[] {
  const window: [number, number] = [c.igds.window[0] ?? 0, c.igds.window[1] ?? 1];
  const axes = {
    eta: grid.eta ?? [c.igds.eta],
    beta: grid.beta ?? [null],
    window: grid.window ?? [window],
    wrt: grid.wrt ?? [c.igds.wrt],
    cfg: grid.cfg ?? [c.prior.cfg],
    merge: grid.merge ?? [c.igds.merge],
  };
  const out: IgdsPoint[] = [];
  for (const eta of axes.eta) {
    for (const beta of axes.beta) {
      for (const w of axes.window) {
        for (const wrt of axes.wrt) {
          for (const cfg of axes.cfg) {
            for (const merge of axes.merge) out.push({ eta, beta, window: w, wrt, cfg, merge });
          }
        }
      }
    }
  }
  return out;
}

/**
 * A grid point as a folder name and a table label, e.g. "eta1-beta0.1-w0-1-x0-cfg0", with
 * "-merge" appended when the 2x2 merge is on.
 */
export function pointName(p: IgdsPoint): string {
  const beta = p.beta === null ? "cfg" : short(p.beta);
  return `eta${short(p.eta)}-beta${beta}-w${short(p.window[0])}-${short(p.window[1])}-` +
    `${p.wrt}-cfg${short(p.cfg)}${p.merge ? "-merge" : ""}`;
}

/**
 * Runs the grid (see the module doc); `base.data.validation` must be set, so that nothing is
 * chosen on the test set. `base.methods`, `base.igds.beta` and `base.out` are not used.
 */
export async function sweepIgds(
  base: DistillConfig,
  grid: IgdsGrid,
  o: {
    out: string;
    log?: (line: string) => void;
    adapter?: string;
    /** Worker processes for each distill run (workers.ts); default one, this process. */
    workers?: WorkerPlan;
  },
): Promise<SweepIgdsResult> {
  const op = "sweepIgds";
  const t0 = performance.now();
  const log = o.log ?? (() => {});
  const c = validateConfig(DISTILL_SCHEMA, base, `${op} config`);
  if (!c.data.validation) {
    throw new Error(
      `${op}: settings are chosen on a validation split, never on the test set: give ` +
        `data.validation (e.g. --data.validation 5000)`,
    );
  }
  if (typeof o?.out !== "string" || o.out === "") throw new Error(`${op}: give the sweep folder`);
  c.out = o.out;
  checkIpcs(c, op);
  for (const [what, values] of [["eta", grid.eta], ["beta", grid.beta], ["cfg", grid.cfg]]) {
    if (values) checkValues(op, what as string, values as number[], 0);
  }
  for (const w of grid.window ?? []) {
    if (!(w[0] >= 0 && w[0] <= w[1] && w[1] <= 1)) {
      throw new Error(`${op}: a window must be from:to with 0 <= from <= to <= 1, got ${w}`);
    }
  }
  await checkPriorExists(c, op);
  const points = gridPoints(c, grid);
  const epochs = c.ipc.map((_, i) => epochsFor(c, i, op));
  const { train } = await loadSplits(c.data);
  const ve = await ensureVE(c, train, `${o.out}/ve`, log);

  const scores: SweepIgdsScore[] = [];
  for (const [k, p] of points.entries()) {
    const name = pointName(p);
    const folder = `${o.out}/${name}`;
    log(`${name} (${k + 1}/${points.length})`);
    const summary = await distill(
      {
        ...c,
        methods: ["igds"],
        igds: {
          ...c.igds,
          eta: p.eta,
          beta: p.beta === null ? c.igds.beta : [p.beta],
          window: [...p.window],
          wrt: p.wrt,
          merge: p.merge,
        },
        prior: { ...c.prior, cfg: p.cfg },
        ve: { ...c.ve, path: ve.path },
        out: folder,
      },
      { log: (l) => log(`  [${name}] ${l}`), adapter: o.adapter, workers: o.workers },
    );
    for (const r of summary.results) {
      scores.push({
        ipc: r.ipc,
        point: p,
        accuracies: r.accuracies,
        mean: r.mean,
        std: r.std,
        folder,
      });
    }
  }
  const best = c.ipc.map((ipc) => {
    const mine = scores.filter((s) => s.ipc === ipc);
    const top = mine.reduce((a, s) => (s.mean > a.mean ? s : a), mine[0]);
    return { ipc, point: top.point, mean: top.mean, std: top.std };
  });
  for (const b of best) log(`best for IPC ${b.ipc}: ${pointName(b.point)} (${pm(b.mean, b.std)}%)`);

  const table = sweepIgdsTable(scores, c.ipc, points);
  const series: Series[] = c.ipc.map((ipc) => ({
    name: `IPC ${ipc}`,
    x: points.map((_, i) => i + 1),
    y: points.map((p) => scores.find((s) => s.ipc === ipc && s.point === p)!.mean),
  }));
  const report = {
    title: `IGDS settings on a validation split (${c.preset})`,
    text: `Validation accuracy (%, mean ± std over runs) of IGDS sets for each grid point and ` +
      `IPC, scored on ${c.data.validation} images held out of the training set (seed ` +
      `${c.data.validationSeed}); the test set is not read. ${protocolLine(c, epochs)} ` +
      `Sampling: ${c.prior.method}, ${c.prior.steps} steps. VE: ${ve.path} (${ve.source}). ` +
      `The best point per IPC is in bold; the plot's x axis is the row number.`,
    sections: [
      { heading: "Validation accuracy", tables: [table] },
      {
        heading: "Chosen per IPC",
        tables: [{
          headers: ["IPC", "eta", "beta", "window", "wrt", "cfg", "merge", "validation accuracy"],
          rows: best.map((b) => [
            b.ipc,
            short(b.point.eta),
            b.point.beta === null ? `${c.igds.beta}` : short(b.point.beta),
            `[${b.point.window.join(", ")}]`,
            b.point.wrt,
            short(b.point.cfg),
            b.point.merge ? "2x2" : "off",
            pm(b.mean, b.std),
          ]),
        }],
      },
      { heading: "Plot", figures: [{ path: "sweep-igds.png", caption: "accuracy per point" }] },
    ],
  };
  const result: SweepIgdsResult = {
    config: c,
    points,
    ve,
    scores,
    best,
    files: sweepFiles(`${o.out}/sweep-igds`),
    seconds: (performance.now() - t0) / 1000,
  };
  await writeSweepFiles(`${o.out}/sweep-igds`, result, report, series, {
    title: "IGDS settings: validation accuracy per grid point",
    xLabel: "grid point (row of the table)",
    yLabel: "validation accuracy (%)",
  });
  return result;
}

/**
 * The grid point x IPC table of a sweep (cells mean ± std, the best per IPC in bold).
 *
 * @example
 * console.log(markdownTable(sweepIgdsTable(r.scores, r.config.ipc, r.points)));
 */
export function sweepIgdsTable(
  scores: SweepIgdsScore[],
  ipcs: number[],
  points: IgdsPoint[],
): Table {
  const cell = bestPerIpcCell(scores);
  const rows = points.map((p, i) => [
    i + 1,
    pointName(p),
    ...ipcs.map((ipc) => {
      const s = scores.find((x) => x.ipc === ipc && x.point === p);
      return s ? cell(s) : "-";
    }),
  ]);
  return { headers: ["#", "setting", ...ipcs.map((i) => `IPC ${i}`)], rows };
}
