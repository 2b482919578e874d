// fill.wgsl: fills a 32-bit array with a constant or a range.
//   MODE 0: out[i] = bits                       (a constant of any dtype, given as its bits)
//   MODE 1: out[i] = bits of f32(start + f32(i) * step)
//   MODE 2: out[i] = bits of i32(istart) + i32(i) * i32(istep)
//
// Bindings (group 0):
//   0  out: array<u32>, read_write   n elements
//   1  p: uniform Params { n: u32, bits: u32, start: f32, step: f32 }
//        (MODE 2 reads start and step as i32 bits: bitcast<i32>)
// Overrides: MODE (u32).
// Workgroup size: 64 x 1 x 1.
// Dispatch: groups = ceil(n / 64); (x, y, 1) with x = min(groups, 65535), y = ceil(groups / x).
//   Invocation index i = (wid.y * nwg.x + wid.x) * 64 + lid.x; i >= n returns.

// #include "invocation.wgsl"

override MODE: u32 = 0u;

struct Params {
  n: u32,
  bits: u32,
  start: f32,
  step: f32,
}

@group(0) @binding(0) var<storage, read_write> out: array<u32>;
@group(0) @binding(1) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  if (i >= p.n) {
    return;
  }
  switch MODE {
    case 0u: { out[i] = p.bits; }
    case 1u: { out[i] = bitcast<u32>(p.start + f32(i) * p.step); }
    default: {
      out[i] = bitcast<u32>(bitcast<i32>(p.start) + i32(i) * bitcast<i32>(p.step));
    }
  }
}
