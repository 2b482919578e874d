// norm_act_pool_backward.wgsl: gradients of norm_act_pool.wgsl, one invocation per plane
// r = n * C + c of x [N, C, H, W] (H even, W % 8 == 0), no atomics. With z and the plane's
// (mean, rstd) as in the forward pass (z recomputed from x, the same bits), and
//   g = (dy[n, c, i / 2, j / 2] / 4) * act'(z[i, j])   (the gradient at the norm's output),
// pass 1 sums, over the plane in row-major vec4 order (sum4 of the 4 parts at the end),
//   sd = sum g * gamma[c], sdx = sum g * gamma[c] * (x - mean), sg = sum g * (x - mean),
//   sb = sum g;
// pass 2 writes dx = rstd * (g * gamma[c] - sd / m - xhat * (sdx * rstd / m)) with
//   xhat = (x - mean) * rstd, m = H * W; and the plane's parts of the affine gradients,
//   part[r] = sg * rstd (d gamma[c]) and part[N * C + r] = sb (d beta[c]), which the host sums
//   over n. These are the operations, in the same order, of pool_backward.wgsl `avg2x2`,
//   unary_backward.wgsl, norm_backward.wgsl `main4` and norm_affine_grad.wgsl `main4`, so the
//   result is theirs bit for bit on the same adapter.
//
// Bindings (group 0):
//   0  xt: texture_2d_array<f32>, rgba32float, one layer: the forward input x [N, C, H, W] as
//        a flat array, 2048 texels (8192 floats) per row, floats 4q .. 4q+3 in texel
//        (q % 2048, q / 2048) (copied from x's buffer with copyBufferToTexture)
//   1  gamma: array<f32>, read        [C]
//   2  beta: array<f32>, read         [C]
//   3  stats: array<f32>, read        [N * C, 2]: mean, rstd (written by the forward pass)
//   4  dyt: texture_2d_array<f32>, rgba32float, one layer: dy [N, C, H / 2, W / 2] as a flat
//        array, the same layout as xt
//   5  dx4: array<vec4<f32>>, read_write  [N, C, H, W] as vec4s
//   6  part: array<f32>, read_write   [2, N, C]
//   7  p: uniform Params { rows: u32 (N * C), h: u32, w: u32, channels: u32 (C), eps: f32,
//        alpha: f32 (softplus's beta), pad0: u32, pad1: u32 }
// Overrides: ACT (u32): 0 ReLU, act'(z) = 1 where z > 0, else 0; 1 SiLU, siluGrad(z);
//   2 softplus, sigmoid(alpha z) (include/activations.wgsl).
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
@group(0) @binding(3) var<storage, read> stats: array<f32>;
@group(0) @binding(4) var dyt: texture_2d_array<f32>;
@group(0) @binding(5) var<storage, read_write> dx4: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read_write> part: array<f32>;
@group(0) @binding(7) var<uniform> p: Params;

fn x4(q: u32) -> vec4<f32> {
  return textureLoad(xt, flatTexel4(q), 0, 0);
}

fn derivative(v: f32) -> f32 {
  switch ACT {
    case 1u: { return siluGrad(v); }
    case 2u: { return sigmoid(p.alpha * v); }
    default: { return select(0.0, 1.0, v > 0.0); }
  }
}

// the gradient at the norm's output of texel u of x, whose pooled gradient (already / 4) is d
fn grad4(u: vec4<f32>, d: vec4<f32>, scale: f32, shift: f32) -> vec4<f32> {
  let z = fma(u, vec4<f32>(scale), vec4<f32>(shift));
  return d * vec4<f32>(derivative(z.x), derivative(z.y), derivative(z.z), derivative(z.w));
}

@compute @workgroup_size(64)
fn main(inv: Invocation) {
  let r = invocationIndex(inv, 64u);
  if (r >= p.rows) {
    return;
  }
  let m = p.h * p.w;
  let b4 = r * (m / 4u);
  let mean = stats[2u * r];
  let rstd = stats[2u * r + 1u];
  let ga = gamma[r % p.channels];
  let scale = rstd * ga;
  let shift = beta[r % p.channels] - mean * scale;
  let w4 = p.w / 4u;
  let ow4 = p.w / 8u;
  let d4 = r * (p.h / 2u) * ow4;
  var sd4 = vec4<f32>(0.0);
  var sdx4 = vec4<f32>(0.0);
  var sg4 = vec4<f32>(0.0);
  var sb4 = vec4<f32>(0.0);
  for (var i = 0u; i < p.h; i++) {
    for (var q = 0u; q < ow4; q++) {
      let d = textureLoad(dyt, flatTexel4(d4 + (i / 2u) * ow4 + q), 0, 0) / 4.0;
      let at = b4 + i * w4 + 2u * q;
      // texel `at` holds columns 8q .. 8q + 3 (windows 4q, 4q + 1), `at + 1` the next 4
      let u0 = x4(at);
      let g0 = grad4(u0, d.xxyy, scale, shift);
      let e0 = g0 * ga;
      sd4 += e0;
      sdx4 += e0 * (u0 - mean);
      sg4 += g0 * (u0 - mean);
      sb4 += g0;
      let u1 = x4(at + 1u);
      let g1 = grad4(u1, d.zzww, scale, shift);
      let e1 = g1 * ga;
      sd4 += e1;
      sdx4 += e1 * (u1 - mean);
      sg4 += g1 * (u1 - mean);
      sb4 += g1;
    }
  }
  let md = sum4(sd4) / f32(m);
  let mdx = sum4(sdx4) * rstd / f32(m);
  part[r] = sum4(sg4) * rstd;
  part[p.rows + r] = sum4(sb4);
  for (var i = 0u; i < p.h; i++) {
    for (var q = 0u; q < ow4; q++) {
      let d = textureLoad(dyt, flatTexel4(d4 + (i / 2u) * ow4 + q), 0, 0) / 4.0;
      let at = b4 + i * w4 + 2u * q;
      let u0 = x4(at);
      dx4[at] = rstd * (grad4(u0, d.xxyy, scale, shift) * ga - md - (u0 - mean) * rstd * mdx);
      let u1 = x4(at + 1u);
      dx4[at + 1u] = rstd * (grad4(u1, d.zzww, scale, shift) * ga - md - (u1 - mean) * rstd * mdx);
    }
  }
}
