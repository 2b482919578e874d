// conv2d.wgsl: direct 2-D convolution (cross-correlation) of f32 NCHW data, the core of
// conv2d forward and of its input gradient (lib/ops/conv.ts), plus two layout kernels.
//
// Entry `main`: one dispatch handles one block of 32 output channels and one chunk of input
// channels [c0, c0 + cs) of a kernel of at most 3 x 3 taps (larger kernels run as 3 x 3
// pieces, zero-padded at the end, each piece adding into the output):
//   y4[n, o4 + j, y0 + oy * ysh, x0 + ox * ysw] (+)= sum over c < cs, kh < KH, kw < KW of
//     x[n, c0 + c, oy * SH - ph + kh, ox * SW - pw + kw] * wu[(c * KH + kh) * KW + kw][j]
//   for j < G (vec4 groups: G = 8 is all 32 output channels of the block), oy < oh,
//   ox < ow; x is zero outside [0, h) x [0, w) (zero padding; ph and pw may be negative).
//   Groups j >= G of y4 are neither read nor written (a block of 16 channels takes G = 4).
// Each invocation computes R rows x WB columns of outputs for 4 * G channels: 56 named
// pixel accumulators of 8 vec4 (R x WB of them used), fully unrolled, no shared memory.
// Accumulator row k is output row k / SEG of the invocation's block, columns (k % SEG) * WB
// .. + WB - 1 (override SEG 1; 2 where an output row of 28 is two accumulator rows of 14).
// Weights come from a uniform buffer (on llvmpipe a uniform read is ~10x cheaper than a
// storage read, and a storage load of x is reused by up to 32 * 9 multiply-adds); each
// pixel's sum over channels and taps runs in the same order whatever R, WB, SEG and NCHW are.
//
// Two output layouts (override NCHW):
//   NCHW false: y4 [n, yo4, yh, yw] vec4, 4 channels interleaved, at rows y0 + oy * ysh,
//     columns x0 + ox * ysw (the input gradient's stride phases); `unpack*` then writes NCHW.
//   NCHW true: y4 is y [n, o, oh, ow] itself, as vec4s (y0 = x0 = 0, ysh = ysw = 1): each
//     invocation's pixels must be whole aligned vec4 runs of every plane, which the host
//     (lib/ops/conv_direct.ts nchwSegments) guarantees: WB % 4 == 0 with ow % WB == 0, or
//     WB == 14 covering whole rows of 14 (SEG 1) or 28 (SEG 2) two accumulator rows at a
//     time, R even; and oh % (R / SEG) == 0. A dispatch with last = 1 (the last of a block's
//     dispatches) adds, each its own addition as `unpack4`: the bias (0.0 without one), then
//     shift[n, o], then the residual; channels >= o are not written.
//
// Bindings of `main` (group 0):
//   0  xt: texture_2d<f32>, r32float  x [n, c, h, w] (NCHW) as a flat array, 8192 floats
//      per texel row: x's flat element e is texel (e % 8192, e / 8192), channel r (the host
//      copies x's buffer there with copyBufferToTexture; on llvmpipe a texel fetch costs a
//      fraction of a storage-buffer load)
//   1  wu: uniform array<vec4<f32>, 4096>   a 64 KiB buffer: the weights of this chunk,
//      [cs][KH][KW][8] vec4 (component k of vec4 j is output channel 32 * block + 4 * j + k),
//      written by `pack` (or by conv2d_dgrad.wgsl `pack`); cs * KH * KW * 8 <= 4096
//   2  y4: array<vec4<f32>>, read_write     the output, in either layout above
//   3  cbias: array<f32>, read [o]; 4 cshift: array<f32>, read [n, o]; 5 cres:
//      array<vec4<f32>>, read [n, o, oh, ow] as flat f32: read only when NCHW and last and
//      HAS_BIAS, HAS_SHIFT, HAS_RES; any readable storage buffer otherwise (the host binds
//      the weights' chunk buffer there)
//   6  p: uniform Params { n, c, h, w, oh, ow, ohb, owb, c0, cs, ph, pw, yo4, o4, yh, yw, y0,
//      x0, ysh, ysw, acc, o, last, pad2 }, all u32 but ph, pw (i32); c, h, w: x's sizes;
//      o4 = 8 * block; acc = 0 overwrites the output, 1 adds to it; o: output channels
//      (NCHW); last: 1 on a block's last dispatch (NCHW)
// Overrides: WG (8 or 16) the workgroup size, below; G (1, 2, 4 or 8) vec4 groups of output
//   channels; WB (1..14) columns and R (1, 2 or 4) accumulator rows per invocation; SEG (1 or
//   2); KH, KW (1..3) taps; SH, SW (>= 1) stride; NCHW, HAS_BIAS, HAS_SHIFT, HAS_RES (bool).
// Workgroup size: WG x 1 x 1 (override WG, default 8: the adapter's SIMD lanes; llvmpipe
//   runs 8 invocations as one SIMD group at 256 bits, 16 at 512). No shared memory: WG
//   groups invocations and changes no result.
// Dispatch: n_inv = n * ohb * owb with ohb = ceil(oh / (R / SEG)), owb = ceil(ow / (WB *
//   SEG)); groups = ceil(n_inv / WG); (gx, gy, 1) with gx = min(groups, 65535), gy =
//   ceil(groups / gx). Invocation i = (wid.y * nwg.x + wid.x) * WG + lid.x: image i % n,
//   column block (i / n) % owb, row block i / (n * owb).
//
// Entry `pack` (forward weights into the uniform chunk), bindings: 0 wsrc: array<f32>,
//   read (the weight tensor [o, c, khf, kwf]); 1 wdst: array<f32>, read_write (the 64 KiB
//   chunk buffer); 2 q: uniform PackParams { total, kh, kw, c0, ob, o, c, khf, kwf, a0, b0,
//   pad }. Workgroup 64; n_inv = total = cs * kh * kw * 32, same grid rule as `main` with 64:
//   wdst[((cl * kh + a) * kw + b) * 32 + t] = wsrc[((ob + t) * c + c0 + cl) * khf * kwf
//   + (a0 + a) * kwf + b0 + b], zero when ob + t >= o, c0 + cl >= c, a0 + a >= khf or
//   b0 + b >= kwf (a kernel larger than 3 x 3 runs as 3 x 3 pieces, the last zero-padded).
//   (The input gradient packs its weights with kernels/conv2d_dgrad.wgsl instead.)
// Entry `unpack` (y4 to NCHW, plus bias, a shift per image and channel, a residual),
//   bindings: 0 y4: array<vec4<f32>>, read; 1 bias: array<f32>, read [o] (any buffer when
//   HAS_BIAS is false); 2 y: array<vec4<f32>>, read_write, [n, o, hw] as flat f32; 3 shift:
//   array<f32>, read [n, o] (any buffer when HAS_SHIFT is false); 4 res: array<vec4<f32>>,
//   read, [n, o, hw] as flat f32 (any buffer when HAS_RES is false); 5 u: uniform
//   UnpackParams { n, o, yo4, hw }. Overrides HAS_BIAS, HAS_SHIFT, HAS_RES (bool).
//   y[n, o, s] = ((y4[(n * yo4 + o / 4) * hw + s][o % 4] (+ bias[o])) (+ shift[n, o]))
//   (+ res[n, o, s]), one rounding per addition, as the separate ops. Workgroup 64, same grid
//   rule, n_inv = n * o * hw, one float each.
// Entry `unpack4` (only when hw % 4 == 0): the same result, 4 channels x 4 pixels per
//   invocation, bindings as `unpack` but 0 being yt: texture_2d_array<f32>, rgba32float, one layer, y4 as a
//   flat array of vec4 (2048 texels per row, vec4 q in texel (q % 2048, q / 2048); the host
//   copies y4's buffer there). n_inv = n * yo4 * hw / 4: invocation i is pixels
//   4 * (i % (hw / 4)) .. + 3 of channel group (i / (hw / 4)) % yo4 of image
//   i / (yo4 * hw / 4).
// Entry `unpack1` (when hw % 4 != 0): the same result, 4 channels x 4 consecutive pixels of a
//   plane per invocation (fewer at the plane's end): a texel read of y4 a pixel (binding 0 yt
//   as `unpack4`), the bias and shift of each channel read once, up to 16 scalar writes; 4 is
//   rt: texture_2d_array<f32>, rgba32float, one layer, the residual as a flat array of vec4
//   (float e in component e % 4 of vec4 e / 4; any such texture when HAS_RES is false).
//   n_inv = n * yo4 * ceil(hw / 4): invocation i is pixels 4 * (i % ceil(hw / 4)) .. + 3 of
//   channel group (i / ceil(hw / 4)) % yo4 of image i / (yo4 * ceil(hw / 4)).

