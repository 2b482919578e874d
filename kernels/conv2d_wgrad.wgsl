// conv2d_wgrad.wgsl: gradient of a conv2d's weights (lib/ops/conv.ts), f32 NCHW:
//   dw[o, c, kh, kw] = sum over n, oy, ox of
//     dy[n, o, oy, ox] * x[n, c, oy * SH - ph + kh, ox * SW - pw + kw]   (x zero outside).
// A deterministic reduction (no atomics, fixed order). dy's rows are taken in pairs
// (n, oy = 2 * k, 2 * k + 1; the second row zero when oy = oh); the host splits the pairs
// into chunks that fit a 64 KiB uniform binding, for one block of 32 output channels at a
// time: `pack_dy` copies a run of consecutive chunks into one buffer, `main` binds one chunk
// of it (a 64 KiB window at a 256-byte aligned offset) and adds the chunk's contribution
// into dw4 (registers hold the partial sums over the whole chunk), and `unpack` writes dw in
// the weight layout. Kernels larger than 3 x 3 run as 3 x 3 tap pieces (first tap a0, b0; taps
// past khf, kwf are not written).
//
// Entry `main`: one invocation per pair of input channels (c = 2 * i, 2 * i + 1) and slice
// of the chunk (the host cuts a chunk's row pairs into `slices` runs of ceil(rows / slices),
// so that narrow layers still give every core workgroups; each slice sums into its own copy
// of dw4, `sliceStride` vec4 apart, and `unpack` adds the copies in slice order); it holds
// 2 x KH x KW x 32 partial sums (18 named accumulators of 8 vec4) and walks the chunk's row
// pairs WB output columns at a time (2 x WB dy values per step), fully unrolled, no shared
// memory. It computes only the first G vec4 groups of the block's output channels (G = 8:
// all 32; a block of 16 channels takes G = 4); groups j >= G of dw4 are neither read nor
// written. Bindings of `main` (group 0):
//   0  xt: texture_2d<f32>, r32float   x [n, c, h, w] (NCHW) as a flat array, 8192 floats
//      per texel row: x's flat element e is texel (e % 8192, e / 8192), channel r (the host
//      copies x's buffer there with copyBufferToTexture; on llvmpipe a texel fetch costs a
//      fraction of a storage-buffer load)
//   1  du: uniform array<vec4<f32>, 4096>   a 64 KiB window: the dy chunk, [pairs][2][owp][G]
//      vec4 (component k of vec4 j is output channel 32 * block + 4 * j + k; zero past ow,
//      oh or o); written by `pack_dy` (with the same G); pairs * 2 * owp * G <= 4096,
//      owp = owb * WB
//   2  dw4: array<vec4<f32>>, read_write    [slices][o4total][c][khf][kwf] vec4, 4 output
//      channels interleaved; this dispatch writes vec4 groups o4 .. o4 + G - 1 at taps
//      (a0 + kh, b0 + kw) of every slice
//   3  p: uniform Params { n, c, h, w, oh, ow, ph, pw, r0, rows, owb, owp, o4, khf, kwf, a0,
//      b0, acc, ohp, slices, sliceStride, pad3..5 }, all u32 but ph, pw (i32, already
//      reduced by a0, b0); r0 = first pair of the chunk (pairs are numbered n * ohp + k,
//      ohp = ceil(oh / 2)), rows = pairs in the chunk; acc = 0 overwrites dw4, 1 adds to it;
//      slice s takes the chunk's pairs s * ceil(rows / slices) .. (a slice with none writes
//      zeros, or adds nothing); sliceStride = o4total * c * khf * kwf
// Overrides: WG (8 or 16) the workgroup size, below; G (1, 2, 4 or 8) vec4 groups of output
//   channels; WB (1..14) output columns per step; KH, KW (1..3) taps; SH, SW (>= 1) stride.
// Workgroup size: WG x 1 x 1 (override WG, default 8: the adapter's SIMD lanes, as in
//   conv2d.wgsl, when that still makes 2 workgroups or more, else 8; no shared memory, so
//   WG changes no result).
// Dispatch: n_inv = ceil(c / 2) * slices; groups = ceil(n_inv / WG); (gx, gy, 1) with
//   gx = min(groups, 65535), gy = ceil(groups / gx); i = (wid.y * nwg.x + wid.x) * WG + lid.x,
//   slice = i / ceil(c / 2), channel pair i % ceil(c / 2).
//
// Entry `pack_dy`, bindings: 0 dyt: texture_2d<f32>, r32float, dy [n, o, oh, ow] as a flat
//   array (as xt above); 1 ddst: array<vec4<f32>>, read_write (a run of chunks, from
//   pair r0 on);
//   2 q: uniform PackParams { total, r0, owp, ob, o, oh, ow, pad }; override G as in `main`.
//   Workgroup 64, one invocation per vec4, n_inv = total / 4 (total = pairs * 2 * owp * 4G),
//   same grid rule with 64: float ((r * 2 + s) * owp + ox) * 4G + t of ddst =
//   dy[n, ob + t, 2 * k + s, ox] for pair r0 + r = n * ohp + k (zero when ox >= ow,
//   2 * k + s >= oh or ob + t >= o).
// Entry `pack_dy4` (only when owp == ow, oh is even, ow is even and oh * ow % 4 == 0: a run
//   is then dy's positions r0 * 2 * ow .. in order, 4 to a texel): the same result, 4
//   positions x 4 channels per invocation (4 texel reads, a 4 x 4 transpose, 4 vec4 writes).
//   Bindings as `pack_dy` but 0 being dyt4: texture_2d_array<f32>, rgba32float, one layer,
//   dy as a flat array of vec4 (2048 texels per row, texel (q % 2048, q / 2048); the host
//   copies dy's buffer there). n_inv = total / 16: invocation i writes vec4s
//   (4 * (i / G) + a) * G + i % G, a < 4, of ddst, the positions P = r0 * 2 * ow + 4 * (i / G)
//   + a, i.e. image P / (oh * ow), position P % (oh * ow) of its plane.
// Entry `unpack`, bindings: 0 dsrc: array<f32>, read (dw4 as scalars); 1 wdst: array<f32>,
//   read_write [o, c * khf * kwf]; 2 u: uniform UnpackParams { o, ckk, slices, sliceStride }
//   (sliceStride in floats). Workgroup 64, n_inv = o * ckk: wdst[o * ckk + s] = the sum over
//   slices k = 0, 1, ... in order of dsrc[k * sliceStride + ((o / 4) * ckk + s) * 4 + o % 4].

