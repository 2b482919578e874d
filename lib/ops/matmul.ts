/**
 * Batched matrix product (kernels/matmul.wgsl) with optional transposes, and its
 * gradient (two more matmuls with the transposes flipped).
 *
 * @example
 * const y = matmul(x, w);                        // [n, k] x [k, m] -> [n, m]
 * const s = matmul(q, k, { transB: true });      // [b, t, d] x [b, t, d]^T -> [b, t, t]
 */
import { record } from "../autodiff/tape.ts";
import { gpu } from "../gpu/gpu.ts";
import { shapeText, sizeOf, Tensor } from "../tensor.ts";
import { planMatmul } from "./matmul_plan.ts";
import { sumToShape } from "./reduce.ts";
import { reshape } from "./shape.ts";
import { checkLoop } from "./util.ts";

/** Transpose flags: op(A) = A^T when transA, op(B) = B^T when transB. */
export interface MatmulOptions {
  transA?: boolean;
  transB?: boolean;
}

function launch(a: Tensor, b: Tensor, transA: boolean, transB: boolean): Tensor {
  const fail = (why: string): never => {
    throw new Error(
      `matmul: ${shapeText(a.shape)}${transA ? "^T" : ""} x ${shapeText(b.shape)}${
        transB ? "^T" : ""
      }: ${why}`,
    );
  };
  if (a.dtype !== "f32" || b.dtype !== "f32") fail("expected f32 tensors");
  if (a.rank < 2 || b.rank < 2) fail("both operands need at least 2 dimensions");
  const [ar, ac] = a.shape.slice(-2);
  const [br, bc] = b.shape.slice(-2);
  const [m, k] = transA ? [ac, ar] : [ar, ac];
  const [k2, n] = transB ? [bc, br] : [br, bc];
  if (k !== k2) fail(`inner dimensions ${k} and ${k2} differ`);
  const aBatch = a.shape.slice(0, -2);
  const bBatch = b.shape.slice(0, -2);
  const aCount = sizeOf(aBatch);
  const bCount = sizeOf(bBatch);
  let batchShape: readonly number[];
  if (aCount === bCount && aBatch.length === bBatch.length) batchShape = aBatch;
  else if (aCount === 1) batchShape = bBatch;
  else if (bCount === 1) batchShape = aBatch;
  else batchShape = fail("batch dimensions must match, or one side must have none");
  const batch = sizeOf(batchShape);
  const out = new Tensor([...batchShape, m, n]);
  const problem = {
    batch,
    m,
    n,
    k,
    transA,
    transB,
    aBatchStride: aCount === 1 ? 0 : m * k,
    bBatchStride: bCount === 1 ? 0 : k * n,
  };
  const plan = planMatmul(problem);
  // The register-blocked kernel pays off on large, vec4-aligned problems; everything else
  // (and its slow-to-compile unaligned variant) goes to the simple kernel.
  const fast = plan.constants.VEC4_A === 1 && plan.constants.VEC4_B === 1 && m >= 32 && n >= 32 &&
    k >= 16;
  if (fast) {
    gpu().dispatch({
      kernel: "matmul",
      constants: plan.constants,
      buffers: [a.buffer, b.buffer, out.buffer],
      params: plan.params,
      workgroups: plan.workgroups,
    });
  } else {
    checkLoop("matmul", `inner dimension ${k}`, k);
    gpu().dispatch({
      kernel: "matmul_small",
      constants: { TRANS_A: transA ? 1 : 0, TRANS_B: transB ? 1 : 0 },
      buffers: [a.buffer, b.buffer, out.buffer],
      params: new Uint32Array([m, n, k, problem.aBatchStride, problem.bBatchStride, m * n, 0, 0]),
      workgroups: [Math.ceil(Math.ceil(n / 4) / 8), Math.ceil(Math.ceil(m / 4) / 8), batch],
    });
  }
  return out;
}

/**
 * op(a) x op(b) over the last two axes; leading (batch) axes must match, or one operand
 * has none (or a batch of 1) and is shared by all.
 */
export function matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  const transA = options.transA ?? false;
  const transB = options.transB ?? false;
  const y = launch(a, b, transA, transB);
  record("matmul", [a, b], y, (g) => {
    const ga = transA ? launch(b, g, transB, true) : launch(g, b, false, !transB);
    const gb = transB ? launch(g, a, true, transA) : launch(a, g, !transA, false);
    return [reduceBatch(ga, a.shape), reduceBatch(gb, b.shape)];
  });
  return y;
}

/** Sums a batched gradient over the batch when the operand was shared by the batch. */
function reduceBatch(g: Tensor, shape: readonly number[]): Tensor {
  if (g.size === sizeOf(shape)) {
    const r = reshape(g, shape);
    g.dispose();
    return r;
  }
  const flat = reshape(g, [-1, ...shape.slice(-2)]);
  const s = sumToShape(flat, [1, ...shape.slice(-2)]);
  return reshape(s, shape);
}
