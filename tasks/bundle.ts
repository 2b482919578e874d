/**
 * deno task bundle
 *
 * Bundles the host-agnostic library, the conformance suite and the demo page into ES modules
 * in out/bundle/ (igds-webgpu.js, conformance.js, demo.js) that a browser page or a Node
 * program imports as they are; the kernels travel inside them. Also writes each kernel with
 * its `// #include` lines resolved, self-contained, to out/bundle/kernels/<name>.wgsl: the
 * files a porter takes.
 */
import { handleErrors } from "../lib/io/cli.ts";
import { bundleAll } from "../lib/hosts/bundle.ts";

handleErrors();

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
for (const [name, path] of Object.entries(await bundleAll())) {
  const stat = Deno.statSync(path);
  if (stat.isDirectory) {
    const files = [...Deno.readDirSync(path)].filter((e) => e.name.endsWith(".wgsl"));
    const bytes = files.reduce((sum, e) => sum + Deno.statSync(`${path}/${e.name}`).size, 0);
    console.log(`${name}: ${path} (${files.length} self-contained kernels, ${kib(bytes)})`);
  } else {
    console.log(`${name}: ${path} (${kib(stat.size)})`);
  }
}
