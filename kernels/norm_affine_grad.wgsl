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
//   4  p: uniform Params { rows: u32, m: u32, g: u32, cpg: u32, inner: u32, eps: f32, pad0: u32, pad1: u32 }
// Bindings of `main4`: as `main`, but 0 is xt and 2 is dyt: texture_2d_array<f32>,
//   rgba32float, one layer, x and dy as flat arrays (2048 texels = 8192 floats per row,
//   floats 4q .. 4q+3 in texel (q % 2048, q / 2048)).
// Workgroup size: 64 x 1 x 1 (both entries).
// Dispatch: n = O * C; groups = ceil(n / 64); (x, y, 1) with x = min(groups, 65535),
//   y = ceil(groups / x). Invocation index i = (wid.y * nwg.x + wid.x) * 64 + lid.x.

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
@group(0) @binding(4) var<uniform> p: Params;

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
  for (var k = 0u; k < p.inner; k++) {
    let d = dy[base + k];
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
  for (var k = 0u; k < p.inner / 4u; k++) {
    let q = b4 + k;
    let d = textureLoad(dyt, flatTexel4(q), 0, 0);
    sg4 += d * (textureLoad(xt, flatTexel4(q), 0, 0) - mean);
    sb4 += d;
  }
  part[i] = sum4(sg4) * rstd;
  part[samples * channels + i] = sum4(sb4);
}
