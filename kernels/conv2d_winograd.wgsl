// conv2d_winograd.wgsl: the transforms of Winograd's F(4x4, 3x3) for 3x3 convolutions with
// stride 1 and padding 1 (lib/ops/conv_winograd.ts). The convolution of a 6x6 input patch d
// with a 3x3 filter g gives a 4x4 output tile Y = A^T [(G g G^T) * (B^T d B)] A (* is the
// elementwise product of 6x6 matrices), so that, summed over input channels, it becomes 36
// independent matrix products (run by matmul_tex.wgsl) between transforms:
//   U[xi][ci][co] = (G g G^T)[xi]         filter transform (`filter_transform`)
//   V[xi][t][ci]  = (B^T d_t B)[xi]        input transform of tile t (`input_transform`)
//   M[xi] = V[xi] U[xi]                    [T x CI] x [CI x CO], on the host side
//   Y_t = A^T M_t A                        output transform (`output_transform`)
// and for the weight gradient, with dYh_t = A dY_t A^T (`dy_transform`, which writes it
// transposed, tiles along rows, so that neither product operand needs a transpose):
//   S[xi]^T = dYh[xi]^T V[xi]              [CO x T] x [T x CI], on the host side
//   dw = G^T S G                           (`filter_grad`)
// xi = 6 * i + j indexes the 6x6 transformed positions. With
//   B^T = [4 0 -5 0 1 0; 0 -4 -4 1 1 0; 0 4 -4 -1 1 0; 0 -2 -1 2 1 0; 0 2 -1 -2 1 0;
//          0 4 0 -5 0 1]
//   G   = [1/4 0 0; -1/6 -1/6 -1/6; -1/6 1/6 -1/6; 1/24 1/12 1/6; 1/24 -1/12 1/6; 0 0 1]
//   A^T = [1 1 1 1 1 0; 0 1 -1 2 -2 0; 0 1 1 4 4 0; 0 1 -1 8 -8 1]
// Tiles: th = ceil(h / 4) by tw = ceil(w / 4) per image (the output has the input's size),
// t = (image * th + ty) * tw + tx; tile t covers outputs rows 4 ty .. 4 ty + 3, columns
// 4 tx .. 4 tx + 3, and reads input rows 4 ty - 1 .. 4 ty + 4 (zero outside the image).
// Channel counts are multiples of 4: V, M and dYh hold 4 channels per vec4.
//
// Every entry: workgroup size 64 x 1 x 1; invocation i = (wid.y * nwg.x + wid.x) * 64 +
// lid.x; dispatch (x, y, 1) with groups = ceil(count / 64), x = min(groups, 65535),
// y = ceil(groups / x); invocations with i >= count return at once. The params uniform is
// the last binding; all its fields are u32.
//
// Entry `filter_transform`: count = KI * KO. Bindings: 0 w: array<f32>, read, the weight
//   [o, c, 3, 3]; 1 u: array<f32>, read_write, U [36][KI][KO]; 2 p: FilterParams { ki, ko,
//   pad0, pad1 }.
//   Invocation i: ki = i / KO, ko = i % KO. Override FLIP false (forward): KI = c, KO = o,
//   g = w[ko, ki]; FLIP true (input gradient, a convolution of dy with the flipped,
//   transposed weight): KI = o, KO = c, g[a][b] = w[ki, ko, 2 - a, 2 - b].
// Entry `input_transform`: count = T * C4. Bindings: 0 xt: texture_2d<f32>, r32float,
//   x [n, c, h, w] as a flat array, element e in texel (e % 8192, e / 8192) (the host
//   copies x's buffer there); 1 v: array<vec4<f32>>, read_write, V [36][T][C4] (vec4 k =
//   channels 4k .. 4k+3); 2 p: TileParams { n, c4, h, w, th, tw, tiles, pad }. Invocation
//   i: channel group i % C4, tile i / C4.
// Entry `input_transform4` (only when w % 4 == 0): the same result as `input_transform`,
//   with 0 xt4: texture_2d_array<f32>, rgba32float, one layer: x as a flat array of vec4,
//   vec4 q in texel (q % 2048, q / 2048) (the host copies x's buffer there), so that each
//   patch row of a channel is 3 texel fetches (its columns 4 tx - 1 .. 4 tx + 4 lie in the
//   texels of columns 4 tx - 4, 4 tx and 4 tx + 4) instead of 6.
// Entry `output_transform`: count = T * C4 (C4 = output channels / 4). Bindings:
//   0 mt: texture_2d_array<f32>, rgba32float, one layer: M [36][T][C4] as a flat array of
//     vec4, vec4 q in texel (q % 2048, q / 2048) (the host copies M's buffer there);
//   1 bias: array<f32>, read ([4 * C4]; any buffer when HAS_BIAS is false);
//   2 y: array<vec4<f32>>, read_write, y [n, 4 * C4, h, w] as a flat f32 array;
//   3 p: TileParams. Overrides HAS_BIAS; VEC4_OUT (only when w % 4 == 0: each output row of
//   4 pixels is one aligned vec4 store).
// Entry `dy_transform`: count = O * ceil(T / 4) (O = 4 * C4 channels of dy). Bindings as
//   `input_transform`'s: 0 xt holds dy [n, O, h, w] (flat, r32float); 1 v receives
//   dYh^T [36][O][T] as a flat f32 array (row o of position xi: tiles 0 .. T-1);
//   2 p: TileParams. Invocation i: channel o = i / ceil(T / 4), tiles 4 j .. 4 j + 3 with
//   j = i % ceil(T / 4) (one vec4 store each position when T % 4 == 0, else scalar stores
//   of the tiles < T).
// Entry `dy_transform4` (only when w % 4 == 0): the same result as `dy_transform`, with
//   0 xt4 as `input_transform4`'s holding dy: each tile row is one texel fetch.
// Entry `filter_grad`: count = C * O. Bindings: 0 s: array<f32>, read, S^T [36][O][C];
//   1 dw: array<f32>, read_write, [O, C, 3, 3]; 2 p: FilterParams { ki: C, ko: O, .. }.
//   Invocation i: o = i / C, c = i % C.

