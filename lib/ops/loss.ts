/**
 * Softmax cross-entropy with integer labels (kernels/cross_entropy.wgsl), fused forward
 * and backward: the gradient is softmax(z) - onehot(y), never materialising either.
 *
 * @example
 * const loss = crossEntropy(logits, labels);  // logits [n, c] f32, labels [n] i32 -> []
 */
import { record } from "../autodiff/tape.ts";
import { dispatchKernel, KERNELS } from "../gpu/kernel_dispatch.ts";
import { shapeText, Tensor } from "../tensor.ts";
import { mean, sum } from "./reduce.ts";
import { checkLoop, grid } from "./util.ts";

/** How per-example losses are combined. */
export type Reduction = "mean" | "sum" | "none";

/**
 * Cross-entropy of `logits` [n, c] against i32 `labels` [n]. A label outside [0, c)
 * makes that example's loss NaN (so a NaN check on the loss catches bad labels).
 *
 * @example
 * const logits = fromArray([2, 0, 0, 0, 2, 0], [2, 3]);
 * const loss = crossEntropy(logits, fromArray([0, 1], [2], "i32")); // mean over the 2 rows
 */
export function crossEntropy(
  logits: Tensor,
  labels: Tensor,
  reduction: Reduction = "mean",
): Tensor {
  if (logits.rank !== 2 || labels.rank !== 1 || labels.shape[0] !== logits.shape[0]) {
    throw new Error(
      `crossEntropy: logits ${shapeText(logits.shape)} and labels ${shapeText(labels.shape)} ` +
        "must be [n, c] and [n]",
    );
  }
  if (labels.dtype !== "i32") {
    throw new TypeError(`crossEntropy: labels must be i32, got ${labels.dtype}`);
  }
  const [rows, c] = logits.shape;
  checkLoop("crossEntropy", `${c} classes`, c);
  const params = { rows, c };
  const perRow = new Tensor([rows]);
  dispatchKernel(KERNELS.cross_entropy.main, {
    constants: { BACKWARD: 0 },
    buffers: [logits.buffer, labels.buffer, logits.buffer, perRow.buffer],
    params,
    workgroups: grid(rows),
  });
  record("crossEntropy", [logits, labels], perRow, (g) => {
    const dz = new Tensor(logits.shape);
    dispatchKernel(KERNELS.cross_entropy.main, {
      constants: { BACKWARD: 1 },
      buffers: [logits.buffer, labels.buffer, g.buffer, dz.buffer],
      params,
      workgroups: grid(rows),
    });
    return [dz, null];
  });
  if (reduction === "none") return perRow;
  const out = reduction === "mean" ? mean(perRow) : sum(perRow);
  perRow.dispose();
  return out;
}
