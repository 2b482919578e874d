// entropy.wgsl: entropy of softmax(z) per row, H_n = -sum_k p_nk log p_nk, and its gradient
//   dz_nk = -g_n p_nk (log p_nk + H_n). One invocation per row.
//
// Bindings (group 0):
//   0  z: array<f32>, read          [n, c]
//   1  g: array<f32>, read          [n] gradient of H (BACKWARD; bind any f32 buffer otherwise)
//   2  out: array<f32>, read_write  forward: H [n]; backward: dz [n, c]
//   3  p: uniform Params { n: u32, c: u32, pad0: u32, pad1: u32 }
// Overrides: BACKWARD (bool).
// Workgroup size: 64 x 1 x 1.
// Dispatch: groups = ceil(n / 64); (x, y, 1) with x = min(groups, 65535), y = ceil(groups / x).
//   Invocation index i = (wid.y * nwg.x + wid.x) * 64 + lid.x; i >= n returns.

// #include "invocation.wgsl"

override BACKWARD: bool = false;

struct Params {
  n: u32,
  c: u32,
  pad0: u32,
  pad1: u32,
}

@group(0) @binding(0) var<storage, read> z: array<f32>;
@group(0) @binding(1) var<storage, read> g: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  if (i >= p.n) {
    return;
  }
  let base = i * p.c;
  var m = -3.4e38;
  for (var k = 0u; k < p.c; k++) {
    m = max(m, z[base + k]);
  }
  var s = 0.0;
  for (var k = 0u; k < p.c; k++) {
    s += exp(z[base + k] - m);
  }
  let lse = m + log(s);
  var h = 0.0;
  for (var k = 0u; k < p.c; k++) {
    let lp = z[base + k] - lse;
    h -= exp(lp) * lp;
  }
  if (!BACKWARD) {
    out[i] = h;
    return;
  }
  let gi = g[i];
  for (var k = 0u; k < p.c; k++) {
    let lp = z[base + k] - lse;
    out[base + k] = -gi * exp(lp) * (lp + h);
  }
}
