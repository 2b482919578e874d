/**
 * deno task train-prior [--config tasks/configs/prior-fashion-mnist.yaml] [--train.minutes 90] ...
 *
 * Trains a class-conditional DDPM prior; rerun with the same --out to resume.
 * Every config key is also a flag (`--help` lists them).
 */
import { handleErrors, startGpu, taskArgs } from "../lib/io/cli.ts";
import { describeSchema, loadConfig } from "../lib/io/config.ts";
import { PRIOR_SCHEMA, trainPrior } from "../lib/diffusion/train.ts";

handleErrors();

if (taskArgs().includes("--help")) {
  console.log("deno task train-prior [--config file.yaml] [--key value ...]\n");
  console.log(describeSchema(PRIOR_SCHEMA));
  Deno.exit(0);
}
const { config, positionals } = await loadConfig(PRIOR_SCHEMA, taskArgs());
if (positionals.length) {
  throw new Error(`train-prior: unexpected arguments ${positionals.join(" ")}`);
}
// the U-Net's training step measured 1.04-1.20x faster at 512 bits (results/benchmarks.md)
await startGpu("train-prior", { wideVectors: true });
const stop = new AbortController();
Deno.addSignalListener("SIGINT", () => {
  console.log("\ninterrupted: finishing the step and writing a checkpoint (Ctrl-C again to kill)");
  if (stop.signal.aborted) Deno.exit(130);
  stop.abort();
});
await trainPrior(config, { log: console.log, signal: stop.signal });
Deno.exit(0);
