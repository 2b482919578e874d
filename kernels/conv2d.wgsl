// conv2d.wgsl (experimental)
override WB: u32 = 8u;
override HAS_BIAS: bool = false;
override WG: u32 = 64u;

struct Params {
  n: u32, c: u32, h: u32, w: u32,
  oh: u32, ow: u32, owb: u32, nob: u32,
  kh: u32, kw: u32, sh: u32, sw: u32,
  ph: i32, pw: i32, o: u32, o4: u32,
  yh: u32, yw: u32, y0: u32, x0: u32,
  ysh: u32, ysw: u32, pad0: u32, pad1: u32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> wt: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
@group(0) @binding(4) var<uniform> p: Params;

var<private> yBase: u32;
var<private> yPlane: u32;
var<private> oBase: u32;
var<private> colBase: u32;

fn ldx(row: u32, ix: i32) -> f32 {
  let v = x[row + u32(clamp(ix, 0, i32(p.w) - 1))];
  return select(0.0, v, u32(ix) < p.w);
}

fn put(acc: vec4<f32>, col: u32, j: u32) {
  let ox = colBase + col;
  if (ox >= p.ow) {
    return;
  }
  for (var k = 0u; k < 4u; k++) {
    let o = oBase + j * 4u + k;
    if (o < p.o) {
      var v = acc[k];
      if (HAS_BIAS) {
        v += bias[o];
      }
      y[yBase + o * yPlane + p.x0 + ox * p.ysw] = v;
    }
  }
}

@compute @workgroup_size(WG)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let id = (wid.y * nwg.x + wid.x) * WG + lid;
  if (id >= p.nob * p.oh * p.owb * p.n) {
    return;
  }
  let n = id % p.n;
  var r = id / p.n;
  let bw = r % p.owb;
  r = r / p.owb;
  let oy = r % p.oh;
  let ob = r / p.oh;
  let sw = i32(p.sw);
  let ixb = i32(bw * WB * p.sw) - p.pw;
  let iy0 = i32(oy * p.sh) - p.ph;
  var a00 = vec4<f32>(0.0);
  var a01 = vec4<f32>(0.0);
  var a02 = vec4<f32>(0.0);
  var a03 = vec4<f32>(0.0);
  var a10 = vec4<f32>(0.0);
  var a11 = vec4<f32>(0.0);
  var a12 = vec4<f32>(0.0);
  var a13 = vec4<f32>(0.0);
  var a20 = vec4<f32>(0.0);
  var a21 = vec4<f32>(0.0);
  var a22 = vec4<f32>(0.0);
  var a23 = vec4<f32>(0.0);
  var a30 = vec4<f32>(0.0);
  var a31 = vec4<f32>(0.0);
  var a32 = vec4<f32>(0.0);
  var a33 = vec4<f32>(0.0);
  var a40 = vec4<f32>(0.0);
  var a41 = vec4<f32>(0.0);
  var a42 = vec4<f32>(0.0);
  var a43 = vec4<f32>(0.0);
  var a50 = vec4<f32>(0.0);
  var a51 = vec4<f32>(0.0);
  var a52 = vec4<f32>(0.0);
  var a53 = vec4<f32>(0.0);
  var a60 = vec4<f32>(0.0);
  var a61 = vec4<f32>(0.0);
  var a62 = vec4<f32>(0.0);
  var a63 = vec4<f32>(0.0);
  var a70 = vec4<f32>(0.0);
  var a71 = vec4<f32>(0.0);
  var a72 = vec4<f32>(0.0);
  var a73 = vec4<f32>(0.0);
  var wi = ob * 4u;
  let hw = p.h * p.w;
  for (var c = 0u; c < p.c; c++) {
    let xc = (n * p.c + c) * hw;
    for (var ky = 0u; ky < p.kh; ky++) {
      let iy = iy0 + i32(ky);
      if (u32(iy) >= p.h) {
        wi += p.kw * p.o4;
        continue;
      }
      let row = xc + u32(iy) * p.w;
      for (var kx = 0u; kx < p.kw; kx++) {
      let w0 = wt[wi];
      let w1 = wt[wi + 1u];
      let w2 = wt[wi + 2u];
      let w3 = wt[wi + 3u];
      let ix = ixb + i32(kx);
      let v0 = ldx(row, ix);
      a00 = fma(w0, vec4<f32>(v0), a00);
      a01 = fma(w1, vec4<f32>(v0), a01);
      a02 = fma(w2, vec4<f32>(v0), a02);
      a03 = fma(w3, vec4<f32>(v0), a03);
      if (WB > 1u) {
        let v1 = ldx(row, ix + 1 * sw);
        a10 = fma(w0, vec4<f32>(v1), a10);
        a11 = fma(w1, vec4<f32>(v1), a11);
        a12 = fma(w2, vec4<f32>(v1), a12);
        a13 = fma(w3, vec4<f32>(v1), a13);
      }
      if (WB > 2u) {
        let v2 = ldx(row, ix + 2 * sw);
        a20 = fma(w0, vec4<f32>(v2), a20);
        a21 = fma(w1, vec4<f32>(v2), a21);
        a22 = fma(w2, vec4<f32>(v2), a22);
        a23 = fma(w3, vec4<f32>(v2), a23);
      }
      if (WB > 3u) {
        let v3 = ldx(row, ix + 3 * sw);
        a30 = fma(w0, vec4<f32>(v3), a30);
        a31 = fma(w1, vec4<f32>(v3), a31);
        a32 = fma(w2, vec4<f32>(v3), a32);
        a33 = fma(w3, vec4<f32>(v3), a33);
      }
      if (WB > 4u) {
        let v4 = ldx(row, ix + 4 * sw);
        a40 = fma(w0, vec4<f32>(v4), a40);
        a41 = fma(w1, vec4<f32>(v4), a41);
        a42 = fma(w2, vec4<f32>(v4), a42);
        a43 = fma(w3, vec4<f32>(v4), a43);
      }
      if (WB > 5u) {
        let v5 = ldx(row, ix + 5 * sw);
        a50 = fma(w0, vec4<f32>(v5), a50);
        a51 = fma(w1, vec4<f32>(v5), a51);
        a52 = fma(w2, vec4<f32>(v5), a52);
        a53 = fma(w3, vec4<f32>(v5), a53);
      }
      if (WB > 6u) {
        let v6 = ldx(row, ix + 6 * sw);
        a60 = fma(w0, vec4<f32>(v6), a60);
        a61 = fma(w1, vec4<f32>(v6), a61);
        a62 = fma(w2, vec4<f32>(v6), a62);
        a63 = fma(w3, vec4<f32>(v6), a63);
      }
      if (WB > 7u) {
        let v7 = ldx(row, ix + 7 * sw);
        a70 = fma(w0, vec4<f32>(v7), a70);
        a71 = fma(w1, vec4<f32>(v7), a71);
        a72 = fma(w2, vec4<f32>(v7), a72);
        a73 = fma(w3, vec4<f32>(v7), a73);
      }
      wi += p.o4;
      }
    }
  }
  yPlane = p.yh * p.yw;
  oBase = ob * 16u;
  yBase = n * p.o * yPlane + (p.y0 + oy * p.ysh) * p.yw;
  colBase = bw * WB;
  { put(a00, 0u, 0u); put(a01, 0u, 1u); put(a02, 0u, 2u); put(a03, 0u, 3u); }
  if (WB > 1u) { put(a10, 1u, 0u); put(a11, 1u, 1u); put(a12, 1u, 2u); put(a13, 1u, 3u); }
  if (WB > 2u) { put(a20, 2u, 0u); put(a21, 2u, 1u); put(a22, 2u, 2u); put(a23, 2u, 3u); }
  if (WB > 3u) { put(a30, 3u, 0u); put(a31, 3u, 1u); put(a32, 3u, 2u); put(a33, 3u, 3u); }
  if (WB > 4u) { put(a40, 4u, 0u); put(a41, 4u, 1u); put(a42, 4u, 2u); put(a43, 4u, 3u); }
  if (WB > 5u) { put(a50, 5u, 0u); put(a51, 5u, 1u); put(a52, 5u, 2u); put(a53, 5u, 3u); }
  if (WB > 6u) { put(a60, 6u, 0u); put(a61, 6u, 1u); put(a62, 6u, 2u); put(a63, 6u, 3u); }
  if (WB > 7u) { put(a70, 7u, 0u); put(a71, 7u, 1u); put(a72, 7u, 2u); put(a73, 7u, 3u); }
}

// [O, C, KH, KW] -> wt[((c * KH + ky) * KW + kx) * O4 + o / 4][o % 4], zero for o >= O
@group(0) @binding(0) var<storage, read> wsrc: array<f32>;
@group(0) @binding(1) var<storage, read_write> wdst: array<f32>;
@group(0) @binding(2) var<uniform> q: Params;

@compute @workgroup_size(64)
fn pack(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let i = (wid.y * nwg.x + wid.x) * 64u + lid;
  let o4 = q.o4 * 4u;
  let taps = q.kh * q.kw;
  if (i >= q.c * taps * o4) {
    return;
  }
  let o = i % o4;
  let rest = i / o4;  // c * taps + tap
  let c = rest / taps;
  let tap = rest % taps;
  var v = 0.0;
  if (o < q.o) {
    v = wsrc[(o * q.c + c) * taps + tap];
  }
  wdst[i] = v;
}
