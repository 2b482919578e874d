/**
 * deno task eval <distilled ImageFolder | distill run folder> [--model convnet3] [--width 128]
 *   [--runs 3]
 *   [--epochs N] [--seed 0] [--optimizer adam] [--lr 0.01] [--batch N]
 *   [--augment full|crop-flip|none] [--data fashion-mnist]
 *
 * Trains a fresh network on the distilled set alone (the paper's protocol, Appendix J) and
 * prints its accuracy on the real test set of --data, normalised with the real training
 * set's channel statistics. Given a run folder of `deno task distill`, evaluates every
 * `<run>/distilled/<method>/ipc<N>` set in it and prints a table.
 */
import { handleErrors, startGpu, taskArgs } from "../lib/io/cli.ts";
import { assertAboveChance } from "../lib/eval/chance.ts";
import { parseArgs } from "node:util";
import { loadDataset } from "../lib/data/datasets.ts";
import { classCounts } from "../lib/data/dataset.ts";
import { channelStats } from "../lib/data/loader.ts";
import { alignClasses } from "../lib/eval/classes.ts";
import {
  EVAL_MODELS,
  type EvalAugment,
  type EvalModel,
  evaluateDistilled,
  paperEpochs,
} from "../lib/eval/evaluate.ts";

handleErrors();

const USAGE = `deno task eval <distilled ImageFolder | distill run folder> [options]

  --model M        ${EVAL_MODELS.join(" | ")} (default convnet3)
  --width N        ConvNet width (default 128); ResNet first-stage channels (default 64)
  --runs N         independent runs (default 3)
  --epochs N       training epochs (default: the paper's table for the images per class)
  --seed N         base seed (default 0)
  --optimizer O    adam (lr 0.01, default) | sgd (momentum 0.9, weight decay 5e-4)
  --lr X           learning rate (default 0.01)
  --batch N        training batch size (default min(256, images))
  --augment A      full (crop, flip, CutMix; default) | crop-flip | none
  --data NAME      the real data set: test images and normalisation (default fashion-mnist)
  --help`;

function fail(msg: string): never {
  console.error(`eval: ${msg}\n\n${USAGE}`);
  Deno.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    args: taskArgs(),
    allowPositionals: true,
    strict: true,
    options: {
      model: { type: "string", default: "convnet3" },
      width: { type: "string" },
      runs: { type: "string", default: "3" },
      epochs: { type: "string" },
      seed: { type: "string", default: "0" },
      optimizer: { type: "string", default: "adam" },
      lr: { type: "string", default: "0.01" },
      batch: { type: "string" },
      augment: { type: "string", default: "full" },
      data: { type: "string", default: "fashion-mnist" },
      help: { type: "boolean", default: false },
    },
  });
} catch (e) {
  fail((e as Error).message);
}
const { values: v, positionals } = parsed;
if (v.help) {
  console.log(USAGE);
  Deno.exit(0);
}
if (positionals.length !== 1) {
  fail(positionals.length ? `one path expected, got ${positionals.join(" ")}` : "no path given");
}

function int(name: string, s: string | undefined, min: number): number | undefined {
  if (s === undefined) return undefined;
  if (!/^\d+$/.test(s) || Number(s) < min) fail(`--${name} must be an integer >= ${min}, got ${s}`);
  return Number(s);
}

const model = v.model as EvalModel;
if (!EVAL_MODELS.includes(model)) fail(`unknown --model ${v.model}`);
if (v.optimizer !== "adam" && v.optimizer !== "sgd") fail(`unknown --optimizer ${v.optimizer}`);
const augments: Record<string, EvalAugment | false> = {
  full: {},
  "crop-flip": { cutmix: false },
  none: false,
};
if (!(v.augment in augments)) fail(`unknown --augment ${v.augment}`);
const lr = Number(v.lr);
if (!(lr > 0)) fail(`--lr must be a positive number, got ${v.lr}`);
const width = int("width", v.width, 1);
const runs = int("runs", v.runs, 1)!;
const epochsFlag = int("epochs", v.epochs, 1);
const seed = int("seed", v.seed, 0)!;
const batchSize = int("batch", v.batch, 1);