// #include "conv_v8.wgsl"
// #include "flat_texture.wgsl"
// #include "invocation.wgsl"

override WG: u32 = 8u;
override G: u32 = 8u;
override WB: u32 = 14u;
override KH: u32 = 3u;
override KW: u32 = 3u;
override SH: u32 = 1u;
override SW: u32 = 1u;

struct Params {
  n: u32,
  c: u32,
  h: u32,
  w: u32,
  oh: u32,
  ow: u32,
  ph: i32,
  pw: i32,
  r0: u32,
  rows: u32,
  owb: u32,
  owp: u32,
  o4: u32,
  khf: u32,
  kwf: u32,
  a0: u32,
  b0: u32,
  acc: u32,
  ohp: u32,
  slices: u32,
  sliceStride: u32,
  pad3: u32,
  pad4: u32,
  pad5: u32,
}

@group(0) @binding(0) var xt: texture_2d<f32>;
@group(0) @binding(1) var<uniform> du: array<vec4<f32>, 4096>;
@group(0) @binding(2) var<storage, read_write> dw4: array<vec4<f32>>;
@group(0) @binding(3) var<uniform> p: Params;

// One vec4 of dy at WB consecutive output columns.
struct D14 {
  d0: vec4<f32>,
  d1: vec4<f32>,
  d2: vec4<f32>,
  d3: vec4<f32>,
  d4: vec4<f32>,
  d5: vec4<f32>,
  d6: vec4<f32>,
  d7: vec4<f32>,
  d8: vec4<f32>,
  d9: vec4<f32>,
  d10: vec4<f32>,
  d11: vec4<f32>,
  d12: vec4<f32>,
  d13: vec4<f32>,
}

// dy at WB columns for all 32 channels.
struct Dy {
  j0: D14,
  j1: D14,
  j2: D14,
  j3: D14,
  j4: D14,
  j5: D14,
  j6: D14,
  j7: D14,
}

