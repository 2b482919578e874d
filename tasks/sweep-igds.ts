/**
 * deno task sweep-igds --data.validation 5000 [--eta 0.5,1,2] [--beta 0,0.05,0.1]
 *   [--window 0:1,0.1:1] [--wrt xt,x0] [--cfg 0,2] [--merge off,on] [--out runs/sweep-igds]
 *   [--workers N|auto]
 *   [--preset quick|standard|paper] [--config file.yaml] [--key value ...]
 *
 * Chooses IGDS's settings on a validation split held out of the training set (never the
 * test set): one distill run of the igds method per grid point (every combination of the
 * lists; a setting not given keeps the config's value), on one VE, and writes
 * <out>/sweep-igds.json, .md (grid x IPC table, the best per IPC in bold) and .png. The
 * config is distill's; data.validation must be set. Rerunning resumes. `--workers` as in
 * `deno task distill` (each grid point's stages in N local processes).
 */
import { handleErrors, startGpu, taskArgs } from "../lib/io/cli.ts";
import { prefersWideVectors } from "../lib/igds/distill_config.ts";
import { describeSchema } from "../lib/io/config.ts";
import { markdownTable } from "../lib/io/report.ts";
import { DISTILL_SCHEMA } from "../lib/igds/distill.ts";
import { workerPlan } from "../lib/igds/workers.ts";
import { releaseLocksOnSignal } from "../lib/igds/lock.ts";
import { parseSweepArgs, takeFlag } from "../lib/igds/sweep_cli.ts";
import { type IgdsGrid, pointName, sweepIgds, sweepIgdsTable } from "../lib/igds/sweep_igds.ts";

handleErrors();

const task = "sweep-igds";
const args = taskArgs();
const windowText = takeFlag(args, "window", task);
const wrtText = takeFlag(args, "wrt", task);
const mergeText = takeFlag(args, "merge", task);
const a = await parseSweepArgs(args, {
  task,
  flags: ["eta", "beta", "cfg"],
  defaultOut: "runs/sweep-igds",
  workers: true,
});
if (a.help) {
  console.log((await Deno.readTextFile(new URL(import.meta.url))).split("*/")[0]);
  console.log(describeSchema(DISTILL_SCHEMA));
  Deno.exit(0);
}
const grid: IgdsGrid = {
  eta: a.numbers.eta,
  beta: a.numbers.beta,
  cfg: a.numbers.cfg,
  window: windowText?.split(",").map((w) => {
    const [from, to] = w.split(":").map(Number);
    if (!(Number.isFinite(from) && Number.isFinite(to))) {
      throw new Error(`${task}: --window wants from:to pairs like 0:1,0.1:1, got "${w}"`);
    }
    return [from, to] as [number, number];
  }),
  wrt: wrtText?.split(",").map((w) => {
    if (w !== "xt" && w !== "x0") throw new Error(`${task}: --wrt takes xt and x0, got "${w}"`);
    return w;
  }),
  merge: mergeText?.split(",").map((m) => {
    if (m !== "off" && m !== "on") throw new Error(`${task}: --merge takes off and on, got "${m}"`);
    return m === "on";
  }),
};
const g = await startGpu(task, { wideVectors: prefersWideVectors(a.config) });
console.log(`preset ${a.config.preset}; sweep folder ${a.out}; IPC ${a.config.ipc.join(", ")}`);
const t0 = performance.now();
releaseLocksOnSignal();
const r = await sweepIgds(a.config, grid, {
  out: a.out,
  adapter: g.adapterName,
  workers: workerPlan(a.workers, g.adapterName, navigator.hardwareConcurrency),
  log: (line) =>
    console.log(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(5)} s] ${line}`),
});
console.log(`\nValidation accuracy (%) per setting; the best per IPC in bold:\n`);
console.log(markdownTable(sweepIgdsTable(r.scores, r.config.ipc, r.points)));
for (const b of r.best) {
  console.log(`chosen for IPC ${b.ipc}: ${pointName(b.point)} (${b.mean.toFixed(1)}%)`);
}
console.log(`\nplot: ${r.files.png}; table: ${r.files.md}; results: ${r.files.json}`);
Deno.exit(0);
