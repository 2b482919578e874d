// affine_resample.wgsl: per-image 2-D affine resampling of an NCHW batch, bilinear.
// For output pixel (x = column, y = row) of image b the sample point in input image b is
//   u = m0 * x + m1 * y + m2,   v = m3 * x + m4 * y + m5,   m = mats[6b .. 6b + 6),
// a row-major 2x3 matrix mapping output pixel coordinates to input pixel coordinates.
// Pixel centres sit at integer coordinates: the identity matrix copies the image exactly.
// The four taps around (u, v) are weighted bilinearly; a tap outside the input reads 0
// (PAD 0, zeros, as grid_sample padding_mode="zeros") or the nearest edge pixel
// (PAD 1, border). One invocation per output pixel computes the taps and weights once
// and loops over the channels. Not differentiated: the adjoint is a scatter.
//
// Bindings (group 0):
//   0  x: array<f32>, read          [n, c, h, w], contiguous
//   1  mats: array<f32>, read       [n, 2, 3], row-major per image
//   2  y: array<f32>, read_write    [n, c, oh, ow], contiguous
//   3  p: uniform Params { n: u32, c: u32, h: u32, w: u32, oh: u32, ow: u32,
//                          pad0: u32, pad1: u32 }
// Overrides: PAD (u32): 0 zeros, 1 border.
// Workgroup size: 8 x 8 x 1.
// Dispatch: (ceil(ow / 8), ceil(oh / 8), n); global id = (column, row, image), so n <= 65535.
//   (A 2-D grid: no integer division per invocation, ~1.5x faster than 1-D on llvmpipe.)

override PAD: u32 = 0u;

struct Params {
  n: u32,
  c: u32,
  h: u32,
  w: u32,
  oh: u32,
  ow: u32,
  pad0: u32,
  pad1: u32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> mats: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

@compute @workgroup_size(8, 8, 1)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let opix = p.oh * p.ow;
  let ox = gid.x;
  let oy = gid.y;
  let b = gid.z;
  if (ox >= p.ow || oy >= p.oh || b >= p.n) {
    return;
  }
  let m = 6u * b;
  let fx = f32(ox);
  let fy = f32(oy);
  let wf = f32(p.w);
  let hf = f32(p.h);
  // Clamped so that the integer conversion is defined; beyond [-1, size] every tap is
  // outside in zeros mode and reads the edge in border mode, as it would unclamped.
  let u = clamp(mats[m] * fx + mats[m + 1u] * fy + mats[m + 2u], -2.0, wf + 1.0);
  let v = clamp(mats[m + 3u] * fx + mats[m + 4u] * fy + mats[m + 5u], -2.0, hf + 1.0);
  let u0f = floor(u);
  let v0f = floor(v);
  let ax = u - u0f;
  let ay = v - v0f;
  let x0 = i32(u0f);
  let y0 = i32(v0f);
  let x1 = x0 + 1;
  let y1 = y0 + 1;
  let wi = i32(p.w);
  let hi = i32(p.h);
  var wx0 = 1.0 - ax;
  var wx1 = ax;
  var wy0 = 1.0 - ay;
  var wy1 = ay;
  if (PAD == 0u) {
    wx0 = select(0.0, wx0, x0 >= 0 && x0 < wi);
    wx1 = select(0.0, wx1, x1 >= 0 && x1 < wi);
    wy0 = select(0.0, wy0, y0 >= 0 && y0 < hi);
    wy1 = select(0.0, wy1, y1 >= 0 && y1 < hi);
  }
  let cx0 = u32(clamp(x0, 0, wi - 1));
  let cx1 = u32(clamp(x1, 0, wi - 1));
  let r0 = u32(clamp(y0, 0, hi - 1)) * p.w;
  let r1 = u32(clamp(y1, 0, hi - 1)) * p.w;
  let ipix = p.h * p.w;
  var src = b * p.c * ipix;
  var dst = b * p.c * opix + oy * p.ow + ox;
  for (var c = 0u; c < p.c; c++) {
    let top = wx0 * x[src + r0 + cx0] + wx1 * x[src + r0 + cx1];
    let bottom = wx0 * x[src + r1 + cx0] + wx1 * x[src + r1 + cx1];
    y[dst] = wy0 * top + wy1 * bottom;
    src += ipix;
    dst += opix;
  }
}
