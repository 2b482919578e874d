/**
 * Class-balanced sampling into an ImageFolder on disk, one batch at a time, so that a long
 * run survives an interruption (1,000 samples at 250 steps with guidance take hours on
 * llvmpipe).
 *
 * Batch `b` holds the same number of images of every class (`floor(batch / classes)`, fewer
 * in the last batch), is sampled with seed `seed + b`, and is written atomically to
 * `<dir>/batch-<b>/<class>/<i>.png`, with a `sampling.json` that records the settings. A rerun
 * with the same settings reads the batches already there and samples only the missing ones;
 * a batch sampled with other settings is an error that names its file. The images returned are
 * always those read back from the PNGs, so a resumed run and an uninterrupted one evaluate the
 * same bytes.
 *
 * @example
 * const prior = await loadPrior(SHIPPED_PRIOR);
 * const ds = await sampleToFolder(prior, "runs/q/samples", { perClass: 100, steps: 250, cfg: 4 });
 * ds.n; // 1000, batch by batch, each batch class by class
 *
 * `deno task sample` writes one ImageFolder and a grid instead, and refuses a folder that is
 * not empty ({@link checkSampleOutput}), so that old and new samples never mix.
 * @module
 */
import { concatImages, type Dataset } from "../data/dataset.ts";
import { readImageFolder } from "../data/image_folder.ts";
import { writeFileAtomic } from "../io/atomic.ts";
import { classFolderName, writeImageFolder } from "../io/images.ts";
import { generateDataset } from "./generate.ts";
import type { Prior } from "./prior.ts";

/** Options of {@link sampleToFolder}. */
export interface SampleFolderOptions {
  /** Images per class in all. */
  perClass: number;
  /** Sampling steps after respacing (default 250). */
  steps?: number;
  method?: "ddpm" | "ddim";
  /** Classifier-free guidance weight (default 0). */
  cfg?: number;
  /** Seed of batch 0; batch b uses seed + b (default 0). */
  seed?: number;
  /** Images per batch, rounded down to a multiple of the class count (default 100). */
  batch?: number;
  /**
   * What identifies the prior (`prior-quality` gives the SHA-256 of its file), recorded in each
   * batch's `sampling.json` and compared on resume, beside the prior's step.
   */
  priorId?: string;
  /** Called after each batch: images done, total, and whether the batch was read from disk. */
  onBatch?: (done: number, total: number, resumed: boolean) => void;
}

/** The settings a batch was sampled with, as written to its `sampling.json`. */
export interface BatchSettings {
  priorId: string;
  priorStep: number;
  steps: number;
  method: "ddpm" | "ddim";
  cfg: number;
  seed: number;
  perClass: number;
  classes: string[];
}

/** Folder of batch `b` inside `dir`. */
export function batchFolder(dir: string, b: number): string {
  return `${dir}/batch-${String(b).padStart(3, "0")}`;
}

/**
 * Samples `perClass` images of every class of a class-conditional prior into `dir`, resuming
 * from the batches already there; returns all of them (pixels in [0, 1], as read from the
 * PNGs), batch by batch.
 */
export async function sampleToFolder(
  prior: Prior,
  dir: string,
  opts: SampleFolderOptions,
): Promise<Dataset> {
  const classes = prior.config.classNames;
  if (classes.length === 0) {
    throw new Error(`sampleToFolder: the prior is unconditional; it needs class names`);
  }
  if (!(Number.isInteger(opts.perClass) && opts.perClass > 0)) {
    throw new Error(`sampleToFolder: perClass must be a positive integer, got ${opts.perClass}`);
  }
  const perBatch = Math.max(1, Math.floor((opts.batch ?? 100) / classes.length));
  const batches = Math.ceil(opts.perClass / perBatch);
  const folders = classes.map(classFolderName);
  const den = prior.denoiser;
  const parts: Dataset[] = [];
  for (let b = 0; b < batches; b++) {
    const perClass = Math.min(perBatch, opts.perClass - b * perBatch);
    const want: BatchSettings = {
      priorId: opts.priorId ?? "",
      priorStep: prior.step,
      steps: opts.steps ?? 250,
      method: opts.method ?? "ddpm",
      cfg: opts.cfg ?? 0,
      seed: (opts.seed ?? 0) + b,
      perClass,
      classes,
    };
    const folder = batchFolder(dir, b);
    const resumed = await readSettings(folder);
    if (resumed) {
      checkSettings(`${folder}/sampling.json`, resumed, want);
    } else {
      const labels = Int32Array.from(
        { length: classes.length * perClass },
        (_, i) => Math.floor(i / perClass),
      );
      const ds = await generateDataset(prior, {
        labels,
        steps: want.steps,
        method: want.method,
        cfg: want.cfg,
        seed: want.seed,
        batch: labels.length,
      });
      // write everything into a temporary folder, then rename it: a batch folder is whole
      const tmp = `${dir}/.batch-${b}.tmp-${Deno.pid}`;
      await Deno.remove(tmp, { recursive: true }).catch(() => {});
      await writeImageFolder(tmp, ds);
      await writeFileAtomic(`${tmp}/sampling.json`, JSON.stringify(want, null, 2) + "\n");
      await Deno.rename(tmp, folder);
    }
    const part = await readImageFolder(folder, {
      classes: folders,
      channels: den.channels as 1 | 3,
      size: den.size,
    });
    if (part.n !== classes.length * perClass) {
      throw new Error(
        `${folder}: holds ${part.n} images, ${classes.length * perClass} expected ` +
          `(${perClass} per class); delete the folder to sample it again`,
      );
    }
    parts.push(part);
    opts.onBatch?.(
      classes.length * Math.min(opts.perClass, (b + 1) * perBatch),
      classes.length * opts.perClass,
      resumed !== null,
    );
  }
  return {
    ...concatImages(parts),
    channels: den.channels,
    height: den.size,
    width: den.size,
    classes,
  };
}

