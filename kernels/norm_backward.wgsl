// norm_backward.wgsl: gradient of norm.wgsl with respect to x, one invocation per row:
//   xhat = (x - mean) * rstd,  d = dy * gamma[ch]
//   dx = rstd * (d - mean_j(d) - xhat * mean_j(d * xhat))
// (rows, m, g, cpg, inner and the channel of an element as in norm.wgsl)
// Override VEC4 (bool, default false; only when inner % 4 == 0): x, dy and dx 4 floats at a
// time; otherwise one float at a time.
//
// Bindings (group 0):
//   0  x: array<vec4<f32>>, read     [rows, m] as flat f32 (buffer size a multiple of 16)
//   1  gamma: array<f32>, read       [channels]
//   2  stats: array<f32>, read       [rows, 2] from the forward pass
//   3  dy: array<vec4<f32>>, read    [rows, m] as flat f32 (size a multiple of 16)
//   4  dx: array<vec4<f32>>, read_write [rows, m] as flat f32 (size a multiple of 16)
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

override VEC4: bool = false;

@group(0) @binding(0) var<storage, read> x: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> gamma: array<f32>;
@group(0) @binding(2) var<storage, read> stats: array<f32>;
@group(0) @binding(3) var<storage, read> dy: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read_write> dx: array<vec4<f32>>;
@group(0) @binding(5) var<uniform> p: Params;

fn sum4(v: vec4<f32>) -> f32 {
  return (v.x + v.y) + (v.z + v.w);
}

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
  if (VEC4) {
    // channel by channel (a division per element would cost a loop over the SIMD lanes)
    let inner4 = p.inner / 4u;
    var sd4 = vec4<f32>(0.0);
    var sdx4 = vec4<f32>(0.0);
    var at = base / 4u;
    for (var c = 0u; c < p.cpg; c++) {
      let ga = gamma[ch0 + c];
      for (var k = 0u; k < inner4; k++) {
        let d = dy[at] * ga;
        sd4 += d;
        sdx4 += d * (x[at] - mean);
        at++;
      }
    }
    let md = sum4(sd4) / f32(p.m);
    let mdx = sum4(sdx4) * rstd / f32(p.m);
    at = base / 4u;
    for (var c = 0u; c < p.cpg; c++) {
      let ga = gamma[ch0 + c];
      for (var k = 0u; k < inner4; k++) {
        let xhat = (x[at] - mean) * rstd;
        dx[at] = rstd * (dy[at] * ga - md - xhat * mdx);
        at++;
      }
    }
    return;
  }
  var sd = 0.0;
  var sdx = 0.0;
  for (var j = 0u; j < p.m; j++) {
    let e = base + j;
    let d = dy[e >> 2u][e & 3u] * gamma[ch0 + j / p.inner];
    sd += d;
    sdx += d * (x[e >> 2u][e & 3u] - mean) * rstd;
  }
  let md = sd / f32(p.m);
  let mdx = sdx / f32(p.m);
  for (var j = 0u; j < p.m; j++) {
    let e = base + j;
    let d = dy[e >> 2u][e & 3u] * gamma[ch0 + j / p.inner];
    let xhat = (x[e >> 2u][e & 3u] - mean) * rstd;
    dx[e >> 2u][e & 3u] = rstd * (d - md - xhat * mdx);
  }
}
