/**
 * deno task porting-guide [--check]
 *
 * Regenerates the kernel porting guide in README.md from the header comments of
 * kernels/*.wgsl; with --check, fails when the README is out of date.
 */
import { handleErrors, taskArgs } from "../lib/io/cli.ts";
import { parseArgs } from "node:util";
import { kernelGuide, spliceGuide } from "../lib/docs/kernel_guide.ts";

handleErrors();

const { values } = parseArgs({
  args: taskArgs(),
  options: { check: { type: "boolean", default: false } },
});
const readmeUrl = new URL("../README.md", import.meta.url);
const readme = await Deno.readTextFile(readmeUrl);
const updated = spliceGuide(readme, await kernelGuide(new URL("../kernels/", import.meta.url)));
if (values.check) {
  if (updated !== readme) {
    console.error(
      "README.md: the kernel porting guide is out of date; run `deno task porting-guide`",
    );
    Deno.exit(1);
  }
  console.log("README.md: kernel porting guide is up to date");
} else {
  await Deno.writeTextFile(readmeUrl, updated);
  console.log("README.md: kernel porting guide written");
}
