// color_jitter.wgsl: DSA colour augmentation (Zhao & Bilen 2021) of an NCHW batch with
// per-image factors (b, s, k) = q[img].xyz, applied in DSA's order:
//   brightness   x1 = x + b
//   saturation   x2 = (x1 - mc) * s + mc,   mc = mean of x1 over the channels of a pixel
//   contrast     y  = (x2 - M) * k + M,     M  = mean of x2 over the whole image
// Saturation keeps each pixel's channel mean, so M = mean(x) + b: one workgroup per image
// sums the image (64 strided partial sums in workgroup memory, then each invocation adds
// them in the same order: deterministic), then its 64 invocations stride over the pixels. With b = 0 the map is linear and self-adjoint,
// so the same kernel computes the gradient.
//
// Bindings (group 0):
//   0  x: array<f32>, read          [n, c, h, w], contiguous
//   1  q: array<vec4<f32>>, read    [n]: (brightness b, saturation s, contrast k, unused)
//   2  y: array<f32>, read_write    [n, c, h, w]
//   3  p: uniform Params { n: u32, c: u32, hw: u32, pad: u32 }    hw = h * w
// Overrides: none.
// Workgroup size: 64 x 1 x 1 (one workgroup per image).
// Dispatch: (x, y, 1) with x = min(n, 65535), y = ceil(n / x); image = wid.y * nwg.x + wid.x.

struct Params {
  n: u32,
  c: u32,
  hw: u32,
  pad: u32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> q: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

var<workgroup> partial: array<f32, 64>;

@compute @workgroup_size(64)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let img = wid.y * nwg.x + wid.x;
  if (img >= p.n) {
    return;
  }
  let size = p.c * p.hw;
  let base = img * size;
  var s = 0.0;
  for (var k = lid; k < size; k += 64u) {
    s += x[base + k];
  }
  partial[lid] = s;
  workgroupBarrier();
  // Every invocation adds the 64 partial sums in the same order: one barrier, same total.
  var total = 0.0;
  for (var k = 0u; k < 64u; k++) {
    total += partial[k];
  }
  let f = q[img];
  let mean = total / f32(size) + f.x;
  let invc = 1.0 / f32(p.c);
  for (var k = lid; k < p.hw; k += 64u) {
    var mc = 0.0;
    for (var c = 0u; c < p.c; c++) {
      mc += x[base + c * p.hw + k];
    }
    mc = mc * invc + f.x;
    for (var c = 0u; c < p.c; c++) {
      let at = base + c * p.hw + k;
      let sat = (x[at] + f.x - mc) * f.y + mc;
      y[at] = (sat - mean) * f.z + mean;
    }
  }
}
