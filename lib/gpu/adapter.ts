/**
 * Finding a WebGPU adapter, checking that it has what the kernels need, and opening a device
 * with the adapter's own limits. Host-agnostic: it uses `navigator.gpu`, or any `GPU` object
 * the host hands in (Node's `webgpu` package: `create([...])`).
 *
 * On Linux, Deno picks its WebGPU backend from DENO_WEBGPU_BACKEND when the process
 * starts, and `requestAdapter()` may return null when it is unset. The `deno task`
 * entry points go through `tasks/with-gpu.ts`, which probes `vulkan`, then `gl`.
 *
 * @example
 * const { device, adapterName } = await openDevice();
 * @module
 */

/** What to tell a user whose host found no adapter, per host. */
export const NO_ADAPTER_HELP = [
  "No WebGPU adapter found.",
  "  - Deno: run with --unstable-webgpu (the deno tasks of this project do); on Debian/Ubuntu",
  "    without a GPU install a software Vulkan driver: apt-get install mesa-vulkan-drivers;",
  "    or pick a backend before Deno starts: DENO_WEBGPU_BACKEND=vulkan (or gl)",
  "  - Node (`webgpu` package) on Mesa llvmpipe: EGL_PLATFORM=surfaceless,",
  "    create(['backend=opengles']) and requestAdapter({ featureLevel: 'compatibility' })",
  "  - Chromium on Linux: --enable-unsafe-webgpu, and a secure context (https or 127.0.0.1)",
].join("\n");

/** What to tell a user whose host has no `navigator.gpu` at all. */
export const NO_WEBGPU_HELP = [
  "This host has no WebGPU: navigator.gpu is missing.",
  "  - Deno: run with --unstable-webgpu",
  "  - Node: no built-in WebGPU; pass the `webgpu` package's create([...]) as `gpu`",
  "  - Browser: WebGPU needs a secure context (https or localhost) and, in Chromium on",
  "    Linux, --enable-unsafe-webgpu",
].join("\n");

/**
 * What the kernels in `kernels/` need from an adapter, beyond nothing: the largest binding
 * counts, workgroup sizes and buffer sizes any kernel uses. The WebGPU core defaults meet
 * them all; an adapter in compatibility mode may not (its defaults are lower).
 */
export interface Requirements {
  /** Minimum value of each limit. */
  limits: Record<string, number>;
  /** Features that must be present. */
  features: string[];
}

/** The requirements of the shipped kernels (checked against the kernel sources by a test). */
export const KERNEL_REQUIREMENTS: Requirements = {
  limits: {
    // softmax_kl binds 8 storage buffers in one entry point
    maxStorageBuffersPerShaderStage: 8,
    // conv2d streams 64 KiB of weights through a uniform buffer
    maxUniformBufferBindingSize: 65536,
    // conv2d's main entries: the weights as a uniform array, and their Params
    maxUniformBuffersPerShaderStage: 2,
    maxBindGroups: 1,
    // workgroups of 64 x 1 and 8 x 8; matmul's and the direct convolutions' are 8 or 16 x 1
    maxComputeInvocationsPerWorkgroup: 64,
    maxComputeWorkgroupSizeX: 64,
    maxComputeWorkgroupSizeY: 8,
    // unary_backward's tex entry reads 3 textures, pack_tex writes 1; conv2d reads its input
    // as an r32float texture 8192 texels wide (the per-entry counts: kernels/README.md)
    maxSampledTexturesPerShaderStage: 3,
    maxStorageTexturesPerShaderStage: 1,
    maxTextureDimension2D: 8192,
    // color_jitter's 64-float partial sums
    maxComputeWorkgroupStorageSize: 256,
    // grids spill into y past 65535 groups in x
    maxComputeWorkgroupsPerDimension: 65535,
  },
  features: [],
};