// x at the input columns of WB output columns (one tap).
struct X14 {
  v0: f32,
  v1: f32,
  v2: f32,
  v3: f32,
  v4: f32,
  v5: f32,
  v6: f32,
  v7: f32,
  v8: f32,
  v9: f32,
  v10: f32,
  v11: f32,
  v12: f32,
  v13: f32,
}

fn d14(i: u32) -> D14 {
  var d: D14;
  d.d0 = du[i];
  if (WB > 1u) { d.d1 = du[i + G]; }
  if (WB > 2u) { d.d2 = du[i + 2u * G]; }
  if (WB > 3u) { d.d3 = du[i + 3u * G]; }
  if (WB > 4u) { d.d4 = du[i + 4u * G]; }
  if (WB > 5u) { d.d5 = du[i + 5u * G]; }
  if (WB > 6u) { d.d6 = du[i + 6u * G]; }
  if (WB > 7u) { d.d7 = du[i + 7u * G]; }
  if (WB > 8u) { d.d8 = du[i + 8u * G]; }
  if (WB > 9u) { d.d9 = du[i + 9u * G]; }
  if (WB > 10u) { d.d10 = du[i + 10u * G]; }
  if (WB > 11u) { d.d11 = du[i + 11u * G]; }
  if (WB > 12u) { d.d12 = du[i + 12u * G]; }
  if (WB > 13u) { d.d13 = du[i + 13u * G]; }
  return d;
}

// x at column ix of a row, zero outside the input.
fn ldx(row: u32, valid: bool, ix: i32) -> f32 {
  let e = row + u32(clamp(ix, 0, i32(p.w) - 1));
  let v = textureLoad(xt, flatTexel(e), 0).x;
  return select(0.0, v, valid && u32(ix) < p.w);
}

fn x14(row: u32, valid: bool, ix: i32) -> X14 {
  let s = i32(SW);
  var v: X14;
  v.v0 = ldx(row, valid, ix);
  if (WB > 1u) { v.v1 = ldx(row, valid, ix + s); }
  if (WB > 2u) { v.v2 = ldx(row, valid, ix + 2 * s); }
  if (WB > 3u) { v.v3 = ldx(row, valid, ix + 3 * s); }
  if (WB > 4u) { v.v4 = ldx(row, valid, ix + 4 * s); }
  if (WB > 5u) { v.v5 = ldx(row, valid, ix + 5 * s); }
  if (WB > 6u) { v.v6 = ldx(row, valid, ix + 6 * s); }
  if (WB > 7u) { v.v7 = ldx(row, valid, ix + 7 * s); }
  if (WB > 8u) { v.v8 = ldx(row, valid, ix + 8 * s); }
  if (WB > 9u) { v.v9 = ldx(row, valid, ix + 9 * s); }
  if (WB > 10u) { v.v10 = ldx(row, valid, ix + 10 * s); }
  if (WB > 11u) { v.v11 = ldx(row, valid, ix + 11 * s); }
  if (WB > 12u) { v.v12 = ldx(row, valid, ix + 12 * s); }
  if (WB > 13u) { v.v13 = ldx(row, valid, ix + 13 * s); }
  return v;
}

// a + sum over the WB columns of d * v.
fn dot(a: vec4<f32>, d: D14, v: X14) -> vec4<f32> {
  var s = fma(d.d0, vec4<f32>(v.v0), a);
  if (WB > 1u) { s = fma(d.d1, vec4<f32>(v.v1), s); }
  if (WB > 2u) { s = fma(d.d2, vec4<f32>(v.v2), s); }
  if (WB > 3u) { s = fma(d.d3, vec4<f32>(v.v3), s); }
  if (WB > 4u) { s = fma(d.d4, vec4<f32>(v.v4), s); }
  if (WB > 5u) { s = fma(d.d5, vec4<f32>(v.v5), s); }
  if (WB > 6u) { s = fma(d.d6, vec4<f32>(v.v6), s); }
  if (WB > 7u) { s = fma(d.d7, vec4<f32>(v.v7), s); }
  if (WB > 8u) { s = fma(d.d8, vec4<f32>(v.v8), s); }
  if (WB > 9u) { s = fma(d.d9, vec4<f32>(v.v9), s); }
  if (WB > 10u) { s = fma(d.d10, vec4<f32>(v.v10), s); }
  if (WB > 11u) { s = fma(d.d11, vec4<f32>(v.v11), s); }
  if (WB > 12u) { s = fma(d.d12, vec4<f32>(v.v12), s); }
  if (WB > 13u) { s = fma(d.d13, vec4<f32>(v.v13), s); }
  return s;
}

