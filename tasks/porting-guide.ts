/**
 * deno task porting-guide [--check]
 *
 * Writes kernels/README.md, the kernel porting guide, from the WGSL files in kernels/ (their
 * entry points, binding kinds and header comments); with --check, fails when it is out of
 * date.
 */
import { handleErrors, taskArgs } from "../lib/io/cli.ts";
import { parseArgs } from "node:util";
import { kernelGuide } from "../lib/docs/kernel_guide.ts";

handleErrors();

const { values } = parseArgs({
  args: taskArgs(),
  options: { check: { type: "boolean", default: false } },
});
const dir = new URL("../kernels/", import.meta.url);
const target = new URL("README.md", dir);
const guide = await kernelGuide(dir);
if (values.check) {
  const current = await Deno.readTextFile(target).catch(() => "");
  if (current !== guide) {
    console.error("kernels/README.md is out of date; run `deno task porting-guide`");
    Deno.exit(1);
  }
  console.log("kernels/README.md is up to date");
} else {
  await Deno.writeTextFile(target, guide);
  console.log("wrote kernels/README.md");
}
