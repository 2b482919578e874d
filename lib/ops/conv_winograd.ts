/**
 * 3x3 convolutions with stride 1 and padding 1 by Winograd's F(4x4, 3x3)
 * (kernels/conv2d_winograd.wgsl): each 4x4 output tile costs 36 multiplies per input and
 * output channel pair instead of 144, and those multiplies run as 36 matrix products
 * (kernels/matmul_tex.wgsl), the fastest kernel on a CPU adapter. The forward, the input
 * gradient (the same algorithm on dy with the flipped, transposed filter) and the weight
 * gradient (its transpose: dw = G^T [sum over tiles of V^T (A dY A^T)] G, its sums run as
 * (A dY A^T)^T V so that neither operand needs a transposing pack) each take five or six
 * dispatches. Where the width is a multiple of 4 the transforms read x and dy 4 floats a
 * texel. Used by `conv2d` (lib/ops/conv.ts) when {@link winogradFits}.
 *
 * @example
 * const y = conv2d(x, w, b, { padding: 1 }); // [n, 128, 14, 14] * [128, 128, 3, 3]: Winograd
 * const d = conv2d(x, w, b, { padding: 1, algorithm: "direct" }); // the direct kernels
 * @module
 */
import { FLAT_TEXTURE_WIDTH, gpu } from "../gpu/gpu.ts";
import { viewOf } from "../gpu/texture_pool.ts";
import { dispatchKernel, KERNELS } from "../gpu/kernel_dispatch.ts";
import { Tensor } from "../tensor.ts";
import type { Conv2dGeometry } from "./conv_geometry.ts";
import { matmulUnrecorded } from "./matmul.ts";
import { planMatmulTexture } from "./matmul_plan.ts";
import { arrayView, grid, releaseTextures } from "./util.ts";

/** Transformed positions of a 6x6 patch. */
const POSITIONS = 36;

/** Output tiles of a convolution: th x tw per image, `count` in all. */
function tilesOf(g: { n: number; h: number; w: number }) {
  const th = Math.ceil(g.h / 4), tw = Math.ceil(g.w / 4);
  return { th, tw, count: g.n * th * tw };
}

/**
 * Fewest input and output channels for which `conv2d`'s "auto" picks Winograd. Below, the
 * transforms (linear in the channels) outweigh the saved multiplies (quadratic): measured on
 * llvmpipe (2 cores) for batch 64, the direct kernels were faster up to 96 channels at 14x14
 * and even at 64 channels at 28x28, and Winograd 1.3-1.8x faster at 128 channels.
 */
export const WINOGRAD_MIN_CHANNELS = 128;

/**
 * Whether `g` can run as Winograd F(4x4, 3x3): a 3x3 kernel, stride 1, padding 1, channel
 * counts that are multiples of 4, transformed tensors within the device's buffer limits and
 * products within its texture limits.
 */
export function winogradFits(g: Omit<Conv2dGeometry, "algorithm">): boolean {
  if (g.kh !== 3 || g.kw !== 3 || g.sh !== 1 || g.sw !== 1 || g.ph !== 1 || g.pw !== 1) {
    return false;
  }
  if (g.c % 4 !== 0 || g.o % 4 !== 0) return false;
  const tiles = tilesOf(g).count;
  const limits = gpu().limits;
  const bytes = POSITIONS * tiles * Math.max(g.c, g.o) * 4;
  if (bytes > Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize)) return false;
  // x, dy and M are read through flat textures of 8192 floats per row
  if (Math.ceil(bytes / 4 / FLAT_TEXTURE_WIDTH) > limits.maxTextureDimension2D) return false;
  // the 36 products must fit the texture matmul (forward, input gradient, weight gradient)
  const product = (m: number, k: number, n: number) =>
    planMatmulTexture({
      batch: POSITIONS,
      m,
      n,
      k,
      transA: false,
      transB: false,
      aBatchStride: m * k,
      bBatchStride: k * n,
    }, limits) !== null;
  // forward V U, input gradient V(dy) U', weight gradient dYh^T V
  return product(tiles, g.c, g.o) && product(tiles, g.o, g.c) && product(g.o, tiles, g.c);
}

/** The TileParams of the input, output and dy transforms. */
function tileParams(g: Conv2dGeometry, channels: number) {
  const t = tilesOf(g);
  return { n: g.n, c4: channels / 4, h: g.h, w: g.w, th: t.th, tw: t.tw, tiles: t.count };
}

/** U [36, ki, ko]: the transformed filter (flipped and transposed for the input gradient). */
function filterTransform(weight: Tensor, ki: number, ko: number, flip: boolean): Tensor {
  const u = new Tensor([POSITIONS, ki, ko]);
  dispatchKernel(KERNELS.conv2d_winograd.filter_transform, {
    constants: { FLIP: flip ? 1 : 0 },
    buffers: [weight.buffer, u.buffer],
    params: { ki, ko },
    workgroups: grid(ki * ko),
  });
  return u;
}

