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
//
// WORK SPLIT AND DISPATCH
//   workgroup_size = (8, 8, 1). The invocation with global id g writes texel
//   (g.x, g.y, layer g.z) when it lies inside the texture.
//   dispatch = (ceil(width / 8), ceil(height / 8), layers), width x height x layers being
//   the texture's size.

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

fn x1(e: u32) -> f32 { return X[e >> 2u][e & 3u]; }

@compute @workgroup_size(8, 8, 1)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let size = textureDimensions(T);
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
