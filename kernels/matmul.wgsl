// kernels/matmul.wgsl: batched matrix multiply C = op(A) * op(B), f32.
// op(X) is X or X^T, chosen per pipeline by override constants.
// The unrolled parts were generated and follow one pattern per block: when
// changing them, change every line of the block alike.
//
// BINDINGS (group 0)
//   @binding(0) A: var<storage, read>       array<vec4<f32>>, used as a flat f32 array
//   @binding(1) B: var<storage, read>       array<vec4<f32>>, used as a flat f32 array
//   @binding(2) C: var<storage, read_write> array<vec4<f32>>, used as a flat f32 array
//   @binding(3) P: var<uniform>             Params (32 bytes, below)
//   Flat element e of A is A[e / 4][e % 4] (same for B, C). They are vec4
//   arrays so that aligned data moves 4 floats per access. Bind A, B and C
//   with byte sizes that are multiples of 16 (pad the allocations): a host
//   that clamps vec4 indices to arrayLength would otherwise misread or drop
//   the last 1-3 floats.
//
// LAYOUTS (row-major, contiguous; offsets in f32 elements; b = batch index)
//   A, TRANS_A = false: [batch][M][K]   op(A)(b,i,k) = A[b*strideA + i*K + k]
//   A, TRANS_A = true:  [batch][K][M]   op(A)(b,i,k) = A[b*strideA + k*M + i]
//   B, TRANS_B = false: [batch][K][N]   op(B)(b,k,j) = B[b*strideB + k*N + j]
//   B, TRANS_B = true:  [batch][N][K]   op(B)(b,k,j) = B[b*strideB + j*K + k]
//   C:                  [batch][M][N]   C(b,i,j)     = C[b*strideC + i*N + j]
//   C(b,i,j) = sum over k of op(A)(b,i,k) * op(B)(b,k,j); C is overwritten.
//   strideA = 0 (strideB = 0) uses the same A (B) for every batch entry.
//   Any M, N, K >= 1.
//
// PARAMS: uniform struct of 8 u32, in order: M, N, K, strideA, strideB, strideC, 0, 0.
//
// OVERRIDES (pipeline constants)
//   TRANS_A, TRANS_B: bool, default false: the layouts above.
//   VEC4_A: bool, default false: load A 4 floats at a time. Set it only when
//     strideA % 4 == 0 and (TRANS_A ? M : K) % 4 == 0.
//   VEC4_B: bool, default false: the same for B; only when strideB % 4 == 0
//     and (TRANS_B ? K : N) % 4 == 0.
//   The fast loop runs when VEC4_A && VEC4_B; otherwise a general loop
//   (still using vec4 loads for a transposed A or a plain B when allowed).
//   VEC4_C: bool, default false: store C 4 floats at a time; only when
//     N % 4 == 0 (and so strideC % 4 == 0).
//   WG_X, WG_Y: u32, default 8 and 1: the workgroup size. Use 8 x 1, or 1 x 8
//     when the output is narrower than 8 tiles and taller than it is wide.
//   Each combination is a separate pipeline: llvmpipe 22.3 needs ~10 s to
//   compile one (~25 s with VEC4_C = false), once per machine (disk cache).
//
// WORK SPLIT AND DISPATCH
//   workgroup_size = (WG_X, WG_Y, 1). The invocation with global id g computes
//   the 32 x 32 tile of C at rows 32*g.y .. 32*g.y + 31, columns
//   32*g.x .. 32*g.x + 31, batch entry g.z.
//   dispatch = (ceil(ceil(N / 32) / WG_X), ceil(ceil(M / 32) / WG_Y), batch)
//   Invocations whose tile starts at or past M or N return at once. Edge
//   tiles clamp their loads to the last valid row/column, zero any k past K,
//   and guard their stores.
//
// WHY THIS SHAPE (measured on Mesa llvmpipe/lavapipe 22.3, AVX2, 2 cores)
//   llvmpipe runs 8 invocations as the 8 lanes of a SIMD vector. It loads
//   storage (and workgroup) memory one lane at a time and moves each lane's
//   float into the vector through the stack (a failed store-to-load forward):
//   ~25 cycles per lane and float, against ~1 cycle for an 8-lane FMA. Speed
//   is therefore set by multiply-adds per float loaded: a 32 x 32 tile loads
//   64 floats per k for 1024 multiply-adds. Its 256 accumulators are
//   separately named vec4 variables (an array of accumulators compiles to
//   indexed memory). Workgroup memory would not help: it is also loaded lane by
//   lane. A 32 x 64 tile runs ~30% faster but takes ~3x as long to compile
//   and wastes more on narrow outputs.


struct Params {
  M: u32,
  N: u32,
  K: u32,
  strideA: u32, // elements between batch entries of A; 0 = broadcast
  strideB: u32, // elements between batch entries of B; 0 = broadcast
  strideC: u32, // elements between batch entries of C (normally M * N)
  pad0: u32,
  pad1: u32,
}

@group(0) @binding(0) var<storage, read> A: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> B: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> C: array<vec4<f32>>;
@group(0) @binding(3) var<uniform> P: Params;

override TRANS_A: bool = false;
override TRANS_B: bool = false;
override VEC4_A: bool = false;
override VEC4_B: bool = false;
override VEC4_C: bool = false;
override WG_X: u32 = 8u;
override WG_Y: u32 = 1u;

// One float of the flat views of A and B.
fn a1(e: u32) -> f32 { return A[e >> 2u][e & 3u]; }
fn b1(e: u32) -> f32 { return B[e >> 2u][e & 3u]; }

// Flat offsets (at k = 0) of op(A) rows r..r+3, r a multiple of 4. Rows past
// M read row M-1; their results are never stored. When the 4 rows are loaded
// as one vec4 (TRANS_A && VEC4_A, so M % 4 == 0), all four offsets are that
// of the aligned block, clamped to the last block.
fn offsA4(base: u32, r: u32) -> vec4<u32> {
  let M = P.M;
  if (TRANS_A && VEC4_A) { return vec4<u32>(base + min(r, M - 4u)); }
  let i = min(vec4<u32>(r) + vec4<u32>(0u, 1u, 2u, 3u), vec4<u32>(M - 1u));
  return vec4<u32>(base) + select(i * P.K, i, TRANS_A);
}

// Flat offsets (at k = 0) of op(B) columns c..c+3, as offsA4.
fn offsB4(base: u32, c: u32) -> vec4<u32> {
  let N = P.N;
  if (!TRANS_B && VEC4_B) { return vec4<u32>(base + min(c, N - 4u)); }
  let j = min(vec4<u32>(c) + vec4<u32>(0u, 1u, 2u, 3u), vec4<u32>(N - 1u));
  return vec4<u32>(base) + select(j, j * P.K, TRANS_B);
}

// ---- General path: one k. `o` from offsA4/offsB4; `ka` / `kb` = flat step
// to this k (k * M or k for A, k or k * N for B).

// op(A)(r .. r+3, k)
fn loadA1(o: vec4<u32>, ka: u32) -> vec4<f32> {
  if (TRANS_A && VEC4_A) { return A[(o.x + ka) >> 2u]; }
  return vec4<f32>(a1(o.x + ka), a1(o.y + ka), a1(o.z + ka), a1(o.w + ka));
}

// op(B)(k, c .. c+3)
fn loadB1(o: vec4<u32>, kb: u32) -> vec4<f32> {
  if (!TRANS_B && VEC4_B) { return B[(o.x + kb) >> 2u]; }
  return vec4<f32>(b1(o.x + kb), b1(o.y + kb), b1(o.z + kb), b1(o.w + kb));
}

// ---- Fast path (VEC4_A && VEC4_B): k .. k+3, k a multiple of 4.
// Where the vec4 runs along k, K % 4 == 0 holds. Where it runs along rows or
// columns, K may not be a multiple of 4: k values past K read row K-1, then
// are zeroed.

// Column t = op(A)(r + t, k .. k+3).
fn loadA4(o: vec4<u32>, k: u32) -> mat4x4<f32> {
  if (!TRANS_A) {
    return mat4x4<f32>(A[(o.x + k) >> 2u], A[(o.y + k) >> 2u], A[(o.z + k) >> 2u], A[(o.w + k) >> 2u]);
  }
  let K = P.K;
  let M = P.M;
  let z = vec4<f32>(0.0);
  let v0 = A[(o.x + k * M) >> 2u];
  let v1 = select(z, A[(o.x + min(k + 1u, K - 1u) * M) >> 2u], k + 1u < K);
  let v2 = select(z, A[(o.x + min(k + 2u, K - 1u) * M) >> 2u], k + 2u < K);
  let v3 = select(z, A[(o.x + min(k + 3u, K - 1u) * M) >> 2u], k + 3u < K);
  return transpose(mat4x4<f32>(v0, v1, v2, v3));
}

// Column t = op(B)(k + t, c .. c+3).
fn loadB4(o: vec4<u32>, k: u32) -> mat4x4<f32> {
  if (TRANS_B) {
    return transpose(mat4x4<f32>(B[(o.x + k) >> 2u], B[(o.y + k) >> 2u], B[(o.z + k) >> 2u], B[(o.w + k) >> 2u]));
  }
  let K = P.K;
  let N = P.N;
  let z = vec4<f32>(0.0);
  let v0 = B[(o.x + k * N) >> 2u];
  let v1 = select(z, B[(o.x + min(k + 1u, K - 1u) * N) >> 2u], k + 1u < K);
  let v2 = select(z, B[(o.x + min(k + 2u, K - 1u) * N) >> 2u], k + 2u < K);
  let v3 = select(z, B[(o.x + min(k + 3u, K - 1u) * N) >> 2u], k + 3u < K);
  return mat4x4<f32>(v0, v1, v2, v3);
}

// One float of C (flat element e).
fn c1(e: u32, v: f32) { C[e >> 2u][e & 3u] = v; }


