/**
 * deno task bundle
 *
 * Bundles the host-agnostic library, the conformance suite and the demo page into ES modules
 * in out/bundle/ (igds-webgpu.js, conformance.js, demo.js) that a browser page or a Node
 * program imports as they are; the kernels travel inside them.
 */
import { handleErrors } from "../lib/io/cli.ts";
import { bundleAll } from "../lib/hosts/bundle.ts";

handleErrors();

for (const [name, path] of Object.entries(await bundleAll())) {
  console.log(
    `${name}: ${path} (${(Deno.statSync(path).size / 1024).toFixed(0)} KiB)`,
  );
}
