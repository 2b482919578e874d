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
// Entry `avg2x2`: MODE 0 with k = 2 and w % 8 == 0, 8 input columns per invocation (one vec4
//   read of dy, two vec4 writes of dx). Bindings: 0 dy4: array<vec4<f32>>, read; 1 dx4:
//   array<vec4<f32>>, read_write; 2 q: uniform Params (as `main`). n_inv = planes * h * w / 8, same grid rule; invocation i writes
//   columns 8 * (i % (w / 8)) .. + 7 of row (i / (w / 8)) % h of plane i / (h * w / 8).
//
// Entry `upsample2x`: MODE 2 with k = 2 and w % 2 == 0, two dx per invocation (two vec4
//   reads of dy, one vec2 write), summed in `main`'s order. Bindings: 0 dy4 and 2 q as
//   `avg2x2`; 1 dx2: array<vec2<f32>>, read_write (dx's buffer). n_inv = planes * h * w / 2,
//   same grid rule; invocation i writes dx columns 2 * (i % (w / 2)) and + 1 of row
//   r = i / (w / 2) (counting rows over all planes), from dy rows 2 r and 2 r + 1.

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

@group(0) @binding(0) var<storage, read> dy4: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> dx4: array<vec4<f32>>;
@group(0) @binding(2) var<uniform> q: Params;

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
    d = dy4[(plane * q.oh + r / 2u) * (q.ow / 4u) + col] / 4.0;
  }
  let at = (plane * q.h + r) * (q.w / 4u) + 2u * col;
  dx4[at] = d.xxyy;
  dx4[at + 1u] = d.zzww;
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
  let a = dy4[top];
  let b = dy4[top + w2];
  // one sum per statement, in main's order (a window's row 0, then row 1)
  var left = a.x + a.y;
  left = left + b.x;
  left = left + b.y;
  var right = a.z + a.w;
  right = right + b.z;
  right = right + b.w;
  dx2[idx] = vec2<f32>(left, right);
}