/** The parts of a GPUAdapter that {@link missingRequirements} reads. */
export interface AdapterLike {
  limits: GPUSupportedLimits | Record<string, number>;
  features: ReadonlySetLike<string> | { has(name: string): boolean };
}

/**
 * What `adapter` lacks of `req`, one line per limit or feature (empty when nothing is missing).
 *
 * @example
 * missingRequirements({ limits: { maxStorageBuffersPerShaderStage: 4 }, features: new Set() });
 * // ["limit maxStorageBuffersPerShaderStage is 4, the kernels need 8", ...]
 */
export function missingRequirements(
  adapter: AdapterLike,
  req: Requirements = KERNEL_REQUIREMENTS,
): string[] {
  const out: string[] = [];
  const limits = adapter.limits as unknown as Record<string, number | undefined>;
  for (const [name, need] of Object.entries(req.limits)) {
    const have = limits[name];
    if (typeof have !== "number") {
      out.push(`limit ${name} is not reported, the kernels need ${need}`);
    } else if (have < need) out.push(`limit ${name} is ${have}, the kernels need ${need}`);
  }
  for (const f of req.features) {
    if (!adapter.features.has(f)) out.push(`feature "${f}" is missing`);
  }
  return out;
}

/**
 * Throws an Error naming every limit and feature `adapter` lacks; `name` names the adapter.
 *
 * @example
 * checkAdapter(adapter, "llvmpipe"); // throws when a limit is below KERNEL_REQUIREMENTS
 */
export function checkAdapter(
  adapter: AdapterLike,
  name = "the adapter",
  req: Requirements = KERNEL_REQUIREMENTS,
): void {
  const missing = missingRequirements(adapter, req);
  if (missing.length === 0) return;
  throw new Error(
    `WebGPU adapter "${name}" cannot run the kernels:\n  - ${missing.join("\n  - ")}`,
  );
}

/** An opened device with the adapter's description. */
export interface OpenedDevice {
  adapter: GPUAdapter;
  device: GPUDevice;
  /**
   * The adapter, its driver and the backend that runs it, e.g.
   * "llvmpipe (LLVM 15.0.6, 256 bits); Mesa driver; Vulkan backend".
   */
  adapterName: string;
  /** The backend alone, e.g. "Vulkan", "GL", "Dawn opengles", "browser". */
  backend: string;
}

/**
 * Options of {@link openDevice}.
 *
 * @example
 * import { create } from "webgpu"; // Node 20, on Mesa's OpenGL ES
 * const options: OpenDeviceOptions = {
 *   gpu: create(["backend=opengles"]),
 *   adapterOptions: { featureLevel: "compatibility" },
 * };
 * await initGpu(options);
 */
export interface OpenDeviceOptions {
  /** The WebGPU entry point; default `navigator.gpu`. Node: `create([...])` of `webgpu`. */
  gpu?: GPU;
  /** Passed to `requestAdapter` (e.g. `{ featureLevel: "compatibility" }` for Node on GL). */
  adapterOptions?: GPURequestAdapterOptions & { featureLevel?: string };
  /**
   * The name of the backend the host runs WebGPU on, for the adapter line (WebGPU does not
   * report it). Default: Deno's `DENO_WEBGPU_BACKEND`, else "browser" in a page.
   */
  backend?: string;
}

/**
 * A readable name of an adapter: its description, else vendor / architecture / device.
 *
 * @example
 * adapterNameOf(adapter.info); // "llvmpipe (LLVM 15.0.6, 256 bits)" or "google swiftshader"
 */
export function adapterNameOf(info: Partial<GPUAdapterInfo> | undefined): string {
  if (!info) return "unknown adapter";
  return info.description ||
    [info.vendor, info.architecture, info.device].filter((s) => s).join(" ") ||
    "unknown adapter";
}

