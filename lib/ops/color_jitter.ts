/**
 * DSA colour: brightness, saturation and contrast with per-image factors
 * (kernels/color_jitter.wgsl); differentiable in the images.
 *
 * @example
 * const y = colorJitter(x, new Float32Array([0.1, 1.5, 0.8, 0]));
 * @module
 */
import { record } from "../autodiff/tape.ts";
import { gpu } from "../gpu/gpu.ts";
import { dispatchKernel, KERNELS } from "../gpu/kernel_dispatch.ts";
import { fromArray } from "./creation.ts";
import { check4d, noGradient } from "./util.ts";
import { shapeText, Tensor } from "../tensor.ts";

/**
 * DSA colour with per-image factors: `params` holds 4 f32 per image (brightness shift b,
 * saturation factor s, contrast factor k, unused), as a [B, 4] tensor or host array.
 * y = ((x + b - mc) s + mc - M) k + M, with mc the channel mean of x + b at each pixel and
 * M the image mean of x + b. Differentiable in `x`.
 *
 * @example
 * const y = colorJitter(x, new Float32Array([0.1, 1.5, 0.8, 0, -0.2, 0.5, 1.2, 0]));
 */
export function colorJitter(x: Tensor, params: Tensor | Float32Array): Tensor {
  const [n, c, h, w] = check4d("colorJitter", x);
  const q = params instanceof Tensor ? params : fromArray(params, [n, 4], "f32");
  if (q.size !== n * 4 || q.dtype !== "f32") {
    throw new Error(`colorJitter: need f32 params [${n}, 4], got ${shapeText(q.shape)} ${q.dtype}`);
  }
  const y = new Tensor(x.shape);
  dispatchColor(x, q, y, n, c, h * w);
  if (params instanceof Tensor) {
    record("colorJitter", [x], y, noGradient("colorJitter with tensor params"));
    return y;
  }
  q.dispose();
  // Without its brightness shift the map is linear and self-adjoint: the backward pass is
  // the same kernel with b = 0.
  const linear = Float32Array.from(params, (v, k) => (k % 4 === 0 ? 0 : v));
  record("colorJitter", [x], y, (g) => [colorJitter(g, linear)]);
  return y;
}

function dispatchColor(x: Tensor, q: Tensor, y: Tensor, n: number, c: number, hw: number) {
  const maxX = gpu().limits.maxComputeWorkgroupsPerDimension;
  const gx = Math.min(n, maxX);
  dispatchKernel(KERNELS.color_jitter.main, {
    buffers: [x.buffer, q.buffer, y.buffer],
    params: { n, c, hw },
    workgroups: [gx, Math.ceil(n / Math.max(gx, 1)), 1],
  });
}
