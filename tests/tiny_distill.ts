// A distill config that runs in seconds (a tiny random prior, width-4 evaluation, 1 epoch),
// for the tests of shared run folders (shard_test.ts, slurm_test.ts).
import { dispose } from "../lib/autodiff/scope.ts";
import { savePrior } from "../lib/diffusion/prior_file.ts";
import { DISTILL_SCHEMA, type DistillSummary } from "../lib/igds/distill.ts";
import { validateConfig } from "../lib/io/config.ts";
import { FASHION_MNIST_CLASSES } from "../lib/data/datasets.ts";
import { uNet, type UNetConfig } from "../lib/nn/unet.ts";
import { Rng } from "../lib/ops/random.ts";
import { affine } from "../lib/ops/unary.ts";

export const ROOT = new URL("..", import.meta.url).pathname;

/** A tiny prior with a random output layer, saved under `dir`. */
export async function tinyPrior(dir: string): Promise<string> {
  const unet: UNetConfig = { channels: 1, size: 28, base: 8, mult: [1, 2], groups: 4, classes: 10 };
  const net = uNet(unet, new Rng(0));
  const zeroed = net.params.out.weight;
  const noise = new Rng(1).normal(zeroed.shape);
  net.params.out.weight = affine(noise, 0.05);
  dispose([zeroed, noise]);
  const path = await savePrior(
    `${dir}/prior`,
    { unet, schedule: "linear", T: 1000, classNames: FASHION_MNIST_CLASSES },
    net.params,
    1,
  );
  dispose(net.params);
  return path;
}

/** The tiny config, 2 evaluation runs (seeds) per set, into `out`. */
export const tinyConfig = (out: string, prior: string, extra: Record<string, unknown> = {}) =>
  validateConfig(DISTILL_SCHEMA, {
    data: { bundled: true },
    prior: { path: prior, steps: 2, method: "ddim" },
    ve: { width: 4, depth: 3, dim: 8, epochs: 1, batch: 256, queue: 256, classifierEpochs: 1 },
    methods: ["random", "kcenter", "ddpm", "igds"],
    ipc: [1],
    igds: { beta: [0.1], eta: 0.05 },
    eval: { width: 4, epochs: [1], runs: 2, chanceCheck: false },
    out,
    ...extra,
  });

/** results.json without what differs between runs of one config: times, folder, adapter. */
export function withoutTimes(s: DistillSummary): unknown {
  const copy = JSON.parse(JSON.stringify(s));
  delete copy.seconds;
  delete copy.stages;
  delete copy.adapter;
  delete copy.config.out;
  if (copy.ve) delete copy.ve.seconds;
  for (const r of copy.results) {
    delete r.distillSeconds;
    delete r.evalSeconds;
  }
  return copy;
}

/** `deno task distill` as a child process (no launcher), args after the task. */
export function distillCommand(args: string[]): Deno.Command {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--unstable-webgpu", "tasks/distill.ts", ...args],
    cwd: ROOT,
    env: { XDG_RUNTIME_DIR: Deno.env.get("XDG_RUNTIME_DIR") ?? "/tmp" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  });
}