// dy of the step's two output rows, oy and oy + 1.
var<private> d: Dy;
var<private> e: Dy;

// One tap of one input channel, the first G vec4 groups of output channels, over the two
// output rows of the step, whose input rows under this tap are r and u.
fn tap(a: V8, r: u32, rv: bool, u: u32, uv: bool, ix: i32) -> V8 {
  let v = x14(r, rv, ix);
  let w = x14(u, uv, ix);
  var b = a;
  b.a0 = dot(dot(a.a0, d.j0, v), e.j0, w);
  if (G > 1u) { b.a1 = dot(dot(a.a1, d.j1, v), e.j1, w); }
  if (G > 2u) {
    b.a2 = dot(dot(a.a2, d.j2, v), e.j2, w);
    b.a3 = dot(dot(a.a3, d.j3, v), e.j3, w);
  }
  if (G > 4u) {
    b.a4 = dot(dot(a.a4, d.j4, v), e.j4, w);
    b.a5 = dot(dot(a.a5, d.j5, v), e.j5, w);
    b.a6 = dot(dot(a.a6, d.j6, v), e.j6, w);
    b.a7 = dot(dot(a.a7, d.j7, v), e.j7, w);
  }
  return b;
}

// The first G vec4 groups of dy at WB columns from vec4 i of du.
fn dyAtColumns(i: u32) -> Dy {
  var y: Dy;
  y.j0 = d14(i);
  if (G > 1u) { y.j1 = d14(i + 1u); }
  if (G > 2u) {
    y.j2 = d14(i + 2u);
    y.j3 = d14(i + 3u);
  }
  if (G > 4u) {
    y.j4 = d14(i + 4u);
    y.j5 = d14(i + 5u);
    y.j6 = d14(i + 6u);
    y.j7 = d14(i + 7u);
  }
  return y;
}

// The input row of x channel plane xc at row iy (clamped), and whether iy is inside.
fn rowAt(xc: u32, iy: i32) -> u32 {
  return xc + u32(clamp(iy, 0, i32(p.h) - 1)) * p.w;
}

// The first vec4 of this invocation's slice of dw4 (set by `main`).
var<private> sliceAt: u32;

fn put(a: V8, c: u32, kh: u32, kw: u32) {
  if (p.a0 + kh >= p.khf || p.b0 + kw >= p.kwf) {
    return;
  }
  let kk = p.khf * p.kwf;
  let plane = p.c * kk;
  let at = sliceAt + p.o4 * plane + c * kk + (p.a0 + kh) * p.kwf + p.b0 + kw;
  // the block's first G vec4 groups (G is 1, 2, 4 or 8)
  for (var j = 0u; j < G; j++) {
    var v = v8At(a, j);
    if (p.acc != 0u) {
      v += dw4[at + j * plane];
    }
    dw4[at + j * plane] = v;
  }
}

fn put9(a00: V8, a01: V8, a02: V8, a10: V8, a11: V8, a12: V8, a20: V8, a21: V8, a22: V8, c: u32) {
  put(a00, c, 0u, 0u);
  if (KW > 1u) { put(a01, c, 0u, 1u); }
  if (KW > 2u) { put(a02, c, 0u, 2u); }
  if (KH > 1u) {
    put(a10, c, 1u, 0u);
    if (KW > 1u) { put(a11, c, 1u, 1u); }
    if (KW > 2u) { put(a12, c, 1u, 2u); }
  }
  if (KH > 2u) {
    put(a20, c, 2u, 0u);
    if (KW > 1u) { put(a21, c, 2u, 1u); }
    if (KW > 2u) { put(a22, c, 2u, 2u); }
  }
}

