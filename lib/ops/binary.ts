/**
 * Elementwise binary ops with NumPy broadcasting (kernels/binary.wgsl), `where`
 * (kernels/where.wgsl), and their gradients. A number on either side is a constant.
 *
 * @example
 * const y = add(mul(x, w), b);   // [n, d] * [d] + [d]
 * const z = sub(1, x);           // 1 - x
 */
import { record } from "../autodiff/tape.ts";
import { dispatchKernel, KERNELS } from "../gpu/kernel_dispatch.ts";
import { Tensor } from "../tensor.ts";
import { sumToShape } from "./reduce.ts";
import { affine, log, powScalar } from "./unary.ts";
import {
  arrayView,
  broadcastShapes,
  broadcastStrides,
  grid,
  releaseTextures,
  sameShape,
  textureOf,
} from "./util.ts";

const OP = {
  add: 0,
  sub: 1,
  mul: 2,
  div: 3,
  pow: 4,
  maximum: 5,
  minimum: 6,
  less: 7,
  lessEqual: 8,
  greater: 9,
  greaterEqual: 10,
  equal: 11,
  notEqual: 12,
} as const;
type BinaryOp = keyof typeof OP;

function checkF32(op: string, ...ts: Tensor[]): void {
  for (const t of ts) {
    if (t.dtype !== "f32") throw new TypeError(`${op}: expected f32 tensors, got ${t.dtype}`);
  }
}

/**
 * Merges adjacent dims that every operand steps through alike (stride[d] = stride[d + 1] *
 * size[d + 1], broadcast dims included) and drops dims of size 1, so that the kernel's index
 * loop is as short as it can be. Returns the merged shape and each operand's strides.
 */
export function collapseDims(
  shape: readonly number[],
  strides: readonly (readonly number[])[],
): { shape: number[]; strides: number[][] } {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] === 1) continue;
    const k = outShape.length - 1; // the current outermost merged dim (the arrays grow outward)
    if (k >= 0 && strides.every((st, j) => st[d] === outStrides[j][k] * outShape[k])) {
      outShape[k] *= shape[d];
      continue;
    }
    outShape.push(shape[d]);
    strides.forEach((st, j) => outStrides[j].push(st[d]));
  }
  return { shape: outShape.reverse(), strides: outStrides.map((st) => st.reverse()) };
}

/** Runs the binary kernel without recording (used by the ops and their backward rules). */
function launch(op: BinaryOp, a: Tensor, b: Tensor): Tensor {
  checkF32(op, a, b);
  const shape = broadcastShapes(op, a.shape, b.shape);
  const out = new Tensor(shape);
  const aFull = sameShape(a.shape, shape), bFull = sameShape(b.shape, shape);
  const same = aFull && bFull;
  const merged = collapseDims(shape, [
    broadcastStrides(a.shape, shape),
    broadcastStrides(b.shape, shape),
  ]);
  const [aStrides, bStrides] = merged.strides;
  // `bcast`: one operand has the output's shape, and the other's index is shared by runs of 4
  const last = merged.shape.length - 1;
  const sStrides = aFull ? bStrides : aStrides;
  const bcast = !same && (aFull || bFull) && last >= 0 && merged.shape[last] % 4 === 0 &&
    sStrides[last] <= 1;
  const [at, bt] = same
    ? [textureOf(a), textureOf(b)]
    : bcast
    ? [textureOf(aFull ? a : b), null]
    : [null, null];
  const entry = same && at && bt ? "tex" : bcast && at ? "bcast" : "main";
  dispatchKernel(KERNELS.binary[entry], {
    constants: entry === "bcast"
      ? { OP: OP[op], F_IS_A: aFull ? 1 : 0, S_CONTIGUOUS: sStrides[last] }
      : { OP: OP[op], SAME: same ? 1 : 0 },
    buffers: entry === "tex"
      ? [arrayView(at!), arrayView(bt!), out.buffer]
      : entry === "bcast"
      ? [arrayView(at!), (aFull ? b : a).buffer, out.buffer]
      : [a.buffer, b.buffer, out.buffer],
    params: {
      n: out.size,
      rank: merged.shape.length,
      shape: merged.shape,
      aStrides,
      bStrides: entry === "bcast" ? sStrides : bStrides,
    },
    // 4 elements per invocation (one vec4 store; pooled buffers hold whole vec4)
    workgroups: grid(Math.ceil(out.size / 4)),
  });
  releaseTextures(at, bt);
  return out;
}

