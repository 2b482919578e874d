/**
 * Training a diffusion prior: a config schema, and a loop with a time or step budget,
 * periodic atomic checkpoints (weights, EMA, Adam moments, loader and RNG positions) and
 * bit-exact resume after an interruption. The result is `<out>/prior.safetensors` (EMA
 * weights, see {@link savePrior}; rewritten at every checkpoint), `<out>/config.yaml` and
 * `<out>/log.jsonl`.
 *
 * @example
 * const { config } = await loadConfig(PRIOR_SCHEMA, Deno.args);
 * await trainPrior(config, { log: console.log });
 * @module
 */
import { valueAndGrad } from "../autodiff/grad.ts";
import { dispose, keep, leaves } from "../autodiff/scope.ts";
import { HostRng } from "../ops/host_rng.ts";
import { loadDataset } from "../data/datasets.ts";
import { Loader, type LoaderPosition, signedRange } from "../data/loader.ts";
import { writeFileAtomic } from "../io/atomic.ts";
import { loadCheckpoint, saveCheckpoint } from "../io/checkpoint_file.ts";
import { type ConfigOf, configToYaml, field } from "../io/config.ts";
import { readLogLines } from "../io/jsonl.ts";
import { treeFromTensorMap, treeToTensorMap, underPrefix, withPrefix } from "../io/params.ts";
import type { TensorMap } from "../io/safetensors.ts";
import { uNet, type UNetConfig, type UNetParams } from "../nn/unet.ts";
import { fromArray } from "../ops/creation.ts";
import { Rng, type RngState } from "../ops/random.ts";
import { Adam } from "../optim/adam.ts";
import type { Tensor } from "../tensor.ts";
import { diffusionLoss, drawTimesteps, dropLabels, minSnrWeights } from "./ddpm.ts";
import { unetDenoiser } from "./denoiser.ts";
import { Ema } from "./ema.ts";
import type { PriorConfig } from "./prior.ts";
import { savePrior } from "./prior_file.ts";
import { noiseSchedule } from "./schedule.ts";

/**
 * Config of `deno task train-prior`.
 *
 * @example
 * const c = validateConfig(PRIOR_SCHEMA, { train: { steps: 100, minutes: 0 } });
 * c.data.name; // "fashion-mnist"
 */
export const PRIOR_SCHEMA = {
  data: {
    name: field.string("fashion-mnist", "data set name or ImageFolder path"),
    bundled: field.boolean(false, "fashion-mnist: use the bundled subset"),
  },
  model: {
    base: field.integer(16, { doc: "U-Net channels at full resolution", min: 1 }),
    mult: field.numbers([1, 2, 2], "channel multiplier per resolution"),
    blocks: field.integer(1, { doc: "residual blocks per resolution", min: 1 }),
    attentionAt: field.numbers([], "resolutions with self-attention (the middle always has it)"),
    heads: field.integer(1, { min: 1 }),
    groups: field.integer(8, { doc: "group-norm groups", min: 1 }),
    dropout: field.number(0, { min: 0, max: 1 }),
    conditional: field.boolean(true, "class-conditional"),
    labelDropout: field.number(0, { doc: "probability of the null class (CFG)", min: 0, max: 1 }),
  },
  diffusion: {
    schedule: field.choice(["linear", "cosine"] as const, "linear"),
    T: field.integer(1000, { min: 2 }),
  },
  train: {
    batch: field.integer(32, { min: 1 }),
    lr: field.number(1e-3, { min: 0 }),
    warmup: field.integer(100, { doc: "linear learning-rate warm-up steps", min: 0 }),
    decayFrom: field.integer(0, {
      doc: "step at which a cosine decay of the learning rate to lrEnd starts (0: none)",
      min: 0,
    }),
    decaySteps: field.integer(2000, { doc: "length of the cosine decay, in steps", min: 1 }),
    lrEnd: field.number(0, { doc: "learning rate at the end of the decay (and after it)", min: 0 }),
    steps: field.integer(0, { doc: "stop after this many steps (0: no limit)", min: 0 }),
    minutes: field.number(0, { doc: "stop after this much training time (0: no limit)", min: 0 }),
    ema: field.number(0.995, { min: 0, max: 1 }),
    minSnr: field.number(0, {
      doc:
        "Min-SNR-γ loss weighting (Hang et al. 2023): γ, e.g. 5; 0 is the plain mean squared error",
      min: 0,
    }),
    seed: field.integer(0, { min: 0 }),
    checkpointEvery: field.integer(100, { doc: "steps between checkpoints", min: 1 }),
    logEvery: field.integer(10, { doc: "steps between loss readbacks", min: 1 }),
  },
  out: field.string("runs/prior", "output folder"),
};

