/**
 * Parameter initialisation, PyTorch defaults: weights Kaiming-uniform with a = sqrt(5)
 * (bound 1/sqrt(fanIn)), biases uniform in +-1/sqrt(fanIn), norm scales 1 and shifts 0.
 *
 * @example
 * const w = kaimingUniform([128, 3, 3, 3], rng);   // fanIn = 3*3*3
 */
import { affine } from "../ops/unary.ts";
import { ones, zeros } from "../ops/creation.ts";
import type { Rng } from "../ops/random.ts";
import type { Tensor } from "../tensor.ts";

/** Fan-in of a linear [out, in] or conv [out, in, kh, kw] weight. */
export function fanIn(shape: readonly number[]): number {
  return shape.slice(1).reduce((a, b) => a * b, 1);
}

/** Uniform in [-bound, bound). */
export function uniformIn(shape: readonly number[], bound: number, rng: Rng): Tensor {
  const u = rng.uniform(shape);
  const t = affine(u, 2 * bound, -bound);
  u.dispose();
  return t;
}

/** PyTorch's default weight init for Linear and Conv2d: U(+-1/sqrt(fanIn)). */
export function kaimingUniform(shape: readonly number[], rng: Rng): Tensor {
  return uniformIn(shape, 1 / Math.sqrt(fanIn(shape)), rng);
}

/** PyTorch's default bias init for a layer with the given fan-in. */
export function biasUniform(size: number, fanInOfLayer: number, rng: Rng): Tensor {
  return uniformIn([size], 1 / Math.sqrt(fanInOfLayer), rng);
}

/** Affine parameters of a norm layer over `channels`: gamma = 1, beta = 0. */
export function normParams(channels: number): { gamma: Tensor; beta: Tensor } {
  return { gamma: ones([channels]), beta: zeros([channels]) };
}
