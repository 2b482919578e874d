/**
 * Host-side plan for the texture path of matmul: kernels/pack_tex.wgsl packs op(A) and
 * op(B) into rgba32float texture arrays, kernels/matmul_tex.wgsl multiplies them.
 *
 * `planMatmulTexture` turns a problem into what a WebGPU host needs for the three
 * dispatches: texture sizes, pipeline override constants, the fields of each uniform Params
 * struct (by name; `packParams` of lib/gpu/kernel_dispatch.ts gives their bytes) and the
 * workgroup counts. Pure TypeScript, no host API.
 *
 * Storage buffers are declared as vec4 arrays: bind each with a byte size that is a
 * multiple of 16 (pad the allocation). Each distinct `constants` object is a separate
 * pipeline (llvmpipe takes seconds to compile matmul_tex the first time, then Mesa's disk
 * cache serves it): cache pipelines by JSON.stringify(constants).
 *
 * @example
 * const plan = planMatmulTexture(
 *   { batch: 1, m: 1024, n: 1024, k: 1024, transA: false, transB: false, aBatchStride: 0, bBatchStride: 0 },
 *   device.limits,
 * ); // plan.a, plan.b: the two packs; plan.workgroups: the matmul_tex dispatch
 */
import type { KernelParams } from "../gpu/kernel_dispatch.ts";
import type { KERNELS } from "../gpu/kernel_types.ts";

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

/** How to pack one operand into a texture with kernels/pack_tex.wgsl. */
export interface TexturePackPlan {
  /** Texture size in texels and layers. */
  width: number;
  height: number;
  layers: number;
  /** Pipeline override constants of pack_tex. */
  constants: { VEC4: number; ROWS4: number };
  /** The uniform Params of pack_tex. */
  params: KernelParams<typeof KERNELS.pack_tex.main.params>;
  /** dispatchWorkgroups(x, y, z) of pack_tex. */
  workgroups: [number, number, number];
  /**
   * Set when the operand is already laid out as the texture (contiguous rows of exactly
   * `width` texels, 256-byte aligned): copyBufferToTexture with this many bytes per row
   * replaces the pack dispatch. Rows past the data then keep stale values, which only
   * reach outputs past M or N (never stored).
   */
  copyBytesPerRow?: number;
  /** Rows of data per layer (the copy's height). */
  rows: number;
}

/** What the host needs for the texture path: two packs, then one matmul_tex dispatch. */
export interface MatmulTexturePlan {
  a: TexturePackPlan;
  b: TexturePackPlan;
  /** Pipeline override constants of matmul_tex. */
  constants: { VEC4_C: number; WG_X: number; WG_Y: number };
  /** The uniform Params of matmul_tex. */
  params: KernelParams<typeof KERNELS.matmul_tex.main.params>;
  /** dispatchWorkgroups(x, y, z) of matmul_tex. */
  workgroups: [number, number, number];
}

/** Rows and columns of C computed by one invocation of kernels/matmul_tex.wgsl. */
export const MATMUL_TEX_TILE = { rows: 32, cols: 16 };

function packPlan(
  rows: number,
  cols: number,
  rowStride: number,
  colStride: number,
  batchStride: number,
  layers: number,
  width: number,
  height: number,
): TexturePackPlan {
  const vec4 = colStride === 1 && rowStride % 4 === 0 && batchStride % 4 === 0 && cols % 4 === 0;
  const rows4 = !vec4 && rowStride === 1 && colStride % 4 === 0 && batchStride % 4 === 0 &&
    rows % 4 === 0 && height % 4 === 0;
  const copyable = colStride === 1 && rowStride === cols && width * 4 === cols &&
    (cols * 4) % 256 === 0 && (layers === 1 || batchStride === rows * cols) && height >= rows;
  return {
    copyBytesPerRow: copyable ? cols * 4 : undefined,
    rows,
    width,
    height,
    layers,
    constants: { VEC4: vec4 ? 1 : 0, ROWS4: rows4 ? 1 : 0 },
    params: { rows, cols, rowStride, colStride, batchStride },
    workgroups: [Math.ceil(width / 8), Math.ceil(height / (rows4 ? 32 : 8)), layers],
  };
}

/**
 * Plans the texture path (kernels/pack_tex.wgsl twice, then kernels/matmul_tex.wgsl), or
 * returns null when the textures would pass `limits` (texture size or array layers).
 * Texture sizes are padded to whole tiles so that the kernel needs no bounds checks.
 * `lanes` is the workgroup width (the adapter's SIMD lanes, lib/gpu/adapter.ts simdLanes);
 * it groups invocations and does not change a result.
 */
export function planMatmulTexture(
  p: MatmulProblem,
  limits: { maxTextureDimension2D: number; maxTextureArrayLayers: number },
  lanes = 8,
): MatmulTexturePlan | null {
  const { batch, m, n, k, transA, transB, aBatchStride, bBatchStride } = p;
  const ints = { batch, m, n, k, aBatchStride, bBatchStride };
  for (const [name, v] of Object.entries(ints)) {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) {
      throw new RangeError(`planMatmulTexture: ${name} must be an integer in [0, 2^32), got ${v}`);
    }
  }
  if (batch < 1 || m < 1 || n < 1 || k < 1) {
    throw new RangeError(
      `planMatmulTexture: batch, m, n, k must be >= 1, got ${batch}, ${m}, ${n}, ${k}`,
    );
  }
  if (batch * m * n > 0xffffffff) return null;
  const tilesX = Math.ceil(n / MATMUL_TEX_TILE.cols);
  const tilesY = Math.ceil(m / MATMUL_TEX_TILE.rows);
  const k4 = Math.ceil(k / 4);
  const aLayers = aBatchStride === 0 ? 1 : batch;
  const bLayers = bBatchStride === 0 ? 1 : batch;
  const a = packPlan(
    m,
    k,
    transA ? 1 : k,
    transA ? m : 1,
    aBatchStride,
    aLayers,
    k4,
    tilesY * MATMUL_TEX_TILE.rows,
  );
  const b = packPlan(
    k,
    n,
    transB ? 1 : n,
    transB ? k : 1,
    bBatchStride,
    bLayers,
    tilesX * MATMUL_TEX_TILE.cols / 4,
    k4 * 4,
  );
  const dims = [a.width, a.height, b.width, b.height];
  if (dims.some((d) => d > limits.maxTextureDimension2D)) return null;
  if (Math.max(aLayers, bLayers) > limits.maxTextureArrayLayers) return null;
  // The SIMD lanes always run along the columns of C, even when fewer than 8 column tiles
  // leave lanes idle: lanes along rows (1 x 8) measured 1.7-6x slower for outputs 32-112 wide.
  const workgroups: [number, number, number] = [Math.ceil(tilesX / lanes), tilesY, batch];
  if (workgroups.some((c) => c > 65535)) return null;
  return {
    a,
    b,
    constants: { VEC4_C: n % 4 === 0 ? 1 : 0, WG_X: lanes, WG_Y: 1 },
    params: {
      M: m,
      N: n,
      K4: k4,
      strideC: m * n,
      aLayers: aLayers === 1 ? 0 : 1,
      bLayers: bLayers === 1 ? 0 : 1,
    },
    workgroups,
  };
}
