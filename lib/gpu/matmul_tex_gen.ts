/**
 * The generator of kernels/matmul_tex.wgsl, whose body is unrolled: 128 named vec4
 * accumulators (a 32 x 16 tile of C per invocation), 16 texel loads of B and 32 of A per
 * step of 4 along k, and 128 guarded stores. `deno task matmul-tex` writes the file; a test
 * checks that the committed file is what this function returns for the tile of
 * lib/ops/matmul_plan.ts (`MATMUL_TEX_TILE`). To change the kernel, change this function
 * (the tile, or the text around the unrolled blocks) and run the task.
 *
 * @example
 * const wgsl = matmulTexWgsl(); // the text of kernels/matmul_tex.wgsl
 * @module
 */
import { MATMUL_TEX_TILE } from "../ops/matmul_plan.ts";

/** The C tile one invocation computes: `rows` rows, `cols` columns (a multiple of 4). */
export interface MatmulTexTile {
  rows: number;
  cols: number;
}

/**
 * The WGSL of kernels/matmul_tex.wgsl for a tile of C per invocation (by default the one
 * lib/ops/matmul_plan.ts dispatches for).
 */
export function matmulTexWgsl(tile: MatmulTexTile = MATMUL_TEX_TILE): string {
  const R = tile.rows;
  const N = tile.cols;
  if (!Number.isInteger(R) || R < 1 || !Number.isInteger(N) || N < 4 || N % 4 !== 0) {
    throw new RangeError(
      `matmulTexWgsl: a tile of ${R} x ${N}: rows must be >= 1, cols a positive multiple of 4`,
    );
  }
  /** vec4 columns of the tile. */
  const V = N / 4;
  const rows = Array.from({ length: R }, (_, i) => i);
  const vecs = Array.from({ length: V }, (_, v) => v);
  const taps = [0, 1, 2, 3];
  const lanes = ["x", "y", "z", "w"];
  const accumulators = rows.map((i) =>
    "  " + vecs.map((v) => `var c${i}_${v} = vec4<f32>();`).join(" ")
  );
  const loadsB = taps.map((t) =>
    "    " +
    vecs.map((v) => `let b${t}_${v} = textureLoad(B, vec2<u32>(cq + ${v}u, k + ${t}u), lb, 0);`)
      .join(" ")
  );
  const products = rows.flatMap((i) => [
    `    let a${i} = textureLoad(A, vec2<u32>(kq, row + ${i}u), la, 0);`,
    ...vecs.map((v) => {
      // c += b0 * a.x + b1 * a.y + b2 * a.z + b3 * a.w, as nested fma from the innermost
      let acc = `c${i}_${v}`;
      for (const t of taps) acc = `fma(b${t}_${v}, vec4(a${i}.${lanes[t]}), ${acc})`;
      return `    c${i}_${v} = ${acc};`;
    }),
  ]);
  const stores = rows.map((i) =>
    "  " +
    vecs.map((v) => `store4(base, row + ${i}u, col + ${4 * v}u, c${i}_${v});`).join(" ")
  );
  return `// kernels/matmul_tex.wgsl: batched matrix multiply C = op(A) * op(B), f32, with both
// operands read through rgba32float textures (pack them with kernels/pack_tex.wgsl).
// The unrolled body was generated and follows one pattern per block: when changing it,
// change every line of the block alike.
//
// BINDINGS (group 0)
//   @binding(0) A: texture_2d_array<f32>   (rgba32float) op(A) packed along k
//   @binding(1) B: texture_2d_array<f32>   (rgba32float) op(B) packed along columns
//   @binding(2) C: var<storage, read_write> array<vec4<f32>>, used as a flat f32 array
//   @binding(3) P: var<uniform>            Params (32 bytes, below)
//
// LAYOUTS (b = batch index, q = texel index; every texel holds 4 consecutive floats)
//   A texel (x = q, y = i, layer = b * P.aLayers) = op(A)(b, i, 4q .. 4q+3)
//   B texel (x = q, y = k, layer = b * P.bLayers) = op(B)(b, k, 4q .. 4q+3)
//   A's texture is at least ceil(K/4) x ${R}*ceil(M/${R}) texels, B's at least
//   ${V}*ceil(N/${N}) x 4*ceil(K/4). Every float at k >= K, and every column of B past N,
//   must be 0 (pack_tex writes zeros around the data); rows of A past M may hold
//   anything (they only reach rows of C that are not stored, so a host may fill A by
//   copyBufferToTexture). The loop runs over whole texels with no bounds checks.
//   C: [batch][M][N] row-major, C(b,i,j) = C[b*P.strideC + i*N + j]; overwritten.
//
// PARAMS: uniform struct of 8 u32, in order: M, N, K4 = ceil(K/4), strideC,
//   aLayers (1 when A has one matrix per batch entry, 0 when shared), bLayers (same
//   for B), 0, 0.
//
// OVERRIDES (pipeline constants)
//   VEC4_C: bool, default false: store C 4 floats at a time; only when N % 4 == 0.
//   WG_X, WG_Y: u32, default 8 and 1: the workgroup size. lib/ops/matmul_plan.ts always
//     uses lanes x 1, lanes = the adapter's SIMD lanes (llvmpipe: 8 at 256 bits, 16 at
//     512), so the lanes run along the columns of C; 1 x 8 measured 1.7-6x slower there
//     (outputs 32-112 wide), even where it keeps more lanes busy.
//
// WORK SPLIT AND DISPATCH
//   workgroup_size = (WG_X, WG_Y, 1). The invocation with global id g computes the
//   ${R} x ${N} tile of C at rows ${R}*g.y .. ${R}*g.y + ${
    R - 1
  }, columns ${N}*g.x .. ${N}*g.x + ${N - 1},
//   batch entry g.z.
//   dispatch = (ceil(ceil(N / ${N}) / WG_X), ceil(ceil(M / ${R}) / WG_Y), batch)
//   Invocations whose tile starts at or past M or N return at once; stores are guarded.
//
// WHY TEXTURES (measured on Mesa llvmpipe 22.3, AVX2, 2 cores)
//   llvmpipe runs 8 invocations as the 8 lanes of a SIMD vector. A storage-buffer load
//   becomes a loop over the lanes, each with a branch, a scalar load and a round trip
//   through the stack; a texel fetch is SIMD address arithmetic and one gather. With
//   this kernel (packs included) a 1024 x 1024 product runs at 16.5 GFLOP/s on 2 cores,
//   against 5.9 for the storage-buffer kernel it replaced (a 32 x 32 tile). The ${R * V}
//   accumulators are separately named vec4 variables (an array of accumulators compiles
//   to indexed memory).

struct Params {
  M: u32,
  N: u32,
  K4: u32,
  strideC: u32,
  aLayers: u32,
  bLayers: u32,
  pad0: u32,
  pad1: u32,
}

@group(0) @binding(0) var A: texture_2d_array<f32>;
@group(0) @binding(1) var B: texture_2d_array<f32>;
@group(0) @binding(2) var<storage, read_write> C: array<vec4<f32>>;
@group(0) @binding(3) var<uniform> P: Params;

override VEC4_C: bool = false;
override WG_X: u32 = 8u;
override WG_Y: u32 = 1u;

// Stores C(row, col .. col+3) of batch entry at flat offset base, guarding columns past N.
fn store4(base: u32, row: u32, col: u32, v: vec4<f32>) {
  if (row >= P.M || col >= P.N) { return; }
  let e = base + row * P.N + col;
  if (VEC4_C) { C[e >> 2u] = v; return; }
  C[e >> 2u][e & 3u] = v.x;
  if (col + 1u < P.N) { C[(e + 1u) >> 2u][(e + 1u) & 3u] = v.y; }
  if (col + 2u < P.N) { C[(e + 2u) >> 2u][(e + 2u) & 3u] = v.z; }
  if (col + 3u < P.N) { C[(e + 3u) >> 2u][(e + 3u) & 3u] = v.w; }
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let row = gid.y * ${R}u; // first row of this invocation's tile
  let col = gid.x * ${N}u; // first column
  if (row >= P.M || col >= P.N) { return; }
  let la = gid.z * P.aLayers;
  let lb = gid.z * P.bLayers;
  let cq = col / 4u; // first texel column of B

  // Accumulators: c<i>_<v> = C(row + i, col + 4v .. col + 4v + 3).
${accumulators.join("\n")}

  for (var kq = 0u; kq < P.K4; kq++) {
    let k = 4u * kq;
    // b<t>_<v> = op(B)(k + t, col + 4v .. col + 4v + 3)
${loadsB.join("\n")}
    // a<i> = op(A)(row + i, k .. k + 3)
${products.join("\n")}
  }

  let base = gid.z * P.strideC;
${stores.join("\n")}
}
`;
}
