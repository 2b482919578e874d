// reduce.wgsl: reduces the middle axis of an f32 array viewed as [outer, r, inner], in
// chunks of `chunk` elements: out[o, c, i] reduces x[o, k, i] for k in
// [c * chunk, min(r, (c + 1) * chunk)). With chunk >= r that is the whole axis; a long axis
// takes two passes (reduce chunks, then reduce the chunk results), so that no loop runs
// past 65535 iterations (llvmpipe silently stops loops there). Any set of axes is reduced
// by the host as one or more such passes (adjacent reduced axes merge into one middle
// axis). Each output is accumulated by one invocation in a fixed order: deterministic.
//
// Bindings (group 0):
//   0  x: array<f32>, read          outer * r * inner elements, contiguous
//   1  out: array<u32>, read_write  outer * chunks * inner elements, chunks = ceil(r / chunk);
//                                   f32 results stored as their bits, argmax/argmin as the
//                                   index within the chunk (an i32 tensor; one chunk only)
//   2  p: uniform Params { outer: u32, r: u32, inner: u32, scale: f32, chunk: u32, pad0..2: u32 }
// Overrides: OP (u32): 0 sum (times scale, so mean = sum with scale 1/r)  1 max  2 min
//   3 argmax (first index of the maximum)  4 argmin  5 logsumexp
// Workgroup size: 64 x 1 x 1.
// Dispatch: n = outer * chunks * inner; groups = ceil(n / 64); (x, y, 1) with x = min(groups, 65535),
//   y = ceil(groups / x). Invocation index i = (wid.y * nwg.x + wid.x) * 64 + lid.x.
//
// Entry `rows4`: OP 0 (sum) of contiguous rows (inner = 1, chunk = r, r % 4 == 0) read 4
//   floats at a time through a texture: binding 0 is xt: texture_2d_array<f32>, rgba32float,
//   one layer, x as a flat array (2048 texels = 8192 floats per texel row, floats 4q .. 4q+3
//   in texel (q % 2048, q / 2048); the host copies x's buffer there), 1 and 2 as above.
//   out[o] = scale * the sum of row o, accumulated as 4 interleaved partial sums in a fixed
//   order. n = outer, same grid rule.

// #include "flat_texture.wgsl"
// #include "invocation.wgsl"
// #include "math.wgsl"

override OP: u32 = 0u;

struct Params {
  outer: u32,
  r: u32,
  inner: u32,
  scale: f32,
  chunk: u32,
  pad0: u32,
  pad1: u32,
  pad2: u32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<u32>;
@group(0) @binding(2) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  let chunks = (p.r + p.chunk - 1u) / p.chunk;
  if (i >= p.outer * chunks * p.inner) {
    return;
  }
  let inner = i % p.inner;
  let c = (i / p.inner) % chunks;
  let o = i / (p.inner * chunks);
  let first = c * p.chunk;
  let count = min(p.r - first, p.chunk);
  let base = (o * p.r + first) * p.inner + inner;
  let step = p.inner;
  switch OP {
    case 0u: {
      var s = 0.0;
      for (var k = 0u; k < count; k++) {
        s += x[base + k * step];
      }
      out[i] = bitcast<u32>(s * p.scale);
    }
    case 1u, 2u, 3u, 4u: {
      var best = x[base];
      var arg = 0u;
      for (var k = 1u; k < count; k++) {
        let v = x[base + k * step];
        let better = select(v > best, v < best, OP == 2u || OP == 4u);
        // NaN propagates: once best is NaN it stays; a NaN candidate wins.
        let isNan = (bitcast<u32>(v) & 0x7fffffffu) > 0x7f800000u;
        let bestNan = (bitcast<u32>(best) & 0x7fffffffu) > 0x7f800000u;
        if ((better || isNan) && !bestNan) {
          best = v;
          arg = k;
        }
      }
      out[i] = select(bitcast<u32>(best), arg, OP >= 3u);
    }
    default: {
      var m = x[base];
      for (var k = 1u; k < count; k++) {
        m = max(m, x[base + k * step]);
      }
      var s = 0.0;
      for (var k = 0u; k < count; k++) {
        s += exp(x[base + k * step] - m);
      }
      let inf = (bitcast<u32>(m) & 0x7fffffffu) == 0x7f800000u;
      out[i] = bitcast<u32>(select(m + log(s), m, inf));
    }
  }
}

@group(0) @binding(0) var xt: texture_2d_array<f32>;

@compute @workgroup_size(64)
fn rows4(inv: Invocation) {
  let o = invocationIndex(inv, 64u);
  if (o >= p.outer) {
    return;
  }
  let r4 = p.r / 4u;
  let base = o * r4;
  var s4 = vec4<f32>(0.0);
  for (var k = 0u; k < r4; k++) {
    let q = base + k;
    s4 += textureLoad(xt, flatTexel4(q), 0, 0);
  }
  out[o] = bitcast<u32>(sum4(s4) * p.scale);
}