/** Gradients of `op` at (a, b) given the output y and its gradient g, before un-broadcasting. */
function rules(op: BinaryOp, a: Tensor, b: Tensor, y: Tensor, g: Tensor): [Tensor, Tensor] {
  switch (op) {
    case "add":
      return [g, g];
    case "sub":
      return [g, affine(g, -1)];
    case "mul":
      return [launch("mul", g, b), launch("mul", g, a)];
    case "div": {
      const ga = launch("div", g, b);
      return [ga, launch("mul", affine(ga, -1), launch("div", a, b))];
    }
    case "pow": {
      // d/da = b a^(b-1);  d/db = y ln(a) where a > 0, taken as 0 elsewhere
      const ga = launch("mul", g, launch("mul", b, launch("pow", a, affine(b, 1, -1))));
      const positive = launch("greater", a, affine(a, 0));
      const lnA = log(launch("maximum", a, affine(a, 0, 1e-30)));
      return [ga, launch("mul", g, launch("mul", y, launch("mul", positive, lnA)))];
    }
    case "maximum":
    case "minimum": {
      // the gradient goes to the selected input; ties split it equally
      const ma = launch("equal", a, y);
      const mb = launch("equal", b, y);
      const share = launch("div", g, launch("add", ma, mb));
      return [launch("mul", share, ma), launch("mul", share, mb)];
    }
    default:
      throw new Error(`${op} has no gradient`);
  }
}

const DIFFERENTIABLE: ReadonlySet<BinaryOp> = new Set([
  "add",
  "sub",
  "mul",
  "div",
  "pow",
  "maximum",
  "minimum",
]);

function binary(op: BinaryOp, a: Tensor, b: Tensor): Tensor {
  const y = launch(op, a, b);
  if (DIFFERENTIABLE.has(op)) {
    record(op, [a, b], y, (g) => {
      const [ga, gb] = rules(op, a, b, y, g);
      return [sumToShape(ga, a.shape), sumToShape(gb, b.shape)];
    });
  }
  return y;
}

type Operand = Tensor | number;

/**
 * a + b
 *
 * @example
 * const y = add(fromArray([1, 2, 3, 4], [2, 2]), fromArray([10, 20], [2])); // [[11, 22], [13, 24]]
 * add(y, 1); // numbers on either side
 */
export function add(a: Operand, b: Operand): Tensor {
  if (typeof b === "number") return typeof a === "number" ? fail("add") : affine(a, 1, b);
  if (typeof a === "number") return affine(b, 1, a);
  return binary("add", a, b);
}

/**
 * a - b
 *
 * @example
 * sub(fromArray([5, 7], [2]), fromArray([1, 2], [2])); // [4, 5]
 * sub(1, fromArray([0.25], [1])); // [0.75]
 */
export function sub(a: Operand, b: Operand): Tensor {
  if (typeof b === "number") return typeof a === "number" ? fail("sub") : affine(a, 1, -b);
  if (typeof a === "number") return affine(b, -1, a);
  return binary("sub", a, b);
}

/**
 * a * b
 *
 * @example
 * mul(fromArray([1, 2, 3, 4], [2, 2]), fromArray([2, 0], [1, 2])); // [[2, 0], [6, 0]]
 */
export function mul(a: Operand, b: Operand): Tensor {
  if (typeof b === "number") return typeof a === "number" ? fail("mul") : affine(a, b);
  if (typeof a === "number") return affine(b, a);
  return binary("mul", a, b);
}

/**
 * a / b
 *
 * @example
 * div(fromArray([1, 2], [2]), 4); // [0.25, 0.5]
 */
export function div(a: Operand, b: Operand): Tensor {
  if (typeof b === "number") return typeof a === "number" ? fail("div") : affine(a, 1 / b);
  if (typeof a === "number") return affine(powScalar(b, -1), a);
  return binary("div", a, b);
}

/**
 * a ^ b (for a < 0 only integer b is defined).
 *
 * @example
 * pow(fromArray([2, 3], [2]), fromArray([3, 2], [2])); // [8, 9]
 */
export function pow(a: Operand, b: Operand): Tensor {
  if (typeof b === "number") return typeof a === "number" ? fail("pow") : powScalar(a, b);
  return binary("pow", typeof a === "number" ? affine(b, 0, a) : a, b);
}

