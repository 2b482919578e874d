// sgd.wgsl: fused SGD update with momentum, dampening, Nesterov and weight decay
// (PyTorch semantics), in place.
//   g' = g + weightDecay * w
//   buf = first ? g' : momentum * buf + (1 - dampening) * g'   (when momentum != 0)
//   d = nesterov ? g' + momentum * buf : buf                   (d = g' when momentum == 0)
//   w -= lr * d
//
// Bindings (group 0):
//   0  w: array<f32>, read_write     n elements
//   1  buf: array<f32>, read_write   n elements (momentum buffer)
//   2  g: array<f32>, read           n elements
//   3  p: uniform Params { n: u32, lr: f32, momentum: f32, dampening: f32,
//                          weightDecay: f32, nesterov: u32, first: u32, pad: u32 }
// Workgroup size: 64 x 1 x 1.
// Dispatch: groups = ceil(n / 64); (x, y, 1) with x = min(groups, 65535), y = ceil(groups / x).
//   Invocation index i = (wid.y * nwg.x + wid.x) * 64 + lid.x; i >= n returns.

// #include "invocation.wgsl"

struct Params {
  n: u32,
  lr: f32,
  momentum: f32,
  dampening: f32,
  weightDecay: f32,
  nesterov: u32,
  first: u32,
  pad: u32,
}

@group(0) @binding(0) var<storage, read_write> w: array<f32>;
@group(0) @binding(1) var<storage, read_write> buf: array<f32>;
@group(0) @binding(2) var<storage, read> g: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  if (i >= p.n) {
    return;
  }
  let wi = w[i];
  let gi = g[i] + p.weightDecay * wi;
  var d = gi;
  if (p.momentum != 0.0) {
    var b = gi;
    if (p.first == 0u) {
      b = p.momentum * buf[i] + (1.0 - p.dampening) * gi;
    }
    buf[i] = b;
    d = select(b, gi + p.momentum * b, p.nesterov != 0u);
  }
  w[i] = wi - p.lr * d;
}
