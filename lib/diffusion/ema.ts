/**
 * Exponential moving average of a parameter tree: `ema = d * ema + (1 - d) * params`, with the
 * warm-up `d = min(decay, (1 + n) / (10 + n))` after n updates, so early averages are not
 * dominated by the initial weights.
 *
 * @example
 * const ema = new Ema(net.params, 0.999);
 * ema.update(net.params); // after each optimiser step
 * sample(ema.params, ...);
 * @module
 */
import { dispose, keep, leaves, mapTree, type Tree } from "../autodiff/scope.ts";
import { noGrad } from "../autodiff/tape.ts";
import { add, mul } from "../ops/binary.ts";
import type { Tensor } from "../tensor.ts";

/** An EMA copy of a parameter tree. */
export class Ema<P extends Tree> {
  params: P;
  /** Updates made so far. */
  updates: number;

  constructor(params: P, readonly decay = 0.999, updates = 0) {
    this.params = keep(noGrad(() => mapTree(params, (t: Tensor) => mul(t, 1)))) as P;
    this.updates = updates;
  }

  /** The decay the next update uses. */
  get currentDecay(): number {
    return Math.min(this.decay, (1 + this.updates) / (10 + this.updates));
  }

  /** Moves the average towards `params` (same tree structure). */
  update(params: P): void {
    const d = this.currentDecay;
    const src = leaves(params);
    const old = leaves(this.params);
    let i = 0;
    this.params = keep(
      noGrad(() => mapTree(this.params, (e: Tensor) => add(mul(e, d), mul(src[i++], 1 - d)))),
    ) as P;
    dispose(old);
    this.updates++;
  }

  dispose(): void {
    dispose(this.params);
  }
}
