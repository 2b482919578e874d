// pool.wgsl: 2-D pooling and nearest upsampling of f32 NCHW images, forward.
//   MODE 0 average pooling and MODE 1 max pooling, window k x k, stride k (non-overlapping;
//     rows/columns left over when H or W is not a multiple of k are dropped, as in PyTorch):
//     y[p, i, j] = avg/max over (a, b) < (k, k) of x[p, i*k + a, j*k + b]
//   MODE 2 nearest upsampling by k: y[p, i, j] = x[p, i / k, j / k]
// p runs over the N*C planes.
//
// Bindings (group 0):
//   0  x: array<f32>, read          [planes, h, w]
//   1  y: array<f32>, read_write    [planes, oh, ow]
//   2  p: uniform Params { planes: u32, h: u32, w: u32, k: u32, oh: u32, ow: u32, pad0: u32, pad1: u32 }
// Overrides: MODE (u32).
// Workgroup size: 64 x 1 x 1.
// Dispatch: n = planes * oh * ow; groups = ceil(n / 64); (x, y, 1) with x = min(groups, 65535),
//   y = ceil(groups / x). Invocation index i = (wid.y * nwg.x + wid.x) * 64 + lid.x.
//
// The entries below read x through xt: texture_2d_array<f32>, rgba32float, one layer, x as a
// flat array of vec4 (flatTexel4: texel (q % 2048, q / 2048); the host copies x's buffer
// there; on llvmpipe a storage-buffer load is a loop over the SIMD lanes, a texel fetch one
// gather), at binding 0 in place of x. Same grid rule as `main`, their own n_inv.
//
// Entry `pool2x2`: MODE 0 or 1 with k = 2 and w % 8 == 0, 4 outputs per invocation (4 texel
//   reads, one vec4 write). Bindings: 0 xt; 1 y4: array<vec4<f32>>, read_write (y's buffer);
//   2 p. n_inv = planes * oh * ow / 4; invocation i computes outputs 4 * (i % (ow / 4)) .. + 3
//   of row (i / (ow / 4)) % oh of plane i / (oh * ow / 4).
//
// Entry `pool2x2n`: MODE 0 or 1 with k = 2 and w % 4 == 0 (rows of 28), 2 outputs per
//   invocation (2 texel reads, one vec2 write). Bindings: 0 xt; 1 y2: array<vec2<f32>>,
//   read_write (y's buffer); 2 p. n_inv = planes * oh * w / 4; invocation i computes outputs
//   2 * (i % (w / 4)) and + 1 of row (i / (w / 4)) % oh of plane i / (oh * w / 4).
//
// Entry `upsample2x`: MODE 2 with k = 2 and w % 2 == 0, two inputs per invocation (one texel
//   read, its half (i % 2) taken; two vec4 writes). Bindings: 0 xt; 1 y4 and 2 p as
//   `pool2x2`. n_inv = planes * h * w / 2; invocation i reads inputs 2 * (i % (w / 2)) and
//   + 1 of row r = i / (w / 2) (counting rows over all planes) and writes (a, a, b, b) to
//   output rows 2 r and 2 r + 1 at vec4 i % (w / 2) (ow / 4 = w / 2).
//
// Entry `pool2x2e`: MODE 0 or 1 with k = 2 and w % 2 == 0 (rows of 14), one output per
//   invocation (two texel reads, half of each taken). Bindings: 0 xt; 1 y: array<f32> as
//   `main`; 2 p. n_inv = planes * oh * ow, indexed as `main`.
//
// Entry `upsample2x1`: MODE 2 with k = 2 and any w (7 x 7 maps), one input per invocation
//   (one texel read, component i % 4; two vec2 writes). Bindings: 0 xt; 1 y2; 2 p.
//   n_inv = planes * h * w; invocation i reads input column i % w of row r = i / w (counting
//   rows over all planes) and writes (v, v) to output rows 2 r and 2 r + 1 at vec2 i % w.
//
// The sums of `pool2x2`, `pool2x2n` and `pool2x2e` are `main`'s, in its order:
// (x00 + x01) + x10, + x11.

// #include "flat_texture.wgsl"
// #include "invocation.wgsl"

override MODE: u32 = 0u;