// #include "conv_v8.wgsl"
// #include "flat_texture.wgsl"
// #include "invocation.wgsl"

override WG: u32 = 8u;
override G: u32 = 8u;
override WB: u32 = 14u;
override R: u32 = 2u;
override KH: u32 = 3u;
override KW: u32 = 3u;
override SH: u32 = 1u;
override SW: u32 = 1u;
override SEG: u32 = 1u;
override NCHW: bool = false;
override HAS_BIAS: bool = false;
override HAS_SHIFT: bool = false;
override HAS_RES: bool = false;

struct Params {
  n: u32,
  c: u32,
  h: u32,
  w: u32,
  oh: u32,
  ow: u32,
  ohb: u32,
  owb: u32,
  c0: u32,
  cs: u32,
  ph: i32,
  pw: i32,
  yo4: u32,
  o4: u32,
  yh: u32,
  yw: u32,
  y0: u32,
  x0: u32,
  ysh: u32,
  ysw: u32,
  acc: u32,
  o: u32,
  last: u32,
  pad2: u32,
}

@group(0) @binding(0) var xt: texture_2d<f32>;
@group(0) @binding(1) var<uniform> wu: array<vec4<f32>, 4096>;
@group(0) @binding(2) var<storage, read_write> y4: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> cbias: array<f32>;
@group(0) @binding(4) var<storage, read> cshift: array<f32>;
@group(0) @binding(5) var<storage, read> cres: array<vec4<f32>>;
@group(0) @binding(6) var<uniform> p: Params;

