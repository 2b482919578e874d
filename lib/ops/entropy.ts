/**
 * Entropy of softmax(z) per row (kernels/entropy.wgsl), fused forward and backward:
 * the H(y_hat) term of IGDS guidance (eq. 17).
 *
 * @example
 * const h = softmaxEntropy(logits);  // [n, c] -> [n]
 */
import { record } from "../autodiff/tape.ts";
import { dispatchKernel, KERNELS } from "../gpu/kernel_dispatch.ts";
import { shapeText, Tensor } from "../tensor.ts";
import { checkLoop, grid } from "./util.ts";

/**
 * -sum_k p_k log p_k with p = softmax(z_n), for each row of z [n, c].
 *
 * @example
 * softmaxEntropy(zeros([2, 4])); // [log 4, log 4]
 */
export function softmaxEntropy(z: Tensor): Tensor {
  if (z.rank !== 2 || z.dtype !== "f32") {
    throw new Error(`softmaxEntropy: expected an f32 [n, c] tensor, got ${shapeText(z.shape)}`);
  }
  const [n, c] = z.shape;
  checkLoop("softmaxEntropy", `${c} classes`, c);
  const params = { n, c };
  const h = new Tensor([n]);
  dispatchKernel(KERNELS.entropy.main, {
    constants: { BACKWARD: 0 },
    buffers: [z.buffer, z.buffer, h.buffer],
    params,
    workgroups: grid(n),
  });
  record("softmaxEntropy", [z], h, (g) => {
    const dz = new Tensor(z.shape);
    dispatchKernel(KERNELS.entropy.main, {
      constants: { BACKWARD: 1 },
      buffers: [z.buffer, g.buffer, dz.buffer],
      params,
      workgroups: grid(n),
    });
    return [dz];
  });
  return h;
}
