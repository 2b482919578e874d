// softmax.wgsl: softmax or log-softmax of f32 along the middle axis of [outer, r, inner].
// One invocation per (outer, inner) row: max, then sum of exp, then write (stable).
//
// Bindings (group 0):
//   0  x: array<f32>, read         [outer, r, inner], contiguous
//   1  y: array<f32>, read_write   same shape
//   2  p: uniform Params { outer: u32, r: u32, inner: u32, pad: u32 }
// Overrides: LOG (bool): log-softmax instead of softmax.
// Workgroup size: 64 x 1 x 1.
// Dispatch: n = outer * inner; groups = ceil(n / 64); (x, y, 1) with x = min(groups, 65535),
//   y = ceil(groups / x). Invocation index i = (wid.y * nwg.x + wid.x) * 64 + lid.x.

override LOG: bool = false;

struct Params {
  outer: u32,
  r: u32,
  inner: u32,
  pad: u32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let i = (wid.y * nwg.x + wid.x) * 64u + lid;
  if (i >= p.outer * p.inner) {
    return;
  }
  let o = i / p.inner;
  let base = o * p.r * p.inner + (i - o * p.inner);
  let step = p.inner;
  var m = x[base];
  for (var k = 1u; k < p.r; k++) {
    m = max(m, x[base + k * step]);
  }
  var s = 0.0;
  for (var k = 0u; k < p.r; k++) {
    s += exp(x[base + k * step] - m);
  }
  if (LOG) {
    let lse = m + log(s);
    for (var k = 0u; k < p.r; k++) {
      y[base + k * step] = x[base + k * step] - lse;
    }
  } else {
    let inv = 1.0 / s;
    for (var k = 0u; k < p.r; k++) {
      y[base + k * step] = exp(x[base + k * step] - m) * inv;
    }
  }
}
