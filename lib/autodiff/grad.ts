/**
 * Reverse-mode differentiation: `valueAndGrad(f)` and `grad(f)` for functions of a
 * tensor or of a named parameter tree (plus any further arguments, not differentiated).
 * Every intermediate is freed when the call returns; only the value and the gradients
 * survive, in the caller's scope.
 *
 * @example
 * const lossFn = (p: { w: Tensor; b: Tensor }, x: Tensor, y: Tensor) =>
 *   crossEntropy(add(matmul(x, p.w), p.b), y);
 * const { value, grads } = valueAndGrad(lossFn)(params, x, y); // grads: { w, b }
 */
import { shapeText, Tensor } from "../tensor.ts";
import { add } from "../ops/binary.ts";
import { onesLike, zerosLike } from "../ops/creation.ts";
import { leaves, mapTree, tidy, type Tree } from "./scope.ts";
import { noGrad, Tape, withTape } from "./tape.ts";

/** The value of a scalar function and its gradient with respect to the first argument. */
export interface ValueAndGrad<P> {
  value: Tensor;
  grads: P;
}

/**
 * Returns a function computing `f(params, ...rest)` (a one-element f32 tensor) and the
 * gradient of that value with respect to every tensor in `params`, as a tree of the
 * same structure. Inputs without influence on the value get zero gradients.
 *
 * @example
 * const params = { w: fromArray([0.5, -0.5], [2, 1]) };
 * const x = fromArray([1, 2, 3, 4], [2, 2]);
 * const loss = (p: typeof params, x: Tensor) => mean(square(matmul(x, p.w)));
 * const { value, grads } = valueAndGrad(loss)(params, x);
 * console.log(await value.item(), await grads.w.data()); // 0.25, [-2, -3]
 */
export function valueAndGrad<P extends Tree, R extends unknown[]>(
  f: (params: P, ...rest: R) => Tensor,
): (params: P, ...rest: R) => ValueAndGrad<P> {
  return (params: P, ...rest: R) => {
    const tape = new Tape();
    for (const t of leaves(params)) tape.watch(t);
    // tidy frees every intermediate once the tape has let go of them
    return tidy(() => {
      try {
        const value = withTape(tape, () => f(params, ...rest));
        if (!(value instanceof Tensor) || value.size !== 1 || value.dtype !== "f32") {
          throw new Error(
            `valueAndGrad: the function must return a one-element f32 tensor, got ${
              value instanceof Tensor ? `${shapeText(value.shape)} ${value.dtype}` : typeof value
            }`,
          );
        }
        const byTensor = noGrad(() => backward(tape, value));
        return { value, grads: mapTree(params, (t) => byTensor.get(t) ?? zerosLike(t)) };
      } finally {
        tape.release();
      }
    });
  };
}

/**
 * Like {@link valueAndGrad} but returns only the gradients (the value is freed).
 *
 * @example
 * const dw = grad((w: Tensor) => sum(square(w)))(fromArray([1, -2], [2]));
 * console.log(await dw.data()); // [2, -4]
 */
export function grad<P extends Tree, R extends unknown[]>(
  f: (params: P, ...rest: R) => Tensor,
): (params: P, ...rest: R) => P {
  const vg = valueAndGrad(f);
  return (params: P, ...rest: R) => {
    const { value, grads } = vg(params, ...rest);
    value.dispose();
    return grads;
  };
}

/**
 * Walks the tape backwards from `value`, accumulating gradients. A gradient is freed as
 * soon as the node that consumes it is done, unless it is also held elsewhere.
 */
function backward(tape: Tape, value: Tensor): Map<Tensor, Tensor> {
  const grads = new Map<Tensor, Tensor>();
  const holders = new Map<Tensor, number>(); // gradient tensor -> how many entries hold it
  const hold = (t: Tensor) => holders.set(t, (holders.get(t) ?? 0) + 1);
  const drop = (t: Tensor) => {
    const n = (holders.get(t) ?? 0) - 1;
    holders.set(t, n);
    if (n <= 0) t.dispose();
  };
  const seed = onesLike(value);
  grads.set(value, seed);
  hold(seed);
  for (let i = tape.nodes.length - 1; i >= 0; i--) {
    const node = tape.nodes[i];
    const g = grads.get(node.output);
    if (!g) continue;
    grads.delete(node.output);
    const inputGrads = node.backward(g);
    node.inputs.forEach((input, k) => {
      const gi = inputGrads[k];
      if (!gi || !tape.tracked.has(input)) {
        if (gi && gi !== g) gi.dispose();
        return;
      }
      if (gi.size !== input.size) {
        throw new Error(
          `backward of ${node.op}: gradient ${shapeText(gi.shape)} does not match input ${
            shapeText(input.shape)
          }`,
        );
      }
      const prev = grads.get(input);
      if (prev) {
        const total = add(prev, gi);
        drop(prev);
        if (gi !== g && !holders.get(gi)) gi.dispose();
        grads.set(input, total);
        hold(total);
      } else {
        grads.set(input, gi);
        hold(gi);
      }
    });
    drop(g);
  }
  return grads;
}