// One vec4 group of the weights of an input channel at each tap (kh, kw).
struct T9 {
  k00: vec4<f32>,
  k01: vec4<f32>,
  k02: vec4<f32>,
  k10: vec4<f32>,
  k11: vec4<f32>,
  k12: vec4<f32>,
  k20: vec4<f32>,
  k21: vec4<f32>,
  k22: vec4<f32>,
}

// All weights of an input channel: T9 for each of the 8 vec4 groups.
struct Taps {
  j0: T9,
  j1: T9,
  j2: T9,
  j3: T9,
  j4: T9,
  j5: T9,
  j6: T9,
  j7: T9,
}

// The input values under each tap of one output pixel.
struct X9 {
  v00: f32,
  v01: f32,
  v02: f32,
  v10: f32,
  v11: f32,
  v12: f32,
  v20: f32,
  v21: f32,
  v22: f32,
}

// The input rows (start index, in range) of one output row, one per kh.
struct Rows {
  r0: u32,
  r1: u32,
  r2: u32,
  v0: bool,
  v1: bool,
  v2: bool,
}

// Group j of the weights at every tap; i is the channel's first vec4 in wu.
fn t9(i: u32) -> T9 {
  var t: T9;
  t.k00 = wu[i];
  if (KW > 1u) { t.k01 = wu[i + 8u]; }
  if (KW > 2u) { t.k02 = wu[i + 16u]; }
  if (KH > 1u) {
    t.k10 = wu[i + KW * 8u];
    if (KW > 1u) { t.k11 = wu[i + KW * 8u + 8u]; }
    if (KW > 2u) { t.k12 = wu[i + KW * 8u + 16u]; }
  }
  if (KH > 2u) {
    t.k20 = wu[i + KW * 16u];
    if (KW > 1u) { t.k21 = wu[i + KW * 16u + 8u]; }
    if (KW > 2u) { t.k22 = wu[i + KW * 16u + 16u]; }
  }
  return t;
}

// x at column ix of a row, zero outside the input.
fn ldx(row: u32, valid: bool, ix: i32) -> f32 {
  let e = row + u32(clamp(ix, 0, i32(p.w) - 1));
  let v = textureLoad(xt, flatTexel(e), 0).x;
  return select(0.0, v, valid && u32(ix) < p.w);
}

fn x9(r: Rows, ix: i32) -> X9 {
  var v: X9;
  v.v00 = ldx(r.r0, r.v0, ix);
  if (KW > 1u) { v.v01 = ldx(r.r0, r.v0, ix + 1); }
  if (KW > 2u) { v.v02 = ldx(r.r0, r.v0, ix + 2); }
  if (KH > 1u) {
    v.v10 = ldx(r.r1, r.v1, ix);
    if (KW > 1u) { v.v11 = ldx(r.r1, r.v1, ix + 1); }
    if (KW > 2u) { v.v12 = ldx(r.r1, r.v1, ix + 2); }
  }
  if (KH > 2u) {
    v.v20 = ldx(r.r2, r.v2, ix);
    if (KW > 1u) { v.v21 = ldx(r.r2, r.v2, ix + 1); }
    if (KW > 2u) { v.v22 = ldx(r.r2, r.v2, ix + 2); }
  }
  return v;
}

// a + the KH x KW taps of one vec4 group (one multiply-add chain, kept in registers).
fn chain(a: vec4<f32>, t: T9, v: X9) -> vec4<f32> {
  var s = fma(t.k00, vec4<f32>(v.v00), a);
  if (KW > 1u) { s = fma(t.k01, vec4<f32>(v.v01), s); }
  if (KW > 2u) { s = fma(t.k02, vec4<f32>(v.v02), s); }
  if (KH > 1u) {
    s = fma(t.k10, vec4<f32>(v.v10), s);
    if (KW > 1u) { s = fma(t.k11, vec4<f32>(v.v11), s); }
    if (KW > 2u) { s = fma(t.k12, vec4<f32>(v.v12), s); }
  }
  if (KH > 2u) {
    s = fma(t.k20, vec4<f32>(v.v20), s);
    if (KW > 1u) { s = fma(t.k21, vec4<f32>(v.v21), s); }
    if (KW > 2u) { s = fma(t.k22, vec4<f32>(v.v22), s); }
  }
  return s;
}

// The weights of the current input channel.
var<private> t: Taps;

// All taps of the current input channel for the pixel whose first input column is ix.
// (Only the first G vec4 groups: the others stay as they are.)
fn pixel(a: V8, r: Rows, ix: i32) -> V8 {
  let v = x9(r, ix);
  var b = a;
  b.a0 = chain(a.a0, t.j0, v);
  if (G > 1u) { b.a1 = chain(a.a1, t.j1, v); }
  if (G > 2u) {
    b.a2 = chain(a.a2, t.j2, v);
    b.a3 = chain(a.a3, t.j3, v);
  }
  if (G > 4u) {
    b.a4 = chain(a.a4, t.j4, v);
    b.a5 = chain(a.a5, t.j5, v);
    b.a6 = chain(a.a6, t.j6, v);
    b.a7 = chain(a.a7, t.j7, v);
  }
  return b;
}