await startGpu("eval");
const test = await loadDataset(v.data, "test");
const realTrain = await loadDataset(v.data, "train");
const stats = channelStats(realTrain);
/** Evaluates one distilled ImageFolder; returns its mean and std. */
async function evaluateFolder(folder: string): Promise<{ mean: number; std: number }> {
  const { dataset: distilled, match } = alignClasses(
    await loadDataset(folder, "train"),
    test.classes,
  );
  if (match === "order") {
    console.warn(
      `warning: the distilled classes [${distilled.classes.join(", ")}] do not name the ` +
        `${v.data} classes; assuming they are in the same order`,
    );
  }
  const counts = classCounts(distilled);
  const ipc = Math.ceil(distilled.n / counts.length);
  const epochs = epochsFlag ?? paperEpochs(ipc);
  console.log(
    `distilled: ${distilled.n} images (${counts.join("/")} per class) from ${distilled.source}; ` +
      `test: ${test.n} images from ${test.source}`,
  );
  console.log(
    `${model}${width ? ` width ${width}` : ""}, ${v.optimizer} lr ${lr}, ${epochs} epochs, ` +
      `${runs} runs, augment ${v.augment}, stats mean [${
        stats.mean.map((m) => m.toFixed(3))
      }] std [${stats.std.map((s) => s.toFixed(3))}]`,
  );

  const stop = new AbortController();
  Deno.addSignalListener("SIGINT", () => {
    if (stop.signal.aborted) Deno.exit(130);
    console.log("\ninterrupted: stopping after this step (Ctrl-C again to kill)");
    stop.abort();
  });
  let last = performance.now();
  const result = await evaluateDistilled(distilled, test, {
    model,
    width,
    runs,
    epochs,
    seed,
    optimizer: v.optimizer as "adam" | "sgd",
    lr,
    batchSize,
    augment: augments[v.augment],
    stats,
    signal: stop.signal,
    progress: (run, epoch, loss) => {
      const now = performance.now();
      console.log(
        `run ${run + 1}/${runs} epoch ${epoch}/${epochs} loss ${loss.toFixed(4)} ` +
          `(${((now - last) / 1000).toFixed(1)} s)`,
      );
      last = now;
    },
    onRunEnd: (run, acc) => console.log(`run ${run + 1}/${runs}: test accuracy ${acc.toFixed(2)}%`),
  }).catch((e) => {
    if (stop.signal.aborted) {
      console.error("eval: interrupted");
      Deno.exit(130);
    }
    throw e;
  });
  console.log(
    `${result.imagesPerSecond.toFixed(1)} training images/s, ${result.seconds.toFixed(1)} s in all`,
  );
  console.log(
    `accuracy ${result.mean.toFixed(2)} +- ${result.std.toFixed(2)} over ${runs} runs`,
  );
  assertAboveChance(result.mean, test.classes.length, `evaluation of ${folder}`);
  return result;
}

const root = positionals[0];
const runFolders: string[] = [];
const byName = (a: Deno.DirEntry, b: Deno.DirEntry) =>
  a.name.localeCompare(b.name, undefined, { numeric: true });
try {
  for (const m of [...Deno.readDirSync(`${root}/distilled`)].sort(byName)) {
    if (!m.isDirectory) continue;
    for (const i of [...Deno.readDirSync(`${root}/distilled/${m.name}`)].sort(byName)) {
      if (i.isDirectory) runFolders.push(`${root}/distilled/${m.name}/${i.name}`);
    }
  }
} catch {
  // not a run folder: an ImageFolder
}
if (runFolders.length === 0) {
  await evaluateFolder(root);
} else {
  const rows: string[] = [];
  for (const f of runFolders) {
    console.log(`\n== ${f}`);
    const r = await evaluateFolder(f);
    rows.push(`| ${f.slice(root.length + 11)} | ${r.mean.toFixed(2)} ± ${r.std.toFixed(2)} |`);
  }
  console.log(`\n| set | accuracy (%) |\n| --- | --- |\n${rows.join("\n")}`);
}
Deno.exit(0);
