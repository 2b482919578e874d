/**
 * Batched matrix product with optional transposes, and its gradient (two more matmuls with
 * the transposes flipped). Large problems pack both operands into textures and run
 * kernels/matmul_tex.wgsl; small ones (or ones over the texture limits) run
 * kernels/matmul_small.wgsl.
 *
 * @example
 * const y = matmul(x, w);                        // [n, k] x [k, m] -> [n, m]
 * const s = matmul(q, k, { transB: true });      // [b, t, d] x [b, t, d]^T -> [b, t, t]
 */
import { record } from "../autodiff/tape.ts";
import { gpu } from "../gpu/gpu.ts";
import { viewOf } from "../gpu/texture_pool.ts";
import { dispatchKernel, KERNELS } from "../gpu/kernel_dispatch.ts";
import { shapeText, sizeOf, Tensor } from "../tensor.ts";
import { planMatmulTexture, type TexturePackPlan } from "./matmul_plan.ts";
import { sumToShape } from "./reduce.ts";
import { reshape } from "./shape.ts";
import { checkLoop, lanes } from "./util.ts";

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
  // Large problems read both operands through textures (kernels/matmul_tex.wgsl): on CPU
  // adapters a texel fetch costs a fraction of a storage load.
  const texturePlan = m >= 32 && n >= 16 && k >= 8
    ? planMatmulTexture(problem, gpu().limits, lanes())
    : null;
  if (texturePlan) {
    const g = gpu();
    const ta = pack(a.buffer, texturePlan.a);
    const tb = pack(b.buffer, texturePlan.b);
    dispatchKernel(KERNELS.matmul_tex.main, {
      constants: texturePlan.constants,
      buffers: [
        viewOf(ta, "2d-array"),
        viewOf(tb, "2d-array"),
        out.buffer,
      ],
      params: texturePlan.params,
      workgroups: texturePlan.workgroups,
    });
    g.textures.release(ta);
    g.textures.release(tb);
    return out;
  }
  checkLoop("matmul", `inner dimension ${k}`, k);
  dispatchKernel(KERNELS.matmul_small.main, {
    constants: { TRANS_A: transA ? 1 : 0, TRANS_B: transB ? 1 : 0 },
    buffers: [a.buffer, b.buffer, out.buffer],
    params: {
      M: m,
      N: n,
      K: k,
      strideA: problem.aBatchStride,
      strideB: problem.bBatchStride,
      strideC: m * n,
    },
    workgroups: [Math.ceil(Math.ceil(n / 4) / 8), Math.ceil(Math.ceil(m / 4) / 8), batch],
  });
  return out;
}

/**
 * Packs an operand into a pooled texture (kernels/pack_tex.wgsl), or copies it there when
 * it is already laid out as the texture; the caller releases the texture.
 */
function pack(source: GPUBuffer, plan: TexturePackPlan): GPUTexture {
  const g = gpu();
  const texture = g.textures.acquire(plan.width, plan.height, plan.layers);
  if (plan.copyBytesPerRow) {
    g.copyToTexture(source, plan.copyBytesPerRow, texture, [plan.width, plan.rows, plan.layers]);
    return texture;
  }
  dispatchKernel(KERNELS.pack_tex.main, {
    constants: plan.constants,
    buffers: [source, viewOf(texture, "2d-array")],
    params: plan.params,
    workgroups: plan.workgroups,
  });
  return texture;
}

/**
 * {@link matmul} without recording on the tape: for ops whose forward or backward is built
 * from matrix products (a 3x3 convolution's Winograd form).
 *
 * @example
 * const m = matmulUnrecorded(v, u); // [36, t, c] x [36, c, o] -> [36, t, o]
 */
export function matmulUnrecorded(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  return launch(a, b, options.transA ?? false, options.transB ?? false);
}

/**
 * op(a) x op(b) over the last two axes; leading (batch) axes must match, or one operand
 * has none (or a batch of 1) and is shared by all.
 *
 * @example
 * const c = matmul(fromArray([1, 2, 3, 4], [2, 2]), fromArray([1, 0, 0, 1], [2, 2])); // [[1, 2], [3, 4]]
 * const g = matmul(x, w, { transA: true }); // x^T w
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
