/**
 * InfoNCE for MoCo (kernels/infonce.wgsl): L2-normalised queries q and positive keys k,
 * logits [q.k+, q.queue^T] / tau, cross-entropy to the positive. The kernel computes each
 * row's loss and its local gradients in one pass; the backward only scales them.
 *
 * @example
 * const loss = infoNce(q, k, queue, 0.07);   // q, k [n, d]; queue [K, d] normalised -> [n]
 */
import { record } from "../autodiff/tape.ts";
import { gpu } from "../gpu/gpu.ts";
import { shapeText, Tensor } from "../tensor.ts";
import { mul } from "./binary.ts";
import { reshape } from "./shape.ts";
import { grid, ParamWriter, sameShape } from "./util.ts";

/** Per-row InfoNCE loss; gradients flow to q and k (not to the queue). d <= 256. */
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
  const [n, d] = q.shape;
  if (d > 256) {
    throw new Error(`infoNce: feature size ${d} of ${shapeText(q.shape)} is over the kernel's 256`);
  }
  const loss = new Tensor([n]);
  const dq = new Tensor(q.shape);
  const dk = new Tensor(q.shape);
  gpu().dispatch({
    kernel: "infonce",
    constants: { GRADS: 1 },
    buffers: [q.buffer, k.buffer, queue.buffer, loss.buffer, dq.buffer, dk.buffer],
    params: new ParamWriter(4).u(n).u(d).u(queue.shape[0]).f(1 / tau).bytes,
    workgroups: grid(n),
  });
  record("infoNce", [q, k, queue], loss, (g) => {
    const gc = reshape(g, [n, 1]);
    return [mul(dq, gc), mul(dk, gc), null];
  }, [dq, dk]);
  return loss;
}
