/**
 * deno task calibrate [--ipc 1,10,50] [--subsets 5] [--epochs 1000] [--runs 1] [--seed 0]
 *   [--out runs/calibrate] [--data fashion-mnist] [--width 128]
 *
 * Scores random class-balanced real subsets under the `dsa` evaluation protocol and prints
 * them beside the published Random row (lib/eval/calibrate.ts). Each subset's evaluation is
 * a cached stage in --out, so an interrupted calibration resumes; writes
 * <out>/calibration.json and <out>/calibration.md.
 */
import { handleErrors, startGpu, taskArgs } from "../lib/io/cli.ts";
import { parseArgs } from "node:util";
import { loadDataset } from "../lib/data/datasets.ts";
import { calibrate, calibrationTable } from "../lib/eval/calibrate.ts";
import { markdownTable } from "../lib/io/report.ts";
import { formatDuration } from "../lib/io/progress.ts";

handleErrors();

const USAGE = `deno task calibrate [options]

  --ipc LIST       images per class, comma-separated (default 1,10,50)
  --subsets N      random subsets per IPC, seeded (default 5)
  --epochs N       epochs per evaluation (default 1000, DSA's; the reference trains one pass
                   more; DC used 300)
  --runs N         networks trained per subset (default 1)
  --seed N         base seed: subset k is drawn with seed + k (default 0)
  --out DIR        run folder: cached stages, calibration.json, calibration.md
                   (default runs/calibrate)
  --data NAME      the data set (default fashion-mnist; the published row is Fashion-MNIST's)
  --width N        ConvNet width (default 128, the reference's; smaller only for a quick try)
  --help`;

function fail(msg: string): never {
  console.error(`calibrate: ${msg}\n\n${USAGE}`);
  Deno.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    args: taskArgs(),
    strict: true,
    options: {
      ipc: { type: "string", default: "1,10,50" },
      subsets: { type: "string", default: "5" },
      epochs: { type: "string", default: "1000" },
      runs: { type: "string", default: "1" },
      seed: { type: "string", default: "0" },
      out: { type: "string", default: "runs/calibrate" },
      data: { type: "string", default: "fashion-mnist" },
      width: { type: "string", default: "128" },
      help: { type: "boolean", default: false },
    },
  });
} catch (e) {
  fail((e as Error).message);
}
const v = parsed.values;
if (v.help) {
  console.log(USAGE);
  Deno.exit(0);
}

function int(name: string, s: string, min: number): number {
  if (!/^\d+$/.test(s.trim()) || Number(s) < min) {
    fail(`--${name} must be an integer >= ${min}, got ${s}`);
  }
  return Number(s);
}

const ipc = v.ipc.split(",").map((s) => int("ipc", s, 1));
const subsets = int("subsets", v.subsets, 1);
const epochs = int("epochs", v.epochs, 1);
const runs = int("runs", v.runs, 1);
const seed = int("seed", v.seed, 0);
const width = int("width", v.width, 1);

await startGpu("calibrate");
const train = await loadDataset(v.data, "train");
const test = await loadDataset(v.data, "test");
const stop = new AbortController();
Deno.addSignalListener("SIGINT", () => {
  if (stop.signal.aborted) Deno.exit(130);
  console.log("\ninterrupted: stopping after this step (Ctrl-C again to kill); rerun to resume");
  stop.abort();
});
const c = await calibrate(train, test, {
  out: v.out,
  ipc,
  subsets,
  epochs,
  runs,
  seed,
  width,
  dataName: v.data,
  log: console.log,
  signal: stop.signal,
}).catch((e) => {
  if (stop.signal.aborted) {
    console.error("calibrate: interrupted; finished subsets are cached in " + v.out);
    Deno.exit(130);
  }
  throw e;
});
console.log(`\n${markdownTable(calibrationTable(c))}`);
console.log(`published: ${c.publishedSource ?? `no published row for ${v.data}`}`);
console.log(
  c.differences.length
    ? `differences from the reference protocol: ${c.differences.join("; ")}`
    : "the reference protocol (VICO-UoE/DatasetCondensation)",
);
console.log(
  `${formatDuration(c.seconds)}; wrote ${v.out}/calibration.json and ${v.out}/calibration.md`,
);
Deno.exit(0);