@compute @workgroup_size(WG)
fn main(inv: Invocation) {
  let id = invocationIndex(inv, WG);
  let pairsOfC = (p.c + 1u) / 2u;
  let slice = id / pairsOfC;
  if (slice >= p.slices) {
    return;
  }
  let i = id - slice * pairsOfC;
  sliceAt = slice * p.sliceStride;
  // this slice's row pairs of the chunk: [first, last)
  let per = (p.rows + p.slices - 1u) / p.slices;
  let first = min(slice * per, p.rows);
  let last = min(first + per, p.rows);
  let c0 = 2u * i;
  let c1 = min(c0 + 1u, p.c - 1u);
  let z = zeroV8();
  var a000 = z;
  var a001 = z;
  var a002 = z;
  var a010 = z;
  var a011 = z;
  var a012 = z;
  var a020 = z;
  var a021 = z;
  var a022 = z;
  var a100 = z;
  var a101 = z;
  var a102 = z;
  var a110 = z;
  var a111 = z;
  var a112 = z;
  var a120 = z;
  var a121 = z;
  var a122 = z;
  let hw = p.h * p.w;
  let steps = last * p.owb;
  for (var s = first * p.owb; s < steps; s++) {
    let r = s / p.owb;
    let blk = s - r * p.owb;
    let g = p.r0 + r;
    let n = g / p.ohp;
    let oy = (g - n * p.ohp) * 2u;
    let base = (r * 2u * p.owp + blk * WB) * G;
    let next = base + p.owp * G;
    d = dyAtColumns(base);
    e = dyAtColumns(next);
    let ix = i32(blk * WB * SW) - p.pw;
    let iy = i32(oy * SH) - p.ph;
    let jy = iy + i32(SH);
    let x0 = (n * p.c + c0) * hw;
    let x1 = (n * p.c + c1) * hw;
    let v0 = u32(iy) < p.h;
    let v1 = u32(iy + 1) < p.h;
    let v2 = u32(iy + 2) < p.h;
    let u0 = u32(jy) < p.h;
    let u1 = u32(jy + 1) < p.h;
    let u2 = u32(jy + 2) < p.h;
    a000 = tap(a000, rowAt(x0, iy), v0, rowAt(x0, jy), u0, ix);
    a100 = tap(a100, rowAt(x1, iy), v0, rowAt(x1, jy), u0, ix);
    if (KW > 1u) {
      a001 = tap(a001, rowAt(x0, iy), v0, rowAt(x0, jy), u0, ix + 1);
      a101 = tap(a101, rowAt(x1, iy), v0, rowAt(x1, jy), u0, ix + 1);
    }
    if (KW > 2u) {
      a002 = tap(a002, rowAt(x0, iy), v0, rowAt(x0, jy), u0, ix + 2);
      a102 = tap(a102, rowAt(x1, iy), v0, rowAt(x1, jy), u0, ix + 2);
    }
    if (KH > 1u) {
      a010 = tap(a010, rowAt(x0, iy + 1), v1, rowAt(x0, jy + 1), u1, ix);
      a110 = tap(a110, rowAt(x1, iy + 1), v1, rowAt(x1, jy + 1), u1, ix);
      if (KW > 1u) {
        a011 = tap(a011, rowAt(x0, iy + 1), v1, rowAt(x0, jy + 1), u1, ix + 1);
        a111 = tap(a111, rowAt(x1, iy + 1), v1, rowAt(x1, jy + 1), u1, ix + 1);
      }
      if (KW > 2u) {
        a012 = tap(a012, rowAt(x0, iy + 1), v1, rowAt(x0, jy + 1), u1, ix + 2);
        a112 = tap(a112, rowAt(x1, iy + 1), v1, rowAt(x1, jy + 1), u1, ix + 2);
      }
    }
    if (KH > 2u) {
      a020 = tap(a020, rowAt(x0, iy + 2), v2, rowAt(x0, jy + 2), u2, ix);
      a120 = tap(a120, rowAt(x1, iy + 2), v2, rowAt(x1, jy + 2), u2, ix);
      if (KW > 1u) {
        a021 = tap(a021, rowAt(x0, iy + 2), v2, rowAt(x0, jy + 2), u2, ix + 1);
        a121 = tap(a121, rowAt(x1, iy + 2), v2, rowAt(x1, jy + 2), u2, ix + 1);
      }
      if (KW > 2u) {
        a022 = tap(a022, rowAt(x0, iy + 2), v2, rowAt(x0, jy + 2), u2, ix + 2);
        a122 = tap(a122, rowAt(x1, iy + 2), v2, rowAt(x1, jy + 2), u2, ix + 2);
      }
    }
  }
  put9(a000, a001, a002, a010, a011, a012, a020, a021, a022, c0);
  if (c0 + 1u < p.c) {
    put9(a100, a101, a102, a110, a111, a112, a120, a121, a122, c0 + 1u);
  }
}

