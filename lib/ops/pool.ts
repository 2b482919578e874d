/**
 * Pooling and resampling of NCHW images (kernels/pool.wgsl, kernels/pool_backward.wgsl):
 * average and max pooling with a k x k window and stride k, global average pooling, and
 * nearest upsampling.
 *
 * @example
 * const y = avgPool2d(x);        // [n, c, 28, 28] -> [n, c, 14, 14]
 * const g = globalAvgPool(x);    // [n, c, h, w] -> [n, c]
 * const u = upsampleNearest(x);  // [n, c, 8, 8] -> [n, c, 16, 16]
 */
import { record } from "../autodiff/tape.ts";
import { dispatchKernel, KERNELS } from "../gpu/kernel_dispatch.ts";
import { shapeText, Tensor } from "../tensor.ts";
import { mean } from "./reduce.ts";
import { arrayView, checkLoop, grid, releaseTextures, textureOf } from "./util.ts";

const MODE = { avg: 0, max: 1, upsample: 2 } as const;

function pool2d(op: string, mode: keyof typeof MODE, x: Tensor, k: number): Tensor {
  if (x.rank !== 4 || x.dtype !== "f32") {
    throw new Error(
      `${op}: expected an f32 [n, c, h, w] tensor, got ${shapeText(x.shape)} ${x.dtype}`,
    );
  }
  if (!Number.isInteger(k) || k < 1) {
    throw new RangeError(`${op}: factor ${k} must be a positive integer`);
  }
  const [n, c, h, w] = x.shape;
  const [oh, ow] = mode === "upsample" ? [h * k, w * k] : [Math.floor(h / k), Math.floor(w / k)];
  if (oh === 0 || ow === 0) {
    throw new Error(`${op}: window ${k}x${k} is larger than the input ${shapeText(x.shape)}`);
  }
  const planes = n * c;
  checkLoop(op, `a ${k}x${k} window`, k * k);
  const params = { planes, h, w, k, oh, ow };
  const y = new Tensor([n, c, oh, ow]);
  // k = 2 through a texture of x: windows over rows of whole vec4 pairs 4 outputs per
  // invocation, over rows of whole vec4s (28 wide) 2, over even rows (14 wide) 1; upsampling
  // 2 inputs per invocation where rows are even, else 1
  const entry = k !== 2
    ? "main"
    : mode === "upsample"
    ? (w % 2 === 0 ? "upsample2x" : "upsample2x1")
    : w % 8 === 0
    ? "pool2x2"
    : w % 4 === 0
    ? "pool2x2n"
    : w % 2 === 0
    ? "pool2x2e"
    : "main";
  // one too large for the texture limits takes `main`
  const xt = entry === "main" ? null : textureOf(x, 0);
  const fwd = xt ? entry : "main";
  const perInvocation =
    { main: 1, upsample2x: 2, upsample2x1: 1, pool2x2: 4, pool2x2n: 2, pool2x2e: 1 }[fwd];
  dispatchKernel(KERNELS.pool[fwd], {
    constants: { MODE: MODE[mode] },
    buffers: [xt ? arrayView(xt) : x.buffer, y.buffer],
    params,
    workgroups: grid(
      (fwd.startsWith("upsample") ? planes * h * w : planes * oh * ow) / perInvocation,
    ),
  });
  releaseTextures(xt);
  record(op, [x], y, (g) => {
    const dx = new Tensor(x.shape);
    const constants = { MODE: MODE[mode] };
    const back = fwd === "main" || mode === "max"
      ? "main"
      : mode === "upsample"
      ? fwd
      : { pool2x2: "avg2x2", pool2x2n: "avg2x2n", pool2x2e: "avg2x2e" }[fwd as "pool2x2"];
    const gt = back === "main" ? null : textureOf(g, 0);
    if (gt) {
      const perInvocation = { upsample2x: 2, upsample2x1: 1, avg2x2: 8, avg2x2n: 4, avg2x2e: 2 }[
        back as "avg2x2"
      ];
      dispatchKernel(KERNELS.pool_backward[back as "avg2x2"], {
        constants,
        buffers: [arrayView(gt), dx.buffer],
        params,
        workgroups: grid((planes * h * w) / perInvocation),
      });
      releaseTextures(gt);
    } else {
      dispatchKernel(KERNELS.pool_backward.main, {
        constants,
        buffers: [x.buffer, g.buffer, dx.buffer],
        params,
        workgroups: grid(planes * h * w),
      });
    }
    return [dx];
  });
  return y;
}

/**
 * Average pooling, window and stride `k` (2 by default).
 *
 * @example
 * avgPool2d(zeros([1, 8, 28, 28])); // [1, 8, 14, 14]
 */
export const avgPool2d = (x: Tensor, k = 2): Tensor => pool2d("avgPool2d", "avg", x, k);

/**
 * Max pooling, window and stride `k` (2 by default); ties send the gradient to the first.
 *
 * @example
 * maxPool2d(zeros([1, 8, 28, 28]), 4); // [1, 8, 7, 7]
 */
export const maxPool2d = (x: Tensor, k = 2): Tensor => pool2d("maxPool2d", "max", x, k);

/**
 * Nearest-neighbour upsampling by an integer factor (2 by default).
 *
 * @example
 * upsampleNearest(zeros([1, 8, 7, 7])); // [1, 8, 14, 14]
 */
export const upsampleNearest = (x: Tensor, k = 2): Tensor =>
  pool2d("upsampleNearest", "upsample", x, k);

/**
 * Mean over the spatial axes: [n, c, h, w] -> [n, c].
 *
 * @example
 * globalAvgPool(zeros([4, 128, 4, 4])); // [4, 128]
 */
export function globalAvgPool(x: Tensor): Tensor {
  if (x.rank !== 4) {
    throw new Error(`globalAvgPool: expected [n, c, h, w], got ${shapeText(x.shape)}`);
  }
  return mean(x, [2, 3]);
}
