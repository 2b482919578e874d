// softmax_backward.wgsl: gradient of softmax / log-softmax along the middle axis of
// [outer, r, inner], from the forward output y and the output gradient g.
//   softmax:      dx = y * (g - sum_k g_k y_k)
//   log-softmax:  dx = g - exp(y) * sum_k g_k
//
// Bindings (group 0):
//   0  y: array<f32>, read          [outer, r, inner]
//   1  g: array<f32>, read          [outer, r, inner]
//   2  dx: array<f32>, read_write   [outer, r, inner]
//   3  p: uniform Params { outer: u32, r: u32, inner: u32, pad: u32 }
// Overrides: LOG (bool).
// Workgroup size: 64 x 1 x 1.
// Dispatch: n = outer * inner; groups = ceil(n / 64); (x, y, 1) with x = min(groups, 65535),
//   y = ceil(groups / x). Invocation index i = (wid.y * nwg.x + wid.x) * 64 + lid.x.
//
// Entry `rows4`: contiguous rows (inner = 1) of whole vec4s (r % 4 == 0), 4 floats at a time:
//   bindings 0 yt and 1 gt are texture_2d_array<f32>, rgba32float, one layer, y and g as
//   flat arrays (2048 texels = 8192 floats per texel row, floats 4q .. 4q+3 in texel
//   (q % 2048, q / 2048); the host copies the buffers there), 2 is dx4: array<vec4<f32>>,
//   read_write, 3 as above. n = outer (one invocation per row), same grid rule.

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

@group(0) @binding(0) var<storage, read> y: array<f32>;
@group(0) @binding(1) var<storage, read> g: array<f32>;
@group(0) @binding(2) var<storage, read_write> dx: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  if (i >= p.outer * p.inner) {
    return;
  }
  let o = i / p.inner;
  let base = o * p.r * p.inner + (i - o * p.inner);
  let step = p.inner;
  var s = 0.0;
  for (var k = 0u; k < p.r; k++) {
    let j = base + k * step;
    s += select(g[j] * y[j], g[j], LOG);
  }
  for (var k = 0u; k < p.r; k++) {
    let j = base + k * step;
    dx[j] = select(y[j] * (g[j] - s), g[j] - exp(y[j]) * s, LOG);
  }
}

@group(0) @binding(0) var yt: texture_2d_array<f32>;
@group(0) @binding(1) var gt: texture_2d_array<f32>;
@group(0) @binding(2) var<storage, read_write> dx4: array<vec4<f32>>;

@compute @workgroup_size(64)
fn rows4(inv: Invocation) {
  let o = invocationIndex(inv, 64u);
  if (o >= p.outer) {
    return;
  }
  let r4 = p.r / 4u;
  let base = o * r4;
  var s4 = vec4<f32>(0.0);
  for (var k = 0u; k < r4; k++) {
    let q = flatTexel4(base + k);
    let gv = textureLoad(gt, q, 0, 0);
    s4 += select(gv * textureLoad(yt, q, 0, 0), gv, LOG);
  }
  let s = sum4(s4);
  for (var k = 0u; k < r4; k++) {
    let q = flatTexel4(base + k);
    let yv = textureLoad(yt, q, 0, 0);
    let gv = textureLoad(gt, q, 0, 0);
    dx4[base + k] = select(yv * (gv - s), gv - exp(yv) * s, LOG);
  }
}
