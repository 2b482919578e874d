/**
 * Runs a deno subcommand with a WebGPU backend that works on this machine.
 *
 *   deno run -A tasks/with-gpu.ts test -A --unstable-webgpu tests/
 *
 * Probes DENO_WEBGPU_BACKEND (vulkan first, then gl), then runs `deno <args...>` with it.
 * Exits with the child's status; with a clear message when no adapter can be found.
 */
import { findBackend } from "../lib/gpu/backend.ts";
import { NO_ADAPTER_HELP } from "../lib/gpu/adapter.ts";

const backend = await findBackend();
if (backend === null) {
  console.error(NO_ADAPTER_HELP);
  Deno.exit(1);
}
const env = { ...Deno.env.toObject() };
if (backend) env.DENO_WEBGPU_BACKEND = backend;
else delete env.DENO_WEBGPU_BACKEND;
// Mesa prints a harmless warning when XDG_RUNTIME_DIR is unset.
env.XDG_RUNTIME_DIR ??= "/tmp";
const child = new Deno.Command(Deno.execPath(), { args: Deno.args, env, stdin: "inherit" }).spawn();
Deno.exit((await child.status).code);