/** A `train-prior` config. */
export type PriorTrainConfig = ConfigOf<typeof PRIOR_SCHEMA>;

/** One line of `log.jsonl`. */
export interface PriorLogLine {
  step: number;
  epoch: number;
  loss: number;
  lr: number;
  seconds: number;
  images_per_s: number;
}

interface TrainState {
  step: number;
  seconds: number;
  loader: LoaderPosition;
  hostRng: RngState;
  gpuRng: RngState;
  adamT: number;
  emaUpdates: number;
}

/** The U-Net config a train config describes, for `classes` classes. */
export function priorUNetConfig(
  c: PriorTrainConfig,
  channels: number,
  size: number,
  classes: number,
): UNetConfig {
  return {
    channels,
    size,
    base: c.model.base,
    mult: c.model.mult,
    blocks: c.model.blocks,
    attentionAt: c.model.attentionAt,
    heads: c.model.heads,
    groups: c.model.groups,
    dropout: c.model.dropout,
    classes: c.model.conditional ? classes : 0,
  };
}

/**
 * The learning rate of training step `step` (0-based): a linear warm-up over the first
 * `warmup` steps, then `lr`; from step `decayFrom` (when > 0) a cosine decay to `lrEnd` over
 * `decaySteps` steps, then `lrEnd`. A function of the step alone, so a resumed run continues
 * the schedule exactly.
 *
 * @example
 * const t = { lr: 1e-3, warmup: 100, decayFrom: 1000, decaySteps: 500, lrEnd: 1e-4 };
 * priorLearningRate(t, 1250); // 5.5e-4, half-way down the cosine
 */
export function priorLearningRate(
  t: Pick<PriorTrainConfig["train"], "lr" | "warmup" | "decayFrom" | "decaySteps" | "lrEnd">,
  step: number,
): number {
  const warm = t.lr * Math.min(1, (step + 1) / Math.max(1, t.warmup));
  if (t.decayFrom <= 0 || step < t.decayFrom) return warm;
  const f = Math.min(1, (step - t.decayFrom) / t.decaySteps);
  return t.lrEnd + (warm - t.lrEnd) * 0.5 * (1 + Math.cos(Math.PI * f));
}
/**
 * Trains (or resumes training of) a prior; returns the path of `prior.safetensors`.
 * `log` receives progress lines. NaN or Inf in the loss stops the run with the step named;
 * the last checkpoint stays.
 *
 * @example
 * const { config } = await loadConfig(PRIOR_SCHEMA, ["--config", "tasks/configs/prior-fashion-mnist.yaml"]);
 * const file = await trainPrior(config, { log: console.log }); // <out>/prior.safetensors
 */
