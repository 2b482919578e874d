/**
 * {@link sweepH}: accuracy of weighted real subsets against their conditional entropy
 * H(X|Y) (IGDS paper, section 3.3, Figure 2; the sampling of Appendix A, eq. 18).
 *
 * With a trained VE: kl_i = KL(softmax(q_hat_i / tau) || Q^{y_i}) for every training image and
 * whether g(f(x_i)) classifies it correctly; for each IPC and each target alpha, a subset is
 * drawn with `weightedSubset` (misclassified images are never drawn), its H(X|Y) estimate is
 * the mean kl of its images, and it is evaluated like a distilled set. Layout of `<out>`:
 * `ve/` (unless `ve.path` is given), `eval/ipc<N>-<target>/` (stage.json, grid.png),
 * `sweep-h.json`, `sweep-h.md`, `sweep-h.png`.
 *
 * @example
 * const r = await sweepH(config, { out: "runs/sweep-h", quantiles: [0.1, 0.5, 0.9] });
 * console.log(r.best); // [{ ipc: 1, H: 0.41, ... }, { ipc: 10, H: 1.02, ... }]
 * @module
 */
import { classCounts } from "../data/dataset.ts";
import { loadDataset } from "../data/datasets.ts";
import { channelStats } from "../data/loader.ts";
import { evaluateDistilled } from "../eval/evaluate.ts";
import { validateConfig } from "../io/config.ts";
import { writePngGrid } from "../io/images.ts";
import type { Series } from "../io/plot.ts";
import type { Table } from "../io/report.ts";
import { subsetDataset } from "./baselines.ts";
import { DISTILL_SCHEMA, type DistillConfig } from "./distill.ts";
import {
  bestPerIpcCell,
  checkIpcs,
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
import { assertAboveChance } from "../eval/chance.ts";
import { cacheNote, evalOptionsOf, hashOf, stage } from "./stage.ts";
import { disposeVE, veKlAndCorrect } from "./ve.ts";

export { classQuantiles } from "./weighted.ts";
export { veKlAndCorrect } from "./ve_estimates.ts";
import { loadVE } from "./ve_file.ts";
import { classQuantiles, conditionalEntropyOf, weightedSubset } from "./weighted.ts";

/** The default targets of {@link sweepH}: the 10%, 20%, ..., 90% quantiles of each class's KL. */
export const DEFAULT_QUANTILES: readonly number[] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

/** Options of {@link sweepH}. Give `alphas` or `quantiles`, not both. */
export interface SweepHOptions {
  /** Progress lines. */
  log?: (line: string) => void;
  /** The sweep folder. */
  out: string;
  /** Target H(X|Y) values in nats, each the same alpha for every class. */
  alphas?: number[];
  /**
   * Targets as quantiles in [0, 1] of each class's KL values (over its correctly classified
   * images): alpha_y differs per class (default {@link DEFAULT_QUANTILES}).
   */
  quantiles?: number[];
  /**
   * s in the weights exp(-(s (kl - alpha))^2): 1 (default) is the paper's eq. 18; a larger s
   * narrows the kernel (width 1/s nats), for a VE whose KL values spread over much less than a
   * nat, where eq. 18 draws almost uniformly whatever the target.
   */
  sharpness?: number;
}

/** One (IPC, target) subset of {@link sweepH}. */
export interface SweepHPoint {
  ipc: number;
  /** "q<quantile>" or "a<alpha>": also the eval folder's suffix. */
  target: string;
  quantile: number | null;
  /** The target alpha per class, and their mean. */
  alphas: number[];
  alpha: number;
  /** The subset's H(X|Y) estimate: the mean KL of its images (nats). */
  H: number;
  /** Test accuracy (percent) of each evaluation run, their mean and population std. */
  accuracies: number[];
  mean: number;
  std: number;
  epochs: number;
  evalSeconds: number;
  /** Training-set indices of the subset (classes in label order). */
  indices: number[];
}

/** What {@link sweepH} returns and writes to `<out>/sweep-h.json`. */
export interface SweepHResult {
  /** The config as used; its `out` is the sweep folder. */
  config: DistillConfig;
  mode: "quantiles" | "alphas";
  /** s of the weights exp(-(s (kl - alpha))^2) (1: the paper's eq. 18). */
  sharpness: number;
  /** The targets as given. */
  targets: number[];
  ipc: number[];
  ve: SweepVE;
  /** KL statistics of the training set (nats) and the VE's training accuracy. */
  kl: { mean: number; meanCorrect: number; min: number; max: number; correct: number; n: number };
  /** One point per (IPC, target), IPCs in config order, targets in the given order. */
  points: SweepHPoint[];
  /** The best subset per IPC (highest mean accuracy; the first on ties). */
  best: { ipc: number; target: string; H: number; mean: number; std: number }[];
  files: { json: string; md: string; png: string };
  seconds: number;
}

/**
 * Accuracy of weighted real subsets against their H(X|Y) per IPC (paper Figure 2). With the
 * VE of `base.ve` (trained once into `<out>/ve/`, or `base.ve.path`), computes every training
 * image's KL(softmax(q_hat / tau) || Q^y) and whether the VE classifies it correctly; for each
 * IPC and target, draws a subset with `weightedSubset` (seed `base.seed`), takes its H(X|Y)
 * with `conditionalEntropyOf`, and evaluates it with `evaluateDistilled` under `base.eval`
 * (epochs per IPC, runs, normalised by the training set's channel statistics), as distill
 * evaluates a distilled set. Evaluations are cached by the subset and the eval settings.
 * Writes `<out>/sweep-h.json`, `.md` (one row per IPC and target, the best per IPC in bold)
 * and `.png` (accuracy against subset H(X|Y), one line per IPC).
 *
 * @example
 * const r = await sweepH(config, { out: "runs/sweep-h", log: console.log });
 * for (const b of r.best) console.log(`IPC ${b.ipc}: H ${b.H.toFixed(2)}, ${b.mean.toFixed(1)}%`);
 */
export async function sweepH(base: DistillConfig, o: SweepHOptions): Promise<SweepHResult> {
  const op = "sweepH";
  const t0 = performance.now();
  const log = o.log ?? (() => {});
  if (typeof o?.out !== "string" || o.out === "") {
    throw new Error(`${op}: give the sweep folder as out`);
  }
  if (o.alphas !== undefined && o.quantiles !== undefined) {
    throw new Error(`${op}: give alphas or quantiles, not both`);
  }
  const mode = o.alphas !== undefined ? "alphas" : "quantiles";
  const targets = o.alphas ?? o.quantiles ?? [...DEFAULT_QUANTILES];
  const sharpness = o.sharpness ?? 1;
  if (!(Number.isFinite(sharpness) && sharpness > 0)) {
    throw new Error(`${op}: sharpness must be a positive number, got ${sharpness}`);
  }
  if (mode === "alphas") checkValues(op, "alpha", targets, 0);
  else checkValues(op, "quantile", targets, 0, 1);
  const c = validateConfig(DISTILL_SCHEMA, base, `${op} config`);
  c.out = o.out; // the sweep folder, not a distill run folder
  checkIpcs(c, op);
  const epochs = c.ipc.map((_, i) => epochsFor(c, i, op));
  const train = await loadDataset(c.data.name, "train", { bundled: c.data.bundled });
  const test = await loadDataset(c.data.name, "test", { bundled: c.data.bundled });
  const classes = train.classes.length;
  log(`data: ${train.n} training and ${test.n} test images (${train.source})`);
  const ipcMax = Math.max(...c.ipc);
  const counts = classCounts(train);
  const small = counts.findIndex((n) => n < ipcMax);
  if (small >= 0) {
    throw new Error(
      `${op}: ipc ${ipcMax} is larger than class "${train.classes[small]}" (${counts[small]} ` +
        `images) of ${train.source}`,
    );
  }

  const veInfo = await ensureVE(c, train, `${o.out}/ve`, log);
  const ve = await loadVE(veInfo.path);
  let klc: Awaited<ReturnType<typeof veKlAndCorrect>>;
  try {
    klc = await veKlAndCorrect(ve, train);
  } finally {
    disposeVE(ve);
  }
  const { kl, correct } = klc;
  const nCorrect = correct.reduce((a, b) => a + b, 0);
  const klStats = {
    mean: kl.reduce((a, b) => a + b, 0) / kl.length,
    meanCorrect: kl.reduce((a, v, i) => a + (correct[i] ? v : 0), 0) / Math.max(1, nCorrect),
    min: kl.reduce((a, b) => Math.min(a, b), Infinity),
    max: kl.reduce((a, b) => Math.max(a, b), -Infinity),
    correct: nCorrect,
    n: kl.length,
  };
  log(
    `KL(softmax(q/τ) || Q^y): mean ${klStats.mean.toFixed(3)} nats (correctly classified: ` +
      `${klStats.meanCorrect.toFixed(3)}), range [${klStats.min.toFixed(3)}, ` +
      `${klStats.max.toFixed(3)}]; ${nCorrect}/${kl.length} images classified correctly`,
  );

  const correctPer = new Array<number>(classes).fill(0);
  correct.forEach((ok, i) => (correctPer[train.labels[i]] += ok));
  const few = correctPer.findIndex((n) => n < ipcMax);
  if (few >= 0) {
    throw new Error(
      `${op}: the VE classifies only ${correctPer[few]} of the ${counts[few]} images of class ` +
        `"${train.classes[few]}" correctly, fewer than ipc ${ipcMax} (only correctly classified ` +
        `images are drawn); train the VE longer (ve.epochs, ve.classifierEpochs) or lower ipc`,
    );
  }
  // every subset first, then the evaluations
  const plan = targets.map((t) => {
    const alphas = mode === "alphas"
      ? new Array<number>(classes).fill(t)
      : classQuantiles(kl, train.labels, correct, classes, t);
    return { target: `${mode === "alphas" ? "a" : "q"}${t}`, value: t, alphas };
  });
  const draws = c.ipc.flatMap((ipc) =>
    plan.map((p) => {
      const alphas = p.alphas.map((a) => (Number.isFinite(a) ? a : 0));
      // exp(-(s (kl - a))^2) is eq. 18 on s kl and s a
      const idx = weightedSubset({
        kl: sharpness === 1 ? kl : kl.map((v) => sharpness * v),
        labels: train.labels,
        correct,
        classes,
        alpha: alphas.map((a) => sharpness * a),
        ipc,
        seed: c.seed,
      });
      return { ipc, ...p, alphas, idx, H: conditionalEntropyOf(kl, idx) };
    })
  );

  const stats = channelStats(train);
  const points: SweepHPoint[] = [];
  for (const [k, d] of draws.entries()) {
    const i = c.ipc.indexOf(d.ipc);
    const name = `ipc${d.ipc}-${d.target}`;
    const key = {
      data: { name: c.data.name, bundled: c.data.bundled, n: train.n },
      indices: await hashOf(Array.from(d.idx)),
      eval: c.eval,
      epochs: epochs[i],
      seed: c.seed,
    };
    const dir = `${o.out}/eval/${name}`;
    const rec = await stage(dir, key, async () => {
      const subset = subsetDataset(train, d.idx);
      await writePngGrid(`${dir}/grid.png`, subset, { cols: d.ipc });
      log(
        `${name} (${k + 1}/${draws.length}): H(X|Y) ${d.H.toFixed(3)}, evaluating ` +
          `(${c.eval.model} width ${c.eval.width}, ${epochs[i]} epochs, ${c.eval.runs} runs) ...`,
      );
      const r = await evaluateDistilled(
        subset,
        test,
        evalOptionsOf(c, epochs[i], subset.n, stats, log),
      );
      if (c.eval.chanceCheck) {
        assertAboveChance(r.mean, train.classes.length, `evaluation stage ${dir}`);
      }
      return r;
    });
    const r = rec.value;
    log(
      `${name}: H(X|Y) ${d.H.toFixed(3)}, ${pm(r.mean, r.std)}%${cacheNote(rec)}`,
    );
    points.push({
      ipc: d.ipc,
      target: d.target,
      quantile: mode === "quantiles" ? d.value : null,
      alphas: d.alphas,
      alpha: d.alphas.reduce((a, b) => a + b, 0) / d.alphas.length,
      H: d.H,
      accuracies: r.accuracies,
      mean: r.mean,
      std: r.std,
      epochs: r.epochs,
      evalSeconds: rec.seconds,
      indices: Array.from(d.idx),
    });
  }
  const best = c.ipc.map((ipc) => {
    const mine = points.filter((p) => p.ipc === ipc);
    const top = mine.reduce((a, p) => (p.mean > a.mean ? p : a), mine[0]);
    return { ipc, target: top.target, H: top.H, mean: top.mean, std: top.std };
  });
  for (const b of best) {
    log(`best for IPC ${b.ipc}: ${b.target}, H(X|Y) ${b.H.toFixed(3)} (${pm(b.mean, b.std)}%)`);
  }

  const series: Series[] = c.ipc.map((ipc, i) => {
    const mine = points.filter((p) => p.ipc === ipc).sort((a, b) => a.H - b.H);
    return {
      name: `IPC ${ipc} (best H ${best[i].H.toFixed(2)})`,
      x: mine.map((p) => p.H),
      y: mine.map((p) => p.mean),
    };
  });
  const targetText = mode === "alphas"
    ? "Targets α are the same for every class (nats)."
    : "Targets are quantiles of each class's KL over its correctly classified images " +
      "(α per class; the table shows their mean).";
  const report = {
    title: `Accuracy of weighted real subsets against H(X|Y) (${c.preset})`,
    text: `Per IPC and target α, IPC correctly classified images per class are drawn with ` +
      `probability ∝ exp(-(KL(softmax(q̂/τ) || Q^y) - α)²) (paper Appendix A, eq. 18` +
      `${
        sharpness === 1 ? "" : `, with KL and α scaled by ${sharpness}`
      }; seed ${c.seed}); H(X|Y) is the subset's mean KL (nats). ${targetText} Training set: mean KL ` +
      `${klStats.mean.toFixed(3)} nats (correctly classified images: ` +
      `${klStats.meanCorrect.toFixed(3)}), ${nCorrect}/${kl.length} correct. VE: ` +
      `${veInfo.path} (${veInfo.source}). ${protocolLine(c, epochs)} Test accuracy in %, ` +
      `mean ± std over runs; the best per IPC is in bold.`,
    sections: [
      { heading: "Accuracy", tables: [sweepHTable(points)] },
      {
        heading: "Best per IPC",
        tables: [{
          headers: ["IPC", "target", "H(X|Y)", "accuracy"],
          rows: best.map((b) => [b.ipc, b.target, b.H.toFixed(3), pm(b.mean, b.std)]),
        }],
      },
      {
        heading: "Plot",
        figures: [{ path: "sweep-h.png", caption: "accuracy against the subset's H(X|Y)" }],
      },
    ],
  };
  const result: SweepHResult = {
    config: c,
    mode,
    sharpness,
    targets: [...targets],
    ipc: [...c.ipc],
    ve: veInfo,
    kl: klStats,
    points,
    best,
    files: sweepFiles(`${o.out}/sweep-h`),
    seconds: (performance.now() - t0) / 1000,
  };
  await writeSweepFiles(`${o.out}/sweep-h`, result, report, series, {
    title: "Weighted real subsets: accuracy against H(X|Y)",
    xLabel: "H(X|Y) of the subset (nats)",
    yLabel: "test accuracy (%)",
  });
  return result;
}

/**
 * The table of an H sweep: one row per (IPC, target) with the mean α, the subset's H(X|Y)
 * and the accuracy (mean ± std; the best per IPC in bold); also printed by `deno task sweep-h`.
 *
 * @example
 * console.log(markdownTable(sweepHTable(r.points)));
 */
export function sweepHTable(points: SweepHPoint[]): Table {
  const cell = bestPerIpcCell(points);
  const rows = points.map((p) => [p.ipc, p.target, short(p.alpha), p.H.toFixed(3), cell(p)]);
  return { headers: ["IPC", "target", "α (mean)", "H(X|Y)", "accuracy"], rows };
}
