// include/flat_texture.wgsl: where element e of a flat f32 array lies in the textures the
// host copies buffers into (lib/gpu/gpu.ts flatTexture), 8192 floats per texel row:
//   flatTexel(e): r32float texture_2d, one float a texel: texel (e % 8192, e / 8192);
//     read as textureLoad(t, flatTexel(e), 0).x.
//   flatTexel4(q): rgba32float texture_2d_array of one layer, floats 4q .. 4q+3 in one
//     texel: texel (q % 2048, q / 2048); read as textureLoad(t, flatTexel4(q), 0, 0).
// No bindings, no overrides.

fn flatTexel(e: u32) -> vec2<u32> {
  return vec2<u32>(e & 8191u, e >> 13u);
}

fn flatTexel4(q: u32) -> vec2<u32> {
  return vec2<u32>(q & 2047u, q >> 11u);
}
