// include/math.wgsl: small numeric helpers of several kernels.
//   nan(): a quiet NaN (made from its bits at run time: a NaN constant expression is a WGSL
//     error).
//   powi(v, a): v^a, also for v < 0 when a is an integer (NaN otherwise), as NumPy.
//   sum4(v): (v.x + v.y) + (v.z + v.w), the fixed order in which the vec4 paths add the 4
//     partial sums of a row.
// No bindings, no overrides.

fn nan() -> f32 {
  let bits = 0x7fc00000u; // a runtime value: a NaN constant expression is a WGSL error
  return bitcast<f32>(bits);
}

fn powi(v: f32, a: f32) -> f32 {
  if (v >= 0.0) {
    return pow(v, a);
  }
  if (a == round(a)) {
    let m = pow(-v, a);
    return select(m, -m, (i32(a) & 1) == 1);
  }
  return nan();
}

fn sum4(v: vec4<f32>) -> f32 {
  return (v.x + v.y) + (v.z + v.w);
}
