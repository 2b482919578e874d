// kernels/matmul.wgsl: batched matrix multiply C = op(A) * op(B), f32.
// op(X) is X or X^T, chosen per pipeline by override constants.
//
// BINDINGS (group 0)
//   @binding(0) A: var<storage, read>       array<vec4<f32>>, used as a flat f32 array
//   @binding(1) B: var<storage, read>       array<vec4<f32>>, used as a flat f32 array
//   @binding(2) C: var<storage, read_write> array<f32>
//   @binding(3) P: var<uniform>             Params (32 bytes, below)
//   Flat element e of A is A[e / 4][e % 4]. A and B are vec4 arrays so the fast
//   path can load 4 floats at once. Bind A and B with a byte size that is a
//   multiple of 16 (pad the allocation); otherwise hosts that clamp vec4 indices
//   to arrayLength misread the last 1-3 floats.
//
// LAYOUTS (row-major, contiguous; offsets in f32 elements; b = batch index)
//   A, TRANS_A = false: [batch][M][K]   op(A)(b,i,k) = A[b*strideA + i*K + k]
//   A, TRANS_A = true:  [batch][K][M]   op(A)(b,i,k) = A[b*strideA + k*M + i]
//   B, TRANS_B = false: [batch][K][N]   op(B)(b,k,j) = B[b*strideB + k*N + j]
//   B, TRANS_B = true:  [batch][N][K]   op(B)(b,k,j) = B[b*strideB + j*K + k]
//   C:                  [batch][M][N]   C(b,i,j)     = C[b*strideC + i*N + j]
//   C(b,i,j) = sum over k of op(A)(b,i,k) * op(B)(b,k,j). C is overwritten.
//   strideA = 0 (or strideB = 0) uses the same A (or B) for every batch entry.
//   Any M, N, K >= 1.
//
// PARAMS: struct of 8 u32 in this order: M, N, K, strideA, strideB, strideC, 0, 0
//
// OVERRIDES (pipeline constants)
//   TRANS_A, TRANS_B: bool, default false. The layouts above.
//   VEC4_A: bool, default false. Load A 4 floats at a time. Allowed only when
//     strideA % 4 == 0 and (TRANS_A ? M : K) % 4 == 0; otherwise leave false.
//   VEC4_B: bool, default false. Same for B: strideB % 4 == 0 and
//     (TRANS_B ? K : N) % 4 == 0.
//   WG_X, WG_Y: u32, default 8 and 1. Workgroup size; keep WG_X * WG_Y = 8.
//
// WORK SPLIT AND DISPATCH
//   workgroup_size = (WG_X, WG_Y, 1). Invocation gid (global_invocation_id)
//   computes the 32x32 tile of C at rows 32*gid.y.., columns 32*gid.x.., batch gid.z.
//   dispatch = (ceil(ceil(N / 32) / WG_X), ceil(ceil(M / 32) / WG_Y), batch)
//   Invocations whose tile starts at or past M or N return at once. Edge tiles
//   clamp their loads to the last valid row/column, zero the k values past K,
//   and guard their stores.
//
// WHY THIS SHAPE (Mesa llvmpipe/lavapipe 22.3, AVX2; measured, see report)
//   llvmpipe runs 8 invocations as the 8 lanes of a SIMD vector. It performs a
//   storage (or workgroup) load one lane at a time and puts each lane's float
//   into the vector through the stack: about 25 cycles per lane and per
//   component, against about 1 cycle for an 8-lane FMA. So speed depends on the
//   multiply-adds done per float loaded. A 32x32 tile per invocation loads
//   32+32 floats per k for 1024 multiply-adds. The accumulators are 256
//   separately named vec4 variables, because arrays of accumulators compile to
//   slow indexed memory. 32x32 is the largest tile that compiles in about 1 s
//   (48x32 takes about 50 s in llvmpipe). Workgroup memory would not help: it is
//   also loaded one lane at a time.

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
@group(0) @binding(2) var<storage, read_write> C: array<f32>;
@group(0) @binding(3) var<uniform> P: Params;

override TRANS_A: bool = false;
override TRANS_B: bool = false;
override VEC4_A: bool = false;
override VEC4_B: bool = false;
override WG_X: u32 = 8u;
override WG_Y: u32 = 1u;

// One float of the flat view.
fn a1(e: u32) -> f32 { return A[e >> 2u][e & 3u]; }
fn b1(e: u32) -> f32 { return B[e >> 2u][e & 3u]; }

// k-chunk helpers: the chunk covers k .. k+3; entries past K read index K-1
// (always valid) and are then zeroed by `keep`.
fn kIdx(k: u32, K: u32) -> vec4<u32> { return min(vec4<u32>(k) + vec4<u32>(0u, 1u, 2u, 3u), vec4<u32>(K - 1u)); }
fn kKeep(k: u32, K: u32) -> vec4<bool> { return (vec4<u32>(k) + vec4<u32>(0u, 1u, 2u, 3u)) < vec4<u32>(K); }

