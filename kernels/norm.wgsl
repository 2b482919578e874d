// norm.wgsl: normalisation of rows with a per-channel affine map: instance norm, group
// norm and layer norm are all this kernel with different (rows, m, g, cpg, inner).
//   Row r holds m contiguous elements; mean and variance (biased, two-pass) over the row;
//   y = (x - mean) * rstd * gamma[ch] + beta[ch], rstd = 1 / sqrt(var + eps), where element
//   j of row r belongs to channel ch = (r % g) * cpg + j / inner.
//   instance norm (NCHW): rows = N*C, m = H*W, g = C, cpg = 1, inner = H*W
//   group norm (NCHW, G groups): rows = N*G, m = (C/G)*H*W, g = G, cpg = C/G, inner = H*W
//   layer norm (last axis D): rows = size/D, m = D, g = 1, cpg = D, inner = 1
// One invocation per row. Also writes (mean, rstd) per row for the backward pass.
// Two entries: `main` moves one float at a time through storage buffers; `main4` (only when
// inner % 4 == 0) reads x 4 floats at a time through a texture and writes y as vec4 (on
// llvmpipe a storage access is a loop over the SIMD lanes, a texel fetch one gather).
//
// Bindings (group 0):
//   0  x: array<f32>, read            [rows, m]
//   1  gamma: array<f32>, read        [channels]
//   2  beta: array<f32>, read         [channels]
//   3  y: array<f32>, read_write      [rows, m]
//   4  stats: array<f32>, read_write  [rows, 2]: mean, rstd
//   5  p: uniform Params { rows: u32, m: u32, g: u32, cpg: u32, inner: u32, eps: f32, pad0: u32, pad1: u32 }
// Bindings of `main4`: as `main`, but 0 is xt: texture_2d_array<f32>, rgba32float, one layer:
//   x as a flat array, 2048 texels (8192 floats) per row, floats 4q .. 4q+3 in texel
//   (q % 2048, q / 2048) (the host copies x's buffer there with copyBufferToTexture), and
//   3 is y4: array<vec4<f32>>, read_write (y's buffer, a multiple of 16 bytes).
// Entry `rows4` (when m % 4 == 0 but inner % 4 != 0, e.g. group norm of 7 x 7 maps): `main`'s
//   sums and expressions element by element in its order (the same bits), x read 4 floats
//   at a time through a texture and y written as vec4, bindings as `main4`.
// Overrides: ACT (u32): 0 writes y as above; 1 writes silu(y) = y * sigmoid(y) instead (group
//   norm + SiLU of a U-Net block in one pass; norm_backward.wgsl and norm_affine_grad.wgsl with
//   ACT = 1 recompute y from x and stats with each entry's expression).
// Workgroup size: 64 x 1 x 1 (both entries).
// Dispatch: groups = ceil(rows / 64); (x, y, 1) with x = min(groups, 65535), y = ceil(groups / x).
//   Invocation index r = (wid.y * nwg.x + wid.x) * 64 + lid.x; r >= rows returns.

// #include "activations.wgsl"
// #include "flat_texture.wgsl"
// #include "invocation.wgsl"
// #include "math.wgsl"

override ACT: u32 = 0u;

fn act(v: f32) -> f32 {
  if (ACT == 1u) {
    return v * sigmoid(v);
  }
  return v;
}

fn act4(v: vec4<f32>) -> vec4<f32> {
  if (ACT == 1u) {
    return vec4<f32>(act(v.x), act(v.y), act(v.z), act(v.w));
  }
  return v;
}

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
@group(0) @binding(1) var<storage, read> gamma: array<f32>;
@group(0) @binding(2) var<storage, read> beta: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
@group(0) @binding(4) var<storage, read_write> stats: array<f32>;
@group(0) @binding(5) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(inv: Invocation) {
  let r = invocationIndex(inv, 64u);
  if (r >= p.rows) {
    return;
  }
  let base = r * p.m;
  var s = 0.0;
  for (var j = 0u; j < p.m; j++) {
    s += x[base + j];
  }
  let mean = s / f32(p.m);
  var v = 0.0;
  for (var j = 0u; j < p.m; j++) {
    let d = x[base + j] - mean;
    v += d * d;
  }
  let rstd = 1.0 / sqrt(v / f32(p.m) + p.eps);
  stats[2u * r] = mean;
  stats[2u * r + 1u] = rstd;
  let ch0 = (r % p.g) * p.cpg;
  for (var j = 0u; j < p.m; j++) {
    let ch = ch0 + j / p.inner;
    y[base + j] = act((x[base + j] - mean) * rstd * gamma[ch] + beta[ch]);
  }
}