// #include "flat_texture.wgsl"
// #include "invocation.wgsl"

override FLIP: bool = false;
override HAS_BIAS: bool = false;
override VEC4_OUT: bool = false;

struct FilterParams {
  ki: u32,
  ko: u32,
  pad0: u32,
  pad1: u32,
}

struct TileParams {
  n: u32,
  c4: u32,
  h: u32,
  w: u32,
  th: u32,
  tw: u32,
  tiles: u32,
  pad: u32,
}

// Six values (one row or column of a 6x6 matrix), for 4 channels at once.
struct S6 {
  a0: vec4<f32>,
  a1: vec4<f32>,
  a2: vec4<f32>,
  a3: vec4<f32>,
  a4: vec4<f32>,
  a5: vec4<f32>,
}

// Four values (one row or column of a 4x4 tile).
struct S4 {
  a0: vec4<f32>,
  a1: vec4<f32>,
  a2: vec4<f32>,
  a3: vec4<f32>,
}

// B^T d
fn bt6(d: S6) -> S6 {
  return S6(
    4.0 * d.a0 - 5.0 * d.a2 + d.a4,
    -4.0 * (d.a1 + d.a2) + d.a3 + d.a4,
    4.0 * (d.a1 - d.a2) - d.a3 + d.a4,
    2.0 * (d.a3 - d.a1) - d.a2 + d.a4,
    2.0 * (d.a1 - d.a3) - d.a2 + d.a4,
    4.0 * d.a1 - 5.0 * d.a3 + d.a5,
  );
}

// A^T m
fn at4(z: S6) -> S4 {
  let p12 = z.a1 + z.a2;
  let m12 = z.a1 - z.a2;
  let p34 = z.a3 + z.a4;
  let m34 = z.a3 - z.a4;
  return S4(z.a0 + p12 + p34, m12 + 2.0 * m34, p12 + 4.0 * p34, m12 + 8.0 * m34 + z.a5);
}

// A e (the transpose of at4)
fn a6(e: S4) -> S6 {
  let p02 = e.a0 + e.a2;
  let p13 = e.a1 + e.a3;
  let q02 = e.a0 + 4.0 * e.a2;
  let q13 = 2.0 * e.a1 + 8.0 * e.a3;
  return S6(e.a0, p02 + p13, p02 - p13, q02 + q13, q02 - q13, e.a3);
}

