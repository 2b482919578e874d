/**
 * A seeded, class-balanced validation split held out of a training set, for choosing
 * hyper-parameters without looking at the test set.
 *
 * @example
 * const { train: fit, validation } = holdOutValidation(train, 5000, 0);
 * // fit: 55,000 images; validation: 500 of each of the 10 classes
 * @module
 */
import { HostRng } from "../ops/host_rng.ts";
import { classCounts, type Dataset, subsetDataset } from "./dataset.ts";

/** The two parts of {@link holdOutValidation}. */
export interface ValidationSplit {
  /** The training set without the held-out images (original order). */
  train: Dataset;
  /** `count` images, `count / classes` of each class, in the order they were drawn. */
  validation: Dataset;
}

/**
 * Holds `count` images out of `ds`, the same number of each class, drawn by a seeded
 * permutation (Philox, the same on every host). `count` must be a multiple of the number of
 * classes and leave every class at least one training image.
 *
 * @example
 * holdOutValidation(train, 1000, 0).validation.n; // 1000
 */
export function holdOutValidation(ds: Dataset, count: number, seed: number): ValidationSplit {
  const k = ds.classes.length;
  if (!Number.isInteger(count) || count < k || count % k !== 0) {
    throw new Error(
      `holdOutValidation: ${count} validation images must be a positive multiple of the ` +
        `${k} classes of ${ds.source ?? "the data set"}`,
    );
  }
  const per = count / k;
  const counts = classCounts(ds);
  const small = counts.findIndex((c) => c <= per);
  if (small >= 0) {
    throw new Error(
      `holdOutValidation: class "${ds.classes[small]}" has ${counts[small]} images; holding ` +
        `${per} out would leave ${counts[small] - per} for training`,
    );
  }
  const taken = new Array<number>(k).fill(0);
  const held = new Uint8Array(ds.n);
  const validation: number[] = [];
  for (const i of new HostRng(seed).permutation(ds.n)) {
    const y = ds.labels[i];
    if (taken[y] < per) {
      taken[y]++;
      held[i] = 1;
      validation.push(i);
    }
  }
  const rest = Int32Array.from({ length: ds.n }, (_, i) => i).filter((i) => !held[i]);
  const source = ds.source ?? "data set";
  return {
    train: {
      ...subsetDataset(ds, rest),
      source: `${source} (less ${count} held out for validation, seed ${seed})`,
    },
    validation: {
      ...subsetDataset(ds, Int32Array.from(validation)),
      source: `${source} (validation: ${count} held out, seed ${seed})`,
    },
  };
}
