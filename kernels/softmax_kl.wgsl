// softmax_kl.wgsl: KL(softmax(z_n / tau) || Q) per row n, forward and backward, where Q is
//   given (GROUPED = false): row qIndex[n] of logQin (log-probabilities, one row per class), or
//   the group mean (GROUPED = true): rows come in contiguous groups of gs (the images of one
//   class sampled together) and Q_g = mean over the group of softmax(z_m / tau); the backward
//   pass then also flows through Q.
// With P_n = softmax(z_n / tau):  loss_n = sum_k P_nk (log P_nk - log Q_k).
// Backward, from the loss gradient g_n:
//   A_gk = -(1/gs) sum_{n in g} g_n P_nk / Q_gk                    (GROUPED only)
//   dP_nk = g_n (log P_nk - log Q_k + 1) + A_gk
//   dz_nk = (1/tau) P_nk (dP_nk - sum_j P_nj dP_nj)
// The host runs the passes in order: forward 1, (2), 3; backward 4 (grouped), 5.
//   PASS 1, per row:          lse_n = logsumexp_k(z_nk / tau)
//   PASS 2, per (group, k):   logQ_gk = log(mean_{m in g} exp(z_mk / tau - lse_m))
//   PASS 3, per row:          out[n] = loss_n
//   PASS 4, per (group, k):   a[g, k] = A_gk
//   PASS 5, per row:          out[n, k] = dz_nk
//
// Bindings (group 0):
//   0  z: array<f32>, read            [n, dim]
//   1  logQin: array<f32>, read       [classes, dim] (given Q; bind any f32 buffer if GROUPED)
//   2  qIndex: array<i32>, read       [n] (given Q; bind any i32 buffer if GROUPED)
//   3  g: array<f32>, read            [n] loss gradient (PASS 4, 5; bind any f32 buffer otherwise)
//   4  lse: array<f32>, read_write    [n]
//   5  logQ: array<f32>, read_write   [n / gs, dim] (GROUPED)
//   6  a: array<f32>, read_write      [n / gs, dim] (GROUPED)
//   7  out: array<f32>, read_write    [n] loss (PASS 3) or [n, dim] dz (PASS 5)
//   8  p: uniform Params { n: u32, dim: u32, gs: u32, invTau: f32 }
// Overrides: PASS (u32, 1..5), GROUPED (bool).
// Workgroup size: 64 x 1 x 1.
// Dispatch: invocations = n (passes 1, 3, 5) or (n / gs) * dim (passes 2, 4);
//   groups = ceil(invocations / 64); (x, y, 1) with x = min(groups, 65535), y = ceil(groups / x).
//   Invocation index i = (wid.y * nwg.x + wid.x) * 64 + lid.x.

// #include "invocation.wgsl"

override PASS: u32 = 1u;
override GROUPED: bool = false;

struct Params {
  n: u32,
  dim: u32,
  gs: u32,
  invTau: f32,
}

@group(0) @binding(0) var<storage, read> z: array<f32>;
@group(0) @binding(1) var<storage, read> logQin: array<f32>;
@group(0) @binding(2) var<storage, read> qIndex: array<i32>;
@group(0) @binding(3) var<storage, read> g: array<f32>;
@group(0) @binding(4) var<storage, read_write> lse: array<f32>;
@group(0) @binding(5) var<storage, read_write> logQ: array<f32>;
@group(0) @binding(6) var<storage, read_write> a: array<f32>;
@group(0) @binding(7) var<storage, read_write> out: array<f32>;
@group(0) @binding(8) var<uniform> p: Params;

fn logQAt(row: u32, k: u32) -> f32 {
  if (GROUPED) {
    return logQ[(row / p.gs) * p.dim + k];
  }
  return logQin[u32(qIndex[row]) * p.dim + k];
}

@compute @workgroup_size(64)
fn main(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  let perRow = PASS == 1u || PASS == 3u || PASS == 5u;
  let count = select((p.n / p.gs) * p.dim, p.n, perRow);
  if (i >= count) {
    return;
  }
  switch PASS {
    case 1u: {
      let base = i * p.dim;
      var m = -3.4e38;
      for (var k = 0u; k < p.dim; k++) {
        m = max(m, z[base + k] * p.invTau);
      }
      var s = 0.0;
      for (var k = 0u; k < p.dim; k++) {
        s += exp(z[base + k] * p.invTau - m);
      }
      lse[i] = m + log(s);
    }
    case 2u, 4u: {
      let grp = i / p.dim;
      let k = i % p.dim;
      var s = 0.0;
      for (var r = grp * p.gs; r < (grp + 1u) * p.gs; r++) {
        let pk = exp(z[r * p.dim + k] * p.invTau - lse[r]);
        s += select(pk, g[r] * pk, PASS == 4u);
      }
      if (PASS == 2u) {
        logQ[i] = log(s / f32(p.gs));
      } else {
        a[i] = -s / (f32(p.gs) * exp(logQ[i]));
      }
    }
    case 3u: {
      let base = i * p.dim;
      var s = 0.0;
      for (var k = 0u; k < p.dim; k++) {
        let lp = z[base + k] * p.invTau - lse[i];
        s += exp(lp) * (lp - logQAt(i, k));
      }
      out[i] = s;
    }
    default: {
      let base = i * p.dim;
      let gi = g[i];
      let grpBase = (i / p.gs) * p.dim;
      var s = 0.0;
      for (var k = 0u; k < p.dim; k++) {
        let lp = z[base + k] * p.invTau - lse[i];
        var dp = gi * (lp - logQAt(i, k) + 1.0);
        if (GROUPED) {
          dp += a[grpBase + k];
        }
        s += exp(lp) * dp;
      }
      for (var k = 0u; k < p.dim; k++) {
        let lp = z[base + k] * p.invTau - lse[i];
        var dp = gi * (lp - logQAt(i, k) + 1.0);
        if (GROUPED) {
          dp += a[grpBase + k];
        }
        out[base + k] = p.invTau * exp(lp) * (dp - s);
      }
    }
  }
}
