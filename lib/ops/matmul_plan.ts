/**
 * Host-side plan for kernels/matmul.wgsl: batched C = op(A) * op(B) in f32.
 *
 * `planMatmul` turns a problem into what a WebGPU host needs for one dispatch:
 * the pipeline override constants, the exact bytes of the uniform Params
 * struct (8 u32: M, N, K, strideA, strideB, strideC, 0, 0) and the workgroup
 * counts. Pure TypeScript, no host API.
 *
 * The kernel reads A and B as vec4 arrays: bind them with a byte size that is
 * a multiple of 16 (pad the allocation) and, when they are sub-ranges, at
 * offsets that are multiples of 16 bytes (WebGPU's 256-byte storage offset
 * alignment already ensures that).
 */

/** A batched matrix product C[b] = op(A[b]) * op(B[b]); C is [batch][m][n]. */
export interface MatmulProblem {
  /** Number of matrices in the batch (>= 1; at most 65535). */
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
  /** Elements between consecutive batch entries of A; 0 = same A for all. */
  aBatchStride: number;
  /** Elements between consecutive batch entries of B; 0 = same B for all. */
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

/** Invocations per SIMD group on llvmpipe: the workgroup size used. */
const LANES = 8;

/**
 * Plans one dispatch of kernels/matmul.wgsl.
 *
 * Chooses the vec4 load paths when alignment allows (see the kernel header)
 * and a workgroup shape that leaves few idle invocations for narrow outputs.
 * C's batch stride is m * n. Throws on sizes the kernel cannot take.
 */
export function planMatmul(p: MatmulProblem): MatmulPlan {
  const { batch, m, n, k, transA, transB, aBatchStride, bBatchStride } = p;
  for (const [name, v] of Object.entries({ batch, m, n, k, aBatchStride, bBatchStride })) {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) {
      throw new RangeError(`planMatmul: ${name} must be an integer in [0, 2^32), got ${v}`);
    }
  }
  if (batch < 1 || m < 1 || n < 1 || k < 1) {
    throw new RangeError(`planMatmul: batch, m, n, k must be >= 1 (got ${batch}, ${m}, ${n}, ${k})`);
  }
  if (m * n * batch > 0xffffffff) throw new RangeError("planMatmul: C has more than 2^32 elements");

  const vec4A = aBatchStride % 4 === 0 && (transA ? m : k) % 4 === 0;
  const vec4B = bBatchStride % 4 === 0 && (transB ? k : n) % 4 === 0;

  const tilesX = Math.ceil(n / MATMUL_TILE);
  const tilesY = Math.ceil(m / MATMUL_TILE);
  // Lanes along x (columns) unless there are too few column tiles to fill them.
  let wgX = LANES;
  while (wgX > 1 && wgX / 2 >= tilesX) wgX /= 2;
  const wgY = LANES / wgX;
  const workgroups: [number, number, number] = [
    Math.ceil(tilesX / wgX),
    Math.ceil(tilesY / wgY),
    batch,
  ];
  for (const c of workgroups) {
    if (c > 65535) throw new RangeError(`planMatmul: dispatch ${workgroups} exceeds 65535 per dimension`);
  }

  return {
    constants: {
      TRANS_A: transA ? 1 : 0,
      TRANS_B: transB ? 1 : 0,
      VEC4_A: vec4A ? 1 : 0,
      VEC4_B: vec4B ? 1 : 0,
      WG_X: wgX,
      WG_Y: wgY,
    },
    params: new Uint32Array([m, n, k, aBatchStride, bBatchStride, m * n, 0, 0]),
    workgroups,
  };
}
