// norm_act_pool.wgsl: one ConvNet block after its convolution in one pass: instance norm
// with a per-channel affine map, an activation, then 2 x 2 average pooling with stride 2.
// For each plane r = n * C + c of x [N, C, H, W] (H even, W % 8 == 0):
//   mean, rstd = 1 / sqrt(var + eps) over the plane's H * W elements (biased variance, two
//   passes, each summing vec4s in order and adding their 4 parts as sum4), as norm.wgsl;
//   z = fma(x, scale, shift) with scale = rstd * gamma[c], shift = beta[c] - mean * scale;
//   a = act(z); y[n, c, i, j] = (((a[2i, 2j] + a[2i, 2j + 1]) + a[2i + 1, 2j])
//     + a[2i + 1, 2j + 1]) / 4.
// These are the operations, in the same order, of norm.wgsl `main4`, unary.wgsl and
// pool.wgsl `pool2x2` run one after the other, so the result is theirs bit for bit on the
// same adapter; only the two intermediate [N, C, H, W] tensors are never written.
// One invocation per plane. Also writes (mean, rstd) per plane for the backward pass
// (norm_act_pool_backward.wgsl).
//
// Bindings (group 0):
//   0  xt: texture_2d_array<f32>, rgba32float, one layer: x as a flat array, 2048 texels
//        (8192 floats) per row, floats 4q .. 4q+3 in texel (q % 2048, q / 2048) (the host
//        copies x's buffer there with copyBufferToTexture)
//   1  gamma: array<f32>, read        [C]
//   2  beta: array<f32>, read         [C]
//   3  y4: array<vec4<f32>>, read_write  [N, C, H / 2, W / 2] as vec4s (W / 8 per row)
//   4  stats: array<f32>, read_write  [N * C, 2]: mean, rstd
//   5  p: uniform Params { rows: u32 (N * C), h: u32, w: u32, channels: u32 (C), eps: f32,
//        alpha: f32 (softplus's beta), pad0: u32, pad1: u32 }
// Overrides: ACT (u32): 0 ReLU max(z, 0); 1 SiLU z * sigmoid(z); 2 softplus(z, alpha)
//   (include/activations.wgsl).
// Workgroup size: 64 x 1 x 1.
// Dispatch: groups = ceil(rows / 64); (x, y, 1) with x = min(groups, 65535),
//   y = ceil(groups / x). Invocation index r = (wid.y * nwg.x + wid.x) * 64 + lid.x;
//   r >= rows returns.

// #include "activations.wgsl"
// #include "flat_texture.wgsl"
// #include "invocation.wgsl"
// #include "math.wgsl"

override ACT: u32 = 0u;

struct Params {
  rows: u32,
  h: u32,
  w: u32,
  channels: u32,
  eps: f32,
  alpha: f32,
  pad0: u32,
  pad1: u32,
}

@group(0) @binding(0) var xt: texture_2d_array<f32>;
@group(0) @binding(1) var<storage, read> gamma: array<f32>;
@group(0) @binding(2) var<storage, read> beta: array<f32>;
@group(0) @binding(3) var<storage, read_write> y4: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read_write> stats: array<f32>;
@group(0) @binding(5) var<uniform> p: Params;

fn x4(q: u32) -> vec4<f32> {
  return textureLoad(xt, flatTexel4(q), 0, 0);
}

fn act(v: f32) -> f32 {
  switch ACT {
    case 1u: { return v * sigmoid(v); }
    case 2u: { return softplus(v, p.alpha); }
    default: { return max(v, 0.0); }
  }
}

// the activation of the normalised texel q
fn a4(q: u32, scale: f32, shift: f32) -> vec4<f32> {
  let z = fma(x4(q), vec4<f32>(scale), vec4<f32>(shift));
  return vec4<f32>(act(z.x), act(z.y), act(z.z), act(z.w));
}

@compute @workgroup_size(64)
fn main(inv: Invocation) {
  let r = invocationIndex(inv, 64u);
  if (r >= p.rows) {
    return;
  }
  let m = p.h * p.w;
  let m4 = m / 4u;
  let b4 = r * m4;
  var s4 = vec4<f32>(0.0);
  for (var j = 0u; j < m4; j++) {
    s4 += x4(b4 + j);
  }
  let mean = sum4(s4) / f32(m);
  var v4 = vec4<f32>(0.0);
  for (var j = 0u; j < m4; j++) {
    let d = x4(b4 + j) - mean;
    v4 += d * d;
  }
  let rstd = 1.0 / sqrt(sum4(v4) / f32(m) + p.eps);
  stats[2u * r] = mean;
  stats[2u * r + 1u] = rstd;
  let scale = rstd * gamma[r % p.channels];
  let shift = beta[r % p.channels] - mean * scale;
  let w4 = p.w / 4u;
  let ow4 = p.w / 8u;
  var out = r * (p.h / 2u) * ow4;
  for (var i = 0u; i < p.h / 2u; i++) {
    let top = b4 + 2u * i * w4;
    for (var q = 0u; q < ow4; q++) {
      let a = a4(top + 2u * q, scale, shift);
      let b = a4(top + 2u * q + 1u, scale, shift);
      let c = a4(top + w4 + 2u * q, scale, shift);
      let d = a4(top + w4 + 2u * q + 1u, scale, shift);
      // window j of the 4 takes columns 2j, 2j + 1 of both rows; one sum per statement (Mesa's
      // GLSL compiler rebalances a chain of additions in one expression), as pool.wgsl
      var s = vec4<f32>(a.x, a.z, b.x, b.z) + vec4<f32>(a.y, a.w, b.y, b.w);
      s = s + vec4<f32>(c.x, c.z, d.x, d.z);
      s = s + vec4<f32>(c.y, c.w, d.y, d.w);
      y4[out] = s / 4.0;
      out++;
    }
  }
}
