// norm_affine_grad.wgsl: per-sample partial gradients of the affine parameters of norm.wgsl.
// The rows of norm.wgsl come in samples of g rows; sample o, channel c covers row
// r = o * g + c / cpg, elements j = (c % cpg) * inner + k for k < inner. One invocation per
// (o, c) sums over k:
//   part[o, c]         = sum_k dy * xhat   (summed over o on the host: d gamma)
//   part[O*C + o*C + c] = sum_k dy         (d beta)
// O = rows / g samples, C = g * cpg channels.
// Two entries: `main` one float at a time through storage buffers; `main4` (only when
// inner % 4 == 0) reads x and dy 4 floats at a time through textures.
//
// Bindings (group 0):
//   0  x: array<f32>, read            [rows, m]
//   1  stats: array<f32>, read        [rows, 2]
//   2  dy: array<f32>, read           [rows, m]
//   3  part: array<f32>, read_write   [2, O, C]
//   4  gamma: array<f32>, read        [C] (read only with ACT = 1)
//   5  beta: array<f32>, read         [C] (read only with ACT = 1)
//   6  p: uniform Params { rows: u32, m: u32, g: u32, cpg: u32, inner: u32, eps: f32, pad0: u32, pad1: u32 }
// Bindings of `main4`: as `main`, but 0 is xt and 2 is dyt: texture_2d_array<f32>,
//   rgba32float, one layer, x and dy as flat arrays (2048 texels = 8192 floats per row,
//   floats 4q .. 4q+3 in texel (q % 2048, q / 2048)).
// Entry `rows4` (when the forward ran `rows4`: m % 4 == 0, inner % 4 != 0): `main`'s sums in
//   its order (the same bits), each float of x and dy read from its texel of the textures of
//   `main4` (one gather and a component pick instead of a storage load), bindings as `main4`.
// Overrides: ACT (u32): 0 as above; 1 for a norm followed by SiLU: dy is the gradient of
//   silu(z), taken to dz = dy * silu'(z) first, z recomputed as norm_backward.wgsl does
//   (`main`: the expression of norm.wgsl's `main` and `rows4`; `main4`: that of its `main4`).
// Workgroup size: 64 x 1 x 1 (both entries).
// Dispatch: n = O * C; groups = ceil(n / 64); (x, y, 1) with x = min(groups, 65535),
//   y = ceil(groups / x). Invocation index i = (wid.y * nwg.x + wid.x) * 64 + lid.x.

// #include "activations.wgsl"
// #include "flat_texture.wgsl"
// #include "invocation.wgsl"
// #include "math.wgsl"

struct Params {
  rows: u32,
  m: u32,
  g: u32,
  cpg: u32,
  inner: u32,
  eps: f32,
  pad0: u32,
  pad1: u32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> stats: array<f32>;
@group(0) @binding(2) var<storage, read> dy: array<f32>;
@group(0) @binding(3) var<storage, read_write> part: array<f32>;
@group(0) @binding(4) var<storage, read> gamma: array<f32>;
@group(0) @binding(5) var<storage, read> beta: array<f32>;
@group(0) @binding(6) var<uniform> p: Params;

override ACT: u32 = 0u;

@compute @workgroup_size(64)
fn main(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  let channels = p.g * p.cpg;
  let samples = p.rows / p.g;
  if (i >= samples * channels) {
    return;
  }
  let o = i / channels;
  let c = i % channels;
  let r = o * p.g + c / p.cpg;
  let base = r * p.m + (c % p.cpg) * p.inner;
  let mean = stats[2u * r];
  let rstd = stats[2u * r + 1u];
  var sg = 0.0;
  var sb = 0.0;
  let ga = gamma[c];
  let be = beta[c];
  for (var k = 0u; k < p.inner; k++) {
    var d = dy[base + k];
    if (ACT == 1u) {
      d *= siluGrad((x[base + k] - mean) * rstd * ga + be);
    }
    sg += d * (x[base + k] - mean) * rstd;
    sb += d;
  }
  part[i] = sg;
  part[samples * channels + i] = sb;
}

@group(0) @binding(0) var xt: texture_2d_array<f32>;
@group(0) @binding(2) var dyt: texture_2d_array<f32>;

@compute @workgroup_size(64)
fn main4(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  let channels = p.g * p.cpg;
  let samples = p.rows / p.g;
  if (i >= samples * channels) {
    return;
  }
  let o = i / channels;
  let c = i % channels;
  let r = o * p.g + c / p.cpg;
  let b4 = (r * p.m + (c % p.cpg) * p.inner) / 4u;
  let mean = stats[2u * r];
  let rstd = stats[2u * r + 1u];
  var sg4 = vec4<f32>(0.0);
  var sb4 = vec4<f32>(0.0);
  let scale = rstd * gamma[c];
  let shift = beta[c] - mean * scale;
  for (var k = 0u; k < p.inner / 4u; k++) {
    let q = b4 + k;
    let u = textureLoad(xt, flatTexel4(q), 0, 0);
    var d = textureLoad(dyt, flatTexel4(q), 0, 0);
    if (ACT == 1u) {
      let z = fma(u, vec4<f32>(scale), vec4<f32>(shift));
      d *= vec4<f32>(siluGrad(z.x), siluGrad(z.y), siluGrad(z.z), siluGrad(z.w));
    }
    sg4 += d * (u - mean);
    sb4 += d;
  }
  part[i] = sum4(sg4) * rstd;
  part[samples * channels + i] = sum4(sb4);
}

@compute @workgroup_size(64)
fn rows4(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  let channels = p.g * p.cpg;
  let samples = p.rows / p.g;
  if (i >= samples * channels) {
    return;
  }
  let o = i / channels;
  let c = i % channels;
  let r = o * p.g + c / p.cpg;
  let base = r * p.m + (c % p.cpg) * p.inner;
  let mean = stats[2u * r];
  let rstd = stats[2u * r + 1u];
  var sg = 0.0;
  var sb = 0.0;
  let ga = gamma[c];
  let be = beta[c];
  for (var k = 0u; k < p.inner; k++) {
    let e = base + k;
    let u = textureLoad(xt, flatTexel4(e >> 2u), 0, 0)[e & 3u];
    var d = textureLoad(dyt, flatTexel4(e >> 2u), 0, 0)[e & 3u];
    if (ACT == 1u) {
      d *= siluGrad((u - mean) * rstd * ga + be);
    }
    sg += d * (u - mean) * rstd;
    sb += d;
  }
  part[i] = sg;
  part[samples * channels + i] = sb;
}
