// attention_pv.wgsl: the softmax and the weighted sum of attention, fused:
//   o[b, i, c] = sum_j exp(s[b, i, j] - lse[b, i]) * v[b, j, c]
// where s = scale * q k^T (a matmul) and lse = logsumexp_j s[b, i, j] (a reduction); the
// probabilities are never stored. Each invocation computes 4 consecutive output channels
// of one query row in a vec4 accumulator (channels past d are skipped).
//
// Bindings (group 0):
//   0  s: array<f32>, read          [bh, t, t] scores
//   1  lse: array<f32>, read        [bh, t]
//   2  v: array<f32>, read          [bh, t, d]
//   3  o: array<f32>, read_write    [bh, t, d]
//   4  p: uniform Params { bh: u32, t: u32, d: u32, pad: u32 }
// Workgroup size: 64 x 1 x 1.
// Dispatch: n = bh * t * ceil(d / 4); groups = ceil(n / 64); (x, y, 1) with
//   x = min(groups, 65535), y = ceil(groups / x). Invocation index i = (wid.y * nwg.x + wid.x) * 64 + lid.x.
//
// Entry `main4` (only when d % 4 == 0): the same sums in the same order (the same bits), with
//   s and v read through textures instead of storage buffers (on llvmpipe a storage-buffer
//   load is a loop over the SIMD lanes) and o written as vec4. Bindings: 0 st:
//   texture_2d<f32>, r32float, s as a flat array (flatTexel); 1 lse as `main`; 2 vt:
//   texture_2d_array<f32>, rgba32float, one layer, v as a flat array of vec4 (flatTexel4);
//   3 o4: array<vec4<f32>>, read_write (o's buffer); 4 p as `main`. Dispatch as `main`.

// #include "flat_texture.wgsl"
// #include "invocation.wgsl"

struct Params {
  bh: u32,
  t: u32,
  d: u32,
  pad: u32,
}

@group(0) @binding(0) var<storage, read> s: array<f32>;
@group(0) @binding(1) var<storage, read> lse: array<f32>;
@group(0) @binding(2) var<storage, read> v: array<f32>;
@group(0) @binding(3) var<storage, read_write> o: array<f32>;
@group(0) @binding(4) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(inv: Invocation) {
  let idx = invocationIndex(inv, 64u);
  let quads = (p.d + 3u) / 4u;
  if (idx >= p.bh * p.t * quads) {
    return;
  }
  let c0 = (idx % quads) * 4u;
  let row = idx / quads;
  let b = row / p.t;
  let l = lse[row];
  let srow = row * p.t;
  let vbase = b * p.t * p.d + c0;
  let full = c0 + 4u <= p.d;
  var acc = vec4<f32>(0.0);
  for (var j = 0u; j < p.t; j++) {
    let w = exp(s[srow + j] - l);
    let at = vbase + j * p.d;
    if (full) {
      acc += w * vec4<f32>(v[at], v[at + 1u], v[at + 2u], v[at + 3u]);
    } else {
      for (var c = 0u; c < p.d - c0; c++) {
        acc[c] += w * v[at + c];
      }
    }
  }
  let ob = row * p.d + c0;
  for (var c = 0u; c < min(4u, p.d - c0); c++) {
    o[ob + c] = acc[c];
  }
}

@group(0) @binding(0) var st: texture_2d<f32>;
@group(0) @binding(2) var vt: texture_2d_array<f32>;
@group(0) @binding(3) var<storage, read_write> o4: array<vec4<f32>>;

@compute @workgroup_size(64)
fn main4(inv: Invocation) {
  let idx = invocationIndex(inv, 64u);
  let quads = p.d / 4u;
  if (idx >= p.bh * p.t * quads) {
    return;
  }
  let row = idx / quads;
  let b = row / p.t;
  let l = lse[row];
  let srow = row * p.t;
  // v's vec4 of row j of batch b, channels 4 * (idx % quads) ..
  let vbase = b * p.t * quads + idx % quads;
  var acc = vec4<f32>(0.0);
  for (var j = 0u; j < p.t; j++) {
    let w = exp(textureLoad(st, flatTexel(srow + j), 0).x - l);
    acc += w * textureLoad(vt, flatTexel4(vbase + j * quads), 0, 0);
  }
  o4[idx] = acc;
}
