/**
 * Instance norm, group norm and layer norm with affine parameters: one kernel family
 * (kernels/norm.wgsl, norm_backward.wgsl, norm_affine_grad.wgsl) with different row
 * layouts. Statistics are per row, biased variance, as PyTorch.
 *
 * @example
 * const y = instanceNorm(x, gamma, beta);        // x [n, c, h, w], gamma/beta [c]
 * const z = groupNorm(x, 32, gamma, beta);
 * const t = layerNorm(tokens, gamma, beta);      // normalises the last axis
 */
import { record } from "../autodiff/tape.ts";
import { dispatchKernel, KERNELS } from "../gpu/kernel_dispatch.ts";
import { shapeText, Tensor } from "../tensor.ts";
import { sum } from "./reduce.ts";
import { reshape, slice } from "./shape.ts";
import { arrayView, checkLoop, grid, releaseTextures, textureOf } from "./util.ts";

interface Layout {
  rows: number;
  m: number;
  g: number;
  cpg: number;
  inner: number;
  channels: number;
}

function normalize(
  op: string,
  x: Tensor,
  gamma: Tensor,
  beta: Tensor,
  l: Layout,
  eps: number,
  act: "none" | "silu" = "none",
): Tensor {
  if (gamma.size !== l.channels || beta.size !== l.channels) {
    throw new Error(
      `${op}: gamma ${shapeText(gamma.shape)} and beta ${
        shapeText(beta.shape)
      } must have ${l.channels} ` +
        `elements for input ${shapeText(x.shape)}`,
    );
  }
  checkLoop(op, `rows of ${l.m} elements in ${shapeText(x.shape)}`, l.m);
  const params = { rows: l.rows, m: l.m, g: l.g, cpg: l.cpg, inner: l.inner, eps };
  // whole vec4s per channel: the `main4` entries, which read x (and dy) through textures;
  // whole vec4s per row only: the forward's `rows4` (the bits of `main`, whose backward runs)
  const xt = l.inner % 4 === 0 || l.m % 4 === 0 ? textureOf(x, 0) : null;
  const entry = !xt ? "main" : l.inner % 4 === 0 ? "main4" : "rows4";
  const y = new Tensor(x.shape);
  const stats = new Tensor([l.rows, 2]);
  dispatchKernel(KERNELS.norm[entry], {
    constants: { ACT: act === "silu" ? 1 : 0 },
    buffers: [xt ? arrayView(xt) : x.buffer, gamma.buffer, beta.buffer, y.buffer, stats.buffer],
    params,
    workgroups: grid(l.rows),
  });
  releaseTextures(xt);
  const ACT = act === "silu" ? 1 : 0;
  // with ACT = 1 the backward kernels recompute the norm's output from x and the stats
  record(op, [x, gamma, beta], y, (g) => {
    const dx = new Tensor(x.shape);
    // the backward entries are the forward's (whose expression for the norm's output an
    // ACT = 1 backward recomputes: `main4`'s, or `main`'s for `main` and `rows4`)
    const [xt, gt] = entry !== "main" ? [textureOf(x, 0)!, textureOf(g, 0)!] : [null, null];
    const xb = xt ? arrayView(xt) : x.buffer, gb = gt ? arrayView(gt) : g.buffer;
    dispatchKernel(KERNELS.norm_backward[entry], {
      constants: { ACT },
      buffers: [xb, gamma.buffer, stats.buffer, gb, dx.buffer, beta.buffer],
      params,
      workgroups: grid(l.rows),
    });
    const samples = l.rows / l.g;
    const part = new Tensor([2, samples, l.channels]);
    dispatchKernel(KERNELS.norm_affine_grad[entry], {
      constants: { ACT },
      buffers: [xb, stats.buffer, gb, part.buffer, gamma.buffer, beta.buffer],
      params,
      workgroups: grid(samples * l.channels),
    });
    releaseTextures(xt, gt);
    return [dx, ...affineGrads(part, gamma, beta)];
  }, [stats]);
  return y;
}

/**
 * The affine gradients [dgamma, dbeta] from their per-sample parts [2, samples, channels]
 * (norm_affine_grad.wgsl, norm_act_pool_backward.wgsl): summed over the samples in a fixed
 * order. Frees `part`.
 */
