/**
 * Softmax and log-softmax along one axis (kernels/softmax.wgsl), with their gradients
 * (kernels/softmax_backward.wgsl).
 *
 * @example
 * const p = softmax(logits);        // last axis
 * const lp = logSoftmax(logits, 1);
 */
import { record } from "../autodiff/tape.ts";
import { dispatchKernel, KERNELS } from "../gpu/kernel_dispatch.ts";
import { shapeText, sizeOf, Tensor } from "../tensor.ts";
import { arrayView, checkLoop, grid, normAxis, releaseTextures, textureOf } from "./util.ts";

function softmaxOp(x: Tensor, axis: number, log: boolean): Tensor {
  const op = log ? "logSoftmax" : "softmax";
  if (x.dtype !== "f32") throw new TypeError(`${op}: expected an f32 tensor, got ${x.dtype}`);
  const ax = normAxis(op, axis, x.rank);
  const outer = sizeOf(x.shape.slice(0, ax));
  const r = x.shape[ax];
  const inner = sizeOf(x.shape.slice(ax + 1));
  checkLoop(op, `axis ${ax} of ${shapeText(x.shape)}`, r);
  const y = new Tensor(x.shape);
  // long-enough contiguous rows of whole vec4s: read through a texture
  const xt = inner === 1 && r % 4 === 0 ? textureOf(x) : null;
  dispatchKernel(KERNELS.softmax[xt ? "rows4" : "main"], {
    constants: { LOG: log ? 1 : 0 },
    buffers: [xt ? arrayView(xt) : x.buffer, y.buffer],
    params: { outer, r, inner },
    workgroups: grid(outer * inner),
  });
  releaseTextures(xt);
  record(op, [x], y, (g) => [softmaxBackward(y, g, ax, log)]);
  return y;
}

/**
 * The gradient of softmax (or log-softmax) along `axis` from its output `y` and the output
 * gradient `g`: y (g - sum(g y)), or g - exp(y) sum(g). Not recorded on the tape.
 */
export function softmaxBackward(y: Tensor, g: Tensor, axis: number, log: boolean): Tensor {
  const ax = normAxis("softmaxBackward", axis, y.rank);
  const outer = sizeOf(y.shape.slice(0, ax));
  const r = y.shape[ax];
  const inner = sizeOf(y.shape.slice(ax + 1));
  const dx = new Tensor(y.shape);
  // long-enough contiguous rows of whole vec4s: read through textures
  const rows4 = inner === 1 && r % 4 === 0;
  const [yt, gt] = rows4 ? [textureOf(y), textureOf(g)] : [null, null];
  const tex = yt && gt;
  dispatchKernel(KERNELS.softmax_backward[tex ? "rows4" : "main"], {
    constants: { LOG: log ? 1 : 0 },
    buffers: tex ? [arrayView(yt), arrayView(gt), dx.buffer] : [y.buffer, g.buffer, dx.buffer],
    params: { outer, r, inner },
    workgroups: grid(outer * inner),
  });
  releaseTextures(yt, gt);
  return dx;
}

/**
 * exp(x) / sum(exp(x)) along `axis` (last by default), computed stably.
 *
 * @example
 * softmax(fromArray([0, Math.log(3)], [1, 2])); // [[0.25, 0.75]]
 */
export const softmax = (x: Tensor, axis = -1): Tensor => softmaxOp(x, axis, false);

/**
 * x - logsumexp(x) along `axis` (last by default).
 *
 * @example
 * logSoftmax(zeros([1, 4])); // [[-log 4, ...]]
 */
export const logSoftmax = (x: Tensor, axis = -1): Tensor => softmaxOp(x, axis, true);