fn rowAt(xc: u32, iy: i32) -> u32 {
  return xc + u32(clamp(iy, 0, i32(p.h) - 1)) * p.w;
}

fn rows(xc: u32, iy: i32) -> Rows {
  let hh = p.h;
  return Rows(rowAt(xc, iy), rowAt(xc, iy + 1), rowAt(xc, iy + 2), u32(iy) < hh,
    u32(iy + 1) < hh, u32(iy + 2) < hh);
}

fn put(a: V8, n: u32, oy: u32, ox: u32) {
  if (oy >= p.oh || ox >= p.ow) {
    return;
  }
  let plane = p.yh * p.yw;
  let at = (n * p.yo4 + p.o4) * plane + (p.y0 + oy * p.ysh) * p.yw + p.x0 + ox * p.ysw;
  // the block's first G vec4 groups (G is 1, 2, 4 or 8)
  for (var j = 0u; j < G; j++) {
    var v = v8At(a, j);
    if (p.acc != 0u) {
      v += y4[at + j * plane];
    }
    y4[at + j * plane] = v;
  }
}

// NCHW output: y4 is y [n, o, oh, ow] as vec4s. One channel's 4 consecutive pixels (plane
// index e, a multiple of 4), with the sums of earlier dispatches and, in the last, the bias,
// shift and residual, each its own addition as `unpack4` adds them.
fn putC(v: vec4<f32>, n: u32, o: u32, e: u32) {
  if (o >= p.o) {
    return;
  }
  let q = ((n * p.o + o) * p.oh * p.ow + e) >> 2u;
  var r = v;
  if (p.acc != 0u) {
    r += y4[q];
  }
  if (p.last != 0u) {
    var b = 0.0;
    if (HAS_BIAS) {
      b = cbias[o];
    }
    r = r + b;
    if (HAS_SHIFT) {
      r = r + cshift[n * p.o + o];
    }
    if (HAS_RES) {
      r = r + cres[q];
    }
  }
  y4[q] = r;
}

// The 4 pixels a, b, c, d (consecutive in a row, plane index e of a) of each of the block's
// first 4 * G channels.
fn putQ(a: V8, b: V8, c: V8, d: V8, n: u32, e: u32) {
  for (var j = 0u; j < G; j++) {
    let va = v8At(a, j);
    let vb = v8At(b, j);
    let vc = v8At(c, j);
    let vd = v8At(d, j);
    let o = 4u * (p.o4 + j);
    putC(vec4<f32>(va.x, vb.x, vc.x, vd.x), n, o, e);
    putC(vec4<f32>(va.y, vb.y, vc.y, vd.y), n, o + 1u, e);
    putC(vec4<f32>(va.z, vb.z, vc.z, vd.z), n, o + 2u, e);
    putC(vec4<f32>(va.w, vb.w, vc.w, vd.w), n, o + 3u, e);
  }
}

