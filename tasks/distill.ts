/**
 * deno task distill [--preset quick|standard|paper] [--config file.yaml] [--key value ...]
 *
 * Distills a data set with IGDS and the baselines, evaluates every set, and writes
 * <out>/results.json, <out>/report.md and <out>/distilled/<method>/ipc<N>/<class>/*.png.
 * With no arguments: the quick preset on the bundled Fashion-MNIST subset. Rerunning
 * resumes: finished stages are skipped. `--help` lists every config key.
 *
 * `--plan` prints the stage graph (each stage's id and dependencies) as JSON and exits;
 * `--shard K/N` computes only the stages of shard K of N in a run folder that N workers share
 * (any host, any scheduler: tasks/slurm/), and writes the report when it finds all done.
 * SIGTERM releases the worker's stage locks and stops it (status 143) with no partial record.
 *
 * `--workers N|auto` (default auto) computes the stages in N local processes that share the
 * run folder, each taking the next stage that is free (lib/igds/workers.ts); auto is one per
 * core, at most 4, on a CPU adapter (llvmpipe, each worker then runs cores / N threads) and
 * one on a GPU. The results are the same bits as one process's.
 */
import { handleErrors, startGpu, taskArgs } from "../lib/io/cli.ts";
import { describeSchema, loadConfig } from "../lib/io/config.ts";
import { markdownTable } from "../lib/io/report.ts";
import { distill, DISTILL_SCHEMA, distillShard } from "../lib/igds/distill.ts";
import { prefersWideVectors } from "../lib/igds/distill_config.ts";
import { releaseLocksOnSignal } from "../lib/igds/lock.ts";
import { parseShard, planJson } from "../lib/igds/plan.ts";
import { accuracyTable } from "../lib/igds/distill_report.ts";
import { workerPlan } from "../lib/igds/workers.ts";

handleErrors();

const PRESETS = ["quick", "standard", "paper"];
const args = taskArgs();
if (args.includes("--help")) {
  console.log(
    "deno task distill [--preset quick|standard|paper] [--config file.yaml] [--key value ...]\n" +
      "  [--plan] [--shard K/N] [--workers N|auto]\n",
  );
  console.log(describeSchema(DISTILL_SCHEMA));
  Deno.exit(0);
}
/** Removes `--name value` or `--name=value` from args; its value, true (a bare flag) or null. */
function takeFlag(name: string, bare = false): string | true | null {
  const i = args.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return null;
  if (args[i].includes("=")) return args.splice(i, 1)[0].slice(name.length + 1);
  if (bare) return args.splice(i, 1) && true;
  const value = args[i + 1];
  if (value === undefined) throw new Error(`distill: ${name} needs a value`);
  args.splice(i, 2);
  return value;
}
const plan = takeFlag("--plan", true) !== null;
const shardText = takeFlag("--shard");
const workersText = takeFlag("--workers");
let preset = "quick";
const at = args.findIndex((a) => a === "--preset" || a.startsWith("--preset="));
if (at >= 0) {
  preset = args[at].includes("=") ? args[at].split("=")[1] : args[at + 1];
  args.splice(at, args[at].includes("=") ? 1 : 2);
  if (!PRESETS.includes(preset)) {
    throw new Error(`distill: unknown preset "${preset}"; choose ${PRESETS.join(", ")}`);
  }
}
const file = args.some((a) => a === "--config" || a.startsWith("--config="))
  ? undefined
  : new URL(`./configs/distill-${preset}.yaml`, import.meta.url).pathname;
const { config, positionals } = await loadConfig(DISTILL_SCHEMA, args, { file });
if (positionals.length) throw new Error(`distill: unexpected arguments ${positionals.join(" ")}`);
const shard = typeof shardText === "string" ? parseShard(shardText, config.out) : null;
if (plan) {
  console.log(JSON.stringify(planJson(config, shard ?? undefined), null, 2));
  Deno.exit(0);
}
const g = await startGpu("distill", { wideVectors: prefersWideVectors(config) });
console.log(`preset ${config.preset}; run folder ${config.out}`);
const t0 = performance.now();
const log = (line: string) =>
  console.log(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(5)} s] ${line}`);
const workers = workerPlan(
  typeof workersText === "string" ? workersText : "auto",
  g.adapterName,
  navigator.hardwareConcurrency,
);
releaseLocksOnSignal(log);
const summary = shard
  ? await distillShard(config, shard, { adapter: g.adapterName, log })
  : await distill(config, { adapter: g.adapterName, log, workers, selfChecked: true });
if (!summary) Deno.exit(0);
console.log(
  `\nTest accuracy (%), ${config.eval.model} width ${config.eval.width}, ${config.eval.runs} run(s):\n`,
);
console.log(markdownTable(accuracyTable(summary)));
console.log(`report: ${config.out}/report.md; results: ${config.out}/results.json`);
Deno.exit(0);
