/**
 * Choosing Deno's WebGPU backend before Deno starts. Deno reads DENO_WEBGPU_BACKEND once,
 * at start-up, and `requestAdapter()` can return null without it; so the deno tasks
 * start their real command through {@link findBackend}, which probes candidates in a
 * child process: the user's own setting, then `vulkan`, then `gl`.
 */

const PROBE = "const a = await navigator.gpu?.requestAdapter(); Deno.exit(a ? 0 : 3);";

/** Whether a Deno child process with this backend setting gets an adapter. */
export async function probeBackend(backend: string | undefined): Promise<boolean> {
  const env: Record<string, string> = {};
  if (backend) env.DENO_WEBGPU_BACKEND = backend;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--unstable-webgpu", PROBE],
    env,
    stdout: "null",
    stderr: "null",
  }).output();
  return out.code === 0;
}

/**
 * The first backend setting that yields an adapter: the current DENO_WEBGPU_BACKEND if set,
 * else "vulkan", then "gl", then Deno's default (undefined). Null when none works.
 */
export async function findBackend(): Promise<string | undefined | null> {
  const own = Deno.env.get("DENO_WEBGPU_BACKEND");
  const candidates = own ? [own, "vulkan", "gl"] : ["vulkan", "gl", undefined];
  for (const c of candidates) if (await probeBackend(c)) return c;
  return null;
}
