// cross_entropy.wgsl: per-row softmax cross-entropy with integer labels, and its gradient.
//   loss[n] = logsumexp(z[n, :]) - z[n, label[n]]   (NaN when label[n] is outside [0, c))
//   backward: dz[n, k] = (softmax(z[n, :])[k] - (k == label[n])) * gloss[n]
// One invocation per row.
//
// Bindings (group 0):
//   0  z: array<f32>, read               [rows, c] logits, contiguous
//   1  labels: array<i32>, read          [rows]
//   2  gloss: array<f32>, read           [rows] gradient of loss (BACKWARD only; bind any
//                                        f32 buffer in forward mode)
//   3  out: array<f32>, read_write       forward: loss [rows]; backward: dz [rows, c]
//   4  p: uniform Params { rows: u32, c: u32, pad0: u32, pad1: u32 }
// Overrides: BACKWARD (bool).
// Workgroup size: 64 x 1 x 1.
// Dispatch: groups = ceil(rows / 64); (x, y, 1) with x = min(groups, 65535), y = ceil(groups / x).
//   Invocation index i = (wid.y * nwg.x + wid.x) * 64 + lid.x; i >= rows returns.

// #include "invocation.wgsl"
// #include "math.wgsl"

override BACKWARD: bool = false;

struct Params {
  rows: u32,
  c: u32,
  pad0: u32,
  pad1: u32,
}

@group(0) @binding(0) var<storage, read> z: array<f32>;
@group(0) @binding(1) var<storage, read> labels: array<i32>;
@group(0) @binding(2) var<storage, read> gloss: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
@group(0) @binding(4) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(inv: Invocation) {
  let n = invocationIndex(inv, 64u);
  if (n >= p.rows) {
    return;
  }
  let base = n * p.c;
  var m = z[base];
  for (var k = 1u; k < p.c; k++) {
    m = max(m, z[base + k]);
  }
  var s = 0.0;
  for (var k = 0u; k < p.c; k++) {
    s += exp(z[base + k] - m);
  }
  let label = labels[n];
  let valid = label >= 0 && u32(label) < p.c;
  if (BACKWARD) {
    let gn = gloss[n];
    let rs = 1.0 / s;
    for (var k = 0u; k < p.c; k++) {
      let hot = select(0.0, 1.0, valid && u32(label) == k);
      out[base + k] = (exp(z[base + k] - m) * rs - hot) * gn;
    }
  } else {
    let zl = z[base + u32(select(0, label, valid))];
    out[n] = select(nan(), m + log(s) - zl, valid);
  }
}
