// include/activations.wgsl: activation functions shared by unary.wgsl (forward),
// unary_backward.wgsl (derivatives) and norm.wgsl (group norm + SiLU in one pass).
//   sigmoid(v): 1 / (1 + exp(-v)), in a form that overflows for neither sign of v.
// No bindings, no overrides.

fn sigmoid(v: f32) -> f32 {
  if (v >= 0.0) {
    return 1.0 / (1.0 + exp(-v));
  }
  let e = exp(v);
  return e / (1.0 + e);
}