@compute @workgroup_size(WG)
fn main(inv: Invocation) {
  let id = invocationIndex(inv, WG);
  if (id >= p.n * p.ohb * p.owb) {
    return;
  }
  let n = id % p.n;
  let bw = (id / p.n) % p.owb;
  let by = id / (p.n * p.owb);
  let sw = i32(SW);
  let ix = i32(bw * WB * SEG * SW) - p.pw;
  let iy = i32(by * (R / SEG) * SH) - p.ph;
  // accumulator row k: output row k / SEG of the block, columns (k % SEG) * WB ..
  let ix1 = ix + i32((1u % SEG) * WB) * sw;
  let ix2 = ix + i32((2u % SEG) * WB) * sw;
  let ix3 = ix + i32((3u % SEG) * WB) * sw;
  let z = zeroV8();
  var a00 = z;
  var a01 = z;
  var a02 = z;
  var a03 = z;
  var a04 = z;
  var a05 = z;
  var a06 = z;
  var a07 = z;
  var a08 = z;
  var a09 = z;
  var a010 = z;
  var a011 = z;
  var a012 = z;
  var a013 = z;
  var a10 = z;
  var a11 = z;
  var a12 = z;
  var a13 = z;
  var a14 = z;
  var a15 = z;
  var a16 = z;
  var a17 = z;
  var a18 = z;
  var a19 = z;
  var a110 = z;
  var a111 = z;
  var a112 = z;
  var a113 = z;
  var a20 = z;
  var a21 = z;
  var a22 = z;
  var a23 = z;
  var a24 = z;
  var a25 = z;
  var a26 = z;
  var a27 = z;
  var a28 = z;
  var a29 = z;
  var a210 = z;
  var a211 = z;
  var a212 = z;
  var a213 = z;
  var a30 = z;
  var a31 = z;
  var a32 = z;
  var a33 = z;
  var a34 = z;
  var a35 = z;
  var a36 = z;
  var a37 = z;
  var a38 = z;
  var a39 = z;
  var a310 = z;
  var a311 = z;
  var a312 = z;
  var a313 = z;
  let hw = p.h * p.w;
  let per = KH * KW * 8u;
  for (var c = 0u; c < p.cs; c++) {
    let xc = (n * p.c + p.c0 + c) * hw;
    let wi = c * per;
    t.j0 = t9(wi);
    if (G > 1u) { t.j1 = t9(wi + 1u); }
    if (G > 2u) {
      t.j2 = t9(wi + 2u);
      t.j3 = t9(wi + 3u);
    }
    if (G > 4u) {
      t.j4 = t9(wi + 4u);
      t.j5 = t9(wi + 5u);
      t.j6 = t9(wi + 6u);
      t.j7 = t9(wi + 7u);
    }
    let r0 = rows(xc, iy);
    a00 = pixel(a00, r0, ix);
    if (WB > 1u) { a01 = pixel(a01, r0, ix + sw); }
    if (WB > 2u) { a02 = pixel(a02, r0, ix + 2 * sw); }
    if (WB > 3u) { a03 = pixel(a03, r0, ix + 3 * sw); }
    if (WB > 4u) { a04 = pixel(a04, r0, ix + 4 * sw); }
    if (WB > 5u) { a05 = pixel(a05, r0, ix + 5 * sw); }
    if (WB > 6u) { a06 = pixel(a06, r0, ix + 6 * sw); }
    if (WB > 7u) { a07 = pixel(a07, r0, ix + 7 * sw); }
    if (WB > 8u) { a08 = pixel(a08, r0, ix + 8 * sw); }
    if (WB > 9u) { a09 = pixel(a09, r0, ix + 9 * sw); }
    if (WB > 10u) { a010 = pixel(a010, r0, ix + 10 * sw); }
    if (WB > 11u) { a011 = pixel(a011, r0, ix + 11 * sw); }
    if (WB > 12u) { a012 = pixel(a012, r0, ix + 12 * sw); }
    if (WB > 13u) { a013 = pixel(a013, r0, ix + 13 * sw); }
    if (R > 1u) {
      let r1 = rows(xc, iy + i32(1u / SEG) * i32(SH));
      a10 = pixel(a10, r1, ix1);
      if (WB > 1u) { a11 = pixel(a11, r1, ix1 + sw); }
      if (WB > 2u) { a12 = pixel(a12, r1, ix1 + 2 * sw); }
      if (WB > 3u) { a13 = pixel(a13, r1, ix1 + 3 * sw); }
      if (WB > 4u) { a14 = pixel(a14, r1, ix1 + 4 * sw); }
      if (WB > 5u) { a15 = pixel(a15, r1, ix1 + 5 * sw); }
      if (WB > 6u) { a16 = pixel(a16, r1, ix1 + 6 * sw); }
      if (WB > 7u) { a17 = pixel(a17, r1, ix1 + 7 * sw); }
      if (WB > 8u) { a18 = pixel(a18, r1, ix1 + 8 * sw); }
      if (WB > 9u) { a19 = pixel(a19, r1, ix1 + 9 * sw); }
      if (WB > 10u) { a110 = pixel(a110, r1, ix1 + 10 * sw); }
      if (WB > 11u) { a111 = pixel(a111, r1, ix1 + 11 * sw); }
      if (WB > 12u) { a112 = pixel(a112, r1, ix1 + 12 * sw); }
      if (WB > 13u) { a113 = pixel(a113, r1, ix1 + 13 * sw); }
    }
    if (R > 2u) {
      let r2 = rows(xc, iy + i32(2u / SEG) * i32(SH));
      a20 = pixel(a20, r2, ix2);
      if (WB > 1u) { a21 = pixel(a21, r2, ix2 + sw); }
      if (WB > 2u) { a22 = pixel(a22, r2, ix2 + 2 * sw); }
      if (WB > 3u) { a23 = pixel(a23, r2, ix2 + 3 * sw); }
      if (WB > 4u) { a24 = pixel(a24, r2, ix2 + 4 * sw); }
      if (WB > 5u) { a25 = pixel(a25, r2, ix2 + 5 * sw); }
      if (WB > 6u) { a26 = pixel(a26, r2, ix2 + 6 * sw); }
      if (WB > 7u) { a27 = pixel(a27, r2, ix2 + 7 * sw); }
      if (WB > 8u) { a28 = pixel(a28, r2, ix2 + 8 * sw); }
      if (WB > 9u) { a29 = pixel(a29, r2, ix2 + 9 * sw); }
      if (WB > 10u) { a210 = pixel(a210, r2, ix2 + 10 * sw); }
      if (WB > 11u) { a211 = pixel(a211, r2, ix2 + 11 * sw); }
      if (WB > 12u) { a212 = pixel(a212, r2, ix2 + 12 * sw); }
      if (WB > 13u) { a213 = pixel(a213, r2, ix2 + 13 * sw); }
    }
    if (R > 3u) {
      let r3 = rows(xc, iy + i32(3u / SEG) * i32(SH));
      a30 = pixel(a30, r3, ix3);
      if (WB > 1u) { a31 = pixel(a31, r3, ix3 + sw); }
      if (WB > 2u) { a32 = pixel(a32, r3, ix3 + 2 * sw); }
      if (WB > 3u) { a33 = pixel(a33, r3, ix3 + 3 * sw); }
      if (WB > 4u) { a34 = pixel(a34, r3, ix3 + 4 * sw); }
      if (WB > 5u) { a35 = pixel(a35, r3, ix3 + 5 * sw); }
      if (WB > 6u) { a36 = pixel(a36, r3, ix3 + 6 * sw); }
      if (WB > 7u) { a37 = pixel(a37, r3, ix3 + 7 * sw); }
      if (WB > 8u) { a38 = pixel(a38, r3, ix3 + 8 * sw); }
      if (WB > 9u) { a39 = pixel(a39, r3, ix3 + 9 * sw); }
      if (WB > 10u) { a310 = pixel(a310, r3, ix3 + 10 * sw); }
      if (WB > 11u) { a311 = pixel(a311, r3, ix3 + 11 * sw); }
      if (WB > 12u) { a312 = pixel(a312, r3, ix3 + 12 * sw); }
      if (WB > 13u) { a313 = pixel(a313, r3, ix3 + 13 * sw); }
    }
  }
  let oy = by * (R / SEG);
  let ox = bw * WB * SEG;
  let oy1 = oy + 1u / SEG;
  let oy2 = oy + 2u / SEG;
  let oy3 = oy + 3u / SEG;
  let ox1 = ox + (1u % SEG) * WB;
  let ox2 = ox + (2u % SEG) * WB;
  let ox3 = ox + (3u % SEG) * WB;
  if (NCHW) {
    let ow = p.ow;
    let e0 = oy * ow + ox;
    let e1 = oy1 * ow + ox1;
    let e2 = oy2 * ow + ox2;
    let e3 = oy3 * ow + ox3;
    if (WB == 14u) {
      // rows 0 and 1 (and 2 and 3) are one run of 28 pixels
      putQ(a00, a01, a02, a03, n, e0);
      putQ(a04, a05, a06, a07, n, e0 + 4u);
      putQ(a08, a09, a010, a011, n, e0 + 8u);
      putQ(a012, a013, a10, a11, n, e0 + 12u);
      putQ(a12, a13, a14, a15, n, e1 + 2u);
      putQ(a16, a17, a18, a19, n, e1 + 6u);
      putQ(a110, a111, a112, a113, n, e1 + 10u);
      if (R > 2u) {
        putQ(a20, a21, a22, a23, n, e2);
        putQ(a24, a25, a26, a27, n, e2 + 4u);
        putQ(a28, a29, a210, a211, n, e2 + 8u);
        putQ(a212, a213, a30, a31, n, e2 + 12u);
        putQ(a32, a33, a34, a35, n, e3 + 2u);
        putQ(a36, a37, a38, a39, n, e3 + 6u);
        putQ(a310, a311, a312, a313, n, e3 + 10u);
      }
    } else {
      // WB % 4 == 0: each row's quads
      putQ(a00, a01, a02, a03, n, e0);
      if (WB > 7u) { putQ(a04, a05, a06, a07, n, e0 + 4u); }
      if (WB > 11u) { putQ(a08, a09, a010, a011, n, e0 + 8u); }
      if (R > 1u) {
        putQ(a10, a11, a12, a13, n, e1);
        if (WB > 7u) { putQ(a14, a15, a16, a17, n, e1 + 4u); }
        if (WB > 11u) { putQ(a18, a19, a110, a111, n, e1 + 8u); }
      }
      if (R > 2u) {
        putQ(a20, a21, a22, a23, n, e2);
        if (WB > 7u) { putQ(a24, a25, a26, a27, n, e2 + 4u); }
        if (WB > 11u) { putQ(a28, a29, a210, a211, n, e2 + 8u); }
      }
      if (R > 3u) {
        putQ(a30, a31, a32, a33, n, e3);
        if (WB > 7u) { putQ(a34, a35, a36, a37, n, e3 + 4u); }
        if (WB > 11u) { putQ(a38, a39, a310, a311, n, e3 + 8u); }
      }
    }
    return;
  }
  put(a00, n, oy, ox);
  if (WB > 1u) { put(a01, n, oy, ox + 1u); }
  if (WB > 2u) { put(a02, n, oy, ox + 2u); }
  if (WB > 3u) { put(a03, n, oy, ox + 3u); }
  if (WB > 4u) { put(a04, n, oy, ox + 4u); }
  if (WB > 5u) { put(a05, n, oy, ox + 5u); }
  if (WB > 6u) { put(a06, n, oy, ox + 6u); }
  if (WB > 7u) { put(a07, n, oy, ox + 7u); }
  if (WB > 8u) { put(a08, n, oy, ox + 8u); }
  if (WB > 9u) { put(a09, n, oy, ox + 9u); }
  if (WB > 10u) { put(a010, n, oy, ox + 10u); }
  if (WB > 11u) { put(a011, n, oy, ox + 11u); }
  if (WB > 12u) { put(a012, n, oy, ox + 12u); }
  if (WB > 13u) { put(a013, n, oy, ox + 13u); }
  if (R > 1u) {
    put(a10, n, oy1, ox1);
    if (WB > 1u) { put(a11, n, oy1, ox1 + 1u); }
    if (WB > 2u) { put(a12, n, oy1, ox1 + 2u); }
    if (WB > 3u) { put(a13, n, oy1, ox1 + 3u); }
    if (WB > 4u) { put(a14, n, oy1, ox1 + 4u); }
    if (WB > 5u) { put(a15, n, oy1, ox1 + 5u); }
    if (WB > 6u) { put(a16, n, oy1, ox1 + 6u); }
    if (WB > 7u) { put(a17, n, oy1, ox1 + 7u); }
    if (WB > 8u) { put(a18, n, oy1, ox1 + 8u); }
    if (WB > 9u) { put(a19, n, oy1, ox1 + 9u); }
    if (WB > 10u) { put(a110, n, oy1, ox1 + 10u); }
    if (WB > 11u) { put(a111, n, oy1, ox1 + 11u); }
    if (WB > 12u) { put(a112, n, oy1, ox1 + 12u); }
    if (WB > 13u) { put(a113, n, oy1, ox1 + 13u); }
  }
  if (R > 2u) {
    put(a20, n, oy2, ox2);
    if (WB > 1u) { put(a21, n, oy2, ox2 + 1u); }
    if (WB > 2u) { put(a22, n, oy2, ox2 + 2u); }
    if (WB > 3u) { put(a23, n, oy2, ox2 + 3u); }
    if (WB > 4u) { put(a24, n, oy2, ox2 + 4u); }
    if (WB > 5u) { put(a25, n, oy2, ox2 + 5u); }
    if (WB > 6u) { put(a26, n, oy2, ox2 + 6u); }
    if (WB > 7u) { put(a27, n, oy2, ox2 + 7u); }
    if (WB > 8u) { put(a28, n, oy2, ox2 + 8u); }
    if (WB > 9u) { put(a29, n, oy2, ox2 + 9u); }
    if (WB > 10u) { put(a210, n, oy2, ox2 + 10u); }
    if (WB > 11u) { put(a211, n, oy2, ox2 + 11u); }
    if (WB > 12u) { put(a212, n, oy2, ox2 + 12u); }
    if (WB > 13u) { put(a213, n, oy2, ox2 + 13u); }
  }
  if (R > 3u) {
    put(a30, n, oy3, ox3);
    if (WB > 1u) { put(a31, n, oy3, ox3 + 1u); }
    if (WB > 2u) { put(a32, n, oy3, ox3 + 2u); }
    if (WB > 3u) { put(a33, n, oy3, ox3 + 3u); }
    if (WB > 4u) { put(a34, n, oy3, ox3 + 4u); }
    if (WB > 5u) { put(a35, n, oy3, ox3 + 5u); }
    if (WB > 6u) { put(a36, n, oy3, ox3 + 6u); }
    if (WB > 7u) { put(a37, n, oy3, ox3 + 7u); }
    if (WB > 8u) { put(a38, n, oy3, ox3 + 8u); }
    if (WB > 9u) { put(a39, n, oy3, ox3 + 9u); }
    if (WB > 10u) { put(a310, n, oy3, ox3 + 10u); }
    if (WB > 11u) { put(a311, n, oy3, ox3 + 11u); }
    if (WB > 12u) { put(a312, n, oy3, ox3 + 12u); }
    if (WB > 13u) { put(a313, n, oy3, ox3 + 13u); }
  }
}

