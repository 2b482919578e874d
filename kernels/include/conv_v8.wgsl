// include/conv_v8.wgsl: the accumulators of the direct convolution kernels (conv2d.wgsl,
// conv2d_wgrad.wgsl), 32 output channels held in registers.
//   struct V8: 8 vec4; component k of aj is output channel 4 j + k of the block.
//   zeroV8(): a V8 of zeros.
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
