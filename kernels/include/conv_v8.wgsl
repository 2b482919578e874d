// include/conv_v8.wgsl: the accumulators of the direct convolution kernels (conv2d.wgsl,
// conv2d_wgrad.wgsl), 32 output channels held in registers.
//   struct V8: 8 vec4; component k of aj is output channel 4 j + k of the block.
//   zeroV8(): a V8 of zeros.
//   v8At(a, j): vec4 group j of a (0 <= j < 8).
// No bindings, no overrides.

struct V8 {
  a0: vec4<f32>,
  a1: vec4<f32>,
  a2: vec4<f32>,
  a3: vec4<f32>,
  a4: vec4<f32>,
  a5: vec4<f32>,
  a6: vec4<f32>,
  a7: vec4<f32>,
}

fn zeroV8() -> V8 {
  return V8(vec4<f32>(0.0), vec4<f32>(0.0), vec4<f32>(0.0), vec4<f32>(0.0), vec4<f32>(0.0),
    vec4<f32>(0.0), vec4<f32>(0.0), vec4<f32>(0.0));
}

fn v8At(a: V8, j: u32) -> vec4<f32> {
  switch j {
    case 0u: { return a.a0; }
    case 1u: { return a.a1; }
    case 2u: { return a.a2; }
    case 3u: { return a.a3; }
    case 4u: { return a.a4; }
    case 5u: { return a.a5; }
    case 6u: { return a.a6; }
    default: { return a.a7; }
  }
}