export function affineGrads(part: Tensor, gamma: Tensor, beta: Tensor): [Tensor, Tensor] {
  const channels = part.shape[2];
  const both = sum(part, 1); // [2, channels]
  part.dispose();
  const flat = reshape(both, [2 * channels]);
  both.dispose();
  const dgamma = reshape(slice(flat, [0], [channels]), gamma.shape);
  const dbeta = reshape(slice(flat, [channels], [channels]), beta.shape);
  flat.dispose();
  return [dgamma, dbeta];
}

function checkNchw(op: string, x: Tensor): [number, number, number, number] {
  if (x.rank !== 4 || x.dtype !== "f32") {
    throw new Error(
      `${op}: expected an f32 [n, c, h, w] tensor, got ${shapeText(x.shape)} ${x.dtype}`,
    );
  }
  return x.shape as unknown as [number, number, number, number];
}

/**
 * Instance norm of NCHW images: each (sample, channel) plane normalised, then c-wise affine.
 *
 * @example
 * const y = instanceNorm(x, ones([16]), zeros([16])); // x [n, 16, h, w]
 */
export function instanceNorm(x: Tensor, gamma: Tensor, beta: Tensor, eps = 1e-5): Tensor {
  const [n, c, h, w] = checkNchw("instanceNorm", x);
  return normalize("instanceNorm", x, gamma, beta, {
    rows: n * c,
    m: h * w,
    g: c,
    cpg: 1,
    inner: h * w,
    channels: c,
  }, eps);
}

/**
 * Group norm of NCHW images with `groups` groups of channels, then c-wise affine.
 *
 * @example
 * const y = groupNorm(x, 8, ones([32]), zeros([32])); // x [n, 32, h, w], 8 groups of 4 channels
 */
export function groupNorm(
  x: Tensor,
  groups: number,
  gamma: Tensor,
  beta: Tensor,
  eps = 1e-5,
): Tensor {
  return normalize("groupNorm", x, gamma, beta, groupLayout("groupNorm", x, groups), eps);
}

/** The rows of a group norm of NCHW `x`; an error names `op` when the groups do not fit. */
function groupLayout(op: string, x: Tensor, groups: number): Layout {
  const [n, c, h, w] = checkNchw(op, x);
  if (!Number.isInteger(groups) || groups < 1 || c % groups !== 0) {
    throw new Error(
      `${op}: ${c} channels of ${shapeText(x.shape)} cannot be split into ${groups} groups`,
    );
  }
  const cpg = c / groups;
  return { rows: n * groups, m: cpg * h * w, g: groups, cpg, inner: h * w, channels: c };
}

/**
 * SiLU of a group norm, `silu(groupNorm(x, groups, gamma, beta))`, in one pass; its backward
 * pass recomputes the norm's output from x instead of keeping it. The same bits as the two
 * ops one after the other, forward and backward.
 *
 * @example
 * const h = groupNormSilu(x, 8, gamma, beta); // x [n, 32, h, w]: one dispatch
 */
export function groupNormSilu(
  x: Tensor,
  groups: number,
  gamma: Tensor,
  beta: Tensor,
  eps = 1e-5,
): Tensor {
  const layout = groupLayout("groupNormSilu", x, groups);
  return normalize("groupNormSilu", x, gamma, beta, layout, eps, "silu");
}

/**
 * Layer norm over the last axis, then elementwise affine over that axis.
 *
 * @example
 * const y = layerNorm(x, ones([16]), zeros([16])); // x [n, 16, h, w]
 */
export function layerNorm(x: Tensor, gamma: Tensor, beta: Tensor, eps = 1e-5): Tensor {
  if (x.rank < 1 || x.dtype !== "f32") {
    throw new Error(`layerNorm: expected an f32 tensor, got ${shapeText(x.shape)}`);
  }
  const d = x.shape[x.rank - 1];
  return normalize("layerNorm", x, gamma, beta, {
    rows: x.size / d,
    m: d,
    g: 1,
    cpg: d,
    inner: 1,
    channels: d,
  }, eps);
}
