// conv2d_wgrad_narrow.wgsl: gradient of a conv2d's weights for inputs with few channels
// (a network's first layer, lib/ops/conv.ts), f32 NCHW:
//   dw[o, c, kh, kw] = sum over n, oy, ox of
//     dy[n, o, oy, ox] * x[n, c, oy * SH - ph + kh, ox * SW - pw + kw]   (x zero outside).
// conv2d_wgrad.wgsl runs one invocation per pair of input channels, which leaves the CPU
// idle when there are only 1-4 of them. Here one invocation computes the taps of 8 output
// channels (o .. o + 7) and one input channel c over one slice of the batch (images n0 ..
// n0 + per), and writes partial sums; the host then sums the slices (a fixed-order
// reduction, no atomics). Each output position costs 8 dy and KH * KW x texel fetches for
// 8 * KH * KW multiply-adds. Invocations next to each other differ in o only, so the x they
// read is the same across the SIMD lanes. Kernels larger than 3 x 3 run as 3 x 3 tap pieces
// (first tap a0, b0; ph, pw already reduced by a0, b0; taps past khf, kwf are not written).
//
// Bindings (group 0):
//   0  xt: texture_2d<f32>, r32float   x [n, c, h, w] as a flat array, 8192 floats per texel
//      row: flat element e is texel (e % 8192, e / 8192), channel r (copyBufferToTexture)
//   1  dyt: texture_2d<f32>, r32float  dy [n, o, oh, ow], flat the same way
//   2  part: array<f32>, read_write    [split][o][c][khf][kwf]; this dispatch writes taps
//      (a0 + kh, b0 + kw) for kh < KH, kw < KW that are < khf, kwf
//   3  p: uniform Params { n, c, h, w, o, oh, ow, ph, pw, khf, kwf, a0, b0, per, split,
//      pad0 }, all u32 but ph, pw (i32)
// Overrides: KH, KW (1..3) taps of the piece; SH, SW (>= 1) stride.
// Workgroup size: 64 x 1 x 1. One invocation per (slice s, c, group of 8 output channels
//   g), index i = (s * c + c) * og + g, og = ceil(o / 8); per * oh * ow must stay within
//   llvmpipe's loop limit (65535).
// Dispatch: groups = ceil(split * c * og / 64); (gx, gy, 1) with gx = min(groups, 65535),
//   gy = ceil(groups / gx); i = (wid.y * nwg.x + wid.x) * 64 + lid.x.
//
// Entry `main4`: the same sums, four output positions (ox .. ox + 3) a step, for SW == 1 and
//   ow % 4 == 0: dy of the 8 output channels is 8 rgba texel fetches a step instead of 32,
//   x 3 + KW a tap row instead of 4 KW. Each tap still adds its positions in `main`'s order,
//   so the result is `main`'s bit for bit. Binding 1 is then dyt4: texture_2d_array<f32>,
//   rgba32float, one layer: dy as a flat array, 2048 texels (8192 floats) per row, floats
//   4q .. 4q+3 in texel (q % 2048, q / 2048). Same params, overrides and dispatch.

// #include "flat_texture.wgsl"
// #include "invocation.wgsl"

override KH: u32 = 3u;
override KW: u32 = 3u;
override SH: u32 = 1u;
override SW: u32 = 1u;

struct Params {
  n: u32,
  c: u32,
  h: u32,
  w: u32,
  o: u32,
  oh: u32,
  ow: u32,
  ph: i32,
  pw: i32,
  khf: u32,
  kwf: u32,
  a0: u32,
  b0: u32,
  per: u32,
  split: u32,
  pad0: u32,
}

@group(0) @binding(0) var xt: texture_2d<f32>;
@group(0) @binding(1) var dyt: texture_2d<f32>;
@group(0) @binding(2) var<storage, read_write> part: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

// x[plane + iy * w + ix], zero outside the input.
fn ldx(plane: u32, iy: i32, ix: i32) -> f32 {
  let inside = u32(iy) < p.h && u32(ix) < p.w;
  let e = plane + u32(clamp(iy, 0, i32(p.h) - 1)) * p.w + u32(clamp(ix, 0, i32(p.w) - 1));
  return select(0.0, textureLoad(xt, flatTexel(e), 0).x, inside);
}

// dy[e] (the caller keeps e inside dy).
fn ldy(e: u32) -> f32 {
  return textureLoad(dyt, flatTexel(e), 0).x;
}

// Output channels o .. o + 7 of one tap.
struct Acc {
  lo: vec4<f32>,
  hi: vec4<f32>,
}

fn add(a: Acc, dlo: vec4<f32>, dhi: vec4<f32>, v: f32) -> Acc {
  return Acc(fma(dlo, vec4<f32>(v), a.lo), fma(dhi, vec4<f32>(v), a.hi));
}

