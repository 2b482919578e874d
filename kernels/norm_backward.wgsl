// norm_backward.wgsl: gradient of norm.wgsl with respect to x, one invocation per row:
//   xhat = (x - mean) * rstd,  d = dy * gamma[ch]
//   dx = rstd * (d - mean_j(d) - xhat * mean_j(d * xhat))
// (rows, m, g, cpg, inner and the channel of an element as in norm.wgsl)
// Two entries: `main` one float at a time through storage buffers; `main4` (only when
// inner % 4 == 0) reads x and dy 4 floats at a time through textures, writes dx as vec4.
//
// Bindings (group 0):
//   0  x: array<f32>, read           [rows, m]
//   1  gamma: array<f32>, read       [channels]
//   2  stats: array<f32>, read       [rows, 2] from the forward pass
//   3  dy: array<f32>, read          [rows, m]
//   4  dx: array<f32>, read_write    [rows, m]
//   5  beta: array<f32>, read        [channels] (read only with ACT = 1)
//   6  p: uniform Params { rows: u32, m: u32, g: u32, cpg: u32, inner: u32, eps: f32, pad0: u32, pad1: u32 }
// Bindings of `main4`: as `main`, but 0 is xt and 3 is dyt: texture_2d_array<f32>,
//   rgba32float, one layer, x and dy as flat arrays (2048 texels = 8192 floats per row,
//   floats 4q .. 4q+3 in texel (q % 2048, q / 2048)), and 4 is dx4: array<vec4<f32>>.
// Entry `rows4` (when m % 4 == 0 but inner % 4 != 0, e.g. group norm of 7 x 7 maps): `main`'s
//   sums and expressions element by element in its order (the same bits), x and dy read 4
//   floats at a time through the textures and dx written as vec4, bindings as `main4`.
// Overrides: ACT (u32): 0 as above; 1 for a norm followed by SiLU (norm.wgsl with ACT = 1,
//   whose output is silu(z), z the norm's): dy is the gradient of silu(z), and each entry
//   first takes it to dz = dy * silu'(z), z recomputed from x, stats, gamma and beta by the
//   forward entry's own expression (`main` and `rows4`: (x - mean) * rstd * gamma + beta;
//   `main4`: fma(x, scale, shift)), so that dz has the bits of unary_backward's SiLU applied
//   to the stored z.
// Workgroup size: 64 x 1 x 1 (all entries).
// Dispatch: groups = ceil(rows / 64); (x, y, 1) with x = min(groups, 65535), y = ceil(groups / x).
//   Invocation index r = (wid.y * nwg.x + wid.x) * 64 + lid.x; r >= rows returns.

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
@group(0) @binding(1) var<storage, read> gamma: array<f32>;
@group(0) @binding(2) var<storage, read> stats: array<f32>;
@group(0) @binding(3) var<storage, read> dy: array<f32>;
@group(0) @binding(4) var<storage, read_write> dx: array<f32>;
@group(0) @binding(5) var<storage, read> beta: array<f32>;
@group(0) @binding(6) var<uniform> p: Params;

override ACT: u32 = 0u;

// the gradient of the norm's output z from g, that of act(z); v is the element of x, ga and be
// its channel's gamma and beta (`main`'s and `rows4`'s expression for z)
fn actGrad(g: f32, v: f32, mean: f32, rstd: f32, ga: f32, be: f32) -> f32 {
  if (ACT == 1u) {
    return g * siluGrad((v - mean) * rstd * ga + be);
  }
  return g;
}

// `main4`'s: z = fma(x, scale, shift) with its scale and shift of the channel
fn actGrad4(g: vec4<f32>, u: vec4<f32>, scale: f32, shift: f32) -> vec4<f32> {
  if (ACT == 1u) {
    let z = fma(u, vec4<f32>(scale), vec4<f32>(shift));
    return g * vec4<f32>(siluGrad(z.x), siluGrad(z.y), siluGrad(z.z), siluGrad(z.w));
  }
  return g;
}

@compute @workgroup_size(64)
fn main(inv: Invocation) {
  let r = invocationIndex(inv, 64u);
  if (r >= p.rows) {
    return;
  }
  let base = r * p.m;
  let mean = stats[2u * r];
  let rstd = stats[2u * r + 1u];
  let ch0 = (r % p.g) * p.cpg;
  var sd = 0.0;
  var sdx = 0.0;
  for (var j = 0u; j < p.m; j++) {
    let ch = ch0 + j / p.inner;
    let d = actGrad(dy[base + j], x[base + j], mean, rstd, gamma[ch], beta[ch]) * gamma[ch];
    sd += d;
    sdx += d * (x[base + j] - mean) * rstd;
  }
  let md = sd / f32(p.m);
  let mdx = sdx / f32(p.m);
  for (var j = 0u; j < p.m; j++) {
    let ch = ch0 + j / p.inner;
    let d = actGrad(dy[base + j], x[base + j], mean, rstd, gamma[ch], beta[ch]) * gamma[ch];
    let xhat = (x[base + j] - mean) * rstd;
    dx[base + j] = rstd * (d - md - xhat * mdx);
  }
}

