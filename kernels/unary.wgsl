// unary.wgsl: elementwise y = f(x) for f32, f chosen by the override OP.
//
// Bindings (group 0):
//   0  x: array<vec4<f32>>, read         n elements, contiguous, as ceil(n / 4) vec4
//   1  y: array<vec4<f32>>, read_write   n elements, contiguous, as ceil(n / 4) vec4
//   Both buffers must hold ceil(n / 4) whole vec4 (a multiple of 16 bytes); the last
//   vec4 of y is written whole, so its floats past n must be padding nobody reads.
//   (On llvmpipe a vec4 load or store costs about what a scalar one does.)
//   2  p: uniform Params { n: u32, alpha: f32, beta: f32, pad: u32 }
// Overrides: OP (u32)
//   0 neg  1 exp  2 log  3 sqrt  4 abs  5 relu  6 sigmoid  7 tanh  8 silu
//   9 softplus: log(1 + exp(alpha*x)) / alpha (x when alpha*x > 20)
//   10 affine: alpha*x + beta   11 pow: x^alpha (x < 0 allowed for integer alpha)
//   12 nonfinite: 1.0 where x is NaN or +-Inf (tested on the bits), else 0.0
//   13 square  14 step: 1.0 where x > 0 else 0.0  15 sign  16 clamp: min(max(x, alpha), beta)
//   log and sqrt of x < 0 give NaN, as NumPy does (WGSL leaves them indeterminate: SwiftShader
//   returns finite values).
// Workgroup size: 64 x 1 x 1.
// Dispatch: n4 = ceil(n / 4); groups = ceil(n4 / 64); (x, y, 1) with x = min(groups, 65535),
//   y = ceil(groups / x). Invocation index i = (wid.y * nwg.x + wid.x) * 64 + lid.x
//   computes elements 4i .. 4i + 3; 4i >= n returns.
//
// Entry `tex`: the same, but x is read through texture_2d_array<f32> views of one-layer
//   rgba32float textures holding the tensors as flat arrays (2048 texels = 8192 floats per
//   texel row, floats 4q .. 4q+3 in texel (q % 2048, q / 2048); the host copies the buffers
//   there with copyBufferToTexture): on llvmpipe a texel fetch is one gather, a storage load
//   a loop over the SIMD lanes. Same bindings, dispatch and workgroup size, with binding 0 xt.

// #include "activations.wgsl"
// #include "flat_texture.wgsl"
// #include "invocation.wgsl"
// #include "math.wgsl"

override OP: u32 = 0u;

struct Params {
  n: u32,
  alpha: f32,
  beta: f32,
  pad: u32,
}

@group(0) @binding(0) var<storage, read> x: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> y: array<vec4<f32>>;
@group(0) @binding(2) var<uniform> p: Params;

fn apply(v: f32) -> f32 {
  switch OP {
    case 0u: { return -v; }
    case 1u: { return exp(v); }
    case 2u: { return select(log(v), nan(), v < 0.0); }
    case 3u: { return select(sqrt(v), nan(), v < 0.0); }
    case 4u: { return abs(v); }
    case 5u: { return max(v, 0.0); }
    case 6u: { return sigmoid(v); }
    case 7u: {
      let t = exp(-2.0 * abs(v));
      return sign(v) * (1.0 - t) / (1.0 + t);
    }
    case 8u: { return v * sigmoid(v); }
    case 9u: { return softplus(v, p.alpha); }
    case 10u: { return p.alpha * v + p.beta; }
    case 11u: { return powi(v, p.alpha); }
    case 12u: { return select(0.0, 1.0, (bitcast<u32>(v) & 0x7fffffffu) >= 0x7f800000u); }
    case 13u: { return v * v; }
    case 14u: { return select(0.0, 1.0, v > 0.0); }
    case 16u: { return min(max(v, p.alpha), p.beta); }
    default: { return sign(v); }
  }
}

@compute @workgroup_size(64)
fn main(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  if (4u * i >= p.n) {
    return;
  }
  let v = x[i];
  y[i] = vec4<f32>(apply(v.x), apply(v.y), apply(v.z), apply(v.w));
}

@group(0) @binding(0) var xt: texture_2d_array<f32>;

@compute @workgroup_size(64)
fn tex(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  if (4u * i >= p.n) {
    return;
  }
  let v = textureLoad(xt, flatTexel4(i), 0, 0);
  y[i] = vec4<f32>(apply(v.x), apply(v.y), apply(v.z), apply(v.w));
}
