// conv2d_dgrad.wgsl: weight layout for the gradient of a conv2d's input (lib/ops/conv.ts).
// The input gradient of y = conv2d(x, w) with stride s and padding p is a sum of direct
// convolutions of dy, one per stride phase (ry, rx) in [0, s_h) x [0, s_w), each run by
// kernels/conv2d.wgsl `main` (stride 1) with the weights this kernel packs:
//   dx[n, c, ry + s_h * i, rx + s_w * j] = sum over o, a < th, b < tw of
//     dy[n, o, i - ph' + a, j - pw' + b] * w[o, c, bh - s_h * a, bw - s_w * b]
// where, along rows (columns alike): k0 = (ry + p_h) mod s_h, th = ceil((kh - k0) / s_h)
// taps (none: that phase of dx is zero), q = (ry + p_h - k0) / s_h, bh = k0 + s_h * (th - 1),
// ph' = th - 1 - q (may be negative), and the phase has ceil((h - ry) / s_h) output rows,
// written at rows ry + s_h * i of dx4 (Params y0 = ry, ysh = s_h of conv2d.wgsl). Phases
// with more than 3 taps are split into <= 3 x 3 pieces (tap offsets folded into bh, ph').
// For stride 1 this is the familiar "full convolution of dy with the flipped, transposed
// kernel" (pad kh - 1 - p_h).
//
// Entry `pack`: one 64 KiB uniform chunk of the transposed, flipped, phase-subsampled
// weights for dy channels [o0, o0 + os) and dx channels [cb, cb + 32) (the 32 channels one
// conv2d.wgsl dispatch produces):
//   wdst[((ol * th + a) * tw + b) * 32 + t] = w[((o0 + ol) * c + cb + t) * khf * kwf
//     + (bh + a * dh) * kwf + bw + b * dw], zero when cb + t >= c, o0 + ol >= o, a >= nth
//     or b >= ntw
//   (dh = -s_h, dw = -s_w for the input gradient).
// Bindings (group 0):
//   0  wsrc: array<f32>, read          the weight tensor [o, c, khf, kwf]
//   1  wdst: array<f32>, read_write    the chunk buffer (bound as a uniform by conv2d.wgsl)
//   2  q: uniform Params { total, th, tw, o0, cb, o, c, khf, kwf, bh, bw, dh, dw, nth, ntw,
//      pad0 }
//      (u32 except bh, bw, dh, dw: i32); total = os * th * tw * 32
// Workgroup size: 64 x 1 x 1.
// Dispatch: groups = ceil(total / 64); (gx, gy, 1) with gx = min(groups, 65535),
//   gy = ceil(groups / gx). Invocation index i = (wid.y * nwg.x + wid.x) * 64 + lid.x.

// #include "invocation.wgsl"

struct Params {
  total: u32,
  th: u32,
  tw: u32,
  o0: u32,
  cb: u32,
  o: u32,
  c: u32,
  khf: u32,
  kwf: u32,
  bh: i32,
  bw: i32,
  dh: i32,
  dw: i32,
  nth: u32,
  ntw: u32,
  pad0: u32,
}

@group(0) @binding(0) var<storage, read> wsrc: array<f32>;
@group(0) @binding(1) var<storage, read_write> wdst: array<f32>;
@group(0) @binding(2) var<uniform> q: Params;

@compute @workgroup_size(64)
fn pack(inv: Invocation) {
  let i = invocationIndex(inv, 64u);
  if (i >= q.total) {
    return;
  }
  let t = i % 32u;
  let b = (i / 32u) % q.tw;
  let a = (i / (32u * q.tw)) % q.th;
  let ol = i / (32u * q.tw * q.th);
  let c = q.cb + t;
  let o = q.o0 + ol;
  var v = 0.0;
  if (c < q.c && o < q.o && a < q.nth && b < q.ntw) {
    let kh = u32(q.bh + i32(a) * q.dh);
    let kw = u32(q.bw + i32(b) * q.dw);
    v = wsrc[(o * q.c + c) * q.khf * q.kwf + kh * q.kwf + kw];
  }
  wdst[i] = v;
}
