// kernels/pack_tex.wgsl: copies a batch of strided f32 matrices into an rgba32float
// texture array, 4 consecutive columns per texel, zero-filling the texture around the
// data. Feeds kernels/matmul_tex.wgsl (which reads op(A) and op(B) through textures).
//
// BINDINGS (group 0)
//   @binding(0) X: var<storage, read> array<vec4<f32>>, used as a flat f32 array
//   @binding(1) T: texture_storage_2d_array<rgba32float, write>
//   @binding(2) P: var<uniform> Params (32 bytes, below)
//
// LAYOUTS (offsets in f32 elements)
//   Matrix b, row r, column c of the source: X[b * batchStride + r * rowStride + c * colStride]
//   (any strides, so a transposed operand packs as it is).
//   T texel (x = q, y = r, layer = b) = (X(b, r, 4q), X(b, r, 4q+1), X(b, r, 4q+2), X(b, r, 4q+3)),
//   with 0 for every column >= cols, every row >= rows (up to the texture's height) and
//   every texel x >= ceil(cols / 4) (up to the texture's width).
//
// PARAMS: uniform struct of 8 u32, in order: rows, cols, rowStride, colStride,
//   batchStride, 0, 0, 0.
//
// OVERRIDES
//   VEC4: bool, default false: read 4 columns with one vec4 load. Only when
//     colStride == 1 and rowStride, batchStride and cols are multiples of 4.
//   ROWS4: bool, default false: for a transposed source, read 4 rows of a column with one
//     vec4 load and write 4 texels. Only when rowStride == 1, colStride, batchStride and
//     rows are multiples of 4, and the texture's height is a multiple of 4.
//
// WORK SPLIT AND DISPATCH
//   workgroup_size = (8, 8, 1). The invocation with global id g writes texel
//   (g.x, g.y, layer g.z) when it lies inside the texture; with ROWS4, texels
//   (g.x, 4 g.y .. 4 g.y + 3, layer g.z).
//   dispatch = (ceil(width / 8), ceil(height / 8), layers), or with ROWS4
//   (ceil(width / 8), ceil(height / 32), layers), width x height x layers being the
//   texture's size.

struct Params {
  rows: u32,
  cols: u32,
  rowStride: u32,
  colStride: u32,
  batchStride: u32,
  pad0: u32,
  pad1: u32,
  pad2: u32,
}

@group(0) @binding(0) var<storage, read> X: array<vec4<f32>>;
@group(0) @binding(1) var T: texture_storage_2d_array<rgba32float, write>;
@group(0) @binding(2) var<uniform> P: Params;

override VEC4: bool = false;
override ROWS4: bool = false;

fn x1(e: u32) -> f32 { return X[e >> 2u][e & 3u]; }

// ROWS4: texels (q, r0 .. r0+3); column j of the 4 x 4 block is one vec4 load.
fn rows4(gid: vec3<u32>, size: vec2<u32>) {
  let r0 = gid.y * 4u;
  if (gid.x >= size.x || r0 >= size.y) { return; }
  let c = gid.x * 4u;
  let s = P.colStride;
  var m0 = vec4<f32>(0.0);
  var m1 = vec4<f32>(0.0);
  var m2 = vec4<f32>(0.0);
  var m3 = vec4<f32>(0.0);
  if (r0 < P.rows && c < P.cols) {
    let e = gid.z * P.batchStride + r0 + c * s;
    m0 = X[e >> 2u];
    if (c + 1u < P.cols) { m1 = X[(e + s) >> 2u]; }
    if (c + 2u < P.cols) { m2 = X[(e + 2u * s) >> 2u]; }
    if (c + 3u < P.cols) { m3 = X[(e + 3u * s) >> 2u]; }
  }
  textureStore(T, vec2<u32>(gid.x, r0), gid.z, vec4<f32>(m0.x, m1.x, m2.x, m3.x));
  textureStore(T, vec2<u32>(gid.x, r0 + 1u), gid.z, vec4<f32>(m0.y, m1.y, m2.y, m3.y));
  textureStore(T, vec2<u32>(gid.x, r0 + 2u), gid.z, vec4<f32>(m0.z, m1.z, m2.z, m3.z));
  textureStore(T, vec2<u32>(gid.x, r0 + 3u), gid.z, vec4<f32>(m0.w, m1.w, m2.w, m3.w));
}

@compute @workgroup_size(8, 8, 1)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let size = textureDimensions(T);
  if (ROWS4) {
    rows4(gid, size);
    return;
  }
  if (gid.x >= size.x || gid.y >= size.y) { return; }
  let c = gid.x * 4u;
  var v = vec4<f32>(0.0);
  if (gid.y < P.rows && c < P.cols) {
    let e = gid.z * P.batchStride + gid.y * P.rowStride + c * P.colStride;
    if (VEC4) {
      v = X[e >> 2u];
    } else {
      let s = P.colStride;
      v.x = x1(e);
      if (c + 1u < P.cols) { v.y = x1(e + s); }
      if (c + 2u < P.cols) { v.z = x1(e + 2u * s); }
      if (c + 3u < P.cols) { v.w = x1(e + 3u * s); }
    }
  }
  textureStore(T, gid.xy, gid.z, v);
}
