/**
 * deno task eval <distilled ImageFolder | distill run folder> [--protocol paper|dsa]
 *   [--model convnet3] [--width 128] [--runs 3] [--epochs N] [--seed 0] [--optimizer O]
 *   [--lr 0.01] [--batch N] [--augment full|crop-flip|dsa|none] [--data fashion-mnist]
 *
 * Trains a fresh network on the distilled set alone and prints its accuracy on the real
 * test set of --data, normalised with the real training set's channel statistics, under
 * the paper's protocol (Appendix J) or `dsa`, the DC/DSA reference's (lib/eval/protocol.ts).
 * Class folders are matched to the data set's classes by name or by number (0..K-1).
 * Given a run folder of `deno task distill`, evaluates every `<run>/distilled/<method>/ipc<N>`
 * set in it and prints a table.
 */
import { handleErrors, startGpu, taskArgs } from "../lib/io/cli.ts";
import { assertAboveChance } from "../lib/eval/chance.ts";
import { parseArgs } from "node:util";
import { DSA_STRATEGY } from "../lib/data/augment.ts";
import { loadDataset } from "../lib/data/datasets.ts";
import { classCounts } from "../lib/data/dataset.ts";
import { channelStats } from "../lib/data/loader.ts";
import { readDistilledFolder } from "../lib/eval/distilled_folder.ts";
import { meanByClass } from "../lib/eval/test_accuracy.ts";
import {
  EVAL_MODELS,
  type EvalAugment,
  type EvalModel,
  type EvalOptions,
  evalSettings,
  evaluateDistilled,
} from "../lib/eval/evaluate.ts";
import {
  EVAL_PROTOCOLS,
  type EvalProtocol,
  protocolDifferences,
  protocolSummary,
} from "../lib/eval/protocol.ts";

handleErrors();

const USAGE = `deno task eval <distilled ImageFolder | distill run folder> [options]

  --protocol P     paper (the paper's Appendix J; default) | dsa (the DC/DSA reference:
                   SGD, lr x0.1 at half the epochs, batch 256, DSA augmentation, 1000 epochs)
  --model M        ${EVAL_MODELS.join(" | ")} (default convnet3)
  --width N        ConvNet width (default 128); ResNet first-stage channels (default 64)
  --runs N         independent runs (default 3)
  --epochs N       training epochs (default: paper: the paper's table for the images per
                   class; dsa: 1000)
  --seed N         base seed (default 0)
  --optimizer O    adam | sgd (momentum 0.9, weight decay 5e-4) (default: the protocol's)
  --lr X           learning rate (default 0.01)
  --batch N        training batch size (default: paper 64, dsa 256)
  --augment A      full (crop, flip, CutMix) | crop-flip | dsa | none (default: the
                   protocol's: paper full, dsa dsa)
  --data NAME      the real data set: test images, class names and normalisation (default
                   fashion-mnist)
  --help

The class folders are named as the data set's classes (or their folder-safe names, e.g.
T-shirt_top) or numbered 0..K-1; every class needs a folder with at least one image.`;

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
      protocol: { type: "string", default: "paper" },
      model: { type: "string", default: "convnet3" },
      width: { type: "string" },
      runs: { type: "string", default: "3" },
      epochs: { type: "string" },
      seed: { type: "string", default: "0" },
      optimizer: { type: "string" },
      lr: { type: "string" },
      batch: { type: "string" },
      augment: { type: "string" },
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

const protocol = v.protocol as EvalProtocol;
if (!EVAL_PROTOCOLS.includes(protocol)) fail(`unknown --protocol ${v.protocol}`);
const model = v.model as EvalModel;
if (!EVAL_MODELS.includes(model)) fail(`unknown --model ${v.model}`);
if (v.optimizer !== undefined && v.optimizer !== "adam" && v.optimizer !== "sgd") {
  fail(`unknown --optimizer ${v.optimizer}`);
}
const augments: Record<string, EvalAugment | false> = {
  full: { dsa: null },
  "crop-flip": { dsa: null, cutmix: false },
  dsa: { dsa: DSA_STRATEGY },
  none: false,
};
if (v.augment !== undefined && !(v.augment in augments)) fail(`unknown --augment ${v.augment}`);
const lr = v.lr === undefined ? undefined : Number(v.lr);
if (lr !== undefined && !(lr > 0)) fail(`--lr must be a positive number, got ${v.lr}`);
const options: EvalOptions = {
  protocol,
  model,
  width: int("width", v.width, 1),
  runs: int("runs", v.runs, 1)!,
  epochs: int("epochs", v.epochs, 1),
  seed: int("seed", v.seed, 0)!,
  optimizer: v.optimizer as "adam" | "sgd" | undefined,
  lr,
  batchSize: int("batch", v.batch, 1),
  ...(v.augment !== undefined ? { augment: augments[v.augment] } : {}),
};

await startGpu("eval");
const test = await loadDataset(v.data, "test");
const realTrain = await loadDataset(v.data, "train");
const stats = channelStats(realTrain);
/** Evaluates one distilled ImageFolder; returns its mean and std. */
async function evaluateFolder(folder: string): Promise<{ mean: number; std: number }> {
  const { dataset: distilled, match } = await readDistilledFolder(folder, test, v.data);
  const counts = classCounts(distilled);
  const ipc = Math.ceil(distilled.n / counts.length);
  const s = evalSettings(ipc, options);
  console.log(
    `distilled: ${distilled.n} images (${counts.join("/")} per class; classes matched by ` +
      `${match === "integers" ? "number" : "name"}) from ${distilled.source}; test: ${test.n} ` +
      `images from ${test.source}`,
  );
  console.log(
    `${protocolSummary(s)}, ${s.epochs} epochs${
      s.passes !== s.epochs ? ` (${s.passes} passes, as the reference's loop)` : ""
    }, ${s.runs} runs, stats mean [${stats.mean.map((m) => m.toFixed(3))}] std [${
      stats.std.map((x) => x.toFixed(3))
    }]`,
  );
  const diffs = protocolDifferences({ ...s, ipc, testImages: test.n });
  console.log(
    diffs.length
      ? `differences from the ${protocol} protocol's reference: ${diffs.join("; ")}`
      : `this is the ${protocol} protocol's reference`,
  );

  const stop = new AbortController();
  Deno.addSignalListener("SIGINT", () => {
    if (stop.signal.aborted) Deno.exit(130);
    console.log("\ninterrupted: stopping after this step (Ctrl-C again to kill)");
    stop.abort();
  });
  let last = performance.now();
  const result = await evaluateDistilled(distilled, test, {
    ...options,
    stats,
    signal: stop.signal,
    progress: (run, epoch, loss) => {
      const now = performance.now();
      console.log(
        `run ${run + 1}/${s.runs} epoch ${epoch}/${s.passes} loss ${loss.toFixed(4)} ` +
          `(${((now - last) / 1000).toFixed(1)} s)`,
      );
      last = now;
    },
    onRunEnd: (run, acc) =>
      console.log(`run ${run + 1}/${s.runs}: test accuracy ${acc.toFixed(2)}%`),
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
    `accuracy ${result.mean.toFixed(2)} +- ${result.std.toFixed(2)} over ${s.runs} runs ` +
      `(protocol ${protocol})`,
  );
  const byClass = meanByClass(result.perClass).map((a, c) => `${test.classes[c]} ${a.toFixed(1)}`);
  console.log(`per class (mean over runs): ${byClass.join(", ")}`);
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