// G g for 3 scalars -> 6
fn g6(g0: f32, g1: f32, g2: f32) -> array<f32, 6> {
  return array<f32, 6>(
    0.25 * g0,
    -(g0 + g1 + g2) / 6.0,
    -(g0 - g1 + g2) / 6.0,
    g0 / 24.0 + g1 / 12.0 + g2 / 6.0,
    g0 / 24.0 - g1 / 12.0 + g2 / 6.0,
    g2,
  );
}

// G^T s for 6 scalars -> 3
fn gt3(s0: f32, s1: f32, s2: f32, s3: f32, s4: f32, s5: f32) -> vec3<f32> {
  return vec3<f32>(
    0.25 * s0 - (s1 + s2) / 6.0 + (s3 + s4) / 24.0,
    (s2 - s1) / 6.0 + (s3 - s4) / 12.0,
    (s3 + s4 - s1 - s2) / 6.0 + s5,
  );
}

// Work item i of a tile entry (channel group i % c4 of tile i / c4): the first of its 4
// channel planes, and the tile's top row and left column, 4 ty and 4 tx.
fn tileAt(i: u32, t: TileParams) -> vec3<u32> {
  let cg = i % t.c4;
  let tile = i / t.c4;
  let tx = tile % t.tw;
  let ty = (tile / t.tw) % t.th;
  let img = tile / (t.tw * t.th);
  return vec3<u32>(img * 4u * t.c4 + 4u * cg, 4u * ty, 4u * tx);
}

// ---------------------------------------------------------------------------- filter

@group(0) @binding(0) var<storage, read> w: array<f32>;
@group(0) @binding(1) var<storage, read_write> u: array<f32>;
@group(0) @binding(2) var<uniform> fp: FilterParams;

@compute @workgroup_size(64)
fn filter_transform(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  let count = fp.ki * fp.ko;
  if (i >= count) {
    return;
  }
  let ki = i / fp.ko;
  let ko = i % fp.ko;
  var g: array<f32, 9>;
  if (FLIP) {
    let base = (ki * fp.ko + ko) * 9u;
    for (var k = 0u; k < 9u; k++) {
      g[k] = w[base + 8u - k];
    }
  } else {
    let base = (ko * fp.ki + ki) * 9u;
    for (var k = 0u; k < 9u; k++) {
      g[k] = w[base + k];
    }
  }
  // columns first: c_b = G g[:, b], then each row of the 6x3 result times G^T
  let c0 = g6(g[0], g[3], g[6]);
  let c1 = g6(g[1], g[4], g[7]);
  let c2 = g6(g[2], g[5], g[8]);
  for (var r = 0u; r < 6u; r++) {
    let row = g6(c0[r], c1[r], c2[r]);
    for (var q = 0u; q < 6u; q++) {
      u[(r * 6u + q) * count + i] = row[q];
    }
  }
}

// ---------------------------------------------------------------------------- input

@group(0) @binding(0) var xt: texture_2d<f32>;
@group(0) @binding(1) var<storage, read_write> v: array<vec4<f32>>;
@group(0) @binding(2) var<uniform> tp: TileParams;

// x at (plane, row, col) of 4 consecutive channel planes; 0 outside the image
fn fetch4(plane: u32, row: i32, col: i32) -> vec4<f32> {
  if (row < 0 || col < 0 || u32(row) >= tp.h || u32(col) >= tp.w) {
    return vec4<f32>();
  }
  let hw = tp.h * tp.w;
  let e = plane * hw + u32(row) * tp.w + u32(col);
  return vec4<f32>(
    textureLoad(xt, flatTexel(e), 0).r,
    textureLoad(xt, flatTexel(e + hw), 0).r,
    textureLoad(xt, flatTexel(e + 2u * hw), 0).r,
    textureLoad(xt, flatTexel(e + 3u * hw), 0).r,
  );
}

// row `row` of the patch, transformed: (d B)[row] = B^T applied to the row
fn inputRow(plane: u32, row: i32, col: i32) -> S6 {
  return bt6(S6(
    fetch4(plane, row, col),
    fetch4(plane, row, col + 1),
    fetch4(plane, row, col + 2),
    fetch4(plane, row, col + 3),
    fetch4(plane, row, col + 4),
    fetch4(plane, row, col + 5),
  ));
}

