// gather_backward.wgsl: dx[o, r, k] = sum over j with idx[j] == r of g[o, j, k] (f32).
// One invocation per element of dx sums in increasing j: deterministic, no atomics.
//
// Bindings (group 0):
//   0  g: array<f32>, read           [outer, j, inner]
//   1  idx: array<i32>, read         [j]
//   2  dx: array<f32>, read_write    [outer, a, inner]
//   3  p: uniform Params { outer: u32, a: u32, inner: u32, j: u32 }
// Workgroup size: 64 x 1 x 1.
// Dispatch: n = outer * a * inner; groups = ceil(n / 64); (x, y, 1) with
//   x = min(groups, 65535), y = ceil(groups / x). i = (wid.y * nwg.x + wid.x) * 64 + lid.x.

// #include "invocation.wgsl"

struct Params {
  outer: u32,
  a: u32,
  inner: u32,
  j: u32,
}

@group(0) @binding(0) var<storage, read> g: array<f32>;
@group(0) @binding(1) var<storage, read> idx: array<i32>;
@group(0) @binding(2) var<storage, read_write> dx: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  if (i >= p.outer * p.a * p.inner) {
    return;
  }
  let k = i % p.inner;
  let orow = i / p.inner;
  let r = i32(orow % p.a);
  let o = orow / p.a;
  var s = 0.0;
  for (var jj = 0u; jj < p.j; jj++) {
    if (idx[jj] == r) {
      s += g[(o * p.j + jj) * p.inner + k];
    }
  }
  dx[i] = s;
}
