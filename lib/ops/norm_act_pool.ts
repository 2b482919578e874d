/**
 * A ConvNet block after its convolution, `avgPool2d(act(instanceNorm(x, gamma, beta)))`, in
 * one dispatch forward (kernels/norm_act_pool.wgsl) and one backward
 * (kernels/norm_act_pool_backward.wgsl) instead of three each: the normalised and activated
 * [n, c, h, w] tensors are never written, and the backward recomputes them from x. The
 * kernels do the composed ops' arithmetic in their order, so the values and gradients are
 * the composed ops' bit for bit on the same adapter (tests/norm_act_pool_test.ts). Shapes
 * the kernels do not take (odd height, width not a multiple of 8, a tensor over one
 * texture) run the composed ops.
 *
 * @example
 * const y = instanceNormActPool(x, gamma, beta, { kind: "relu" }); // [n, c, 32, 32] -> [n, c, 16, 16]
 */
import { record } from "../autodiff/tape.ts";
import { dispatchKernel, KERNELS } from "../gpu/kernel_dispatch.ts";
import { shapeText, Tensor } from "../tensor.ts";
import { affineGrads, instanceNorm } from "./norm.ts";
import { avgPool2d } from "./pool.ts";
import { relu, silu, softplus } from "./unary.ts";
import { arrayView, checkLoop, grid, releaseTextures, textureOf } from "./util.ts";

/** An activation: ReLU, SiLU, or SoftPlus with a sharpness beta (the VE uses beta = 3). */
export type Activation = { kind: "relu" } | { kind: "silu" } | { kind: "softplus"; beta: number };

/** The kernels' override ACT of each activation. */
const ACT = { relu: 0, silu: 1, softplus: 2 } as const;

/**
 * Applies an activation.
 *
 * @example
 * activate(x, { kind: "softplus", beta: 3 }); // softplus(x, 3)
 */
export function activate(x: Tensor, a: Activation): Tensor {
  switch (a.kind) {
    case "relu":
      return relu(x);
    case "silu":
      return silu(x);
    case "softplus":
      return softplus(x, a.beta);
  }
}

/** Whether the one-pass kernels take x [n, c, h, w]: h even, w a multiple of 8. */
function fits(x: Tensor): boolean {
  const [, , h, w] = x.shape;
  return h % 2 === 0 && w % 8 === 0;
}

/**
 * `avgPool2d(activate(instanceNorm(x, gamma, beta, eps), a))`, 2 x 2 windows: one pass each
 * way where the shape allows (see the module comment), the composed ops otherwise; the same
 * values either way.
 *
 * @example
 * const h = instanceNormActPool(conv2d(x, w, b, { padding: 1 }), gamma, beta, { kind: "relu" });
 */
export function instanceNormActPool(
  x: Tensor,
  gamma: Tensor,
  beta: Tensor,
  a: Activation,
  eps = 1e-5,
): Tensor {
  const op = "instanceNormActPool";
  if (x.rank !== 4 || x.dtype !== "f32") {
    throw new Error(`${op}: expected an f32 [n, c, h, w] tensor, got ${shapeText(x.shape)}`);
  }
  const [n, c, h, w] = x.shape;
  if (gamma.size !== c || beta.size !== c) {
    throw new Error(
      `${op}: gamma ${shapeText(gamma.shape)} and beta ${shapeText(beta.shape)} must have ` +
        `${c} elements for input ${shapeText(x.shape)}`,
    );
  }
  const xt = fits(x) ? textureOf(x, 0) : null;
  if (!xt) {
    const z = instanceNorm(x, gamma, beta, eps);
    const y = activate(z, a);
    z.dispose();
    const pooled = avgPool2d(y);
    y.dispose();
    return pooled;
  }
  checkLoop(op, `planes of ${h * w} elements in ${shapeText(x.shape)}`, h * w);
  const rows = n * c;
  const params = {
    rows,
    h,
    w,
    channels: c,
    eps,
    alpha: a.kind === "softplus" ? a.beta : 0,
  };
  const constants = { ACT: ACT[a.kind] };
  const y = new Tensor([n, c, h / 2, w / 2]);
  const stats = new Tensor([rows, 2]);
  dispatchKernel(KERNELS.norm_act_pool.main, {
    constants,
    buffers: [arrayView(xt), gamma.buffer, beta.buffer, y.buffer, stats.buffer],
    params,
    workgroups: grid(rows),
  });
  releaseTextures(xt);
  record(op, [x, gamma, beta], y, (g) => {
    const dx = new Tensor(x.shape);
    const part = new Tensor([2, n, c]);
    // x fitted one texture in the forward pass, and g is a quarter of its size
    const xt = textureOf(x, 0)!, gt = textureOf(g, 0)!;
    dispatchKernel(KERNELS.norm_act_pool_backward.main, {
      constants,
      buffers: [
        arrayView(xt),
        gamma.buffer,
        beta.buffer,
        stats.buffer,
        arrayView(gt),
        dx.buffer,
        part.buffer,
      ],
      params,
      workgroups: grid(rows),
    });
    releaseTextures(xt, gt);
    return [dx, ...affineGrads(part, gamma, beta)];
  }, [stats]);
  return y;
}
