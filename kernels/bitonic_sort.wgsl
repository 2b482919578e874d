// bitonic_sort.wgsl: one compare-and-swap stage of a bitonic sort of (key, value) u32
// pairs, ascending by key then value. A full sort of n = 2^m pairs runs the stages
// (k = 2, 4, .., n; j = k/2, k/4, .., 1) in that order, one dispatch each. Used for
// random permutations (sort random keys) and argsort.
//
// Bindings (group 0):
//   0  keys: array<u32>, read_write   n elements, n a power of two
//   1  vals: array<u32>, read_write   n elements
//   2  p: uniform Params { n: u32, k: u32, j: u32, pad: u32 }
// Workgroup size: 64 x 1 x 1.
// Dispatch: groups = ceil(n / 64); (x, y, 1) with x = min(groups, 65535), y = ceil(groups / x).
//   Invocation index i = (wid.y * nwg.x + wid.x) * 64 + lid.x; only i < (i ^ j) < n swaps.

// #include "invocation.wgsl"

struct Params {
  n: u32,
  k: u32,
  j: u32,
  pad: u32,
}

@group(0) @binding(0) var<storage, read_write> keys: array<u32>;
@group(0) @binding(1) var<storage, read_write> vals: array<u32>;
@group(0) @binding(2) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  let l = i ^ p.j;
  if (i >= p.n || l <= i || l >= p.n) {
    return;
  }
  let ascending = (i & p.k) == 0u;
  let ki = keys[i];
  let kl = keys[l];
  let vi = vals[i];
  let vl = vals[l];
  let greater = ki > kl || (ki == kl && vi > vl);
  if (greater == ascending) {
    keys[i] = kl;
    keys[l] = ki;
    vals[i] = vl;
    vals[l] = vi;
  }
}
