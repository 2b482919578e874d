/**
 * deno task test [deno test arguments, e.g. tests/stage_test.ts]
 *
 * The whole test suite on every host, on a fresh machine: installs what the hosts need,
 * then runs `deno test` through tasks/with-gpu.ts.
 * - Debian packages (when dpkg is there): mesa-vulkan-drivers (Deno on Vulkan), chromium
 *   (the browser host), libegl-mesa0 and libgl1-mesa-dri (Deno's GL backend, Node's Dawn,
 *   Chromium's WebGPU). As root they are installed with apt-get; otherwise the task stops
 *   and names them.
 * - The Node host's `webgpu` package: `npm ci --prefix tests/node` when it is missing.
 */
import { handleErrors, taskArgs } from "../lib/io/cli.ts";
import { missingDebianPackages, TEST_PACKAGES } from "../lib/hosts/packages.ts";

handleErrors();

const root = new URL("..", import.meta.url).pathname;

async function run(cmd: string, args: string[], env: Record<string, string> = {}) {
  console.log(`$ ${cmd} ${args.join(" ")}`);
  const status = await new Deno.Command(cmd, { args, cwd: root, env }).spawn().status;
  if (!status.success) {
    throw new Error(`test: \`${cmd} ${args.join(" ")}\` failed with status ${status.code}`);
  }
}

const missing = await missingDebianPackages(TEST_PACKAGES);
if (missing === null) {
  console.log("test: no dpkg here; not checking for " + TEST_PACKAGES.join(", "));
} else if (missing.length) {
  if (Deno.uid() !== 0) {
    throw new Error(
      `test: the Debian packages ${missing.join(", ")} are missing and this is not root; ` +
        `install them (sudo apt-get install -y --no-install-recommends ${missing.join(" ")}) ` +
        "and run the tests again",
    );
  }
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  await run("apt-get", ["update", "-qq"], env);
  await run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...missing], env);
}
try {
  Deno.statSync(`${root}tests/node/node_modules/webgpu/package.json`);
} catch {
  await run("npm", ["ci", "--prefix", "tests/node", "--no-audit", "--no-fund"]);
}
const args = taskArgs();
const testArgs = args.length ? args : ["tests/"];
const child = new Deno.Command(Deno.execPath(), {
  args: ["run", "-A", "tasks/with-gpu.ts", "test", "-A", "--unstable-webgpu", ...testArgs],
  cwd: root,
}).spawn();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, () => child.kill(signal));
}
Deno.exit((await child.status).code);
