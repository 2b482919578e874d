/**
 * The inputs of a distill run, checked before any long work starts: the methods, the IPCs
 * and their per-IPC settings, the training and evaluation splits, the prior (its image size
 * and classes against the data) and the data key that every stage's cache key holds.
 *
 * @example
 * const inputs = await distillInputs(config, console.log);
 * inputs.train.n; // training images
 * @module
 */
import { isAbsolute, relative } from "node:path";
import { classCounts, type Dataset } from "../data/dataset.ts";
import { loadDataset } from "../data/datasets.ts";
import { holdOutValidation } from "../data/split.ts";
import type { Prior } from "../diffusion/prior.ts";
import { loadPrior, SHIPPED_PRIOR } from "../diffusion/prior_file.ts";
import type { DistillConfig } from "./distill_config.ts";
import { anyNeeds, type Method, METHODS } from "./methods.ts";
import { hashFile, perIpc } from "./stage.ts";

/** What {@link distillInputs} checked and loaded. */
export interface DistillInputs {
  methods: Method[];
  train: Dataset;
  /** The test set, or the validation split held out of the training set. */
  test: Dataset;
  classes: number;
  /** Some method samples from the prior. */
  generative: boolean;
  /** The prior (null when no method needs it); the caller disposes its parameters. */
  prior: Prior | null;
  priorPath: string;
  /** SHA-256 of the prior file ("" without a prior). */
  priorHash: string;
  /** The data set's part of every stage key. */
  dataKey: Record<string, unknown>;
}

/**
 * Checks the config's methods and IPCs, loads the splits and the prior, and checks them
 * against each other; errors name the key, the file or the class.
 */
export async function distillInputs(
  c: DistillConfig,
  log: (line: string) => void,
): Promise<DistillInputs> {
  const methods = c.methods.map((m) => {
    if (!(METHODS as readonly string[]).includes(m)) {
      throw new Error(`distill: unknown method "${m}"; choose from ${METHODS.join(", ")}`);
    }
    return m as Method;
  });
  c.ipc.forEach((ipc, i) => {
    if (!Number.isInteger(ipc) || ipc < 1) {
      throw new Error(`distill: ipc must be positive integers, got ${ipc}`);
    }
    perIpc(c.igds.beta, i, "igds.beta", c.ipc.length, "distill");
    perIpc(c.eval.epochs, i, "eval.epochs", c.ipc.length, "distill");
  });
  // data
  const { train, test } = await loadSplits(c.data);
  const classes = train.classes.length;
  log(
    c.data.validation
      ? `data: ${train.n} training images, evaluated on ${test.n} held out of the training ` +
        `set (validation split, seed ${c.data.validationSeed}; the test set is not read)`
      : `data: ${train.n} training and ${test.n} test images (${train.source})`,
  );
  const counts = classCounts(train);
  if (anyNeeds(methods, "subset")) {
    const ipcMax = Math.max(...c.ipc);
    const small = counts.findIndex((n) => n < ipcMax);
    if (small >= 0) {
      throw new Error(
        `distill: ipc ${ipcMax} is larger than class "${train.classes[small]}" (${counts[small]} ` +
          `images) of ${train.source}; the subset baselines cannot pick that many`,
      );
    }
  }
  // prior
  const generative = anyNeeds(methods, "prior");
  let prior: Prior | null = null;
  let priorHash = "";
  const priorPath = c.prior.path || decodeURIComponent(SHIPPED_PRIOR.pathname);
  if (generative) {
    prior = await loadPrior(priorPath);
    const u = prior.config.unet;
    if (u.size !== train.height || u.size !== train.width || u.channels !== train.channels) {
      throw new Error(
        `distill: the prior ${priorPath} makes ${u.channels}x${u.size}x${u.size} images, but ` +
          `${c.data.name} has ${train.channels}x${train.height}x${train.width}`,
      );
    }
    if ((u.classes ?? 0) !== classes) {
      throw new Error(
        `distill: the prior ${priorPath} has ${
          u.classes ?? 0
        } classes, ${c.data.name} has ${classes}`,
      );
    }
    priorHash = await hashFile(priorPath);
    log(`prior: ${priorPath} (step ${prior.step})`);
  }
  const dataKey = {
    name: c.data.name,
    bundled: c.data.bundled,
    n: train.n,
    // absent without a split, so that the stages of earlier runs keep their keys
    ...(c.data.validation
      ? { validation: c.data.validation, validationSeed: c.data.validationSeed }
      : {}),
  };
  return { methods, train, test, classes, generative, prior, priorPath, priorHash, dataKey };
}

/**
 * The training set and the set evaluations score on: the test set, or, with
 * `data.validation`, a class-balanced split held out of the training set (the test set is
 * then not read at all).
 */
export async function loadSplits(
  d: { name: string; bundled: boolean; validation: number; validationSeed: number },
): Promise<{ train: Dataset; test: Dataset }> {
  const train = await loadDataset(d.name, "train", { bundled: d.bundled });
  if (!d.validation) {
    return { train, test: await loadDataset(d.name, "test", { bundled: d.bundled }) };
  }
  const split = holdOutValidation(train, d.validation, d.validationSeed);
  return { train: split.train, test: split.validation };
}

/** `path` relative to the working directory when it lies inside it (reports stay portable). */
export function relativeToCwd(path: string): string {
  const r = relative(Deno.cwd(), path);
  return r.startsWith("..") || isAbsolute(r) ? path : r;
}