/** PCI / Khronos vendor ids of the drivers an adapter line names (WebGPU reports the id). */
const DRIVER_VENDORS: Record<number, string> = {
  0x10005: "Mesa",
  0x1002: "AMD",
  0x10de: "NVIDIA",
  0x8086: "Intel",
  0x106b: "Apple",
  0x13b5: "Arm",
  0x5143: "Qualcomm",
  0x1ae0: "Google",
};

/**
 * The driver's vendor from an adapter's info: Deno reports the vendor id as a decimal or
 * hex string ("65541" is Mesa's 0x10005); browsers report a name ("google"). "" if unknown.
 *
 * @example
 * driverOf({ vendor: "65541" }); // "Mesa"
 */
export function driverOf(info: Partial<GPUAdapterInfo> | undefined): string {
  const vendor = info?.vendor?.trim() ?? "";
  if (!vendor) return "";
  const id = /^0x[0-9a-f]+$/i.test(vendor) ? parseInt(vendor, 16) : Number(vendor);
  if (Number.isInteger(id)) return DRIVER_VENDORS[id] ?? `vendor ${vendor}`;
  return vendor;
}

/** Deno's backend names (DENO_WEBGPU_BACKEND) as people write them. */
const BACKEND_NAMES: Record<string, string> = {
  vulkan: "Vulkan",
  gl: "GL",
  metal: "Metal",
  dx12: "D3D12",
  d3d12: "D3D12",
};

/**
 * The WebGPU backend of this host: in Deno, `DENO_WEBGPU_BACKEND` (which `deno task` sets
 * through tasks/with-gpu.ts), or "Deno default" when unset; "browser" elsewhere.
 *
 * @example
 * hostBackend(); // "Vulkan" under DENO_WEBGPU_BACKEND=vulkan
 */
export function hostBackend(): string {
  const deno = (globalThis as { Deno?: { env: { get(k: string): string | undefined } } }).Deno;
  if (!deno) return "browser";
  let value: string | undefined;
  try {
    value = deno.env.get("DENO_WEBGPU_BACKEND");
  } catch {
    return "Deno (backend unknown: no --allow-env)";
  }
  if (!value) return "Deno default";
  return value.split(",").map((b) => BACKEND_NAMES[b.trim().toLowerCase()] ?? b.trim()).join(
    ", ",
  );
}

/**
 * The vector width llvmpipe names in its adapter line ("llvmpipe (LLVM 15.0.6, 512 bits)"),
 * or null for any other adapter.
 *
 * @example
 * llvmpipeBits("llvmpipe (LLVM 15.0.6, 256 bits); Mesa driver; Vulkan backend"); // 256
 * llvmpipeBits("NVIDIA H200; Vulkan backend"); // null
 */
export function llvmpipeBits(adapterName: string): number | null {
  const bits = /llvmpipe[^;]*?\b(\d+) bits/.exec(adapterName);
  return bits ? Number(bits[1]) : null;
}

/**
 * Whether the adapter line names a GL backend (Deno's "GL", Dawn's "opengles") or a browser
 * page: hosts whose shader compilers are slow on long unrolled kernels (Tint or naga to GLSL,
 * then the driver's GLSL compiler).
 *
 * @example
 * glOrBrowser("llvmpipe (LLVM 15.0.6, 256 bits); Mesa driver; GL backend"); // true
 * glOrBrowser("llvmpipe (LLVM 15.0.6, 256 bits); Mesa driver; Vulkan backend"); // false
 */
export function glOrBrowser(adapterName: string): boolean {
  return /\bGL\b|opengl|browser/i.test(adapterName);
}

/**
 * Whether a texture view on this adapter keeps the dimension it asks for: true where the
 * adapter line names one backend that does (Vulkan, Metal or D3D12, under Deno or Dawn).
 * wgpu's GL backend takes a view's dimension from the texture's layer count instead (1 layer:
 * 2D, 6: cube), so on GL, in browsers and where the backend is not named, the texture pool
 * gives rgba32float textures a spare layer ({@link arrayLayersFor}); elsewhere it does not,
 * because llvmpipe ran the texture matmul 1.04-1.13x faster without it.
 *
 * @example
 * viewKeepsDimension("llvmpipe (LLVM 15.0.6, 256 bits); Mesa driver; Vulkan backend"); // true
 * viewKeepsDimension("llvmpipe (LLVM 15.0.6, 256 bits); Mesa driver; GL backend"); // false
 * viewKeepsDimension("llvmpipe (LLVM 15.0.6, 256 bits); Mesa driver; Deno default backend"); // false
 */
