/**
 * The distillation methods as a table: what each needs (the VE, the prior, the VE's features
 * of the training set, a real-subset baseline's images per class), which beta it uses, and how
 * it makes a set. `distill` reads only this table, so adding a method is one entry here (and
 * its name in {@link METHODS}).
 *
 * @example
 * const spec = METHOD_TABLE.igds;
 * spec.needs; // { ve: true, prior: true, subset: false }
 * @module
 */
import { dispose, tidy } from "../autodiff/scope.ts";
import { noGrad } from "../autodiff/tape.ts";
import type { Dataset } from "../data/dataset.ts";
import { Loader, signedRange } from "../data/loader.ts";
import { generateDataset } from "../diffusion/generate.ts";
import type { Prior } from "../diffusion/prior.ts";
import { GuidanceNaNError } from "../diffusion/sampler.ts";
import type { ConfigOf } from "../io/config.ts";
import { linear } from "../nn/layers.ts";
import { fromArray } from "../ops/creation.ts";
import { l2Normalize } from "../ops/infonce.ts";
import { herding, kCenter, randomSubset, subsetDataset } from "./baselines.ts";
import type { DISTILL_SCHEMA } from "./distill_config.ts";
import { merge2x2 } from "./merge.ts";
import { igdsObjective } from "./objective.ts";
import { type VarEstimator, veFeatures } from "./ve.ts";

/**
 * Distillation methods.
 *
 * @example
 * METHODS.includes("igds"); // true: random, herding, kcenter, ddpm, igds-beta0, igds
 */
export const METHODS = ["random", "herding", "kcenter", "ddpm", "igds-beta0", "igds"] as const;
export type Method = typeof METHODS[number];

/** What making one set has at hand. */
export interface MethodContext {
  method: Method;
  ipc: number;
  /** The seed of this set: the config's, or an evaluation run's for a drawn method. */
  seed: number;
  /** This IPC's beta (`igds.beta`); the method's own is {@link MethodSpec.beta}. */
  beta: number;
  c: ConfigOf<typeof DISTILL_SCHEMA>;
  train: Dataset;
  prior: Prior | null;
  ve: VarEstimator | null;
  /** L2-normalised VE features of the training set, computed once when first asked. */
  features: () => Promise<Float32Array>;
  log: (line: string) => void;
}

/** One method: what it needs and how it makes a set. */
export interface MethodSpec {
  needs: {
    /** The variational estimator. */
    ve: boolean;
    /** The diffusion prior (generative methods). */
    prior: boolean;
    /** `ipc` real images of each class (subset baselines: checked before any work). */
    subset: boolean;
  };
  /**
   * Whether its set is a random draw: then every evaluation run draws its own set (with the
   * run's seed), so that its mean and spread are over draws, not over one lucky draw.
   */
  drawn: boolean;
  /** The beta it guides with (null: not guided), from this IPC's `igds.beta`. */
  beta: (ipcBeta: number) => number | null;
  /** Makes the set: `ipc` images per class, labels in class order. */
  make: (ctx: MethodContext) => Promise<Dataset>;
  /**
   * The method whose set at this IPC is this one's, bit for bit, under config `c` with this
   * IPC's beta (null: none). A run that has both computes and evaluates the set once.
   */
  sameSetAs?: (c: ConfigOf<typeof DISTILL_SCHEMA>, ipc: number, ipcBeta: number) => Method | null;
}

const subsetBy = (
  pick: (ctx: MethodContext, features: Float32Array | null) => Int32Array,
  features: boolean,
  drawn = false,
): MethodSpec => ({
  needs: { ve: features, prior: false, subset: true },
  drawn,
  beta: () => null,
  make: async (ctx) => subsetDataset(ctx.train, pick(ctx, features ? await ctx.features() : null)),
});

/**
 * Whether any of `methods` needs `what` (names not in the table need nothing).
 *
 * @example
 * anyNeeds(["random", "igds"], "prior"); // true
 */
export function anyNeeds(methods: readonly string[], what: keyof MethodSpec["needs"]): boolean {
  return methods.some((m) => METHOD_TABLE[m as Method]?.needs[what] ?? false);
}

