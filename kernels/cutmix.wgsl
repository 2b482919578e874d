// cutmix.wgsl: CutMix (Yun et al. 2019) of an NCHW batch. Image b keeps its own pixels
// outside its box and takes the pixels inside the box from image partner[b]:
//   y[b, c, r, col] = x[partner[b], c, r, col]  if x0 <= col < x1 and y0 <= r < y1
//                   = x[b, c, r, col]           otherwise,   (x0, y0, x1, y1) = boxes[b]
// and writes the weight of image b's own label, lam[b] = 1 - box area / (h * w)
// (boxes are clamped to the image; a partner index out of range reads image b).
// One invocation per output element; the one at element 0 of an image writes its lam.
//
// Bindings (group 0):
//   0  x: array<f32>, read            [n, c, h, w], contiguous
//   1  partner: array<i32>, read      [n]
//   2  boxes: array<vec4<i32>>, read  [n]: (x0, y0, x1, y1), half-open, in pixels
//   3  y: array<f32>, read_write      [n, c, h, w]
//   4  lam: array<f32>, read_write    [n]
//   5  p: uniform Params { n: u32, c: u32, h: u32, w: u32 }
// Overrides: none.
// Workgroup size: 64 x 1 x 1.
// Dispatch: total = n * c * h * w; groups = ceil(total / 64); (x, y, 1) with
//   x = min(groups, 65535), y = ceil(groups / x). i = (wid.y * nwg.x + wid.x) * 64 + lid.x.

// #include "invocation.wgsl"

struct Params {
  n: u32,
  c: u32,
  h: u32,
  w: u32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> partner: array<i32>;
@group(0) @binding(2) var<storage, read> boxes: array<vec4<i32>>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
@group(0) @binding(4) var<storage, read_write> lam: array<f32>;
@group(0) @binding(5) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  let size = p.c * p.h * p.w;
  if (i >= p.n * size) {
    return;
  }
  let b = i / size;
  let within = i - b * size;
  let col = i32(within % p.w);
  let row = i32((within / p.w) % p.h);
  let hi = vec4<i32>(i32(p.w), i32(p.h), i32(p.w), i32(p.h));
  let box = clamp(boxes[b], vec4<i32>(0), hi);
  var src = b;
  if (col >= box.x && col < box.z && row >= box.y && row < box.w) {
    let j = partner[b];
    if (j >= 0 && u32(j) < p.n) {
      src = u32(j);
    }
  }
  y[i] = x[src * size + within];
  if (within == 0u) {
    let area = max(box.z - box.x, 0) * max(box.w - box.y, 0);
    lam[b] = 1.0 - f32(area) / f32(p.h * p.w);
  }
}
