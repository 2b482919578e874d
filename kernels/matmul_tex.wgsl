// kernels/matmul_tex.wgsl: batched matrix multiply C = op(A) * op(B), f32, with both
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
//   A's texture is at least ceil(K/4) x 32*ceil(M/32) texels, B's at least
//   4*ceil(N/16) x 4*ceil(K/4). Every float at k >= K, and every column of B past N,
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
//   32 x 16 tile of C at rows 32*g.y .. 32*g.y + 31, columns 16*g.x .. 16*g.x + 15,
//   batch entry g.z.
//   dispatch = (ceil(ceil(N / 16) / WG_X), ceil(ceil(M / 32) / WG_Y), batch)
//   Invocations whose tile starts at or past M or N return at once; stores are guarded.
//
// WHY TEXTURES (measured on Mesa llvmpipe 22.3, AVX2, 2 cores)
//   llvmpipe runs 8 invocations as the 8 lanes of a SIMD vector. A storage-buffer load
//   becomes a loop over the lanes, each with a branch, a scalar load and a round trip
//   through the stack; a texel fetch is SIMD address arithmetic and one gather. With
//   this kernel (packs included) a 1024 x 1024 product runs at 16.5 GFLOP/s on 2 cores,
//   against 5.9 for the storage-buffer kernel it replaced (a 32 x 32 tile). The 128
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
  let row = gid.y * 32u; // first row of this invocation's tile
  let col = gid.x * 16u; // first column
  if (row >= P.M || col >= P.N) { return; }
  let la = gid.z * P.aLayers;
  let lb = gid.z * P.bLayers;
  let cq = col / 4u; // first texel column of B

  // Accumulators: c<i>_<v> = C(row + i, col + 4v .. col + 4v + 3).
  var c0_0 = vec4<f32>(); var c0_1 = vec4<f32>(); var c0_2 = vec4<f32>(); var c0_3 = vec4<f32>();
  var c1_0 = vec4<f32>(); var c1_1 = vec4<f32>(); var c1_2 = vec4<f32>(); var c1_3 = vec4<f32>();
  var c2_0 = vec4<f32>(); var c2_1 = vec4<f32>(); var c2_2 = vec4<f32>(); var c2_3 = vec4<f32>();
  var c3_0 = vec4<f32>(); var c3_1 = vec4<f32>(); var c3_2 = vec4<f32>(); var c3_3 = vec4<f32>();
  var c4_0 = vec4<f32>(); var c4_1 = vec4<f32>(); var c4_2 = vec4<f32>(); var c4_3 = vec4<f32>();
  var c5_0 = vec4<f32>(); var c5_1 = vec4<f32>(); var c5_2 = vec4<f32>(); var c5_3 = vec4<f32>();
  var c6_0 = vec4<f32>(); var c6_1 = vec4<f32>(); var c6_2 = vec4<f32>(); var c6_3 = vec4<f32>();
  var c7_0 = vec4<f32>(); var c7_1 = vec4<f32>(); var c7_2 = vec4<f32>(); var c7_3 = vec4<f32>();
  var c8_0 = vec4<f32>(); var c8_1 = vec4<f32>(); var c8_2 = vec4<f32>(); var c8_3 = vec4<f32>();
  var c9_0 = vec4<f32>(); var c9_1 = vec4<f32>(); var c9_2 = vec4<f32>(); var c9_3 = vec4<f32>();
  var c10_0 = vec4<f32>(); var c10_1 = vec4<f32>(); var c10_2 = vec4<f32>(); var c10_3 = vec4<f32>();
  var c11_0 = vec4<f32>(); var c11_1 = vec4<f32>(); var c11_2 = vec4<f32>(); var c11_3 = vec4<f32>();
  var c12_0 = vec4<f32>(); var c12_1 = vec4<f32>(); var c12_2 = vec4<f32>(); var c12_3 = vec4<f32>();
  var c13_0 = vec4<f32>(); var c13_1 = vec4<f32>(); var c13_2 = vec4<f32>(); var c13_3 = vec4<f32>();
  var c14_0 = vec4<f32>(); var c14_1 = vec4<f32>(); var c14_2 = vec4<f32>(); var c14_3 = vec4<f32>();
  var c15_0 = vec4<f32>(); var c15_1 = vec4<f32>(); var c15_2 = vec4<f32>(); var c15_3 = vec4<f32>();
  var c16_0 = vec4<f32>(); var c16_1 = vec4<f32>(); var c16_2 = vec4<f32>(); var c16_3 = vec4<f32>();
  var c17_0 = vec4<f32>(); var c17_1 = vec4<f32>(); var c17_2 = vec4<f32>(); var c17_3 = vec4<f32>();
  var c18_0 = vec4<f32>(); var c18_1 = vec4<f32>(); var c18_2 = vec4<f32>(); var c18_3 = vec4<f32>();
  var c19_0 = vec4<f32>(); var c19_1 = vec4<f32>(); var c19_2 = vec4<f32>(); var c19_3 = vec4<f32>();
  var c20_0 = vec4<f32>(); var c20_1 = vec4<f32>(); var c20_2 = vec4<f32>(); var c20_3 = vec4<f32>();
  var c21_0 = vec4<f32>(); var c21_1 = vec4<f32>(); var c21_2 = vec4<f32>(); var c21_3 = vec4<f32>();
  var c22_0 = vec4<f32>(); var c22_1 = vec4<f32>(); var c22_2 = vec4<f32>(); var c22_3 = vec4<f32>();
  var c23_0 = vec4<f32>(); var c23_1 = vec4<f32>(); var c23_2 = vec4<f32>(); var c23_3 = vec4<f32>();
  var c24_0 = vec4<f32>(); var c24_1 = vec4<f32>(); var c24_2 = vec4<f32>(); var c24_3 = vec4<f32>();
  var c25_0 = vec4<f32>(); var c25_1 = vec4<f32>(); var c25_2 = vec4<f32>(); var c25_3 = vec4<f32>();
  var c26_0 = vec4<f32>(); var c26_1 = vec4<f32>(); var c26_2 = vec4<f32>(); var c26_3 = vec4<f32>();
  var c27_0 = vec4<f32>(); var c27_1 = vec4<f32>(); var c27_2 = vec4<f32>(); var c27_3 = vec4<f32>();
  var c28_0 = vec4<f32>(); var c28_1 = vec4<f32>(); var c28_2 = vec4<f32>(); var c28_3 = vec4<f32>();
  var c29_0 = vec4<f32>(); var c29_1 = vec4<f32>(); var c29_2 = vec4<f32>(); var c29_3 = vec4<f32>();
  var c30_0 = vec4<f32>(); var c30_1 = vec4<f32>(); var c30_2 = vec4<f32>(); var c30_3 = vec4<f32>();
  var c31_0 = vec4<f32>(); var c31_1 = vec4<f32>(); var c31_2 = vec4<f32>(); var c31_3 = vec4<f32>();

  for (var kq = 0u; kq < P.K4; kq++) {
    let k = 4u * kq;
    // b<t>_<v> = op(B)(k + t, col + 4v .. col + 4v + 3)
    let b0_0 = textureLoad(B, vec2<u32>(cq + 0u, k + 0u), lb, 0); let b0_1 = textureLoad(B, vec2<u32>(cq + 1u, k + 0u), lb, 0); let b0_2 = textureLoad(B, vec2<u32>(cq + 2u, k + 0u), lb, 0); let b0_3 = textureLoad(B, vec2<u32>(cq + 3u, k + 0u), lb, 0);
    let b1_0 = textureLoad(B, vec2<u32>(cq + 0u, k + 1u), lb, 0); let b1_1 = textureLoad(B, vec2<u32>(cq + 1u, k + 1u), lb, 0); let b1_2 = textureLoad(B, vec2<u32>(cq + 2u, k + 1u), lb, 0); let b1_3 = textureLoad(B, vec2<u32>(cq + 3u, k + 1u), lb, 0);
    let b2_0 = textureLoad(B, vec2<u32>(cq + 0u, k + 2u), lb, 0); let b2_1 = textureLoad(B, vec2<u32>(cq + 1u, k + 2u), lb, 0); let b2_2 = textureLoad(B, vec2<u32>(cq + 2u, k + 2u), lb, 0); let b2_3 = textureLoad(B, vec2<u32>(cq + 3u, k + 2u), lb, 0);
    let b3_0 = textureLoad(B, vec2<u32>(cq + 0u, k + 3u), lb, 0); let b3_1 = textureLoad(B, vec2<u32>(cq + 1u, k + 3u), lb, 0); let b3_2 = textureLoad(B, vec2<u32>(cq + 2u, k + 3u), lb, 0); let b3_3 = textureLoad(B, vec2<u32>(cq + 3u, k + 3u), lb, 0);
    // a<i> = op(A)(row + i, k .. k + 3)
    let a0 = textureLoad(A, vec2<u32>(kq, row + 0u), la, 0);
    c0_0 = fma(b3_0, vec4(a0.w), fma(b2_0, vec4(a0.z), fma(b1_0, vec4(a0.y), fma(b0_0, vec4(a0.x), c0_0))));
    c0_1 = fma(b3_1, vec4(a0.w), fma(b2_1, vec4(a0.z), fma(b1_1, vec4(a0.y), fma(b0_1, vec4(a0.x), c0_1))));
    c0_2 = fma(b3_2, vec4(a0.w), fma(b2_2, vec4(a0.z), fma(b1_2, vec4(a0.y), fma(b0_2, vec4(a0.x), c0_2))));
    c0_3 = fma(b3_3, vec4(a0.w), fma(b2_3, vec4(a0.z), fma(b1_3, vec4(a0.y), fma(b0_3, vec4(a0.x), c0_3))));
    let a1 = textureLoad(A, vec2<u32>(kq, row + 1u), la, 0);
    c1_0 = fma(b3_0, vec4(a1.w), fma(b2_0, vec4(a1.z), fma(b1_0, vec4(a1.y), fma(b0_0, vec4(a1.x), c1_0))));
    c1_1 = fma(b3_1, vec4(a1.w), fma(b2_1, vec4(a1.z), fma(b1_1, vec4(a1.y), fma(b0_1, vec4(a1.x), c1_1))));
    c1_2 = fma(b3_2, vec4(a1.w), fma(b2_2, vec4(a1.z), fma(b1_2, vec4(a1.y), fma(b0_2, vec4(a1.x), c1_2))));
    c1_3 = fma(b3_3, vec4(a1.w), fma(b2_3, vec4(a1.z), fma(b1_3, vec4(a1.y), fma(b0_3, vec4(a1.x), c1_3))));
    let a2 = textureLoad(A, vec2<u32>(kq, row + 2u), la, 0);
    c2_0 = fma(b3_0, vec4(a2.w), fma(b2_0, vec4(a2.z), fma(b1_0, vec4(a2.y), fma(b0_0, vec4(a2.x), c2_0))));
    c2_1 = fma(b3_1, vec4(a2.w), fma(b2_1, vec4(a2.z), fma(b1_1, vec4(a2.y), fma(b0_1, vec4(a2.x), c2_1))));
    c2_2 = fma(b3_2, vec4(a2.w), fma(b2_2, vec4(a2.z), fma(b1_2, vec4(a2.y), fma(b0_2, vec4(a2.x), c2_2))));
    c2_3 = fma(b3_3, vec4(a2.w), fma(b2_3, vec4(a2.z), fma(b1_3, vec4(a2.y), fma(b0_3, vec4(a2.x), c2_3))));
    let a3 = textureLoad(A, vec2<u32>(kq, row + 3u), la, 0);
    c3_0 = fma(b3_0, vec4(a3.w), fma(b2_0, vec4(a3.z), fma(b1_0, vec4(a3.y), fma(b0_0, vec4(a3.x), c3_0))));
    c3_1 = fma(b3_1, vec4(a3.w), fma(b2_1, vec4(a3.z), fma(b1_1, vec4(a3.y), fma(b0_1, vec4(a3.x), c3_1))));
    c3_2 = fma(b3_2, vec4(a3.w), fma(b2_2, vec4(a3.z), fma(b1_2, vec4(a3.y), fma(b0_2, vec4(a3.x), c3_2))));
    c3_3 = fma(b3_3, vec4(a3.w), fma(b2_3, vec4(a3.z), fma(b1_3, vec4(a3.y), fma(b0_3, vec4(a3.x), c3_3))));
    let a4 = textureLoad(A, vec2<u32>(kq, row + 4u), la, 0);
    c4_0 = fma(b3_0, vec4(a4.w), fma(b2_0, vec4(a4.z), fma(b1_0, vec4(a4.y), fma(b0_0, vec4(a4.x), c4_0))));
    c4_1 = fma(b3_1, vec4(a4.w), fma(b2_1, vec4(a4.z), fma(b1_1, vec4(a4.y), fma(b0_1, vec4(a4.x), c4_1))));
    c4_2 = fma(b3_2, vec4(a4.w), fma(b2_2, vec4(a4.z), fma(b1_2, vec4(a4.y), fma(b0_2, vec4(a4.x), c4_2))));
    c4_3 = fma(b3_3, vec4(a4.w), fma(b2_3, vec4(a4.z), fma(b1_3, vec4(a4.y), fma(b0_3, vec4(a4.x), c4_3))));
    let a5 = textureLoad(A, vec2<u32>(kq, row + 5u), la, 0);
    c5_0 = fma(b3_0, vec4(a5.w), fma(b2_0, vec4(a5.z), fma(b1_0, vec4(a5.y), fma(b0_0, vec4(a5.x), c5_0))));
    c5_1 = fma(b3_1, vec4(a5.w), fma(b2_1, vec4(a5.z), fma(b1_1, vec4(a5.y), fma(b0_1, vec4(a5.x), c5_1))));
    c5_2 = fma(b3_2, vec4(a5.w), fma(b2_2, vec4(a5.z), fma(b1_2, vec4(a5.y), fma(b0_2, vec4(a5.x), c5_2))));
    c5_3 = fma(b3_3, vec4(a5.w), fma(b2_3, vec4(a5.z), fma(b1_3, vec4(a5.y), fma(b0_3, vec4(a5.x), c5_3))));
    let a6 = textureLoad(A, vec2<u32>(kq, row + 6u), la, 0);
    c6_0 = fma(b3_0, vec4(a6.w), fma(b2_0, vec4(a6.z), fma(b1_0, vec4(a6.y), fma(b0_0, vec4(a6.x), c6_0))));
    c6_1 = fma(b3_1, vec4(a6.w), fma(b2_1, vec4(a6.z), fma(b1_1, vec4(a6.y), fma(b0_1, vec4(a6.x), c6_1))));
    c6_2 = fma(b3_2, vec4(a6.w), fma(b2_2, vec4(a6.z), fma(b1_2, vec4(a6.y), fma(b0_2, vec4(a6.x), c6_2))));
    c6_3 = fma(b3_3, vec4(a6.w), fma(b2_3, vec4(a6.z), fma(b1_3, vec4(a6.y), fma(b0_3, vec4(a6.x), c6_3))));
    let a7 = textureLoad(A, vec2<u32>(kq, row + 7u), la, 0);
    c7_0 = fma(b3_0, vec4(a7.w), fma(b2_0, vec4(a7.z), fma(b1_0, vec4(a7.y), fma(b0_0, vec4(a7.x), c7_0))));
    c7_1 = fma(b3_1, vec4(a7.w), fma(b2_1, vec4(a7.z), fma(b1_1, vec4(a7.y), fma(b0_1, vec4(a7.x), c7_1))));
    c7_2 = fma(b3_2, vec4(a7.w), fma(b2_2, vec4(a7.z), fma(b1_2, vec4(a7.y), fma(b0_2, vec4(a7.x), c7_2))));
    c7_3 = fma(b3_3, vec4(a7.w), fma(b2_3, vec4(a7.z), fma(b1_3, vec4(a7.y), fma(b0_3, vec4(a7.x), c7_3))));
    let a8 = textureLoad(A, vec2<u32>(kq, row + 8u), la, 0);
    c8_0 = fma(b3_0, vec4(a8.w), fma(b2_0, vec4(a8.z), fma(b1_0, vec4(a8.y), fma(b0_0, vec4(a8.x), c8_0))));
    c8_1 = fma(b3_1, vec4(a8.w), fma(b2_1, vec4(a8.z), fma(b1_1, vec4(a8.y), fma(b0_1, vec4(a8.x), c8_1))));
    c8_2 = fma(b3_2, vec4(a8.w), fma(b2_2, vec4(a8.z), fma(b1_2, vec4(a8.y), fma(b0_2, vec4(a8.x), c8_2))));
    c8_3 = fma(b3_3, vec4(a8.w), fma(b2_3, vec4(a8.z), fma(b1_3, vec4(a8.y), fma(b0_3, vec4(a8.x), c8_3))));
    let a9 = textureLoad(A, vec2<u32>(kq, row + 9u), la, 0);
    c9_0 = fma(b3_0, vec4(a9.w), fma(b2_0, vec4(a9.z), fma(b1_0, vec4(a9.y), fma(b0_0, vec4(a9.x), c9_0))));
    c9_1 = fma(b3_1, vec4(a9.w), fma(b2_1, vec4(a9.z), fma(b1_1, vec4(a9.y), fma(b0_1, vec4(a9.x), c9_1))));
    c9_2 = fma(b3_2, vec4(a9.w), fma(b2_2, vec4(a9.z), fma(b1_2, vec4(a9.y), fma(b0_2, vec4(a9.x), c9_2))));
    c9_3 = fma(b3_3, vec4(a9.w), fma(b2_3, vec4(a9.z), fma(b1_3, vec4(a9.y), fma(b0_3, vec4(a9.x), c9_3))));
    let a10 = textureLoad(A, vec2<u32>(kq, row + 10u), la, 0);
    c10_0 = fma(b3_0, vec4(a10.w), fma(b2_0, vec4(a10.z), fma(b1_0, vec4(a10.y), fma(b0_0, vec4(a10.x), c10_0))));
    c10_1 = fma(b3_1, vec4(a10.w), fma(b2_1, vec4(a10.z), fma(b1_1, vec4(a10.y), fma(b0_1, vec4(a10.x), c10_1))));
    c10_2 = fma(b3_2, vec4(a10.w), fma(b2_2, vec4(a10.z), fma(b1_2, vec4(a10.y), fma(b0_2, vec4(a10.x), c10_2))));
    c10_3 = fma(b3_3, vec4(a10.w), fma(b2_3, vec4(a10.z), fma(b1_3, vec4(a10.y), fma(b0_3, vec4(a10.x), c10_3))));
    let a11 = textureLoad(A, vec2<u32>(kq, row + 11u), la, 0);
    c11_0 = fma(b3_0, vec4(a11.w), fma(b2_0, vec4(a11.z), fma(b1_0, vec4(a11.y), fma(b0_0, vec4(a11.x), c11_0))));
    c11_1 = fma(b3_1, vec4(a11.w), fma(b2_1, vec4(a11.z), fma(b1_1, vec4(a11.y), fma(b0_1, vec4(a11.x), c11_1))));
    c11_2 = fma(b3_2, vec4(a11.w), fma(b2_2, vec4(a11.z), fma(b1_2, vec4(a11.y), fma(b0_2, vec4(a11.x), c11_2))));
    c11_3 = fma(b3_3, vec4(a11.w), fma(b2_3, vec4(a11.z), fma(b1_3, vec4(a11.y), fma(b0_3, vec4(a11.x), c11_3))));
    let a12 = textureLoad(A, vec2<u32>(kq, row + 12u), la, 0);
    c12_0 = fma(b3_0, vec4(a12.w), fma(b2_0, vec4(a12.z), fma(b1_0, vec4(a12.y), fma(b0_0, vec4(a12.x), c12_0))));
    c12_1 = fma(b3_1, vec4(a12.w), fma(b2_1, vec4(a12.z), fma(b1_1, vec4(a12.y), fma(b0_1, vec4(a12.x), c12_1))));
    c12_2 = fma(b3_2, vec4(a12.w), fma(b2_2, vec4(a12.z), fma(b1_2, vec4(a12.y), fma(b0_2, vec4(a12.x), c12_2))));
    c12_3 = fma(b3_3, vec4(a12.w), fma(b2_3, vec4(a12.z), fma(b1_3, vec4(a12.y), fma(b0_3, vec4(a12.x), c12_3))));
    let a13 = textureLoad(A, vec2<u32>(kq, row + 13u), la, 0);
    c13_0 = fma(b3_0, vec4(a13.w), fma(b2_0, vec4(a13.z), fma(b1_0, vec4(a13.y), fma(b0_0, vec4(a13.x), c13_0))));
    c13_1 = fma(b3_1, vec4(a13.w), fma(b2_1, vec4(a13.z), fma(b1_1, vec4(a13.y), fma(b0_1, vec4(a13.x), c13_1))));
    c13_2 = fma(b3_2, vec4(a13.w), fma(b2_2, vec4(a13.z), fma(b1_2, vec4(a13.y), fma(b0_2, vec4(a13.x), c13_2))));
    c13_3 = fma(b3_3, vec4(a13.w), fma(b2_3, vec4(a13.z), fma(b1_3, vec4(a13.y), fma(b0_3, vec4(a13.x), c13_3))));
    let a14 = textureLoad(A, vec2<u32>(kq, row + 14u), la, 0);
    c14_0 = fma(b3_0, vec4(a14.w), fma(b2_0, vec4(a14.z), fma(b1_0, vec4(a14.y), fma(b0_0, vec4(a14.x), c14_0))));
    c14_1 = fma(b3_1, vec4(a14.w), fma(b2_1, vec4(a14.z), fma(b1_1, vec4(a14.y), fma(b0_1, vec4(a14.x), c14_1))));
    c14_2 = fma(b3_2, vec4(a14.w), fma(b2_2, vec4(a14.z), fma(b1_2, vec4(a14.y), fma(b0_2, vec4(a14.x), c14_2))));
    c14_3 = fma(b3_3, vec4(a14.w), fma(b2_3, vec4(a14.z), fma(b1_3, vec4(a14.y), fma(b0_3, vec4(a14.x), c14_3))));
    let a15 = textureLoad(A, vec2<u32>(kq, row + 15u), la, 0);
    c15_0 = fma(b3_0, vec4(a15.w), fma(b2_0, vec4(a15.z), fma(b1_0, vec4(a15.y), fma(b0_0, vec4(a15.x), c15_0))));
    c15_1 = fma(b3_1, vec4(a15.w), fma(b2_1, vec4(a15.z), fma(b1_1, vec4(a15.y), fma(b0_1, vec4(a15.x), c15_1))));
    c15_2 = fma(b3_2, vec4(a15.w), fma(b2_2, vec4(a15.z), fma(b1_2, vec4(a15.y), fma(b0_2, vec4(a15.x), c15_2))));
    c15_3 = fma(b3_3, vec4(a15.w), fma(b2_3, vec4(a15.z), fma(b1_3, vec4(a15.y), fma(b0_3, vec4(a15.x), c15_3))));
    let a16 = textureLoad(A, vec2<u32>(kq, row + 16u), la, 0);
    c16_0 = fma(b3_0, vec4(a16.w), fma(b2_0, vec4(a16.z), fma(b1_0, vec4(a16.y), fma(b0_0, vec4(a16.x), c16_0))));
    c16_1 = fma(b3_1, vec4(a16.w), fma(b2_1, vec4(a16.z), fma(b1_1, vec4(a16.y), fma(b0_1, vec4(a16.x), c16_1))));
    c16_2 = fma(b3_2, vec4(a16.w), fma(b2_2, vec4(a16.z), fma(b1_2, vec4(a16.y), fma(b0_2, vec4(a16.x), c16_2))));
    c16_3 = fma(b3_3, vec4(a16.w), fma(b2_3, vec4(a16.z), fma(b1_3, vec4(a16.y), fma(b0_3, vec4(a16.x), c16_3))));
    let a17 = textureLoad(A, vec2<u32>(kq, row + 17u), la, 0);
    c17_0 = fma(b3_0, vec4(a17.w), fma(b2_0, vec4(a17.z), fma(b1_0, vec4(a17.y), fma(b0_0, vec4(a17.x), c17_0))));
    c17_1 = fma(b3_1, vec4(a17.w), fma(b2_1, vec4(a17.z), fma(b1_1, vec4(a17.y), fma(b0_1, vec4(a17.x), c17_1))));
    c17_2 = fma(b3_2, vec4(a17.w), fma(b2_2, vec4(a17.z), fma(b1_2, vec4(a17.y), fma(b0_2, vec4(a17.x), c17_2))));
    c17_3 = fma(b3_3, vec4(a17.w), fma(b2_3, vec4(a17.z), fma(b1_3, vec4(a17.y), fma(b0_3, vec4(a17.x), c17_3))));
    let a18 = textureLoad(A, vec2<u32>(kq, row + 18u), la, 0);
    c18_0 = fma(b3_0, vec4(a18.w), fma(b2_0, vec4(a18.z), fma(b1_0, vec4(a18.y), fma(b0_0, vec4(a18.x), c18_0))));
    c18_1 = fma(b3_1, vec4(a18.w), fma(b2_1, vec4(a18.z), fma(b1_1, vec4(a18.y), fma(b0_1, vec4(a18.x), c18_1))));
    c18_2 = fma(b3_2, vec4(a18.w), fma(b2_2, vec4(a18.z), fma(b1_2, vec4(a18.y), fma(b0_2, vec4(a18.x), c18_2))));
    c18_3 = fma(b3_3, vec4(a18.w), fma(b2_3, vec4(a18.z), fma(b1_3, vec4(a18.y), fma(b0_3, vec4(a18.x), c18_3))));
    let a19 = textureLoad(A, vec2<u32>(kq, row + 19u), la, 0);
    c19_0 = fma(b3_0, vec4(a19.w), fma(b2_0, vec4(a19.z), fma(b1_0, vec4(a19.y), fma(b0_0, vec4(a19.x), c19_0))));
    c19_1 = fma(b3_1, vec4(a19.w), fma(b2_1, vec4(a19.z), fma(b1_1, vec4(a19.y), fma(b0_1, vec4(a19.x), c19_1))));
    c19_2 = fma(b3_2, vec4(a19.w), fma(b2_2, vec4(a19.z), fma(b1_2, vec4(a19.y), fma(b0_2, vec4(a19.x), c19_2))));
    c19_3 = fma(b3_3, vec4(a19.w), fma(b2_3, vec4(a19.z), fma(b1_3, vec4(a19.y), fma(b0_3, vec4(a19.x), c19_3))));
    let a20 = textureLoad(A, vec2<u32>(kq, row + 20u), la, 0);
    c20_0 = fma(b3_0, vec4(a20.w), fma(b2_0, vec4(a20.z), fma(b1_0, vec4(a20.y), fma(b0_0, vec4(a20.x), c20_0))));
    c20_1 = fma(b3_1, vec4(a20.w), fma(b2_1, vec4(a20.z), fma(b1_1, vec4(a20.y), fma(b0_1, vec4(a20.x), c20_1))));
    c20_2 = fma(b3_2, vec4(a20.w), fma(b2_2, vec4(a20.z), fma(b1_2, vec4(a20.y), fma(b0_2, vec4(a20.x), c20_2))));
    c20_3 = fma(b3_3, vec4(a20.w), fma(b2_3, vec4(a20.z), fma(b1_3, vec4(a20.y), fma(b0_3, vec4(a20.x), c20_3))));
    let a21 = textureLoad(A, vec2<u32>(kq, row + 21u), la, 0);
    c21_0 = fma(b3_0, vec4(a21.w), fma(b2_0, vec4(a21.z), fma(b1_0, vec4(a21.y), fma(b0_0, vec4(a21.x), c21_0))));
    c21_1 = fma(b3_1, vec4(a21.w), fma(b2_1, vec4(a21.z), fma(b1_1, vec4(a21.y), fma(b0_1, vec4(a21.x), c21_1))));
    c21_2 = fma(b3_2, vec4(a21.w), fma(b2_2, vec4(a21.z), fma(b1_2, vec4(a21.y), fma(b0_2, vec4(a21.x), c21_2))));
    c21_3 = fma(b3_3, vec4(a21.w), fma(b2_3, vec4(a21.z), fma(b1_3, vec4(a21.y), fma(b0_3, vec4(a21.x), c21_3))));
    let a22 = textureLoad(A, vec2<u32>(kq, row + 22u), la, 0);
    c22_0 = fma(b3_0, vec4(a22.w), fma(b2_0, vec4(a22.z), fma(b1_0, vec4(a22.y), fma(b0_0, vec4(a22.x), c22_0))));
    c22_1 = fma(b3_1, vec4(a22.w), fma(b2_1, vec4(a22.z), fma(b1_1, vec4(a22.y), fma(b0_1, vec4(a22.x), c22_1))));
    c22_2 = fma(b3_2, vec4(a22.w), fma(b2_2, vec4(a22.z), fma(b1_2, vec4(a22.y), fma(b0_2, vec4(a22.x), c22_2))));
    c22_3 = fma(b3_3, vec4(a22.w), fma(b2_3, vec4(a22.z), fma(b1_3, vec4(a22.y), fma(b0_3, vec4(a22.x), c22_3))));
    let a23 = textureLoad(A, vec2<u32>(kq, row + 23u), la, 0);
    c23_0 = fma(b3_0, vec4(a23.w), fma(b2_0, vec4(a23.z), fma(b1_0, vec4(a23.y), fma(b0_0, vec4(a23.x), c23_0))));
    c23_1 = fma(b3_1, vec4(a23.w), fma(b2_1, vec4(a23.z), fma(b1_1, vec4(a23.y), fma(b0_1, vec4(a23.x), c23_1))));
    c23_2 = fma(b3_2, vec4(a23.w), fma(b2_2, vec4(a23.z), fma(b1_2, vec4(a23.y), fma(b0_2, vec4(a23.x), c23_2))));
    c23_3 = fma(b3_3, vec4(a23.w), fma(b2_3, vec4(a23.z), fma(b1_3, vec4(a23.y), fma(b0_3, vec4(a23.x), c23_3))));
    let a24 = textureLoad(A, vec2<u32>(kq, row + 24u), la, 0);
    c24_0 = fma(b3_0, vec4(a24.w), fma(b2_0, vec4(a24.z), fma(b1_0, vec4(a24.y), fma(b0_0, vec4(a24.x), c24_0))));
    c24_1 = fma(b3_1, vec4(a24.w), fma(b2_1, vec4(a24.z), fma(b1_1, vec4(a24.y), fma(b0_1, vec4(a24.x), c24_1))));
    c24_2 = fma(b3_2, vec4(a24.w), fma(b2_2, vec4(a24.z), fma(b1_2, vec4(a24.y), fma(b0_2, vec4(a24.x), c24_2))));
    c24_3 = fma(b3_3, vec4(a24.w), fma(b2_3, vec4(a24.z), fma(b1_3, vec4(a24.y), fma(b0_3, vec4(a24.x), c24_3))));
    let a25 = textureLoad(A, vec2<u32>(kq, row + 25u), la, 0);
    c25_0 = fma(b3_0, vec4(a25.w), fma(b2_0, vec4(a25.z), fma(b1_0, vec4(a25.y), fma(b0_0, vec4(a25.x), c25_0))));
    c25_1 = fma(b3_1, vec4(a25.w), fma(b2_1, vec4(a25.z), fma(b1_1, vec4(a25.y), fma(b0_1, vec4(a25.x), c25_1))));
    c25_2 = fma(b3_2, vec4(a25.w), fma(b2_2, vec4(a25.z), fma(b1_2, vec4(a25.y), fma(b0_2, vec4(a25.x), c25_2))));
    c25_3 = fma(b3_3, vec4(a25.w), fma(b2_3, vec4(a25.z), fma(b1_3, vec4(a25.y), fma(b0_3, vec4(a25.x), c25_3))));
    let a26 = textureLoad(A, vec2<u32>(kq, row + 26u), la, 0);
    c26_0 = fma(b3_0, vec4(a26.w), fma(b2_0, vec4(a26.z), fma(b1_0, vec4(a26.y), fma(b0_0, vec4(a26.x), c26_0))));
    c26_1 = fma(b3_1, vec4(a26.w), fma(b2_1, vec4(a26.z), fma(b1_1, vec4(a26.y), fma(b0_1, vec4(a26.x), c26_1))));
    c26_2 = fma(b3_2, vec4(a26.w), fma(b2_2, vec4(a26.z), fma(b1_2, vec4(a26.y), fma(b0_2, vec4(a26.x), c26_2))));
    c26_3 = fma(b3_3, vec4(a26.w), fma(b2_3, vec4(a26.z), fma(b1_3, vec4(a26.y), fma(b0_3, vec4(a26.x), c26_3))));
    let a27 = textureLoad(A, vec2<u32>(kq, row + 27u), la, 0);
    c27_0 = fma(b3_0, vec4(a27.w), fma(b2_0, vec4(a27.z), fma(b1_0, vec4(a27.y), fma(b0_0, vec4(a27.x), c27_0))));
    c27_1 = fma(b3_1, vec4(a27.w), fma(b2_1, vec4(a27.z), fma(b1_1, vec4(a27.y), fma(b0_1, vec4(a27.x), c27_1))));
    c27_2 = fma(b3_2, vec4(a27.w), fma(b2_2, vec4(a27.z), fma(b1_2, vec4(a27.y), fma(b0_2, vec4(a27.x), c27_2))));
    c27_3 = fma(b3_3, vec4(a27.w), fma(b2_3, vec4(a27.z), fma(b1_3, vec4(a27.y), fma(b0_3, vec4(a27.x), c27_3))));
    let a28 = textureLoad(A, vec2<u32>(kq, row + 28u), la, 0);
    c28_0 = fma(b3_0, vec4(a28.w), fma(b2_0, vec4(a28.z), fma(b1_0, vec4(a28.y), fma(b0_0, vec4(a28.x), c28_0))));
    c28_1 = fma(b3_1, vec4(a28.w), fma(b2_1, vec4(a28.z), fma(b1_1, vec4(a28.y), fma(b0_1, vec4(a28.x), c28_1))));
    c28_2 = fma(b3_2, vec4(a28.w), fma(b2_2, vec4(a28.z), fma(b1_2, vec4(a28.y), fma(b0_2, vec4(a28.x), c28_2))));
    c28_3 = fma(b3_3, vec4(a28.w), fma(b2_3, vec4(a28.z), fma(b1_3, vec4(a28.y), fma(b0_3, vec4(a28.x), c28_3))));
    let a29 = textureLoad(A, vec2<u32>(kq, row + 29u), la, 0);
    c29_0 = fma(b3_0, vec4(a29.w), fma(b2_0, vec4(a29.z), fma(b1_0, vec4(a29.y), fma(b0_0, vec4(a29.x), c29_0))));
    c29_1 = fma(b3_1, vec4(a29.w), fma(b2_1, vec4(a29.z), fma(b1_1, vec4(a29.y), fma(b0_1, vec4(a29.x), c29_1))));
    c29_2 = fma(b3_2, vec4(a29.w), fma(b2_2, vec4(a29.z), fma(b1_2, vec4(a29.y), fma(b0_2, vec4(a29.x), c29_2))));
    c29_3 = fma(b3_3, vec4(a29.w), fma(b2_3, vec4(a29.z), fma(b1_3, vec4(a29.y), fma(b0_3, vec4(a29.x), c29_3))));
    let a30 = textureLoad(A, vec2<u32>(kq, row + 30u), la, 0);
    c30_0 = fma(b3_0, vec4(a30.w), fma(b2_0, vec4(a30.z), fma(b1_0, vec4(a30.y), fma(b0_0, vec4(a30.x), c30_0))));
    c30_1 = fma(b3_1, vec4(a30.w), fma(b2_1, vec4(a30.z), fma(b1_1, vec4(a30.y), fma(b0_1, vec4(a30.x), c30_1))));
    c30_2 = fma(b3_2, vec4(a30.w), fma(b2_2, vec4(a30.z), fma(b1_2, vec4(a30.y), fma(b0_2, vec4(a30.x), c30_2))));
    c30_3 = fma(b3_3, vec4(a30.w), fma(b2_3, vec4(a30.z), fma(b1_3, vec4(a30.y), fma(b0_3, vec4(a30.x), c30_3))));
    let a31 = textureLoad(A, vec2<u32>(kq, row + 31u), la, 0);
    c31_0 = fma(b3_0, vec4(a31.w), fma(b2_0, vec4(a31.z), fma(b1_0, vec4(a31.y), fma(b0_0, vec4(a31.x), c31_0))));
    c31_1 = fma(b3_1, vec4(a31.w), fma(b2_1, vec4(a31.z), fma(b1_1, vec4(a31.y), fma(b0_1, vec4(a31.x), c31_1))));
    c31_2 = fma(b3_2, vec4(a31.w), fma(b2_2, vec4(a31.z), fma(b1_2, vec4(a31.y), fma(b0_2, vec4(a31.x), c31_2))));
    c31_3 = fma(b3_3, vec4(a31.w), fma(b2_3, vec4(a31.z), fma(b1_3, vec4(a31.y), fma(b0_3, vec4(a31.x), c31_3))));
  }

  let base = gid.z * P.strideC;
  store4(base, row + 0u, col + 0u, c0_0); store4(base, row + 0u, col + 4u, c0_1); store4(base, row + 0u, col + 8u, c0_2); store4(base, row + 0u, col + 12u, c0_3);
  store4(base, row + 1u, col + 0u, c1_0); store4(base, row + 1u, col + 4u, c1_1); store4(base, row + 1u, col + 8u, c1_2); store4(base, row + 1u, col + 12u, c1_3);
  store4(base, row + 2u, col + 0u, c2_0); store4(base, row + 2u, col + 4u, c2_1); store4(base, row + 2u, col + 8u, c2_2); store4(base, row + 2u, col + 12u, c2_3);
  store4(base, row + 3u, col + 0u, c3_0); store4(base, row + 3u, col + 4u, c3_1); store4(base, row + 3u, col + 8u, c3_2); store4(base, row + 3u, col + 12u, c3_3);
  store4(base, row + 4u, col + 0u, c4_0); store4(base, row + 4u, col + 4u, c4_1); store4(base, row + 4u, col + 8u, c4_2); store4(base, row + 4u, col + 12u, c4_3);
  store4(base, row + 5u, col + 0u, c5_0); store4(base, row + 5u, col + 4u, c5_1); store4(base, row + 5u, col + 8u, c5_2); store4(base, row + 5u, col + 12u, c5_3);
  store4(base, row + 6u, col + 0u, c6_0); store4(base, row + 6u, col + 4u, c6_1); store4(base, row + 6u, col + 8u, c6_2); store4(base, row + 6u, col + 12u, c6_3);
  store4(base, row + 7u, col + 0u, c7_0); store4(base, row + 7u, col + 4u, c7_1); store4(base, row + 7u, col + 8u, c7_2); store4(base, row + 7u, col + 12u, c7_3);
  store4(base, row + 8u, col + 0u, c8_0); store4(base, row + 8u, col + 4u, c8_1); store4(base, row + 8u, col + 8u, c8_2); store4(base, row + 8u, col + 12u, c8_3);
  store4(base, row + 9u, col + 0u, c9_0); store4(base, row + 9u, col + 4u, c9_1); store4(base, row + 9u, col + 8u, c9_2); store4(base, row + 9u, col + 12u, c9_3);
  store4(base, row + 10u, col + 0u, c10_0); store4(base, row + 10u, col + 4u, c10_1); store4(base, row + 10u, col + 8u, c10_2); store4(base, row + 10u, col + 12u, c10_3);
  store4(base, row + 11u, col + 0u, c11_0); store4(base, row + 11u, col + 4u, c11_1); store4(base, row + 11u, col + 8u, c11_2); store4(base, row + 11u, col + 12u, c11_3);
  store4(base, row + 12u, col + 0u, c12_0); store4(base, row + 12u, col + 4u, c12_1); store4(base, row + 12u, col + 8u, c12_2); store4(base, row + 12u, col + 12u, c12_3);
  store4(base, row + 13u, col + 0u, c13_0); store4(base, row + 13u, col + 4u, c13_1); store4(base, row + 13u, col + 8u, c13_2); store4(base, row + 13u, col + 12u, c13_3);
  store4(base, row + 14u, col + 0u, c14_0); store4(base, row + 14u, col + 4u, c14_1); store4(base, row + 14u, col + 8u, c14_2); store4(base, row + 14u, col + 12u, c14_3);
  store4(base, row + 15u, col + 0u, c15_0); store4(base, row + 15u, col + 4u, c15_1); store4(base, row + 15u, col + 8u, c15_2); store4(base, row + 15u, col + 12u, c15_3);
  store4(base, row + 16u, col + 0u, c16_0); store4(base, row + 16u, col + 4u, c16_1); store4(base, row + 16u, col + 8u, c16_2); store4(base, row + 16u, col + 12u, c16_3);
  store4(base, row + 17u, col + 0u, c17_0); store4(base, row + 17u, col + 4u, c17_1); store4(base, row + 17u, col + 8u, c17_2); store4(base, row + 17u, col + 12u, c17_3);
  store4(base, row + 18u, col + 0u, c18_0); store4(base, row + 18u, col + 4u, c18_1); store4(base, row + 18u, col + 8u, c18_2); store4(base, row + 18u, col + 12u, c18_3);
  store4(base, row + 19u, col + 0u, c19_0); store4(base, row + 19u, col + 4u, c19_1); store4(base, row + 19u, col + 8u, c19_2); store4(base, row + 19u, col + 12u, c19_3);
  store4(base, row + 20u, col + 0u, c20_0); store4(base, row + 20u, col + 4u, c20_1); store4(base, row + 20u, col + 8u, c20_2); store4(base, row + 20u, col + 12u, c20_3);
  store4(base, row + 21u, col + 0u, c21_0); store4(base, row + 21u, col + 4u, c21_1); store4(base, row + 21u, col + 8u, c21_2); store4(base, row + 21u, col + 12u, c21_3);
  store4(base, row + 22u, col + 0u, c22_0); store4(base, row + 22u, col + 4u, c22_1); store4(base, row + 22u, col + 8u, c22_2); store4(base, row + 22u, col + 12u, c22_3);
  store4(base, row + 23u, col + 0u, c23_0); store4(base, row + 23u, col + 4u, c23_1); store4(base, row + 23u, col + 8u, c23_2); store4(base, row + 23u, col + 12u, c23_3);
  store4(base, row + 24u, col + 0u, c24_0); store4(base, row + 24u, col + 4u, c24_1); store4(base, row + 24u, col + 8u, c24_2); store4(base, row + 24u, col + 12u, c24_3);
  store4(base, row + 25u, col + 0u, c25_0); store4(base, row + 25u, col + 4u, c25_1); store4(base, row + 25u, col + 8u, c25_2); store4(base, row + 25u, col + 12u, c25_3);
  store4(base, row + 26u, col + 0u, c26_0); store4(base, row + 26u, col + 4u, c26_1); store4(base, row + 26u, col + 8u, c26_2); store4(base, row + 26u, col + 12u, c26_3);
  store4(base, row + 27u, col + 0u, c27_0); store4(base, row + 27u, col + 4u, c27_1); store4(base, row + 27u, col + 8u, c27_2); store4(base, row + 27u, col + 12u, c27_3);
  store4(base, row + 28u, col + 0u, c28_0); store4(base, row + 28u, col + 4u, c28_1); store4(base, row + 28u, col + 8u, c28_2); store4(base, row + 28u, col + 12u, c28_3);
  store4(base, row + 29u, col + 0u, c29_0); store4(base, row + 29u, col + 4u, c29_1); store4(base, row + 29u, col + 8u, c29_2); store4(base, row + 29u, col + 12u, c29_3);
  store4(base, row + 30u, col + 0u, c30_0); store4(base, row + 30u, col + 4u, c30_1); store4(base, row + 30u, col + 8u, c30_2); store4(base, row + 30u, col + 12u, c30_3);
  store4(base, row + 31u, col + 0u, c31_0); store4(base, row + 31u, col + 4u, c31_1); store4(base, row + 31u, col + 8u, c31_2); store4(base, row + 31u, col + 12u, c31_3);
}
