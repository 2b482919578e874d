/**
 * deno task serve [--port 8000]
 *
 * Bundles the pages (deno task bundle) and serves them on http://127.0.0.1:<port>/: the IGDS
 * demo (/), the kernel conformance suite (/conformance.html), the bundles and the shipped
 * prior and VE. Stop with Ctrl-C.
 */
import { handleErrors, taskArgs } from "../lib/io/cli.ts";
import { parseArgs } from "node:util";
import { bundleAll } from "../lib/hosts/bundle.ts";
import { COMPAT_QUERY } from "../lib/hosts/chromium.ts";
import { startServer } from "../lib/hosts/serve.ts";

handleErrors();

const { values } = parseArgs({
  args: taskArgs(),
  options: { port: { type: "string", default: "8000" } },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  throw new Error(`serve: --port ${values.port} is not a port number`);
}
await bundleAll();
const server = startServer({ port });
console.log(`serving on ${server.url}`);
console.log(`  ${server.url}                   the IGDS demo`);
console.log(`  ${server.url}conformance.html   the kernel conformance suite`);
console.log(
  `  (headless Chromium on a CPU: add ?${COMPAT_QUERY} and its flags, see the README)`,
);
