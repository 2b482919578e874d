// unary_backward.wgsl: dx = g * f'(x) for the ops of unary.wgsl, using x and/or y = f(x).
//
// Bindings (group 0), each n elements read as ceil(n / 4) whole vec4 (buffers a multiple of
// 16 bytes; dx's last vec4 is written whole, its floats past n being unread padding):
//   0  x: array<vec4<f32>>, read         the op's input
//   1  y: array<vec4<f32>>, read         the op's output (bind x again if unused)
//   2  g: array<vec4<f32>>, read         gradient of y
//   3  dx: array<vec4<f32>>, read_write  gradient of x
//   4  p: uniform Params { n: u32, alpha: f32, beta: f32, pad: u32 }
// Overrides: OP (u32), the same numbering as unary.wgsl (12, 14, 15 have zero derivative;
//   16 clamp passes g strictly inside (alpha, beta)).
// Workgroup size: 64 x 1 x 1.
// Dispatch: n4 = ceil(n / 4); groups = ceil(n4 / 64); (x, y, 1) with x = min(groups, 65535),
//   y = ceil(groups / x). Invocation index i = (wid.y * nwg.x + wid.x) * 64 + lid.x
//   computes elements 4i .. 4i + 3; 4i >= n returns.
//
// Entry `tex`: the same, but x, y and g are read through texture_2d_array<f32> views of one-layer
//   rgba32float textures holding the tensors as flat arrays (2048 texels = 8192 floats per
//   texel row, floats 4q .. 4q+3 in texel (q % 2048, q / 2048); the host copies the buffers
//   there with copyBufferToTexture): on llvmpipe a texel fetch is one gather, a storage load
//   a loop over the SIMD lanes. Same bindings, dispatch and workgroup size, with bindings 0 xt,
//   1 yt, 2 gt; as in `main`, an input the op's derivative does not read may be bound to any
//   texture of the same size (the host binds x's copy for y, or y's for x).

// #include "activations.wgsl"
// #include "flat_texture.wgsl"
// #include "invocation.wgsl"

override OP: u32 = 0u;

struct Params {
  n: u32,
  alpha: f32,
  beta: f32,
  pad: u32,
}

@group(0) @binding(0) var<storage, read> x: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> y: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> g: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> dx: array<vec4<f32>>;
@group(0) @binding(4) var<uniform> p: Params;

fn derivative(v: f32, out: f32) -> f32 {
  switch OP {
    case 0u: { return -1.0; }
    case 1u: { return out; }
    case 2u: { return 1.0 / v; }
    case 3u: { return 0.5 / out; }
    case 4u: { return sign(v); }
    case 5u: { return select(0.0, 1.0, v > 0.0); }
    case 6u: { return out * (1.0 - out); }
    case 7u: { return 1.0 - out * out; }
    case 8u: { return siluGrad(v); }
    case 9u: { return sigmoid(p.alpha * v); }
    case 10u: { return p.alpha; }
    case 11u: {
      if (p.alpha == 0.0) { return 0.0; }
      if (v == 0.0) { return select(0.0, 1.0, p.alpha == 1.0); }
      return p.alpha * out / v;
    }
    case 13u: { return 2.0 * v; }
    case 16u: { return select(0.0, 1.0, v > p.alpha && v < p.beta); }
    default: { return 0.0; }
  }
}

@compute @workgroup_size(64)
fn main(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  if (4u * i >= p.n) {
    return;
  }
  let u = x[i];
  let v = y[i];
  dx[i] = g[i] * vec4<f32>(derivative(u.x, v.x), derivative(u.y, v.y), derivative(u.z, v.z),
    derivative(u.w, v.w));
}

@group(0) @binding(0) var xt: texture_2d_array<f32>;
@group(0) @binding(1) var yt: texture_2d_array<f32>;
@group(0) @binding(2) var gt: texture_2d_array<f32>;

@compute @workgroup_size(64)
fn tex(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  if (4u * i >= p.n) {
    return;
  }
  let at = flatTexel4(i);
  let u = textureLoad(xt, at, 0, 0);
  let v = textureLoad(yt, at, 0, 0);
  dx[i] = textureLoad(gt, at, 0, 0) * vec4<f32>(derivative(u.x, v.x), derivative(u.y, v.y),
    derivative(u.z, v.z), derivative(u.w, v.w));
}
