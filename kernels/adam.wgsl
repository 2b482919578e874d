// adam.wgsl: fused Adam / AdamW update, in place on the parameter and both moments.
//   g' = g + weightDecay * w                      (Adam, DECOUPLED = false)
//   m = beta1 m + (1 - beta1) g';  v = beta2 v + (1 - beta2) g'^2
//   w -= lr * (m / bc1) / (sqrt(v / bc2) + eps)   with bc1 = 1 - beta1^t, bc2 = 1 - beta2^t
//   AdamW (DECOUPLED = true): w -= lr * weightDecay * w before the step, g' = g.
//
// Bindings (group 0):
//   0  w: array<f32>, read_write   n elements
//   1  m: array<f32>, read_write   n elements (first moment)
//   2  v: array<f32>, read_write   n elements (second moment)
//   3  g: array<f32>, read         n elements (gradient)
//   4  p: uniform Params { n: u32, lr: f32, beta1: f32, beta2: f32,
//                          eps: f32, weightDecay: f32, bc1: f32, bc2: f32 }
// Overrides: DECOUPLED (bool).
// Workgroup size: 64 x 1 x 1.
// Dispatch: groups = ceil(n / 64); (x, y, 1) with x = min(groups, 65535), y = ceil(groups / x).
//   Invocation index i = (wid.y * nwg.x + wid.x) * 64 + lid.x; i >= n returns.

// #include "invocation.wgsl"

override DECOUPLED: bool = false;

struct Params {
  n: u32,
  lr: f32,
  beta1: f32,
  beta2: f32,
  eps: f32,
  weightDecay: f32,
  bc1: f32,
  bc2: f32,
}

@group(0) @binding(0) var<storage, read_write> w: array<f32>;
@group(0) @binding(1) var<storage, read_write> m: array<f32>;
@group(0) @binding(2) var<storage, read_write> v: array<f32>;
@group(0) @binding(3) var<storage, read> g: array<f32>;
@group(0) @binding(4) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  if (i >= p.n) {
    return;
  }
  var wi = w[i];
  var gi = g[i];
  if (DECOUPLED) {
    wi -= p.lr * p.weightDecay * wi;
  } else {
    gi += p.weightDecay * wi;
  }
  let mi = p.beta1 * m[i] + (1.0 - p.beta1) * gi;
  let vi = p.beta2 * v[i] + (1.0 - p.beta2) * gi * gi;
  m[i] = mi;
  v[i] = vi;
  w[i] = wi - p.lr * (mi / p.bc1) / (sqrt(vi / p.bc2) + p.eps);
}