struct PackParams {
  total: u32,
  kh: u32,
  kw: u32,
  c0: u32,
  ob: u32,
  o: u32,
  c: u32,
  khf: u32,
  kwf: u32,
  a0: u32,
  b0: u32,
  pad0: u32,
}

@group(0) @binding(0) var<storage, read> wsrc: array<f32>;
@group(0) @binding(1) var<storage, read_write> wdst: array<f32>;
@group(0) @binding(2) var<uniform> q: PackParams;

@compute @workgroup_size(64)
fn pack(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  if (i >= q.total) {
    return;
  }
  let t = i % 32u;
  let b = (i / 32u) % q.kw;
  let a = (i / (32u * q.kw)) % q.kh;
  let cl = i / (32u * q.kw * q.kh);
  let o = q.ob + t;
  let c = q.c0 + cl;
  var v = 0.0;
  let kh = q.a0 + a;
  let kw = q.b0 + b;
  if (o < q.o && c < q.c && kh < q.khf && kw < q.kwf) {
    v = wsrc[(o * q.c + c) * q.khf * q.kwf + kh * q.kwf + kw];
  }
  wdst[i] = v;
}

struct UnpackParams {
  n: u32,
  o: u32,
  yo4: u32,
  hw: u32,
}

@group(0) @binding(0) var<storage, read> ysrc: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> bias: array<f32>;
@group(0) @binding(2) var<storage, read_write> ydst: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> shift: array<f32>;
@group(0) @binding(4) var<storage, read> res: array<vec4<f32>>;
@group(0) @binding(5) var<uniform> u: UnpackParams;

