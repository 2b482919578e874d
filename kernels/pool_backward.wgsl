// pool_backward.wgsl: gradients of pool.wgsl, one invocation per input element (no atomics).
//   MODE 0 average: dx[p, r, c] = dy[p, r/k, c/k] / k^2 inside the pooled area, else 0
//   MODE 1 max: dy goes to the first maximum of each window (row-major order), others get 0
//   MODE 2 nearest upsampling: dx[p, r, c] = sum over (a, b) < (k, k) of dy[p, r*k + a, c*k + b]
//
// Bindings (group 0):
//   0  x: array<f32>, read          [planes, h, w] the forward input
//   1  dy: array<f32>, read         [planes, oh, ow]
//   2  dx: array<f32>, read_write   [planes, h, w]
//   3  p: uniform Params { planes: u32, h: u32, w: u32, k: u32, oh: u32, ow: u32, pad0: u32, pad1: u32 }
// Overrides: MODE (u32).
// Workgroup size: 64 x 1 x 1.
// Dispatch: n = planes * h * w; groups = ceil(n / 64); (x, y, 1) with x = min(groups, 65535),
//   y = ceil(groups / x). Invocation index i = (wid.y * nwg.x + wid.x) * 64 + lid.x.
//
// The entries below read dy through dyt: texture_2d_array<f32>, rgba32float, one layer, dy as
// a flat array of vec4 (flatTexel4: texel (q % 2048, q / 2048); the host copies dy's buffer
// there), at binding 0; 1 is dx's buffer as a vec4 or vec2 array, read_write; 2 q: uniform
// Params (as `main`). Same grid rule as `main`, their own n_inv.
//
// Entry `avg2x2`: MODE 0 with k = 2 and w % 8 == 0, 8 input columns per invocation (one texel
//   of dy, two vec4 writes of dx4: array<vec4<f32>>). n_inv = planes * h * w / 8; invocation
//   i writes columns 8 * (i % (w / 8)) .. + 7 of row (i / (w / 8)) % h of plane i / (h * w / 8).
//
// Entry `avg2x2n`: MODE 0 with k = 2 and w % 4 == 0 (rows of 28), 4 input columns per
//   invocation (half a texel of dy, one vec4 write of dx4). n_inv = planes * h * w / 4;
//   invocation i writes columns 4 * (i % (w / 4)) .. + 3 of row (i / (w / 4)) % h of plane
//   i / (h * w / 4).
//
// Entry `upsample2x`: MODE 2 with k = 2 and w % 2 == 0, two dx per invocation (two texels of
//   dy, one vec2 write of dx2: array<vec2<f32>>), summed in `main`'s order. n_inv =
//   planes * h * w / 2; invocation i writes dx columns 2 * (i % (w / 2)) and + 1 of row
//   r = i / (w / 2) (counting rows over all planes), from dy rows 2 r and 2 r + 1.
//
// Entry `avg2x2e`: MODE 0 with k = 2 and w % 2 == 0 (rows of 14), two dx per invocation (one
//   texel of dy, component e % 4; one vec2 write of dx2). n_inv = planes * h * w / 2;
//   invocation i writes columns 2 * (i % (w / 2)) and + 1 of row (i / (w / 2)) % h of plane
//   i / (h * w / 2).
//
// Entry `upsample2x1`: MODE 2 with k = 2 and any w (7 x 7 maps), one dx per invocation (two
//   texels of dy, half of each taken; a scalar write of dx: array<f32>), summed in `main`'s
//   order. n_inv = planes * h * w; invocation i writes dx column i % w of row r = i / w
//   (counting rows over all planes), from dy rows 2 r and 2 r + 1.

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
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read_write> dx: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(inv: Invocation) {
  let idx = invocationIndex(inv, 64u);
  if (idx >= p.planes * p.h * p.w) {
    return;
  }
  let c = idx % p.w;
  let r = (idx / p.w) % p.h;
  let plane = idx / (p.w * p.h);
  let obase = plane * p.oh * p.ow;
  if (MODE == 2u) {
    var s = 0.0;
    for (var a = 0u; a < p.k; a++) {
      for (var b = 0u; b < p.k; b++) {
        s += dy[obase + (r * p.k + a) * p.ow + c * p.k + b];
      }
    }
    dx[idx] = s;
    return;
  }
  let i = r / p.k;
  let j = c / p.k;
  if (i >= p.oh || j >= p.ow) {
    dx[idx] = 0.0;
    return;
  }
  let g = dy[obase + i * p.ow + j];
  if (MODE == 0u) {
    dx[idx] = g / f32(p.k * p.k);
    return;
  }
  // max: is this element the first maximum of its window?
  let base = plane * p.h * p.w;
  var best = x[base + i * p.k * p.w + j * p.k];
  var bestIdx = base + i * p.k * p.w + j * p.k;
  for (var a = 0u; a < p.k; a++) {
    for (var b = 0u; b < p.k; b++) {
      let at = base + (i * p.k + a) * p.w + j * p.k + b;
      if (x[at] > best) {
        best = x[at];
        bestIdx = at;
      }
    }
  }
  dx[idx] = select(0.0, g, bestIdx == idx);
}