/**
 * Elementwise maximum.
 *
 * @example
 * const a = fromArray([1, 2, 3], [3]), b = fromArray([3, 2, 1], [3]);
 * maximum(a, b); // [3, 2, 3]
 */
export const maximum = (a: Tensor, b: Tensor): Tensor => binary("maximum", a, b);

/**
 * Elementwise minimum.
 *
 * @example
 * const a = fromArray([1, 2, 3], [3]), b = fromArray([3, 2, 1], [3]);
 * minimum(a, b); // [1, 2, 1]
 */
export const minimum = (a: Tensor, b: Tensor): Tensor => binary("minimum", a, b);

/**
 * 1.0 where a < b, else 0.0 (no gradient).
 *
 * @example
 * const a = fromArray([1, 2, 3], [3]), b = fromArray([3, 2, 1], [3]);
 * less(a, b); // [1, 0, 0]
 */
export const less = (a: Tensor, b: Tensor): Tensor => launch("less", a, b);

/**
 * 1.0 where a <= b, else 0.0 (no gradient).
 *
 * @example
 * const a = fromArray([1, 2, 3], [3]), b = fromArray([3, 2, 1], [3]);
 * lessEqual(a, b); // [1, 1, 0]
 */
export const lessEqual = (a: Tensor, b: Tensor): Tensor => launch("lessEqual", a, b);

/**
 * 1.0 where a > b, else 0.0 (no gradient).
 *
 * @example
 * const a = fromArray([1, 2, 3], [3]), b = fromArray([3, 2, 1], [3]);
 * greater(a, b); // [0, 0, 1]
 */
export const greater = (a: Tensor, b: Tensor): Tensor => launch("greater", a, b);

/**
 * 1.0 where a >= b, else 0.0 (no gradient).
 *
 * @example
 * const a = fromArray([1, 2, 3], [3]), b = fromArray([3, 2, 1], [3]);
 * greaterEqual(a, b); // [0, 1, 1]
 */
export const greaterEqual = (a: Tensor, b: Tensor): Tensor => launch("greaterEqual", a, b);

/**
 * 1.0 where a == b, else 0.0 (no gradient).
 *
 * @example
 * const a = fromArray([1, 2, 3], [3]), b = fromArray([3, 2, 1], [3]);
 * equal(a, b); // [0, 1, 0]
 */
export const equal = (a: Tensor, b: Tensor): Tensor => launch("equal", a, b);

/**
 * 1.0 where a != b, else 0.0 (no gradient).
 *
 * @example
 * const a = fromArray([1, 2, 3], [3]), b = fromArray([3, 2, 1], [3]);
 * notEqual(a, b); // [1, 0, 1]
 */
export const notEqual = (a: Tensor, b: Tensor): Tensor => launch("notEqual", a, b);

function fail(op: string): never {
  throw new TypeError(`${op}: at least one operand must be a tensor`);
}

/**
 * `cond ? a : b` elementwise (cond nonzero = true), broadcasting all three.
 * The gradient flows to a where cond holds and to b elsewhere.
 *
 * @example
 * const a = fromArray([1, 2, 3], [3]), b = fromArray([3, 2, 1], [3]);
 * where(greater(a, b), a, b); // [3, 2, 3]
 */
export function where(cond: Tensor, a: Tensor, b: Tensor): Tensor {
  checkF32("where", cond, a, b);
  const shape = broadcastShapes("where", broadcastShapes("where", cond.shape, a.shape), b.shape);
  const out = whereLaunch(cond, a, b, shape);
  record("where", [cond, a, b], out, (g) => {
    const zero = affine(g, 0);
    return [
      null,
      sumToShape(whereLaunch(cond, g, zero, shape), a.shape),
      sumToShape(whereLaunch(cond, zero, g, shape), b.shape),
    ];
  });
  return out;
}

function whereLaunch(cond: Tensor, a: Tensor, b: Tensor, shape: number[]): Tensor {
  const out = new Tensor(shape);
  dispatchKernel(KERNELS.where.main, {
    buffers: [cond.buffer, a.buffer, b.buffer, out.buffer],
    params: {
      n: out.size,
      rank: shape.length,
      shape,
      cStrides: broadcastStrides(cond.shape, shape),
      aStrides: broadcastStrides(a.shape, shape),
      bStrides: broadcastStrides(b.shape, shape),
    },
    workgroups: grid(out.size),
  });
  return out;
}
