// rng.wgsl: counter-based random numbers (Philox4x32-10, Salmon et al. 2011).
// Element e of a draw is a pure function of (seed, offset + e): same seed, same bits on
// any adapter for raw bits and uniforms (integer arithmetic and an exact conversion);
// normals use log/cos/sin, whose last bit may differ between adapters.
// Invocation t computes one Philox block for counter (offset/4 + t, 0, 0, 0) and
// key (seedLo, seedHi) and writes elements 4t .. 4t+3 (those below n).
//
// Bindings (group 0):
//   0  out: array<u32>, read_write   n elements (u32 bits, or f32 bits for DIST 1 and 2)
//   1  p: uniform Params { n: u32, seedLo: u32, seedHi: u32, block: u32 }
//        block = offset / 4, the first counter (offsets are multiples of 4)
// Overrides: DIST (u32): 0 raw u32; 1 uniform f32 in [0, 1): (bits >> 8) * 2^-24;
//   2 standard normal f32 (Box-Muller on pairs of uniforms).
// Workgroup size: 64 x 1 x 1.
// Dispatch: blocks = ceil(n / 4); groups = ceil(blocks / 64); (x, y, 1) with
//   x = min(groups, 65535), y = ceil(groups / x). t = (wid.y * nwg.x + wid.x) * 64 + lid.x.

// #include "invocation.wgsl"
// #include "philox.wgsl"

override DIST: u32 = 0u;

struct Params {
  n: u32,
  seedLo: u32,
  seedHi: u32,
  block: u32,
}

@group(0) @binding(0) var<storage, read_write> out: array<u32>;
@group(0) @binding(1) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(inv: Invocation) {
  let t = invocationIndex(inv, 64u);
  if (t * 4u >= p.n) {
    return;
  }
  let r = philox(vec4<u32>(p.block + t, 0u, 0u, 0u), vec2<u32>(p.seedLo, p.seedHi));
  var v = r;
  if (DIST == 1u) {
    v = vec4<u32>(
      bitcast<u32>(uniform01(r.x)),
      bitcast<u32>(uniform01(r.y)),
      bitcast<u32>(uniform01(r.z)),
      bitcast<u32>(uniform01(r.w)),
    );
  } else if (DIST == 2u) {
    // u1 in (0, 1] so that log(u1) is finite.
    let u1a = f32((r.x >> 8u) + 1u) * 5.9604644775390625e-8;
    let u1b = f32((r.z >> 8u) + 1u) * 5.9604644775390625e-8;
    let ra = sqrt(-2.0 * log(u1a));
    let rb = sqrt(-2.0 * log(u1b));
    let ta = 6.283185307179586 * uniform01(r.y);
    let tb = 6.283185307179586 * uniform01(r.w);
    v = vec4<u32>(
      bitcast<u32>(ra * cos(ta)),
      bitcast<u32>(ra * sin(ta)),
      bitcast<u32>(rb * cos(tb)),
      bitcast<u32>(rb * sin(tb)),
    );
  }
  let base = t * 4u;
  out[base] = v.x;
  if (base + 1u < p.n) { out[base + 1u] = v.y; }
  if (base + 2u < p.n) { out[base + 2u] = v.z; }
  if (base + 3u < p.n) { out[base + 3u] = v.w; }
}
