/**
 * InfoNCE for MoCo: L2-normalised queries q and positive keys k, logits
 * [q.k+, q.queue^T] / tau, cross-entropy to the positive (index 0). Built from the fast
 * kernels: the queue logits are one matmul (each per-invocation loop stays short on every
 * adapter), the loss and its gradient are the fused cross-entropy kernel.
 *
 * @example
 * const loss = infoNce(q, k, queue, 0.07);   // q, k [n, d]; queue [K, d] normalised -> [n]
 */
import { add, div, mul } from "./binary.ts";
import { zeros } from "./creation.ts";
import { crossEntropy } from "./loss.ts";
import { matmul } from "./matmul.ts";
import { sum } from "./reduce.ts";
import { concat } from "./shape.ts";
import { sqrt, square } from "./unary.ts";
import { shapeText, Tensor } from "../tensor.ts";
import { sameShape } from "./util.ts";

/**
 * x / |x| along the last axis (|x|^2 + 1e-12 under the root, so zero rows stay finite).
 *
 * @example
 * l2Normalize(fromArray([3, 4], [1, 2])); // [[0.6, 0.8]]
 */
export function l2Normalize(x: Tensor): Tensor {
  return div(x, sqrt(add(sum(square(x), -1, true), 1e-12)));
}

/**
 * Per-row InfoNCE loss [n]; gradients flow to q and k (the queue is a constant).
 *
 * @example
 * const rng = new Rng(0);
 * const q = rng.normal([8, 64]), k = rng.normal([8, 64]), queue = rng.normal([1024, 64]);
 * const loss = infoNce(q, k, queue, 0.07); // scalar, MoCo's loss
 */
export function infoNce(q: Tensor, k: Tensor, queue: Tensor, tau = 0.07): Tensor {
  if (
    q.rank !== 2 || !sameShape(q.shape, k.shape) || queue.rank !== 2 ||
    queue.shape[1] !== q.shape[1]
  ) {
    throw new Error(
      `infoNce: q ${shapeText(q.shape)}, k ${shapeText(k.shape)} and queue ${
        shapeText(queue.shape)
      } ` +
        "must be [n, d], [n, d] and [K, d]",
    );
  }
  const qn = l2Normalize(q);
  const kn = l2Normalize(k);
  const positive = sum(mul(qn, kn), -1, true); // [n, 1]
  const negative = matmul(qn, queue, { transB: true }); // [n, K]
  const logits = mul(concat([positive, negative], 1), 1 / tau);
  return crossEntropy(logits, zeros([q.shape[0]], "i32"), "none");
}