/**
 * `src` (x or dy) in a flat texture for the input or dy transform: 4 floats a texel where
 * each row is whole texels (w % 4 == 0: the `*4` entries fetch a patch row in 3 texels, a dy
 * tile row in one), else one. The caller releases `texture`.
 */
function transformSource(src: Tensor, g: Conv2dGeometry) {
  const rows4 = g.w % 4 === 0;
  const texture = gpu().flatTexture(src.buffer, src.size, rows4 ? "rgba32float" : "r32float");
  return { rows4, texture, view: rows4 ? arrayView(texture) : viewOf(texture) };
}

/** V [36, tiles, channels]: the transformed 6x6 patches of `src` [n, channels, h, w]. */
function inputTransform(src: Tensor, g: Conv2dGeometry, channels: number): Tensor {
  const t = tilesOf(g);
  const v = new Tensor([POSITIONS, t.count, channels]);
  const { rows4, texture, view } = transformSource(src, g);
  dispatchKernel(KERNELS.conv2d_winograd[rows4 ? "input_transform4" : "input_transform"], {
    buffers: [view, v.buffer],
    params: tileParams(g, channels),
    workgroups: grid((t.count * channels) / 4),
  });
  releaseTextures(texture);
  return v;
}

/** The output [n, channels, h, w] (plus bias) from M [36, tiles, channels]. */
function outputTransform(
  m: Tensor,
  g: Conv2dGeometry,
  channels: number,
  bias?: Tensor,
): Tensor {
  const t = tilesOf(g);
  const y = new Tensor([g.n, channels, g.h, g.w]);
  const texture = gpu().flatTexture(m.buffer, m.size, "rgba32float");
  dispatchKernel(KERNELS.conv2d_winograd.output_transform, {
    constants: { HAS_BIAS: bias ? 1 : 0, VEC4_OUT: g.w % 4 === 0 ? 1 : 0 },
    buffers: [arrayView(texture), (bias ?? m).buffer, y.buffer],
    params: tileParams(g, channels),
    workgroups: grid((t.count * channels) / 4),
  });
  releaseTextures(texture);
  return y;
}

/**
 * A convolution of `src` (ki channels) with U [36, ki, ko] to [n, ko, h, w]; `keep` receives
 * the transformed input V instead of its being freed.
 */
function convolve(
  src: Tensor,
  u: Tensor,
  g: Conv2dGeometry,
  bias?: Tensor,
  keep?: (v: Tensor) => void,
): Tensor {
  const [, ki, ko] = u.shape;
  const v = inputTransform(src, g, ki);
  const m = matmulUnrecorded(v, u);
  if (keep) keep(v);
  else v.dispose();
  const y = outputTransform(m, g, ko, bias);
  m.dispose();
  return y;
}

/**
 * The forward convolution (not recorded): y [n, o, h, w]. `keep` receives x's transformed
 * patches V, which {@link winogradWeightGrad} can take instead of transforming x again.
 */
export function winogradForward(
  x: Tensor,
  weight: Tensor,
  bias: Tensor | undefined,
  g: Conv2dGeometry,
  keep?: (v: Tensor) => void,
): Tensor {
  const u = filterTransform(weight, g.c, g.o, false);
  const y = convolve(x, u, g, bias, keep);
  u.dispose();
  return y;
}

/** The input gradient dx [n, c, h, w] from dy [n, o, h, w]. */
export function winogradInputGrad(dy: Tensor, weight: Tensor, g: Conv2dGeometry): Tensor {
  const u = filterTransform(weight, g.o, g.c, true);
  const dx = convolve(dy, u, g);
  u.dispose();
  return dx;
}

/**
 * The weight gradient dw [o, c, 3, 3] from x and dy; `kept` is x's V from the forward pass
 * (the same values; the caller frees it), else x is transformed again.
 */
export function winogradWeightGrad(
  x: Tensor,
  dy: Tensor,
  g: Conv2dGeometry,
  kept?: Tensor,
): Tensor {
  const t = tilesOf(g);
  const v = kept ?? inputTransform(x, g, g.c);
  // dYh^T [36, o, tiles]: with it S^T = dYh^T V takes both operands as they are stored
  // (copied into textures, no transposing pack); each sum runs over the tiles in the same
  // order as V^T dYh's, so S^T holds S's bits.
  const dyht = new Tensor([POSITIONS, g.o, t.count]);
  const { rows4, texture, view } = transformSource(dy, g);
  dispatchKernel(KERNELS.conv2d_winograd[rows4 ? "dy_transform4" : "dy_transform"], {
    buffers: [view, dyht.buffer],
    params: tileParams(g, g.o),
    workgroups: grid(g.o * Math.ceil(t.count / 4)),
  });
  releaseTextures(texture);
  const st = matmulUnrecorded(dyht, v); // [36, o, c]
  if (!kept) v.dispose();
  dyht.dispose();
  const dw = new Tensor([g.o, g.c, 3, 3]);
  dispatchKernel(KERNELS.conv2d_winograd.filter_grad, {
    buffers: [st.buffer, dw.buffer],
    params: { ki: g.c, ko: g.o },
    workgroups: grid(g.c * g.o),
  });
  st.dispose();
  return dw;
}
