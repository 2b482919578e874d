// include/philox.wgsl: Philox4x32-10 (Salmon et al. 2011), the counter-based generator of
// rng.wgsl and dropout.wgsl; lib/ops/host_rng.ts is its TypeScript port (HostRng), tested
// bit for bit against these kernels.
//   mulhilo(a, b): high and low 32 bits of the 64-bit product a * b (exact, in 16-bit halves).
//   philox(counter, key): the 4 words of the block of counter (a vec4) and key (a vec2).
//   uniform01(bits): an f32 in [0, 1), (bits >> 8) * 2^-24.
// No bindings, no overrides.

fn mulhilo(a: u32, b: u32) -> vec2<u32> {
  let a0 = a & 0xffffu;
  let a1 = a >> 16u;
  let b0 = b & 0xffffu;
  let b1 = b >> 16u;
  let p00 = a0 * b0;
  let p01 = a0 * b1;
  let p10 = a1 * b0;
  let p11 = a1 * b1;
  let mid = (p00 >> 16u) + (p01 & 0xffffu) + (p10 & 0xffffu);
  let hi = p11 + (p01 >> 16u) + (p10 >> 16u) + (mid >> 16u);
  return vec2<u32>(hi, a * b);
}

fn philox(counter: vec4<u32>, key: vec2<u32>) -> vec4<u32> {
  var c = counter;
  var k = key;
  for (var r = 0u; r < 10u; r++) {
    let m0 = mulhilo(0xD2511F53u, c.x);
    let m1 = mulhilo(0xCD9E8D57u, c.z);
    c = vec4<u32>(m1.x ^ c.y ^ k.x, m1.y, m0.x ^ c.w ^ k.y, m0.y);
    k = k + vec2<u32>(0x9E3779B9u, 0xBB67AE85u);
  }
  return c;
}

fn uniform01(bits: u32) -> f32 {
  return f32(bits >> 8u) * 5.9604644775390625e-8;
}
