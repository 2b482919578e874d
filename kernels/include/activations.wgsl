// include/activations.wgsl: activation functions shared by unary.wgsl (forward),
// unary_backward.wgsl (derivatives), norm.wgsl (group norm + SiLU in one pass) and
// norm_act_pool.wgsl / norm_act_pool_backward.wgsl (a ConvNet block in one pass).
//   sigmoid(v): 1 / (1 + exp(-v)), in a form that overflows for neither sign of v.
//   softplus(v, beta): log(1 + exp(beta v)) / beta, v itself where beta v > 20.
//   siluGrad(v): the derivative of v * sigmoid(v).
// No bindings, no overrides.

fn sigmoid(v: f32) -> f32 {
  if (v >= 0.0) {
    return 1.0 / (1.0 + exp(-v));
  }
  let e = exp(v);
  return e / (1.0 + e);
}

fn softplus(v: f32, beta: f32) -> f32 {
  let z = beta * v;
  if (z > 20.0) {
    return v;
  }
  return (max(z, 0.0) + log(1.0 + exp(-abs(z)))) / beta;
}

fn siluGrad(v: f32) -> f32 {
  let s = sigmoid(v);
  return s * (1.0 + v * (1.0 - s));
}
