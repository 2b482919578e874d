// matmul_small.wgsl: batched C = op(A) * op(B), f32, for any sizes and alignments; a
// simple kernel that compiles in well under a second. Each invocation computes a 4 x 4
// block of C in four vec4 accumulators. lib/ops/matmul.ts uses it for small problems
// (and ones over the texture limits); large ones go to matmul_tex.wgsl.
//
// Bindings (group 0):
//   0  A: array<f32>, read         [batch][M][K], or [batch][K][M] when TRANS_A
//   1  B: array<f32>, read         [batch][K][N], or [batch][N][K] when TRANS_B
//   2  C: array<f32>, read_write   [batch][M][N]
//   3  p: uniform Params { M: u32, N: u32, K: u32, strideA: u32, strideB: u32, strideC: u32, pad0: u32, pad1: u32 }
//        strides in elements between batch entries; 0 = the same matrix for every batch entry
// Overrides: TRANS_A, TRANS_B (bool).
// Workgroup size: 8 x 8 x 1; invocation gid computes rows 4*gid.y .. +3, columns 4*gid.x .. +3
//   of batch entry gid.z.
// Dispatch: (ceil(ceil(N / 4) / 8), ceil(ceil(M / 4) / 8), batch).
// K must be at most 65535 (one loop iteration per k).

override TRANS_A: bool = false;
override TRANS_B: bool = false;

struct Params {
  M: u32,
  N: u32,
  K: u32,
  strideA: u32,
  strideB: u32,
  strideC: u32,
  pad0: u32,
  pad1: u32,
}

@group(0) @binding(0) var<storage, read> A: array<f32>;
@group(0) @binding(1) var<storage, read> B: array<f32>;
@group(0) @binding(2) var<storage, read_write> C: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

fn loadA(base: u32, i: u32, k: u32) -> f32 {
  if (i >= p.M) {
    return 0.0;
  }
  return select(A[base + i * p.K + k], A[base + k * p.M + i], TRANS_A);
}

fn loadB(base: u32, k: u32, j: u32) -> f32 {
  if (j >= p.N) {
    return 0.0;
  }
  return select(B[base + k * p.N + j], B[base + j * p.K + k], TRANS_B);
}

@compute @workgroup_size(8, 8, 1)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i0 = gid.y * 4u;
  let j0 = gid.x * 4u;
  if (i0 >= p.M || j0 >= p.N) {
    return;
  }
  let ab = gid.z * p.strideA;
  let bb = gid.z * p.strideB;
  var c0 = vec4<f32>(0.0);
  var c1 = vec4<f32>(0.0);
  var c2 = vec4<f32>(0.0);
  var c3 = vec4<f32>(0.0);
  for (var k = 0u; k < p.K; k++) {
    let b = vec4<f32>(loadB(bb, k, j0), loadB(bb, k, j0 + 1u), loadB(bb, k, j0 + 2u), loadB(bb, k, j0 + 3u));
    c0 += loadA(ab, i0, k) * b;
    c1 += loadA(ab, i0 + 1u, k) * b;
    c2 += loadA(ab, i0 + 2u, k) * b;
    c3 += loadA(ab, i0 + 3u, k) * b;
  }
  let cb = gid.z * p.strideC;
  let rows = array<vec4<f32>, 4>(c0, c1, c2, c3);
  for (var r = 0u; r < 4u; r++) {
    let i = i0 + r;
    if (i >= p.M) {
      break;
    }
    for (var c = 0u; c < 4u; c++) {
      if (j0 + c < p.N) {
        C[cb + i * p.N + j0 + c] = rows[r][c];
      }
    }
  }
}