async function readSettings(folder: string): Promise<BatchSettings | null> {
  let text;
  try {
    text = await Deno.readTextFile(`${folder}/sampling.json`);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
    const exists = await Deno.stat(folder).then(() => true, () => false);
    if (exists) {
      throw new Error(
        `${folder}: exists but has no sampling.json (an unfinished batch?); delete it to ` +
          `sample it again`,
      );
    }
    return null;
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${folder}/sampling.json: not valid JSON: ${(e as Error).message}`);
  }
}

function checkSettings(file: string, got: BatchSettings, want: BatchSettings): void {
  for (const k of Object.keys(want) as (keyof BatchSettings)[]) {
    if (JSON.stringify(got[k]) !== JSON.stringify(want[k])) {
      throw new Error(
        `${file}: this batch was sampled with ${k} = ${JSON.stringify(got[k])}, this run asks ` +
          `for ${JSON.stringify(want[k])}; delete the folder or choose another output folder`,
      );
    }
  }
}

/**
 * Checks that `dir` (the `--out` of `deno task sample`) can take new samples, and returns the
 * entries to remove first: none when `dir` is missing or empty. A folder that is not empty is
 * an error naming it, unless `overwrite`; then it must look like a sample folder (only class
 * folders of PNGs, and grid.png), or it is an error naming the first entry that does not.
 *
 * @example
 * const stale = await checkSampleOutput("runs/samples", true); // ["Bag", "grid.png"]
 * for (const e of stale) await Deno.remove(`runs/samples/${e}`, { recursive: true });
 */
export async function checkSampleOutput(dir: string, overwrite = false): Promise<string[]> {
  const entries: Deno.DirEntry[] = [];
  try {
    for await (const e of Deno.readDir(dir)) entries.push(e);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return [];
    if (e instanceof Deno.errors.NotADirectory) {
      throw new Error(`${dir}: exists and is not a folder; --out needs a folder`);
    }
    throw new Error(`${dir}: cannot read the output folder: ${(e as Error).message}`);
  }
  if (entries.length === 0) return [];
  const names = entries.map((e) => e.name).sort();
  if (!overwrite) {
    const shown = names.slice(0, 5).join(", ") + (names.length > 5 ? ", ..." : "");
    throw new Error(
      `${dir}: the output folder is not empty (${names.length} entries: ${shown}); new samples ` +
        `would mix with the old ones: choose another --out, or pass --overwrite to replace ` +
        `the samples there`,
    );
  }
  const refuse = (path: string, why: string) =>
    new Error(
      `${dir}: --overwrite refuses to empty it: ${path} ${why}, so it does not look like a ` +
        `sample folder (class folders of PNGs and grid.png); choose another --out`,
    );
  for (const e of entries) {
    const path = `${dir}/${e.name}`;
    if (e.name === "grid.png" && e.isFile) continue;
    if (!e.isDirectory) throw refuse(path, "is not a class folder or grid.png");
    for await (const f of Deno.readDir(path)) {
      if (!(f.isFile && f.name.endsWith(".png"))) {
        throw refuse(`${path}/${f.name}`, "is not a PNG file");
      }
    }
  }
  return names;
}
