/**
 * Class-conditional generation into a host {@link Dataset} (pixels in [0, 1]), in batches,
 * so that the result can be written as an ImageFolder, shown as a grid or evaluated.
 *
 * @example
 * const prior = await loadPrior(SHIPPED_PRIOR);
 * const ds = await generateDataset(prior, { perClass: 10, steps: 250, seed: 0 });
 * await writeImageFolder("out/samples", ds);
 * @module
 */
import type { Dataset } from "../data/dataset.ts";
import type { Prior } from "./prior.ts";
import { type Guidance, GuidanceNaNError, sample, type SampleOptions } from "./sampler.ts";

/** Options of {@link generateDataset}. */
export interface GenerateOptions extends Omit<SampleOptions, "labels" | "n" | "seed"> {
  /** Images per class (all classes), or give `labels`. */
  perClass?: number;
  /** Class of each image. */
  labels?: Int32Array;
  seed?: number;
  /** Images per sampling batch (default 100); batch b uses seed + b. */
  batch?: number;
  /** Called after each batch with the images done so far. */
  onBatch?: (done: number, total: number) => void;
  /**
   * Guidance for one batch, given its labels (overrides `guidance`); `dispose` is called
   * when the batch is done.
   */
  guidanceFor?: (labels: Int32Array) => { guidance: Guidance; dispose(): void };
}

/**
 * Samples images of the given classes; returns them in [0, 1] with their labels.
 *
 * @example
 * const prior = await loadPrior(SHIPPED_PRIOR);
 * const ds = await generateDataset(prior, { perClass: 2, steps: 25, method: "ddim", seed: 0 });
 * await writeImageFolder("out/samples", ds); // out/samples/<class>/<i>.png
 */
export async function generateDataset(prior: Prior, opts: GenerateOptions): Promise<Dataset> {
  const classes = prior.config.classNames;
  const labels = opts.labels ??
    Int32Array.from(
      { length: classes.length * (opts.perClass ?? 1) },
      (_, i) => Math.floor(i / (opts.perClass ?? 1)),
    );
  const den = prior.denoiser;
  const per = den.channels * den.size * den.size;
  const images = new Float32Array(labels.length * per);
  const batch = opts.batch ?? 100;
  for (let b = 0; b * batch < labels.length; b++) {
    const part = labels.subarray(b * batch, Math.min(labels.length, (b + 1) * batch));
    const guided = opts.guidanceFor?.(part);
    let x;
    try {
      x = await sample(den, den.params, prior.schedule, {
        ...opts,
        labels: part,
        seed: (opts.seed ?? 0) + b,
        guidance: guided?.guidance ?? opts.guidance,
      });
    } catch (e) {
      // name the image within the whole set, not the batch
      if (e instanceof GuidanceNaNError) {
        throw new GuidanceNaNError(e.step, e.timestep, b * batch + e.image, e.label);
      }
      throw e;
    } finally {
      guided?.dispose();
    }
    const data = (await x.data()) as Float32Array;
    x.dispose();
    for (let i = 0; i < data.length; i++) {
      images[b * batch * per + i] = Math.min(1, Math.max(0, (data[i] + 1) / 2));
    }
    opts.onBatch?.(b * batch + part.length, labels.length);
  }
  return {
    images,
    labels: Int32Array.from(labels),
    n: labels.length,
    channels: den.channels,
    height: den.size,
    width: den.size,
    classes: classes.length ? classes : ["sample"],
  };
}
