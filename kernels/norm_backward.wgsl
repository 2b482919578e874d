// norm_backward.wgsl: gradient of norm.wgsl with respect to x, one invocation per row:
//   xhat = (x - mean) * rstd,  d = dy * gamma[ch]
//   dx = rstd * (d - mean_j(d) - xhat * mean_j(d * xhat))
// (rows, m, g, cpg, inner and the channel of an element as in norm.wgsl)
//
// Bindings (group 0):
//   0  x: array<f32>, read           [rows, m]
//   1  gamma: array<f32>, read       [channels]
//   2  stats: array<f32>, read       [rows, 2] from the forward pass
//   3  dy: array<f32>, read          [rows, m]
//   4  dx: array<f32>, read_write    [rows, m]
//   5  p: uniform Params { rows: u32, m: u32, g: u32, cpg: u32, inner: u32, eps: f32, pad0: u32, pad1: u32 }
// Workgroup size: 64 x 1 x 1.
// Dispatch: groups = ceil(rows / 64); (x, y, 1) with x = min(groups, 65535), y = ceil(groups / x).
//   Invocation index r = (wid.y * nwg.x + wid.x) * 64 + lid.x; r >= rows returns.

struct Params {
  rows: u32,
  m: u32,
  g: u32,
  cpg: u32,
  inner: u32,
  eps: f32,
  pad0: u32,
  pad1: u32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> gamma: array<f32>;
@group(0) @binding(2) var<storage, read> stats: array<f32>;
@group(0) @binding(3) var<storage, read> dy: array<f32>;
@group(0) @binding(4) var<storage, read_write> dx: array<f32>;
@group(0) @binding(5) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let r = (wid.y * nwg.x + wid.x) * 64u + lid;
  if (r >= p.rows) {
    return;
  }
  let base = r * p.m;
  let mean = stats[2u * r];
  let rstd = stats[2u * r + 1u];
  let ch0 = (r % p.g) * p.cpg;
  var sd = 0.0;
  var sdx = 0.0;
  for (var j = 0u; j < p.m; j++) {
    let d = dy[base + j] * gamma[ch0 + j / p.inner];
    sd += d;
    sdx += d * (x[base + j] - mean) * rstd;
  }
  let md = sd / f32(p.m);
  let mdx = sdx / f32(p.m);
  for (var j = 0u; j < p.m; j++) {
    let d = dy[base + j] * gamma[ch0 + j / p.inner];
    let xhat = (x[base + j] - mean) * rstd;
    dx[base + j] = rstd * (d - md - xhat * mdx);
  }
}
