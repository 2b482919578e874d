// cast.wgsl: converts between f32, i32 and u32, element by element.
//   f32 -> i32/u32 truncates toward zero (saturating, as WGSL conversions do);
//   i32 <-> u32 keeps the bits (two's complement).
//
// Bindings (group 0):
//   0  x: array<u32>, read          n elements (bits of the source dtype)
//   1  y: array<u32>, read_write    n elements (bits of the target dtype)
//   2  p: uniform Params { n: u32, pad0: u32, pad1: u32, pad2: u32 }
// Overrides: FROM, TO (u32): 0 f32, 1 i32, 2 u32.
// Workgroup size: 64 x 1 x 1.
// Dispatch: groups = ceil(n / 64); (x, y, 1) with x = min(groups, 65535), y = ceil(groups / x).
//   Invocation index i = (wid.y * nwg.x + wid.x) * 64 + lid.x; i >= n returns.

// #include "invocation.wgsl"

override FROM: u32 = 0u;
override TO: u32 = 0u;

struct Params {
  n: u32,
  pad0: u32,
  pad1: u32,
  pad2: u32,
}

@group(0) @binding(0) var<storage, read> x: array<u32>;
@group(0) @binding(1) var<storage, read_write> y: array<u32>;
@group(0) @binding(2) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  if (i >= p.n) {
    return;
  }
  let b = x[i];
  var f: f32;
  switch FROM {
    case 0u: { f = bitcast<f32>(b); }
    case 1u: { f = f32(bitcast<i32>(b)); }
    default: { f = f32(b); }
  }
  switch TO {
    case 0u: { y[i] = bitcast<u32>(f); }
    case 1u: {
      y[i] = select(bitcast<u32>(i32(f)), b, FROM != 0u);
    }
    default: {
      y[i] = select(u32(f), b, FROM != 0u);
    }
  }
}