export function viewKeepsDimension(adapterName: string): boolean {
  return /; (Dawn )?(Vulkan|Metal|D3D12) backend$/i.test(adapterName);
}

/**
 * Invocations the adapter runs as one SIMD group, read from its name ({@link llvmpipeBits}),
 * 32 bits a lane: 16 lanes at 512 bits and 8 at 256. Any other adapter, or a narrower
 * llvmpipe, gets 8 (the width the kernels were tuned for). The direct convolutions (override
 * WG) and the texture matmul (WG_X) take it as their workgroup width: a workgroup of 8 fills
 * only half of a 16-lane group. llvmpipe runs at 512 bits when a task asks for it on an
 * AVX-512 CPU (lib/gpu/vector_width.ts) or the user sets LP_NATIVE_VECTOR_WIDTH=512.
 *
 * @example
 * simdLanes("llvmpipe (LLVM 15.0.6, 512 bits); Mesa driver; Vulkan backend"); // 16
 * simdLanes("NVIDIA H200; Vulkan backend"); // 8
 */
export function simdLanes(adapterName: string): number {
  return (llvmpipeBits(adapterName) ?? 0) >= 512 ? 16 : 8;
}

/**
 * The adapter line every task prints and every report and cached stage records: the
 * adapter, its driver and the backend.
 *
 * @example
 * describeAdapter({ description: "llvmpipe (LLVM 15.0.6, 256 bits)", vendor: "65541" }, "GL");
 * // "llvmpipe (LLVM 15.0.6, 256 bits); Mesa driver; GL backend"
 */
export function describeAdapter(
  info: Partial<GPUAdapterInfo> | undefined,
  backend: string,
): string {
  const driver = driverOf(info);
  return [adapterNameOf(info), driver && `${driver} driver`, `${backend} backend`]
    .filter((s) => s).join("; ");
}

/**
 * Requests an adapter, checks it against {@link KERNEL_REQUIREMENTS}, and opens a device with
 * the adapter's maximum limits. The errors say what is missing: WebGPU itself
 * ({@link NO_WEBGPU_HELP}), an adapter ({@link NO_ADAPTER_HELP}), or a limit or feature.
 *
 * @example
 * const { device, adapterName } = await openDevice();
 * // Node: await openDevice({ gpu: create(["backend=opengles"]),
 * //   adapterOptions: { featureLevel: "compatibility" }, backend: "Dawn opengles" });
 */
export async function openDevice(options: OpenDeviceOptions = {}): Promise<OpenedDevice> {
  const gpu = options.gpu ?? (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) throw new Error(NO_WEBGPU_HELP);
  const adapter = await gpu.requestAdapter({
    powerPreference: "high-performance",
    ...options.adapterOptions,
  });
  if (!adapter) throw new Error(NO_ADAPTER_HELP);
  const backend = options.backend ?? hostBackend();
  const adapterName = describeAdapter(adapter.info, backend);
  checkAdapter(adapter, adapterName);
  const requiredLimits: Record<string, number> = {};
  const limits = adapter.limits as unknown as Record<string, number | undefined>;
  for (const name of RAISED_LIMITS) {
    const v = limits[name];
    if (typeof v === "number") requiredLimits[name] = v;
  }
  const device = await adapter.requestDevice({ requiredLimits });
  return { adapter, device, adapterName, backend };
}

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
  "maxTextureDimension2D",
  "maxTextureArrayLayers",
] as const;
