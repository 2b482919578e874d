/**
 * Checks shared by the conformance cases and the other tests: seeded host data, tolerant
 * comparison, and a finite-difference check of a GPU op's gradient against its float64
 * reference. No host API: it runs in Deno, Node and a browser.
 * @module
 */
import { valueAndGrad } from "../../lib/autodiff/grad.ts";
import { dispose, tidy } from "../../lib/autodiff/scope.ts";
import { mul } from "../../lib/ops/binary.ts";
import { fromArray } from "../../lib/ops/creation.ts";
import { sum } from "../../lib/ops/reduce.ts";
import type { Tensor } from "../../lib/tensor.ts";
import { type Arr, size } from "../ref.ts";
import { assert } from "./assert.ts";

/** mulberry32: a tiny seeded PRNG for test data. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random values in [lo, hi) of a shape, as a reference array. */
export function randArr(
  rand: () => number,
  shape: number[],
  lo = -1,
  hi = 1,
): Arr {
  // values exactly representable in f32, so that copies compare exactly
  return {
    shape,
    data: Float64Array.from(
      { length: size(shape) },
      () => Math.fround(lo + (hi - lo) * rand()),
    ),
  };
}

/** A GPU tensor with the values of a reference array. */
export const toTensor = (a: Arr): Tensor => fromArray(a.data, a.shape);

/**
 * Asserts |actual - expected| <= atol + rtol * |expected| element by element, and equal
 * shapes. `what` names the case in the failure message.
 */
export function assertClose(
  actual: ArrayLike<number>,
  expected: Arr | ArrayLike<number>,
  what: string,
  rtol = 1e-4,
  atol = 1e-5,
): void {
  const exp = "data" in expected ? (expected as Arr).data : (expected as ArrayLike<number>);
  assert.equal(
    actual.length,
    exp.length,
    `${what}: length ${actual.length} != ${exp.length}`,
  );
  for (let i = 0; i < exp.length; i++) {
    const a = actual[i];
    const e = exp[i];
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) {
      assert.fail(
        `${what}: element ${i}: got ${a}, expected ${e} (rtol ${rtol}, atol ${atol})`,
      );
    }
  }
}

/**
 * Checks the GPU gradient of `gpuOp` against central finite differences of `refOp` (float64)
 * for L = sum(w * op(inputs)) with a random cotangent w. `diff` lists which inputs to check.
 */
export async function checkGrad(
  what: string,
  inputs: Arr[],
  gpuOp: (xs: Tensor[]) => Tensor,
  refOp: (xs: Arr[]) => Arr,
  options: { diff?: number[]; rtol?: number; seed?: number; eps?: number } = {},
): Promise<void> {
  const rand = prng(options.seed ?? 7);
  const out = refOp(inputs);
  const w: Arr = {
    shape: out.shape,
    data: Float64Array.from(out.data, () => rand() * 2 - 1),
  };
  const diff = options.diff ?? inputs.map((_, i) => i);
  const loss = (xs: Arr[]) => {
    const y = refOp(xs);
    let s = 0;
    for (let i = 0; i < y.data.length; i++) s += y.data[i] * w.data[i];
    return s;
  };
  const tensors = inputs.map(toTensor);
  const wt = toTensor(w);
  const { value, grads } = valueAndGrad((ps: Tensor[]) => tidy(() => sum(mul(gpuOp(ps), wt))))(
    tensors,
  );
  assertClose(
    await value.data(),
    [loss(inputs)],
    `${what}: forward`,
    1e-3,
    1e-4,
  );
  for (const i of diff) {
    const eps = options.eps ?? 1e-4;
    const fd = new Float64Array(inputs[i].data.length);
    for (let j = 0; j < fd.length; j++) {
      const plus = inputs.map((a) => ({
        shape: a.shape,
        data: a.data.slice(),
      }));
      const minus = inputs.map((a) => ({
        shape: a.shape,
        data: a.data.slice(),
      }));
      plus[i].data[j] += eps;
      minus[i].data[j] -= eps;
      fd[j] = (loss(plus) - loss(minus)) / (2 * eps);
    }
    const scale = Math.max(1e-3, ...Array.from(fd, Math.abs));
    assertClose(
      await grads[i].data(),
      fd,
      `${what}: gradient of input ${i}`,
      options.rtol ?? 1e-3,
      1e-3 * scale,
    );
  }
  dispose([tensors, wt, value, grads]);
}