@compute @workgroup_size(64)
fn input_transform(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  let count = tp.tiles * tp.c4;
  if (i >= count) {
    return;
  }
  let at = tileAt(i, tp);
  let plane = at.x;
  let row = i32(at.y) - 1;
  let col = i32(at.z) - 1;
  let r0 = inputRow(plane, row, col);
  let r1 = inputRow(plane, row + 1, col);
  let r2 = inputRow(plane, row + 2, col);
  let r3 = inputRow(plane, row + 3, col);
  let r4 = inputRow(plane, row + 4, col);
  let r5 = inputRow(plane, row + 5, col);
  storePatch(r0, r1, r2, r3, r4, r5, i, count);
}

// The 6 transformed rows of a patch, then B^T down each column j: V[r][j], stored
fn storePatch(r0: S6, r1: S6, r2: S6, r3: S6, r4: S6, r5: S6, i: u32, count: u32) {
  storeColumn(0u, bt6(S6(r0.a0, r1.a0, r2.a0, r3.a0, r4.a0, r5.a0)), i, count);
  storeColumn(1u, bt6(S6(r0.a1, r1.a1, r2.a1, r3.a1, r4.a1, r5.a1)), i, count);
  storeColumn(2u, bt6(S6(r0.a2, r1.a2, r2.a2, r3.a2, r4.a2, r5.a2)), i, count);
  storeColumn(3u, bt6(S6(r0.a3, r1.a3, r2.a3, r3.a3, r4.a3, r5.a3)), i, count);
  storeColumn(4u, bt6(S6(r0.a4, r1.a4, r2.a4, r3.a4, r4.a4, r5.a4)), i, count);
  storeColumn(5u, bt6(S6(r0.a5, r1.a5, r2.a5, r3.a5, r4.a5, r5.a5)), i, count);
}

// column j of a transformed 6x6 (rows 0..5) to positions xi = 6 r + j of V
fn storeColumn(j: u32, k: S6, i: u32, count: u32) {
  v[j * count + i] = k.a0;
  v[(6u + j) * count + i] = k.a1;
  v[(12u + j) * count + i] = k.a2;
  v[(18u + j) * count + i] = k.a3;
  v[(24u + j) * count + i] = k.a4;
  v[(30u + j) * count + i] = k.a5;
}

// (input_transform4: x read 4 columns a texel)
@group(0) @binding(0) var xt4: texture_2d_array<f32>;

// the 4 floats of x from flat index e (a multiple of 4), or 0 when `inside` is false
fn texel4(e: u32, inside: bool) -> vec4<f32> {
  if (!inside) {
    return vec4<f32>();
  }
  return textureLoad(xt4, flatTexel4(e >> 2u), 0, 0);
}

// The 6 columns 4 tx - 1 .. 4 tx + 4 of one patch row of one channel plane (zeros outside).
struct Cols6 {
  left: f32,
  mid: vec4<f32>,
  right: f32,
}

fn cols6(plane: u32, row: i32, col: u32) -> Cols6 {
  if (row < 0 || u32(row) >= tp.h) {
    return Cols6(0.0, vec4<f32>(), 0.0);
  }
  let e = (plane * tp.h + u32(row)) * tp.w + col;
  let left = texel4(e - 4u, col > 0u).w;
  let right = texel4(e + 4u, col + 4u < tp.w).x;
  return Cols6(left, texel4(e, true), right);
}

// row `row` of the patch of 4 channel planes, transformed as inputRow's
fn inputRow4(plane: u32, row: i32, col: u32) -> S6 {
  let c0 = cols6(plane, row, col);
  let c1 = cols6(plane + 1u, row, col);
  let c2 = cols6(plane + 2u, row, col);
  let c3 = cols6(plane + 3u, row, col);
  return bt6(S6(
    vec4<f32>(c0.left, c1.left, c2.left, c3.left),
    vec4<f32>(c0.mid.x, c1.mid.x, c2.mid.x, c3.mid.x),
    vec4<f32>(c0.mid.y, c1.mid.y, c2.mid.y, c3.mid.y),
    vec4<f32>(c0.mid.z, c1.mid.z, c2.mid.z, c3.mid.z),
    vec4<f32>(c0.mid.w, c1.mid.w, c2.mid.w, c3.mid.w),
    vec4<f32>(c0.right, c1.right, c2.right, c3.right),
  ));
}

