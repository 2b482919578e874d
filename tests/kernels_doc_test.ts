// Every kernel file documents its bindings, workgroup size and dispatch formula, and the
// porting guide (kernels/README.md) is generated from the sources.
import assert from "node:assert/strict";
import { headerComment, kernelGuide, kernelShape } from "../lib/docs/kernel_guide.ts";

const dir = new URL("../kernels/", import.meta.url);

Deno.test("each kernel file starts with a header giving bindings, workgroup size and dispatch", async () => {
  for await (const e of Deno.readDir(dir)) {
    if (!e.name.endsWith(".wgsl")) continue;
    const header = headerComment(await Deno.readTextFile(new URL(e.name, dir))).toLowerCase();
    for (const word of ["binding", "workgroup", "dispatch"]) {
      assert.ok(
        header.includes(word),
        `kernels/${e.name}: header comment does not mention "${word}"`,
      );
    }
  }
});

Deno.test("kernels/README.md is the guide generated from the kernel sources", async () => {
  const guide = await Deno.readTextFile(new URL("README.md", dir));
  assert.equal(guide, await kernelGuide(dir), "run `deno task porting-guide`");
  // the preamble's claims hold: several entry points and texture bindings exist
  assert.deepEqual(kernelShape(await Deno.readTextFile(new URL("unary.wgsl", dir))).entries, [
    "main",
    "tex",
  ]);
  assert.match(
    guide,
    /## matmul_tex\.wgsl\n\nEntry points: `main`\. Declares [^\n]*2 sampled textures/,
  );
});
