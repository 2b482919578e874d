/**
 * Sweeps that show how to choose beta (IGDS paper, section 3.3 and Appendix J.1):
 *
 * - {@link sweepBeta}: IGDS accuracy against beta, one curve per IPC (the paper's Figure 3).
 *   One VE is trained (or given) and reused by a `distill` run per beta, in
 *   `<out>/beta-<b>/`; the VE lives in `<out>/ve/` (ve.safetensors, stage.json).
 * - {@link sweepH} (lib/igds/sweep_h.ts): accuracy of weighted real subsets against their
 *   H(X|Y) (Appendix A, eq. 18; the paper's Figure 2).
 *
 * Every stage is cached by a hash of its config, as in `distill`: a rerun skips what is done.
 *
 * @example
 * const config = validateConfig(DISTILL_SCHEMA, { data: { bundled: true }, ipc: [1, 10] });
 * const r = await sweepBeta(config, [0, 0.05, 0.1, 0.2], { out: "runs/sweep-beta" });
 * console.log(r.best); // [{ ipc: 1, beta: 0.05, ... }, { ipc: 10, beta: 0.1, ... }]
 * @module
 */
import { loadDataset } from "../data/datasets.ts";
import { validateConfig } from "../io/config.ts";
import type { Series } from "../io/plot.ts";
import type { Table } from "../io/report.ts";
import { distill, DISTILL_SCHEMA, type DistillConfig } from "./distill.ts";
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

export {
  classQuantiles,
  DEFAULT_QUANTILES,
  sweepH,
  type SweepHOptions,
  type SweepHPoint,
  type SweepHResult,
  sweepHTable,
  veKlAndCorrect,
} from "./sweep_h.ts";
export type { SweepVE } from "./sweep_common.ts";

/** One (IPC, beta) cell of {@link sweepBeta}. */
export interface SweepBetaPoint {
  ipc: number;
  beta: number;
  /** Test accuracy (percent) of each evaluation run, their mean and population std. */
  accuracies: number[];
  mean: number;
  std: number;
  epochs: number;
  /** The distill run folder of this beta. */
  folder: string;
  distillSeconds: number;
  evalSeconds: number;
}

/** The best setting of one IPC (highest mean accuracy; the first on ties). */
export interface SweepBest {
  ipc: number;
  mean: number;
  std: number;
}

/** What {@link sweepBeta} returns and writes to `<out>/sweep-beta.json`. */
export interface SweepBetaResult {
  /** The config as used; its `out` is the sweep folder. */
  config: DistillConfig;
  betas: number[];
  ipc: number[];
  ve: SweepVE;
  /** One point per (IPC, beta), IPCs in config order, betas in the given order. */
  points: SweepBetaPoint[];
  /** The best beta per IPC. */
  best: (SweepBest & { beta: number })[];
  files: { json: string; md: string; png: string };
  seconds: number;
}

/** Options of {@link sweepBeta}. */
export interface SweepBetaOptions {
  /** Progress lines. */
  log?: (line: string) => void;
  /** The sweep folder. */
  out: string;
  /** Adapter name for the distill summaries. */
  adapter?: string;
  /** Worker processes for each distill run (workers.ts); default one, this process. */
  workers?: WorkerPlan;
}

/**
 * IGDS accuracy against beta per IPC (paper Figure 3). Trains the VE once into `<out>/ve/`
 * (with `base.ve`, mapped as `distill` maps it; skipped when `<out>/ve/stage.json` holds the
 * same settings' hash; `base.ve.path` uses a given VE instead), then runs `distill` with
 * `methods: ["igds"]`, `igds.beta: [b]` and that VE into `<out>/beta-<b>/` for each beta
 * (`base.methods`, `base.igds.beta` and `base.out` are not used). Writes
 * `<out>/sweep-beta.json`, `.md` (beta x IPC table, the best per IPC in bold) and `.png`
 * (accuracy against beta, one line per IPC). Bad input (no betas, a negative beta, a bad
 * IPC list, a missing prior) is an error before any long work.
 *
 * @example
 * const r = await sweepBeta(config, [0, 0.1, 0.5], { out: "runs/sweep-beta", log: console.log });
 * for (const b of r.best) console.log(`IPC ${b.ipc}: beta ${b.beta}, ${b.mean.toFixed(1)}%`);
 */
