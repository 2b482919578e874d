/**
 * The IGDS guidance objective (Algorithm 1, eq. 17), for a batch that holds `ipc`
 * consecutive images of each class:
 *
 *   L = sum_i log P(y_i | g(f(x_i)))  +  n * H(y_hat)  +  beta * sum_i KL(softmax(f^(x_i) / tau) || Q_{y_i})
 *
 * where f^ is the L2-normalised VE feature, Q_y the mean of softmax(f^ / tau) over the ipc
 * images of class y generated together (the gradient flows through Q), and H(y_hat) the
 * entropy of the batch's mean predicted class distribution (the H(Y_hat) of eq. 7; option
 * `entropy: "per-sample"` takes the mean of each image's prediction entropy instead, and
 * "none" drops the term). Sums, not means, so the step size does not depend on the batch.
 *
 * Two readings beyond the batch, as options:
 * - `entropy: "set"`: H(Y_hat) of the whole set being generated, N H(p_set), where p_set is
 *   the mean prediction over this batch's images and the rest of the set taken at their
 *   labels (`restCounts`: how many images of each class the other batches hold). A batch
 *   that holds 2 of 10 classes (IPC 50) is then not pushed toward the 8 absent classes,
 *   which the batch marginal does; with class-balanced batches it matches "marginal".
 * - `diversity: "prototype"`: KL to the VE's class prototype Q^y (`logQ`, eq. 12: H(X|Y) =
 *   E KL(softmax(f^ / tau) || Q^y)) instead of to the mean of the images generated
 *   together, so the term is alive at IPC 1 (where the group mean is the image itself).
 *
 * @example
 * const objective = igdsObjective((x) => ({ features: f(x), logits: g(f(x)) }), labels, {
 *   beta: 0.1, tau: 0.07, ipc: 10,
 * });
 * const x = await sample(den, params, schedule, { labels: ys, guidance: { objective, scale: 0.05 } });
 * @module
 */
import { add, mul } from "../ops/binary.ts";
import { softmaxEntropy } from "../ops/entropy.ts";
import { l2Normalize } from "../ops/infonce.ts";
import { crossEntropy } from "../ops/loss.ts";
import { klToGiven, klToGroupMean } from "../ops/softmax_kl.ts";
import { fromArray } from "../ops/creation.ts";
import { log } from "../ops/unary.ts";
import { mean, sum } from "../ops/reduce.ts";
import { softmax } from "../ops/softmax.ts";
import type { Tensor } from "../tensor.ts";

/** What the objective needs from the variational estimator, for images x. */
export type Encode = (x: Tensor) => { features: Tensor; logits: Tensor };

/** Options of {@link igdsObjective}. */
export interface IgdsObjectiveOptions {
  /** Weight of the diversity (H(X|Y)) term. */
  beta: number;
  /** Softmax temperature of the features (the VE's tau). */
  tau: number;
  /** Images per class in the batch, consecutive. */
  ipc: number;
  entropy?: "marginal" | "per-sample" | "none" | "set";
  /** With `entropy: "set"`: images of each class in the rest of the set, [classes]. */
  restCounts?: ArrayLike<number>;
  /** "group" (default): KL to the mean of the ipc images generated together. */
  diversity?: "group" | "prototype";
  /** With `diversity: "prototype"`: log Q^y, [classes, features] (the VE's `logQ`). */
  logQ?: Tensor;
}

/**
 * The scalar L of eq. 17 as a function of the images; `labels` i32 [n] (class of each image).
 *
 * @example
 * const y = fromArray([3, 3], [2], "i32"); // two images of class 3, generated together
 * const encode = (x: Tensor) => {
 *   const q = veFeatures(ve, x);
 *   return { features: q, logits: linear(ve.classifier, l2Normalize(q)) };
 * };
 * const objective = igdsObjective(encode, y, { beta: 0.1, tau: ve.tau, ipc: 2 });
 * const guidance = { objective, scale: 1, wrt: "x0" as const }; // for sample()
 */
export function igdsObjective(
  encode: Encode,
  labels: Tensor,
  o: IgdsObjectiveOptions,
): (x: Tensor) => Tensor {
  return (x: Tensor) => {
    const n = x.shape[0];
    if (n % o.ipc !== 0) {
      throw new Error(`igdsObjective: batch of ${n} images is not whole groups of ipc ${o.ipc}`);
    }
    const { features, logits } = encode(x);
    // sum_i log P(y_i | x_i) = -sum of the cross-entropies
    let L = mul(crossEntropy(logits, labels, "sum"), -1);
    const entropy = o.entropy ?? "marginal";
    if (entropy === "marginal") {
      const pbar = mean(softmax(logits, -1), 0); // [classes]
      L = add(L, mul(sum(mul(pbar, log(add(pbar, 1e-12)))), -n));
    } else if (entropy === "per-sample") {
      L = add(L, sum(softmaxEntropy(logits)));
    } else if (entropy === "set") {
      const rest = o.restCounts;
      if (!rest || rest.length !== logits.shape[1]) {
        throw new Error(
          `igdsObjective: entropy "set" needs restCounts for the ${logits.shape[1]} classes`,
        );
      }
      let total = n;
      for (let k = 0; k < rest.length; k++) total += rest[k];
      const others = fromArray(Float32Array.from(rest), [rest.length]);
      const pset = mul(add(sum(softmax(logits, -1), 0), others), 1 / total); // [classes]
      L = add(L, mul(sum(mul(pset, log(add(pset, 1e-12)))), -total));
    }
    if (o.beta !== 0 && (o.diversity ?? "group") === "prototype") {
      if (!o.logQ) throw new Error(`igdsObjective: diversity "prototype" needs logQ`);
      L = add(L, mul(sum(klToGiven(l2Normalize(features), o.logQ, labels, o.tau)), o.beta));
    } else if (o.beta !== 0 && o.ipc > 1) {
      L = add(L, mul(sum(klToGroupMean(l2Normalize(features), o.ipc, o.tau)), o.beta));
    }
    return L;
  };
}
