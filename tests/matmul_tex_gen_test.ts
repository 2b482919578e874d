// kernels/matmul_tex.wgsl is what its generator (lib/gpu/matmul_tex_gen.ts, run by
// `deno task matmul-tex`) writes, byte for byte.
import assert from "node:assert/strict";
import { matmulTexWgsl } from "../lib/gpu/matmul_tex_gen.ts";
import { reflectKernel } from "../lib/gpu/wgsl_reflect.ts";

Deno.test("kernels/matmul_tex.wgsl is the generator's output for the planned tile", async () => {
  const committed = await Deno.readTextFile(new URL("../kernels/matmul_tex.wgsl", import.meta.url));
  assert.ok(committed === matmulTexWgsl(), "run `deno task matmul-tex`");
});

Deno.test("matmul_tex generator: another tile keeps the interface and scales the unrolled blocks", () => {
  const small = matmulTexWgsl({ rows: 4, cols: 8 });
  assert.deepEqual(
    reflectKernel("matmul_tex", small),
    reflectKernel("matmul_tex", matmulTexWgsl()),
  );
  assert.equal(small.match(/= vec4<f32>\(\);/g)?.length, 8); // 4 rows x 2 vec4
  assert.equal(small.match(/textureLoad\(B,/g)?.length, 8); // 4 taps x 2 vec4
  assert.equal(small.match(/textureLoad\(A,/g)?.length, 4);
  assert.equal(small.match(/\bstore4\(base,/g)?.length, 8);
  assert.match(small, /let row = gid\.y \* 4u;/);
  assert.match(small, /let col = gid\.x \* 8u;/);
  assert.throws(() => matmulTexWgsl({ rows: 4, cols: 6 }), /cols a positive multiple of 4/);
});
