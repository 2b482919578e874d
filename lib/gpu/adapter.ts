/**
 * Finding a WebGPU adapter and opening a device with the adapter's own limits.
 *
 * On Linux, Deno picks its WebGPU backend from DENO_WEBGPU_BACKEND when the process
 * starts, and `requestAdapter()` may return null when it is unset. The `deno task`
 * entry points go through `tasks/with-gpu.ts`, which probes `vulkan`, then `gl`.
 */

/** What to tell a user whose machine has no usable adapter. */
export const NO_ADAPTER_HELP = [
  "No WebGPU adapter found.",
  "  - Run Deno with --unstable-webgpu (the deno tasks of this project do).",
  "  - On Debian/Ubuntu without a GPU, install a software Vulkan driver: apt-get install mesa-vulkan-drivers",
  "  - Or pick a backend before Deno starts: DENO_WEBGPU_BACKEND=vulkan (or gl)",
].join("\n");

/** Limits the toolkit raises to the adapter's maximum when opening the device. */
const RAISED_LIMITS = [
  "maxStorageBufferBindingSize",
  "maxBufferSize",
  "maxComputeWorkgroupStorageSize",
  "maxComputeInvocationsPerWorkgroup",
  "maxComputeWorkgroupSizeX",
  "maxComputeWorkgroupSizeY",
  "maxComputeWorkgroupSizeZ",
  "maxComputeWorkgroupsPerDimension",
  "maxStorageBuffersPerShaderStage",
  "maxUniformBufferBindingSize",
] as const;

/** An opened device with the adapter's description. */
export interface OpenedDevice {
  adapter: GPUAdapter;
  device: GPUDevice;
  /** Human-readable adapter name, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)". */
  adapterName: string;
}

/**
 * Requests an adapter and a device with the adapter's maximum limits.
 * Throws an Error carrying {@link NO_ADAPTER_HELP} when there is none.
 *
 * @example
 * const { device, adapterName } = await openDevice();
 */
export async function openDevice(
  powerPreference: GPUPowerPreference = "high-performance",
): Promise<OpenedDevice> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) throw new Error(`navigator.gpu is missing (WebGPU not enabled).\n${NO_ADAPTER_HELP}`);
  const adapter = await gpu.requestAdapter({ powerPreference });
  if (!adapter) throw new Error(NO_ADAPTER_HELP);
  const requiredLimits: Record<string, number> = {};
  for (const name of RAISED_LIMITS) {
    const v = (adapter.limits as unknown as Record<string, number>)[name];
    if (typeof v === "number") requiredLimits[name] = v;
  }
  const device = await adapter.requestDevice({ requiredLimits });
  const info = adapter.info;
  const adapterName = info.description || [info.vendor, info.architecture, info.device]
    .filter((s) => s).join(" ") ||
    "unknown adapter";
  return { adapter, device, adapterName };
}
