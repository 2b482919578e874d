/**
 * Adam and AdamW with one fused kernel per parameter (kernels/adam.wgsl), updating the
 * parameters in place. No host round trip: the bias corrections are computed on the host
 * from the step count.
 *
 * @example
 * const opt = new Adam(params, { lr: 1e-3 });
 * const { value, grads } = valueAndGrad(lossFn)(params, x, y);
 * opt.step(params, grads);
 * dispose(grads);
 */
import { keep, leaves, type Tree } from "../autodiff/scope.ts";
import { dispatchKernel, KERNELS } from "../gpu/kernel_dispatch.ts";
import { zerosLike } from "../ops/creation.ts";
import { grid } from "../ops/util.ts";
import { shapeText, Tensor } from "../tensor.ts";

/** Adam hyper-parameters (PyTorch defaults). */
export interface AdamOptions {
  lr?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number;
  /** AdamW: decay the weights directly instead of adding weightDecay * w to the gradient. */
  decoupled?: boolean;
}

/**
 * Adam optimiser state for one parameter tree.
 *
 * @example
 * const opt = new Adam(params, { lr: 1e-3, weightDecay: 5e-4, decoupled: true }); // AdamW
 * const { value, grads } = valueAndGrad(lossFn)(params, x, y);
 * opt.step(params, grads);
 * dispose([value, grads]);
 */
export class Adam {
  readonly options: Required<AdamOptions>;
  /** Number of steps taken. */
  t = 0;
  readonly m: Tensor[];
  readonly v: Tensor[];

  constructor(params: Tree, options: AdamOptions = {}) {
    this.options = {
      lr: 1e-3,
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
      weightDecay: 0,
      decoupled: false,
      ...options,
    };
    this.m = keep(leaves(params).map(zerosLike));
    this.v = keep(leaves(params).map(zerosLike));
  }

  /** Updates every parameter in place from its gradient (same tree structure). */
  step(params: Tree, grads: Tree, lr = this.options.lr): void {
    const ps = leaves(params);
    const gs = leaves(grads);
    if (ps.length !== this.m.length || gs.length !== ps.length) {
      throw new Error(
        `Adam.step: ${ps.length} parameters, ${gs.length} gradients, ${this.m.length} states`,
      );
    }
    this.t++;
    const { beta1, beta2, eps, weightDecay, decoupled } = this.options;
    const bc1 = 1 - beta1 ** this.t;
    const bc2 = 1 - beta2 ** this.t;
    ps.forEach((p, i) => {
      if (gs[i].size !== p.size) {
        throw new Error(
          `Adam.step: gradient ${shapeText(gs[i].shape)} for parameter ${shapeText(p.shape)}`,
        );
      }
      dispatchKernel(KERNELS.adam.main, {
        constants: { DECOUPLED: decoupled ? 1 : 0 },
        buffers: [p.buffer, this.m[i].buffer, this.v[i].buffer, gs[i].buffer],
        params: { n: p.size, lr, beta1, beta2, eps, weightDecay, bc1, bc2 },
        workgroups: grid(p.size),
      });
    });
  }

  /** Frees the moment buffers. */
  dispose(): void {
    for (const t of [...this.m, ...this.v]) t.dispose();
  }
}