struct Params {
  planes: u32,
  h: u32,
  w: u32,
  k: u32,
  oh: u32,
  ow: u32,
  pad0: u32,
  pad1: u32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(inv: Invocation) {
  let idx = invocationIndex(inv, 64u);
  if (idx >= p.planes * p.oh * p.ow) {
    return;
  }
  let j = idx % p.ow;
  let i = (idx / p.ow) % p.oh;
  let plane = idx / (p.ow * p.oh);
  let base = plane * p.h * p.w;
  if (MODE == 2u) {
    y[idx] = x[base + (i / p.k) * p.w + j / p.k];
    return;
  }
  var acc = select(0.0, x[base + i * p.k * p.w + j * p.k], MODE == 1u);
  for (var a = 0u; a < p.k; a++) {
    for (var b = 0u; b < p.k; b++) {
      let v = x[base + (i * p.k + a) * p.w + j * p.k + b];
      acc = select(acc + v, max(acc, v), MODE == 1u);
    }
  }
  y[idx] = select(acc / f32(p.k * p.k), acc, MODE == 1u);
}

@group(0) @binding(0) var xt: texture_2d_array<f32>;
@group(0) @binding(1) var<storage, read_write> y4: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> y2: array<vec2<f32>>;

fn x4(q: u32) -> vec4<f32> {
  return textureLoad(xt, flatTexel4(q), 0, 0);
}

// the windows (columns 2j, 2j + 1 of the top and the bottom row), pooled component by component
fn window(left0: vec4<f32>, right0: vec4<f32>, left1: vec4<f32>, right1: vec4<f32>) -> vec4<f32> {
  if (MODE == 1u) {
    return max(max(max(left0, right0), left1), right1);
  }
  // one sum per statement: Mesa's GLSL compiler (Deno's GL backend) rebalances a chain of
  // additions within one expression into another order, which rounds differently
  var s = left0 + right0;
  s = s + left1;
  s = s + right1;
  return s / 4.0;
}

@compute @workgroup_size(64)
fn pool2x2(inv: Invocation) {
  let idx = invocationIndex(inv, 64u);
  let ow4 = p.ow / 4u;
  if (idx >= p.planes * p.oh * ow4) {
    return;
  }
  let q = idx % ow4;
  let rest = idx / ow4;
  let i = rest % p.oh;
  let plane = rest / p.oh;
  let top = (plane * p.h + 2u * i) * (p.w / 4u) + 2u * q;
  let bottom = top + p.w / 4u;
  let a = x4(top);
  let b = x4(top + 1u);
  let c = x4(bottom);
  let d = x4(bottom + 1u);
  // window j of the 4 takes columns 2j, 2j + 1 of both rows
  y4[idx] = window(
    vec4<f32>(a.x, a.z, b.x, b.z),
    vec4<f32>(a.y, a.w, b.y, b.w),
    vec4<f32>(c.x, c.z, d.x, d.z),
    vec4<f32>(c.y, c.w, d.y, d.w),
  );
}

@compute @workgroup_size(64)
fn pool2x2n(inv: Invocation) {
  let idx = invocationIndex(inv, 64u);
  let w4 = p.w / 4u;
  if (idx >= p.planes * p.oh * w4) {
    return;
  }
  let q = idx % w4;
  let rest = idx / w4;
  let i = rest % p.oh;
  let plane = rest / p.oh;
  let top = (plane * p.h + 2u * i) * w4 + q;
  let a = x4(top);
  let c = x4(top + w4);
  let z = vec2<f32>(0.0);
  let v = window(vec4<f32>(a.xz, z), vec4<f32>(a.yw, z), vec4<f32>(c.xz, z), vec4<f32>(c.yw, z));
  y2[idx] = v.xy;
}

@compute @workgroup_size(64)
fn upsample2x(inv: Invocation) {
  let idx = invocationIndex(inv, 64u);
  let w2 = p.w / 2u;
  if (idx >= p.planes * p.h * w2) {
    return;
  }
  let row = idx / w2;
  let t = x4(idx / 2u);
  let v = select(t.xy, t.zw, (idx & 1u) == 1u);
  let out = vec4<f32>(v.x, v.x, v.y, v.y);
  let top = 2u * row * w2 + idx % w2;
  y4[top] = out;
  y4[top + w2] = out;
}

@compute @workgroup_size(64)
fn pool2x2e(inv: Invocation) {
  let idx = invocationIndex(inv, 64u);
  if (idx >= p.planes * p.oh * p.ow) {
    return;
  }
  let j = idx % p.ow;
  let i = (idx / p.ow) % p.oh;
  let plane = idx / (p.ow * p.oh);
  // columns 2j, 2j + 1 of a row start at an even float: one half of a texel
  let e = (plane * p.h + 2u * i) * p.w + 2u * j;
  let a = x4(e / 4u);
  let c = x4((e + p.w) / 4u);
  let top = select(a.xy, a.zw, (e & 2u) == 2u);
  let bottom = select(c.xy, c.zw, ((e + p.w) & 2u) == 2u);
  let z = vec3<f32>(0.0);
  let v = window(vec4<f32>(top.x, z), vec4<f32>(top.y, z), vec4<f32>(bottom.x, z), vec4<f32>(bottom.y, z));
  y[idx] = v.x;
}

@compute @workgroup_size(64)
fn upsample2x1(inv: Invocation) {
  let idx = invocationIndex(inv, 64u);
  if (idx >= p.planes * p.h * p.w) {
    return;
  }
  let v = x4(idx / 4u)[idx & 3u];
  let top = 2u * (idx / p.w) * p.w + idx % p.w;
  y2[top] = vec2<f32>(v);
  y2[top + p.w] = vec2<f32>(v);
}
