/**
 * Weighted sampling of real subsets with a chosen conditional entropy H(X|Y) (IGDS paper,
 * Appendix A, eq. 18). Given each example's contextual information
 * kl[i] = KL(softmax(x_i) || Q^{y_i}) (from the variational estimator), misclassified
 * examples are dropped, and per class `ipc` examples are drawn without replacement with
 * probability proportional to exp(-(kl - alpha)^2), renormalised after each draw. The
 * subset's H(X|Y) estimate is the mean kl of its examples ({@link conditionalEntropyOf}).
 *
 * @example
 * const idx = weightedSubset({ kl, labels, correct, classes: 10, alpha: 0.8, ipc: 10, seed: 0 });
 * console.log(conditionalEntropyOf(kl, idx)); // close to 0.8 when such examples exist
 * @module
 */
import { HostRng } from "../ops/host_rng.ts";

/** Inputs of {@link weightedSubset}. */
export interface WeightedSubsetOptions {
  /** KL(softmax(x_i) || Q^{y_i}) per example. */
  kl: Float64Array;
  labels: Int32Array;
  /** Whether each example is classified correctly; the others are never drawn. */
  correct: ArrayLike<boolean | number>;
  classes: number;
  /** The target H(X|Y): one value, or one per class. */
  alpha: number | ArrayLike<number>;
  ipc: number;
  seed: number;
}

/**
 * Draws `ipc` correctly classified examples per class (classes in label order, draw order
 * within a class) with probability proportional to exp(-(kl - alpha)^2), without
 * replacement (eq. 18 of the paper). The weights are computed as exp(-(kl - alpha)^2 + m),
 * m the largest exponent among the remaining candidates, which leaves the normalised
 * probabilities unchanged and never underflows to all zeros. Throws when a class has fewer
 * than `ipc` correct examples.
 *
 * @example
 * const idx = weightedSubset({ kl, labels, correct, classes: 10, alpha: 1.2, ipc: 10, seed: 3 });
 * const subset = subsetDataset(train, idx);
 */
export function weightedSubset(o: WeightedSubsetOptions): Int32Array {
  const { kl, labels, correct, classes, ipc, seed } = o;
  const n = labels.length;
  if (kl.length !== n || correct.length !== n) {
    throw new Error(
      `weightedSubset: ${n} labels, ${kl.length} KL values, ${correct.length} correct flags`,
    );
  }
  if (!Number.isSafeInteger(classes) || classes < 1) {
    throw new RangeError(`weightedSubset: classes must be a positive integer, got ${classes}`);
  }
  if (!Number.isSafeInteger(ipc) || ipc < 1) {
    throw new RangeError(`weightedSubset: ipc must be a positive integer, got ${ipc}`);
  }
  const alphas = typeof o.alpha === "number"
    ? new Array<number>(classes).fill(o.alpha)
    : Array.from(o.alpha);
  if (alphas.length !== classes || alphas.some((a) => !Number.isFinite(a))) {
    throw new Error(`weightedSubset: alpha must be a finite number or ${classes} of them`);
  }
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  const totals = new Array<number>(classes).fill(0);
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    if (!(y >= 0 && y < classes)) {
      throw new RangeError(`weightedSubset: example ${i} has label ${y}, outside [0, ${classes})`);
    }
    totals[y]++;
    if (!correct[i]) continue;
    if (!Number.isFinite(kl[i])) {
      throw new Error(`weightedSubset: example ${i} has KL ${kl[i]}`);
    }
    byClass[y].push(i);
  }
  byClass.forEach((idx, y) => {
    if (idx.length < ipc) {
      throw new Error(
        `weightedSubset: class ${y} has ${idx.length} correctly classified examples ` +
          `(of ${totals[y]}), fewer than ipc ${ipc}`,
      );
    }
  });
  const rng = new HostRng(seed);
  const out = new Int32Array(classes * ipc);
  byClass.forEach((idx, y) => {
    const logw = Float64Array.from(idx, (i) => -((kl[i] - alphas[y]) ** 2));
    const taken = new Uint8Array(idx.length);
    const w = new Float64Array(idx.length);
    for (let k = 0; k < ipc; k++) {
      let top = -Infinity;
      for (let j = 0; j < idx.length; j++) if (!taken[j] && logw[j] > top) top = logw[j];
      let total = 0;
      let last = -1;
      for (let j = 0; j < idx.length; j++) {
        w[j] = taken[j] ? 0 : Math.exp(logw[j] - top);
        total += w[j];
        if (w[j] > 0) last = j;
      }
      const u = rng.uniform(1)[0] * total;
      let pick = last; // rounding can leave u at the very top: the last candidate
      let cum = 0;
      for (let j = 0; j < idx.length; j++) {
        if (w[j] === 0) continue;
        cum += w[j];
        if (u < cum) {
          pick = j;
          break;
        }
      }
      taken[pick] = 1;
      out[y * ipc + k] = idx[pick];
    }
  });
  return out;
}

/**
 * The H(X|Y) estimate of a subset: the mean KL(softmax(x) || Q^y) over its examples.
 *
 * @example
 * conditionalEntropyOf(new Float64Array([0.5, 1, 1.5]), new Int32Array([0, 2])); // 1
 */
export function conditionalEntropyOf(kl: Float64Array, indices: Int32Array): number {
  if (indices.length === 0) throw new Error("conditionalEntropyOf: no indices");
  let s = 0;
  for (const i of indices) {
    if (!(i >= 0 && i < kl.length)) {
      throw new RangeError(`conditionalEntropyOf: index ${i} outside [0, ${kl.length})`);
    }
    s += kl[i];
  }
  return s / indices.length;
}

/**
 * The `q` quantile (linear interpolation) of each class's KL values over its correctly
 * classified examples; NaN for a class with none.
 *
 * @example
 * classQuantiles(kl, train.labels, correct, 10, 0.5); // the median KL per class
 */
export function classQuantiles(
  kl: Float64Array,
  labels: Int32Array,
  correct: ArrayLike<number | boolean>,
  classes: number,
  q: number,
): number[] {
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < labels.length; i++) if (correct[i]) byClass[labels[i]].push(kl[i]);
  return byClass.map((v) => {
    if (v.length === 0) return NaN;
    v.sort((a, b) => a - b);
    const at = q * (v.length - 1);
    const lo = Math.floor(at), hi = Math.ceil(at);
    return v[lo] + (v[hi] - v[lo]) * (at - lo);
  });
}
