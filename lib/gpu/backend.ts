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

/**
 * The environment variable through which {@link launchEnv} widened llvmpipe's vectors, so
 * that `deno task bench --compare` can give each tree's launcher the user's own environment.
 */
export const WIDTH_CHOSEN_BY_LAUNCHER = "IGDS_LP_WIDTH_FROM_LAUNCHER";

/**
 * This process's environment less the llvmpipe vector width the launcher chose (a width the
 * user set stays): for a child that must start as the user would start it, such as the other
 * tree of `bench --compare`, or Chromium, whose GPU process finds no WebGPU adapter with
 * llvmpipe at 512 bits (measured: the conformance and demo tests, headless, Mesa 22.3).
 *
 * @example
 * new Deno.Command("chromium", { env: userEnv(), clearEnv: true });
 */
export function userEnv(): Record<string, string> {
  const env = Deno.env.toObject();
  if (env[WIDTH_CHOSEN_BY_LAUNCHER]) {
    delete env.LP_NATIVE_VECTOR_WIDTH;
    delete env[WIDTH_CHOSEN_BY_LAUNCHER];
  }
  return env;
}

/**
 * The llvmpipe vector width for this CPU, or null to leave Mesa's default (256 bits on an
 * AVX2 CPU): "512" when the CPU has AVX-512 (`avx512f` among the flags of `cpuinfo`, the text
 * of /proc/cpuinfo) and the user has not set LP_NATIVE_VECTOR_WIDTH. At 512 bits llvmpipe
 * runs 16 invocations as one SIMD group with 32 vector registers instead of 16, and the direct
 * convolutions (workgroups of 16 then: lib/gpu/adapter.ts simdLanes) spill less: a U-Net
 * sampling step took about 0.85x the time in one llvmpipe thread (results/benchmarks.md).
 * The results stay the same bits (measured: see there).
 *
 * @example
 * llvmpipeVectorWidth("flags : fpu avx2 avx512f", {}); // "512"
 * llvmpipeVectorWidth("flags : fpu avx2", {}); // null
 */
export function llvmpipeVectorWidth(
  cpuinfo: string,
  env: Record<string, string | undefined>,
): string | null {
  if (env.LP_NATIVE_VECTOR_WIDTH !== undefined) return null;
  return /^flags\s*:.*\bavx512f\b/m.test(cpuinfo) ? "512" : null;
}
