/**
 * deno task sweep-beta [--betas 0,0.05,0.1,0.2,0.5] [--out runs/sweep-beta] [--workers N|auto]
 *   [--preset quick|standard|paper] [--config file.yaml] [--key value ...]
 *
 * IGDS accuracy against beta per IPC (paper Figure 3): trains the VE once (in <out>/ve), runs
 * `distill` with the igds method for each beta (in <out>/beta-<b>), and writes
 * <out>/sweep-beta.json, <out>/sweep-beta.md (beta x IPC table) and <out>/sweep-beta.png.
 * The config is distill's (same presets and flags; its methods, igds.beta and out are not
 * used). Rerunning resumes: finished stages are skipped. `--workers` as in `deno task
 * distill`. `--help` lists every config key.
 */
import { handleErrors, startGpu, taskArgs } from "../lib/io/cli.ts";
import { prefersWideVectors } from "../lib/igds/distill_config.ts";
import { describeSchema } from "../lib/io/config.ts";
import { markdownTable } from "../lib/io/report.ts";
import { DISTILL_SCHEMA } from "../lib/igds/distill.ts";
import { sweepBeta, sweepBetaTable } from "../lib/igds/sweep.ts";
import { workerPlan } from "../lib/igds/workers.ts";
import { releaseLocksOnSignal } from "../lib/igds/lock.ts";
import { parseSweepArgs } from "../lib/igds/sweep_cli.ts";

handleErrors();

const USAGE = "deno task sweep-beta [--betas 0,0.05,0.1,0.2,0.5] [--out runs/sweep-beta] " +
  "[--preset quick|standard|paper] [--config file.yaml] [--key value ...]\n";
const a = await parseSweepArgs(taskArgs(), {
  task: "sweep-beta",
  flags: ["betas"],
  defaultOut: "runs/sweep-beta",
  workers: true,
});
if (a.help) {
  console.log(USAGE);
  console.log(describeSchema(DISTILL_SCHEMA));
  Deno.exit(0);
}
const betas = a.numbers.betas ?? [0, 0.05, 0.1, 0.2, 0.5];
const g = await startGpu("sweep-beta", { wideVectors: prefersWideVectors(a.config) });
console.log(
  `preset ${a.config.preset}; sweep folder ${a.out}; ` +
    `β ${betas.join(", ")}; IPC ${a.config.ipc.join(", ")}`,
);
const t0 = performance.now();
releaseLocksOnSignal();
const r = await sweepBeta(a.config, betas, {
  out: a.out,
  adapter: g.adapterName,
  workers: workerPlan(a.workers, g.adapterName, navigator.hardwareConcurrency),
  log: (line) =>
    console.log(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(5)} s] ${line}`),
});
console.log(
  `\nTest accuracy (%) of IGDS against β, ${a.config.eval.model} width ${a.config.eval.width}, ` +
    `${a.config.eval.runs} run(s); the best per IPC in bold:\n`,
);
console.log(markdownTable(sweepBetaTable(r.points, r.ipc, r.betas)));
for (const b of r.best) {
  console.log(`best β for IPC ${b.ipc}: ${b.beta} (${b.mean.toFixed(1)} ± ${b.std.toFixed(1)}%)`);
}
console.log(`\nplot: ${r.files.png}; table: ${r.files.md}; results: ${r.files.json}`);
Deno.exit(0);