fn put(base: u32, o: u32, kh: u32, kw: u32, a: Acc) {
  if (p.a0 + kh >= p.khf || p.b0 + kw >= p.kwf) {
    return;
  }
  // part[s][o][c][khf][kwf]: consecutive output channels are p.c * khf * kwf apart
  let stride = p.c * p.khf * p.kwf;
  let at = base + (p.a0 + kh) * p.kwf + p.b0 + kw;
  let v = array<f32, 8>(a.lo.x, a.lo.y, a.lo.z, a.lo.w, a.hi.x, a.hi.y, a.hi.z, a.hi.w);
  for (var j = 0u; j < 8u; j++) {
    if (o + j < p.o) {
      part[at + j * stride] = v[j];
    }
  }
}

// The taps of one tap row.
struct Row3 {
  t0: Acc,
  t1: Acc,
  t2: Acc,
}

// One position's 8 dy (d) into the taps of a tap row, x at its three columns.
fn rowStep(r: Row3, d: Acc, x0: f32, x1: f32, x2: f32) -> Row3 {
  var o = r;
  o.t0 = add(r.t0, d.lo, d.hi, x0);
  if (KW > 1u) { o.t1 = add(r.t1, d.lo, d.hi, x1); }
  if (KW > 2u) { o.t2 = add(r.t2, d.lo, d.hi, x2); }
  return o;
}

// One position's taps of tap row iy (x from column ix), d its 8 dy.
fn row1(r: Row3, d: Acc, plane: u32, iy: i32, ix: i32) -> Row3 {
  var x1 = 0.0;
  var x2 = 0.0;
  if (KW > 1u) { x1 = ldx(plane, iy, ix + 1); }
  if (KW > 2u) { x2 = ldx(plane, iy, ix + 2); }
  return rowStep(r, d, ldx(plane, iy, ix), x1, x2);
}

// What invocation i computes: output channels o .. o + 7, input channel c, batch slice s
// (images n0 .. n0 + per), count output positions.
struct Slot {
  o: u32,
  c: u32,
  s: u32,
  n0: u32,
  count: u32,
}

fn slotOf(i: u32, og: u32) -> Slot {
  let rest = i / og;
  let s = rest / p.c;
  let n0 = s * p.per;
  return Slot((i % og) * 8u, rest % p.c, s, n0, (min(n0 + p.per, p.n) - min(n0, p.n)) * p.oh * p.ow);
}

// Writes the taps of the three tap rows (those of the piece).
fn putRows(t: Slot, r0: Row3, r1: Row3, r2: Row3) {
  let base = ((t.s * p.o + t.o) * p.c + t.c) * p.khf * p.kwf;
  put(base, t.o, 0u, 0u, r0.t0);
  if (KW > 1u) { put(base, t.o, 0u, 1u, r0.t1); }
  if (KW > 2u) { put(base, t.o, 0u, 2u, r0.t2); }
  if (KH > 1u) {
    put(base, t.o, 1u, 0u, r1.t0);
    if (KW > 1u) { put(base, t.o, 1u, 1u, r1.t1); }
    if (KW > 2u) { put(base, t.o, 1u, 2u, r1.t2); }
  }
  if (KH > 2u) {
    put(base, t.o, 2u, 0u, r2.t0);
    if (KW > 1u) { put(base, t.o, 2u, 1u, r2.t1); }
    if (KW > 2u) { put(base, t.o, 2u, 2u, r2.t2); }
  }
}

@compute @workgroup_size(64)
fn main(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  let og = (p.o + 7u) / 8u;
  if (i >= p.split * p.c * og) {
    return;
  }
  let t = slotOf(i, og);
  let o = t.o;
  let ohw = p.oh * p.ow;
  let z = Acc(vec4<f32>(0.0), vec4<f32>(0.0));
  var r0 = Row3(z, z, z);
  var r1 = Row3(z, z, z);
  var r2 = Row3(z, z, z);
  // (n, oy, ox) advance as counters: a vector integer division costs a loop over lanes
  var n = t.n0;
  var oy = 0u;
  var ox = 0u;
  for (var q = 0u; q < t.count; q++) {
    // dy of output channels o .. o + 7 (clamped to the last one; those are not stored)
    let e = (n * p.o + o) * ohw + oy * p.ow + ox;
    let last = (n * p.o + p.o - 1u) * ohw + oy * p.ow + ox;
    let dlo = vec4<f32>(ldy(e), ldy(min(e + ohw, last)), ldy(min(e + 2u * ohw, last)),
      ldy(min(e + 3u * ohw, last)));
    let dhi = vec4<f32>(ldy(min(e + 4u * ohw, last)), ldy(min(e + 5u * ohw, last)),
      ldy(min(e + 6u * ohw, last)), ldy(min(e + 7u * ohw, last)));
    let d = Acc(dlo, dhi);
    let plane = (n * p.c + t.c) * p.h * p.w;
    let iy = i32(oy * SH) - p.ph;
    let ix = i32(ox * SW) - p.pw;
    r0 = row1(r0, d, plane, iy, ix);
    if (KH > 1u) { r1 = row1(r1, d, plane, iy + 1, ix); }
    if (KH > 2u) { r2 = row1(r2, d, plane, iy + 2, ix); }
    ox += 1u;
    if (ox == p.ow) {
      ox = 0u;
      oy += 1u;
      if (oy == p.oh) {
        oy = 0u;
        n += 1u;
      }
    }
  }
  putRows(t, r0, r1, r2);
}

