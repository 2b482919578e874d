/**
 * deno task conformance [--host deno|deno-gl|node|chromium|all] [--filter text] [--bundled-kernels]
 *
 * Runs the kernel conformance suite (tests/conformance/, each kernel against its float64 CPU
 * reference) on each host from the same bundle (out/bundle/conformance.js): in this Deno
 * process, in a Deno child on wgpu's GL backend (DENO_WEBGPU_BACKEND=gl), in Node with the
 * `webgpu` package (Dawn), and in headless Chromium. With --bundled-kernels, every host runs
 * the self-contained kernel files a porter takes (written to out/bundle/kernels/, includes
 * resolved) instead of the sources built into the bundle. Prints one summary line per host;
 * exits 1 when a case fails or a host cannot run.
 */
import { handleErrors, taskArgs } from "../lib/io/cli.ts";
import { parseArgs } from "node:util";
import {
  bundle,
  BUNDLE_DIR,
  BUNDLED_KERNELS_DIR,
  REPO_ROOT,
  writeBundledKernels,
} from "../lib/hosts/bundle.ts";
import { runChromiumConformance } from "../lib/hosts/chromium.ts";
import { runDenoBackendConformance } from "../lib/hosts/deno_backend.ts";
import { runNodeConformance } from "../lib/hosts/node.ts";
import { type ConformanceReport, summarize } from "../lib/hosts/report.ts";
import { startServer } from "../lib/hosts/serve.ts";

handleErrors();

const HOSTS = ["deno", "deno-gl", "node", "chromium"] as const;
const { values } = parseArgs({
  args: taskArgs(),
  options: {
    host: { type: "string", default: "all" },
    filter: { type: "string" },
    "bundled-kernels": { type: "boolean", default: false },
  },
});
const hosts = values.host === "all" ? [...HOSTS] : values.host!.split(",");
const unknown = hosts.filter((h) => !(HOSTS as readonly string[]).includes(h));
if (unknown.length) {
  throw new Error(`conformance: unknown --host ${unknown} (${HOSTS}, all)`);
}
const filter = values.filter;
const file = await bundle(
  "tests/conformance/mod.ts",
  `${BUNDLE_DIR}/conformance.js`,
);
const kernelsDir = values["bundled-kernels"] ? BUNDLED_KERNELS_DIR : undefined;
if (kernelsDir) await writeBundledKernels(kernelsDir);
let failed = false;
for (const host of hosts) {
  let report: ConformanceReport;
  try {
    if (host === "deno") {
      const suite = await import(new URL(`file://${file}`).href) as {
        runConformance(
          o: { filter?: string; loadKernel?: (name: string) => Promise<string> },
        ): Promise<ConformanceReport>;
      };
      report = await suite.runConformance({
        filter,
        loadKernel: kernelsDir
          ? (name) => Deno.readTextFile(`${REPO_ROOT}${kernelsDir}/${name}.wgsl`)
          : undefined,
      });
    } else if (host === "deno-gl") {
      report = await runDenoBackendConformance(file, "gl", { filter, kernelsDir });
    } else if (host === "node") {
      report = await runNodeConformance(file, { filter, kernelsDir });
    } else {
      const server = startServer({ port: 0 });
      try {
        report = await runChromiumConformance(server.url, {
          filter,
          bundledKernels: kernelsDir !== undefined,
        });
      } finally {
        await server.close();
      }
    }
  } catch (e) {
    console.log(`${host}: cannot run: ${(e as Error).message}`);
    failed = true;
    continue;
  }
  console.log(summarize(host, report));
  failed ||= report.failed > 0 || (!filter && report.unusedKernels.length > 0);
}
Deno.exit(failed ? 1 : 0);
