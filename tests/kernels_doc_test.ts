// Every kernel file documents its bindings, workgroup size and dispatch formula, and the
// README's porting guide is generated from those headers.
import assert from "node:assert/strict";
import { headerComment, kernelGuide, spliceGuide } from "../lib/docs/kernel_guide.ts";

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

Deno.test("the README's porting guide matches the kernel headers", async () => {
  const readme = await Deno.readTextFile(new URL("../README.md", import.meta.url));
  assert.equal(
    spliceGuide(readme, await kernelGuide(dir)),
    readme,
    "run `deno task porting-guide`",
  );
});