// What follows the bias, each in its own addition as the separate ops did: shift[n, o], then
// the residual's float e (y's own index).
fn epilogue(v: f32, n: u32, o: u32, e: u32) -> f32 {
  var r = v;
  if (HAS_SHIFT) {
    r = r + shift[n * u.o + o];
  }
  if (HAS_RES) {
    r = r + res[e >> 2u][e & 3u];
  }
  return r;
}

// The same for the 4 pixels of y's vec4 q, all of channel o.
fn epilogue4(v: vec4<f32>, n: u32, o: u32, q: u32) -> vec4<f32> {
  var r = v;
  if (HAS_SHIFT) {
    r = r + shift[n * u.o + o];
  }
  if (HAS_RES) {
    r = r + res[q];
  }
  return r;
}

// Bias of output channel o (0 without bias, or past the last channel).
fn biasAt(o: u32) -> f32 {
  if (!HAS_BIAS || o >= u.o) {
    return 0.0;
  }
  return bias[o];
}

@compute @workgroup_size(64)
fn unpack(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  if (i >= u.n * u.o * u.hw) {
    return;
  }
  let s = i % u.hw;
  let o = (i / u.hw) % u.o;
  let n = i / (u.hw * u.o);
  ydst[i >> 2u][i & 3u] = epilogue(ysrc[(n * u.yo4 + o / 4u) * u.hw + s][o % 4u] + biasAt(o), n, o, i);
}

