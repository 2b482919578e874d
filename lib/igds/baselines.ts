/**
 * Coreset baselines of the dataset-distillation benchmarks (Zhao et al. 2021): a random
 * real subset, herding and k-center, computed on the host in float64. Each returns
 * `ipc` data set indices per class, classes in label order (class 0's indices first), in
 * selection order within a class; {@link subsetDataset} turns them into a data set.
 *
 * @example
 * const idx = randomSubset(train.labels, train.classes.length, 10, 0);
 * const coreset = subsetDataset(train, idx); // 10 images per class
 * const h = herding(features, 2048, train.labels, 10, 10);  // features [n, 2048] from an encoder
 * @module
 */
import { HostRng } from "../ops/host_rng.ts";
export { subsetDataset } from "../data/dataset.ts";

/**
 * Indices of each class, in ascending order; throws when a label is out of range or a
 * class has fewer than `ipc` examples (naming the class, its count and `ipc`).
 *
 * @example
 * classIndices(Int32Array.of(1, 0, 1), 2, 1); // [Int32Array [1], Int32Array [0, 2]]
 */
export function classIndices(
  labels: Int32Array,
  classes: number,
  ipc: number,
  what = "subset",
): Int32Array[] {
  if (!Number.isSafeInteger(classes) || classes < 1) {
    throw new RangeError(`${what}: classes must be a positive integer, got ${classes}`);
  }
  if (!Number.isSafeInteger(ipc) || ipc < 1) {
    throw new RangeError(`${what}: ipc must be a positive integer, got ${ipc}`);
  }
  const counts = new Array<number>(classes).fill(0);
  labels.forEach((y, i) => {
    if (!(y >= 0 && y < classes)) {
      throw new RangeError(`${what}: example ${i} has label ${y}, outside [0, ${classes})`);
    }
    counts[y]++;
  });
  const out = counts.map((c) => new Int32Array(c));
  const at = new Array<number>(classes).fill(0);
  labels.forEach((y, i) => (out[y][at[y]++] = i));
  counts.forEach((c, y) => {
    if (c < ipc) {
      throw new Error(`${what}: class ${y} has ${c} examples, fewer than ipc ${ipc}`);
    }
  });
  return out;
}

/**
 * `ipc` random examples per class, without repeats: per class (in label order) a
 * {@link HostRng} permutation of its examples, one stream seeded by `seed`. The same seed
 * gives the same subset.
 *
 * @example
 * const idx = randomSubset(train.labels, 10, 1, 0); // one random image per class
 */
export function randomSubset(
  labels: Int32Array,
  classes: number,
  ipc: number,
  seed: number,
): Int32Array {
  const byClass = classIndices(labels, classes, ipc, "randomSubset");
  const rng = new HostRng(seed);
  const out = new Int32Array(classes * ipc);
  byClass.forEach((idx, y) => {
    const perm = rng.permutation(idx.length);
    for (let k = 0; k < ipc; k++) out[y * ipc + k] = idx[perm[k]];
  });
  return out;
}

function checkFeatures(what: string, features: Float32Array, dim: number, n: number): void {
  if (!Number.isSafeInteger(dim) || dim < 1 || features.length !== n * dim) {
    throw new Error(
      `${what}: features hold ${features.length} values, expected ${n} examples x ${dim}`,
    );
  }
}

/** The float64 mean feature of some examples. */
function meanFeature(features: Float32Array, dim: number, idx: Int32Array): Float64Array {
  const mu = new Float64Array(dim);
  for (const i of idx) for (let d = 0; d < dim; d++) mu[d] += features[i * dim + d];
  for (let d = 0; d < dim; d++) mu[d] /= idx.length;
  return mu;
}

/**
 * Herding (Welling 2009, in the form of the DC benchmark and iCaRL): per class, greedily
 * add the example that brings the mean of the selected features closest (Euclidean) to the
 * class mean, without repeats. Ties go to the lower index. `features` is [n, dim],
 * row-major (e.g. an encoder's embeddings of the whole training set).
 *
 * @example
 * const idx = herding(feats, 128, train.labels, 10, 10);
 */
export function herding(
  features: Float32Array,
  dim: number,
  labels: Int32Array,
  classes: number,
  ipc: number,
): Int32Array {
  checkFeatures("herding", features, dim, labels.length);
  const byClass = classIndices(labels, classes, ipc, "herding");
  const out = new Int32Array(classes * ipc);
  byClass.forEach((idx, y) => {
    const mu = meanFeature(features, dim, idx);
    const chosen = new Uint8Array(idx.length);
    const acc = new Float64Array(dim); // sum of the selected features
    for (let k = 0; k < ipc; k++) {
      let best = -1;
      let bestDist = Infinity;
      for (let j = 0; j < idx.length; j++) {
        if (chosen[j]) continue;
        const at = idx[j] * dim;
        let dist = 0;
        for (let d = 0; d < dim; d++) {
          const diff = mu[d] - (acc[d] + features[at + d]) / (k + 1);
          dist += diff * diff;
        }
        if (dist < bestDist) {
          bestDist = dist;
          best = j;
        }
      }
      chosen[best] = 1;
      for (let d = 0; d < dim; d++) acc[d] += features[idx[best] * dim + d];
      out[y * ipc + k] = idx[best];
    }
  });
  return out;
}

/**
 * K-center (greedy farthest-first traversal, Sener & Savarese 2018, as in the DC
 * benchmark): per class, start from the example nearest the class mean, then repeatedly
 * add the example farthest (Euclidean, in feature space) from everything selected. Ties go
 * to the lower index. `features` is [n, dim], row-major.
 *
 * @example
 * const idx = kCenter(feats, 128, train.labels, 10, 10);
 */
export function kCenter(
  features: Float32Array,
  dim: number,
  labels: Int32Array,
  classes: number,
  ipc: number,
): Int32Array {
  checkFeatures("kCenter", features, dim, labels.length);
  const byClass = classIndices(labels, classes, ipc, "kCenter");
  const out = new Int32Array(classes * ipc);
  const dist2 = (a: number, b: Float64Array | number): number => {
    let s = 0;
    for (let d = 0; d < dim; d++) {
      const v = typeof b === "number" ? features[b * dim + d] : b[d];
      const diff = features[a * dim + d] - v;
      s += diff * diff;
    }
    return s;
  };
  byClass.forEach((idx, y) => {
    const mu = meanFeature(features, dim, idx);
    let first = 0;
    let firstDist = Infinity;
    idx.forEach((i, j) => {
      const d = dist2(i, mu);
      if (d < firstDist) {
        firstDist = d;
        first = j;
      }
    });
    // distance of each example to its nearest selected centre
    const nearest = new Float64Array(idx.length).fill(Infinity);
    let pick = first;
    for (let k = 0; k < ipc; k++) {
      out[y * ipc + k] = idx[pick];
      nearest[pick] = -1; // selected: never picked again
      let next = -1;
      let far = -Infinity;
      for (let j = 0; j < idx.length; j++) {
        if (nearest[j] < 0) continue;
        const d = dist2(idx[j], idx[pick]);
        if (d < nearest[j]) nearest[j] = d;
        if (nearest[j] > far) {
          far = nearest[j];
          next = j;
        }
      }
      pick = next;
    }
  });
  return out;
}
