// binary.wgsl: out = a OP b for f32 with NumPy broadcasting.
//
// Bindings (group 0), all three declared as vec4 arrays and used as flat f32 arrays (element
// e of a is a[e / 4][e % 4]); each buffer must hold whole vec4 (a multiple of 16 bytes):
//   0  a: array<vec4<f32>>, read
//   1  b: array<vec4<f32>>, read
//   2  out: array<vec4<f32>>, read_write   n elements, contiguous, shape `shape`; its last
//      vec4 is written whole, so its floats past n must be padding nobody reads
//   3  p: uniform Params {
//        n: u32, rank: u32, pad0: u32, pad1: u32,
//        shape: array<vec4<u32>, 2>,     output shape, rank <= 8, dims in order
//        aStrides: array<vec4<u32>, 2>,  element strides of a per output dim (0 = broadcast)
//        bStrides: array<vec4<u32>, 2>,  the same for b
//      }
// Overrides: OP (u32): 0 add 1 sub 2 mul 3 div 4 pow 5 max 6 min
//   comparisons giving 1.0 or 0.0: 7 lt 8 le 9 gt 10 ge 11 eq 12 ne
//   SAME (bool): a, b and out all have the same shape; strides are ignored.
// Workgroup size: 64 x 1 x 1.
// Dispatch: n4 = ceil(n / 4); groups = ceil(n4 / 64); (x, y, 1) with x = min(groups, 65535),
//   y = ceil(groups / x). Invocation index i = (wid.y * nwg.x + wid.x) * 64 + lid.x
//   computes out elements 4i .. 4i + 3 (one vec4 store); 4i >= n returns. (On llvmpipe a
//   vec4 load or store costs about what a scalar one does.)
//
// Entry `tex`: the same, but (SAME only) a and b are read through texture_2d_array<f32> views of one-layer
//   rgba32float textures holding the tensors as flat arrays (2048 texels = 8192 floats per
//   texel row, floats 4q .. 4q+3 in texel (q % 2048, q / 2048); the host copies the buffers
//   there with copyBufferToTexture): on llvmpipe a texel fetch is one gather, a storage load
//   a loop over the SIMD lanes. Same bindings, dispatch and workgroup size, with bindings 0 at, 1 bt.
//
// Entry `bcast`: broadcasting where one operand F has the output's shape and the other, S,
//   broadcasts: F is read through `at` (binding 0, a texture as in `tex`), S through `b`
//   (binding 1, storage), and p.bStrides holds S's strides (whichever side S is on). The host
//   first merges adjacent dims that both operands step through alike, so that the shape is
//   as short as it can be; the entry then needs the last dim's size to be a multiple of 4 and
//   S's stride along it to be 0 or 1, so that the 4 outputs of an invocation share one S
//   index computation: S_CONTIGUOUS false reads one S float for all 4, true reads the
//   aligned vec4 of S (S's outer strides are multiples of that size, so its start is aligned).
//   Overrides: F_IS_A (bool): F is a (out = F OP S) or b (out = S OP F); S_CONTIGUOUS (bool).
//   Same dispatch and workgroup size.

// #include "flat_texture.wgsl"
// #include "invocation.wgsl"
// #include "math.wgsl"

override OP: u32 = 0u;
override SAME: bool = false;
override F_IS_A: bool = true;
override S_CONTIGUOUS: bool = false;

struct Params {
  n: u32,
  rank: u32,
  pad0: u32,
  pad1: u32,
  shape: array<vec4<u32>, 2>,
  aStrides: array<vec4<u32>, 2>,
  bStrides: array<vec4<u32>, 2>,
}

@group(0) @binding(0) var<storage, read> a: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> b: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> out: array<vec4<f32>>;
@group(0) @binding(3) var<uniform> p: Params;

fn apply(u: f32, v: f32) -> f32 {
  switch OP {
    case 0u: { return u + v; }
    case 1u: { return u - v; }
    case 2u: { return u * v; }
    case 3u: { return u / v; }
    case 4u: { return powi(u, v); }
    case 5u: { return max(u, v); }
    case 6u: { return min(u, v); }
    case 7u: { return select(0.0, 1.0, u < v); }
    case 8u: { return select(0.0, 1.0, u <= v); }
    case 9u: { return select(0.0, 1.0, u > v); }
    case 10u: { return select(0.0, 1.0, u >= v); }
    case 11u: { return select(0.0, 1.0, u == v); }
    default: { return select(0.0, 1.0, u != v); }
  }
}

// The flat indices of output element i's a and b elements, through the strides.
fn offsets(i: u32) -> vec2<u32> {
  var rem = i;
  var ia = 0u;
  var ib = 0u;
  for (var d = i32(p.rank) - 1; d >= 0; d--) {
    let q = u32(d) / 4u;
    let r = u32(d) % 4u;
    let size = p.shape[q][r];
    let c = rem % size;
    rem = rem / size;
    ia += c * p.aStrides[q][r];
    ib += c * p.bStrides[q][r];
  }
  return vec2<u32>(ia, ib);
}

// Output element i (< n) with broadcasting.
fn broadcast(i: u32) -> f32 {
  let o = offsets(i);
  return apply(a[o.x >> 2u][o.x & 3u], b[o.y >> 2u][o.y & 3u]);
}

@compute @workgroup_size(64)
fn main(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  let e = 4u * i;
  if (e >= p.n) {
    return;
  }
  if (SAME) {
    let u = a[i];
    let v = b[i];
    out[i] = vec4<f32>(apply(u.x, v.x), apply(u.y, v.y), apply(u.z, v.z), apply(u.w, v.w));
    return;
  }
  let last = p.n - 1u;
  out[i] = vec4<f32>(broadcast(e), broadcast(min(e + 1u, last)), broadcast(min(e + 2u, last)),
    broadcast(min(e + 3u, last)));
}

@group(0) @binding(0) var at: texture_2d_array<f32>;
@group(0) @binding(1) var bt: texture_2d_array<f32>;

@compute @workgroup_size(64)
fn tex(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  if (4u * i >= p.n) {
    return;
  }
  let q = flatTexel4(i);
  let u = textureLoad(at, q, 0, 0);
  let v = textureLoad(bt, q, 0, 0);
  out[i] = vec4<f32>(apply(u.x, v.x), apply(u.y, v.y), apply(u.z, v.z), apply(u.w, v.w));
}

@compute @workgroup_size(64)
fn bcast(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  let e = 4u * i;
  if (e >= p.n) {
    return;
  }
  // S's index for output element e (the next 3 are in the same last-dim row)
  let is = offsets(e).y;
  let f = textureLoad(at, flatTexel4(i), 0, 0);
  var s: vec4<f32>;
  if (S_CONTIGUOUS) {
    s = b[is >> 2u];
  } else {
    s = vec4<f32>(b[is >> 2u][is & 3u]);
  }
  if (F_IS_A) {
    out[i] = vec4<f32>(apply(f.x, s.x), apply(f.y, s.y), apply(f.z, s.z), apply(f.w, s.w));
  } else {
    out[i] = vec4<f32>(apply(s.x, f.x), apply(s.y, f.y), apply(s.z, f.z), apply(s.w, f.w));
  }
}