@group(0) @binding(0) var xt: texture_2d_array<f32>;
@group(0) @binding(3) var<storage, read_write> y4: array<vec4<f32>>;

fn x4(q: u32) -> vec4<f32> {
  return textureLoad(xt, flatTexel4(q), 0, 0);
}

@compute @workgroup_size(64)
fn main4(inv: Invocation) {
  let r = invocationIndex(inv, 64u);
  if (r >= p.rows) {
    return;
  }
  let b4 = r * p.m / 4u;
  let m4 = p.m / 4u;
  var s4 = vec4<f32>(0.0);
  for (var j = 0u; j < m4; j++) {
    s4 += x4(b4 + j);
  }
  let mean = sum4(s4) / f32(p.m);
  var v4 = vec4<f32>(0.0);
  for (var j = 0u; j < m4; j++) {
    let d = x4(b4 + j) - mean;
    v4 += d * d;
  }
  let rstd = 1.0 / sqrt(sum4(v4) / f32(p.m) + p.eps);
  stats[2u * r] = mean;
  stats[2u * r + 1u] = rstd;
  // channel by channel (a division per element would cost a loop over the SIMD lanes)
  let ch0 = (r % p.g) * p.cpg;
  let inner4 = p.inner / 4u;
  var at = b4;
  for (var c = 0u; c < p.cpg; c++) {
    let scale = rstd * gamma[ch0 + c];
    let shift = beta[ch0 + c] - mean * scale;
    for (var k = 0u; k < inner4; k++) {
      y4[at] = act4(fma(x4(at), vec4<f32>(scale), vec4<f32>(shift)));
      at++;
    }
  }
}

// A row's walk over its channels element by element: the channel of the next element, the
// row's end, the elements left in the channel, and its gamma and beta (loaded once a channel,
// not once an element: a storage load is a loop over the SIMD lanes).
struct Walk {
  ch: u32,
  end: u32,
  left: u32,
  ga: f32,
  be: f32,
}

fn walkFrom(ch: u32) -> Walk {
  return Walk(ch, ch + p.cpg, p.inner, gamma[ch], beta[ch]);
}

// `main`'s output for element value v of the walk's channel; then counts the element off
fn normOne(v: f32, mean: f32, rstd: f32, w: ptr<function, Walk>) -> f32 {
  let y = act((v - mean) * rstd * (*w).ga + (*w).be);
  (*w).left -= 1u;
  if ((*w).left == 0u) {
    (*w).left = p.inner;
    (*w).ch += 1u;
    if ((*w).ch < (*w).end) {
      (*w).ga = gamma[(*w).ch];
      (*w).be = beta[(*w).ch];
    }
  }
  return y;
}

@compute @workgroup_size(64)
fn rows4(inv: Invocation) {
  let r = invocationIndex(inv, 64u);
  if (r >= p.rows) {
    return;
  }
  // `main`'s sums and expressions, element by element in its order, reading x 4 floats at a
  // time through the texture and writing y as vec4
  let b4 = r * p.m / 4u;
  let m4 = p.m / 4u;
  var s = 0.0;
  for (var q = 0u; q < m4; q++) {
    let u = x4(b4 + q);
    s += u.x;
    s += u.y;
    s += u.z;
    s += u.w;
  }
  let mean = s / f32(p.m);
  var v = 0.0;
  for (var q = 0u; q < m4; q++) {
    let d = x4(b4 + q) - mean;
    v += d.x * d.x;
    v += d.y * d.y;
    v += d.z * d.z;
    v += d.w * d.w;
  }
  let rstd = 1.0 / sqrt(v / f32(p.m) + p.eps);
  stats[2u * r] = mean;
  stats[2u * r + 1u] = rstd;
  // the channel of each element by a countdown (a division per element would cost a loop
  // over the SIMD lanes)
  var w = walkFrom((r % p.g) * p.cpg);
  for (var q = 0u; q < m4; q++) {
    let u = x4(b4 + q);
    let o0 = normOne(u.x, mean, rstd, &w);
    let o1 = normOne(u.y, mean, rstd, &w);
    let o2 = normOne(u.z, mean, rstd, &w);
    let o3 = normOne(u.w, mean, rstd, &w);
    y4[b4 + q] = vec4<f32>(o0, o1, o2, o3);
  }
}

