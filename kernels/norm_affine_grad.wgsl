// norm_affine_grad.wgsl: per-sample partial gradients of the affine parameters of norm.wgsl.
// The rows of norm.wgsl come in samples of g rows; sample o, channel c covers row
// r = o * g + c / cpg, elements j = (c % cpg) * inner + k for k < inner. One invocation per
// (o, c) sums over k:
//   part[o, c]         = sum_k dy * xhat   (summed over o on the host: d gamma)
//   part[O*C + o*C + c] = sum_k dy         (d beta)
// O = rows / g samples, C = g * cpg channels.
// Override VEC4 (bool, default false; only when inner % 4 == 0): x and dy 4 floats at a time.
//
// Bindings (group 0):
//   0  x: array<vec4<f32>>, read      [rows, m] as flat f32 (buffer size a multiple of 16)
//   1  stats: array<f32>, read        [rows, 2]
//   2  dy: array<vec4<f32>>, read     [rows, m] as flat f32 (size a multiple of 16)
//   3  part: array<f32>, read_write   [2, O, C]
//   4  p: uniform Params { rows: u32, m: u32, g: u32, cpg: u32, inner: u32, eps: f32, pad0: u32, pad1: u32 }
// Workgroup size: 64 x 1 x 1.
// Dispatch: n = O * C; groups = ceil(n / 64); (x, y, 1) with x = min(groups, 65535),
//   y = ceil(groups / x). Invocation index i = (wid.y * nwg.x + wid.x) * 64 + lid.x.

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
@group(0) @binding(1) var<storage, read> stats: array<f32>;
@group(0) @binding(2) var<storage, read> dy: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> part: array<f32>;
@group(0) @binding(4) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let i = (wid.y * nwg.x + wid.x) * 64u + lid;
  let channels = p.g * p.cpg;
  let samples = p.rows / p.g;
  if (i >= samples * channels) {
    return;
  }
  let o = i / channels;
  let c = i % channels;
  let r = o * p.g + c / p.cpg;
  let base = r * p.m + (c % p.cpg) * p.inner;
  let mean = stats[2u * r];
  let rstd = stats[2u * r + 1u];
  var sg = 0.0;
  var sb = 0.0;
  if (VEC4) {
    var sg4 = vec4<f32>(0.0);
    var sb4 = vec4<f32>(0.0);
    let b4 = base / 4u;
    for (var k = 0u; k < p.inner / 4u; k++) {
      let d = dy[b4 + k];
      sg4 += d * (x[b4 + k] - mean);
      sb4 += d;
    }
    sg = ((sg4.x + sg4.y) + (sg4.z + sg4.w)) * rstd;
    sb = (sb4.x + sb4.y) + (sb4.z + sb4.w);
  } else {
    for (var k = 0u; k < p.inner; k++) {
      let e = base + k;
      let d = dy[e >> 2u][e & 3u];
      sg += d * (x[e >> 2u][e & 3u] - mean) * rstd;
      sb += d;
    }
  }
  part[i] = sg;
  part[samples * channels + i] = sb;
}