@group(0) @binding(0) var yt: texture_2d_array<f32>;

@compute @workgroup_size(64)
fn unpack4(inv: Invocation) {
  // 4 channels x 4 pixels: 4 texel reads of y4 (one pixel each), a 4 x 4 transpose, and
  // one vec4 write per channel
  let i = invocationIndex(inv, 64u);
  let hw4 = u.hw / 4u;
  if (i >= u.n * u.yo4 * hw4) {
    return;
  }
  let s4 = i % hw4;
  let rest = i / hw4;
  let g = rest % u.yo4;
  let n = rest / u.yo4;
  let o = 4u * g;
  if (o >= u.o) {
    return;
  }
  let at = (n * u.yo4 + g) * u.hw + 4u * s4;
  let a = textureLoad(yt, flatTexel4(at), 0, 0);
  let b = textureLoad(yt, flatTexel4(at + 1u), 0, 0);
  let c = textureLoad(yt, flatTexel4(at + 2u), 0, 0);
  let d = textureLoad(yt, flatTexel4(at + 3u), 0, 0);
  let out = (n * u.o + o) * hw4 + s4;
  ydst[out] = epilogue4(vec4<f32>(a.x, b.x, c.x, d.x) + biasAt(o), n, o, out);
  if (o + 1u < u.o) {
    let q = out + hw4;
    ydst[q] = epilogue4(vec4<f32>(a.y, b.y, c.y, d.y) + biasAt(o + 1u), n, o + 1u, q);
  }
  if (o + 2u < u.o) {
    let q = out + 2u * hw4;
    ydst[q] = epilogue4(vec4<f32>(a.z, b.z, c.z, d.z) + biasAt(o + 2u), n, o + 2u, q);
  }
  if (o + 3u < u.o) {
    let q = out + 3u * hw4;
    ydst[q] = epilogue4(vec4<f32>(a.w, b.w, c.w, d.w) + biasAt(o + 3u), n, o + 3u, q);
  }
}

@group(0) @binding(4) var rt: texture_2d_array<f32>;

@compute @workgroup_size(64)
fn unpack1(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  let hq = (u.hw + 3u) / 4u;
  if (i >= u.n * u.yo4 * hq) {
    return;
  }
  let s0 = 4u * (i % hq);
  let group = i / hq;
  let o = 4u * (group % u.yo4);
  let n = group / u.yo4;
  // the 4 channels' bias and shift (zero past the last channel: never written)
  var b = vec4<f32>(0.0);
  var sh = vec4<f32>(0.0);
  for (var k = 0u; k < 4u; k++) {
    if (o + k < u.o) {
      b[k] = biasAt(o + k);
      if (HAS_SHIFT) {
        sh[k] = shift[n * u.o + o + k];
      }
    }
  }
  for (var a = 0u; a < 4u; a++) {
    let s = s0 + a;
    if (s >= u.hw) {
      break;
    }
    // y4[(n * yo4 + o / 4) * hw + s]: the pixel's 4 channels
    let v = textureLoad(yt, flatTexel4(group * u.hw + s), 0, 0);
    for (var k = 0u; k < 4u; k++) {
      if (o + k < u.o) {
        let e = (n * u.o + o + k) * u.hw + s;
        // unpack's additions, one rounding each
        var r = v[k] + b[k];
        if (HAS_SHIFT) {
          r = r + sh[k];
        }
        if (HAS_RES) {
          r = r + textureLoad(rt, flatTexel4(e >> 2u), 0, 0)[e & 3u];
        }
        ydst[e >> 2u][e & 3u] = r;
      }
    }
  }
}