@group(0) @binding(0) var xt: texture_2d_array<f32>;
@group(0) @binding(3) var dyt: texture_2d_array<f32>;
@group(0) @binding(4) var<storage, read_write> dx4: array<vec4<f32>>;

fn x4(q: u32) -> vec4<f32> {
  return textureLoad(xt, flatTexel4(q), 0, 0);
}

fn dy4(q: u32) -> vec4<f32> {
  return textureLoad(dyt, flatTexel4(q), 0, 0);
}

@compute @workgroup_size(64)
fn main4(inv: Invocation) {
  let r = invocationIndex(inv, 64u);
  if (r >= p.rows) {
    return;
  }
  let b4 = r * p.m / 4u;
  let mean = stats[2u * r];
  let rstd = stats[2u * r + 1u];
  let ch0 = (r % p.g) * p.cpg;
  // channel by channel (a division per element would cost a loop over the SIMD lanes)
  let inner4 = p.inner / 4u;
  var sd4 = vec4<f32>(0.0);
  var sdx4 = vec4<f32>(0.0);
  var at = b4;
  for (var c = 0u; c < p.cpg; c++) {
    let ga = gamma[ch0 + c];
    let scale = rstd * ga;
    let shift = beta[ch0 + c] - mean * scale;
    for (var k = 0u; k < inner4; k++) {
      let u = x4(at);
      let d = actGrad4(dy4(at), u, scale, shift) * ga;
      sd4 += d;
      sdx4 += d * (u - mean);
      at++;
    }
  }
  let md = sum4(sd4) / f32(p.m);
  let mdx = sum4(sdx4) * rstd / f32(p.m);
  at = b4;
  for (var c = 0u; c < p.cpg; c++) {
    let ga = gamma[ch0 + c];
    let scale = rstd * ga;
    let shift = beta[ch0 + c] - mean * scale;
    for (var k = 0u; k < inner4; k++) {
      let u = x4(at);
      let xhat = (u - mean) * rstd;
      dx4[at] = rstd * (actGrad4(dy4(at), u, scale, shift) * ga - md - xhat * mdx);
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

// d = dz * gamma of one element v of the walk's channel (`main`'s product, dz = actGrad(g));
// then counts the element off
fn scaled(g: f32, v: f32, mean: f32, rstd: f32, w: ptr<function, Walk>) -> f32 {
  let d = actGrad(g, v, mean, rstd, (*w).ga, (*w).be) * (*w).ga;
  (*w).left -= 1u;
  if ((*w).left == 0u) {
    (*w).left = p.inner;
    (*w).ch += 1u;
    if ((*w).ch < (*w).end) {
      (*w).ga = gamma[(*w).ch];
      (*w).be = beta[(*w).ch];
    }
  }
  return d;
}

// `scaled` of 4 consecutive elements, in their order
fn scaled4(g: vec4<f32>, u: vec4<f32>, mean: f32, rstd: f32, w: ptr<function, Walk>) -> vec4<f32> {
  let d0 = scaled(g.x, u.x, mean, rstd, w);
  let d1 = scaled(g.y, u.y, mean, rstd, w);
  let d2 = scaled(g.z, u.z, mean, rstd, w);
  let d3 = scaled(g.w, u.w, mean, rstd, w);
  return vec4<f32>(d0, d1, d2, d3);
}

@compute @workgroup_size(64)
fn rows4(inv: Invocation) {
  let r = invocationIndex(inv, 64u);
  if (r >= p.rows) {
    return;
  }
  let b4 = r * p.m / 4u;
  let m4 = p.m / 4u;
  let mean = stats[2u * r];
  let rstd = stats[2u * r + 1u];
  let ch0 = (r % p.g) * p.cpg;
  // the channel of each element by a countdown (a division per element would cost a loop
  // over the SIMD lanes)
  var w = walkFrom(ch0);
  var sd = 0.0;
  var sdx = 0.0;
  for (var q = 0u; q < m4; q++) {
    let u = x4(b4 + q);
    let d = scaled4(dy4(b4 + q), u, mean, rstd, &w);
    sd += d.x;
    sdx += d.x * (u.x - mean) * rstd;
    sd += d.y;
    sdx += d.y * (u.y - mean) * rstd;
    sd += d.z;
    sdx += d.z * (u.z - mean) * rstd;
    sd += d.w;
    sdx += d.w * (u.w - mean) * rstd;
  }
  let md = sd / f32(p.m);
  let mdx = sdx / f32(p.m);
  w = walkFrom(ch0);
  for (var q = 0u; q < m4; q++) {
    let u = x4(b4 + q);
    let d = scaled4(dy4(b4 + q), u, mean, rstd, &w);
    let xhat = (u - mean) * rstd;
    dx4[b4 + q] = rstd * (d - md - xhat * mdx);
  }
}