export async function trainPrior(
  c: PriorTrainConfig,
  opts: { log?: (line: string) => void; signal?: AbortSignal } = {},
): Promise<string> {
  const log = opts.log ?? (() => {});
  const ds = await loadDataset(c.data.name, "train", { bundled: c.data.bundled });
  if (ds.height !== ds.width) {
    throw new Error(`${ds.source}: images must be square, got ${ds.height}x${ds.width}`);
  }
  const unetConfig = priorUNetConfig(c, ds.channels, ds.height, ds.classes.length);
  const priorConfig: PriorConfig = {
    unet: unetConfig,
    schedule: c.diffusion.schedule,
    T: c.diffusion.T,
    classNames: c.model.conditional ? ds.classes : [],
    data: ds.source ?? c.data.name,
  };
  await Deno.mkdir(c.out, { recursive: true });
  const ckptPath = `${c.out}/checkpoint.safetensors`;
  const logPath = `${c.out}/log.jsonl`;
  const net = uNet(unetConfig, new Rng(c.train.seed));
  const den = unetDenoiser(net);
  const schedule = noiseSchedule(c.diffusion.schedule, c.diffusion.T);
  let state: TrainState = {
    step: 0,
    seconds: 0,
    loader: { epoch: 0, index: 0, seed: c.train.seed },
    hostRng: { seed: c.train.seed + 1, counter: 0 },
    gpuRng: { seed: c.train.seed + 2, counter: 0 },
    adamT: 0,
    emaUpdates: 0,
  };
  const opt = new Adam(net.params, { lr: c.train.lr });
  const ema = new Ema(net.params, c.train.ema);
  let logLines: string[] = [];
  if (await exists(ckptPath)) {
    const ck = await loadCheckpoint(ckptPath);
    const saved = ck.config as { train: PriorConfig; data?: { source?: string; n: number } };
    if (saved?.data && (saved.data.source !== ds.source || saved.data.n !== ds.n)) {
      throw new Error(
        `${ckptPath}: the checkpoint was trained on ${saved.data.n} images from ` +
          `${saved.data.source}, this run loads ${ds.n} from ${ds.source}` +
          (c.data.name === "fashion-mnist"
            ? " (the full set needs Debian's dataset-fashion-mnist package)"
            : "") +
          "; resume with the same data, or use another --out",
      );
    }
    if (JSON.stringify(saved?.train?.unet) !== JSON.stringify(unetConfig)) {
      throw new Error(
        `${ckptPath}: the checkpoint's U-Net ${JSON.stringify(saved?.train?.unet)} differs from ` +
          `the config's ${JSON.stringify(unetConfig)}; use another --out or remove the checkpoint`,
      );
    }
    const params = treeFromTensorMap(net.params, underPrefix("params.", ck.tensors), ckptPath);
    const emaParams = treeFromTensorMap(net.params, underPrefix("ema.", ck.tensors), ckptPath);
    const m = treeFromTensorMap(opt.m, underPrefix("adam.m.", ck.tensors), ckptPath);
    const v = treeFromTensorMap(opt.v, underPrefix("adam.v.", ck.tensors), ckptPath);
    dispose([net.params, ema.params]);
    opt.dispose();
    net.params = keep(params);
    opt.m.splice(0, opt.m.length, ...keep(m));
    opt.v.splice(0, opt.v.length, ...keep(v));
    ema.params = keep(emaParams);
    state = ck.rng as TrainState;
    opt.t = state.adamT;
    ema.updates = state.emaUpdates;
    // keep the log lines up to the checkpoint
    logLines = await readLogLines(logPath, state.step);
    log(
      `resuming from ${ckptPath} at step ${state.step} (${
        (state.seconds / 60).toFixed(1)
      } min trained)`,
    );
  }
  const loader = new Loader(ds, {
    batchSize: c.train.batch,
    dropLast: true,
    normalize: signedRange(ds.channels),
    position: state.loader,
  });
  const hostRng = new HostRng(state.hostRng);
  const gpuRng = new Rng(state.gpuRng);
  const lossAndGrad = valueAndGrad(
    (p: UNetParams, x0: Tensor, labels: Tensor | undefined, t: Int32Array, noise: Tensor) =>
      diffusionLoss(
        den,
        p,
        schedule,
        x0,
        labels,
        t,
        noise,
        gpuRng,
        c.train.minSnr > 0 ? minSnrWeights(schedule, t, c.train.minSnr) : undefined,
      ),
  );
  const save = async () => {
    state = {
      ...state,
      loader: loader.position,
      hostRng: hostRng.state(),
      gpuRng: gpuRng.state(),
      adamT: opt.t,
      emaUpdates: ema.updates,
    };
    const tensors: TensorMap = {
      ...withPrefix("params.", await treeToTensorMap(net.params)),
      ...withPrefix("ema.", await treeToTensorMap(ema.params)),
      ...withPrefix("adam.m.", await treeToTensorMap(opt.m)),
      ...withPrefix("adam.v.", await treeToTensorMap(opt.v)),
    };
    await saveCheckpoint(ckptPath, {
      tensors,
      step: state.step,
      config: { train: { ...c, unet: unetConfig }, data: { source: ds.source, n: ds.n } },
      rng: state,
    });
    await writeFileAtomic(logPath, logLines.map((l) => l + "\n").join(""));
    // a usable prior at every checkpoint, so an interrupted run can already be sampled
    await savePrior(`${c.out}/prior.safetensors`, priorConfig, ema.params, state.step, {
      train_seconds: String(Math.round(state.seconds)),
    });
  };
  await writeFileAtomic(`${c.out}/config.yaml`, configToYaml(c));
  const nParams = leaves(net.params).reduce((a, t) => a + t.size, 0);
  log(
    `prior: U-Net ${JSON.stringify(unetConfig)}, ${nParams} parameters; ${ds.n} images from ` +
      `${ds.source}; batch ${c.train.batch}`,
  );
  const done = () =>
    (c.train.steps > 0 && state.step >= c.train.steps) ||
    (c.train.minutes > 0 && state.seconds >= c.train.minutes * 60) || opts.signal?.aborted;
  let windowStart = performance.now();
  let windowImages = 0;
  let pending: { step: number; loss: Tensor; epoch: number; lr: number }[] = [];
  while (!done()) {
    const t0 = performance.now();
    const batch = loader.next();
    const t = drawTimesteps(hostRng, c.train.batch, c.diffusion.T);
    const labelArr = c.model.conditional
      ? dropLabels(
        hostRng,
        Int32Array.from(batch.indices, (i) => ds.labels[i]),
        ds.classes.length,
        c.model.labelDropout,
      )
      : undefined;
    const labels = labelArr ? fromArray(labelArr, [labelArr.length], "i32") : undefined;
    const noise = gpuRng.normal(batch.images.shape);
    const lr = priorLearningRate(c.train, state.step);
    const { value, grads } = lossAndGrad(net.params, batch.images, labels, t, noise);
    opt.step(net.params, grads, lr);
    dispose([grads, noise, labels, batch.images, batch.labels]);
    ema.update(net.params);
    state.step++;
    pending.push({ step: state.step, loss: value, epoch: batch.epoch, lr });
    windowImages += c.train.batch;
    state.seconds += (performance.now() - t0) / 1000;
    if (state.step % c.train.logEvery === 0 || done()) {
      const tLog = performance.now();
      for (const p of pending) {
        const loss = await p.loss.item();
        p.loss.dispose();
        if (!Number.isFinite(loss)) {
          throw new Error(
            `train-prior: loss is ${loss} at step ${p.step}; the last checkpoint (${ckptPath}) is kept`,
          );
        }
        const now = performance.now();
        const line: PriorLogLine = {
          step: p.step,
          epoch: p.epoch,
          loss,
          lr: p.lr,
          seconds: Math.round(state.seconds * 10) / 10,
          images_per_s: Math.round((windowImages / ((now - windowStart) / 1000)) * 100) / 100,
        };
        logLines.push(JSON.stringify(line));
      }
      const last = JSON.parse(logLines.at(-1)!) as PriorLogLine;
      log(
        `step ${state.step} epoch ${last.epoch} loss ${last.loss.toFixed(4)} lr ${
          last.lr.toExponential(2)
        } ` +
          `${last.images_per_s} img/s, ${(state.seconds / 60).toFixed(1)} min`,
      );
      pending = [];
      windowStart = performance.now();
      windowImages = 0;
      // the readback waited for the GPU: that is training time too
      state.seconds += (windowStart - tLog) / 1000;
    }
    if (state.step % c.train.checkpointEvery === 0) await save();
  }
  for (const p of pending) p.loss.dispose();
  await save();
  const out = `${c.out}/prior.safetensors`;
  log(`wrote ${out} (EMA weights, step ${state.step}, ${(state.seconds / 60).toFixed(1)} min)`);
  dispose([net.params]);
  ema.dispose();
  opt.dispose();
  return out;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}