/** The table `distill` runs: every method of {@link METHODS}. */
export const METHOD_TABLE: Readonly<Record<Method, MethodSpec>> = {
  random: subsetBy(
    ({ train, ipc, seed }) => randomSubset(train.labels, train.classes.length, ipc, seed),
    false,
    true,
  ),
  herding: subsetBy(
    ({ train, ipc, ve }, f) =>
      herding(f!, ve!.featureSize, train.labels, train.classes.length, ipc),
    true,
  ),
  kcenter: subsetBy(
    ({ train, ipc, ve }, f) =>
      kCenter(f!, ve!.featureSize, train.labels, train.classes.length, ipc),
    true,
  ),
  ddpm: {
    needs: { ve: false, prior: true, subset: false },
    drawn: false,
    beta: () => null,
    make: (ctx) => generate(ctx, null),
  },
  "igds-beta0": {
    needs: { ve: true, prior: true, subset: false },
    drawn: false,
    beta: () => 0,
    make: (ctx) => generate(ctx, 0),
  },
  igds: {
    needs: { ve: true, prior: true, subset: false },
    drawn: false,
    beta: (b) => b,
    make: (ctx) => generate(ctx, ctx.beta),
    // the beta term is the KL of each image to its group's mean (zero for a group of one
    // image: IPC 1 without the merge) or to the VE's class prototype; at beta 0, or with
    // nothing to compare, the objective is igds-beta0's (objective.ts)
    sameSetAs: (c, ipc, b) =>
      b === 0 || (ipc === 1 && !c.igds.merge && c.igds.diversity === "group") ? "igds-beta0" : null,
  },
};

/** L2-normalised VE features of a data set (images mapped to [-1, 1]), [n, dim] on the host. */
export async function veTrainFeatures(ve: VarEstimator, ds: Dataset): Promise<Float32Array> {
  const loader = new Loader(ds, {
    batchSize: 256,
    shuffle: false,
    normalize: signedRange(ds.channels),
  });
  const out = new Float32Array(ds.n * ve.featureSize);
  let at = 0;
  for (let b = 0; b < loader.batchesPerEpoch; b++) {
    const batch = loader.next();
    const f = noGrad(() => tidy(() => l2Normalize(veFeatures(ve, batch.images))));
    out.set((await f.data()) as Float32Array, at * ve.featureSize);
    at += batch.images.shape[0];
    dispose([f, batch.images, batch.labels]);
  }
  return out;
}

/**
 * Samples a set from the prior, guided by IGDS with `beta` (null: unguided DDPM). Every
 * generative method uses the same seeds, so they start from the same noise.
 */
async function generate(ctx: MethodContext, beta: number | null): Promise<Dataset> {
  const { c, train, ipc, method, log } = ctx;
  const prior = ctx.prior!, ve = ctx.ve;
  const classes = train.classes.length;
  const per = c.igds.merge ? 4 * ipc : ipc;
  const labels = Int32Array.from({ length: classes * per }, (_, i) => Math.floor(i / per));
  const batch = per * Math.max(1, Math.floor(c.prior.batch / per));
  const t0 = performance.now();
  let ds: Dataset;
  try {
    ds = await generateDataset(prior, {
      labels,
      steps: c.prior.steps,
      method: c.prior.method,
      cfg: c.prior.cfg,
      seed: c.seed,
      batch,
      guidanceFor: beta === null ? undefined : (part) => {
        const y = fromArray(part, [part.length], "i32");
        const encode = (x: Parameters<typeof veFeatures>[1]) => {
          const q = veFeatures(ve!, x);
          return { features: q, logits: linear(ve!.classifier, l2Normalize(q)) };
        };
        return {
          guidance: {
            objective: igdsObjective(encode, y, {
              beta,
              tau: ve!.tau,
              ipc: per,
              entropy: c.igds.entropy,
              restCounts: restOfSet(labels, part, classes),
              diversity: c.igds.diversity,
              logQ: ve!.logQ,
            }),
            scale: c.igds.eta,
            wrt: c.igds.wrt,
            window: [c.igds.window[0] ?? 0, c.igds.window[1] ?? 1],
            scaleX0: c.igds.x0Scale === "sqrt-acp",
            normalize: c.igds.normalize === "per-image",
          },
          dispose: () => y.dispose(),
        };
      },
      onBatch: (done, total) =>
        log(
          `  ${method} ipc ${ipc}: ${done}/${total} images, ${
            ((performance.now() - t0) / 1000).toFixed(0)
          } s`,
        ),
    });
  } catch (e) {
    if (e instanceof GuidanceNaNError) {
      throw new Error(
        `distill: ${method} ipc ${ipc}: the guidance gradient holds NaN or Inf at sampling step ` +
          `${e.step} (t = ${e.timestep}) for class "${
            train.classes[e.label ?? 0]
          }" (image ${e.image}); ` +
          `every finished stage is kept in ${c.out}. Try a smaller igds.eta.`,
      );
    }
    throw e;
  }
  ds = { ...ds, classes: train.classes };
  return c.igds.merge ? merge2x2(ds) : ds;
}

/** Images per class in `all` but not in `part` (the rest of the set a batch belongs to). */
function restOfSet(all: Int32Array, part: Int32Array, classes: number): Float32Array {
  const counts = new Float32Array(classes);
  for (const y of all) counts[y]++;
  for (const y of part) counts[y]--;
  return counts;
}
