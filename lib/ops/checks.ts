/**
 * Checks on tensor values.
 *
 * @example
 * if (await hasNonFinite(loss)) throw new Error("loss is NaN");
 */
import { noGrad } from "../autodiff/tape.ts";
import { Tensor } from "../tensor.ts";
import { max } from "./reduce.ts";
import { nonFiniteMask } from "./unary.ts";

/**
 * Whether `x` holds a NaN or an infinity, tested on the bits (a WGSL `x != x` test is
 * optimised away by shader compilers). Reads one number back.
 *
 * @example
 * await hasNonFinite(log(fromArray([1, 0], [2]))); // true: log 0 = -Inf
 */
export async function hasNonFinite(x: Tensor): Promise<boolean> {
  if (x.size === 0) return false;
  const flag = noGrad(() => {
    const mask = nonFiniteMask(x);
    const m = max(mask);
    mask.dispose();
    return m;
  });
  try {
    return (await flag.item()) > 0;
  } finally {
    flag.dispose();
  }
}
