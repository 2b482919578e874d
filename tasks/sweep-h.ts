/**
 * deno task sweep-h [--quantiles 0.1,0.2,...,0.9 | --alphas 0.5,1,2] [--sharpness 1]
 *   [--out runs/sweep-h] [--preset quick|standard|paper] [--config file.yaml] [--key value ...]
 *
 * Accuracy of weighted real subsets against their H(X|Y) per IPC (paper Figure 2, Appendix A
 * eq. 18): trains the VE once (in <out>/ve, or uses --ve.path), draws IPC correctly classified
 * images per class with probability exp(-(s (KL - alpha))^2) for each target, evaluates each
 * subset as distill evaluates a distilled set, and writes <out>/sweep-h.json, <out>/sweep-h.md
 * and <out>/sweep-h.png. Targets: quantiles of each class's KL (default 10%..90%) or absolute
 * alphas in nats. The config is distill's (same presets and flags; its methods, prior, igds
 * and out are not used). Rerunning resumes. `--help` lists every config key.
 */
import { handleErrors, startGpu, taskArgs } from "../lib/io/cli.ts";
import { prefersWideVectors } from "../lib/igds/distill_config.ts";
import { describeSchema } from "../lib/io/config.ts";
import { markdownTable } from "../lib/io/report.ts";
import { DISTILL_SCHEMA } from "../lib/igds/distill.ts";
import { sweepH, sweepHTable } from "../lib/igds/sweep.ts";
import { parseSweepArgs } from "../lib/igds/sweep_cli.ts";

handleErrors();

const USAGE = "deno task sweep-h [--quantiles 0.1,0.2,...,0.9 | --alphas 0.5,1,2] " +
  "[--sharpness 1] [--out runs/sweep-h] [--preset quick|standard|paper] [--config file.yaml] " +
  "[--key value ...]\n";
const a = await parseSweepArgs(taskArgs(), {
  task: "sweep-h",
  flags: ["alphas", "quantiles", "sharpness"],
  defaultOut: "runs/sweep-h",
});
if (a.help) {
  console.log(USAGE);
  console.log(describeSchema(DISTILL_SCHEMA));
  Deno.exit(0);
}
const { alphas, quantiles, sharpness } = a.numbers;
if (sharpness !== undefined && sharpness.length !== 1) {
  throw new Error(`sweep-h: --sharpness takes one number, got ${sharpness.length}`);
}
await startGpu("sweep-h", { wideVectors: prefersWideVectors(a.config) });
console.log(
  `preset ${a.config.preset}; sweep folder ${a.out}; ` +
    `${alphas ? `α ${alphas.join(", ")}` : `quantiles ${(quantiles ?? "default").toString()}`}; ` +
    `IPC ${a.config.ipc.join(", ")}`,
);
const t0 = performance.now();
const r = await sweepH(a.config, {
  out: a.out,
  alphas,
  quantiles,
  sharpness: sharpness?.[0],
  log: (line) =>
    console.log(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(5)} s] ${line}`),
});
console.log(
  `\nTest accuracy (%) of weighted real subsets, ${a.config.eval.model} width ` +
    `${a.config.eval.width}, ${a.config.eval.runs} run(s); the best per IPC in bold:\n`,
);
console.log(markdownTable(sweepHTable(r.points)));
for (const b of r.best) {
  console.log(
    `best for IPC ${b.ipc}: ${b.target}, H(X|Y) ${b.H.toFixed(3)} nats ` +
      `(${b.mean.toFixed(1)} ± ${b.std.toFixed(1)}%)`,
  );
}
console.log(`\nplot: ${r.files.png}; table: ${r.files.md}; results: ${r.files.json}`);
Deno.exit(0);