@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let M = P.M;
  let N = P.N;
  let K = P.K;
  let row = gid.y * 32u; // first row of this invocation's tile
  let col = gid.x * 32u; // first column
  if (row >= M || col >= N) { return; }
  let aBase = gid.z * P.strideA;
  let bBase = gid.z * P.strideB;

  // Accumulators: c<i>_<g> = C(row + i, col + 4g .. col + 4g + 3).
  var c0_0 = vec4<f32>(); var c0_1 = vec4<f32>(); var c0_2 = vec4<f32>(); var c0_3 = vec4<f32>();
  var c0_4 = vec4<f32>(); var c0_5 = vec4<f32>(); var c0_6 = vec4<f32>(); var c0_7 = vec4<f32>();
  var c1_0 = vec4<f32>(); var c1_1 = vec4<f32>(); var c1_2 = vec4<f32>(); var c1_3 = vec4<f32>();
  var c1_4 = vec4<f32>(); var c1_5 = vec4<f32>(); var c1_6 = vec4<f32>(); var c1_7 = vec4<f32>();
  var c2_0 = vec4<f32>(); var c2_1 = vec4<f32>(); var c2_2 = vec4<f32>(); var c2_3 = vec4<f32>();
  var c2_4 = vec4<f32>(); var c2_5 = vec4<f32>(); var c2_6 = vec4<f32>(); var c2_7 = vec4<f32>();
  var c3_0 = vec4<f32>(); var c3_1 = vec4<f32>(); var c3_2 = vec4<f32>(); var c3_3 = vec4<f32>();
  var c3_4 = vec4<f32>(); var c3_5 = vec4<f32>(); var c3_6 = vec4<f32>(); var c3_7 = vec4<f32>();
  var c4_0 = vec4<f32>(); var c4_1 = vec4<f32>(); var c4_2 = vec4<f32>(); var c4_3 = vec4<f32>();
  var c4_4 = vec4<f32>(); var c4_5 = vec4<f32>(); var c4_6 = vec4<f32>(); var c4_7 = vec4<f32>();
  var c5_0 = vec4<f32>(); var c5_1 = vec4<f32>(); var c5_2 = vec4<f32>(); var c5_3 = vec4<f32>();
  var c5_4 = vec4<f32>(); var c5_5 = vec4<f32>(); var c5_6 = vec4<f32>(); var c5_7 = vec4<f32>();
  var c6_0 = vec4<f32>(); var c6_1 = vec4<f32>(); var c6_2 = vec4<f32>(); var c6_3 = vec4<f32>();
  var c6_4 = vec4<f32>(); var c6_5 = vec4<f32>(); var c6_6 = vec4<f32>(); var c6_7 = vec4<f32>();
  var c7_0 = vec4<f32>(); var c7_1 = vec4<f32>(); var c7_2 = vec4<f32>(); var c7_3 = vec4<f32>();
  var c7_4 = vec4<f32>(); var c7_5 = vec4<f32>(); var c7_6 = vec4<f32>(); var c7_7 = vec4<f32>();
  var c8_0 = vec4<f32>(); var c8_1 = vec4<f32>(); var c8_2 = vec4<f32>(); var c8_3 = vec4<f32>();
  var c8_4 = vec4<f32>(); var c8_5 = vec4<f32>(); var c8_6 = vec4<f32>(); var c8_7 = vec4<f32>();
  var c9_0 = vec4<f32>(); var c9_1 = vec4<f32>(); var c9_2 = vec4<f32>(); var c9_3 = vec4<f32>();
  var c9_4 = vec4<f32>(); var c9_5 = vec4<f32>(); var c9_6 = vec4<f32>(); var c9_7 = vec4<f32>();
  var c10_0 = vec4<f32>(); var c10_1 = vec4<f32>(); var c10_2 = vec4<f32>(); var c10_3 = vec4<f32>();
  var c10_4 = vec4<f32>(); var c10_5 = vec4<f32>(); var c10_6 = vec4<f32>(); var c10_7 = vec4<f32>();
  var c11_0 = vec4<f32>(); var c11_1 = vec4<f32>(); var c11_2 = vec4<f32>(); var c11_3 = vec4<f32>();
  var c11_4 = vec4<f32>(); var c11_5 = vec4<f32>(); var c11_6 = vec4<f32>(); var c11_7 = vec4<f32>();
  var c12_0 = vec4<f32>(); var c12_1 = vec4<f32>(); var c12_2 = vec4<f32>(); var c12_3 = vec4<f32>();
  var c12_4 = vec4<f32>(); var c12_5 = vec4<f32>(); var c12_6 = vec4<f32>(); var c12_7 = vec4<f32>();
  var c13_0 = vec4<f32>(); var c13_1 = vec4<f32>(); var c13_2 = vec4<f32>(); var c13_3 = vec4<f32>();
  var c13_4 = vec4<f32>(); var c13_5 = vec4<f32>(); var c13_6 = vec4<f32>(); var c13_7 = vec4<f32>();
  var c14_0 = vec4<f32>(); var c14_1 = vec4<f32>(); var c14_2 = vec4<f32>(); var c14_3 = vec4<f32>();
  var c14_4 = vec4<f32>(); var c14_5 = vec4<f32>(); var c14_6 = vec4<f32>(); var c14_7 = vec4<f32>();
  var c15_0 = vec4<f32>(); var c15_1 = vec4<f32>(); var c15_2 = vec4<f32>(); var c15_3 = vec4<f32>();
  var c15_4 = vec4<f32>(); var c15_5 = vec4<f32>(); var c15_6 = vec4<f32>(); var c15_7 = vec4<f32>();
  var c16_0 = vec4<f32>(); var c16_1 = vec4<f32>(); var c16_2 = vec4<f32>(); var c16_3 = vec4<f32>();
  var c16_4 = vec4<f32>(); var c16_5 = vec4<f32>(); var c16_6 = vec4<f32>(); var c16_7 = vec4<f32>();
  var c17_0 = vec4<f32>(); var c17_1 = vec4<f32>(); var c17_2 = vec4<f32>(); var c17_3 = vec4<f32>();
  var c17_4 = vec4<f32>(); var c17_5 = vec4<f32>(); var c17_6 = vec4<f32>(); var c17_7 = vec4<f32>();
  var c18_0 = vec4<f32>(); var c18_1 = vec4<f32>(); var c18_2 = vec4<f32>(); var c18_3 = vec4<f32>();
  var c18_4 = vec4<f32>(); var c18_5 = vec4<f32>(); var c18_6 = vec4<f32>(); var c18_7 = vec4<f32>();
  var c19_0 = vec4<f32>(); var c19_1 = vec4<f32>(); var c19_2 = vec4<f32>(); var c19_3 = vec4<f32>();
  var c19_4 = vec4<f32>(); var c19_5 = vec4<f32>(); var c19_6 = vec4<f32>(); var c19_7 = vec4<f32>();
  var c20_0 = vec4<f32>(); var c20_1 = vec4<f32>(); var c20_2 = vec4<f32>(); var c20_3 = vec4<f32>();
  var c20_4 = vec4<f32>(); var c20_5 = vec4<f32>(); var c20_6 = vec4<f32>(); var c20_7 = vec4<f32>();
  var c21_0 = vec4<f32>(); var c21_1 = vec4<f32>(); var c21_2 = vec4<f32>(); var c21_3 = vec4<f32>();
  var c21_4 = vec4<f32>(); var c21_5 = vec4<f32>(); var c21_6 = vec4<f32>(); var c21_7 = vec4<f32>();
  var c22_0 = vec4<f32>(); var c22_1 = vec4<f32>(); var c22_2 = vec4<f32>(); var c22_3 = vec4<f32>();
  var c22_4 = vec4<f32>(); var c22_5 = vec4<f32>(); var c22_6 = vec4<f32>(); var c22_7 = vec4<f32>();
  var c23_0 = vec4<f32>(); var c23_1 = vec4<f32>(); var c23_2 = vec4<f32>(); var c23_3 = vec4<f32>();
  var c23_4 = vec4<f32>(); var c23_5 = vec4<f32>(); var c23_6 = vec4<f32>(); var c23_7 = vec4<f32>();
  var c24_0 = vec4<f32>(); var c24_1 = vec4<f32>(); var c24_2 = vec4<f32>(); var c24_3 = vec4<f32>();
  var c24_4 = vec4<f32>(); var c24_5 = vec4<f32>(); var c24_6 = vec4<f32>(); var c24_7 = vec4<f32>();
  var c25_0 = vec4<f32>(); var c25_1 = vec4<f32>(); var c25_2 = vec4<f32>(); var c25_3 = vec4<f32>();
  var c25_4 = vec4<f32>(); var c25_5 = vec4<f32>(); var c25_6 = vec4<f32>(); var c25_7 = vec4<f32>();
  var c26_0 = vec4<f32>(); var c26_1 = vec4<f32>(); var c26_2 = vec4<f32>(); var c26_3 = vec4<f32>();
  var c26_4 = vec4<f32>(); var c26_5 = vec4<f32>(); var c26_6 = vec4<f32>(); var c26_7 = vec4<f32>();
  var c27_0 = vec4<f32>(); var c27_1 = vec4<f32>(); var c27_2 = vec4<f32>(); var c27_3 = vec4<f32>();
  var c27_4 = vec4<f32>(); var c27_5 = vec4<f32>(); var c27_6 = vec4<f32>(); var c27_7 = vec4<f32>();
  var c28_0 = vec4<f32>(); var c28_1 = vec4<f32>(); var c28_2 = vec4<f32>(); var c28_3 = vec4<f32>();
  var c28_4 = vec4<f32>(); var c28_5 = vec4<f32>(); var c28_6 = vec4<f32>(); var c28_7 = vec4<f32>();
  var c29_0 = vec4<f32>(); var c29_1 = vec4<f32>(); var c29_2 = vec4<f32>(); var c29_3 = vec4<f32>();
  var c29_4 = vec4<f32>(); var c29_5 = vec4<f32>(); var c29_6 = vec4<f32>(); var c29_7 = vec4<f32>();
  var c30_0 = vec4<f32>(); var c30_1 = vec4<f32>(); var c30_2 = vec4<f32>(); var c30_3 = vec4<f32>();
  var c30_4 = vec4<f32>(); var c30_5 = vec4<f32>(); var c30_6 = vec4<f32>(); var c30_7 = vec4<f32>();
  var c31_0 = vec4<f32>(); var c31_1 = vec4<f32>(); var c31_2 = vec4<f32>(); var c31_3 = vec4<f32>();
  var c31_4 = vec4<f32>(); var c31_5 = vec4<f32>(); var c31_6 = vec4<f32>(); var c31_7 = vec4<f32>();

  // Both loops load all of op(B) for the step first, then each row's (or
  // 4-row block's) op(A) just before its FMAs. (All FMAs after all loads,
  // in one block, makes llvmpipe's LLVM compile several times longer.)
  if (VEC4_A && VEC4_B) {
    // ---- Fast path: 4 k per step, 4 floats per load (see loadA4/loadB4).
    let pa0 = offsA4(aBase, row + 0u);
    let pa1 = offsA4(aBase, row + 4u);
    let pa2 = offsA4(aBase, row + 8u);
    let pa3 = offsA4(aBase, row + 12u);
    let pa4 = offsA4(aBase, row + 16u);
    let pa5 = offsA4(aBase, row + 20u);
    let pa6 = offsA4(aBase, row + 24u);
    let pa7 = offsA4(aBase, row + 28u);
    let pb0 = offsB4(bBase, col + 0u);
    let pb1 = offsB4(bBase, col + 4u);
    let pb2 = offsB4(bBase, col + 8u);
    let pb3 = offsB4(bBase, col + 12u);
    let pb4 = offsB4(bBase, col + 16u);
    let pb5 = offsB4(bBase, col + 20u);
    let pb6 = offsB4(bBase, col + 24u);
    let pb7 = offsB4(bBase, col + 28u);
    for (var k = 0u; k < K; k += 4u) {
      // b<g>_<t> = op(B)(k + t, col + 4g .. col + 4g + 3)
      let bm0 = loadB4(pb0, k);
      let b0_0 = bm0[0]; let b0_1 = bm0[1]; let b0_2 = bm0[2]; let b0_3 = bm0[3];
      let bm1 = loadB4(pb1, k);
      let b1_0 = bm1[0]; let b1_1 = bm1[1]; let b1_2 = bm1[2]; let b1_3 = bm1[3];
      let bm2 = loadB4(pb2, k);
      let b2_0 = bm2[0]; let b2_1 = bm2[1]; let b2_2 = bm2[2]; let b2_3 = bm2[3];
      let bm3 = loadB4(pb3, k);
      let b3_0 = bm3[0]; let b3_1 = bm3[1]; let b3_2 = bm3[2]; let b3_3 = bm3[3];
      let bm4 = loadB4(pb4, k);
      let b4_0 = bm4[0]; let b4_1 = bm4[1]; let b4_2 = bm4[2]; let b4_3 = bm4[3];
      let bm5 = loadB4(pb5, k);
      let b5_0 = bm5[0]; let b5_1 = bm5[1]; let b5_2 = bm5[2]; let b5_3 = bm5[3];
      let bm6 = loadB4(pb6, k);
      let b6_0 = bm6[0]; let b6_1 = bm6[1]; let b6_2 = bm6[2]; let b6_3 = bm6[3];
      let bm7 = loadB4(pb7, k);
      let b7_0 = bm7[0]; let b7_1 = bm7[1]; let b7_2 = bm7[2]; let b7_3 = bm7[3];
      // a<i> = op(A)(row + i, k .. k + 3)
      let am0 = loadA4(pa0, k);
      let a0 = am0[0];
      c0_0 = fma(b0_3, vec4(a0.w), fma(b0_2, vec4(a0.z), fma(b0_1, vec4(a0.y), fma(b0_0, vec4(a0.x), c0_0))));
      c0_1 = fma(b1_3, vec4(a0.w), fma(b1_2, vec4(a0.z), fma(b1_1, vec4(a0.y), fma(b1_0, vec4(a0.x), c0_1))));
      c0_2 = fma(b2_3, vec4(a0.w), fma(b2_2, vec4(a0.z), fma(b2_1, vec4(a0.y), fma(b2_0, vec4(a0.x), c0_2))));
      c0_3 = fma(b3_3, vec4(a0.w), fma(b3_2, vec4(a0.z), fma(b3_1, vec4(a0.y), fma(b3_0, vec4(a0.x), c0_3))));
      c0_4 = fma(b4_3, vec4(a0.w), fma(b4_2, vec4(a0.z), fma(b4_1, vec4(a0.y), fma(b4_0, vec4(a0.x), c0_4))));
      c0_5 = fma(b5_3, vec4(a0.w), fma(b5_2, vec4(a0.z), fma(b5_1, vec4(a0.y), fma(b5_0, vec4(a0.x), c0_5))));
      c0_6 = fma(b6_3, vec4(a0.w), fma(b6_2, vec4(a0.z), fma(b6_1, vec4(a0.y), fma(b6_0, vec4(a0.x), c0_6))));
      c0_7 = fma(b7_3, vec4(a0.w), fma(b7_2, vec4(a0.z), fma(b7_1, vec4(a0.y), fma(b7_0, vec4(a0.x), c0_7))));
      let a1 = am0[1];
      c1_0 = fma(b0_3, vec4(a1.w), fma(b0_2, vec4(a1.z), fma(b0_1, vec4(a1.y), fma(b0_0, vec4(a1.x), c1_0))));
      c1_1 = fma(b1_3, vec4(a1.w), fma(b1_2, vec4(a1.z), fma(b1_1, vec4(a1.y), fma(b1_0, vec4(a1.x), c1_1))));
      c1_2 = fma(b2_3, vec4(a1.w), fma(b2_2, vec4(a1.z), fma(b2_1, vec4(a1.y), fma(b2_0, vec4(a1.x), c1_2))));
      c1_3 = fma(b3_3, vec4(a1.w), fma(b3_2, vec4(a1.z), fma(b3_1, vec4(a1.y), fma(b3_0, vec4(a1.x), c1_3))));
      c1_4 = fma(b4_3, vec4(a1.w), fma(b4_2, vec4(a1.z), fma(b4_1, vec4(a1.y), fma(b4_0, vec4(a1.x), c1_4))));
      c1_5 = fma(b5_3, vec4(a1.w), fma(b5_2, vec4(a1.z), fma(b5_1, vec4(a1.y), fma(b5_0, vec4(a1.x), c1_5))));
      c1_6 = fma(b6_3, vec4(a1.w), fma(b6_2, vec4(a1.z), fma(b6_1, vec4(a1.y), fma(b6_0, vec4(a1.x), c1_6))));
      c1_7 = fma(b7_3, vec4(a1.w), fma(b7_2, vec4(a1.z), fma(b7_1, vec4(a1.y), fma(b7_0, vec4(a1.x), c1_7))));
      let a2 = am0[2];
      c2_0 = fma(b0_3, vec4(a2.w), fma(b0_2, vec4(a2.z), fma(b0_1, vec4(a2.y), fma(b0_0, vec4(a2.x), c2_0))));
      c2_1 = fma(b1_3, vec4(a2.w), fma(b1_2, vec4(a2.z), fma(b1_1, vec4(a2.y), fma(b1_0, vec4(a2.x), c2_1))));
      c2_2 = fma(b2_3, vec4(a2.w), fma(b2_2, vec4(a2.z), fma(b2_1, vec4(a2.y), fma(b2_0, vec4(a2.x), c2_2))));
      c2_3 = fma(b3_3, vec4(a2.w), fma(b3_2, vec4(a2.z), fma(b3_1, vec4(a2.y), fma(b3_0, vec4(a2.x), c2_3))));
      c2_4 = fma(b4_3, vec4(a2.w), fma(b4_2, vec4(a2.z), fma(b4_1, vec4(a2.y), fma(b4_0, vec4(a2.x), c2_4))));
      c2_5 = fma(b5_3, vec4(a2.w), fma(b5_2, vec4(a2.z), fma(b5_1, vec4(a2.y), fma(b5_0, vec4(a2.x), c2_5))));
      c2_6 = fma(b6_3, vec4(a2.w), fma(b6_2, vec4(a2.z), fma(b6_1, vec4(a2.y), fma(b6_0, vec4(a2.x), c2_6))));
      c2_7 = fma(b7_3, vec4(a2.w), fma(b7_2, vec4(a2.z), fma(b7_1, vec4(a2.y), fma(b7_0, vec4(a2.x), c2_7))));
      let a3 = am0[3];
      c3_0 = fma(b0_3, vec4(a3.w), fma(b0_2, vec4(a3.z), fma(b0_1, vec4(a3.y), fma(b0_0, vec4(a3.x), c3_0))));
      c3_1 = fma(b1_3, vec4(a3.w), fma(b1_2, vec4(a3.z), fma(b1_1, vec4(a3.y), fma(b1_0, vec4(a3.x), c3_1))));
      c3_2 = fma(b2_3, vec4(a3.w), fma(b2_2, vec4(a3.z), fma(b2_1, vec4(a3.y), fma(b2_0, vec4(a3.x), c3_2))));
      c3_3 = fma(b3_3, vec4(a3.w), fma(b3_2, vec4(a3.z), fma(b3_1, vec4(a3.y), fma(b3_0, vec4(a3.x), c3_3))));
      c3_4 = fma(b4_3, vec4(a3.w), fma(b4_2, vec4(a3.z), fma(b4_1, vec4(a3.y), fma(b4_0, vec4(a3.x), c3_4))));
      c3_5 = fma(b5_3, vec4(a3.w), fma(b5_2, vec4(a3.z), fma(b5_1, vec4(a3.y), fma(b5_0, vec4(a3.x), c3_5))));
      c3_6 = fma(b6_3, vec4(a3.w), fma(b6_2, vec4(a3.z), fma(b6_1, vec4(a3.y), fma(b6_0, vec4(a3.x), c3_6))));
      c3_7 = fma(b7_3, vec4(a3.w), fma(b7_2, vec4(a3.z), fma(b7_1, vec4(a3.y), fma(b7_0, vec4(a3.x), c3_7))));
      let am1 = loadA4(pa1, k);
      let a4 = am1[0];
      c4_0 = fma(b0_3, vec4(a4.w), fma(b0_2, vec4(a4.z), fma(b0_1, vec4(a4.y), fma(b0_0, vec4(a4.x), c4_0))));
      c4_1 = fma(b1_3, vec4(a4.w), fma(b1_2, vec4(a4.z), fma(b1_1, vec4(a4.y), fma(b1_0, vec4(a4.x), c4_1))));
      c4_2 = fma(b2_3, vec4(a4.w), fma(b2_2, vec4(a4.z), fma(b2_1, vec4(a4.y), fma(b2_0, vec4(a4.x), c4_2))));
      c4_3 = fma(b3_3, vec4(a4.w), fma(b3_2, vec4(a4.z), fma(b3_1, vec4(a4.y), fma(b3_0, vec4(a4.x), c4_3))));
      c4_4 = fma(b4_3, vec4(a4.w), fma(b4_2, vec4(a4.z), fma(b4_1, vec4(a4.y), fma(b4_0, vec4(a4.x), c4_4))));
      c4_5 = fma(b5_3, vec4(a4.w), fma(b5_2, vec4(a4.z), fma(b5_1, vec4(a4.y), fma(b5_0, vec4(a4.x), c4_5))));
      c4_6 = fma(b6_3, vec4(a4.w), fma(b6_2, vec4(a4.z), fma(b6_1, vec4(a4.y), fma(b6_0, vec4(a4.x), c4_6))));
      c4_7 = fma(b7_3, vec4(a4.w), fma(b7_2, vec4(a4.z), fma(b7_1, vec4(a4.y), fma(b7_0, vec4(a4.x), c4_7))));
      let a5 = am1[1];
      c5_0 = fma(b0_3, vec4(a5.w), fma(b0_2, vec4(a5.z), fma(b0_1, vec4(a5.y), fma(b0_0, vec4(a5.x), c5_0))));
      c5_1 = fma(b1_3, vec4(a5.w), fma(b1_2, vec4(a5.z), fma(b1_1, vec4(a5.y), fma(b1_0, vec4(a5.x), c5_1))));
      c5_2 = fma(b2_3, vec4(a5.w), fma(b2_2, vec4(a5.z), fma(b2_1, vec4(a5.y), fma(b2_0, vec4(a5.x), c5_2))));
      c5_3 = fma(b3_3, vec4(a5.w), fma(b3_2, vec4(a5.z), fma(b3_1, vec4(a5.y), fma(b3_0, vec4(a5.x), c5_3))));
      c5_4 = fma(b4_3, vec4(a5.w), fma(b4_2, vec4(a5.z), fma(b4_1, vec4(a5.y), fma(b4_0, vec4(a5.x), c5_4))));
      c5_5 = fma(b5_3, vec4(a5.w), fma(b5_2, vec4(a5.z), fma(b5_1, vec4(a5.y), fma(b5_0, vec4(a5.x), c5_5))));
      c5_6 = fma(b6_3, vec4(a5.w), fma(b6_2, vec4(a5.z), fma(b6_1, vec4(a5.y), fma(b6_0, vec4(a5.x), c5_6))));
      c5_7 = fma(b7_3, vec4(a5.w), fma(b7_2, vec4(a5.z), fma(b7_1, vec4(a5.y), fma(b7_0, vec4(a5.x), c5_7))));
      let a6 = am1[2];
      c6_0 = fma(b0_3, vec4(a6.w), fma(b0_2, vec4(a6.z), fma(b0_1, vec4(a6.y), fma(b0_0, vec4(a6.x), c6_0))));
      c6_1 = fma(b1_3, vec4(a6.w), fma(b1_2, vec4(a6.z), fma(b1_1, vec4(a6.y), fma(b1_0, vec4(a6.x), c6_1))));
      c6_2 = fma(b2_3, vec4(a6.w), fma(b2_2, vec4(a6.z), fma(b2_1, vec4(a6.y), fma(b2_0, vec4(a6.x), c6_2))));
      c6_3 = fma(b3_3, vec4(a6.w), fma(b3_2, vec4(a6.z), fma(b3_1, vec4(a6.y), fma(b3_0, vec4(a6.x), c6_3))));
      c6_4 = fma(b4_3, vec4(a6.w), fma(b4_2, vec4(a6.z), fma(b4_1, vec4(a6.y), fma(b4_0, vec4(a6.x), c6_4))));
      c6_5 = fma(b5_3, vec4(a6.w), fma(b5_2, vec4(a6.z), fma(b5_1, vec4(a6.y), fma(b5_0, vec4(a6.x), c6_5))));
      c6_6 = fma(b6_3, vec4(a6.w), fma(b6_2, vec4(a6.z), fma(b6_1, vec4(a6.y), fma(b6_0, vec4(a6.x), c6_6))));
      c6_7 = fma(b7_3, vec4(a6.w), fma(b7_2, vec4(a6.z), fma(b7_1, vec4(a6.y), fma(b7_0, vec4(a6.x), c6_7))));
      let a7 = am1[3];
      c7_0 = fma(b0_3, vec4(a7.w), fma(b0_2, vec4(a7.z), fma(b0_1, vec4(a7.y), fma(b0_0, vec4(a7.x), c7_0))));
      c7_1 = fma(b1_3, vec4(a7.w), fma(b1_2, vec4(a7.z), fma(b1_1, vec4(a7.y), fma(b1_0, vec4(a7.x), c7_1))));
      c7_2 = fma(b2_3, vec4(a7.w), fma(b2_2, vec4(a7.z), fma(b2_1, vec4(a7.y), fma(b2_0, vec4(a7.x), c7_2))));
      c7_3 = fma(b3_3, vec4(a7.w), fma(b3_2, vec4(a7.z), fma(b3_1, vec4(a7.y), fma(b3_0, vec4(a7.x), c7_3))));
      c7_4 = fma(b4_3, vec4(a7.w), fma(b4_2, vec4(a7.z), fma(b4_1, vec4(a7.y), fma(b4_0, vec4(a7.x), c7_4))));
      c7_5 = fma(b5_3, vec4(a7.w), fma(b5_2, vec4(a7.z), fma(b5_1, vec4(a7.y), fma(b5_0, vec4(a7.x), c7_5))));
      c7_6 = fma(b6_3, vec4(a7.w), fma(b6_2, vec4(a7.z), fma(b6_1, vec4(a7.y), fma(b6_0, vec4(a7.x), c7_6))));
      c7_7 = fma(b7_3, vec4(a7.w), fma(b7_2, vec4(a7.z), fma(b7_1, vec4(a7.y), fma(b7_0, vec4(a7.x), c7_7))));
      let am2 = loadA4(pa2, k);
      let a8 = am2[0];
      c8_0 = fma(b0_3, vec4(a8.w), fma(b0_2, vec4(a8.z), fma(b0_1, vec4(a8.y), fma(b0_0, vec4(a8.x), c8_0))));
      c8_1 = fma(b1_3, vec4(a8.w), fma(b1_2, vec4(a8.z), fma(b1_1, vec4(a8.y), fma(b1_0, vec4(a8.x), c8_1))));
      c8_2 = fma(b2_3, vec4(a8.w), fma(b2_2, vec4(a8.z), fma(b2_1, vec4(a8.y), fma(b2_0, vec4(a8.x), c8_2))));
      c8_3 = fma(b3_3, vec4(a8.w), fma(b3_2, vec4(a8.z), fma(b3_1, vec4(a8.y), fma(b3_0, vec4(a8.x), c8_3))));
      c8_4 = fma(b4_3, vec4(a8.w), fma(b4_2, vec4(a8.z), fma(b4_1, vec4(a8.y), fma(b4_0, vec4(a8.x), c8_4))));
      c8_5 = fma(b5_3, vec4(a8.w), fma(b5_2, vec4(a8.z), fma(b5_1, vec4(a8.y), fma(b5_0, vec4(a8.x), c8_5))));
      c8_6 = fma(b6_3, vec4(a8.w), fma(b6_2, vec4(a8.z), fma(b6_1, vec4(a8.y), fma(b6_0, vec4(a8.x), c8_6))));
      c8_7 = fma(b7_3, vec4(a8.w), fma(b7_2, vec4(a8.z), fma(b7_1, vec4(a8.y), fma(b7_0, vec4(a8.x), c8_7))));
      let a9 = am2[1];
      c9_0 = fma(b0_3, vec4(a9.w), fma(b0_2, vec4(a9.z), fma(b0_1, vec4(a9.y), fma(b0_0, vec4(a9.x), c9_0))));
      c9_1 = fma(b1_3, vec4(a9.w), fma(b1_2, vec4(a9.z), fma(b1_1, vec4(a9.y), fma(b1_0, vec4(a9.x), c9_1))));
      c9_2 = fma(b2_3, vec4(a9.w), fma(b2_2, vec4(a9.z), fma(b2_1, vec4(a9.y), fma(b2_0, vec4(a9.x), c9_2))));
      c9_3 = fma(b3_3, vec4(a9.w), fma(b3_2, vec4(a9.z), fma(b3_1, vec4(a9.y), fma(b3_0, vec4(a9.x), c9_3))));
      c9_4 = fma(b4_3, vec4(a9.w), fma(b4_2, vec4(a9.z), fma(b4_1, vec4(a9.y), fma(b4_0, vec4(a9.x), c9_4))));
      c9_5 = fma(b5_3, vec4(a9.w), fma(b5_2, vec4(a9.z), fma(b5_1, vec4(a9.y), fma(b5_0, vec4(a9.x), c9_5))));
      c9_6 = fma(b6_3, vec4(a9.w), fma(b6_2, vec4(a9.z), fma(b6_1, vec4(a9.y), fma(b6_0, vec4(a9.x), c9_6))));
      c9_7 = fma(b7_3, vec4(a9.w), fma(b7_2, vec4(a9.z), fma(b7_1, vec4(a9.y), fma(b7_0, vec4(a9.x), c9_7))));
      let a10 = am2[2];
      c10_0 = fma(b0_3, vec4(a10.w), fma(b0_2, vec4(a10.z), fma(b0_1, vec4(a10.y), fma(b0_0, vec4(a10.x), c10_0))));
      c10_1 = fma(b1_3, vec4(a10.w), fma(b1_2, vec4(a10.z), fma(b1_1, vec4(a10.y), fma(b1_0, vec4(a10.x), c10_1))));
      c10_2 = fma(b2_3, vec4(a10.w), fma(b2_2, vec4(a10.z), fma(b2_1, vec4(a10.y), fma(b2_0, vec4(a10.x), c10_2))));
      c10_3 = fma(b3_3, vec4(a10.w), fma(b3_2, vec4(a10.z), fma(b3_1, vec4(a10.y), fma(b3_0, vec4(a10.x), c10_3))));
      c10_4 = fma(b4_3, vec4(a10.w), fma(b4_2, vec4(a10.z), fma(b4_1, vec4(a10.y), fma(b4_0, vec4(a10.x), c10_4))));
      c10_5 = fma(b5_3, vec4(a10.w), fma(b5_2, vec4(a10.z), fma(b5_1, vec4(a10.y), fma(b5_0, vec4(a10.x), c10_5))));
      c10_6 = fma(b6_3, vec4(a10.w), fma(b6_2, vec4(a10.z), fma(b6_1, vec4(a10.y), fma(b6_0, vec4(a10.x), c10_6))));
      c10_7 = fma(b7_3, vec4(a10.w), fma(b7_2, vec4(a10.z), fma(b7_1, vec4(a10.y), fma(b7_0, vec4(a10.x), c10_7))));
      let a11 = am2[3];
      c11_0 = fma(b0_3, vec4(a11.w), fma(b0_2, vec4(a11.z), fma(b0_1, vec4(a11.y), fma(b0_0, vec4(a11.x), c11_0))));
      c11_1 = fma(b1_3, vec4(a11.w), fma(b1_2, vec4(a11.z), fma(b1_1, vec4(a11.y), fma(b1_0, vec4(a11.x), c11_1))));
      c11_2 = fma(b2_3, vec4(a11.w), fma(b2_2, vec4(a11.z), fma(b2_1, vec4(a11.y), fma(b2_0, vec4(a11.x), c11_2))));
      c11_3 = fma(b3_3, vec4(a11.w), fma(b3_2, vec4(a11.z), fma(b3_1, vec4(a11.y), fma(b3_0, vec4(a11.x), c11_3))));
      c11_4 = fma(b4_3, vec4(a11.w), fma(b4_2, vec4(a11.z), fma(b4_1, vec4(a11.y), fma(b4_0, vec4(a11.x), c11_4))));
      c11_5 = fma(b5_3, vec4(a11.w), fma(b5_2, vec4(a11.z), fma(b5_1, vec4(a11.y), fma(b5_0, vec4(a11.x), c11_5))));
      c11_6 = fma(b6_3, vec4(a11.w), fma(b6_2, vec4(a11.z), fma(b6_1, vec4(a11.y), fma(b6_0, vec4(a11.x), c11_6))));
      c11_7 = fma(b7_3, vec4(a11.w), fma(b7_2, vec4(a11.z), fma(b7_1, vec4(a11.y), fma(b7_0, vec4(a11.x), c11_7))));
      let am3 = loadA4(pa3, k);
      let a12 = am3[0];
      c12_0 = fma(b0_3, vec4(a12.w), fma(b0_2, vec4(a12.z), fma(b0_1, vec4(a12.y), fma(b0_0, vec4(a12.x), c12_0))));
      c12_1 = fma(b1_3, vec4(a12.w), fma(b1_2, vec4(a12.z), fma(b1_1, vec4(a12.y), fma(b1_0, vec4(a12.x), c12_1))));
      c12_2 = fma(b2_3, vec4(a12.w), fma(b2_2, vec4(a12.z), fma(b2_1, vec4(a12.y), fma(b2_0, vec4(a12.x), c12_2))));
      c12_3 = fma(b3_3, vec4(a12.w), fma(b3_2, vec4(a12.z), fma(b3_1, vec4(a12.y), fma(b3_0, vec4(a12.x), c12_3))));
      c12_4 = fma(b4_3, vec4(a12.w), fma(b4_2, vec4(a12.z), fma(b4_1, vec4(a12.y), fma(b4_0, vec4(a12.x), c12_4))));
      c12_5 = fma(b5_3, vec4(a12.w), fma(b5_2, vec4(a12.z), fma(b5_1, vec4(a12.y), fma(b5_0, vec4(a12.x), c12_5))));
      c12_6 = fma(b6_3, vec4(a12.w), fma(b6_2, vec4(a12.z), fma(b6_1, vec4(a12.y), fma(b6_0, vec4(a12.x), c12_6))));
      c12_7 = fma(b7_3, vec4(a12.w), fma(b7_2, vec4(a12.z), fma(b7_1, vec4(a12.y), fma(b7_0, vec4(a12.x), c12_7))));
      let a13 = am3[1];
      c13_0 = fma(b0_3, vec4(a13.w), fma(b0_2, vec4(a13.z), fma(b0_1, vec4(a13.y), fma(b0_0, vec4(a13.x), c13_0))));
      c13_1 = fma(b1_3, vec4(a13.w), fma(b1_2, vec4(a13.z), fma(b1_1, vec4(a13.y), fma(b1_0, vec4(a13.x), c13_1))));
      c13_2 = fma(b2_3, vec4(a13.w), fma(b2_2, vec4(a13.z), fma(b2_1, vec4(a13.y), fma(b2_0, vec4(a13.x), c13_2))));
      c13_3 = fma(b3_3, vec4(a13.w), fma(b3_2, vec4(a13.z), fma(b3_1, vec4(a13.y), fma(b3_0, vec4(a13.x), c13_3))));
      c13_4 = fma(b4_3, vec4(a13.w), fma(b4_2, vec4(a13.z), fma(b4_1, vec4(a13.y), fma(b4_0, vec4(a13.x), c13_4))));
      c13_5 = fma(b5_3, vec4(a13.w), fma(b5_2, vec4(a13.z), fma(b5_1, vec4(a13.y), fma(b5_0, vec4(a13.x), c13_5))));
      c13_6 = fma(b6_3, vec4(a13.w), fma(b6_2, vec4(a13.z), fma(b6_1, vec4(a13.y), fma(b6_0, vec4(a13.x), c13_6))));
      c13_7 = fma(b7_3, vec4(a13.w), fma(b7_2, vec4(a13.z), fma(b7_1, vec4(a13.y), fma(b7_0, vec4(a13.x), c13_7))));
      let a14 = am3[2];
      c14_0 = fma(b0_3, vec4(a14.w), fma(b0_2, vec4(a14.z), fma(b0_1, vec4(a14.y), fma(b0_0, vec4(a14.x), c14_0))));
      c14_1 = fma(b1_3, vec4(a14.w), fma(b1_2, vec4(a14.z), fma(b1_1, vec4(a14.y), fma(b1_0, vec4(a14.x), c14_1))));
      c14_2 = fma(b2_3, vec4(a14.w), fma(b2_2, vec4(a14.z), fma(b2_1, vec4(a14.y), fma(b2_0, vec4(a14.x), c14_2))));
      c14_3 = fma(b3_3, vec4(a14.w), fma(b3_2, vec4(a14.z), fma(b3_1, vec4(a14.y), fma(b3_0, vec4(a14.x), c14_3))));
      c14_4 = fma(b4_3, vec4(a14.w), fma(b4_2, vec4(a14.z), fma(b4_1, vec4(a14.y), fma(b4_0, vec4(a14.x), c14_4))));
      c14_5 = fma(b5_3, vec4(a14.w), fma(b5_2, vec4(a14.z), fma(b5_1, vec4(a14.y), fma(b5_0, vec4(a14.x), c14_5))));
      c14_6 = fma(b6_3, vec4(a14.w), fma(b6_2, vec4(a14.z), fma(b6_1, vec4(a14.y), fma(b6_0, vec4(a14.x), c14_6))));
      c14_7 = fma(b7_3, vec4(a14.w), fma(b7_2, vec4(a14.z), fma(b7_1, vec4(a14.y), fma(b7_0, vec4(a14.x), c14_7))));
      let a15 = am3[3];
      c15_0 = fma(b0_3, vec4(a15.w), fma(b0_2, vec4(a15.z), fma(b0_1, vec4(a15.y), fma(b0_0, vec4(a15.x), c15_0))));
      c15_1 = fma(b1_3, vec4(a15.w), fma(b1_2, vec4(a15.z), fma(b1_1, vec4(a15.y), fma(b1_0, vec4(a15.x), c15_1))));
      c15_2 = fma(b2_3, vec4(a15.w), fma(b2_2, vec4(a15.z), fma(b2_1, vec4(a15.y), fma(b2_0, vec4(a15.x), c15_2))));
      c15_3 = fma(b3_3, vec4(a15.w), fma(b3_2, vec4(a15.z), fma(b3_1, vec4(a15.y), fma(b3_0, vec4(a15.x), c15_3))));
      c15_4 = fma(b4_3, vec4(a15.w), fma(b4_2, vec4(a15.z), fma(b4_1, vec4(a15.y), fma(b4_0, vec4(a15.x), c15_4))));
      c15_5 = fma(b5_3, vec4(a15.w), fma(b5_2, vec4(a15.z), fma(b5_1, vec4(a15.y), fma(b5_0, vec4(a15.x), c15_5))));
      c15_6 = fma(b6_3, vec4(a15.w), fma(b6_2, vec4(a15.z), fma(b6_1, vec4(a15.y), fma(b6_0, vec4(a15.x), c15_6))));
      c15_7 = fma(b7_3, vec4(a15.w), fma(b7_2, vec4(a15.z), fma(b7_1, vec4(a15.y), fma(b7_0, vec4(a15.x), c15_7))));
      let am4 = loadA4(pa4, k);
      let a16 = am4[0];
      c16_0 = fma(b0_3, vec4(a16.w), fma(b0_2, vec4(a16.z), fma(b0_1, vec4(a16.y), fma(b0_0, vec4(a16.x), c16_0))));
      c16_1 = fma(b1_3, vec4(a16.w), fma(b1_2, vec4(a16.z), fma(b1_1, vec4(a16.y), fma(b1_0, vec4(a16.x), c16_1))));
      c16_2 = fma(b2_3, vec4(a16.w), fma(b2_2, vec4(a16.z), fma(b2_1, vec4(a16.y), fma(b2_0, vec4(a16.x), c16_2))));
      c16_3 = fma(b3_3, vec4(a16.w), fma(b3_2, vec4(a16.z), fma(b3_1, vec4(a16.y), fma(b3_0, vec4(a16.x), c16_3))));
      c16_4 = fma(b4_3, vec4(a16.w), fma(b4_2, vec4(a16.z), fma(b4_1, vec4(a16.y), fma(b4_0, vec4(a16.x), c16_4))));
      c16_5 = fma(b5_3, vec4(a16.w), fma(b5_2, vec4(a16.z), fma(b5_1, vec4(a16.y), fma(b5_0, vec4(a16.x), c16_5))));
      c16_6 = fma(b6_3, vec4(a16.w), fma(b6_2, vec4(a16.z), fma(b6_1, vec4(a16.y), fma(b6_0, vec4(a16.x), c16_6))));
      c16_7 = fma(b7_3, vec4(a16.w), fma(b7_2, vec4(a16.z), fma(b7_1, vec4(a16.y), fma(b7_0, vec4(a16.x), c16_7))));
      let a17 = am4[1];
      c17_0 = fma(b0_3, vec4(a17.w), fma(b0_2, vec4(a17.z), fma(b0_1, vec4(a17.y), fma(b0_0, vec4(a17.x), c17_0))));
      c17_1 = fma(b1_3, vec4(a17.w), fma(b1_2, vec4(a17.z), fma(b1_1, vec4(a17.y), fma(b1_0, vec4(a17.x), c17_1))));
      c17_2 = fma(b2_3, vec4(a17.w), fma(b2_2, vec4(a17.z), fma(b2_1, vec4(a17.y), fma(b2_0, vec4(a17.x), c17_2))));
      c17_3 = fma(b3_3, vec4(a17.w), fma(b3_2, vec4(a17.z), fma(b3_1, vec4(a17.y), fma(b3_0, vec4(a17.x), c17_3))));
      c17_4 = fma(b4_3, vec4(a17.w), fma(b4_2, vec4(a17.z), fma(b4_1, vec4(a17.y), fma(b4_0, vec4(a17.x), c17_4))));
      c17_5 = fma(b5_3, vec4(a17.w), fma(b5_2, vec4(a17.z), fma(b5_1, vec4(a17.y), fma(b5_0, vec4(a17.x), c17_5))));
      c17_6 = fma(b6_3, vec4(a17.w), fma(b6_2, vec4(a17.z), fma(b6_1, vec4(a17.y), fma(b6_0, vec4(a17.x), c17_6))));
      c17_7 = fma(b7_3, vec4(a17.w), fma(b7_2, vec4(a17.z), fma(b7_1, vec4(a17.y), fma(b7_0, vec4(a17.x), c17_7))));
      let a18 = am4[2];
      c18_0 = fma(b0_3, vec4(a18.w), fma(b0_2, vec4(a18.z), fma(b0_1, vec4(a18.y), fma(b0_0, vec4(a18.x), c18_0))));
      c18_1 = fma(b1_3, vec4(a18.w), fma(b1_2, vec4(a18.z), fma(b1_1, vec4(a18.y), fma(b1_0, vec4(a18.x), c18_1))));
      c18_2 = fma(b2_3, vec4(a18.w), fma(b2_2, vec4(a18.z), fma(b2_1, vec4(a18.y), fma(b2_0, vec4(a18.x), c18_2))));
      c18_3 = fma(b3_3, vec4(a18.w), fma(b3_2, vec4(a18.z), fma(b3_1, vec4(a18.y), fma(b3_0, vec4(a18.x), c18_3))));
      c18_4 = fma(b4_3, vec4(a18.w), fma(b4_2, vec4(a18.z), fma(b4_1, vec4(a18.y), fma(b4_0, vec4(a18.x), c18_4))));
      c18_5 = fma(b5_3, vec4(a18.w), fma(b5_2, vec4(a18.z), fma(b5_1, vec4(a18.y), fma(b5_0, vec4(a18.x), c18_5))));
      c18_6 = fma(b6_3, vec4(a18.w), fma(b6_2, vec4(a18.z), fma(b6_1, vec4(a18.y), fma(b6_0, vec4(a18.x), c18_6))));
      c18_7 = fma(b7_3, vec4(a18.w), fma(b7_2, vec4(a18.z), fma(b7_1, vec4(a18.y), fma(b7_0, vec4(a18.x), c18_7))));
      let a19 = am4[3];
      c19_0 = fma(b0_3, vec4(a19.w), fma(b0_2, vec4(a19.z), fma(b0_1, vec4(a19.y), fma(b0_0, vec4(a19.x), c19_0))));
      c19_1 = fma(b1_3, vec4(a19.w), fma(b1_2, vec4(a19.z), fma(b1_1, vec4(a19.y), fma(b1_0, vec4(a19.x), c19_1))));
      c19_2 = fma(b2_3, vec4(a19.w), fma(b2_2, vec4(a19.z), fma(b2_1, vec4(a19.y), fma(b2_0, vec4(a19.x), c19_2))));
      c19_3 = fma(b3_3, vec4(a19.w), fma(b3_2, vec4(a19.z), fma(b3_1, vec4(a19.y), fma(b3_0, vec4(a19.x), c19_3))));
      c19_4 = fma(b4_3, vec4(a19.w), fma(b4_2, vec4(a19.z), fma(b4_1, vec4(a19.y), fma(b4_0, vec4(a19.x), c19_4))));
      c19_5 = fma(b5_3, vec4(a19.w), fma(b5_2, vec4(a19.z), fma(b5_1, vec4(a19.y), fma(b5_0, vec4(a19.x), c19_5))));
      c19_6 = fma(b6_3, vec4(a19.w), fma(b6_2, vec4(a19.z), fma(b6_1, vec4(a19.y), fma(b6_0, vec4(a19.x), c19_6))));
      c19_7 = fma(b7_3, vec4(a19.w), fma(b7_2, vec4(a19.z), fma(b7_1, vec4(a19.y), fma(b7_0, vec4(a19.x), c19_7))));
      let am5 = loadA4(pa5, k);
      let a20 = am5[0];
      c20_0 = fma(b0_3, vec4(a20.w), fma(b0_2, vec4(a20.z), fma(b0_1, vec4(a20.y), fma(b0_0, vec4(a20.x), c20_0))));
      c20_1 = fma(b1_3, vec4(a20.w), fma(b1_2, vec4(a20.z), fma(b1_1, vec4(a20.y), fma(b1_0, vec4(a20.x), c20_1))));
      c20_2 = fma(b2_3, vec4(a20.w), fma(b2_2, vec4(a20.z), fma(b2_1, vec4(a20.y), fma(b2_0, vec4(a20.x), c20_2))));
      c20_3 = fma(b3_3, vec4(a20.w), fma(b3_2, vec4(a20.z), fma(b3_1, vec4(a20.y), fma(b3_0, vec4(a20.x), c20_3))));
      c20_4 = fma(b4_3, vec4(a20.w), fma(b4_2, vec4(a20.z), fma(b4_1, vec4(a20.y), fma(b4_0, vec4(a20.x), c20_4))));
      c20_5 = fma(b5_3, vec4(a20.w), fma(b5_2, vec4(a20.z), fma(b5_1, vec4(a20.y), fma(b5_0, vec4(a20.x), c20_5))));
      c20_6 = fma(b6_3, vec4(a20.w), fma(b6_2, vec4(a20.z), fma(b6_1, vec4(a20.y), fma(b6_0, vec4(a20.x), c20_6))));
      c20_7 = fma(b7_3, vec4(a20.w), fma(b7_2, vec4(a20.z), fma(b7_1, vec4(a20.y), fma(b7_0, vec4(a20.x), c20_7))));
      let a21 = am5[1];
      c21_0 = fma(b0_3, vec4(a21.w), fma(b0_2, vec4(a21.z), fma(b0_1, vec4(a21.y), fma(b0_0, vec4(a21.x), c21_0))));
      c21_1 = fma(b1_3, vec4(a21.w), fma(b1_2, vec4(a21.z), fma(b1_1, vec4(a21.y), fma(b1_0, vec4(a21.x), c21_1))));
      c21_2 = fma(b2_3, vec4(a21.w), fma(b2_2, vec4(a21.z), fma(b2_1, vec4(a21.y), fma(b2_0, vec4(a21.x), c21_2))));
      c21_3 = fma(b3_3, vec4(a21.w), fma(b3_2, vec4(a21.z), fma(b3_1, vec4(a21.y), fma(b3_0, vec4(a21.x), c21_3))));
      c21_4 = fma(b4_3, vec4(a21.w), fma(b4_2, vec4(a21.z), fma(b4_1, vec4(a21.y), fma(b4_0, vec4(a21.x), c21_4))));
      c21_5 = fma(b5_3, vec4(a21.w), fma(b5_2, vec4(a21.z), fma(b5_1, vec4(a21.y), fma(b5_0, vec4(a21.x), c21_5))));
      c21_6 = fma(b6_3, vec4(a21.w), fma(b6_2, vec4(a21.z), fma(b6_1, vec4(a21.y), fma(b6_0, vec4(a21.x), c21_6))));
      c21_7 = fma(b7_3, vec4(a21.w), fma(b7_2, vec4(a21.z), fma(b7_1, vec4(a21.y), fma(b7_0, vec4(a21.x), c21_7))));
      let a22 = am5[2];
      c22_0 = fma(b0_3, vec4(a22.w), fma(b0_2, vec4(a22.z), fma(b0_1, vec4(a22.y), fma(b0_0, vec4(a22.x), c22_0))));
      c22_1 = fma(b1_3, vec4(a22.w), fma(b1_2, vec4(a22.z), fma(b1_1, vec4(a22.y), fma(b1_0, vec4(a22.x), c22_1))));
      c22_2 = fma(b2_3, vec4(a22.w), fma(b2_2, vec4(a22.z), fma(b2_1, vec4(a22.y), fma(b2_0, vec4(a22.x), c22_2))));
      c22_3 = fma(b3_3, vec4(a22.w), fma(b3_2, vec4(a22.z), fma(b3_1, vec4(a22.y), fma(b3_0, vec4(a22.x), c22_3))));
      c22_4 = fma(b4_3, vec4(a22.w), fma(b4_2, vec4(a22.z), fma(b4_1, vec4(a22.y), fma(b4_0, vec4(a22.x), c22_4))));
      c22_5 = fma(b5_3, vec4(a22.w), fma(b5_2, vec4(a22.z), fma(b5_1, vec4(a22.y), fma(b5_0, vec4(a22.x), c22_5))));
      c22_6 = fma(b6_3, vec4(a22.w), fma(b6_2, vec4(a22.z), fma(b6_1, vec4(a22.y), fma(b6_0, vec4(a22.x), c22_6))));
      c22_7 = fma(b7_3, vec4(a22.w), fma(b7_2, vec4(a22.z), fma(b7_1, vec4(a22.y), fma(b7_0, vec4(a22.x), c22_7))));
      let a23 = am5[3];
      c23_0 = fma(b0_3, vec4(a23.w), fma(b0_2, vec4(a23.z), fma(b0_1, vec4(a23.y), fma(b0_0, vec4(a23.x), c23_0))));
      c23_1 = fma(b1_3, vec4(a23.w), fma(b1_2, vec4(a23.z), fma(b1_1, vec4(a23.y), fma(b1_0, vec4(a23.x), c23_1))));
      c23_2 = fma(b2_3, vec4(a23.w), fma(b2_2, vec4(a23.z), fma(b2_1, vec4(a23.y), fma(b2_0, vec4(a23.x), c23_2))));
      c23_3 = fma(b3_3, vec4(a23.w), fma(b3_2, vec4(a23.z), fma(b3_1, vec4(a23.y), fma(b3_0, vec4(a23.x), c23_3))));
      c23_4 = fma(b4_3, vec4(a23.w), fma(b4_2, vec4(a23.z), fma(b4_1, vec4(a23.y), fma(b4_0, vec4(a23.x), c23_4))));
      c23_5 = fma(b5_3, vec4(a23.w), fma(b5_2, vec4(a23.z), fma(b5_1, vec4(a23.y), fma(b5_0, vec4(a23.x), c23_5))));
      c23_6 = fma(b6_3, vec4(a23.w), fma(b6_2, vec4(a23.z), fma(b6_1, vec4(a23.y), fma(b6_0, vec4(a23.x), c23_6))));
      c23_7 = fma(b7_3, vec4(a23.w), fma(b7_2, vec4(a23.z), fma(b7_1, vec4(a23.y), fma(b7_0, vec4(a23.x), c23_7))));
      let am6 = loadA4(pa6, k);
      let a24 = am6[0];
      c24_0 = fma(b0_3, vec4(a24.w), fma(b0_2, vec4(a24.z), fma(b0_1, vec4(a24.y), fma(b0_0, vec4(a24.x), c24_0))));
      c24_1 = fma(b1_3, vec4(a24.w), fma(b1_2, vec4(a24.z), fma(b1_1, vec4(a24.y), fma(b1_0, vec4(a24.x), c24_1))));
      c24_2 = fma(b2_3, vec4(a24.w), fma(b2_2, vec4(a24.z), fma(b2_1, vec4(a24.y), fma(b2_0, vec4(a24.x), c24_2))));
      c24_3 = fma(b3_3, vec4(a24.w), fma(b3_2, vec4(a24.z), fma(b3_1, vec4(a24.y), fma(b3_0, vec4(a24.x), c24_3))));
      c24_4 = fma(b4_3, vec4(a24.w), fma(b4_2, vec4(a24.z), fma(b4_1, vec4(a24.y), fma(b4_0, vec4(a24.x), c24_4))));
      c24_5 = fma(b5_3, vec4(a24.w), fma(b5_2, vec4(a24.z), fma(b5_1, vec4(a24.y), fma(b5_0, vec4(a24.x), c24_5))));
      c24_6 = fma(b6_3, vec4(a24.w), fma(b6_2, vec4(a24.z), fma(b6_1, vec4(a24.y), fma(b6_0, vec4(a24.x), c24_6))));
      c24_7 = fma(b7_3, vec4(a24.w), fma(b7_2, vec4(a24.z), fma(b7_1, vec4(a24.y), fma(b7_0, vec4(a24.x), c24_7))));
      let a25 = am6[1];
      c25_0 = fma(b0_3, vec4(a25.w), fma(b0_2, vec4(a25.z), fma(b0_1, vec4(a25.y), fma(b0_0, vec4(a25.x), c25_0))));
      c25_1 = fma(b1_3, vec4(a25.w), fma(b1_2, vec4(a25.z), fma(b1_1, vec4(a25.y), fma(b1_0, vec4(a25.x), c25_1))));
      c25_2 = fma(b2_3, vec4(a25.w), fma(b2_2, vec4(a25.z), fma(b2_1, vec4(a25.y), fma(b2_0, vec4(a25.x), c25_2))));
      c25_3 = fma(b3_3, vec4(a25.w), fma(b3_2, vec4(a25.z), fma(b3_1, vec4(a25.y), fma(b3_0, vec4(a25.x), c25_3))));
      c25_4 = fma(b4_3, vec4(a25.w), fma(b4_2, vec4(a25.z), fma(b4_1, vec4(a25.y), fma(b4_0, vec4(a25.x), c25_4))));
      c25_5 = fma(b5_3, vec4(a25.w), fma(b5_2, vec4(a25.z), fma(b5_1, vec4(a25.y), fma(b5_0, vec4(a25.x), c25_5))));
      c25_6 = fma(b6_3, vec4(a25.w), fma(b6_2, vec4(a25.z), fma(b6_1, vec4(a25.y), fma(b6_0, vec4(a25.x), c25_6))));
      c25_7 = fma(b7_3, vec4(a25.w), fma(b7_2, vec4(a25.z), fma(b7_1, vec4(a25.y), fma(b7_0, vec4(a25.x), c25_7))));
      let a26 = am6[2];
      c26_0 = fma(b0_3, vec4(a26.w), fma(b0_2, vec4(a26.z), fma(b0_1, vec4(a26.y), fma(b0_0, vec4(a26.x), c26_0))));
      c26_1 = fma(b1_3, vec4(a26.w), fma(b1_2, vec4(a26.z), fma(b1_1, vec4(a26.y), fma(b1_0, vec4(a26.x), c26_1))));
      c26_2 = fma(b2_3, vec4(a26.w), fma(b2_2, vec4(a26.z), fma(b2_1, vec4(a26.y), fma(b2_0, vec4(a26.x), c26_2))));
      c26_3 = fma(b3_3, vec4(a26.w), fma(b3_2, vec4(a26.z), fma(b3_1, vec4(a26.y), fma(b3_0, vec4(a26.x), c26_3))));
      c26_4 = fma(b4_3, vec4(a26.w), fma(b4_2, vec4(a26.z), fma(b4_1, vec4(a26.y), fma(b4_0, vec4(a26.x), c26_4))));
      c26_5 = fma(b5_3, vec4(a26.w), fma(b5_2, vec4(a26.z), fma(b5_1, vec4(a26.y), fma(b5_0, vec4(a26.x), c26_5))));
      c26_6 = fma(b6_3, vec4(a26.w), fma(b6_2, vec4(a26.z), fma(b6_1, vec4(a26.y), fma(b6_0, vec4(a26.x), c26_6))));
      c26_7 = fma(b7_3, vec4(a26.w), fma(b7_2, vec4(a26.z), fma(b7_1, vec4(a26.y), fma(b7_0, vec4(a26.x), c26_7))));
      let a27 = am6[3];
      c27_0 = fma(b0_3, vec4(a27.w), fma(b0_2, vec4(a27.z), fma(b0_1, vec4(a27.y), fma(b0_0, vec4(a27.x), c27_0))));
      c27_1 = fma(b1_3, vec4(a27.w), fma(b1_2, vec4(a27.z), fma(b1_1, vec4(a27.y), fma(b1_0, vec4(a27.x), c27_1))));
      c27_2 = fma(b2_3, vec4(a27.w), fma(b2_2, vec4(a27.z), fma(b2_1, vec4(a27.y), fma(b2_0, vec4(a27.x), c27_2))));
      c27_3 = fma(b3_3, vec4(a27.w), fma(b3_2, vec4(a27.z), fma(b3_1, vec4(a27.y), fma(b3_0, vec4(a27.x), c27_3))));
      c27_4 = fma(b4_3, vec4(a27.w), fma(b4_2, vec4(a27.z), fma(b4_1, vec4(a27.y), fma(b4_0, vec4(a27.x), c27_4))));
      c27_5 = fma(b5_3, vec4(a27.w), fma(b5_2, vec4(a27.z), fma(b5_1, vec4(a27.y), fma(b5_0, vec4(a27.x), c27_5))));
      c27_6 = fma(b6_3, vec4(a27.w), fma(b6_2, vec4(a27.z), fma(b6_1, vec4(a27.y), fma(b6_0, vec4(a27.x), c27_6))));
      c27_7 = fma(b7_3, vec4(a27.w), fma(b7_2, vec4(a27.z), fma(b7_1, vec4(a27.y), fma(b7_0, vec4(a27.x), c27_7))));
      let am7 = loadA4(pa7, k);
      let a28 = am7[0];
      c28_0 = fma(b0_3, vec4(a28.w), fma(b0_2, vec4(a28.z), fma(b0_1, vec4(a28.y), fma(b0_0, vec4(a28.x), c28_0))));
      c28_1 = fma(b1_3, vec4(a28.w), fma(b1_2, vec4(a28.z), fma(b1_1, vec4(a28.y), fma(b1_0, vec4(a28.x), c28_1))));
      c28_2 = fma(b2_3, vec4(a28.w), fma(b2_2, vec4(a28.z), fma(b2_1, vec4(a28.y), fma(b2_0, vec4(a28.x), c28_2))));
      c28_3 = fma(b3_3, vec4(a28.w), fma(b3_2, vec4(a28.z), fma(b3_1, vec4(a28.y), fma(b3_0, vec4(a28.x), c28_3))));
      c28_4 = fma(b4_3, vec4(a28.w), fma(b4_2, vec4(a28.z), fma(b4_1, vec4(a28.y), fma(b4_0, vec4(a28.x), c28_4))));
      c28_5 = fma(b5_3, vec4(a28.w), fma(b5_2, vec4(a28.z), fma(b5_1, vec4(a28.y), fma(b5_0, vec4(a28.x), c28_5))));
      c28_6 = fma(b6_3, vec4(a28.w), fma(b6_2, vec4(a28.z), fma(b6_1, vec4(a28.y), fma(b6_0, vec4(a28.x), c28_6))));
      c28_7 = fma(b7_3, vec4(a28.w), fma(b7_2, vec4(a28.z), fma(b7_1, vec4(a28.y), fma(b7_0, vec4(a28.x), c28_7))));
      let a29 = am7[1];
      c29_0 = fma(b0_3, vec4(a29.w), fma(b0_2, vec4(a29.z), fma(b0_1, vec4(a29.y), fma(b0_0, vec4(a29.x), c29_0))));
      c29_1 = fma(b1_3, vec4(a29.w), fma(b1_2, vec4(a29.z), fma(b1_1, vec4(a29.y), fma(b1_0, vec4(a29.x), c29_1))));
      c29_2 = fma(b2_3, vec4(a29.w), fma(b2_2, vec4(a29.z), fma(b2_1, vec4(a29.y), fma(b2_0, vec4(a29.x), c29_2))));
      c29_3 = fma(b3_3, vec4(a29.w), fma(b3_2, vec4(a29.z), fma(b3_1, vec4(a29.y), fma(b3_0, vec4(a29.x), c29_3))));
      c29_4 = fma(b4_3, vec4(a29.w), fma(b4_2, vec4(a29.z), fma(b4_1, vec4(a29.y), fma(b4_0, vec4(a29.x), c29_4))));
      c29_5 = fma(b5_3, vec4(a29.w), fma(b5_2, vec4(a29.z), fma(b5_1, vec4(a29.y), fma(b5_0, vec4(a29.x), c29_5))));
      c29_6 = fma(b6_3, vec4(a29.w), fma(b6_2, vec4(a29.z), fma(b6_1, vec4(a29.y), fma(b6_0, vec4(a29.x), c29_6))));
      c29_7 = fma(b7_3, vec4(a29.w), fma(b7_2, vec4(a29.z), fma(b7_1, vec4(a29.y), fma(b7_0, vec4(a29.x), c29_7))));
      let a30 = am7[2];
      c30_0 = fma(b0_3, vec4(a30.w), fma(b0_2, vec4(a30.z), fma(b0_1, vec4(a30.y), fma(b0_0, vec4(a30.x), c30_0))));
      c30_1 = fma(b1_3, vec4(a30.w), fma(b1_2, vec4(a30.z), fma(b1_1, vec4(a30.y), fma(b1_0, vec4(a30.x), c30_1))));
      c30_2 = fma(b2_3, vec4(a30.w), fma(b2_2, vec4(a30.z), fma(b2_1, vec4(a30.y), fma(b2_0, vec4(a30.x), c30_2))));
      c30_3 = fma(b3_3, vec4(a30.w), fma(b3_2, vec4(a30.z), fma(b3_1, vec4(a30.y), fma(b3_0, vec4(a30.x), c30_3))));
      c30_4 = fma(b4_3, vec4(a30.w), fma(b4_2, vec4(a30.z), fma(b4_1, vec4(a30.y), fma(b4_0, vec4(a30.x), c30_4))));
      c30_5 = fma(b5_3, vec4(a30.w), fma(b5_2, vec4(a30.z), fma(b5_1, vec4(a30.y), fma(b5_0, vec4(a30.x), c30_5))));
      c30_6 = fma(b6_3, vec4(a30.w), fma(b6_2, vec4(a30.z), fma(b6_1, vec4(a30.y), fma(b6_0, vec4(a30.x), c30_6))));
      c30_7 = fma(b7_3, vec4(a30.w), fma(b7_2, vec4(a30.z), fma(b7_1, vec4(a30.y), fma(b7_0, vec4(a30.x), c30_7))));
      let a31 = am7[3];
      c31_0 = fma(b0_3, vec4(a31.w), fma(b0_2, vec4(a31.z), fma(b0_1, vec4(a31.y), fma(b0_0, vec4(a31.x), c31_0))));
      c31_1 = fma(b1_3, vec4(a31.w), fma(b1_2, vec4(a31.z), fma(b1_1, vec4(a31.y), fma(b1_0, vec4(a31.x), c31_1))));
      c31_2 = fma(b2_3, vec4(a31.w), fma(b2_2, vec4(a31.z), fma(b2_1, vec4(a31.y), fma(b2_0, vec4(a31.x), c31_2))));
      c31_3 = fma(b3_3, vec4(a31.w), fma(b3_2, vec4(a31.z), fma(b3_1, vec4(a31.y), fma(b3_0, vec4(a31.x), c31_3))));
      c31_4 = fma(b4_3, vec4(a31.w), fma(b4_2, vec4(a31.z), fma(b4_1, vec4(a31.y), fma(b4_0, vec4(a31.x), c31_4))));
      c31_5 = fma(b5_3, vec4(a31.w), fma(b5_2, vec4(a31.z), fma(b5_1, vec4(a31.y), fma(b5_0, vec4(a31.x), c31_5))));
      c31_6 = fma(b6_3, vec4(a31.w), fma(b6_2, vec4(a31.z), fma(b6_1, vec4(a31.y), fma(b6_0, vec4(a31.x), c31_6))));
      c31_7 = fma(b7_3, vec4(a31.w), fma(b7_2, vec4(a31.z), fma(b7_1, vec4(a31.y), fma(b7_0, vec4(a31.x), c31_7))));
    }
  } else {
    // ---- General path: 1 k per step, scalar loads except where a vec4 runs
    // along rows (TRANS_A && VEC4_A) or columns (!TRANS_B && VEC4_B).
    let qa0 = offsA4(aBase, row + 0u);
    let qa1 = offsA4(aBase, row + 4u);
    let qa2 = offsA4(aBase, row + 8u);
    let qa3 = offsA4(aBase, row + 12u);
    let qa4 = offsA4(aBase, row + 16u);
    let qa5 = offsA4(aBase, row + 20u);
    let qa6 = offsA4(aBase, row + 24u);
    let qa7 = offsA4(aBase, row + 28u);
    let qb0 = offsB4(bBase, col + 0u);
    let qb1 = offsB4(bBase, col + 4u);
    let qb2 = offsB4(bBase, col + 8u);
    let qb3 = offsB4(bBase, col + 12u);
    let qb4 = offsB4(bBase, col + 16u);
    let qb5 = offsB4(bBase, col + 20u);
    let qb6 = offsB4(bBase, col + 24u);
    let qb7 = offsB4(bBase, col + 28u);
    let sa = select(1u, M, TRANS_A); // step in A from k to k + 1
    let sb = select(N, 1u, TRANS_B); // step in B from k to k + 1
    for (var k = 0u; k < K; k += 1u) {
      let ka = k * sa;
      let kb = k * sb;
      // b<g> = op(B)(k, col + 4g .. col + 4g + 3)
      let b0 = loadB1(qb0, kb);
      let b1 = loadB1(qb1, kb);
      let b2 = loadB1(qb2, kb);
      let b3 = loadB1(qb3, kb);
      let b4 = loadB1(qb4, kb);
      let b5 = loadB1(qb5, kb);
      let b6 = loadB1(qb6, kb);
      let b7 = loadB1(qb7, kb);
      // a<r> = op(A)(row + 4r .. row + 4r + 3, k)
      let a0 = loadA1(qa0, ka);
      c0_0 = fma(b0, vec4(a0.x), c0_0);
      c0_1 = fma(b1, vec4(a0.x), c0_1);
      c0_2 = fma(b2, vec4(a0.x), c0_2);
      c0_3 = fma(b3, vec4(a0.x), c0_3);
      c0_4 = fma(b4, vec4(a0.x), c0_4);
      c0_5 = fma(b5, vec4(a0.x), c0_5);
      c0_6 = fma(b6, vec4(a0.x), c0_6);
      c0_7 = fma(b7, vec4(a0.x), c0_7);
      c1_0 = fma(b0, vec4(a0.y), c1_0);
      c1_1 = fma(b1, vec4(a0.y), c1_1);
      c1_2 = fma(b2, vec4(a0.y), c1_2);
      c1_3 = fma(b3, vec4(a0.y), c1_3);
      c1_4 = fma(b4, vec4(a0.y), c1_4);
      c1_5 = fma(b5, vec4(a0.y), c1_5);
      c1_6 = fma(b6, vec4(a0.y), c1_6);
      c1_7 = fma(b7, vec4(a0.y), c1_7);
      c2_0 = fma(b0, vec4(a0.z), c2_0);
      c2_1 = fma(b1, vec4(a0.z), c2_1);
      c2_2 = fma(b2, vec4(a0.z), c2_2);
      c2_3 = fma(b3, vec4(a0.z), c2_3);
      c2_4 = fma(b4, vec4(a0.z), c2_4);
      c2_5 = fma(b5, vec4(a0.z), c2_5);
      c2_6 = fma(b6, vec4(a0.z), c2_6);
      c2_7 = fma(b7, vec4(a0.z), c2_7);
      c3_0 = fma(b0, vec4(a0.w), c3_0);
      c3_1 = fma(b1, vec4(a0.w), c3_1);
      c3_2 = fma(b2, vec4(a0.w), c3_2);
      c3_3 = fma(b3, vec4(a0.w), c3_3);
      c3_4 = fma(b4, vec4(a0.w), c3_4);
      c3_5 = fma(b5, vec4(a0.w), c3_5);
      c3_6 = fma(b6, vec4(a0.w), c3_6);
      c3_7 = fma(b7, vec4(a0.w), c3_7);
      let a1 = loadA1(qa1, ka);
      c4_0 = fma(b0, vec4(a1.x), c4_0);
      c4_1 = fma(b1, vec4(a1.x), c4_1);
      c4_2 = fma(b2, vec4(a1.x), c4_2);
      c4_3 = fma(b3, vec4(a1.x), c4_3);
      c4_4 = fma(b4, vec4(a1.x), c4_4);
      c4_5 = fma(b5, vec4(a1.x), c4_5);
      c4_6 = fma(b6, vec4(a1.x), c4_6);
      c4_7 = fma(b7, vec4(a1.x), c4_7);
      c5_0 = fma(b0, vec4(a1.y), c5_0);
      c5_1 = fma(b1, vec4(a1.y), c5_1);
      c5_2 = fma(b2, vec4(a1.y), c5_2);
      c5_3 = fma(b3, vec4(a1.y), c5_3);
      c5_4 = fma(b4, vec4(a1.y), c5_4);
      c5_5 = fma(b5, vec4(a1.y), c5_5);
      c5_6 = fma(b6, vec4(a1.y), c5_6);
      c5_7 = fma(b7, vec4(a1.y), c5_7);
      c6_0 = fma(b0, vec4(a1.z), c6_0);
      c6_1 = fma(b1, vec4(a1.z), c6_1);
      c6_2 = fma(b2, vec4(a1.z), c6_2);
      c6_3 = fma(b3, vec4(a1.z), c6_3);
      c6_4 = fma(b4, vec4(a1.z), c6_4);
      c6_5 = fma(b5, vec4(a1.z), c6_5);
      c6_6 = fma(b6, vec4(a1.z), c6_6);
      c6_7 = fma(b7, vec4(a1.z), c6_7);
      c7_0 = fma(b0, vec4(a1.w), c7_0);
      c7_1 = fma(b1, vec4(a1.w), c7_1);
      c7_2 = fma(b2, vec4(a1.w), c7_2);
      c7_3 = fma(b3, vec4(a1.w), c7_3);
      c7_4 = fma(b4, vec4(a1.w), c7_4);
      c7_5 = fma(b5, vec4(a1.w), c7_5);
      c7_6 = fma(b6, vec4(a1.w), c7_6);
      c7_7 = fma(b7, vec4(a1.w), c7_7);
      let a2 = loadA1(qa2, ka);
      c8_0 = fma(b0, vec4(a2.x), c8_0);
      c8_1 = fma(b1, vec4(a2.x), c8_1);
      c8_2 = fma(b2, vec4(a2.x), c8_2);
      c8_3 = fma(b3, vec4(a2.x), c8_3);
      c8_4 = fma(b4, vec4(a2.x), c8_4);
      c8_5 = fma(b5, vec4(a2.x), c8_5);
      c8_6 = fma(b6, vec4(a2.x), c8_6);
      c8_7 = fma(b7, vec4(a2.x), c8_7);
      c9_0 = fma(b0, vec4(a2.y), c9_0);
      c9_1 = fma(b1, vec4(a2.y), c9_1);
      c9_2 = fma(b2, vec4(a2.y), c9_2);
      c9_3 = fma(b3, vec4(a2.y), c9_3);
      c9_4 = fma(b4, vec4(a2.y), c9_4);
      c9_5 = fma(b5, vec4(a2.y), c9_5);
      c9_6 = fma(b6, vec4(a2.y), c9_6);
      c9_7 = fma(b7, vec4(a2.y), c9_7);
      c10_0 = fma(b0, vec4(a2.z), c10_0);
      c10_1 = fma(b1, vec4(a2.z), c10_1);
      c10_2 = fma(b2, vec4(a2.z), c10_2);
      c10_3 = fma(b3, vec4(a2.z), c10_3);
      c10_4 = fma(b4, vec4(a2.z), c10_4);
      c10_5 = fma(b5, vec4(a2.z), c10_5);
      c10_6 = fma(b6, vec4(a2.z), c10_6);
      c10_7 = fma(b7, vec4(a2.z), c10_7);
      c11_0 = fma(b0, vec4(a2.w), c11_0);
      c11_1 = fma(b1, vec4(a2.w), c11_1);
      c11_2 = fma(b2, vec4(a2.w), c11_2);
      c11_3 = fma(b3, vec4(a2.w), c11_3);
      c11_4 = fma(b4, vec4(a2.w), c11_4);
      c11_5 = fma(b5, vec4(a2.w), c11_5);
      c11_6 = fma(b6, vec4(a2.w), c11_6);
      c11_7 = fma(b7, vec4(a2.w), c11_7);
      let a3 = loadA1(qa3, ka);
      c12_0 = fma(b0, vec4(a3.x), c12_0);
      c12_1 = fma(b1, vec4(a3.x), c12_1);
      c12_2 = fma(b2, vec4(a3.x), c12_2);
      c12_3 = fma(b3, vec4(a3.x), c12_3);
      c12_4 = fma(b4, vec4(a3.x), c12_4);
      c12_5 = fma(b5, vec4(a3.x), c12_5);
      c12_6 = fma(b6, vec4(a3.x), c12_6);
      c12_7 = fma(b7, vec4(a3.x), c12_7);
      c13_0 = fma(b0, vec4(a3.y), c13_0);
      c13_1 = fma(b1, vec4(a3.y), c13_1);
      c13_2 = fma(b2, vec4(a3.y), c13_2);
      c13_3 = fma(b3, vec4(a3.y), c13_3);
      c13_4 = fma(b4, vec4(a3.y), c13_4);
      c13_5 = fma(b5, vec4(a3.y), c13_5);
      c13_6 = fma(b6, vec4(a3.y), c13_6);
      c13_7 = fma(b7, vec4(a3.y), c13_7);
      c14_0 = fma(b0, vec4(a3.z), c14_0);
      c14_1 = fma(b1, vec4(a3.z), c14_1);
      c14_2 = fma(b2, vec4(a3.z), c14_2);
      c14_3 = fma(b3, vec4(a3.z), c14_3);
      c14_4 = fma(b4, vec4(a3.z), c14_4);
      c14_5 = fma(b5, vec4(a3.z), c14_5);
      c14_6 = fma(b6, vec4(a3.z), c14_6);
      c14_7 = fma(b7, vec4(a3.z), c14_7);
      c15_0 = fma(b0, vec4(a3.w), c15_0);
      c15_1 = fma(b1, vec4(a3.w), c15_1);
      c15_2 = fma(b2, vec4(a3.w), c15_2);
      c15_3 = fma(b3, vec4(a3.w), c15_3);
      c15_4 = fma(b4, vec4(a3.w), c15_4);
      c15_5 = fma(b5, vec4(a3.w), c15_5);
      c15_6 = fma(b6, vec4(a3.w), c15_6);
      c15_7 = fma(b7, vec4(a3.w), c15_7);
      let a4 = loadA1(qa4, ka);
      c16_0 = fma(b0, vec4(a4.x), c16_0);
      c16_1 = fma(b1, vec4(a4.x), c16_1);
      c16_2 = fma(b2, vec4(a4.x), c16_2);
      c16_3 = fma(b3, vec4(a4.x), c16_3);
      c16_4 = fma(b4, vec4(a4.x), c16_4);
      c16_5 = fma(b5, vec4(a4.x), c16_5);
      c16_6 = fma(b6, vec4(a4.x), c16_6);
      c16_7 = fma(b7, vec4(a4.x), c16_7);
      c17_0 = fma(b0, vec4(a4.y), c17_0);
      c17_1 = fma(b1, vec4(a4.y), c17_1);
      c17_2 = fma(b2, vec4(a4.y), c17_2);
      c17_3 = fma(b3, vec4(a4.y), c17_3);
      c17_4 = fma(b4, vec4(a4.y), c17_4);
      c17_5 = fma(b5, vec4(a4.y), c17_5);
      c17_6 = fma(b6, vec4(a4.y), c17_6);
      c17_7 = fma(b7, vec4(a4.y), c17_7);
      c18_0 = fma(b0, vec4(a4.z), c18_0);
      c18_1 = fma(b1, vec4(a4.z), c18_1);
      c18_2 = fma(b2, vec4(a4.z), c18_2);
      c18_3 = fma(b3, vec4(a4.z), c18_3);
      c18_4 = fma(b4, vec4(a4.z), c18_4);
      c18_5 = fma(b5, vec4(a4.z), c18_5);
      c18_6 = fma(b6, vec4(a4.z), c18_6);
      c18_7 = fma(b7, vec4(a4.z), c18_7);
      c19_0 = fma(b0, vec4(a4.w), c19_0);
      c19_1 = fma(b1, vec4(a4.w), c19_1);
      c19_2 = fma(b2, vec4(a4.w), c19_2);
      c19_3 = fma(b3, vec4(a4.w), c19_3);
      c19_4 = fma(b4, vec4(a4.w), c19_4);
      c19_5 = fma(b5, vec4(a4.w), c19_5);
      c19_6 = fma(b6, vec4(a4.w), c19_6);
      c19_7 = fma(b7, vec4(a4.w), c19_7);
      let a5 = loadA1(qa5, ka);
      c20_0 = fma(b0, vec4(a5.x), c20_0);
      c20_1 = fma(b1, vec4(a5.x), c20_1);
      c20_2 = fma(b2, vec4(a5.x), c20_2);
      c20_3 = fma(b3, vec4(a5.x), c20_3);
      c20_4 = fma(b4, vec4(a5.x), c20_4);
      c20_5 = fma(b5, vec4(a5.x), c20_5);
      c20_6 = fma(b6, vec4(a5.x), c20_6);
      c20_7 = fma(b7, vec4(a5.x), c20_7);
      c21_0 = fma(b0, vec4(a5.y), c21_0);
      c21_1 = fma(b1, vec4(a5.y), c21_1);
      c21_2 = fma(b2, vec4(a5.y), c21_2);
      c21_3 = fma(b3, vec4(a5.y), c21_3);
      c21_4 = fma(b4, vec4(a5.y), c21_4);
      c21_5 = fma(b5, vec4(a5.y), c21_5);
      c21_6 = fma(b6, vec4(a5.y), c21_6);
      c21_7 = fma(b7, vec4(a5.y), c21_7);
      c22_0 = fma(b0, vec4(a5.z), c22_0);
      c22_1 = fma(b1, vec4(a5.z), c22_1);
      c22_2 = fma(b2, vec4(a5.z), c22_2);
      c22_3 = fma(b3, vec4(a5.z), c22_3);
      c22_4 = fma(b4, vec4(a5.z), c22_4);
      c22_5 = fma(b5, vec4(a5.z), c22_5);
      c22_6 = fma(b6, vec4(a5.z), c22_6);
      c22_7 = fma(b7, vec4(a5.z), c22_7);
      c23_0 = fma(b0, vec4(a5.w), c23_0);
      c23_1 = fma(b1, vec4(a5.w), c23_1);
      c23_2 = fma(b2, vec4(a5.w), c23_2);
      c23_3 = fma(b3, vec4(a5.w), c23_3);
      c23_4 = fma(b4, vec4(a5.w), c23_4);
      c23_5 = fma(b5, vec4(a5.w), c23_5);
      c23_6 = fma(b6, vec4(a5.w), c23_6);
      c23_7 = fma(b7, vec4(a5.w), c23_7);
      let a6 = loadA1(qa6, ka);
      c24_0 = fma(b0, vec4(a6.x), c24_0);
      c24_1 = fma(b1, vec4(a6.x), c24_1);
      c24_2 = fma(b2, vec4(a6.x), c24_2);
      c24_3 = fma(b3, vec4(a6.x), c24_3);
      c24_4 = fma(b4, vec4(a6.x), c24_4);
      c24_5 = fma(b5, vec4(a6.x), c24_5);
      c24_6 = fma(b6, vec4(a6.x), c24_6);
      c24_7 = fma(b7, vec4(a6.x), c24_7);
      c25_0 = fma(b0, vec4(a6.y), c25_0);
      c25_1 = fma(b1, vec4(a6.y), c25_1);
      c25_2 = fma(b2, vec4(a6.y), c25_2);
      c25_3 = fma(b3, vec4(a6.y), c25_3);
      c25_4 = fma(b4, vec4(a6.y), c25_4);
      c25_5 = fma(b5, vec4(a6.y), c25_5);
      c25_6 = fma(b6, vec4(a6.y), c25_6);
      c25_7 = fma(b7, vec4(a6.y), c25_7);
      c26_0 = fma(b0, vec4(a6.z), c26_0);
      c26_1 = fma(b1, vec4(a6.z), c26_1);
      c26_2 = fma(b2, vec4(a6.z), c26_2);
      c26_3 = fma(b3, vec4(a6.z), c26_3);
      c26_4 = fma(b4, vec4(a6.z), c26_4);
      c26_5 = fma(b5, vec4(a6.z), c26_5);
      c26_6 = fma(b6, vec4(a6.z), c26_6);
      c26_7 = fma(b7, vec4(a6.z), c26_7);
      c27_0 = fma(b0, vec4(a6.w), c27_0);
      c27_1 = fma(b1, vec4(a6.w), c27_1);
      c27_2 = fma(b2, vec4(a6.w), c27_2);
      c27_3 = fma(b3, vec4(a6.w), c27_3);
      c27_4 = fma(b4, vec4(a6.w), c27_4);
      c27_5 = fma(b5, vec4(a6.w), c27_5);
      c27_6 = fma(b6, vec4(a6.w), c27_6);
      c27_7 = fma(b7, vec4(a6.w), c27_7);
      let a7 = loadA1(qa7, ka);
      c28_0 = fma(b0, vec4(a7.x), c28_0);
      c28_1 = fma(b1, vec4(a7.x), c28_1);
      c28_2 = fma(b2, vec4(a7.x), c28_2);
      c28_3 = fma(b3, vec4(a7.x), c28_3);
      c28_4 = fma(b4, vec4(a7.x), c28_4);
      c28_5 = fma(b5, vec4(a7.x), c28_5);
      c28_6 = fma(b6, vec4(a7.x), c28_6);
      c28_7 = fma(b7, vec4(a7.x), c28_7);
      c29_0 = fma(b0, vec4(a7.y), c29_0);
      c29_1 = fma(b1, vec4(a7.y), c29_1);
      c29_2 = fma(b2, vec4(a7.y), c29_2);
      c29_3 = fma(b3, vec4(a7.y), c29_3);
      c29_4 = fma(b4, vec4(a7.y), c29_4);
      c29_5 = fma(b5, vec4(a7.y), c29_5);
      c29_6 = fma(b6, vec4(a7.y), c29_6);
      c29_7 = fma(b7, vec4(a7.y), c29_7);
      c30_0 = fma(b0, vec4(a7.z), c30_0);
      c30_1 = fma(b1, vec4(a7.z), c30_1);
      c30_2 = fma(b2, vec4(a7.z), c30_2);
      c30_3 = fma(b3, vec4(a7.z), c30_3);
      c30_4 = fma(b4, vec4(a7.z), c30_4);
      c30_5 = fma(b5, vec4(a7.z), c30_5);
      c30_6 = fma(b6, vec4(a7.z), c30_6);
      c30_7 = fma(b7, vec4(a7.z), c30_7);
      c31_0 = fma(b0, vec4(a7.w), c31_0);
      c31_1 = fma(b1, vec4(a7.w), c31_1);
      c31_2 = fma(b2, vec4(a7.w), c31_2);
      c31_3 = fma(b3, vec4(a7.w), c31_3);
      c31_4 = fma(b4, vec4(a7.w), c31_4);
      c31_5 = fma(b5, vec4(a7.w), c31_5);
      c31_6 = fma(b6, vec4(a7.w), c31_6);
      c31_7 = fma(b7, vec4(a7.w), c31_7);
    }
  }

  // Store the tile, skipping rows >= M and columns >= N.
  let cBase = gid.z * P.strideC;
  if (VEC4_C) {
    // N % 4 == 0: each c<i>_<g> is one aligned vec4 of C.
    if (row + 0u < M) {
      let e = (cBase + (row + 0u) * N + col) >> 2u;
      if (col + 0u < N) { C[e + 0u] = c0_0; } if (col + 4u < N) { C[e + 1u] = c0_1; } if (col + 8u < N) { C[e + 2u] = c0_2; } if (col + 12u < N) { C[e + 3u] = c0_3; }
      if (col + 16u < N) { C[e + 4u] = c0_4; } if (col + 20u < N) { C[e + 5u] = c0_5; } if (col + 24u < N) { C[e + 6u] = c0_6; } if (col + 28u < N) { C[e + 7u] = c0_7; }
    }
    if (row + 1u < M) {
      let e = (cBase + (row + 1u) * N + col) >> 2u;
      if (col + 0u < N) { C[e + 0u] = c1_0; } if (col + 4u < N) { C[e + 1u] = c1_1; } if (col + 8u < N) { C[e + 2u] = c1_2; } if (col + 12u < N) { C[e + 3u] = c1_3; }
      if (col + 16u < N) { C[e + 4u] = c1_4; } if (col + 20u < N) { C[e + 5u] = c1_5; } if (col + 24u < N) { C[e + 6u] = c1_6; } if (col + 28u < N) { C[e + 7u] = c1_7; }
    }
    if (row + 2u < M) {
      let e = (cBase + (row + 2u) * N + col) >> 2u;
      if (col + 0u < N) { C[e + 0u] = c2_0; } if (col + 4u < N) { C[e + 1u] = c2_1; } if (col + 8u < N) { C[e + 2u] = c2_2; } if (col + 12u < N) { C[e + 3u] = c2_3; }
      if (col + 16u < N) { C[e + 4u] = c2_4; } if (col + 20u < N) { C[e + 5u] = c2_5; } if (col + 24u < N) { C[e + 6u] = c2_6; } if (col + 28u < N) { C[e + 7u] = c2_7; }
    }
    if (row + 3u < M) {
      let e = (cBase + (row + 3u) * N + col) >> 2u;
      if (col + 0u < N) { C[e + 0u] = c3_0; } if (col + 4u < N) { C[e + 1u] = c3_1; } if (col + 8u < N) { C[e + 2u] = c3_2; } if (col + 12u < N) { C[e + 3u] = c3_3; }
      if (col + 16u < N) { C[e + 4u] = c3_4; } if (col + 20u < N) { C[e + 5u] = c3_5; } if (col + 24u < N) { C[e + 6u] = c3_6; } if (col + 28u < N) { C[e + 7u] = c3_7; }
    }
    if (row + 4u < M) {
      let e = (cBase + (row + 4u) * N + col) >> 2u;
      if (col + 0u < N) { C[e + 0u] = c4_0; } if (col + 4u < N) { C[e + 1u] = c4_1; } if (col + 8u < N) { C[e + 2u] = c4_2; } if (col + 12u < N) { C[e + 3u] = c4_3; }
      if (col + 16u < N) { C[e + 4u] = c4_4; } if (col + 20u < N) { C[e + 5u] = c4_5; } if (col + 24u < N) { C[e + 6u] = c4_6; } if (col + 28u < N) { C[e + 7u] = c4_7; }
    }
    if (row + 5u < M) {
      let e = (cBase + (row + 5u) * N + col) >> 2u;
      if (col + 0u < N) { C[e + 0u] = c5_0; } if (col + 4u < N) { C[e + 1u] = c5_1; } if (col + 8u < N) { C[e + 2u] = c5_2; } if (col + 12u < N) { C[e + 3u] = c5_3; }
      if (col + 16u < N) { C[e + 4u] = c5_4; } if (col + 20u < N) { C[e + 5u] = c5_5; } if (col + 24u < N) { C[e + 6u] = c5_6; } if (col + 28u < N) { C[e + 7u] = c5_7; }
    }
    if (row + 6u < M) {
      let e = (cBase + (row + 6u) * N + col) >> 2u;
      if (col + 0u < N) { C[e + 0u] = c6_0; } if (col + 4u < N) { C[e + 1u] = c6_1; } if (col + 8u < N) { C[e + 2u] = c6_2; } if (col + 12u < N) { C[e + 3u] = c6_3; }
      if (col + 16u < N) { C[e + 4u] = c6_4; } if (col + 20u < N) { C[e + 5u] = c6_5; } if (col + 24u < N) { C[e + 6u] = c6_6; } if (col + 28u < N) { C[e + 7u] = c6_7; }
    }
    if (row + 7u < M) {
      let e = (cBase + (row + 7u) * N + col) >> 2u;
      if (col + 0u < N) { C[e + 0u] = c7_0; } if (col + 4u < N) { C[e + 1u] = c7_1; } if (col + 8u < N) { C[e + 2u] = c7_2; } if (col + 12u < N) { C[e + 3u] = c7_3; }
      if (col + 16u < N) { C[e + 4u] = c7_4; } if (col + 20u < N) { C[e + 5u] = c7_5; } if (col + 24u < N) { C[e + 6u] = c7_6; } if (col + 28u < N) { C[e + 7u] = c7_7; }
    }
    if (row + 8u < M) {
      let e = (cBase + (row + 8u) * N + col) >> 2u;
      if (col + 0u < N) { C[e + 0u] = c8_0; } if (col + 4u < N) { C[e + 1u] = c8_1; } if (col + 8u < N) { C[e + 2u] = c8_2; } if (col + 12u < N) { C[e + 3u] = c8_3; }
      if (col + 16u < N) { C[e + 4u] = c8_4; } if (col + 20u < N) { C[e + 5u] = c8_5; } if (col + 24u < N) { C[e + 6u] = c8_6; } if (col + 28u < N) { C[e + 7u] = c8_7; }
    }
    if (row + 9u < M) {
      let e = (cBase + (row + 9u) * N + col) >> 2u;
      if (col + 0u < N) { C[e + 0u] = c9_0; } if (col + 4u < N) { C[e + 1u] = c9_1; } if (col + 8u < N) { C[e + 2u] = c9_2; } if (col + 12u < N) { C[e + 3u] = c9_3; }
      if (col + 16u < N) { C[e + 4u] = c9_4; } if (col + 20u < N) { C[e + 5u] = c9_5; } if (col + 24u < N) { C[e + 6u] = c9_6; } if (col + 28u < N) { C[e + 7u] = c9_7; }
    }
    if (row + 10u < M) {
      let e = (cBase + (row + 10u) * N + col) >> 2u;
      if (col + 0u < N) { C[e + 0u] = c10_0; } if (col + 4u < N) { C[e + 1u] = c10_1; } if (col + 8u < N) { C[e + 2u] = c10_2; } if (col + 12u < N) { C[e + 3u] = c10_3; }
      if (col + 16u < N) { C[e + 4u] = c10_4; } if (col + 20u < N) { C[e + 5u] = c10_5; } if (col + 24u < N) { C[e + 6u] = c10_6; } if (col + 28u < N) { C[e + 7u] = c10_7; }
    }
    if (row + 11u < M) {
      let e = (cBase + (row + 11u) * N + col) >> 2u;
      if (col + 0u < N) { C[e + 0u] = c11_0; } if (col + 4u < N) { C[e + 1u] = c11_1; } if (col + 8u < N) { C[e + 2u] = c11_2; } if (col + 12u < N) { C[e + 3u] = c11_3; }
      if (col + 16u < N) { C[e + 4u] = c11_4; } if (col + 20u < N) { C[e + 5u] = c11_5; } if (col + 24u < N) { C[e + 6u] = c11_6; } if (col + 28u < N) { C[e + 7u] = c11_7; }
    }
    if (row + 12u < M) {
      let e = (cBase + (row + 12u) * N + col) >> 2u;
      if (col + 0u < N) { C[e + 0u] = c12_0; } if (col + 4u < N) { C[e + 1u] = c12_1; } if (col + 8u < N) { C[e + 2u] = c12_2; } if (col + 12u < N) { C[e + 3u] = c12_3; }
      if (col + 16u < N) { C[e + 4u] = c12_4; } if (col + 20u < N) { C[e + 5u] = c12_5; } if (col + 24u < N) { C[e + 6u] = c12_6; } if (col + 28u < N) { C[e + 7u] = c12_7; }
    }
    if (row + 13u < M) {
      let e = (cBase + (row + 13u) * N + col) >> 2u;
      if (col + 0u < N) { C[e + 0u] = c13_0; } if (col + 4u < N) { C[e + 1u] = c13_1; } if (col + 8u < N) { C[e + 2u] = c13_2; } if (col + 12u < N) { C[e + 3u] = c13_3; }
      if (col + 16u < N) { C[e + 4u] = c13_4; } if (col + 20u < N) { C[e + 5u] = c13_5; } if (col + 24u < N) { C[e + 6u] = c13_6; } if (col + 28u < N) { C[e + 7u] = c13_7; }
    }
    if (row + 14u < M) {
      let e = (cBase + (row + 14u) * N + col) >> 2u;
      if (col + 0u < N) { C[e + 0u] = c14_0; } if (col + 4u < N) { C[e + 1u] = c14_1; } if (col + 8u < N) { C[e + 2u] = c14_2; } if (col + 12u < N) { C[e + 3u] = c14_3; }
      if (col + 16u < N) { C[e + 4u] = c14_4; } if (col + 20u < N) { C[e + 5u] = c14_5; } if (col + 24u < N) { C[e + 6u] = c14_6; } if (col + 28u < N) { C[e + 7u] = c14_7; }
    }
    if (row + 15u < M) {
      let e = (cBase + (row + 15u) * N + col) >> 2u;
      if (col + 0u < N) { C[e + 0u] = c15_0; } if (col + 4u < N) { C[e + 1u] = c15_1; } if (col + 8u < N) { C[e + 2u] = c15_2; } if (col + 12u < N) { C[e + 3u] = c15_3; }
      if (col + 16u < N) { C[e + 4u] = c15_4; } if (col + 20u < N) { C[e + 5u] = c15_5; } if (col + 24u < N) { C[e + 6u] = c15_6; } if (col + 28u < N) { C[e + 7u] = c15_7; }
    }
    if (row + 16u < M) {
      let e = (cBase + (row + 16u) * N + col) >> 2u;
      if (col + 0u < N) { C[e + 0u] = c16_0; } if (col + 4u < N) { C[e + 1u] = c16_1; } if (col + 8u < N) { C[e + 2u] = c16_2; } if (col + 12u < N) { C[e + 3u] = c16_3; }
      if (col + 16u < N) { C[e + 4u] = c16_4; } if (col + 20u < N) { C[e + 5u] = c16_5; } if (col + 24u < N) { C[e + 6u] = c16_6; } if (col + 28u < N) { C[e + 7u] = c16_7; }
    }
    if (row + 17u < M) {
      let e = (cBase + (row + 17u) * N + col) >> 2u;
      if (col + 0u < N) { C[e + 0u] = c17_0; } if (col + 4u < N) { C[e + 1u] = c17_1; } if (col + 8u < N) { C[e + 2u] = c17_2; } if (col + 12u < N) { C[e + 3u] = c17_3; }
      if (col + 16u < N) { C[e + 4u] = c17_4; } if (col + 20u < N) { C[e + 5u] = c17_5; } if (col + 24u < N) { C[e + 6u] = c17_6; } if (col + 28u < N) { C[e + 7u] = c17_7; }
    }
    if (row + 18u < M) {
      let e = (cBase + (row + 18u) * N + col) >> 2u;
      if (col + 0u < N) { C[e + 0u] = c18_0; } if (col + 4u < N) { C[e + 1u] = c18_1; } if (col + 8u < N) { C[e + 2u] = c18_2; } if (col + 12u < N) { C[e + 3u] = c18_3; }
      if (col + 16u < N) { C[e + 4u] = c18_4; } if (col + 20u < N) { C[e + 5u] = c18_5; } if (col + 24u < N) { C[e + 6u] = c18_6; } if (col + 28u < N) { C[e + 7u] = c18_7; }
    }
    if (row + 19u < M) {
      let e = (cBase + (row + 19u) * N + col) >> 2u;
      if (col + 0u < N) { C[e + 0u] = c19_0; } if (col + 4u < N) { C[e + 1u] = c19_1; } if (col + 8u < N) { C[e + 2u] = c19_2; } if (col + 12u < N) { C[e + 3u] = c19_3; }
      if (col + 16u < N) { C[e + 4u] = c19_4; } if (col + 20u < N) { C[e + 5u] = c19_5; } if (col + 24u < N) { C[e + 6u] = c19_6; } if (col + 28u < N) { C[e + 7u] = c19_7; }
    }
    if (row + 20u < M) {
      let e = (cBase + (row + 20u) * N + col) >> 2u;
      if (col + 0u < N) { C[e + 0u] = c20_0; } if (col + 4u < N) { C[e + 1u] = c20_1; } if (col + 8u < N) { C[e + 2u] = c20_2; } if (col + 12u < N) { C[e + 3u] = c20_3; }
      if (col + 16u < N) { C[e + 4u] = c20_4; } if (col + 20u < N) { C[e + 5u] = c20_5; } if (col + 24u < N) { C[e + 6u] = c20_6; } if (col + 28u < N) { C[e + 7u] = c20_7; }
    }
    if (row + 21u < M) {
      let e = (cBase + (row + 21u) * N + col) >> 2u;
      if (col + 0u < N) { C[e + 0u] = c21_0; } if (col + 4u < N) { C[e + 1u] = c21_1; } if (col + 8u < N) { C[e + 2u] = c21_2; } if (col + 12u < N) { C[e + 3u] = c21_3; }
      if (col + 16u < N) { C[e + 4u] = c21_4; } if (col + 20u < N) { C[e + 5u] = c21_5; } if (col + 24u < N) { C[e + 6u] = c21_6; } if (col + 28u < N) { C[e + 7u] = c21_7; }
    }
    if (row + 22u < M) {
      let e = (cBase + (row + 22u) * N + col) >> 2u;
      if (col + 0u < N) { C[e + 0u] = c22_0; } if (col + 4u < N) { C[e + 1u] = c22_1; } if (col + 8u < N) { C[e + 2u] = c22_2; } if (col + 12u < N) { C[e + 3u] = c22_3; }
      if (col + 16u < N) { C[e + 4u] = c22_4; } if (col + 20u < N) { C[e + 5u] = c22_5; } if (col + 24u < N) { C[e + 6u] = c22_6; } if (col + 28u < N) { C[e + 7u] = c22_7; }
    }
    if (row + 23u < M) {
      let e = (cBase + (row + 23u) * N + col) >> 2u;
      if (col + 0u < N) { C[e + 0u] = c23_0; } if (col + 4u < N) { C[e + 1u] = c23_1; } if (col + 8u < N) { C[e + 2u] = c23_2; } if (col + 12u < N) { C[e + 3u] = c23_3; }
      if (col + 16u < N) { C[e + 4u] = c23_4; } if (col + 20u < N) { C[e + 5u] = c23_5; } if (col + 24u < N) { C[e + 6u] = c23_6; } if (col + 28u < N) { C[e + 7u] = c23_7; }
    }
    if (row + 24u < M) {
      let e = (cBase + (row + 24u) * N + col) >> 2u;
      if (col + 0u < N) { C[e + 0u] = c24_0; } if (col + 4u < N) { C[e + 1u] = c24_1; } if (col + 8u < N) { C[e + 2u] = c24_2; } if (col + 12u < N) { C[e + 3u] = c24_3; }
      if (col + 16u < N) { C[e + 4u] = c24_4; } if (col + 20u < N) { C[e + 5u] = c24_5; } if (col + 24u < N) { C[e + 6u] = c24_6; } if (col + 28u < N) { C[e + 7u] = c24_7; }
    }
    if (row + 25u < M) {
      let e = (cBase + (row + 25u) * N + col) >> 2u;
      if (col + 0u < N) { C[e + 0u] = c25_0; } if (col + 4u < N) { C[e + 1u] = c25_1; } if (col + 8u < N) { C[e + 2u] = c25_2; } if (col + 12u < N) { C[e + 3u] = c25_3; }
      if (col + 16u < N) { C[e + 4u] = c25_4; } if (col + 20u < N) { C[e + 5u] = c25_5; } if (col + 24u < N) { C[e + 6u] = c25_6; } if (col + 28u < N) { C[e + 7u] = c25_7; }
    }
    if (row + 26u < M) {
      let e = (cBase + (row + 26u) * N + col) >> 2u;
      if (col + 0u < N) { C[e + 0u] = c26_0; } if (col + 4u < N) { C[e + 1u] = c26_1; } if (col + 8u < N) { C[e + 2u] = c26_2; } if (col + 12u < N) { C[e + 3u] = c26_3; }
      if (col + 16u < N) { C[e + 4u] = c26_4; } if (col + 20u < N) { C[e + 5u] = c26_5; } if (col + 24u < N) { C[e + 6u] = c26_6; } if (col + 28u < N) { C[e + 7u] = c26_7; }
    }
    if (row + 27u < M) {
      let e = (cBase + (row + 27u) * N + col) >> 2u;
      if (col + 0u < N) { C[e + 0u] = c27_0; } if (col + 4u < N) { C[e + 1u] = c27_1; } if (col + 8u < N) { C[e + 2u] = c27_2; } if (col + 12u < N) { C[e + 3u] = c27_3; }
      if (col + 16u < N) { C[e + 4u] = c27_4; } if (col + 20u < N) { C[e + 5u] = c27_5; } if (col + 24u < N) { C[e + 6u] = c27_6; } if (col + 28u < N) { C[e + 7u] = c27_7; }
    }
    if (row + 28u < M) {
      let e = (cBase + (row + 28u) * N + col) >> 2u;
      if (col + 0u < N) { C[e + 0u] = c28_0; } if (col + 4u < N) { C[e + 1u] = c28_1; } if (col + 8u < N) { C[e + 2u] = c28_2; } if (col + 12u < N) { C[e + 3u] = c28_3; }
      if (col + 16u < N) { C[e + 4u] = c28_4; } if (col + 20u < N) { C[e + 5u] = c28_5; } if (col + 24u < N) { C[e + 6u] = c28_6; } if (col + 28u < N) { C[e + 7u] = c28_7; }
    }
    if (row + 29u < M) {
      let e = (cBase + (row + 29u) * N + col) >> 2u;
      if (col + 0u < N) { C[e + 0u] = c29_0; } if (col + 4u < N) { C[e + 1u] = c29_1; } if (col + 8u < N) { C[e + 2u] = c29_2; } if (col + 12u < N) { C[e + 3u] = c29_3; }
      if (col + 16u < N) { C[e + 4u] = c29_4; } if (col + 20u < N) { C[e + 5u] = c29_5; } if (col + 24u < N) { C[e + 6u] = c29_6; } if (col + 28u < N) { C[e + 7u] = c29_7; }
    }
    if (row + 30u < M) {
      let e = (cBase + (row + 30u) * N + col) >> 2u;
      if (col + 0u < N) { C[e + 0u] = c30_0; } if (col + 4u < N) { C[e + 1u] = c30_1; } if (col + 8u < N) { C[e + 2u] = c30_2; } if (col + 12u < N) { C[e + 3u] = c30_3; }
      if (col + 16u < N) { C[e + 4u] = c30_4; } if (col + 20u < N) { C[e + 5u] = c30_5; } if (col + 24u < N) { C[e + 6u] = c30_6; } if (col + 28u < N) { C[e + 7u] = c30_7; }
    }
    if (row + 31u < M) {
      let e = (cBase + (row + 31u) * N + col) >> 2u;
      if (col + 0u < N) { C[e + 0u] = c31_0; } if (col + 4u < N) { C[e + 1u] = c31_1; } if (col + 8u < N) { C[e + 2u] = c31_2; } if (col + 12u < N) { C[e + 3u] = c31_3; }
      if (col + 16u < N) { C[e + 4u] = c31_4; } if (col + 20u < N) { C[e + 5u] = c31_5; } if (col + 24u < N) { C[e + 6u] = c31_6; } if (col + 28u < N) { C[e + 7u] = c31_7; }
    }
  } else {
    // One float at a time (this epilogue alone takes llvmpipe ~20 s to compile).
    if (row + 0u < M) {
      let e = cBase + (row + 0u) * N + col;
      if (col + 0u < N) { c1(e + 0u, c0_0.x); } if (col + 1u < N) { c1(e + 1u, c0_0.y); } if (col + 2u < N) { c1(e + 2u, c0_0.z); } if (col + 3u < N) { c1(e + 3u, c0_0.w); }
      if (col + 4u < N) { c1(e + 4u, c0_1.x); } if (col + 5u < N) { c1(e + 5u, c0_1.y); } if (col + 6u < N) { c1(e + 6u, c0_1.z); } if (col + 7u < N) { c1(e + 7u, c0_1.w); }
      if (col + 8u < N) { c1(e + 8u, c0_2.x); } if (col + 9u < N) { c1(e + 9u, c0_2.y); } if (col + 10u < N) { c1(e + 10u, c0_2.z); } if (col + 11u < N) { c1(e + 11u, c0_2.w); }
      if (col + 12u < N) { c1(e + 12u, c0_3.x); } if (col + 13u < N) { c1(e + 13u, c0_3.y); } if (col + 14u < N) { c1(e + 14u, c0_3.z); } if (col + 15u < N) { c1(e + 15u, c0_3.w); }
      if (col + 16u < N) { c1(e + 16u, c0_4.x); } if (col + 17u < N) { c1(e + 17u, c0_4.y); } if (col + 18u < N) { c1(e + 18u, c0_4.z); } if (col + 19u < N) { c1(e + 19u, c0_4.w); }
      if (col + 20u < N) { c1(e + 20u, c0_5.x); } if (col + 21u < N) { c1(e + 21u, c0_5.y); } if (col + 22u < N) { c1(e + 22u, c0_5.z); } if (col + 23u < N) { c1(e + 23u, c0_5.w); }
      if (col + 24u < N) { c1(e + 24u, c0_6.x); } if (col + 25u < N) { c1(e + 25u, c0_6.y); } if (col + 26u < N) { c1(e + 26u, c0_6.z); } if (col + 27u < N) { c1(e + 27u, c0_6.w); }
      if (col + 28u < N) { c1(e + 28u, c0_7.x); } if (col + 29u < N) { c1(e + 29u, c0_7.y); } if (col + 30u < N) { c1(e + 30u, c0_7.z); } if (col + 31u < N) { c1(e + 31u, c0_7.w); }
    }
    if (row + 1u < M) {
      let e = cBase + (row + 1u) * N + col;
      if (col + 0u < N) { c1(e + 0u, c1_0.x); } if (col + 1u < N) { c1(e + 1u, c1_0.y); } if (col + 2u < N) { c1(e + 2u, c1_0.z); } if (col + 3u < N) { c1(e + 3u, c1_0.w); }
      if (col + 4u < N) { c1(e + 4u, c1_1.x); } if (col + 5u < N) { c1(e + 5u, c1_1.y); } if (col + 6u < N) { c1(e + 6u, c1_1.z); } if (col + 7u < N) { c1(e + 7u, c1_1.w); }
      if (col + 8u < N) { c1(e + 8u, c1_2.x); } if (col + 9u < N) { c1(e + 9u, c1_2.y); } if (col + 10u < N) { c1(e + 10u, c1_2.z); } if (col + 11u < N) { c1(e + 11u, c1_2.w); }
      if (col + 12u < N) { c1(e + 12u, c1_3.x); } if (col + 13u < N) { c1(e + 13u, c1_3.y); } if (col + 14u < N) { c1(e + 14u, c1_3.z); } if (col + 15u < N) { c1(e + 15u, c1_3.w); }
      if (col + 16u < N) { c1(e + 16u, c1_4.x); } if (col + 17u < N) { c1(e + 17u, c1_4.y); } if (col + 18u < N) { c1(e + 18u, c1_4.z); } if (col + 19u < N) { c1(e + 19u, c1_4.w); }
      if (col + 20u < N) { c1(e + 20u, c1_5.x); } if (col + 21u < N) { c1(e + 21u, c1_5.y); } if (col + 22u < N) { c1(e + 22u, c1_5.z); } if (col + 23u < N) { c1(e + 23u, c1_5.w); }
      if (col + 24u < N) { c1(e + 24u, c1_6.x); } if (col + 25u < N) { c1(e + 25u, c1_6.y); } if (col + 26u < N) { c1(e + 26u, c1_6.z); } if (col + 27u < N) { c1(e + 27u, c1_6.w); }
      if (col + 28u < N) { c1(e + 28u, c1_7.x); } if (col + 29u < N) { c1(e + 29u, c1_7.y); } if (col + 30u < N) { c1(e + 30u, c1_7.z); } if (col + 31u < N) { c1(e + 31u, c1_7.w); }
    }
    if (row + 2u < M) {
      let e = cBase + (row + 2u) * N + col;
      if (col + 0u < N) { c1(e + 0u, c2_0.x); } if (col + 1u < N) { c1(e + 1u, c2_0.y); } if (col + 2u < N) { c1(e + 2u, c2_0.z); } if (col + 3u < N) { c1(e + 3u, c2_0.w); }
      if (col + 4u < N) { c1(e + 4u, c2_1.x); } if (col + 5u < N) { c1(e + 5u, c2_1.y); } if (col + 6u < N) { c1(e + 6u, c2_1.z); } if (col + 7u < N) { c1(e + 7u, c2_1.w); }
      if (col + 8u < N) { c1(e + 8u, c2_2.x); } if (col + 9u < N) { c1(e + 9u, c2_2.y); } if (col + 10u < N) { c1(e + 10u, c2_2.z); } if (col + 11u < N) { c1(e + 11u, c2_2.w); }
      if (col + 12u < N) { c1(e + 12u, c2_3.x); } if (col + 13u < N) { c1(e + 13u, c2_3.y); } if (col + 14u < N) { c1(e + 14u, c2_3.z); } if (col + 15u < N) { c1(e + 15u, c2_3.w); }
      if (col + 16u < N) { c1(e + 16u, c2_4.x); } if (col + 17u < N) { c1(e + 17u, c2_4.y); } if (col + 18u < N) { c1(e + 18u, c2_4.z); } if (col + 19u < N) { c1(e + 19u, c2_4.w); }
      if (col + 20u < N) { c1(e + 20u, c2_5.x); } if (col + 21u < N) { c1(e + 21u, c2_5.y); } if (col + 22u < N) { c1(e + 22u, c2_5.z); } if (col + 23u < N) { c1(e + 23u, c2_5.w); }
      if (col + 24u < N) { c1(e + 24u, c2_6.x); } if (col + 25u < N) { c1(e + 25u, c2_6.y); } if (col + 26u < N) { c1(e + 26u, c2_6.z); } if (col + 27u < N) { c1(e + 27u, c2_6.w); }
      if (col + 28u < N) { c1(e + 28u, c2_7.x); } if (col + 29u < N) { c1(e + 29u, c2_7.y); } if (col + 30u < N) { c1(e + 30u, c2_7.z); } if (col + 31u < N) { c1(e + 31u, c2_7.w); }
    }
    if (row + 3u < M) {
      let e = cBase + (row + 3u) * N + col;
      if (col + 0u < N) { c1(e + 0u, c3_0.x); } if (col + 1u < N) { c1(e + 1u, c3_0.y); } if (col + 2u < N) { c1(e + 2u, c3_0.z); } if (col + 3u < N) { c1(e + 3u, c3_0.w); }
      if (col + 4u < N) { c1(e + 4u, c3_1.x); } if (col + 5u < N) { c1(e + 5u, c3_1.y); } if (col + 6u < N) { c1(e + 6u, c3_1.z); } if (col + 7u < N) { c1(e + 7u, c3_1.w); }
      if (col + 8u < N) { c1(e + 8u, c3_2.x); } if (col + 9u < N) { c1(e + 9u, c3_2.y); } if (col + 10u < N) { c1(e + 10u, c3_2.z); } if (col + 11u < N) { c1(e + 11u, c3_2.w); }
      if (col + 12u < N) { c1(e + 12u, c3_3.x); } if (col + 13u < N) { c1(e + 13u, c3_3.y); } if (col + 14u < N) { c1(e + 14u, c3_3.z); } if (col + 15u < N) { c1(e + 15u, c3_3.w); }
      if (col + 16u < N) { c1(e + 16u, c3_4.x); } if (col + 17u < N) { c1(e + 17u, c3_4.y); } if (col + 18u < N) { c1(e + 18u, c3_4.z); } if (col + 19u < N) { c1(e + 19u, c3_4.w); }
      if (col + 20u < N) { c1(e + 20u, c3_5.x); } if (col + 21u < N) { c1(e + 21u, c3_5.y); } if (col + 22u < N) { c1(e + 22u, c3_5.z); } if (col + 23u < N) { c1(e + 23u, c3_5.w); }
      if (col + 24u < N) { c1(e + 24u, c3_6.x); } if (col + 25u < N) { c1(e + 25u, c3_6.y); } if (col + 26u < N) { c1(e + 26u, c3_6.z); } if (col + 27u < N) { c1(e + 27u, c3_6.w); }
      if (col + 28u < N) { c1(e + 28u, c3_7.x); } if (col + 29u < N) { c1(e + 29u, c3_7.y); } if (col + 30u < N) { c1(e + 30u, c3_7.z); } if (col + 31u < N) { c1(e + 31u, c3_7.w); }
    }
    if (row + 4u < M) {
      let e = cBase + (row + 4u) * N + col;
      if (col + 0u < N) { c1(e + 0u, c4_0.x); } if (col + 1u < N) { c1(e + 1u, c4_0.y); } if (col + 2u < N) { c1(e + 2u, c4_0.z); } if (col + 3u < N) { c1(e + 3u, c4_0.w); }
      if (col + 4u < N) { c1(e + 4u, c4_1.x); } if (col + 5u < N) { c1(e + 5u, c4_1.y); } if (col + 6u < N) { c1(e + 6u, c4_1.z); } if (col + 7u < N) { c1(e + 7u, c4_1.w); }
      if (col + 8u < N) { c1(e + 8u, c4_2.x); } if (col + 9u < N) { c1(e + 9u, c4_2.y); } if (col + 10u < N) { c1(e + 10u, c4_2.z); } if (col + 11u < N) { c1(e + 11u, c4_2.w); }
      if (col + 12u < N) { c1(e + 12u, c4_3.x); } if (col + 13u < N) { c1(e + 13u, c4_3.y); } if (col + 14u < N) { c1(e + 14u, c4_3.z); } if (col + 15u < N) { c1(e + 15u, c4_3.w); }
      if (col + 16u < N) { c1(e + 16u, c4_4.x); } if (col + 17u < N) { c1(e + 17u, c4_4.y); } if (col + 18u < N) { c1(e + 18u, c4_4.z); } if (col + 19u < N) { c1(e + 19u, c4_4.w); }
      if (col + 20u < N) { c1(e + 20u, c4_5.x); } if (col + 21u < N) { c1(e + 21u, c4_5.y); } if (col + 22u < N) { c1(e + 22u, c4_5.z); } if (col + 23u < N) { c1(e + 23u, c4_5.w); }
      if (col + 24u < N) { c1(e + 24u, c4_6.x); } if (col + 25u < N) { c1(e + 25u, c4_6.y); } if (col + 26u < N) { c1(e + 26u, c4_6.z); } if (col + 27u < N) { c1(e + 27u, c4_6.w); }
      if (col + 28u < N) { c1(e + 28u, c4_7.x); } if (col + 29u < N) { c1(e + 29u, c4_7.y); } if (col + 30u < N) { c1(e + 30u, c4_7.z); } if (col + 31u < N) { c1(e + 31u, c4_7.w); }
    }
    if (row + 5u < M) {
      let e = cBase + (row + 5u) * N + col;
      if (col + 0u < N) { c1(e + 0u, c5_0.x); } if (col + 1u < N) { c1(e + 1u, c5_0.y); } if (col + 2u < N) { c1(e + 2u, c5_0.z); } if (col + 3u < N) { c1(e + 3u, c5_0.w); }
      if (col + 4u < N) { c1(e + 4u, c5_1.x); } if (col + 5u < N) { c1(e + 5u, c5_1.y); } if (col + 6u < N) { c1(e + 6u, c5_1.z); } if (col + 7u < N) { c1(e + 7u, c5_1.w); }
      if (col + 8u < N) { c1(e + 8u, c5_2.x); } if (col + 9u < N) { c1(e + 9u, c5_2.y); } if (col + 10u < N) { c1(e + 10u, c5_2.z); } if (col + 11u < N) { c1(e + 11u, c5_2.w); }
      if (col + 12u < N) { c1(e + 12u, c5_3.x); } if (col + 13u < N) { c1(e + 13u, c5_3.y); } if (col + 14u < N) { c1(e + 14u, c5_3.z); } if (col + 15u < N) { c1(e + 15u, c5_3.w); }
      if (col + 16u < N) { c1(e + 16u, c5_4.x); } if (col + 17u < N) { c1(e + 17u, c5_4.y); } if (col + 18u < N) { c1(e + 18u, c5_4.z); } if (col + 19u < N) { c1(e + 19u, c5_4.w); }
      if (col + 20u < N) { c1(e + 20u, c5_5.x); } if (col + 21u < N) { c1(e + 21u, c5_5.y); } if (col + 22u < N) { c1(e + 22u, c5_5.z); } if (col + 23u < N) { c1(e + 23u, c5_5.w); }
      if (col + 24u < N) { c1(e + 24u, c5_6.x); } if (col + 25u < N) { c1(e + 25u, c5_6.y); } if (col + 26u < N) { c1(e + 26u, c5_6.z); } if (col + 27u < N) { c1(e + 27u, c5_6.w); }
      if (col + 28u < N) { c1(e + 28u, c5_7.x); } if (col + 29u < N) { c1(e + 29u, c5_7.y); } if (col + 30u < N) { c1(e + 30u, c5_7.z); } if (col + 31u < N) { c1(e + 31u, c5_7.w); }
    }
    if (row + 6u < M) {
      let e = cBase + (row + 6u) * N + col;
      if (col + 0u < N) { c1(e + 0u, c6_0.x); } if (col + 1u < N) { c1(e + 1u, c6_0.y); } if (col + 2u < N) { c1(e + 2u, c6_0.z); } if (col + 3u < N) { c1(e + 3u, c6_0.w); }
      if (col + 4u < N) { c1(e + 4u, c6_1.x); } if (col + 5u < N) { c1(e + 5u, c6_1.y); } if (col + 6u < N) { c1(e + 6u, c6_1.z); } if (col + 7u < N) { c1(e + 7u, c6_1.w); }
      if (col + 8u < N) { c1(e + 8u, c6_2.x); } if (col + 9u < N) { c1(e + 9u, c6_2.y); } if (col + 10u < N) { c1(e + 10u, c6_2.z); } if (col + 11u < N) { c1(e + 11u, c6_2.w); }
      if (col + 12u < N) { c1(e + 12u, c6_3.x); } if (col + 13u < N) { c1(e + 13u, c6_3.y); } if (col + 14u < N) { c1(e + 14u, c6_3.z); } if (col + 15u < N) { c1(e + 15u, c6_3.w); }
      if (col + 16u < N) { c1(e + 16u, c6_4.x); } if (col + 17u < N) { c1(e + 17u, c6_4.y); } if (col + 18u < N) { c1(e + 18u, c6_4.z); } if (col + 19u < N) { c1(e + 19u, c6_4.w); }
      if (col + 20u < N) { c1(e + 20u, c6_5.x); } if (col + 21u < N) { c1(e + 21u, c6_5.y); } if (col + 22u < N) { c1(e + 22u, c6_5.z); } if (col + 23u < N) { c1(e + 23u, c6_5.w); }
      if (col + 24u < N) { c1(e + 24u, c6_6.x); } if (col + 25u < N) { c1(e + 25u, c6_6.y); } if (col + 26u < N) { c1(e + 26u, c6_6.z); } if (col + 27u < N) { c1(e + 27u, c6_6.w); }
      if (col + 28u < N) { c1(e + 28u, c6_7.x); } if (col + 29u < N) { c1(e + 29u, c6_7.y); } if (col + 30u < N) { c1(e + 30u, c6_7.z); } if (col + 31u < N) { c1(e + 31u, c6_7.w); }
    }
    if (row + 7u < M) {
      let e = cBase + (row + 7u) * N + col;
      if (col + 0u < N) { c1(e + 0u, c7_0.x); } if (col + 1u < N) { c1(e + 1u, c7_0.y); } if (col + 2u < N) { c1(e + 2u, c7_0.z); } if (col + 3u < N) { c1(e + 3u, c7_0.w); }
      if (col + 4u < N) { c1(e + 4u, c7_1.x); } if (col + 5u < N) { c1(e + 5u, c7_1.y); } if (col + 6u < N) { c1(e + 6u, c7_1.z); } if (col + 7u < N) { c1(e + 7u, c7_1.w); }
      if (col + 8u < N) { c1(e + 8u, c7_2.x); } if (col + 9u < N) { c1(e + 9u, c7_2.y); } if (col + 10u < N) { c1(e + 10u, c7_2.z); } if (col + 11u < N) { c1(e + 11u, c7_2.w); }
      if (col + 12u < N) { c1(e + 12u, c7_3.x); } if (col + 13u < N) { c1(e + 13u, c7_3.y); } if (col + 14u < N) { c1(e + 14u, c7_3.z); } if (col + 15u < N) { c1(e + 15u, c7_3.w); }
      if (col + 16u < N) { c1(e + 16u, c7_4.x); } if (col + 17u < N) { c1(e + 17u, c7_4.y); } if (col + 18u < N) { c1(e + 18u, c7_4.z); } if (col + 19u < N) { c1(e + 19u, c7_4.w); }
      if (col + 20u < N) { c1(e + 20u, c7_5.x); } if (col + 21u < N) { c1(e + 21u, c7_5.y); } if (col + 22u < N) { c1(e + 22u, c7_5.z); } if (col + 23u < N) { c1(e + 23u, c7_5.w); }
      if (col + 24u < N) { c1(e + 24u, c7_6.x); } if (col + 25u < N) { c1(e + 25u, c7_6.y); } if (col + 26u < N) { c1(e + 26u, c7_6.z); } if (col + 27u < N) { c1(e + 27u, c7_6.w); }
      if (col + 28u < N) { c1(e + 28u, c7_7.x); } if (col + 29u < N) { c1(e + 29u, c7_7.y); } if (col + 30u < N) { c1(e + 30u, c7_7.z); } if (col + 31u < N) { c1(e + 31u, c7_7.w); }
    }
    if (row + 8u < M) {
      let e = cBase + (row + 8u) * N + col;
      if (col + 0u < N) { c1(e + 0u, c8_0.x); } if (col + 1u < N) { c1(e + 1u, c8_0.y); } if (col + 2u < N) { c1(e + 2u, c8_0.z); } if (col + 3u < N) { c1(e + 3u, c8_0.w); }
      if (col + 4u < N) { c1(e + 4u, c8_1.x); } if (col + 5u < N) { c1(e + 5u, c8_1.y); } if (col + 6u < N) { c1(e + 6u, c8_1.z); } if (col + 7u < N) { c1(e + 7u, c8_1.w); }
      if (col + 8u < N) { c1(e + 8u, c8_2.x); } if (col + 9u < N) { c1(e + 9u, c8_2.y); } if (col + 10u < N) { c1(e + 10u, c8_2.z); } if (col + 11u < N) { c1(e + 11u, c8_2.w); }
      if (col + 12u < N) { c1(e + 12u, c8_3.x); } if (col + 13u < N) { c1(e + 13u, c8_3.y); } if (col + 14u < N) { c1(e + 14u, c8_3.z); } if (col + 15u < N) { c1(e + 15u, c8_3.w); }
      if (col + 16u < N) { c1(e + 16u, c8_4.x); } if (col + 17u < N) { c1(e + 17u, c8_4.y); } if (col + 18u < N) { c1(e + 18u, c8_4.z); } if (col + 19u < N) { c1(e + 19u, c8_4.w); }
      if (col + 20u < N) { c1(e + 20u, c8_5.x); } if (col + 21u < N) { c1(e + 21u, c8_5.y); } if (col + 22u < N) { c1(e + 22u, c8_5.z); } if (col + 23u < N) { c1(e + 23u, c8_5.w); }
      if (col + 24u < N) { c1(e + 24u, c8_6.x); } if (col + 25u < N) { c1(e + 25u, c8_6.y); } if (col + 26u < N) { c1(e + 26u, c8_6.z); } if (col + 27u < N) { c1(e + 27u, c8_6.w); }
      if (col + 28u < N) { c1(e + 28u, c8_7.x); } if (col + 29u < N) { c1(e + 29u, c8_7.y); } if (col + 30u < N) { c1(e + 30u, c8_7.z); } if (col + 31u < N) { c1(e + 31u, c8_7.w); }
    }
    if (row + 9u < M) {
      let e = cBase + (row + 9u) * N + col;
      if (col + 0u < N) { c1(e + 0u, c9_0.x); } if (col + 1u < N) { c1(e + 1u, c9_0.y); } if (col + 2u < N) { c1(e + 2u, c9_0.z); } if (col + 3u < N) { c1(e + 3u, c9_0.w); }
      if (col + 4u < N) { c1(e + 4u, c9_1.x); } if (col + 5u < N) { c1(e + 5u, c9_1.y); } if (col + 6u < N) { c1(e + 6u, c9_1.z); } if (col + 7u < N) { c1(e + 7u, c9_1.w); }
      if (col + 8u < N) { c1(e + 8u, c9_2.x); } if (col + 9u < N) { c1(e + 9u, c9_2.y); } if (col + 10u < N) { c1(e + 10u, c9_2.z); } if (col + 11u < N) { c1(e + 11u, c9_2.w); }
      if (col + 12u < N) { c1(e + 12u, c9_3.x); } if (col + 13u < N) { c1(e + 13u, c9_3.y); } if (col + 14u < N) { c1(e + 14u, c9_3.z); } if (col + 15u < N) { c1(e + 15u, c9_3.w); }
      if (col + 16u < N) { c1(e + 16u, c9_4.x); } if (col + 17u < N) { c1(e + 17u, c9_4.y); } if (col + 18u < N) { c1(e + 18u, c9_4.z); } if (col + 19u < N) { c1(e + 19u, c9_4.w); }
      if (col + 20u < N) { c1(e + 20u, c9_5.x); } if (col + 21u < N) { c1(e + 21u, c9_5.y); } if (col + 22u < N) { c1(e + 22u, c9_5.z); } if (col + 23u < N) { c1(e + 23u, c9_5.w); }
      if (col + 24u < N) { c1(e + 24u, c9_6.x); } if (col + 25u < N) { c1(e + 25u, c9_6.y); } if (col + 26u < N) { c1(e + 26u, c9_6.z); } if (col + 27u < N) { c1(e + 27u, c9_6.w); }
      if (col + 28u < N) { c1(e + 28u, c9_7.x); } if (col + 29u < N) { c1(e + 29u, c9_7.y); } if (col + 30u < N) { c1(e + 30u, c9_7.z); } if (col + 31u < N) { c1(e + 31u, c9_7.w); }
    }
    if (row + 10u < M) {
      let e = cBase + (row + 10u) * N + col;
      if (col + 0u < N) { c1(e + 0u, c10_0.x); } if (col + 1u < N) { c1(e + 1u, c10_0.y); } if (col + 2u < N) { c1(e + 2u, c10_0.z); } if (col + 3u < N) { c1(e + 3u, c10_0.w); }
      if (col + 4u < N) { c1(e + 4u, c10_1.x); } if (col + 5u < N) { c1(e + 5u, c10_1.y); } if (col + 6u < N) { c1(e + 6u, c10_1.z); } if (col + 7u < N) { c1(e + 7u, c10_1.w); }
      if (col + 8u < N) { c1(e + 8u, c10_2.x); } if (col + 9u < N) { c1(e + 9u, c10_2.y); } if (col + 10u < N) { c1(e + 10u, c10_2.z); } if (col + 11u < N) { c1(e + 11u, c10_2.w); }
      if (col + 12u < N) { c1(e + 12u, c10_3.x); } if (col + 13u < N) { c1(e + 13u, c10_3.y); } if (col + 14u < N) { c1(e + 14u, c10_3.z); } if (col + 15u < N) { c1(e + 15u, c10_3.w); }
      if (col + 16u < N) { c1(e + 16u, c10_4.x); } if (col + 17u < N) { c1(e + 17u, c10_4.y); } if (col + 18u < N) { c1(e + 18u, c10_4.z); } if (col + 19u < N) { c1(e + 19u, c10_4.w); }
      if (col + 20u < N) { c1(e + 20u, c10_5.x); } if (col + 21u < N) { c1(e + 21u, c10_5.y); } if (col + 22u < N) { c1(e + 22u, c10_5.z); } if (col + 23u < N) { c1(e + 23u, c10_5.w); }
      if (col + 24u < N) { c1(e + 24u, c10_6.x); } if (col + 25u < N) { c1(e + 25u, c10_6.y); } if (col + 26u < N) { c1(e + 26u, c10_6.z); } if (col + 27u < N) { c1(e + 27u, c10_6.w); }
      if (col + 28u < N) { c1(e + 28u, c10_7.x); } if (col + 29u < N) { c1(e + 29u, c10_7.y); } if (col + 30u < N) { c1(e + 30u, c10_7.z); } if (col + 31u < N) { c1(e + 31u, c10_7.w); }
    }
    if (row + 11u < M) {
      let e = cBase + (row + 11u) * N + col;
      if (col + 0u < N) { c1(e + 0u, c11_0.x); } if (col + 1u < N) { c1(e + 1u, c11_0.y); } if (col + 2u < N) { c1(e + 2u, c11_0.z); } if (col + 3u < N) { c1(e + 3u, c11_0.w); }
      if (col + 4u < N) { c1(e + 4u, c11_1.x); } if (col + 5u < N) { c1(e + 5u, c11_1.y); } if (col + 6u < N) { c1(e + 6u, c11_1.z); } if (col + 7u < N) { c1(e + 7u, c11_1.w); }
      if (col + 8u < N) { c1(e + 8u, c11_2.x); } if (col + 9u < N) { c1(e + 9u, c11_2.y); } if (col + 10u < N) { c1(e + 10u, c11_2.z); } if (col + 11u < N) { c1(e + 11u, c11_2.w); }
      if (col + 12u < N) { c1(e + 12u, c11_3.x); } if (col + 13u < N) { c1(e + 13u, c11_3.y); } if (col + 14u < N) { c1(e + 14u, c11_3.z); } if (col + 15u < N) { c1(e + 15u, c11_3.w); }
      if (col + 16u < N) { c1(e + 16u, c11_4.x); } if (col + 17u < N) { c1(e + 17u, c11_4.y); } if (col + 18u < N) { c1(e + 18u, c11_4.z); } if (col + 19u < N) { c1(e + 19u, c11_4.w); }
      if (col + 20u < N) { c1(e + 20u, c11_5.x); } if (col + 21u < N) { c1(e + 21u, c11_5.y); } if (col + 22u < N) { c1(e + 22u, c11_5.z); } if (col + 23u < N) { c1(e + 23u, c11_5.w); }
      if (col + 24u < N) { c1(e + 24u, c11_6.x); } if (col + 25u < N) { c1(e + 25u, c11_6.y); } if (col + 26u < N) { c1(e + 26u, c11_6.z); } if (col + 27u < N) { c1(e + 27u, c11_6.w); }
      if (col + 28u < N) { c1(e + 28u, c11_7.x); } if (col + 29u < N) { c1(e + 29u, c11_7.y); } if (col + 30u < N) { c1(e + 30u, c11_7.z); } if (col + 31u < N) { c1(e + 31u, c11_7.w); }
    }
    if (row + 12u < M) {
      let e = cBase + (row + 12u) * N + col;
      if (col + 0u < N) { c1(e + 0u, c12_0.x); } if (col + 1u < N) { c1(e + 1u, c12_0.y); } if (col + 2u < N) { c1(e + 2u, c12_0.z); } if (col + 3u < N) { c1(e + 3u, c12_0.w); }
      if (col + 4u < N) { c1(e + 4u, c12_1.x); } if (col + 5u < N) { c1(e + 5u, c12_1.y); } if (col + 6u < N) { c1(e + 6u, c12_1.z); } if (col + 7u < N) { c1(e + 7u, c12_1.w); }
      if (col + 8u < N) { c1(e + 8u, c12_2.x); } if (col + 9u < N) { c1(e + 9u, c12_2.y); } if (col + 10u < N) { c1(e + 10u, c12_2.z); } if (col + 11u < N) { c1(e + 11u, c12_2.w); }
      if (col + 12u < N) { c1(e + 12u, c12_3.x); } if (col + 13u < N) { c1(e + 13u, c12_3.y); } if (col + 14u < N) { c1(e + 14u, c12_3.z); } if (col + 15u < N) { c1(e + 15u, c12_3.w); }
      if (col + 16u < N) { c1(e + 16u, c12_4.x); } if (col + 17u < N) { c1(e + 17u, c12_4.y); } if (col + 18u < N) { c1(e + 18u, c12_4.z); } if (col + 19u < N) { c1(e + 19u, c12_4.w); }
      if (col + 20u < N) { c1(e + 20u, c12_5.x); } if (col + 21u < N) { c1(e + 21u, c12_5.y); } if (col + 22u < N) { c1(e + 22u, c12_5.z); } if (col + 23u < N) { c1(e + 23u, c12_5.w); }
      if (col + 24u < N) { c1(e + 24u, c12_6.x); } if (col + 25u < N) { c1(e + 25u, c12_6.y); } if (col + 26u < N) { c1(e + 26u, c12_6.z); } if (col + 27u < N) { c1(e + 27u, c12_6.w); }
      if (col + 28u < N) { c1(e + 28u, c12_7.x); } if (col + 29u < N) { c1(e + 29u, c12_7.y); } if (col + 30u < N) { c1(e + 30u, c12_7.z); } if (col + 31u < N) { c1(e + 31u, c12_7.w); }
    }
    if (row + 13u < M) {
      let e = cBase + (row + 13u) * N + col;
      if (col + 0u < N) { c1(e + 0u, c13_0.x); } if (col + 1u < N) { c1(e + 1u, c13_0.y); } if (col + 2u < N) { c1(e + 2u, c13_0.z); } if (col + 3u < N) { c1(e + 3u, c13_0.w); }
      if (col + 4u < N) { c1(e + 4u, c13_1.x); } if (col + 5u < N) { c1(e + 5u, c13_1.y); } if (col + 6u < N) { c1(e + 6u, c13_1.z); } if (col + 7u < N) { c1(e + 7u, c13_1.w); }
      if (col + 8u < N) { c1(e + 8u, c13_2.x); } if (col + 9u < N) { c1(e + 9u, c13_2.y); } if (col + 10u < N) { c1(e + 10u, c13_2.z); } if (col + 11u < N) { c1(e + 11u, c13_2.w); }
      if (col + 12u < N) { c1(e + 12u, c13_3.x); } if (col + 13u < N) { c1(e + 13u, c13_3.y); } if (col + 14u < N) { c1(e + 14u, c13_3.z); } if (col + 15u < N) { c1(e + 15u, c13_3.w); }
      if (col + 16u < N) { c1(e + 16u, c13_4.x); } if (col + 17u < N) { c1(e + 17u, c13_4.y); } if (col + 18u < N) { c1(e + 18u, c13_4.z); } if (col + 19u < N) { c1(e + 19u, c13_4.w); }
      if (col + 20u < N) { c1(e + 20u, c13_5.x); } if (col + 21u < N) { c1(e + 21u, c13_5.y); } if (col + 22u < N) { c1(e + 22u, c13_5.z); } if (col + 23u < N) { c1(e + 23u, c13_5.w); }
      if (col + 24u < N) { c1(e + 24u, c13_6.x); } if (col + 25u < N) { c1(e + 25u, c13_6.y); } if (col + 26u < N) { c1(e + 26u, c13_6.z); } if (col + 27u < N) { c1(e + 27u, c13_6.w); }
      if (col + 28u < N) { c1(e + 28u, c13_7.x); } if (col + 29u < N) { c1(e + 29u, c13_7.y); } if (col + 30u < N) { c1(e + 30u, c13_7.z); } if (col + 31u < N) { c1(e + 31u, c13_7.w); }
    }
    if (row + 14u < M) {
      let e = cBase + (row + 14u) * N + col;
      if (col + 0u < N) { c1(e + 0u, c14_0.x); } if (col + 1u < N) { c1(e + 1u, c14_0.y); } if (col + 2u < N) { c1(e + 2u, c14_0.z); } if (col + 3u < N) { c1(e + 3u, c14_0.w); }
      if (col + 4u < N) { c1(e + 4u, c14_1.x); } if (col + 5u < N) { c1(e + 5u, c14_1.y); } if (col + 6u < N) { c1(e + 6u, c14_1.z); } if (col + 7u < N) { c1(e + 7u, c14_1.w); }
      if (col + 8u < N) { c1(e + 8u, c14_2.x); } if (col + 9u < N) { c1(e + 9u, c14_2.y); } if (col + 10u < N) { c1(e + 10u, c14_2.z); } if (col + 11u < N) { c1(e + 11u, c14_2.w); }
      if (col + 12u < N) { c1(e + 12u, c14_3.x); } if (col + 13u < N) { c1(e + 13u, c14_3.y); } if (col + 14u < N) { c1(e + 14u, c14_3.z); } if (col + 15u < N) { c1(e + 15u, c14_3.w); }
      if (col + 16u < N) { c1(e + 16u, c14_4.x); } if (col + 17u < N) { c1(e + 17u, c14_4.y); } if (col + 18u < N) { c1(e + 18u, c14_4.z); } if (col + 19u < N) { c1(e + 19u, c14_4.w); }
      if (col + 20u < N) { c1(e + 20u, c14_5.x); } if (col + 21u < N) { c1(e + 21u, c14_5.y); } if (col + 22u < N) { c1(e + 22u, c14_5.z); } if (col + 23u < N) { c1(e + 23u, c14_5.w); }
      if (col + 24u < N) { c1(e + 24u, c14_6.x); } if (col + 25u < N) { c1(e + 25u, c14_6.y); } if (col + 26u < N) { c1(e + 26u, c14_6.z); } if (col + 27u < N) { c1(e + 27u, c14_6.w); }
      if (col + 28u < N) { c1(e + 28u, c14_7.x); } if (col + 29u < N) { c1(e + 29u, c14_7.y); } if (col + 30u < N) { c1(e + 30u, c14_7.z); } if (col + 31u < N) { c1(e + 31u, c14_7.w); }
    }
    if (row + 15u < M) {
      let e = cBase + (row + 15u) * N + col;
      if (col + 0u < N) { c1(e + 0u, c15_0.x); } if (col + 1u < N) { c1(e + 1u, c15_0.y); } if (col + 2u < N) { c1(e + 2u, c15_0.z); } if (col + 3u < N) { c1(e + 3u, c15_0.w); }
      if (col + 4u < N) { c1(e + 4u, c15_1.x); } if (col + 5u < N) { c1(e + 5u, c15_1.y); } if (col + 6u < N) { c1(e + 6u, c15_1.z); } if (col + 7u < N) { c1(e + 7u, c15_1.w); }
      if (col + 8u < N) { c1(e + 8u, c15_2.x); } if (col + 9u < N) { c1(e + 9u, c15_2.y); } if (col + 10u < N) { c1(e + 10u, c15_2.z); } if (col + 11u < N) { c1(e + 11u, c15_2.w); }
      if (col + 12u < N) { c1(e + 12u, c15_3.x); } if (col + 13u < N) { c1(e + 13u, c15_3.y); } if (col + 14u < N) { c1(e + 14u, c15_3.z); } if (col + 15u < N) { c1(e + 15u, c15_3.w); }
      if (col + 16u < N) { c1(e + 16u, c15_4.x); } if (col + 17u < N) { c1(e + 17u, c15_4.y); } if (col + 18u < N) { c1(e + 18u, c15_4.z); } if (col + 19u < N) { c1(e + 19u, c15_4.w); }
      if (col + 20u < N) { c1(e + 20u, c15_5.x); } if (col + 21u < N) { c1(e + 21u, c15_5.y); } if (col + 22u < N) { c1(e + 22u, c15_5.z); } if (col + 23u < N) { c1(e + 23u, c15_5.w); }
      if (col + 24u < N) { c1(e + 24u, c15_6.x); } if (col + 25u < N) { c1(e + 25u, c15_6.y); } if (col + 26u < N) { c1(e + 26u, c15_6.z); } if (col + 27u < N) { c1(e + 27u, c15_6.w); }
      if (col + 28u < N) { c1(e + 28u, c15_7.x); } if (col + 29u < N) { c1(e + 29u, c15_7.y); } if (col + 30u < N) { c1(e + 30u, c15_7.z); } if (col + 31u < N) { c1(e + 31u, c15_7.w); }
    }
    if (row + 16u < M) {
      let e = cBase + (row + 16u) * N + col;
      if (col + 0u < N) { c1(e + 0u, c16_0.x); } if (col + 1u < N) { c1(e + 1u, c16_0.y); } if (col + 2u < N) { c1(e + 2u, c16_0.z); } if (col + 3u < N) { c1(e + 3u, c16_0.w); }
      if (col + 4u < N) { c1(e + 4u, c16_1.x); } if (col + 5u < N) { c1(e + 5u, c16_1.y); } if (col + 6u < N) { c1(e + 6u, c16_1.z); } if (col + 7u < N) { c1(e + 7u, c16_1.w); }
      if (col + 8u < N) { c1(e + 8u, c16_2.x); } if (col + 9u < N) { c1(e + 9u, c16_2.y); } if (col + 10u < N) { c1(e + 10u, c16_2.z); } if (col + 11u < N) { c1(e + 11u, c16_2.w); }
      if (col + 12u < N) { c1(e + 12u, c16_3.x); } if (col + 13u < N) { c1(e + 13u, c16_3.y); } if (col + 14u < N) { c1(e + 14u, c16_3.z); } if (col + 15u < N) { c1(e + 15u, c16_3.w); }
      if (col + 16u < N) { c1(e + 16u, c16_4.x); } if (col + 17u < N) { c1(e + 17u, c16_4.y); } if (col + 18u < N) { c1(e + 18u, c16_4.z); } if (col + 19u < N) { c1(e + 19u, c16_4.w); }
      if (col + 20u < N) { c1(e + 20u, c16_5.x); } if (col + 21u < N) { c1(e + 21u, c16_5.y); } if (col + 22u < N) { c1(e + 22u, c16_5.z); } if (col + 23u < N) { c1(e + 23u, c16_5.w); }
      if (col + 24u < N) { c1(e + 24u, c16_6.x); } if (col + 25u < N) { c1(e + 25u, c16_6.y); } if (col + 26u < N) { c1(e + 26u, c16_6.z); } if (col + 27u < N) { c1(e + 27u, c16_6.w); }
      if (col + 28u < N) { c1(e + 28u, c16_7.x); } if (col + 29u < N) { c1(e + 29u, c16_7.y); } if (col + 30u < N) { c1(e + 30u, c16_7.z); } if (col + 31u < N) { c1(e + 31u, c16_7.w); }
    }
    if (row + 17u < M) {
      let e = cBase + (row + 17u) * N + col;
      if (col + 0u < N) { c1(e + 0u, c17_0.x); } if (col + 1u < N) { c1(e + 1u, c17_0.y); } if (col + 2u < N) { c1(e + 2u, c17_0.z); } if (col + 3u < N) { c1(e + 3u, c17_0.w); }
      if (col + 4u < N) { c1(e + 4u, c17_1.x); } if (col + 5u < N) { c1(e + 5u, c17_1.y); } if (col + 6u < N) { c1(e + 6u, c17_1.z); } if (col + 7u < N) { c1(e + 7u, c17_1.w); }
      if (col + 8u < N) { c1(e + 8u, c17_2.x); } if (col + 9u < N) { c1(e + 9u, c17_2.y); } if (col + 10u < N) { c1(e + 10u, c17_2.z); } if (col + 11u < N) { c1(e + 11u, c17_2.w); }
      if (col + 12u < N) { c1(e + 12u, c17_3.x); } if (col + 13u < N) { c1(e + 13u, c17_3.y); } if (col + 14u < N) { c1(e + 14u, c17_3.z); } if (col + 15u < N) { c1(e + 15u, c17_3.w); }
      if (col + 16u < N) { c1(e + 16u, c17_4.x); } if (col + 17u < N) { c1(e + 17u, c17_4.y); } if (col + 18u < N) { c1(e + 18u, c17_4.z); } if (col + 19u < N) { c1(e + 19u, c17_4.w); }
      if (col + 20u < N) { c1(e + 20u, c17_5.x); } if (col + 21u < N) { c1(e + 21u, c17_5.y); } if (col + 22u < N) { c1(e + 22u, c17_5.z); } if (col + 23u < N) { c1(e + 23u, c17_5.w); }
      if (col + 24u < N) { c1(e + 24u, c17_6.x); } if (col + 25u < N) { c1(e + 25u, c17_6.y); } if (col + 26u < N) { c1(e + 26u, c17_6.z); } if (col + 27u < N) { c1(e + 27u, c17_6.w); }
      if (col + 28u < N) { c1(e + 28u, c17_7.x); } if (col + 29u < N) { c1(e + 29u, c17_7.y); } if (col + 30u < N) { c1(e + 30u, c17_7.z); } if (col + 31u < N) { c1(e + 31u, c17_7.w); }
    }
    if (row + 18u < M) {
      let e = cBase + (row + 18u) * N + col;
      if (col + 0u < N) { c1(e + 0u, c18_0.x); } if (col + 1u < N) { c1(e + 1u, c18_0.y); } if (col + 2u < N) { c1(e + 2u, c18_0.z); } if (col + 3u < N) { c1(e + 3u, c18_0.w); }
      if (col + 4u < N) { c1(e + 4u, c18_1.x); } if (col + 5u < N) { c1(e + 5u, c18_1.y); } if (col + 6u < N) { c1(e + 6u, c18_1.z); } if (col + 7u < N) { c1(e + 7u, c18_1.w); }
      if (col + 8u < N) { c1(e + 8u, c18_2.x); } if (col + 9u < N) { c1(e + 9u, c18_2.y); } if (col + 10u < N) { c1(e + 10u, c18_2.z); } if (col + 11u < N) { c1(e + 11u, c18_2.w); }
      if (col + 12u < N) { c1(e + 12u, c18_3.x); } if (col + 13u < N) { c1(e + 13u, c18_3.y); } if (col + 14u < N) { c1(e + 14u, c18_3.z); } if (col + 15u < N) { c1(e + 15u, c18_3.w); }
      if (col + 16u < N) { c1(e + 16u, c18_4.x); } if (col + 17u < N) { c1(e + 17u, c18_4.y); } if (col + 18u < N) { c1(e + 18u, c18_4.z); } if (col + 19u < N) { c1(e + 19u, c18_4.w); }
      if (col + 20u < N) { c1(e + 20u, c18_5.x); } if (col + 21u < N) { c1(e + 21u, c18_5.y); } if (col + 22u < N) { c1(e + 22u, c18_5.z); } if (col + 23u < N) { c1(e + 23u, c18_5.w); }
      if (col + 24u < N) { c1(e + 24u, c18_6.x); } if (col + 25u < N) { c1(e + 25u, c18_6.y); } if (col + 26u < N) { c1(e + 26u, c18_6.z); } if (col + 27u < N) { c1(e + 27u, c18_6.w); }
      if (col + 28u < N) { c1(e + 28u, c18_7.x); } if (col + 29u < N) { c1(e + 29u, c18_7.y); } if (col + 30u < N) { c1(e + 30u, c18_7.z); } if (col + 31u < N) { c1(e + 31u, c18_7.w); }
    }
    if (row + 19u < M) {
      let e = cBase + (row + 19u) * N + col;
      if (col + 0u < N) { c1(e + 0u, c19_0.x); } if (col + 1u < N) { c1(e + 1u, c19_0.y); } if (col + 2u < N) { c1(e + 2u, c19_0.z); } if (col + 3u < N) { c1(e + 3u, c19_0.w); }
      if (col + 4u < N) { c1(e + 4u, c19_1.x); } if (col + 5u < N) { c1(e + 5u, c19_1.y); } if (col + 6u < N) { c1(e + 6u, c19_1.z); } if (col + 7u < N) { c1(e + 7u, c19_1.w); }
      if (col + 8u < N) { c1(e + 8u, c19_2.x); } if (col + 9u < N) { c1(e + 9u, c19_2.y); } if (col + 10u < N) { c1(e + 10u, c19_2.z); } if (col + 11u < N) { c1(e + 11u, c19_2.w); }
      if (col + 12u < N) { c1(e + 12u, c19_3.x); } if (col + 13u < N) { c1(e + 13u, c19_3.y); } if (col + 14u < N) { c1(e + 14u, c19_3.z); } if (col + 15u < N) { c1(e + 15u, c19_3.w); }
      if (col + 16u < N) { c1(e + 16u, c19_4.x); } if (col + 17u < N) { c1(e + 17u, c19_4.y); } if (col + 18u < N) { c1(e + 18u, c19_4.z); } if (col + 19u < N) { c1(e + 19u, c19_4.w); }
      if (col + 20u < N) { c1(e + 20u, c19_5.x); } if (col + 21u < N) { c1(e + 21u, c19_5.y); } if (col + 22u < N) { c1(e + 22u, c19_5.z); } if (col + 23u < N) { c1(e + 23u, c19_5.w); }
      if (col + 24u < N) { c1(e + 24u, c19_6.x); } if (col + 25u < N) { c1(e + 25u, c19_6.y); } if (col + 26u < N) { c1(e + 26u, c19_6.z); } if (col + 27u < N) { c1(e + 27u, c19_6.w); }
      if (col + 28u < N) { c1(e + 28u, c19_7.x); } if (col + 29u < N) { c1(e + 29u, c19_7.y); } if (col + 30u < N) { c1(e + 30u, c19_7.z); } if (col + 31u < N) { c1(e + 31u, c19_7.w); }
    }
    if (row + 20u < M) {
      let e = cBase + (row + 20u) * N + col;
      if (col + 0u < N) { c1(e + 0u, c20_0.x); } if (col + 1u < N) { c1(e + 1u, c20_0.y); } if (col + 2u < N) { c1(e + 2u, c20_0.z); } if (col + 3u < N) { c1(e + 3u, c20_0.w); }
      if (col + 4u < N) { c1(e + 4u, c20_1.x); } if (col + 5u < N) { c1(e + 5u, c20_1.y); } if (col + 6u < N) { c1(e + 6u, c20_1.z); } if (col + 7u < N) { c1(e + 7u, c20_1.w); }
      if (col + 8u < N) { c1(e + 8u, c20_2.x); } if (col + 9u < N) { c1(e + 9u, c20_2.y); } if (col + 10u < N) { c1(e + 10u, c20_2.z); } if (col + 11u < N) { c1(e + 11u, c20_2.w); }
      if (col + 12u < N) { c1(e + 12u, c20_3.x); } if (col + 13u < N) { c1(e + 13u, c20_3.y); } if (col + 14u < N) { c1(e + 14u, c20_3.z); } if (col + 15u < N) { c1(e + 15u, c20_3.w); }
      if (col + 16u < N) { c1(e + 16u, c20_4.x); } if (col + 17u < N) { c1(e + 17u, c20_4.y); } if (col + 18u < N) { c1(e + 18u, c20_4.z); } if (col + 19u < N) { c1(e + 19u, c20_4.w); }
      if (col + 20u < N) { c1(e + 20u, c20_5.x); } if (col + 21u < N) { c1(e + 21u, c20_5.y); } if (col + 22u < N) { c1(e + 22u, c20_5.z); } if (col + 23u < N) { c1(e + 23u, c20_5.w); }
      if (col + 24u < N) { c1(e + 24u, c20_6.x); } if (col + 25u < N) { c1(e + 25u, c20_6.y); } if (col + 26u < N) { c1(e + 26u, c20_6.z); } if (col + 27u < N) { c1(e + 27u, c20_6.w); }
      if (col + 28u < N) { c1(e + 28u, c20_7.x); } if (col + 29u < N) { c1(e + 29u, c20_7.y); } if (col + 30u < N) { c1(e + 30u, c20_7.z); } if (col + 31u < N) { c1(e + 31u, c20_7.w); }
    }
    if (row + 21u < M) {
      let e = cBase + (row + 21u) * N + col;
      if (col + 0u < N) { c1(e + 0u, c21_0.x); } if (col + 1u < N) { c1(e + 1u, c21_0.y); } if (col + 2u < N) { c1(e + 2u, c21_0.z); } if (col + 3u < N) { c1(e + 3u, c21_0.w); }
      if (col + 4u < N) { c1(e + 4u, c21_1.x); } if (col + 5u < N) { c1(e + 5u, c21_1.y); } if (col + 6u < N) { c1(e + 6u, c21_1.z); } if (col + 7u < N) { c1(e + 7u, c21_1.w); }
      if (col + 8u < N) { c1(e + 8u, c21_2.x); } if (col + 9u < N) { c1(e + 9u, c21_2.y); } if (col + 10u < N) { c1(e + 10u, c21_2.z); } if (col + 11u < N) { c1(e + 11u, c21_2.w); }
      if (col + 12u < N) { c1(e + 12u, c21_3.x); } if (col + 13u < N) { c1(e + 13u, c21_3.y); } if (col + 14u < N) { c1(e + 14u, c21_3.z); } if (col + 15u < N) { c1(e + 15u, c21_3.w); }
      if (col + 16u < N) { c1(e + 16u, c21_4.x); } if (col + 17u < N) { c1(e + 17u, c21_4.y); } if (col + 18u < N) { c1(e + 18u, c21_4.z); } if (col + 19u < N) { c1(e + 19u, c21_4.w); }
      if (col + 20u < N) { c1(e + 20u, c21_5.x); } if (col + 21u < N) { c1(e + 21u, c21_5.y); } if (col + 22u < N) { c1(e + 22u, c21_5.z); } if (col + 23u < N) { c1(e + 23u, c21_5.w); }
      if (col + 24u < N) { c1(e + 24u, c21_6.x); } if (col + 25u < N) { c1(e + 25u, c21_6.y); } if (col + 26u < N) { c1(e + 26u, c21_6.z); } if (col + 27u < N) { c1(e + 27u, c21_6.w); }
      if (col + 28u < N) { c1(e + 28u, c21_7.x); } if (col + 29u < N) { c1(e + 29u, c21_7.y); } if (col + 30u < N) { c1(e + 30u, c21_7.z); } if (col + 31u < N) { c1(e + 31u, c21_7.w); }
    }
    if (row + 22u < M) {
      let e = cBase + (row + 22u) * N + col;
      if (col + 0u < N) { c1(e + 0u, c22_0.x); } if (col + 1u < N) { c1(e + 1u, c22_0.y); } if (col + 2u < N) { c1(e + 2u, c22_0.z); } if (col + 3u < N) { c1(e + 3u, c22_0.w); }
      if (col + 4u < N) { c1(e + 4u, c22_1.x); } if (col + 5u < N) { c1(e + 5u, c22_1.y); } if (col + 6u < N) { c1(e + 6u, c22_1.z); } if (col + 7u < N) { c1(e + 7u, c22_1.w); }
      if (col + 8u < N) { c1(e + 8u, c22_2.x); } if (col + 9u < N) { c1(e + 9u, c22_2.y); } if (col + 10u < N) { c1(e + 10u, c22_2.z); } if (col + 11u < N) { c1(e + 11u, c22_2.w); }
      if (col + 12u < N) { c1(e + 12u, c22_3.x); } if (col + 13u < N) { c1(e + 13u, c22_3.y); } if (col + 14u < N) { c1(e + 14u, c22_3.z); } if (col + 15u < N) { c1(e + 15u, c22_3.w); }
      if (col + 16u < N) { c1(e + 16u, c22_4.x); } if (col + 17u < N) { c1(e + 17u, c22_4.y); } if (col + 18u < N) { c1(e + 18u, c22_4.z); } if (col + 19u < N) { c1(e + 19u, c22_4.w); }
      if (col + 20u < N) { c1(e + 20u, c22_5.x); } if (col + 21u < N) { c1(e + 21u, c22_5.y); } if (col + 22u < N) { c1(e + 22u, c22_5.z); } if (col + 23u < N) { c1(e + 23u, c22_5.w); }
      if (col + 24u < N) { c1(e + 24u, c22_6.x); } if (col + 25u < N) { c1(e + 25u, c22_6.y); } if (col + 26u < N) { c1(e + 26u, c22_6.z); } if (col + 27u < N) { c1(e + 27u, c22_6.w); }
      if (col + 28u < N) { c1(e + 28u, c22_7.x); } if (col + 29u < N) { c1(e + 29u, c22_7.y); } if (col + 30u < N) { c1(e + 30u, c22_7.z); } if (col + 31u < N) { c1(e + 31u, c22_7.w); }
    }
    if (row + 23u < M) {
      let e = cBase + (row + 23u) * N + col;
      if (col + 0u < N) { c1(e + 0u, c23_0.x); } if (col + 1u < N) { c1(e + 1u, c23_0.y); } if (col + 2u < N) { c1(e + 2u, c23_0.z); } if (col + 3u < N) { c1(e + 3u, c23_0.w); }
      if (col + 4u < N) { c1(e + 4u, c23_1.x); } if (col + 5u < N) { c1(e + 5u, c23_1.y); } if (col + 6u < N) { c1(e + 6u, c23_1.z); } if (col + 7u < N) { c1(e + 7u, c23_1.w); }
      if (col + 8u < N) { c1(e + 8u, c23_2.x); } if (col + 9u < N) { c1(e + 9u, c23_2.y); } if (col + 10u < N) { c1(e + 10u, c23_2.z); } if (col + 11u < N) { c1(e + 11u, c23_2.w); }
      if (col + 12u < N) { c1(e + 12u, c23_3.x); } if (col + 13u < N) { c1(e + 13u, c23_3.y); } if (col + 14u < N) { c1(e + 14u, c23_3.z); } if (col + 15u < N) { c1(e + 15u, c23_3.w); }
      if (col + 16u < N) { c1(e + 16u, c23_4.x); } if (col + 17u < N) { c1(e + 17u, c23_4.y); } if (col + 18u < N) { c1(e + 18u, c23_4.z); } if (col + 19u < N) { c1(e + 19u, c23_4.w); }
      if (col + 20u < N) { c1(e + 20u, c23_5.x); } if (col + 21u < N) { c1(e + 21u, c23_5.y); } if (col + 22u < N) { c1(e + 22u, c23_5.z); } if (col + 23u < N) { c1(e + 23u, c23_5.w); }
      if (col + 24u < N) { c1(e + 24u, c23_6.x); } if (col + 25u < N) { c1(e + 25u, c23_6.y); } if (col + 26u < N) { c1(e + 26u, c23_6.z); } if (col + 27u < N) { c1(e + 27u, c23_6.w); }
      if (col + 28u < N) { c1(e + 28u, c23_7.x); } if (col + 29u < N) { c1(e + 29u, c23_7.y); } if (col + 30u < N) { c1(e + 30u, c23_7.z); } if (col + 31u < N) { c1(e + 31u, c23_7.w); }
    }
    if (row + 24u < M) {
      let e = cBase + (row + 24u) * N + col;
      if (col + 0u < N) { c1(e + 0u, c24_0.x); } if (col + 1u < N) { c1(e + 1u, c24_0.y); } if (col + 2u < N) { c1(e + 2u, c24_0.z); } if (col + 3u < N) { c1(e + 3u, c24_0.w); }
      if (col + 4u < N) { c1(e + 4u, c24_1.x); } if (col + 5u < N) { c1(e + 5u, c24_1.y); } if (col + 6u < N) { c1(e + 6u, c24_1.z); } if (col + 7u < N) { c1(e + 7u, c24_1.w); }
      if (col + 8u < N) { c1(e + 8u, c24_2.x); } if (col + 9u < N) { c1(e + 9u, c24_2.y); } if (col + 10u < N) { c1(e + 10u, c24_2.z); } if (col + 11u < N) { c1(e + 11u, c24_2.w); }
      if (col + 12u < N) { c1(e + 12u, c24_3.x); } if (col + 13u < N) { c1(e + 13u, c24_3.y); } if (col + 14u < N) { c1(e + 14u, c24_3.z); } if (col + 15u < N) { c1(e + 15u, c24_3.w); }
      if (col + 16u < N) { c1(e + 16u, c24_4.x); } if (col + 17u < N) { c1(e + 17u, c24_4.y); } if (col + 18u < N) { c1(e + 18u, c24_4.z); } if (col + 19u < N) { c1(e + 19u, c24_4.w); }
      if (col + 20u < N) { c1(e + 20u, c24_5.x); } if (col + 21u < N) { c1(e + 21u, c24_5.y); } if (col + 22u < N) { c1(e + 22u, c24_5.z); } if (col + 23u < N) { c1(e + 23u, c24_5.w); }
      if (col + 24u < N) { c1(e + 24u, c24_6.x); } if (col + 25u < N) { c1(e + 25u, c24_6.y); } if (col + 26u < N) { c1(e + 26u, c24_6.z); } if (col + 27u < N) { c1(e + 27u, c24_6.w); }
      if (col + 28u < N) { c1(e + 28u, c24_7.x); } if (col + 29u < N) { c1(e + 29u, c24_7.y); } if (col + 30u < N) { c1(e + 30u, c24_7.z); } if (col + 31u < N) { c1(e + 31u, c24_7.w); }
    }
    if (row + 25u < M) {
      let e = cBase + (row + 25u) * N + col;
      if (col + 0u < N) { c1(e + 0u, c25_0.x); } if (col + 1u < N) { c1(e + 1u, c25_0.y); } if (col + 2u < N) { c1(e + 2u, c25_0.z); } if (col + 3u < N) { c1(e + 3u, c25_0.w); }
      if (col + 4u < N) { c1(e + 4u, c25_1.x); } if (col + 5u < N) { c1(e + 5u, c25_1.y); } if (col + 6u < N) { c1(e + 6u, c25_1.z); } if (col + 7u < N) { c1(e + 7u, c25_1.w); }
      if (col + 8u < N) { c1(e + 8u, c25_2.x); } if (col + 9u < N) { c1(e + 9u, c25_2.y); } if (col + 10u < N) { c1(e + 10u, c25_2.z); } if (col + 11u < N) { c1(e + 11u, c25_2.w); }
      if (col + 12u < N) { c1(e + 12u, c25_3.x); } if (col + 13u < N) { c1(e + 13u, c25_3.y); } if (col + 14u < N) { c1(e + 14u, c25_3.z); } if (col + 15u < N) { c1(e + 15u, c25_3.w); }
      if (col + 16u < N) { c1(e + 16u, c25_4.x); } if (col + 17u < N) { c1(e + 17u, c25_4.y); } if (col + 18u < N) { c1(e + 18u, c25_4.z); } if (col + 19u < N) { c1(e + 19u, c25_4.w); }
      if (col + 20u < N) { c1(e + 20u, c25_5.x); } if (col + 21u < N) { c1(e + 21u, c25_5.y); } if (col + 22u < N) { c1(e + 22u, c25_5.z); } if (col + 23u < N) { c1(e + 23u, c25_5.w); }
      if (col + 24u < N) { c1(e + 24u, c25_6.x); } if (col + 25u < N) { c1(e + 25u, c25_6.y); } if (col + 26u < N) { c1(e + 26u, c25_6.z); } if (col + 27u < N) { c1(e + 27u, c25_6.w); }
      if (col + 28u < N) { c1(e + 28u, c25_7.x); } if (col + 29u < N) { c1(e + 29u, c25_7.y); } if (col + 30u < N) { c1(e + 30u, c25_7.z); } if (col + 31u < N) { c1(e + 31u, c25_7.w); }
    }
    if (row + 26u < M) {
      let e = cBase + (row + 26u) * N + col;
      if (col + 0u < N) { c1(e + 0u, c26_0.x); } if (col + 1u < N) { c1(e + 1u, c26_0.y); } if (col + 2u < N) { c1(e + 2u, c26_0.z); } if (col + 3u < N) { c1(e + 3u, c26_0.w); }
      if (col + 4u < N) { c1(e + 4u, c26_1.x); } if (col + 5u < N) { c1(e + 5u, c26_1.y); } if (col + 6u < N) { c1(e + 6u, c26_1.z); } if (col + 7u < N) { c1(e + 7u, c26_1.w); }
      if (col + 8u < N) { c1(e + 8u, c26_2.x); } if (col + 9u < N) { c1(e + 9u, c26_2.y); } if (col + 10u < N) { c1(e + 10u, c26_2.z); } if (col + 11u < N) { c1(e + 11u, c26_2.w); }
      if (col + 12u < N) { c1(e + 12u, c26_3.x); } if (col + 13u < N) { c1(e + 13u, c26_3.y); } if (col + 14u < N) { c1(e + 14u, c26_3.z); } if (col + 15u < N) { c1(e + 15u, c26_3.w); }
      if (col + 16u < N) { c1(e + 16u, c26_4.x); } if (col + 17u < N) { c1(e + 17u, c26_4.y); } if (col + 18u < N) { c1(e + 18u, c26_4.z); } if (col + 19u < N) { c1(e + 19u, c26_4.w); }
      if (col + 20u < N) { c1(e + 20u, c26_5.x); } if (col + 21u < N) { c1(e + 21u, c26_5.y); } if (col + 22u < N) { c1(e + 22u, c26_5.z); } if (col + 23u < N) { c1(e + 23u, c26_5.w); }
      if (col + 24u < N) { c1(e + 24u, c26_6.x); } if (col + 25u < N) { c1(e + 25u, c26_6.y); } if (col + 26u < N) { c1(e + 26u, c26_6.z); } if (col + 27u < N) { c1(e + 27u, c26_6.w); }
      if (col + 28u < N) { c1(e + 28u, c26_7.x); } if (col + 29u < N) { c1(e + 29u, c26_7.y); } if (col + 30u < N) { c1(e + 30u, c26_7.z); } if (col + 31u < N) { c1(e + 31u, c26_7.w); }
    }
    if (row + 27u < M) {
      let e = cBase + (row + 27u) * N + col;
      if (col + 0u < N) { c1(e + 0u, c27_0.x); } if (col + 1u < N) { c1(e + 1u, c27_0.y); } if (col + 2u < N) { c1(e + 2u, c27_0.z); } if (col + 3u < N) { c1(e + 3u, c27_0.w); }
      if (col + 4u < N) { c1(e + 4u, c27_1.x); } if (col + 5u < N) { c1(e + 5u, c27_1.y); } if (col + 6u < N) { c1(e + 6u, c27_1.z); } if (col + 7u < N) { c1(e + 7u, c27_1.w); }
      if (col + 8u < N) { c1(e + 8u, c27_2.x); } if (col + 9u < N) { c1(e + 9u, c27_2.y); } if (col + 10u < N) { c1(e + 10u, c27_2.z); } if (col + 11u < N) { c1(e + 11u, c27_2.w); }
      if (col + 12u < N) { c1(e + 12u, c27_3.x); } if (col + 13u < N) { c1(e + 13u, c27_3.y); } if (col + 14u < N) { c1(e + 14u, c27_3.z); } if (col + 15u < N) { c1(e + 15u, c27_3.w); }
      if (col + 16u < N) { c1(e + 16u, c27_4.x); } if (col + 17u < N) { c1(e + 17u, c27_4.y); } if (col + 18u < N) { c1(e + 18u, c27_4.z); } if (col + 19u < N) { c1(e + 19u, c27_4.w); }
      if (col + 20u < N) { c1(e + 20u, c27_5.x); } if (col + 21u < N) { c1(e + 21u, c27_5.y); } if (col + 22u < N) { c1(e + 22u, c27_5.z); } if (col + 23u < N) { c1(e + 23u, c27_5.w); }
      if (col + 24u < N) { c1(e + 24u, c27_6.x); } if (col + 25u < N) { c1(e + 25u, c27_6.y); } if (col + 26u < N) { c1(e + 26u, c27_6.z); } if (col + 27u < N) { c1(e + 27u, c27_6.w); }
      if (col + 28u < N) { c1(e + 28u, c27_7.x); } if (col + 29u < N) { c1(e + 29u, c27_7.y); } if (col + 30u < N) { c1(e + 30u, c27_7.z); } if (col + 31u < N) { c1(e + 31u, c27_7.w); }
    }
    if (row + 28u < M) {
      let e = cBase + (row + 28u) * N + col;
      if (col + 0u < N) { c1(e + 0u, c28_0.x); } if (col + 1u < N) { c1(e + 1u, c28_0.y); } if (col + 2u < N) { c1(e + 2u, c28_0.z); } if (col + 3u < N) { c1(e + 3u, c28_0.w); }
      if (col + 4u < N) { c1(e + 4u, c28_1.x); } if (col + 5u < N) { c1(e + 5u, c28_1.y); } if (col + 6u < N) { c1(e + 6u, c28_1.z); } if (col + 7u < N) { c1(e + 7u, c28_1.w); }
      if (col + 8u < N) { c1(e + 8u, c28_2.x); } if (col + 9u < N) { c1(e + 9u, c28_2.y); } if (col + 10u < N) { c1(e + 10u, c28_2.z); } if (col + 11u < N) { c1(e + 11u, c28_2.w); }
      if (col + 12u < N) { c1(e + 12u, c28_3.x); } if (col + 13u < N) { c1(e + 13u, c28_3.y); } if (col + 14u < N) { c1(e + 14u, c28_3.z); } if (col + 15u < N) { c1(e + 15u, c28_3.w); }
      if (col + 16u < N) { c1(e + 16u, c28_4.x); } if (col + 17u < N) { c1(e + 17u, c28_4.y); } if (col + 18u < N) { c1(e + 18u, c28_4.z); } if (col + 19u < N) { c1(e + 19u, c28_4.w); }
      if (col + 20u < N) { c1(e + 20u, c28_5.x); } if (col + 21u < N) { c1(e + 21u, c28_5.y); } if (col + 22u < N) { c1(e + 22u, c28_5.z); } if (col + 23u < N) { c1(e + 23u, c28_5.w); }
      if (col + 24u < N) { c1(e + 24u, c28_6.x); } if (col + 25u < N) { c1(e + 25u, c28_6.y); } if (col + 26u < N) { c1(e + 26u, c28_6.z); } if (col + 27u < N) { c1(e + 27u, c28_6.w); }
      if (col + 28u < N) { c1(e + 28u, c28_7.x); } if (col + 29u < N) { c1(e + 29u, c28_7.y); } if (col + 30u < N) { c1(e + 30u, c28_7.z); } if (col + 31u < N) { c1(e + 31u, c28_7.w); }
    }
    if (row + 29u < M) {
      let e = cBase + (row + 29u) * N + col;
      if (col + 0u < N) { c1(e + 0u, c29_0.x); } if (col + 1u < N) { c1(e + 1u, c29_0.y); } if (col + 2u < N) { c1(e + 2u, c29_0.z); } if (col + 3u < N) { c1(e + 3u, c29_0.w); }
      if (col + 4u < N) { c1(e + 4u, c29_1.x); } if (col + 5u < N) { c1(e + 5u, c29_1.y); } if (col + 6u < N) { c1(e + 6u, c29_1.z); } if (col + 7u < N) { c1(e + 7u, c29_1.w); }
      if (col + 8u < N) { c1(e + 8u, c29_2.x); } if (col + 9u < N) { c1(e + 9u, c29_2.y); } if (col + 10u < N) { c1(e + 10u, c29_2.z); } if (col + 11u < N) { c1(e + 11u, c29_2.w); }
      if (col + 12u < N) { c1(e + 12u, c29_3.x); } if (col + 13u < N) { c1(e + 13u, c29_3.y); } if (col + 14u < N) { c1(e + 14u, c29_3.z); } if (col + 15u < N) { c1(e + 15u, c29_3.w); }
      if (col + 16u < N) { c1(e + 16u, c29_4.x); } if (col + 17u < N) { c1(e + 17u, c29_4.y); } if (col + 18u < N) { c1(e + 18u, c29_4.z); } if (col + 19u < N) { c1(e + 19u, c29_4.w); }
      if (col + 20u < N) { c1(e + 20u, c29_5.x); } if (col + 21u < N) { c1(e + 21u, c29_5.y); } if (col + 22u < N) { c1(e + 22u, c29_5.z); } if (col + 23u < N) { c1(e + 23u, c29_5.w); }
      if (col + 24u < N) { c1(e + 24u, c29_6.x); } if (col + 25u < N) { c1(e + 25u, c29_6.y); } if (col + 26u < N) { c1(e + 26u, c29_6.z); } if (col + 27u < N) { c1(e + 27u, c29_6.w); }
      if (col + 28u < N) { c1(e + 28u, c29_7.x); } if (col + 29u < N) { c1(e + 29u, c29_7.y); } if (col + 30u < N) { c1(e + 30u, c29_7.z); } if (col + 31u < N) { c1(e + 31u, c29_7.w); }
    }
    if (row + 30u < M) {
      let e = cBase + (row + 30u) * N + col;
      if (col + 0u < N) { c1(e + 0u, c30_0.x); } if (col + 1u < N) { c1(e + 1u, c30_0.y); } if (col + 2u < N) { c1(e + 2u, c30_0.z); } if (col + 3u < N) { c1(e + 3u, c30_0.w); }
      if (col + 4u < N) { c1(e + 4u, c30_1.x); } if (col + 5u < N) { c1(e + 5u, c30_1.y); } if (col + 6u < N) { c1(e + 6u, c30_1.z); } if (col + 7u < N) { c1(e + 7u, c30_1.w); }
      if (col + 8u < N) { c1(e + 8u, c30_2.x); } if (col + 9u < N) { c1(e + 9u, c30_2.y); } if (col + 10u < N) { c1(e + 10u, c30_2.z); } if (col + 11u < N) { c1(e + 11u, c30_2.w); }
      if (col + 12u < N) { c1(e + 12u, c30_3.x); } if (col + 13u < N) { c1(e + 13u, c30_3.y); } if (col + 14u < N) { c1(e + 14u, c30_3.z); } if (col + 15u < N) { c1(e + 15u, c30_3.w); }
      if (col + 16u < N) { c1(e + 16u, c30_4.x); } if (col + 17u < N) { c1(e + 17u, c30_4.y); } if (col + 18u < N) { c1(e + 18u, c30_4.z); } if (col + 19u < N) { c1(e + 19u, c30_4.w); }
      if (col + 20u < N) { c1(e + 20u, c30_5.x); } if (col + 21u < N) { c1(e + 21u, c30_5.y); } if (col + 22u < N) { c1(e + 22u, c30_5.z); } if (col + 23u < N) { c1(e + 23u, c30_5.w); }
      if (col + 24u < N) { c1(e + 24u, c30_6.x); } if (col + 25u < N) { c1(e + 25u, c30_6.y); } if (col + 26u < N) { c1(e + 26u, c30_6.z); } if (col + 27u < N) { c1(e + 27u, c30_6.w); }
      if (col + 28u < N) { c1(e + 28u, c30_7.x); } if (col + 29u < N) { c1(e + 29u, c30_7.y); } if (col + 30u < N) { c1(e + 30u, c30_7.z); } if (col + 31u < N) { c1(e + 31u, c30_7.w); }
    }
    if (row + 31u < M) {
      let e = cBase + (row + 31u) * N + col;
      if (col + 0u < N) { c1(e + 0u, c31_0.x); } if (col + 1u < N) { c1(e + 1u, c31_0.y); } if (col + 2u < N) { c1(e + 2u, c31_0.z); } if (col + 3u < N) { c1(e + 3u, c31_0.w); }
      if (col + 4u < N) { c1(e + 4u, c31_1.x); } if (col + 5u < N) { c1(e + 5u, c31_1.y); } if (col + 6u < N) { c1(e + 6u, c31_1.z); } if (col + 7u < N) { c1(e + 7u, c31_1.w); }
      if (col + 8u < N) { c1(e + 8u, c31_2.x); } if (col + 9u < N) { c1(e + 9u, c31_2.y); } if (col + 10u < N) { c1(e + 10u, c31_2.z); } if (col + 11u < N) { c1(e + 11u, c31_2.w); }
      if (col + 12u < N) { c1(e + 12u, c31_3.x); } if (col + 13u < N) { c1(e + 13u, c31_3.y); } if (col + 14u < N) { c1(e + 14u, c31_3.z); } if (col + 15u < N) { c1(e + 15u, c31_3.w); }
      if (col + 16u < N) { c1(e + 16u, c31_4.x); } if (col + 17u < N) { c1(e + 17u, c31_4.y); } if (col + 18u < N) { c1(e + 18u, c31_4.z); } if (col + 19u < N) { c1(e + 19u, c31_4.w); }
      if (col + 20u < N) { c1(e + 20u, c31_5.x); } if (col + 21u < N) { c1(e + 21u, c31_5.y); } if (col + 22u < N) { c1(e + 22u, c31_5.z); } if (col + 23u < N) { c1(e + 23u, c31_5.w); }
      if (col + 24u < N) { c1(e + 24u, c31_6.x); } if (col + 25u < N) { c1(e + 25u, c31_6.y); } if (col + 26u < N) { c1(e + 26u, c31_6.z); } if (col + 27u < N) { c1(e + 27u, c31_6.w); }
      if (col + 28u < N) { c1(e + 28u, c31_7.x); } if (col + 29u < N) { c1(e + 29u, c31_7.y); } if (col + 30u < N) { c1(e + 30u, c31_7.z); } if (col + 31u < N) { c1(e + 31u, c31_7.w); }
    }
  }
}
