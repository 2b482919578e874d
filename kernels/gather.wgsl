// gather.wgsl: out[o, j, k] = x[o, idx[j], k] for 32-bit elements (any dtype).
// An index outside [0, a) gives 0.
//
// Bindings (group 0):
//   0  x: array<u32>, read           [outer, a, inner], contiguous
//   1  idx: array<i32>, read         [j]
//   2  out: array<u32>, read_write   [outer, j, inner], contiguous
//   3  p: uniform Params { outer: u32, a: u32, inner: u32, j: u32 }
// Workgroup size: 64 x 1 x 1.
// Dispatch: n = outer * j * inner; groups = ceil(n / 64); (x, y, 1) with
//   x = min(groups, 65535), y = ceil(groups / x). i = (wid.y * nwg.x + wid.x) * 64 + lid.x.

// #include "invocation.wgsl"

struct Params {
  outer: u32,
  a: u32,
  inner: u32,
  j: u32,
}

@group(0) @binding(0) var<storage, read> x: array<u32>;
@group(0) @binding(1) var<storage, read> idx: array<i32>;
@group(0) @binding(2) var<storage, read_write> out: array<u32>;
@group(0) @binding(3) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  if (i >= p.outer * p.j * p.inner) {
    return;
  }
  let k = i % p.inner;
  let oj = i / p.inner;
  let jj = oj % p.j;
  let o = oj / p.j;
  let row = idx[jj];
  if (row < 0 || u32(row) >= p.a) {
    out[i] = 0u;
    return;
  }
  out[i] = x[(o * p.a + u32(row)) * p.inner + k];
}