// op(A) for 4 rows r..r+3 (r a multiple of 4, may be >= M: clamped) and the
// k-chunk at k. Column t of the result is row r+t: vec4(A(r+t,k), .., A(r+t,k+3)).
fn loadA(base: u32, r: u32, k: u32) -> mat4x4<f32> {
  let M = P.M;
  let K = P.K;
  if (!TRANS_A) {
    let r0 = min(r, M - 1u) * K;
    let r1 = min(r + 1u, M - 1u) * K;
    let r2 = min(r + 2u, M - 1u) * K;
    let r3 = min(r + 3u, M - 1u) * K;
    if (VEC4_A) {
      // K % 4 == 0: the chunk is whole and 16-byte aligned.
      let q = (base + k) >> 2u;
      return mat4x4<f32>(A[q + (r0 >> 2u)], A[q + (r1 >> 2u)], A[q + (r2 >> 2u)], A[q + (r3 >> 2u)]);
    }
    let kk = kIdx(k, K) + vec4<u32>(base);
    let z = vec4<f32>(0.0);
    let keep = kKeep(k, K);
    return mat4x4<f32>(
      select(z, vec4<f32>(a1(kk.x + r0), a1(kk.y + r0), a1(kk.z + r0), a1(kk.w + r0)), keep),
      select(z, vec4<f32>(a1(kk.x + r1), a1(kk.y + r1), a1(kk.z + r1), a1(kk.w + r1)), keep),
      select(z, vec4<f32>(a1(kk.x + r2), a1(kk.y + r2), a1(kk.z + r2), a1(kk.w + r2)), keep),
      select(z, vec4<f32>(a1(kk.x + r3), a1(kk.y + r3), a1(kk.z + r3), a1(kk.w + r3)), keep));
  }
  // TRANS_A: rows are contiguous, one memory row per k.
  let kk = kIdx(k, K) * M + vec4<u32>(base);
  let z = vec4<f32>(0.0);
  let keep = kKeep(k, K);
  if (VEC4_A) {
    // M % 4 == 0: the 4 rows are one aligned vec4 per k.
    let rr = min(r, M - 4u);
    let t = transpose(mat4x4<f32>(
      A[(kk.x + rr) >> 2u], A[(kk.y + rr) >> 2u], A[(kk.z + rr) >> 2u], A[(kk.w + rr) >> 2u]));
    return mat4x4<f32>(select(z, t[0], keep), select(z, t[1], keep), select(z, t[2], keep), select(z, t[3], keep));
  }
  let i0 = min(r, M - 1u);
  let i1 = min(r + 1u, M - 1u);
  let i2 = min(r + 2u, M - 1u);
  let i3 = min(r + 3u, M - 1u);
  return mat4x4<f32>(
    select(z, vec4<f32>(a1(kk.x + i0), a1(kk.y + i0), a1(kk.z + i0), a1(kk.w + i0)), keep),
    select(z, vec4<f32>(a1(kk.x + i1), a1(kk.y + i1), a1(kk.z + i1), a1(kk.w + i1)), keep),
    select(z, vec4<f32>(a1(kk.x + i2), a1(kk.y + i2), a1(kk.z + i2), a1(kk.w + i2)), keep),
    select(z, vec4<f32>(a1(kk.x + i3), a1(kk.y + i3), a1(kk.z + i3), a1(kk.w + i3)), keep));
}

// op(B) for the k-chunk at k and 4 columns c..c+3 (c a multiple of 4, may be
// >= N: clamped). Column t of the result is k+t: vec4(B(k+t,c), .., B(k+t,c+3)).
fn loadB(base: u32, c: u32, k: u32) -> mat4x4<f32> {
  let N = P.N;
  let K = P.K;
  let z = vec4<f32>(0.0);
  let keep = kKeep(k, K);
  if (!TRANS_B) {
    let kk = kIdx(k, K) * N + vec4<u32>(base);
    if (VEC4_B) {
      // N % 4 == 0: the 4 columns are one aligned vec4 per k.
      let cc = min(c, N - 4u);
      return mat4x4<f32>(
        select(z, B[(kk.x + cc) >> 2u], keep.x), select(z, B[(kk.y + cc) >> 2u], keep.y),
        select(z, B[(kk.z + cc) >> 2u], keep.z), select(z, B[(kk.w + cc) >> 2u], keep.w));
    }
    let j0 = min(c, N - 1u);
    let j1 = min(c + 1u, N - 1u);
    let j2 = min(c + 2u, N - 1u);
    let j3 = min(c + 3u, N - 1u);
    return mat4x4<f32>(
      select(z, vec4<f32>(b1(kk.x + j0), b1(kk.x + j1), b1(kk.x + j2), b1(kk.x + j3)), keep.x),
      select(z, vec4<f32>(b1(kk.y + j0), b1(kk.y + j1), b1(kk.y + j2), b1(kk.y + j3)), keep.y),
      select(z, vec4<f32>(b1(kk.z + j0), b1(kk.z + j1), b1(kk.z + j2), b1(kk.z + j3)), keep.z),
      select(z, vec4<f32>(b1(kk.w + j0), b1(kk.w + j1), b1(kk.w + j2), b1(kk.w + j3)), keep.w));
  }
  // TRANS_B: one memory row per column j, contiguous in k.
  let c0 = min(c, N - 1u) * K + base;
  let c1 = min(c + 1u, N - 1u) * K + base;
  let c2 = min(c + 2u, N - 1u) * K + base;
  let c3 = min(c + 3u, N - 1u) * K + base;
  if (VEC4_B) {
    // K % 4 == 0: the chunk is whole and 16-byte aligned.
    return transpose(mat4x4<f32>(B[(c0 + k) >> 2u], B[(c1 + k) >> 2u], B[(c2 + k) >> 2u], B[(c3 + k) >> 2u]));
  }
  let kk = kIdx(k, K);
  let t = transpose(mat4x4<f32>(
    vec4<f32>(b1(kk.x + c0), b1(kk.y + c0), b1(kk.z + c0), b1(kk.w + c0)),
    vec4<f32>(b1(kk.x + c1), b1(kk.y + c1), b1(kk.z + c1), b1(kk.w + c1)),
    vec4<f32>(b1(kk.x + c2), b1(kk.y + c2), b1(kk.z + c2), b1(kk.w + c2)),
    vec4<f32>(b1(kk.x + c3), b1(kk.y + c3), b1(kk.z + c3), b1(kk.w + c3))));
  return mat4x4<f32>(select(z, t[0], keep.x), select(z, t[1], keep.y), select(z, t[2], keep.z), select(z, t[3], keep.w));
}

