/**
 * Host-side plan for kernels/matmul.wgsl: batched C = op(A) * op(B) in f32.
 *
 * `planMatmul` turns a problem into what a WebGPU host needs for one dispatch:
 * the pipeline override constants, the exact bytes of the uniform Params
 * struct (8 u32: M, N, K, strideA, strideB, strideC, 0, 0) and the workgroup
 * counts. Pure TypeScript, no host API.
 *
 * The kernel declares A, B and C as vec4 arrays: bind each with a byte size
 * that is a multiple of 16 (pad the allocation) and at an offset that is a
 * multiple of 16 bytes. Each distinct `constants` object is a separate
 * pipeline; llvmpipe takes ~10 s to compile one the first time (~25 s when
 * n % 4 != 0), then Mesa's disk cache serves it. Cache pipelines by
 * JSON.stringify(constants).
 */

/** A batched matrix product C[b] = op(A[b]) * op(B[b]); C is [batch][m][n]. */
export interface MatmulProblem {
  /** Number of matrices in the batch (1 .. 65535). */
  batch: number;
  /** Rows of op(A) and of C. */
  m: number;
  /** Columns of op(B) and of C. */
  n: number;
  /** Columns of op(A) = rows of op(B). */
  k: number;
  /** A is stored [batch][k][m] instead of [batch][m][k]. */
  transA: boolean;
  /** B is stored [batch][n][k] instead of [batch][k][n]. */
  transB: boolean;
  /** Elements between consecutive batch entries of A; 0 = the same A for all. */
  aBatchStride: number;
  /** Elements between consecutive batch entries of B; 0 = the same B for all. */
  bBatchStride: number;
}

/** What the host passes to createComputePipeline, writeBuffer and dispatchWorkgroups. */
export interface MatmulPlan {
  /** Pipeline override constants (booleans as 0/1). */
  constants: Record<string, number>;
  /** The uniform Params struct, byte for byte (8 u32 = 32 bytes). */
  params: Uint32Array;
  /** dispatchWorkgroups(x, y, z). */
  workgroups: [number, number, number];
}

/** Rows and columns of C computed by one invocation (fixed in the kernel). */
export const MATMUL_TILE = 32;

/** Invocations per workgroup: one llvmpipe SIMD group. */
const LANES = 8;

/** Fraction of invocations of a wx x wy workgroup grid that have work. */
function busy(tilesX: number, tilesY: number, wx: number, wy: number): number {
  return (tilesX / (Math.ceil(tilesX / wx) * wx)) * (tilesY / (Math.ceil(tilesY / wy) * wy));
}

/**
 * Plans one dispatch of kernels/matmul.wgsl.
 *
 * Turns on the vec4 paths when sizes and strides allow (see the kernel
 * header), and lays the 8 invocations of a workgroup along rows (1 x 8)
 * instead of columns (8 x 1) when that leaves fewer of them idle. C's batch
 * stride is m * n. Throws RangeError on sizes the kernel cannot take.
 */
export function planMatmul(p: MatmulProblem): MatmulPlan {
  const { batch, m, n, k, transA, transB, aBatchStride, bBatchStride } = p;
  const ints = { batch, m, n, k, aBatchStride, bBatchStride };
  for (const [name, v] of Object.entries(ints)) {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) {
      throw new RangeError(`planMatmul: ${name} must be an integer in [0, 2^32), got ${v}`);
    }
  }
  if (batch < 1 || m < 1 || n < 1 || k < 1) {
    throw new RangeError(`planMatmul: batch, m, n, k must be >= 1, got ${batch}, ${m}, ${n}, ${k}`);
  }
  if (batch * m * n > 0xffffffff) throw new RangeError("planMatmul: C has 2^32 or more elements");

  const tilesX = Math.ceil(n / MATMUL_TILE);
  const tilesY = Math.ceil(m / MATMUL_TILE);
  const alongRows = busy(tilesX, tilesY, 1, LANES) > busy(tilesX, tilesY, LANES, 1);
  const wgX = alongRows ? 1 : LANES;
  const wgY = LANES / wgX;
  const workgroups: [number, number, number] = [
    Math.ceil(tilesX / wgX),
    Math.ceil(tilesY / wgY),
    batch,
  ];
  if (workgroups.some((c) => c > 65535)) {
    throw new RangeError(
      `planMatmul: dispatch (${workgroups}) exceeds 65535 workgroups per dimension`,
    );
  }

  return {
    constants: {
      TRANS_A: transA ? 1 : 0,
      TRANS_B: transB ? 1 : 0,
      VEC4_A: aBatchStride % 4 === 0 && (transA ? m : k) % 4 === 0 ? 1 : 0,
      VEC4_B: bBatchStride % 4 === 0 && (transB ? k : n) % 4 === 0 ? 1 : 0,
      VEC4_C: n % 4 === 0 ? 1 : 0,
      WG_X: wgX,
      WG_Y: wgY,
    },
    params: new Uint32Array([m, n, k, aBatchStride, bBatchStride, m * n, 0, 0]),
    workgroups,
  };
}