struct PackParams {
  total: u32,
  r0: u32,
  owp: u32,
  ob: u32,
  o: u32,
  oh: u32,
  ow: u32,
  pad0: u32,
}

@group(0) @binding(0) var dyt: texture_2d<f32>;
@group(0) @binding(1) var<storage, read_write> ddst: array<vec4<f32>>;
@group(0) @binding(2) var<uniform> q: PackParams;

// dy[n, o, oy, ox] from the flat texture (0 past the last output channel).
fn dyAt(n: u32, o: u32, oy: u32, ox: u32) -> f32 {
  let e = ((n * q.o + min(o, q.o - 1u)) * q.oh + oy) * q.ow + ox;
  return select(0.0, textureLoad(dyt, flatTexel(e), 0).x, o < q.o);
}

@compute @workgroup_size(64)
fn pack_dy(inv: Invocation) {
  // invocation i writes the vec4 of output channels q.ob + 4 * (i % G) .. + 3
  let i = invocationIndex(inv, 64u);
  if (i >= q.total / 4u) {
    return;
  }
  let t = (i % G) * 4u;
  let rest = i / G;
  let ox = rest % q.owp;
  let pair = rest / q.owp;
  let half = pair % 2u;
  let g = q.r0 + pair / 2u;
  let ohp = (q.oh + 1u) / 2u;
  let n = g / ohp;
  let oy = (g - n * ohp) * 2u + half;
  var v = vec4<f32>(0.0);
  if (ox < q.ow && oy < q.oh) {
    let o = q.ob + t;
    v = vec4<f32>(dyAt(n, o, oy, ox), dyAt(n, o + 1u, oy, ox), dyAt(n, o + 2u, oy, ox),
      dyAt(n, o + 3u, oy, ox));
  }
  ddst[i] = v;
}

@group(0) @binding(0) var dyt4: texture_2d_array<f32>;

// dy at 4 consecutive positions of plane (n, o) from `at` on (0 past the last channel).
fn dy4At(n: u32, o: u32, at: u32) -> vec4<f32> {
  let hw = q.oh * q.ow;
  let v = textureLoad(dyt4, flatTexel4(((n * q.o + min(o, q.o - 1u)) * hw + at) / 4u), 0, 0);
  return select(vec4<f32>(0.0), v, o < q.o);
}

@compute @workgroup_size(64)
fn pack_dy4(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  if (i >= q.total / 16u) {
    return;
  }
  let j = i % G;
  let m = i / G;
  let hw = q.oh * q.ow;
  let first = q.r0 * 2u * q.ow + 4u * m;
  let n = first / hw;
  let at = first - n * hw;
  let o = q.ob + 4u * j;
  let a = dy4At(n, o, at);
  let b = dy4At(n, o + 1u, at);
  let c = dy4At(n, o + 2u, at);
  let d = dy4At(n, o + 3u, at);
  let out = 4u * m * G + j;
  ddst[out] = vec4<f32>(a.x, b.x, c.x, d.x);
  ddst[out + G] = vec4<f32>(a.y, b.y, c.y, d.y);
  ddst[out + 2u * G] = vec4<f32>(a.z, b.z, c.z, d.z);
  ddst[out + 3u * G] = vec4<f32>(a.w, b.w, c.w, d.w);
}

struct UnpackParams {
  o: u32,
  ckk: u32,
  slices: u32,
  sliceStride: u32,
}

@group(0) @binding(0) var<storage, read> dsrc: array<f32>;
@group(0) @binding(1) var<storage, read_write> wdst: array<f32>;
@group(0) @binding(2) var<uniform> u: UnpackParams;

@compute @workgroup_size(64)
fn unpack(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  if (i >= u.o * u.ckk) {
    return;
  }
  let s = i % u.ckk;
  let o = i / u.ckk;
  let at = ((o / 4u) * u.ckk + s) * 4u + o % 4u;
  // the slices' partial sums, in slice order (one addition per statement)
  var v = dsrc[at];
  for (var k = 1u; k < u.slices; k++) {
    v = v + dsrc[k * u.sliceStride + at];
  }
  wdst[i] = v;
}
