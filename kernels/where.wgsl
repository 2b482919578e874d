// where.wgsl: out = cond != 0 ? a : b for f32 with NumPy broadcasting of all three.
//
// Bindings (group 0):
//   0  cond: array<f32>, read   (nonzero = true)
//   1  a: array<f32>, read
//   2  b: array<f32>, read
//   3  out: array<f32>, read_write   n elements, contiguous, shape `shape`
//   4  p: uniform Params {
//        n: u32, rank: u32, pad0: u32, pad1: u32,
//        shape: array<vec4<u32>, 2>,     output shape, rank <= 8
//        cStrides, aStrides, bStrides: array<vec4<u32>, 2> each; element strides of each
//        input per output dim (0 = broadcast)
//      }
// Workgroup size: 64 x 1 x 1.
// Dispatch: groups = ceil(n / 64); (x, y, 1) with x = min(groups, 65535), y = ceil(groups / x).
//   Invocation index i = (wid.y * nwg.x + wid.x) * 64 + lid.x; i >= n returns.

// #include "invocation.wgsl"

struct Params {
  n: u32,
  rank: u32,
  pad0: u32,
  pad1: u32,
  shape: array<vec4<u32>, 2>,
  cStrides: array<vec4<u32>, 2>,
  aStrides: array<vec4<u32>, 2>,
  bStrides: array<vec4<u32>, 2>,
}

@group(0) @binding(0) var<storage, read> cond: array<f32>;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
@group(0) @binding(4) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  if (i >= p.n) {
    return;
  }
  var rem = i;
  var ic = 0u;
  var ia = 0u;
  var ib = 0u;
  for (var d = i32(p.rank) - 1; d >= 0; d--) {
    let q = u32(d) / 4u;
    let r = u32(d) % 4u;
    let size = p.shape[q][r];
    let c = rem % size;
    rem = rem / size;
    ic += c * p.cStrides[q][r];
    ia += c * p.aStrides[q][r];
    ib += c * p.bStrides[q][r];
  }
  out[i] = select(b[ib], a[ia], cond[ic] != 0.0);
}
