// copy.wgsl: strided copy of 32-bit elements (any dtype). Implements permute/transpose,
// slice, pad, concat, broadcast-to and their gradients.
//
// The invocations walk a compact index space of shape `shape` (n elements, row-major).
// Gather mode (SCATTER = false):  dst[dstOffset + i] = src[srcOffset + sum_d c_d * strides_d]
// Scatter mode (SCATTER = true):  dst[dstOffset + sum_d c_d * strides_d] = src[srcOffset + i]
// where (c_0 .. c_{rank-1}) are the coordinates of i in `shape`.
//
// Bindings (group 0):
//   0  src: array<u32>, read
//   1  dst: array<u32>, read_write
//   2  p: uniform Params {
//        n: u32, rank: u32, srcOffset: u32, dstOffset: u32,
//        shape: array<vec4<u32>, 2>,    rank <= 8
//        strides: array<vec4<u32>, 2>,  element strides on the strided side
//      }
// Overrides: SCATTER (bool).
// Workgroup size: 64 x 1 x 1.
// Dispatch: groups = ceil(n / 64); (x, y, 1) with x = min(groups, 65535), y = ceil(groups / x).
//   Invocation index i = (wid.y * nwg.x + wid.x) * 64 + lid.x; i >= n returns.

// #include "invocation.wgsl"

override SCATTER: bool = false;

struct Params {
  n: u32,
  rank: u32,
  srcOffset: u32,
  dstOffset: u32,
  shape: array<vec4<u32>, 2>,
  strides: array<vec4<u32>, 2>,
}

@group(0) @binding(0) var<storage, read> src: array<u32>;
@group(0) @binding(1) var<storage, read_write> dst: array<u32>;
@group(0) @binding(2) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  if (i >= p.n) {
    return;
  }
  var rem = i;
  var off = 0u;
  for (var d = i32(p.rank) - 1; d >= 0; d--) {
    let q = u32(d) / 4u;
    let r = u32(d) % 4u;
    let size = p.shape[q][r];
    off += (rem % size) * p.strides[q][r];
    rem = rem / size;
  }
  if (SCATTER) {
    dst[p.dstOffset + off] = src[p.srcOffset + i];
  } else {
    dst[p.dstOffset + i] = src[p.srcOffset + off];
  }
}
