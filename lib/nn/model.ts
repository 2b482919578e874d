/**
 * What every model in lib/nn provides: a parameter tree and pure functions of it.
 *
 * @example
 * const net = convNet({ channels: 1, size: 28, classes: 10 }, new Rng(0));
 * const logits = net.apply(net.params, images);
 */
import type { Tree } from "../autodiff/scope.ts";
import type { Tensor } from "../tensor.ts";

/**
 * A model: parameters plus forward functions taking the parameters explicitly.
 *
 * @example
 * const net: Model<Tree> = resNet({ kind: "resnetap10", channels: 3, size: 32, classes: 10 }, new Rng(0));
 * const logits = net.apply(net.params, images);
 */
export interface Model<P extends Tree> {
  params: P;
  /** Logits (or the model's output) for a batch. */
  apply(params: P, x: Tensor): Tensor;
  /** The representation before the classifier head, flattened to [n, features]. */
  embed?(params: P, x: Tensor): Tensor;
  /** Size of `embed`'s output. */
  featureSize?: number;
}
