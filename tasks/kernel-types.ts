/**
 * deno task kernel-types [--check]
 *
 * Writes lib/gpu/kernels.ts (every kernels/*.wgsl file imported as text) and
 * lib/gpu/kernel_types.ts with lib/gpu/kernel_types/<kernel>.ts (each kernel's entry points,
 * override constants, bindings and Params layout, read from its WGSL: the table
 * `dispatchKernel` is typed by) from the kernel files, and removes the file of a kernel that
 * is gone; with --check, fails when any of them is out of date. Run it after adding a
 * kernel file or changing a kernel's entry points, bindings, overrides or Params.
 */
import { handleErrors, taskArgs } from "../lib/io/cli.ts";
import { parseArgs } from "node:util";
import { generateFromDisk, staleKernelTypeFiles } from "../lib/gpu/kernel_codegen.ts";

handleErrors();

const { values } = parseArgs({
  args: taskArgs(),
  options: { check: { type: "boolean", default: false } },
});
const root = new URL("../", import.meta.url);
let stale = 0;
const generated = await generateFromDisk(root);
for (const path of await staleKernelTypeFiles(root, generated)) {
  if (values.check) {
    console.error(`${path} belongs to no kernel; run \`deno task kernel-types\``);
    stale++;
  } else {
    await Deno.remove(new URL(path, root));
    console.log(`removed ${path}`);
  }
}
for (const [path, text] of Object.entries(generated)) {
  const target = new URL(path, root);
  const current = await Deno.readTextFile(target).catch(() => "");
  if (current === text) {
    console.log(`${path} is up to date`);
  } else if (values.check) {
    console.error(`${path} is out of date; run \`deno task kernel-types\``);
    stale++;
  } else {
    await Deno.writeTextFile(target, text);
    console.log(`wrote ${path}`);
  }
}
if (stale) Deno.exit(1);
