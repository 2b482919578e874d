/**
 * deno task train-ve [--config file.yaml] [--data fashion-mnist] [--bundled] [--out runs/ve]
 *   [--train.epochs 20] [--encoder.width 32] ...
 *
 * Trains the variational estimator (encoder by Algorithm 2, then the linear classifier and
 * Q^y), prints the estimates (I(X;Y) bound, H(X|Y) estimate, accuracy, classifier rank) on the
 * training and test splits, and writes `<out>/ve.safetensors` and `<out>/estimates.json`
 * atomically. Every config key is also a flag (`--help` lists them).
 */
import { handleErrors, startGpu, taskArgs } from "../lib/io/cli.ts";
import { assertAboveChance } from "../lib/eval/chance.ts";
import { loadDataset } from "../lib/data/datasets.ts";
import {
  disposeVE,
  estimateInformation,
  type InformationEstimates,
  trainVE,
  VE_SCHEMA,
} from "../lib/igds/ve.ts";
import { saveVE } from "../lib/igds/ve_file.ts";
import { writeFileAtomic } from "../lib/io/atomic.ts";
import { describeSchema, loadConfig } from "../lib/io/config.ts";

handleErrors();

if (taskArgs().includes("--help")) {
  console.log("deno task train-ve [--config file.yaml] [--key value ...]\n");
  console.log(describeSchema(VE_SCHEMA));
  Deno.exit(0);
}
const { config, positionals } = await loadConfig(VE_SCHEMA, taskArgs());
if (positionals.length) throw new Error(`train-ve: unexpected arguments ${positionals.join(" ")}`);
await startGpu("train-ve");
const train = await loadDataset(config.data, "train", { bundled: config.bundled });
const test = await loadDataset(config.data, "test", { bundled: config.bundled });
const hasTest = test.source !== train.source;
console.log(
  `data: ${train.n} training images from ${train.source}` +
    (hasTest ? `, ${test.n} test images from ${test.source}` : " (no separate test split)"),
);
const stop = new AbortController();
Deno.addSignalListener("SIGINT", () => {
  console.log("\ninterrupted: finishing the current phase early (Ctrl-C again to kill)");
  if (stop.signal.aborted) Deno.exit(130);
  stop.abort();
});
const t0 = performance.now();
const ve = await trainVE(train, config, { log: console.log, signal: stop.signal });
const seconds = (performance.now() - t0) / 1000;
const show = (name: string, e: InformationEstimates) =>
  console.log(
    `${name}: accuracy ${(100 * e.accuracy).toFixed(2)}%  I(X;Y) >= ${e.I.toFixed(4)} ` +
      `(H(Y_hat) ${e.HYhat.toFixed(4)} + E log P ${e.ElogP.toFixed(4)}; H(Y) ${
        e.HY.toFixed(4)
      })  ` +
      `H(X|Y) ~ ${e.H.toFixed(4)} nats  rank ${e.rank.rank}${
        e.rank.full ? " (full)" : " (NOT full)"
      }`,
  );
const estimates: Record<string, InformationEstimates> = {
  train: await estimateInformation(ve, train),
};
show("train", estimates.train);
assertAboveChance(100 * estimates.train.accuracy, train.classes.length, "the trained VE");
if (hasTest) {
  estimates.test = await estimateInformation(ve, test);
  show("test", estimates.test);
}
const path = await saveVE(`${config.out}/ve.safetensors`, ve);
await writeFileAtomic(
  `${config.out}/estimates.json`,
  JSON.stringify(
    {
      units: "nats",
      data: { train: train.source, test: hasTest ? test.source : null },
      steps: ve.steps,
      train_seconds: Math.round(seconds),
      ...estimates,
      config,
    },
    null,
    2,
  ) + "\n",
);
console.log(`wrote ${path} and ${config.out}/estimates.json (${(seconds / 60).toFixed(1)} min)`);
disposeVE(ve);
Deno.exit(0);
