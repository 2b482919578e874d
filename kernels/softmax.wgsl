// softmax.wgsl: softmax or log-softmax of f32 along the middle axis of [outer, r, inner].
// One invocation per (outer, inner) row: max, then sum of exp, then write (stable).
//
// Bindings (group 0):
//   0  x: array<f32>, read         [outer, r, inner], contiguous
//   1  y: array<f32>, read_write   same shape
//   2  p: uniform Params { outer: u32, r: u32, inner: u32, pad: u32 }
// Overrides: LOG (bool): log-softmax instead of softmax.
// Workgroup size: 64 x 1 x 1.
// Dispatch: n = outer * inner; groups = ceil(n / 64); (x, y, 1) with x = min(groups, 65535),
//   y = ceil(groups / x). Invocation index i = (wid.y * nwg.x + wid.x) * 64 + lid.x.
//
// Entry `rows4`: contiguous rows (inner = 1) of whole vec4s (r % 4 == 0), 4 floats at a time:
//   binding 0 is xt: texture_2d_array<f32>, rgba32float, one layer, x as a flat array
//   (2048 texels = 8192 floats per texel row, floats 4q .. 4q+3 in texel (q % 2048,
//   q / 2048); the host copies x's buffer there; on llvmpipe a texel fetch is one gather, a
//   storage load a loop over the SIMD lanes), 1 is y4: array<vec4<f32>>, read_write (y's
//   buffer), 2 as above. n = outer (one invocation per row), same grid rule.

// #include "flat_texture.wgsl"
// #include "invocation.wgsl"
// #include "math.wgsl"

override LOG: bool = false;

struct Params {
  outer: u32,
  r: u32,
  inner: u32,
  pad: u32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  if (i >= p.outer * p.inner) {
    return;
  }
  let o = i / p.inner;
  let base = o * p.r * p.inner + (i - o * p.inner);
  let step = p.inner;
  var m = x[base];
  for (var k = 1u; k < p.r; k++) {
    m = max(m, x[base + k * step]);
  }
  var s = 0.0;
  for (var k = 0u; k < p.r; k++) {
    s += exp(x[base + k * step] - m);
  }
  if (LOG) {
    let lse = m + log(s);
    for (var k = 0u; k < p.r; k++) {
      y[base + k * step] = x[base + k * step] - lse;
    }
  } else {
    let rs = 1.0 / s;
    for (var k = 0u; k < p.r; k++) {
      y[base + k * step] = exp(x[base + k * step] - m) * rs;
    }
  }
}

@group(0) @binding(0) var xt: texture_2d_array<f32>;
@group(0) @binding(1) var<storage, read_write> y4: array<vec4<f32>>;

fn x4(q: u32) -> vec4<f32> {
  return textureLoad(xt, flatTexel4(q), 0, 0);
}

@compute @workgroup_size(64)
fn rows4(inv: Invocation) {
  let o = invocationIndex(inv, 64u);
  if (o >= p.outer) {
    return;
  }
  let r4 = p.r / 4u;
  let base = o * r4;
  var m4 = x4(base);
  for (var k = 1u; k < r4; k++) {
    m4 = max(m4, x4(base + k));
  }
  let m = max(max(m4.x, m4.y), max(m4.z, m4.w));
  var s4 = vec4<f32>(0.0);
  for (var k = 0u; k < r4; k++) {
    s4 += exp(x4(base + k) - m);
  }
  let s = sum4(s4);
  if (LOG) {
    let lse = m + log(s);
    for (var k = 0u; k < r4; k++) {
      y4[base + k] = x4(base + k) - lse;
    }
  } else {
    let rs = 1.0 / s;
    for (var k = 0u; k < r4; k++) {
      y4[base + k] = exp(x4(base + k) - m) * rs;
    }
  }
}
