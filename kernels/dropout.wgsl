// dropout.wgsl: y = x * keep / (1 - rate), keep = (uniform(seed, i) >= rate), with the
// uniform drawn in-kernel from Philox4x32-10 (as rng.wgsl) for element i: no mask is stored.
// The backward pass is the same kernel applied to the output gradient with the same seed.
//
// Bindings (group 0):
//   0  x: array<f32>, read         n elements
//   1  y: array<f32>, read_write   n elements
//   2  p: uniform Params { n: u32, rate: f32, seedLo: u32, seedHi: u32, block: u32, pad0..2: u32 }
//        element i uses word (i % 4) of the Philox block (block + i / 4)
// Workgroup size: 64 x 1 x 1.
// Dispatch: groups = ceil(n / 64); (x, y, 1) with x = min(groups, 65535), y = ceil(groups / x).
//   Invocation index i = (wid.y * nwg.x + wid.x) * 64 + lid.x; i >= n returns.

// #include "invocation.wgsl"
// #include "philox.wgsl"

struct Params {
  n: u32,
  rate: f32,
  seedLo: u32,
  seedHi: u32,
  block: u32,
  pad0: u32,
  pad1: u32,
  pad2: u32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  if (i >= p.n) {
    return;
  }
  let r = philox(vec4<u32>(p.block + i / 4u, 0u, 0u, 0u), vec2<u32>(p.seedLo, p.seedHi));
  let word = r[i % 4u];
  let u = uniform01(word);
  y[i] = select(0.0, x[i] / (1.0 - p.rate), u >= p.rate);
}
