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

fn mulhilo(a: u32, b: u32) -> vec2<u32> {
  let a0 = a & 0xffffu;
  let a1 = a >> 16u;
  let b0 = b & 0xffffu;
  let b1 = b >> 16u;
  let p00 = a0 * b0;
  let p01 = a0 * b1;
  let p10 = a1 * b0;
  let p11 = a1 * b1;
  let mid = (p00 >> 16u) + (p01 & 0xffffu) + (p10 & 0xffffu);
  let hi = p11 + (p01 >> 16u) + (p10 >> 16u) + (mid >> 16u);
  return vec2<u32>(hi, a * b);
}

fn philox(counter: vec4<u32>, key: vec2<u32>) -> vec4<u32> {
  var c = counter;
  var k = key;
  for (var r = 0u; r < 10u; r++) {
    let m0 = mulhilo(0xD2511F53u, c.x);
    let m1 = mulhilo(0xCD9E8D57u, c.z);
    c = vec4<u32>(m1.x ^ c.y ^ k.x, m1.y, m0.x ^ c.w ^ k.y, m0.y);
    k = k + vec2<u32>(0x9E3779B9u, 0xBB67AE85u);
  }
  return c;
}

@compute @workgroup_size(64)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let i = (wid.y * nwg.x + wid.x) * 64u + lid;
  if (i >= p.n) {
    return;
  }
  let r = philox(vec4<u32>(p.block + i / 4u, 0u, 0u, 0u), vec2<u32>(p.seedLo, p.seedHi));
  let word = r[i % 4u];
  let u = f32(word >> 8u) * 5.9604644775390625e-8;
  y[i] = select(0.0, x[i] / (1.0 - p.rate), u >= p.rate);
}
