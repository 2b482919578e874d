/**
 * deno task distill [--preset quick|standard|paper] [--config file.yaml] [--key value ...]
 *
 * Distills a data set with IGDS and the baselines, evaluates every set, and writes
 * <out>/results.json, <out>/report.md and <out>/distilled/<method>/ipc<N>/<class>/*.png.
 * With no arguments: the quick preset on the bundled Fashion-MNIST subset. Rerunning
 * resumes: finished stages are skipped. `--help` lists every config key.
 */
import { handleErrors, startGpu, taskArgs } from "../lib/io/cli.ts";
import { describeSchema, loadConfig } from "../lib/io/config.ts";
import { markdownTable } from "../lib/io/report.ts";
import { distill, DISTILL_SCHEMA } from "../lib/igds/distill.ts";
import { accuracyTable } from "../lib/igds/distill_report.ts";

handleErrors();

const PRESETS = ["quick", "standard", "paper"];
const args = taskArgs();
if (args.includes("--help")) {
  console.log(
    "deno task distill [--preset quick|standard|paper] [--config file.yaml] [--key value ...]\n",
  );
  console.log(describeSchema(DISTILL_SCHEMA));
  Deno.exit(0);
}
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
const g = await startGpu("distill");
console.log(`preset ${config.preset}; run folder ${config.out}`);
const t0 = performance.now();
const summary = await distill(config, {
  adapter: g.adapterName,
  log: (line) =>
    console.log(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(5)} s] ${line}`),
});
console.log(
  `\nTest accuracy (%), ${config.eval.model} width ${config.eval.width}, ${config.eval.runs} run(s):\n`,
);
console.log(markdownTable(accuracyTable(summary)));
console.log(`report: ${config.out}/report.md; results: ${config.out}/results.json`);
Deno.exit(0);