@compute @workgroup_size(64)
fn input_transform4(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  let count = tp.tiles * tp.c4;
  if (i >= count) {
    return;
  }
  let at = tileAt(i, tp);
  let plane = at.x;
  let row = i32(at.y) - 1;
  let col = at.z;
  let r0 = inputRow4(plane, row, col);
  let r1 = inputRow4(plane, row + 1, col);
  let r2 = inputRow4(plane, row + 2, col);
  let r3 = inputRow4(plane, row + 3, col);
  let r4 = inputRow4(plane, row + 4, col);
  let r5 = inputRow4(plane, row + 5, col);
  storePatch(r0, r1, r2, r3, r4, r5, i, count);
}

// ---------------------------------------------------------------------------- output

@group(0) @binding(1) var<storage, read> bias: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<vec4<f32>>;
@group(0) @binding(3) var<uniform> op: TileParams;

@group(0) @binding(0) var mt: texture_2d_array<f32>;

// vec4 q of M, from the texture copy of M (2048 texels per row)
fn mload(q: u32) -> vec4<f32> {
  return textureLoad(mt, flatTexel4(q), 0, 0);
}

// column j of M_t (rows 0..5), transformed: (A^T M)[:, j]
fn outColumn(j: u32, i: u32, count: u32) -> S4 {
  return at4(S6(
    mload(j * count + i),
    mload((6u + j) * count + i),
    mload((12u + j) * count + i),
    mload((18u + j) * count + i),
    mload((24u + j) * count + i),
    mload((30u + j) * count + i),
  ));
}

// stores pixel (row, col) of the 4 channels from `plane`
fn put4(plane: u32, row: u32, col: u32, val: vec4<f32>) {
  if (row >= op.h || col >= op.w) {
    return;
  }
  let hw = op.h * op.w;
  let e = plane * hw + row * op.w + col;
  y[e >> 2u][e & 3u] = val.x;
  y[(e + hw) >> 2u][(e + hw) & 3u] = val.y;
  y[(e + 2u * hw) >> 2u][(e + 2u * hw) & 3u] = val.z;
  y[(e + 3u * hw) >> 2u][(e + 3u * hw) & 3u] = val.w;
}

// stores output row `row` (4 pixels from col, of each of the 4 channels)
fn putRow(plane: u32, row: u32, col: u32, r: S4) {
  if (VEC4_OUT) {
    if (row >= op.h) {
      return;
    }
    let hw = op.h * op.w;
    let e = (plane * hw + row * op.w + col) >> 2u;
    let q = hw >> 2u;
    y[e] = vec4<f32>(r.a0.x, r.a1.x, r.a2.x, r.a3.x);
    y[e + q] = vec4<f32>(r.a0.y, r.a1.y, r.a2.y, r.a3.y);
    y[e + 2u * q] = vec4<f32>(r.a0.z, r.a1.z, r.a2.z, r.a3.z);
    y[e + 3u * q] = vec4<f32>(r.a0.w, r.a1.w, r.a2.w, r.a3.w);
    return;
  }
  put4(plane, row, col, r.a0);
  put4(plane, row, col + 1u, r.a1);
  put4(plane, row, col + 2u, r.a2);
  put4(plane, row, col + 3u, r.a3);
}

@compute @workgroup_size(64)
fn output_transform(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  let count = op.tiles * op.c4;
  if (i >= count) {
    return;
  }
  let cg = i % op.c4;
  let k0 = outColumn(0u, i, count);
  let k1 = outColumn(1u, i, count);
  let k2 = outColumn(2u, i, count);
  let k3 = outColumn(3u, i, count);
  let k4 = outColumn(4u, i, count);
  let k5 = outColumn(5u, i, count);
  var b = vec4<f32>();
  if (HAS_BIAS) {
    b = vec4<f32>(bias[4u * cg], bias[4u * cg + 1u], bias[4u * cg + 2u], bias[4u * cg + 3u]);
  }
  // then A^T along each row r
  let y0 = at4(S6(k0.a0, k1.a0, k2.a0, k3.a0, k4.a0, k5.a0));
  let y1 = at4(S6(k0.a1, k1.a1, k2.a1, k3.a1, k4.a1, k5.a1));
  let y2 = at4(S6(k0.a2, k1.a2, k2.a2, k3.a2, k4.a2, k5.a2));
  let y3 = at4(S6(k0.a3, k1.a3, k2.a3, k3.a3, k4.a3, k5.a3));
  let at = tileAt(i, op);
  let plane = at.x;
  let row = at.y;
  let col = at.z;
  putRow(plane, row, col, S4(y0.a0 + b, y0.a1 + b, y0.a2 + b, y0.a3 + b));
  putRow(plane, row + 1u, col, S4(y1.a0 + b, y1.a1 + b, y1.a2 + b, y1.a3 + b));
  putRow(plane, row + 2u, col, S4(y2.a0 + b, y2.a1 + b, y2.a2 + b, y2.a3 + b));
  putRow(plane, row + 3u, col, S4(y3.a0 + b, y3.a1 + b, y3.a2 + b, y3.a3 + b));
}