@group(0) @binding(0) var dyt: texture_2d_array<f32>;
@group(0) @binding(1) var<storage, read_write> dx4: array<vec4<f32>>;
@group(0) @binding(2) var<uniform> q: Params;

fn dy4(t: u32) -> vec4<f32> {
  return textureLoad(dyt, flatTexel4(t), 0, 0);
}

@compute @workgroup_size(64)
fn avg2x2(inv: Invocation) {
  let idx = invocationIndex(inv, 64u);
  let w8 = q.w / 8u;
  if (idx >= q.planes * q.h * w8) {
    return;
  }
  let col = idx % w8;
  let rest = idx / w8;
  let r = rest % q.h;
  let plane = rest / q.h;
  // a row left over below the last window (h odd) gets zeros
  var d = vec4<f32>(0.0);
  if (r / 2u < q.oh) {
    d = dy4((plane * q.oh + r / 2u) * (q.ow / 4u) + col) / 4.0;
  }
  let at = (plane * q.h + r) * (q.w / 4u) + 2u * col;
  dx4[at] = d.xxyy;
  dx4[at + 1u] = d.zzww;
}

@compute @workgroup_size(64)
fn avg2x2n(inv: Invocation) {
  let idx = invocationIndex(inv, 64u);
  let w4 = q.w / 4u;
  if (idx >= q.planes * q.h * w4) {
    return;
  }
  let col = idx % w4;
  let rest = idx / w4;
  let r = rest % q.h;
  let plane = rest / q.h;
  var d = vec2<f32>(0.0);
  if (r / 2u < q.oh) {
    // dy columns 2 col, 2 col + 1 (ow = w / 2 is even: one half of a texel)
    let e = (plane * q.oh + r / 2u) * q.ow + 2u * col;
    let t = dy4(e / 4u);
    d = select(t.xy, t.zw, (e & 2u) == 2u) / 4.0;
  }
  dx4[idx] = d.xxyy;
}

@group(0) @binding(1) var<storage, read_write> dx2: array<vec2<f32>>;

@compute @workgroup_size(64)
fn upsample2x(inv: Invocation) {
  let idx = invocationIndex(inv, 64u);
  let w2 = q.w / 2u;
  if (idx >= q.planes * q.h * w2) {
    return;
  }
  let top = 2u * (idx / w2) * w2 + idx % w2;
  let a = dy4(top);
  let b = dy4(top + w2);
  // one sum per statement, in main's order (a window's row 0, then row 1)
  var left = a.x + a.y;
  left = left + b.x;
  left = left + b.y;
  var right = a.z + a.w;
  right = right + b.z;
  right = right + b.w;
  dx2[idx] = vec2<f32>(left, right);
}

@compute @workgroup_size(64)
fn avg2x2e(inv: Invocation) {
  let idx = invocationIndex(inv, 64u);
  let w2 = q.w / 2u;
  if (idx >= q.planes * q.h * w2) {
    return;
  }
  let col = idx % w2;
  let rest = idx / w2;
  let r = rest % q.h;
  let plane = rest / q.h;
  var d = 0.0;
  if (r / 2u < q.oh) {
    let e = (plane * q.oh + r / 2u) * q.ow + col;
    d = dy4(e / 4u)[e & 3u] / 4.0;
  }
  dx2[idx] = vec2<f32>(d);
}

@group(0) @binding(1) var<storage, read_write> dx1: array<f32>;

@compute @workgroup_size(64)
fn upsample2x1(inv: Invocation) {
  let idx = invocationIndex(inv, 64u);
  if (idx >= q.planes * q.h * q.w) {
    return;
  }
  // dy columns 2 c, 2 c + 1 of rows 2 r, 2 r + 1 (ow = 2 w: rows start at even floats)
  let e = 4u * (idx / q.w) * q.w + 2u * (idx % q.w);
  let a4 = dy4(e / 4u);
  let b4 = dy4((e + 2u * q.w) / 4u);
  let a = select(a4.xy, a4.zw, (e & 2u) == 2u);
  let b = select(b4.xy, b4.zw, ((e + 2u * q.w) & 2u) == 2u);
  var s = a.x + a.y;
  s = s + b.x;
  s = s + b.y;
  dx1[idx] = s;
}
