/**
 * SGD with momentum, dampening, Nesterov and weight decay (PyTorch semantics), one fused
 * kernel per parameter (kernels/sgd.wgsl), in place.
 *
 * @example
 * const opt = new Sgd(params, { lr: 0.01, momentum: 0.9, weightDecay: 5e-4 });
 * opt.step(params, grads);
 */
import { keep, leaves, type Tree } from "../autodiff/scope.ts";
import { dispatchKernel, KERNELS } from "../gpu/kernel_dispatch.ts";
import { zerosLike } from "../ops/creation.ts";
import { grid } from "../ops/util.ts";
import { shapeText, Tensor } from "../tensor.ts";

/** SGD hyper-parameters. */
export interface SgdOptions {
  lr?: number;
  momentum?: number;
  dampening?: number;
  weightDecay?: number;
  nesterov?: boolean;
}

/**
 * SGD optimiser state for one parameter tree.
 *
 * @example
 * const opt = new Sgd(net.params, { lr: 0.01, momentum: 0.9, weightDecay: 5e-4 });
 * opt.step(net.params, grads);
 */
export class Sgd {
  readonly options: Required<SgdOptions>;
  /** Number of steps taken. */
  t = 0;
  readonly buffers: Tensor[];

  constructor(params: Tree, options: SgdOptions = {}) {
    this.options = {
      lr: 0.01,
      momentum: 0,
      dampening: 0,
      weightDecay: 0,
      nesterov: false,
      ...options,
    };
    this.buffers = keep(leaves(params).map(zerosLike));
  }

  /** Updates every parameter in place from its gradient (same tree structure). */
  step(params: Tree, grads: Tree, lr = this.options.lr): void {
    const ps = leaves(params);
    const gs = leaves(grads);
    if (ps.length !== this.buffers.length || gs.length !== ps.length) {
      throw new Error(
        `Sgd.step: ${ps.length} parameters, ${gs.length} gradients, ${this.buffers.length} states`,
      );
    }
    const { momentum, dampening, weightDecay, nesterov } = this.options;
    ps.forEach((p, i) => {
      if (gs[i].size !== p.size) {
        throw new Error(
          `Sgd.step: gradient ${shapeText(gs[i].shape)} for parameter ${shapeText(p.shape)}`,
        );
      }
      dispatchKernel(KERNELS.sgd.main, {
        buffers: [p.buffer, this.buffers[i].buffer, gs[i].buffer],
        params: {
          n: p.size,
          lr,
          momentum,
          dampening,
          weightDecay,
          nesterov: nesterov ? 1 : 0,
          first: this.t === 0 ? 1 : 0,
        },
        workgroups: grid(p.size),
      });
    });
    this.t++;
  }

  /** Frees the momentum buffers. */
  dispose(): void {
    for (const t of this.buffers) t.dispose();
  }
}
