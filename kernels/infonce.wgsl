// infonce.wgsl: InfoNCE (MoCo) loss per row with its local gradients, fused in one pass:
//   qn = q_n / max(|q_n|, 1e-12), kn = k_n / max(|k_n|, 1e-12)
//   logits: l_0 = qn . kn / tau (the positive), l_j = qn . queue_j / tau for j = 1..K
//   loss_n = logsumexp(l) - l_0
//   With GRADS: dq_n, dk_n = d loss_n / d q_n, d k_n (the host scales them by the loss
//   gradient); through the normalisation: dx = (dxn - xn (xn . dxn)) / max(|x|, 1e-12).
// The queue holds L2-normalised keys and gets no gradient. One invocation per row; two
// passes over the queue (online logsumexp, then the gradient sum); dim <= 256.
//
// Bindings (group 0):
//   0  q: array<f32>, read            [n, dim]
//   1  k: array<f32>, read            [n, dim]
//   2  queue: array<f32>, read        [K, dim]
//   3  loss: array<f32>, read_write   [n]
//   4  dq: array<f32>, read_write     [n, dim]
//   5  dk: array<f32>, read_write     [n, dim]
//   6  p: uniform Params { n: u32, dim: u32, kq: u32 (K), invTau: f32 }
// Overrides: GRADS (bool).
// Workgroup size: 64 x 1 x 1.
// Dispatch: groups = ceil(n / 64); (x, y, 1) with x = min(groups, 65535), y = ceil(groups / x).
//   Invocation index i = (wid.y * nwg.x + wid.x) * 64 + lid.x; i >= n returns.

const MAX_D = 256u;
override GRADS: bool = true;

struct Params {
  n: u32,
  dim: u32,
  kq: u32,
  invTau: f32,
}

@group(0) @binding(0) var<storage, read> q: array<f32>;
@group(0) @binding(1) var<storage, read> k: array<f32>;
@group(0) @binding(2) var<storage, read> queue: array<f32>;
@group(0) @binding(3) var<storage, read_write> loss: array<f32>;
@group(0) @binding(4) var<storage, read_write> dq: array<f32>;
@group(0) @binding(5) var<storage, read_write> dk: array<f32>;
@group(0) @binding(6) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let i = (wid.y * nwg.x + wid.x) * 64u + lid;
  if (i >= p.n) {
    return;
  }
  let base = i * p.dim;
  var qn: array<f32, MAX_D>;
  var kn: array<f32, MAX_D>;
  var sq = 0.0;
  var sk = 0.0;
  for (var c = 0u; c < p.dim; c++) {
    sq += q[base + c] * q[base + c];
    sk += k[base + c] * k[base + c];
  }
  let nq = max(sqrt(sq), 1e-12);
  let nk = max(sqrt(sk), 1e-12);
  var l0 = 0.0;
  for (var c = 0u; c < p.dim; c++) {
    qn[c] = q[base + c] / nq;
    kn[c] = k[base + c] / nk;
    l0 += qn[c] * kn[c];
  }
  l0 *= p.invTau;
  // pass 1: online logsumexp over the positive and the queue
  var m = l0;
  var s = 1.0;
  for (var j = 0u; j < p.kq; j++) {
    var d = 0.0;
    for (var c = 0u; c < p.dim; c++) {
      d += qn[c] * queue[j * p.dim + c];
    }
    let l = d * p.invTau;
    if (l > m) {
      s = s * exp(m - l) + 1.0;
      m = l;
    } else {
      s += exp(l - m);
    }
  }
  let lse = m + log(s);
  loss[i] = lse - l0;
  if (!GRADS) {
    return;
  }
  // pass 2: d loss / d qn = (1/tau) (sum_j p_j queue_j + (p_0 - 1) kn)
  let p0 = exp(l0 - lse);
  var gq: array<f32, MAX_D>;
  for (var c = 0u; c < p.dim; c++) {
    gq[c] = (p0 - 1.0) * kn[c];
  }
  for (var j = 0u; j < p.kq; j++) {
    var d = 0.0;
    for (var c = 0u; c < p.dim; c++) {
      d += qn[c] * queue[j * p.dim + c];
    }
    let pj = exp(d * p.invTau - lse);
    for (var c = 0u; c < p.dim; c++) {
      gq[c] += pj * queue[j * p.dim + c];
    }
  }
  // through the normalisations
  var qd = 0.0;
  var kd = 0.0;
  for (var c = 0u; c < p.dim; c++) {
    gq[c] *= p.invTau;
    qd += qn[c] * gq[c];
    kd += kn[c] * qn[c];
  }
  let gk0 = (p0 - 1.0) * p.invTau; // d loss / d kn = gk0 * qn
  for (var c = 0u; c < p.dim; c++) {
    dq[base + c] = (gq[c] - qn[c] * qd) / nq;
    dk[base + c] = gk0 * (qn[c] - kn[c] * kd) / nk;
  }
}