export async function sweepBeta(
  base: DistillConfig,
  betas: number[],
  o: SweepBetaOptions,
): Promise<SweepBetaResult> {
  const op = "sweepBeta";
  const t0 = performance.now();
  const log = o.log ?? (() => {});
  if (typeof o?.out !== "string" || o.out === "") {
    throw new Error(`${op}: give the sweep folder as out`);
  }
  checkValues(op, "beta", betas, 0);
  const c = validateConfig(DISTILL_SCHEMA, base, `${op} config`);
  c.out = o.out; // the sweep folder, not a distill run folder
  checkIpcs(c, op);
  await checkPriorExists(c, op);
  const epochs = c.ipc.map((_, i) => epochsFor(c, i, op));
  const train = await loadDataset(c.data.name, "train", { bundled: c.data.bundled });
  const ve = await ensureVE(c, train, `${o.out}/ve`, log);

  const points: SweepBetaPoint[] = [];
  for (const [k, beta] of betas.entries()) {
    const folder = `${o.out}/beta-${beta}`;
    log(`β ${beta} (${k + 1}/${betas.length}): distill into ${folder}`);
    const summary = await distill(
      {
        ...c,
        methods: ["igds"],
        igds: { ...c.igds, beta: [beta] },
        ve: { ...c.ve, path: ve.path },
        out: folder,
      },
      { log: (l) => log(`  [β ${beta}] ${l}`), adapter: o.adapter, workers: o.workers },
    );
    for (const r of summary.results) {
      points.push({
        ipc: r.ipc,
        beta,
        accuracies: r.accuracies,
        mean: r.mean,
        std: r.std,
        epochs: r.epochs,
        folder,
        distillSeconds: r.distillSeconds,
        evalSeconds: r.evalSeconds,
      });
    }
  }
  points.sort((a, b) => c.ipc.indexOf(a.ipc) - c.ipc.indexOf(b.ipc));
  const best = c.ipc.map((ipc) => {
    const mine = points.filter((p) => p.ipc === ipc);
    const top = mine.reduce((a, p) => (p.mean > a.mean ? p : a), mine[0]);
    return { ipc, beta: top.beta, mean: top.mean, std: top.std };
  });
  for (const b of best) {
    log(`best β for IPC ${b.ipc}: ${b.beta} (${pm(b.mean, b.std)}%)`);
  }

  const table = sweepBetaTable(points, c.ipc, betas);
  const series: Series[] = c.ipc.map((ipc, i) => {
    const mine = points.filter((p) => p.ipc === ipc).sort((a, b) => a.beta - b.beta);
    return {
      name: `IPC ${ipc} (best β ${short(best[i].beta)})`,
      x: mine.map((p) => p.beta),
      y: mine.map((p) => p.mean),
    };
  });
  const veLine = `VE: ${ve.path} (${ve.source}).`;
  const report = {
    title: `IGDS accuracy against β (${c.preset})`,
    text: `Test accuracy (%, mean ± std over runs) of IGDS distilled sets for each β and IPC ` +
      `(paper Figure 3). ${protocolLine(c, epochs)} Sampling: ${c.prior.method}, ` +
      `${c.prior.steps} steps${
        c.prior.cfg ? `, classifier-free guidance w ${c.prior.cfg}` : ""
      }, ` +
      `η ${c.igds.eta}, guidance w.r.t. ${c.igds.wrt}, entropy term ` +
      `${c.igds.entropy}${c.igds.merge ? ", 2x2 merge" : ""}. ${veLine} The best β per IPC ` +
      `is in bold.`,
    sections: [
      { heading: "Accuracy", tables: [table] },
      {
        heading: "Best β per IPC",
        tables: [{
          headers: ["IPC", "β", "accuracy"],
          rows: best.map((b) => [b.ipc, short(b.beta), pm(b.mean, b.std)]),
        }],
      },
      { heading: "Plot", figures: [{ path: "sweep-beta.png", caption: "accuracy against β" }] },
    ],
  };
  const result: SweepBetaResult = {
    config: c,
    betas: [...betas],
    ipc: [...c.ipc],
    ve,
    points,
    best,
    files: sweepFiles(`${o.out}/sweep-beta`),
    seconds: (performance.now() - t0) / 1000,
  };
  await writeSweepFiles(`${o.out}/sweep-beta`, result, report, series, {
    title: "IGDS: accuracy against β",
    xLabel: "β",
    yLabel: "test accuracy (%)",
  });
  return result;
}

/**
 * The beta x IPC table of a beta sweep (rows: betas in the given order; cells mean ± std,
 * the best per IPC in bold), also printed by `deno task sweep-beta`.
 *
 * @example
 * console.log(markdownTable(sweepBetaTable(r.points, r.ipc, r.betas)));
 */
export function sweepBetaTable(points: SweepBetaPoint[], ipcs: number[], betas: number[]): Table {
  const cell = bestPerIpcCell(points);
  const rows = betas.map((beta) => [
    short(beta),
    ...ipcs.map((ipc) => {
      const p = points.find((x) => x.ipc === ipc && x.beta === beta);
      return p ? cell(p) : "-";
    }),
  ]);
  return { headers: ["β", ...ipcs.map((i) => `IPC ${i}`)], rows };
}
