/**
 * Elementwise unary ops (kernels/unary.wgsl) and their gradients
 * (kernels/unary_backward.wgsl), plus the NaN/Inf check.
 *
 * @example
 * const y = softplus(x, 3);   // log(1 + exp(3x)) / 3
 * const z = affine(x, 2, 1);  // 2x + 1
 */
import { record } from "../autodiff/tape.ts";
import { dispatchKernel, KERNELS } from "../gpu/kernel_dispatch.ts";
import { Tensor } from "../tensor.ts";
import { arrayView, grid, releaseTextures, textureOf } from "./util.ts";

/** Op codes of kernels/unary.wgsl. */
const OP = {
  neg: 0,
  exp: 1,
  log: 2,
  sqrt: 3,
  abs: 4,
  relu: 5,
  sigmoid: 6,
  tanh: 7,
  silu: 8,
  softplus: 9,
  affine: 10,
  pow: 11,
  nonfinite: 12,
  square: 13,
  step: 14,
  sign: 15,
  clamp: 16,
} as const;
type UnaryOp = keyof typeof OP;
/** Ops whose derivative reads the output y and not x (unary_backward.wgsl `derivative`). */
const Y_ONLY: ReadonlySet<UnaryOp> = new Set(["exp", "sqrt", "sigmoid", "tanh"]);
/** Ops whose derivative is zero almost everywhere: no backward is recorded. */
const FLAT: ReadonlySet<UnaryOp> = new Set(["nonfinite", "step", "sign"]);

function requireF32(op: string, x: Tensor): void {
  if (x.dtype !== "f32") throw new TypeError(`${op}: expected an f32 tensor, got ${x.dtype}`);
}

function unary(op: UnaryOp, x: Tensor, alpha = 0, beta = 0): Tensor {
  requireF32(op, x);
  const y = new Tensor(x.shape);
  const params = { n: x.size, alpha, beta };
  const xt = textureOf(x);
  dispatchKernel(KERNELS.unary[xt ? "tex" : "main"], {
    constants: { OP: OP[op] },
    buffers: [xt ? arrayView(xt) : x.buffer, y.buffer],
    params,
    // 4 elements per invocation (vec4 loads and stores; pooled buffers hold whole vec4)
    workgroups: grid(Math.ceil(x.size / 4)),
  });
  releaseTextures(xt);
  if (!FLAT.has(op)) {
    record(op, [x], y, (g) => {
      const dx = new Tensor(x.shape);
      // only the inputs the derivative reads are copied; an unread one binds the other's
      const yOnly = Y_ONLY.has(op);
      const xt = yOnly ? null : textureOf(x);
      const yt = yOnly || op === "pow" ? textureOf(y) : null;
      const gt = textureOf(g);
      const either = xt ?? yt;
      const tex = either && gt;
      dispatchKernel(KERNELS.unary_backward[tex ? "tex" : "main"], {
        constants: { OP: OP[op] },
        buffers: tex
          ? [arrayView(xt ?? either), arrayView(yt ?? either), arrayView(gt), dx.buffer]
          : [x.buffer, y.buffer, g.buffer, dx.buffer],
        params,
        workgroups: grid(Math.ceil(x.size / 4)),
      });
      releaseTextures(xt, yt, gt);
      return [dx];
    });
  }
  return y;
}

/**
 * -x
 *
 * @example
 * const x = fromArray([-1, 0, 4], [3]);
 * neg(x); // [1, -0, -4]
 */
export const neg = (x: Tensor): Tensor => unary("neg", x);

/**
 * e^x
 *
 * @example
 * const x = fromArray([-1, 0, 4], [3]);
 * exp(x); // [0.368, 1, 54.6]
 */
export const exp = (x: Tensor): Tensor => unary("exp", x);

/**
 * Natural logarithm.
 *
 * @example
 * const x = fromArray([-1, 0, 4], [3]);
 * log(x); // [NaN, -Inf, 1.386]
 */
export const log = (x: Tensor): Tensor => unary("log", x);

/**
 * Square root.
 *
 * @example
 * const x = fromArray([-1, 0, 4], [3]);
 * sqrt(x); // [NaN, 0, 2]
 */
export const sqrt = (x: Tensor): Tensor => unary("sqrt", x);

/**
 * |x|
 *
 * @example
 * const x = fromArray([-1, 0, 4], [3]);
 * abs(x); // [1, 0, 4]
 */
export const abs = (x: Tensor): Tensor => unary("abs", x);

/**
 * max(x, 0)
 *
 * @example
 * const x = fromArray([-1, 0, 4], [3]);
 * relu(x); // [0, 0, 4]
 */
export const relu = (x: Tensor): Tensor => unary("relu", x);

/**
 * 1 / (1 + e^-x), computed stably.
 *
 * @example
 * const x = fromArray([-1, 0, 4], [3]);
 * sigmoid(x); // [0.269, 0.5, 0.982]
 */
export const sigmoid = (x: Tensor): Tensor => unary("sigmoid", x);

/**
 * Hyperbolic tangent, computed stably.
 *
 * @example
 * const x = fromArray([-1, 0, 4], [3]);
 * tanh(x); // [-0.762, 0, 0.999]
 */
export const tanh = (x: Tensor): Tensor => unary("tanh", x);

/**
 * x * sigmoid(x)
 *
 * @example
 * const x = fromArray([-1, 0, 4], [3]);
 * silu(x); // [-0.269, 0, 3.928]
 */
export const silu = (x: Tensor): Tensor => unary("silu", x);

/**
 * x^2
 *
 * @example
 * const x = fromArray([-1, 0, 4], [3]);
 * square(x); // [1, 0, 16]
 */
export const square = (x: Tensor): Tensor => unary("square", x);

/**
 * -1, 0 or 1 (no gradient).
 *
 * @example
 * const x = fromArray([-1, 0, 4], [3]);
 * sign(x); // [-1, 0, 1]
 */
export const sign = (x: Tensor): Tensor => unary("sign", x);
/** 1 where x > 0, else 0 (no gradient). */
export const step = (x: Tensor): Tensor => unary("step", x);

/**
 * log(1 + e^(beta x)) / beta; linear when beta x > 20 (PyTorch's threshold).
 *
 * @example
 * const x = fromArray([-1, 0, 4], [3]);
 * softplus(x, 3); // beta 3, as the VE's encoder
 */
export const softplus = (x: Tensor, beta = 1): Tensor => unary("softplus", x, beta);

/**
 * alpha * x + beta
 *
 * @example
 * const x = fromArray([-1, 0, 4], [3]);
 * affine(x, 2, 1); // [-1, 1, 9]
 */
export const affine = (x: Tensor, alpha: number, beta = 0): Tensor =>
  unary("affine", x, alpha, beta);

/**
 * x^exponent for a constant exponent (negative x allowed for integer exponents).
 *
 * @example
 * const x = fromArray([-1, 0, 4], [3]);
 * powScalar(x, 3); // [-1, 0, 64]
 */
export const powScalar = (x: Tensor, exponent: number): Tensor => unary("pow", x, exponent);

/**
 * min(max(x, lo), hi); the gradient passes where lo < x < hi.
 *
 * @example
 * const x = fromArray([-1, 0, 4], [3]);
 * clamp(x, 0, 1); // [0, 0, 1]
 */
export const clamp = (x: Tensor, lo: number, hi: number): Tensor => unary("clamp", x, lo, hi);

/** 1.0 where x is NaN or +-Inf, else 0.0; tested on the bits (no gradient). */
export const nonFiniteMask = (x: Tensor): Tensor => unary("nonfinite", x);