// ---------------------------------------------------------------------------- dy
// (the bindings of input_transform: xt holds dy, v receives dYh^T)

// Where 4 consecutive tiles t0 .. t0 + 3 of one channel plane start: the flat index of each
// tile's top-left pixel in dy, its row and column, and whether the tile exists (t < T).
struct Tiles4 {
  e: vec4<u32>,
  row: vec4<u32>,
  col: vec4<u32>,
  live: vec4<bool>,
}

fn tiles4(channel: u32, t0: u32) -> Tiles4 {
  let t = vec4<u32>(t0, t0 + 1u, t0 + 2u, t0 + 3u);
  let tx = t % tp.tw;
  let ty = (t / tp.tw) % tp.th;
  let img = t / (tp.tw * tp.th);
  let row = 4u * ty;
  let col = 4u * tx;
  let plane = img * (4u * tp.c4) + channel;
  return Tiles4(plane * (tp.h * tp.w) + row * tp.w + col, row, col, t < vec4<u32>(tp.tiles));
}

// dy at offset (dr, dc) inside each of the 4 tiles; 0 outside the image or past the last tile
fn fetchTiles(q: Tiles4, dr: u32, dc: u32) -> vec4<f32> {
  let inside = q.live & (q.row + dr < vec4<u32>(tp.h)) & (q.col + dc < vec4<u32>(tp.w));
  let e = select(vec4<u32>(), q.e + dr * tp.w + dc, inside);
  let d = vec4<f32>(
    textureLoad(xt, flatTexel(e.x), 0).r,
    textureLoad(xt, flatTexel(e.y), 0).r,
    textureLoad(xt, flatTexel(e.z), 0).r,
    textureLoad(xt, flatTexel(e.w), 0).r,
  );
  return select(vec4<f32>(), d, inside);
}

// row `dr` of the 4 dy tiles, transformed: A applied to the row (6 values)
fn dyRow(q: Tiles4, dr: u32) -> S6 {
  return a6(S4(
    fetchTiles(q, dr, 0u),
    fetchTiles(q, dr, 1u),
    fetchTiles(q, dr, 2u),
    fetchTiles(q, dr, 3u),
  ));
}

// column j of the 4 tiles' dYh (rows 0..5) to positions xi = 6 r + j of dYh^T, row `channel`
fn storeColumnT(j: u32, k: S6, channel: u32, t0: u32) {
  let rows = 4u * tp.c4; // channels of dy: rows of each position's dYh^T
  let stride = rows * tp.tiles; // floats per position
  let at = channel * tp.tiles + t0;
  storeTiles(j * stride + at, k.a0);
  storeTiles((6u + j) * stride + at, k.a1);
  storeTiles((12u + j) * stride + at, k.a2);
  storeTiles((18u + j) * stride + at, k.a3);
  storeTiles((24u + j) * stride + at, k.a4);
  storeTiles((30u + j) * stride + at, k.a5);
}

// the values of tiles t0 .. t0 + 3 at flat index e of dYh^T (t0 = e's tile), those < T
fn storeTiles(e: u32, val: vec4<f32>) {
  if (tp.tiles % 4u == 0u) {
    v[e >> 2u] = val;
    return;
  }
  let left = tp.tiles - e % tp.tiles; // tiles from t0 to the end of the row
  v[e >> 2u][e & 3u] = val.x;
  if (left > 1u) { v[(e + 1u) >> 2u][(e + 1u) & 3u] = val.y; }
  if (left > 2u) { v[(e + 2u) >> 2u][(e + 2u) & 3u] = val.z; }
  if (left > 3u) { v[(e + 3u) >> 2u][(e + 3u) & 3u] = val.w; }
}