@group(0) @binding(1) var dyt4: texture_2d_array<f32>;

// dy[e .. e + 3] (e a multiple of 4, inside dy)
fn ldy4(e: u32) -> vec4<f32> {
  return textureLoad(dyt4, flatTexel4(e / 4u), 0, 0);
}

// Positions ox .. ox + 3 of one output row into the taps of tap row iy (x from column ix).
fn rowOf4(r: Row3, d0: Acc, d1: Acc, d2: Acc, d3: Acc, plane: u32, iy: i32, ix: i32) -> Row3 {
  let x0 = ldx(plane, iy, ix);
  let x1 = ldx(plane, iy, ix + 1);
  let x2 = ldx(plane, iy, ix + 2);
  let x3 = ldx(plane, iy, ix + 3);
  var x4 = 0.0;
  var x5 = 0.0;
  if (KW > 1u) { x4 = ldx(plane, iy, ix + 4); }
  if (KW > 2u) { x5 = ldx(plane, iy, ix + 5); }
  var o = rowStep(r, d0, x0, x1, x2);
  o = rowStep(o, d1, x1, x2, x3);
  o = rowStep(o, d2, x2, x3, x4);
  return rowStep(o, d3, x3, x4, x5);
}

@compute @workgroup_size(64)
fn main4(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  let og = (p.o + 7u) / 8u;
  if (i >= p.split * p.c * og) {
    return;
  }
  let t = slotOf(i, og);
  let o = t.o;
  let ohw = p.oh * p.ow;
  let z = Acc(vec4<f32>(0.0), vec4<f32>(0.0));
  var r0 = Row3(z, z, z);
  var r1 = Row3(z, z, z);
  var r2 = Row3(z, z, z);
  var n = t.n0;
  var oy = 0u;
  var ox = 0u;
  for (var q = 0u; q < t.count; q += 4u) {
    // dy of output channels o .. o + 7 at positions ox .. ox + 3 (clamped to the last channel;
    // those are not stored)
    let e = (n * p.o + o) * ohw + oy * p.ow + ox;
    let last = (n * p.o + p.o - 1u) * ohw + oy * p.ow + ox;
    let t0 = ldy4(e);
    let t1 = ldy4(min(e + ohw, last));
    let t2 = ldy4(min(e + 2u * ohw, last));
    let t3 = ldy4(min(e + 3u * ohw, last));
    let t4 = ldy4(min(e + 4u * ohw, last));
    let t5 = ldy4(min(e + 5u * ohw, last));
    let t6 = ldy4(min(e + 6u * ohw, last));
    let t7 = ldy4(min(e + 7u * ohw, last));
    let d0 = Acc(vec4<f32>(t0.x, t1.x, t2.x, t3.x), vec4<f32>(t4.x, t5.x, t6.x, t7.x));
    let d1 = Acc(vec4<f32>(t0.y, t1.y, t2.y, t3.y), vec4<f32>(t4.y, t5.y, t6.y, t7.y));
    let d2 = Acc(vec4<f32>(t0.z, t1.z, t2.z, t3.z), vec4<f32>(t4.z, t5.z, t6.z, t7.z));
    let d3 = Acc(vec4<f32>(t0.w, t1.w, t2.w, t3.w), vec4<f32>(t4.w, t5.w, t6.w, t7.w));
    let plane = (n * p.c + t.c) * p.h * p.w;
    let iy = i32(oy * SH) - p.ph;
    let ix = i32(ox) - p.pw;
    // each tap still adds its positions in `main`'s order: ox, ox + 1, ox + 2, ox + 3
    r0 = rowOf4(r0, d0, d1, d2, d3, plane, iy, ix);
    if (KH > 1u) { r1 = rowOf4(r1, d0, d1, d2, d3, plane, iy + 1, ix); }
    if (KH > 2u) { r2 = rowOf4(r2, d0, d1, d2, d3, plane, iy + 2, ix); }
    ox += 4u;
    if (ox == p.ow) {
      ox = 0u;
      oy += 1u;
      if (oy == p.oh) {
        oy = 0u;
        n += 1u;
      }
    }
  }
  putRows(t, r0, r1, r2);
}