// Store one row segment of 4 results at (row, col..col+3), skipping what lies outside C.
fn store4(base: u32, row: u32, col: u32, v: vec4<f32>) {
  let M = P.M;
  let N = P.N;
  if (row >= M) { return; }
  let e = base + row * N + col;
  if (col + 3u < N) {
    C[e] = v.x;
    C[e + 1u] = v.y;
    C[e + 2u] = v.z;
    C[e + 3u] = v.w;
    return;
  }
  if (col < N) { C[e] = v.x; }
  if (col + 1u < N) { C[e + 1u] = v.y; }
  if (col + 2u < N) { C[e + 2u] = v.z; }
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let row = gid.y * 32u; // first row of this invocation's tile
  let col = gid.x * 32u; // first column
  if (row >= P.M || col >= P.N) { return; }
  let aBase = gid.z * P.strideA;
  let bBase = gid.z * P.strideB;
  let K = P.K;

  // Accumulators: c<i>_<g> holds C(row + i, col + 4g .. col + 4g + 3).
  var c0_0 = vec4<f32>(0.0); var c0_1 = vec4<f32>(0.0); var c0_2 = vec4<f32>(0.0); var c0_3 = vec4<f32>(0.0); var c0_4 = vec4<f32>(0.0); var c0_5 = vec4<f32>(0.0); var c0_6 = vec4<f32>(0.0); var c0_7 = vec4<f32>(0.0);
  var c1_0 = vec4<f32>(0.0); var c1_1 = vec4<f32>(0.0); var c1_2 = vec4<f32>(0.0); var c1_3 = vec4<f32>(0.0); var c1_4 = vec4<f32>(0.0); var c1_5 = vec4<f32>(0.0); var c1_6 = vec4<f32>(0.0); var c1_7 = vec4<f32>(0.0);
  var c2_0 = vec4<f32>(0.0); var c2_1 = vec4<f32>(0.0); var c2_2 = vec4<f32>(0.0); var c2_3 = vec4<f32>(0.0); var c2_4 = vec4<f32>(0.0); var c2_5 = vec4<f32>(0.0); var c2_6 = vec4<f32>(0.0); var c2_7 = vec4<f32>(0.0);
  var c3_0 = vec4<f32>(0.0); var c3_1 = vec4<f32>(0.0); var c3_2 = vec4<f32>(0.0); var c3_3 = vec4<f32>(0.0); var c3_4 = vec4<f32>(0.0); var c3_5 = vec4<f32>(0.0); var c3_6 = vec4<f32>(0.0); var c3_7 = vec4<f32>(0.0);
  var c4_0 = vec4<f32>(0.0); var c4_1 = vec4<f32>(0.0); var c4_2 = vec4<f32>(0.0); var c4_3 = vec4<f32>(0.0); var c4_4 = vec4<f32>(0.0); var c4_5 = vec4<f32>(0.0); var c4_6 = vec4<f32>(0.0); var c4_7 = vec4<f32>(0.0);
  var c5_0 = vec4<f32>(0.0); var c5_1 = vec4<f32>(0.0); var c5_2 = vec4<f32>(0.0); var c5_3 = vec4<f32>(0.0); var c5_4 = vec4<f32>(0.0); var c5_5 = vec4<f32>(0.0); var c5_6 = vec4<f32>(0.0); var c5_7 = vec4<f32>(0.0);
  var c6_0 = vec4<f32>(0.0); var c6_1 = vec4<f32>(0.0); var c6_2 = vec4<f32>(0.0); var c6_3 = vec4<f32>(0.0); var c6_4 = vec4<f32>(0.0); var c6_5 = vec4<f32>(0.0); var c6_6 = vec4<f32>(0.0); var c6_7 = vec4<f32>(0.0);
  var c7_0 = vec4<f32>(0.0); var c7_1 = vec4<f32>(0.0); var c7_2 = vec4<f32>(0.0); var c7_3 = vec4<f32>(0.0); var c7_4 = vec4<f32>(0.0); var c7_5 = vec4<f32>(0.0); var c7_6 = vec4<f32>(0.0); var c7_7 = vec4<f32>(0.0);
  var c8_0 = vec4<f32>(0.0); var c8_1 = vec4<f32>(0.0); var c8_2 = vec4<f32>(0.0); var c8_3 = vec4<f32>(0.0); var c8_4 = vec4<f32>(0.0); var c8_5 = vec4<f32>(0.0); var c8_6 = vec4<f32>(0.0); var c8_7 = vec4<f32>(0.0);
  var c9_0 = vec4<f32>(0.0); var c9_1 = vec4<f32>(0.0); var c9_2 = vec4<f32>(0.0); var c9_3 = vec4<f32>(0.0); var c9_4 = vec4<f32>(0.0); var c9_5 = vec4<f32>(0.0); var c9_6 = vec4<f32>(0.0); var c9_7 = vec4<f32>(0.0);
  var c10_0 = vec4<f32>(0.0); var c10_1 = vec4<f32>(0.0); var c10_2 = vec4<f32>(0.0); var c10_3 = vec4<f32>(0.0); var c10_4 = vec4<f32>(0.0); var c10_5 = vec4<f32>(0.0); var c10_6 = vec4<f32>(0.0); var c10_7 = vec4<f32>(0.0);
  var c11_0 = vec4<f32>(0.0); var c11_1 = vec4<f32>(0.0); var c11_2 = vec4<f32>(0.0); var c11_3 = vec4<f32>(0.0); var c11_4 = vec4<f32>(0.0); var c11_5 = vec4<f32>(0.0); var c11_6 = vec4<f32>(0.0); var c11_7 = vec4<f32>(0.0);
  var c12_0 = vec4<f32>(0.0); var c12_1 = vec4<f32>(0.0); var c12_2 = vec4<f32>(0.0); var c12_3 = vec4<f32>(0.0); var c12_4 = vec4<f32>(0.0); var c12_5 = vec4<f32>(0.0); var c12_6 = vec4<f32>(0.0); var c12_7 = vec4<f32>(0.0);
  var c13_0 = vec4<f32>(0.0); var c13_1 = vec4<f32>(0.0); var c13_2 = vec4<f32>(0.0); var c13_3 = vec4<f32>(0.0); var c13_4 = vec4<f32>(0.0); var c13_5 = vec4<f32>(0.0); var c13_6 = vec4<f32>(0.0); var c13_7 = vec4<f32>(0.0);
  var c14_0 = vec4<f32>(0.0); var c14_1 = vec4<f32>(0.0); var c14_2 = vec4<f32>(0.0); var c14_3 = vec4<f32>(0.0); var c14_4 = vec4<f32>(0.0); var c14_5 = vec4<f32>(0.0); var c14_6 = vec4<f32>(0.0); var c14_7 = vec4<f32>(0.0);
  var c15_0 = vec4<f32>(0.0); var c15_1 = vec4<f32>(0.0); var c15_2 = vec4<f32>(0.0); var c15_3 = vec4<f32>(0.0); var c15_4 = vec4<f32>(0.0); var c15_5 = vec4<f32>(0.0); var c15_6 = vec4<f32>(0.0); var c15_7 = vec4<f32>(0.0);
  var c16_0 = vec4<f32>(0.0); var c16_1 = vec4<f32>(0.0); var c16_2 = vec4<f32>(0.0); var c16_3 = vec4<f32>(0.0); var c16_4 = vec4<f32>(0.0); var c16_5 = vec4<f32>(0.0); var c16_6 = vec4<f32>(0.0); var c16_7 = vec4<f32>(0.0);
  var c17_0 = vec4<f32>(0.0); var c17_1 = vec4<f32>(0.0); var c17_2 = vec4<f32>(0.0); var c17_3 = vec4<f32>(0.0); var c17_4 = vec4<f32>(0.0); var c17_5 = vec4<f32>(0.0); var c17_6 = vec4<f32>(0.0); var c17_7 = vec4<f32>(0.0);
  var c18_0 = vec4<f32>(0.0); var c18_1 = vec4<f32>(0.0); var c18_2 = vec4<f32>(0.0); var c18_3 = vec4<f32>(0.0); var c18_4 = vec4<f32>(0.0); var c18_5 = vec4<f32>(0.0); var c18_6 = vec4<f32>(0.0); var c18_7 = vec4<f32>(0.0);
  var c19_0 = vec4<f32>(0.0); var c19_1 = vec4<f32>(0.0); var c19_2 = vec4<f32>(0.0); var c19_3 = vec4<f32>(0.0); var c19_4 = vec4<f32>(0.0); var c19_5 = vec4<f32>(0.0); var c19_6 = vec4<f32>(0.0); var c19_7 = vec4<f32>(0.0);
  var c20_0 = vec4<f32>(0.0); var c20_1 = vec4<f32>(0.0); var c20_2 = vec4<f32>(0.0); var c20_3 = vec4<f32>(0.0); var c20_4 = vec4<f32>(0.0); var c20_5 = vec4<f32>(0.0); var c20_6 = vec4<f32>(0.0); var c20_7 = vec4<f32>(0.0);
  var c21_0 = vec4<f32>(0.0); var c21_1 = vec4<f32>(0.0); var c21_2 = vec4<f32>(0.0); var c21_3 = vec4<f32>(0.0); var c21_4 = vec4<f32>(0.0); var c21_5 = vec4<f32>(0.0); var c21_6 = vec4<f32>(0.0); var c21_7 = vec4<f32>(0.0);
  var c22_0 = vec4<f32>(0.0); var c22_1 = vec4<f32>(0.0); var c22_2 = vec4<f32>(0.0); var c22_3 = vec4<f32>(0.0); var c22_4 = vec4<f32>(0.0); var c22_5 = vec4<f32>(0.0); var c22_6 = vec4<f32>(0.0); var c22_7 = vec4<f32>(0.0);
  var c23_0 = vec4<f32>(0.0); var c23_1 = vec4<f32>(0.0); var c23_2 = vec4<f32>(0.0); var c23_3 = vec4<f32>(0.0); var c23_4 = vec4<f32>(0.0); var c23_5 = vec4<f32>(0.0); var c23_6 = vec4<f32>(0.0); var c23_7 = vec4<f32>(0.0);
  var c24_0 = vec4<f32>(0.0); var c24_1 = vec4<f32>(0.0); var c24_2 = vec4<f32>(0.0); var c24_3 = vec4<f32>(0.0); var c24_4 = vec4<f32>(0.0); var c24_5 = vec4<f32>(0.0); var c24_6 = vec4<f32>(0.0); var c24_7 = vec4<f32>(0.0);
  var c25_0 = vec4<f32>(0.0); var c25_1 = vec4<f32>(0.0); var c25_2 = vec4<f32>(0.0); var c25_3 = vec4<f32>(0.0); var c25_4 = vec4<f32>(0.0); var c25_5 = vec4<f32>(0.0); var c25_6 = vec4<f32>(0.0); var c25_7 = vec4<f32>(0.0);
  var c26_0 = vec4<f32>(0.0); var c26_1 = vec4<f32>(0.0); var c26_2 = vec4<f32>(0.0); var c26_3 = vec4<f32>(0.0); var c26_4 = vec4<f32>(0.0); var c26_5 = vec4<f32>(0.0); var c26_6 = vec4<f32>(0.0); var c26_7 = vec4<f32>(0.0);
  var c27_0 = vec4<f32>(0.0); var c27_1 = vec4<f32>(0.0); var c27_2 = vec4<f32>(0.0); var c27_3 = vec4<f32>(0.0); var c27_4 = vec4<f32>(0.0); var c27_5 = vec4<f32>(0.0); var c27_6 = vec4<f32>(0.0); var c27_7 = vec4<f32>(0.0);
  var c28_0 = vec4<f32>(0.0); var c28_1 = vec4<f32>(0.0); var c28_2 = vec4<f32>(0.0); var c28_3 = vec4<f32>(0.0); var c28_4 = vec4<f32>(0.0); var c28_5 = vec4<f32>(0.0); var c28_6 = vec4<f32>(0.0); var c28_7 = vec4<f32>(0.0);
  var c29_0 = vec4<f32>(0.0); var c29_1 = vec4<f32>(0.0); var c29_2 = vec4<f32>(0.0); var c29_3 = vec4<f32>(0.0); var c29_4 = vec4<f32>(0.0); var c29_5 = vec4<f32>(0.0); var c29_6 = vec4<f32>(0.0); var c29_7 = vec4<f32>(0.0);
  var c30_0 = vec4<f32>(0.0); var c30_1 = vec4<f32>(0.0); var c30_2 = vec4<f32>(0.0); var c30_3 = vec4<f32>(0.0); var c30_4 = vec4<f32>(0.0); var c30_5 = vec4<f32>(0.0); var c30_6 = vec4<f32>(0.0); var c30_7 = vec4<f32>(0.0);
  var c31_0 = vec4<f32>(0.0); var c31_1 = vec4<f32>(0.0); var c31_2 = vec4<f32>(0.0); var c31_3 = vec4<f32>(0.0); var c31_4 = vec4<f32>(0.0); var c31_5 = vec4<f32>(0.0); var c31_6 = vec4<f32>(0.0); var c31_7 = vec4<f32>(0.0);

  for (var k = 0u; k < K; k += 4u) {
    // a<r>[t] = op(A) row (row + 4r + t), k .. k+3;  b<g>[t] = op(B) row k + t, columns col + 4g .. +3.
    let a0 = loadA(aBase, row + 0u, k);
    let a1 = loadA(aBase, row + 4u, k);
    let a2 = loadA(aBase, row + 8u, k);
    let a3 = loadA(aBase, row + 12u, k);
    let a4 = loadA(aBase, row + 16u, k);
    let a5 = loadA(aBase, row + 20u, k);
    let a6 = loadA(aBase, row + 24u, k);
    let a7 = loadA(aBase, row + 28u, k);
    let b0 = loadB(bBase, col + 0u, k);
    let b1 = loadB(bBase, col + 4u, k);
    let b2 = loadB(bBase, col + 8u, k);
    let b3 = loadB(bBase, col + 12u, k);
    let b4 = loadB(bBase, col + 16u, k);
    let b5 = loadB(bBase, col + 20u, k);
    let b6 = loadB(bBase, col + 24u, k);
    let b7 = loadB(bBase, col + 28u, k);
    // c += b * a: sum over the 4 k of a[k] * (row k of op(B)).
    c0_0 += b0 * a0[0]; c0_1 += b1 * a0[0]; c0_2 += b2 * a0[0]; c0_3 += b3 * a0[0]; c0_4 += b4 * a0[0]; c0_5 += b5 * a0[0]; c0_6 += b6 * a0[0]; c0_7 += b7 * a0[0];
    c1_0 += b0 * a0[1]; c1_1 += b1 * a0[1]; c1_2 += b2 * a0[1]; c1_3 += b3 * a0[1]; c1_4 += b4 * a0[1]; c1_5 += b5 * a0[1]; c1_6 += b6 * a0[1]; c1_7 += b7 * a0[1];
    c2_0 += b0 * a0[2]; c2_1 += b1 * a0[2]; c2_2 += b2 * a0[2]; c2_3 += b3 * a0[2]; c2_4 += b4 * a0[2]; c2_5 += b5 * a0[2]; c2_6 += b6 * a0[2]; c2_7 += b7 * a0[2];
    c3_0 += b0 * a0[3]; c3_1 += b1 * a0[3]; c3_2 += b2 * a0[3]; c3_3 += b3 * a0[3]; c3_4 += b4 * a0[3]; c3_5 += b5 * a0[3]; c3_6 += b6 * a0[3]; c3_7 += b7 * a0[3];
    c4_0 += b0 * a1[0]; c4_1 += b1 * a1[0]; c4_2 += b2 * a1[0]; c4_3 += b3 * a1[0]; c4_4 += b4 * a1[0]; c4_5 += b5 * a1[0]; c4_6 += b6 * a1[0]; c4_7 += b7 * a1[0];
    c5_0 += b0 * a1[1]; c5_1 += b1 * a1[1]; c5_2 += b2 * a1[1]; c5_3 += b3 * a1[1]; c5_4 += b4 * a1[1]; c5_5 += b5 * a1[1]; c5_6 += b6 * a1[1]; c5_7 += b7 * a1[1];
    c6_0 += b0 * a1[2]; c6_1 += b1 * a1[2]; c6_2 += b2 * a1[2]; c6_3 += b3 * a1[2]; c6_4 += b4 * a1[2]; c6_5 += b5 * a1[2]; c6_6 += b6 * a1[2]; c6_7 += b7 * a1[2];
    c7_0 += b0 * a1[3]; c7_1 += b1 * a1[3]; c7_2 += b2 * a1[3]; c7_3 += b3 * a1[3]; c7_4 += b4 * a1[3]; c7_5 += b5 * a1[3]; c7_6 += b6 * a1[3]; c7_7 += b7 * a1[3];
    c8_0 += b0 * a2[0]; c8_1 += b1 * a2[0]; c8_2 += b2 * a2[0]; c8_3 += b3 * a2[0]; c8_4 += b4 * a2[0]; c8_5 += b5 * a2[0]; c8_6 += b6 * a2[0]; c8_7 += b7 * a2[0];
    c9_0 += b0 * a2[1]; c9_1 += b1 * a2[1]; c9_2 += b2 * a2[1]; c9_3 += b3 * a2[1]; c9_4 += b4 * a2[1]; c9_5 += b5 * a2[1]; c9_6 += b6 * a2[1]; c9_7 += b7 * a2[1];
    c10_0 += b0 * a2[2]; c10_1 += b1 * a2[2]; c10_2 += b2 * a2[2]; c10_3 += b3 * a2[2]; c10_4 += b4 * a2[2]; c10_5 += b5 * a2[2]; c10_6 += b6 * a2[2]; c10_7 += b7 * a2[2];
    c11_0 += b0 * a2[3]; c11_1 += b1 * a2[3]; c11_2 += b2 * a2[3]; c11_3 += b3 * a2[3]; c11_4 += b4 * a2[3]; c11_5 += b5 * a2[3]; c11_6 += b6 * a2[3]; c11_7 += b7 * a2[3];
    c12_0 += b0 * a3[0]; c12_1 += b1 * a3[0]; c12_2 += b2 * a3[0]; c12_3 += b3 * a3[0]; c12_4 += b4 * a3[0]; c12_5 += b5 * a3[0]; c12_6 += b6 * a3[0]; c12_7 += b7 * a3[0];
    c13_0 += b0 * a3[1]; c13_1 += b1 * a3[1]; c13_2 += b2 * a3[1]; c13_3 += b3 * a3[1]; c13_4 += b4 * a3[1]; c13_5 += b5 * a3[1]; c13_6 += b6 * a3[1]; c13_7 += b7 * a3[1];
    c14_0 += b0 * a3[2]; c14_1 += b1 * a3[2]; c14_2 += b2 * a3[2]; c14_3 += b3 * a3[2]; c14_4 += b4 * a3[2]; c14_5 += b5 * a3[2]; c14_6 += b6 * a3[2]; c14_7 += b7 * a3[2];
    c15_0 += b0 * a3[3]; c15_1 += b1 * a3[3]; c15_2 += b2 * a3[3]; c15_3 += b3 * a3[3]; c15_4 += b4 * a3[3]; c15_5 += b5 * a3[3]; c15_6 += b6 * a3[3]; c15_7 += b7 * a3[3];
    c16_0 += b0 * a4[0]; c16_1 += b1 * a4[0]; c16_2 += b2 * a4[0]; c16_3 += b3 * a4[0]; c16_4 += b4 * a4[0]; c16_5 += b5 * a4[0]; c16_6 += b6 * a4[0]; c16_7 += b7 * a4[0];
    c17_0 += b0 * a4[1]; c17_1 += b1 * a4[1]; c17_2 += b2 * a4[1]; c17_3 += b3 * a4[1]; c17_4 += b4 * a4[1]; c17_5 += b5 * a4[1]; c17_6 += b6 * a4[1]; c17_7 += b7 * a4[1];
    c18_0 += b0 * a4[2]; c18_1 += b1 * a4[2]; c18_2 += b2 * a4[2]; c18_3 += b3 * a4[2]; c18_4 += b4 * a4[2]; c18_5 += b5 * a4[2]; c18_6 += b6 * a4[2]; c18_7 += b7 * a4[2];
    c19_0 += b0 * a4[3]; c19_1 += b1 * a4[3]; c19_2 += b2 * a4[3]; c19_3 += b3 * a4[3]; c19_4 += b4 * a4[3]; c19_5 += b5 * a4[3]; c19_6 += b6 * a4[3]; c19_7 += b7 * a4[3];
    c20_0 += b0 * a5[0]; c20_1 += b1 * a5[0]; c20_2 += b2 * a5[0]; c20_3 += b3 * a5[0]; c20_4 += b4 * a5[0]; c20_5 += b5 * a5[0]; c20_6 += b6 * a5[0]; c20_7 += b7 * a5[0];
    c21_0 += b0 * a5[1]; c21_1 += b1 * a5[1]; c21_2 += b2 * a5[1]; c21_3 += b3 * a5[1]; c21_4 += b4 * a5[1]; c21_5 += b5 * a5[1]; c21_6 += b6 * a5[1]; c21_7 += b7 * a5[1];
    c22_0 += b0 * a5[2]; c22_1 += b1 * a5[2]; c22_2 += b2 * a5[2]; c22_3 += b3 * a5[2]; c22_4 += b4 * a5[2]; c22_5 += b5 * a5[2]; c22_6 += b6 * a5[2]; c22_7 += b7 * a5[2];
    c23_0 += b0 * a5[3]; c23_1 += b1 * a5[3]; c23_2 += b2 * a5[3]; c23_3 += b3 * a5[3]; c23_4 += b4 * a5[3]; c23_5 += b5 * a5[3]; c23_6 += b6 * a5[3]; c23_7 += b7 * a5[3];
    c24_0 += b0 * a6[0]; c24_1 += b1 * a6[0]; c24_2 += b2 * a6[0]; c24_3 += b3 * a6[0]; c24_4 += b4 * a6[0]; c24_5 += b5 * a6[0]; c24_6 += b6 * a6[0]; c24_7 += b7 * a6[0];
    c25_0 += b0 * a6[1]; c25_1 += b1 * a6[1]; c25_2 += b2 * a6[1]; c25_3 += b3 * a6[1]; c25_4 += b4 * a6[1]; c25_5 += b5 * a6[1]; c25_6 += b6 * a6[1]; c25_7 += b7 * a6[1];
    c26_0 += b0 * a6[2]; c26_1 += b1 * a6[2]; c26_2 += b2 * a6[2]; c26_3 += b3 * a6[2]; c26_4 += b4 * a6[2]; c26_5 += b5 * a6[2]; c26_6 += b6 * a6[2]; c26_7 += b7 * a6[2];
    c27_0 += b0 * a6[3]; c27_1 += b1 * a6[3]; c27_2 += b2 * a6[3]; c27_3 += b3 * a6[3]; c27_4 += b4 * a6[3]; c27_5 += b5 * a6[3]; c27_6 += b6 * a6[3]; c27_7 += b7 * a6[3];
    c28_0 += b0 * a7[0]; c28_1 += b1 * a7[0]; c28_2 += b2 * a7[0]; c28_3 += b3 * a7[0]; c28_4 += b4 * a7[0]; c28_5 += b5 * a7[0]; c28_6 += b6 * a7[0]; c28_7 += b7 * a7[0];
    c29_0 += b0 * a7[1]; c29_1 += b1 * a7[1]; c29_2 += b2 * a7[1]; c29_3 += b3 * a7[1]; c29_4 += b4 * a7[1]; c29_5 += b5 * a7[1]; c29_6 += b6 * a7[1]; c29_7 += b7 * a7[1];
    c30_0 += b0 * a7[2]; c30_1 += b1 * a7[2]; c30_2 += b2 * a7[2]; c30_3 += b3 * a7[2]; c30_4 += b4 * a7[2]; c30_5 += b5 * a7[2]; c30_6 += b6 * a7[2]; c30_7 += b7 * a7[2];
    c31_0 += b0 * a7[3]; c31_1 += b1 * a7[3]; c31_2 += b2 * a7[3]; c31_3 += b3 * a7[3]; c31_4 += b4 * a7[3]; c31_5 += b5 * a7[3]; c31_6 += b6 * a7[3]; c31_7 += b7 * a7[3];
  }

  let cBase = gid.z * P.strideC;
  store4(cBase, row + 0u, col + 0u, c0_0); store4(cBase, row + 0u, col + 4u, c0_1); store4(cBase, row + 0u, col + 8u, c0_2); store4(cBase, row + 0u, col + 12u, c0_3); store4(cBase, row + 0u, col + 16u, c0_4); store4(cBase, row + 0u, col + 20u, c0_5); store4(cBase, row + 0u, col + 24u, c0_6); store4(cBase, row + 0u, col + 28u, c0_7);
  store4(cBase, row + 1u, col + 0u, c1_0); store4(cBase, row + 1u, col + 4u, c1_1); store4(cBase, row + 1u, col + 8u, c1_2); store4(cBase, row + 1u, col + 12u, c1_3); store4(cBase, row + 1u, col + 16u, c1_4); store4(cBase, row + 1u, col + 20u, c1_5); store4(cBase, row + 1u, col + 24u, c1_6); store4(cBase, row + 1u, col + 28u, c1_7);
  store4(cBase, row + 2u, col + 0u, c2_0); store4(cBase, row + 2u, col + 4u, c2_1); store4(cBase, row + 2u, col + 8u, c2_2); store4(cBase, row + 2u, col + 12u, c2_3); store4(cBase, row + 2u, col + 16u, c2_4); store4(cBase, row + 2u, col + 20u, c2_5); store4(cBase, row + 2u, col + 24u, c2_6); store4(cBase, row + 2u, col + 28u, c2_7);
  store4(cBase, row + 3u, col + 0u, c3_0); store4(cBase, row + 3u, col + 4u, c3_1); store4(cBase, row + 3u, col + 8u, c3_2); store4(cBase, row + 3u, col + 12u, c3_3); store4(cBase, row + 3u, col + 16u, c3_4); store4(cBase, row + 3u, col + 20u, c3_5); store4(cBase, row + 3u, col + 24u, c3_6); store4(cBase, row + 3u, col + 28u, c3_7);
  store4(cBase, row + 4u, col + 0u, c4_0); store4(cBase, row + 4u, col + 4u, c4_1); store4(cBase, row + 4u, col + 8u, c4_2); store4(cBase, row + 4u, col + 12u, c4_3); store4(cBase, row + 4u, col + 16u, c4_4); store4(cBase, row + 4u, col + 20u, c4_5); store4(cBase, row + 4u, col + 24u, c4_6); store4(cBase, row + 4u, col + 28u, c4_7);
  store4(cBase, row + 5u, col + 0u, c5_0); store4(cBase, row + 5u, col + 4u, c5_1); store4(cBase, row + 5u, col + 8u, c5_2); store4(cBase, row + 5u, col + 12u, c5_3); store4(cBase, row + 5u, col + 16u, c5_4); store4(cBase, row + 5u, col + 20u, c5_5); store4(cBase, row + 5u, col + 24u, c5_6); store4(cBase, row + 5u, col + 28u, c5_7);
  store4(cBase, row + 6u, col + 0u, c6_0); store4(cBase, row + 6u, col + 4u, c6_1); store4(cBase, row + 6u, col + 8u, c6_2); store4(cBase, row + 6u, col + 12u, c6_3); store4(cBase, row + 6u, col + 16u, c6_4); store4(cBase, row + 6u, col + 20u, c6_5); store4(cBase, row + 6u, col + 24u, c6_6); store4(cBase, row + 6u, col + 28u, c6_7);
  store4(cBase, row + 7u, col + 0u, c7_0); store4(cBase, row + 7u, col + 4u, c7_1); store4(cBase, row + 7u, col + 8u, c7_2); store4(cBase, row + 7u, col + 12u, c7_3); store4(cBase, row + 7u, col + 16u, c7_4); store4(cBase, row + 7u, col + 20u, c7_5); store4(cBase, row + 7u, col + 24u, c7_6); store4(cBase, row + 7u, col + 28u, c7_7);
  store4(cBase, row + 8u, col + 0u, c8_0); store4(cBase, row + 8u, col + 4u, c8_1); store4(cBase, row + 8u, col + 8u, c8_2); store4(cBase, row + 8u, col + 12u, c8_3); store4(cBase, row + 8u, col + 16u, c8_4); store4(cBase, row + 8u, col + 20u, c8_5); store4(cBase, row + 8u, col + 24u, c8_6); store4(cBase, row + 8u, col + 28u, c8_7);
  store4(cBase, row + 9u, col + 0u, c9_0); store4(cBase, row + 9u, col + 4u, c9_1); store4(cBase, row + 9u, col + 8u, c9_2); store4(cBase, row + 9u, col + 12u, c9_3); store4(cBase, row + 9u, col + 16u, c9_4); store4(cBase, row + 9u, col + 20u, c9_5); store4(cBase, row + 9u, col + 24u, c9_6); store4(cBase, row + 9u, col + 28u, c9_7);
  store4(cBase, row + 10u, col + 0u, c10_0); store4(cBase, row + 10u, col + 4u, c10_1); store4(cBase, row + 10u, col + 8u, c10_2); store4(cBase, row + 10u, col + 12u, c10_3); store4(cBase, row + 10u, col + 16u, c10_4); store4(cBase, row + 10u, col + 20u, c10_5); store4(cBase, row + 10u, col + 24u, c10_6); store4(cBase, row + 10u, col + 28u, c10_7);
  store4(cBase, row + 11u, col + 0u, c11_0); store4(cBase, row + 11u, col + 4u, c11_1); store4(cBase, row + 11u, col + 8u, c11_2); store4(cBase, row + 11u, col + 12u, c11_3); store4(cBase, row + 11u, col + 16u, c11_4); store4(cBase, row + 11u, col + 20u, c11_5); store4(cBase, row + 11u, col + 24u, c11_6); store4(cBase, row + 11u, col + 28u, c11_7);
  store4(cBase, row + 12u, col + 0u, c12_0); store4(cBase, row + 12u, col + 4u, c12_1); store4(cBase, row + 12u, col + 8u, c12_2); store4(cBase, row + 12u, col + 12u, c12_3); store4(cBase, row + 12u, col + 16u, c12_4); store4(cBase, row + 12u, col + 20u, c12_5); store4(cBase, row + 12u, col + 24u, c12_6); store4(cBase, row + 12u, col + 28u, c12_7);
  store4(cBase, row + 13u, col + 0u, c13_0); store4(cBase, row + 13u, col + 4u, c13_1); store4(cBase, row + 13u, col + 8u, c13_2); store4(cBase, row + 13u, col + 12u, c13_3); store4(cBase, row + 13u, col + 16u, c13_4); store4(cBase, row + 13u, col + 20u, c13_5); store4(cBase, row + 13u, col + 24u, c13_6); store4(cBase, row + 13u, col + 28u, c13_7);
  store4(cBase, row + 14u, col + 0u, c14_0); store4(cBase, row + 14u, col + 4u, c14_1); store4(cBase, row + 14u, col + 8u, c14_2); store4(cBase, row + 14u, col + 12u, c14_3); store4(cBase, row + 14u, col + 16u, c14_4); store4(cBase, row + 14u, col + 20u, c14_5); store4(cBase, row + 14u, col + 24u, c14_6); store4(cBase, row + 14u, col + 28u, c14_7);
  store4(cBase, row + 15u, col + 0u, c15_0); store4(cBase, row + 15u, col + 4u, c15_1); store4(cBase, row + 15u, col + 8u, c15_2); store4(cBase, row + 15u, col + 12u, c15_3); store4(cBase, row + 15u, col + 16u, c15_4); store4(cBase, row + 15u, col + 20u, c15_5); store4(cBase, row + 15u, col + 24u, c15_6); store4(cBase, row + 15u, col + 28u, c15_7);
  store4(cBase, row + 16u, col + 0u, c16_0); store4(cBase, row + 16u, col + 4u, c16_1); store4(cBase, row + 16u, col + 8u, c16_2); store4(cBase, row + 16u, col + 12u, c16_3); store4(cBase, row + 16u, col + 16u, c16_4); store4(cBase, row + 16u, col + 20u, c16_5); store4(cBase, row + 16u, col + 24u, c16_6); store4(cBase, row + 16u, col + 28u, c16_7);
  store4(cBase, row + 17u, col + 0u, c17_0); store4(cBase, row + 17u, col + 4u, c17_1); store4(cBase, row + 17u, col + 8u, c17_2); store4(cBase, row + 17u, col + 12u, c17_3); store4(cBase, row + 17u, col + 16u, c17_4); store4(cBase, row + 17u, col + 20u, c17_5); store4(cBase, row + 17u, col + 24u, c17_6); store4(cBase, row + 17u, col + 28u, c17_7);
  store4(cBase, row + 18u, col + 0u, c18_0); store4(cBase, row + 18u, col + 4u, c18_1); store4(cBase, row + 18u, col + 8u, c18_2); store4(cBase, row + 18u, col + 12u, c18_3); store4(cBase, row + 18u, col + 16u, c18_4); store4(cBase, row + 18u, col + 20u, c18_5); store4(cBase, row + 18u, col + 24u, c18_6); store4(cBase, row + 18u, col + 28u, c18_7);
  store4(cBase, row + 19u, col + 0u, c19_0); store4(cBase, row + 19u, col + 4u, c19_1); store4(cBase, row + 19u, col + 8u, c19_2); store4(cBase, row + 19u, col + 12u, c19_3); store4(cBase, row + 19u, col + 16u, c19_4); store4(cBase, row + 19u, col + 20u, c19_5); store4(cBase, row + 19u, col + 24u, c19_6); store4(cBase, row + 19u, col + 28u, c19_7);
  store4(cBase, row + 20u, col + 0u, c20_0); store4(cBase, row + 20u, col + 4u, c20_1); store4(cBase, row + 20u, col + 8u, c20_2); store4(cBase, row + 20u, col + 12u, c20_3); store4(cBase, row + 20u, col + 16u, c20_4); store4(cBase, row + 20u, col + 20u, c20_5); store4(cBase, row + 20u, col + 24u, c20_6); store4(cBase, row + 20u, col + 28u, c20_7);
  store4(cBase, row + 21u, col + 0u, c21_0); store4(cBase, row + 21u, col + 4u, c21_1); store4(cBase, row + 21u, col + 8u, c21_2); store4(cBase, row + 21u, col + 12u, c21_3); store4(cBase, row + 21u, col + 16u, c21_4); store4(cBase, row + 21u, col + 20u, c21_5); store4(cBase, row + 21u, col + 24u, c21_6); store4(cBase, row + 21u, col + 28u, c21_7);
  store4(cBase, row + 22u, col + 0u, c22_0); store4(cBase, row + 22u, col + 4u, c22_1); store4(cBase, row + 22u, col + 8u, c22_2); store4(cBase, row + 22u, col + 12u, c22_3); store4(cBase, row + 22u, col + 16u, c22_4); store4(cBase, row + 22u, col + 20u, c22_5); store4(cBase, row + 22u, col + 24u, c22_6); store4(cBase, row + 22u, col + 28u, c22_7);
  store4(cBase, row + 23u, col + 0u, c23_0); store4(cBase, row + 23u, col + 4u, c23_1); store4(cBase, row + 23u, col + 8u, c23_2); store4(cBase, row + 23u, col + 12u, c23_3); store4(cBase, row + 23u, col + 16u, c23_4); store4(cBase, row + 23u, col + 20u, c23_5); store4(cBase, row + 23u, col + 24u, c23_6); store4(cBase, row + 23u, col + 28u, c23_7);
  store4(cBase, row + 24u, col + 0u, c24_0); store4(cBase, row + 24u, col + 4u, c24_1); store4(cBase, row + 24u, col + 8u, c24_2); store4(cBase, row + 24u, col + 12u, c24_3); store4(cBase, row + 24u, col + 16u, c24_4); store4(cBase, row + 24u, col + 20u, c24_5); store4(cBase, row + 24u, col + 24u, c24_6); store4(cBase, row + 24u, col + 28u, c24_7);
  store4(cBase, row + 25u, col + 0u, c25_0); store4(cBase, row + 25u, col + 4u, c25_1); store4(cBase, row + 25u, col + 8u, c25_2); store4(cBase, row + 25u, col + 12u, c25_3); store4(cBase, row + 25u, col + 16u, c25_4); store4(cBase, row + 25u, col + 20u, c25_5); store4(cBase, row + 25u, col + 24u, c25_6); store4(cBase, row + 25u, col + 28u, c25_7);
  store4(cBase, row + 26u, col + 0u, c26_0); store4(cBase, row + 26u, col + 4u, c26_1); store4(cBase, row + 26u, col + 8u, c26_2); store4(cBase, row + 26u, col + 12u, c26_3); store4(cBase, row + 26u, col + 16u, c26_4); store4(cBase, row + 26u, col + 20u, c26_5); store4(cBase, row + 26u, col + 24u, c26_6); store4(cBase, row + 26u, col + 28u, c26_7);
  store4(cBase, row + 27u, col + 0u, c27_0); store4(cBase, row + 27u, col + 4u, c27_1); store4(cBase, row + 27u, col + 8u, c27_2); store4(cBase, row + 27u, col + 12u, c27_3); store4(cBase, row + 27u, col + 16u, c27_4); store4(cBase, row + 27u, col + 20u, c27_5); store4(cBase, row + 27u, col + 24u, c27_6); store4(cBase, row + 27u, col + 28u, c27_7);
  store4(cBase, row + 28u, col + 0u, c28_0); store4(cBase, row + 28u, col + 4u, c28_1); store4(cBase, row + 28u, col + 8u, c28_2); store4(cBase, row + 28u, col + 12u, c28_3); store4(cBase, row + 28u, col + 16u, c28_4); store4(cBase, row + 28u, col + 20u, c28_5); store4(cBase, row + 28u, col + 24u, c28_6); store4(cBase, row + 28u, col + 28u, c28_7);
  store4(cBase, row + 29u, col + 0u, c29_0); store4(cBase, row + 29u, col + 4u, c29_1); store4(cBase, row + 29u, col + 8u, c29_2); store4(cBase, row + 29u, col + 12u, c29_3); store4(cBase, row + 29u, col + 16u, c29_4); store4(cBase, row + 29u, col + 20u, c29_5); store4(cBase, row + 29u, col + 24u, c29_6); store4(cBase, row + 29u, col + 28u, c29_7);
  store4(cBase, row + 30u, col + 0u, c30_0); store4(cBase, row + 30u, col + 4u, c30_1); store4(cBase, row + 30u, col + 8u, c30_2); store4(cBase, row + 30u, col + 12u, c30_3); store4(cBase, row + 30u, col + 16u, c30_4); store4(cBase, row + 30u, col + 20u, c30_5); store4(cBase, row + 30u, col + 24u, c30_6); store4(cBase, row + 30u, col + 28u, c30_7);
  store4(cBase, row + 31u, col + 0u, c31_0); store4(cBase, row + 31u, col + 4u, c31_1); store4(cBase, row + 31u, col + 8u, c31_2); store4(cBase, row + 31u, col + 12u, c31_3); store4(cBase, row + 31u, col + 16u, c31_4); store4(cBase, row + 31u, col + 20u, c31_5); store4(cBase, row + 31u, col + 24u, c31_6); store4(cBase, row + 31u, col + 28u, c31_7);
}