@compute @workgroup_size(64)
fn dy_transform(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  let groups = (tp.tiles + 3u) / 4u; // tile groups per channel
  if (i >= 4u * tp.c4 * groups) {
    return;
  }
  let channel = i / groups;
  let t0 = 4u * (i % groups);
  let q = tiles4(channel, t0);
  let r0 = dyRow(q, 0u);
  let r1 = dyRow(q, 1u);
  let r2 = dyRow(q, 2u);
  let r3 = dyRow(q, 3u);
  storeTilesT(r0, r1, r2, r3, channel, t0);
}

// The 4 transformed rows of 4 dy tiles, then A down each column j: dYh^T, stored
fn storeTilesT(r0: S6, r1: S6, r2: S6, r3: S6, channel: u32, t0: u32) {
  storeColumnT(0u, a6(S4(r0.a0, r1.a0, r2.a0, r3.a0)), channel, t0);
  storeColumnT(1u, a6(S4(r0.a1, r1.a1, r2.a1, r3.a1)), channel, t0);
  storeColumnT(2u, a6(S4(r0.a2, r1.a2, r2.a2, r3.a2)), channel, t0);
  storeColumnT(3u, a6(S4(r0.a3, r1.a3, r2.a3, r3.a3)), channel, t0);
  storeColumnT(4u, a6(S4(r0.a4, r1.a4, r2.a4, r3.a4)), channel, t0);
  storeColumnT(5u, a6(S4(r0.a5, r1.a5, r2.a5, r3.a5)), channel, t0);
}

// (dy_transform4: dy read 4 columns a texel; w % 4 == 0, so each tile row is one texel)

// row `dr` of the 4 dy tiles, transformed as dyRow's
fn dyRow4(q: Tiles4, dr: u32) -> S6 {
  let ok = q.live & (q.row + dr < vec4<u32>(tp.h));
  let e = q.e + dr * tp.w;
  let t0 = texel4(e.x, ok.x);
  let t1 = texel4(e.y, ok.y);
  let t2 = texel4(e.z, ok.z);
  let t3 = texel4(e.w, ok.w);
  return a6(S4(
    vec4<f32>(t0.x, t1.x, t2.x, t3.x),
    vec4<f32>(t0.y, t1.y, t2.y, t3.y),
    vec4<f32>(t0.z, t1.z, t2.z, t3.z),
    vec4<f32>(t0.w, t1.w, t2.w, t3.w),
  ));
}

@compute @workgroup_size(64)
fn dy_transform4(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  let groups = (tp.tiles + 3u) / 4u;
  if (i >= 4u * tp.c4 * groups) {
    return;
  }
  let channel = i / groups;
  let t0 = 4u * (i % groups);
  let q = tiles4(channel, t0);
  let r0 = dyRow4(q, 0u);
  let r1 = dyRow4(q, 1u);
  let r2 = dyRow4(q, 2u);
  let r3 = dyRow4(q, 3u);
  storeTilesT(r0, r1, r2, r3, channel, t0);
}

// ---------------------------------------------------------------------------- filter_grad

@group(0) @binding(0) var<storage, read> s: array<f32>;
@group(0) @binding(1) var<storage, read_write> dw: array<f32>;
@group(0) @binding(2) var<uniform> gp: FilterParams;

@compute @workgroup_size(64)
fn filter_grad(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  let count = gp.ki * gp.ko;
  if (i >= count) {
    return;
  }
  let at = i; // S^T[xi][o][c] = s[xi * count + o * C + c], and i = o * C + c
  // G^T down each column j, then G^T along each of the 3 rows
  var cols: array<vec3<f32>, 6>;
  for (var j = 0u; j < 6u; j++) {
    cols[j] = gt3(
      s[j * count + at],
      s[(6u + j) * count + at],
      s[(12u + j) * count + at],
      s[(18u + j) * count + at],
      s[(24u + j) * count + at],
      s[(30u + j) * count + at],
    );
  }
  for (var a = 0u; a < 3u; a++) {
    let r = gt3(cols[0][a], cols[1][a], cols[2][a], cols[3][a], cols[4][a], cols[5][a]);
    dw[i * 9u + a * 3u] = r.x;
    dw[i * 9u + a * 3u + 1u] = r.y;
    dw[i * 9u + a * 3u + 2u] = r.z;
  }
}
