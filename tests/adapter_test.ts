// Bad input on the host side: no WebGPU, no adapter, an adapter lacking a limit or a feature
// the kernels need, a host without the WebGPU globals. Fake adapters; no device is opened.
import assert from "node:assert/strict";
import {
  checkAdapter,
  glOrBrowser,
  KERNEL_REQUIREMENTS,
  llvmpipeBits,
  missingRequirements,
  NO_ADAPTER_HELP,
  openDevice,
  simdLanes,
  viewKeepsDimension,
} from "../lib/gpu/adapter.ts";
import { useDevice } from "../lib/gpu/gpu.ts";
import { LP_WIDTH_VARIABLE, wideWidthFor } from "../lib/gpu/vector_width.ts";
import { DISTILL_SCHEMA, prefersWideVectors } from "../lib/igds/distill_config.ts";
import { loadConfig, validateConfig } from "../lib/io/config.ts";

/** An adapter with exactly the required limits, with some changed. */
function fakeAdapter(limits: Record<string, number> = {}, features: string[] = []) {
  return {
    limits: { ...KERNEL_REQUIREMENTS.limits, ...limits },
    features: new Set(features),
    info: { vendor: "fake", architecture: "test", device: "", description: "" },
    requestDevice: () => Promise.reject(new Error("a fake adapter opens no device")),
  };
}

const fakeGpu = (adapter: unknown) => ({ requestAdapter: () => Promise.resolve(adapter) }) as GPU;

Deno.test("an adapter with the required limits passes; one below a limit is named", () => {
  assert.deepEqual(missingRequirements(fakeAdapter()), []);
  checkAdapter(fakeAdapter(), "fake");
  const low = fakeAdapter({
    maxStorageBuffersPerShaderStage: 4,
    maxUniformBufferBindingSize: 16384,
  });
  assert.deepEqual(missingRequirements(low), [
    "limit maxStorageBuffersPerShaderStage is 4, the kernels need 8",
    "limit maxUniformBufferBindingSize is 16384, the kernels need 65536",
  ]);
  assert.throws(
    () => checkAdapter(low, "tiny GPU"),
    /WebGPU adapter "tiny GPU" cannot run the kernels:\n {2}- limit maxStorageBuffersPerShaderStage is 4, the kernels need 8\n {2}- limit maxUniformBufferBindingSize is 16384/,
  );
});

Deno.test("a limit the adapter does not report, and a missing feature, are named", () => {
  const { maxComputeWorkgroupStorageSize: _, ...rest } = KERNEL_REQUIREMENTS.limits;
  const adapter = { limits: rest, features: new Set<string>() };
  assert.deepEqual(missingRequirements(adapter), [
    "limit maxComputeWorkgroupStorageSize is not reported, the kernels need 256",
  ]);
  const needsF16 = { limits: {}, features: ["shader-f16"] };
  assert.deepEqual(missingRequirements(fakeAdapter(), needsF16), [
    'feature "shader-f16" is missing',
  ]);
  assert.deepEqual(missingRequirements(fakeAdapter({}, ["shader-f16"]), needsF16), []);
});

Deno.test("openDevice names what is missing: WebGPU, an adapter, a limit", async () => {
  await assert.rejects(openDevice({ gpu: fakeGpu(null) }), (e: Error) => {
    assert.equal(e.message, NO_ADAPTER_HELP);
    return true;
  });
  await assert.rejects(
    openDevice({ gpu: fakeGpu(fakeAdapter({ maxComputeWorkgroupSizeX: 32 })) }),
    /adapter "fake test; .* backend" cannot run the kernels:\n {2}- limit maxComputeWorkgroupSizeX is 32, the kernels need 64/,
  );
  // a host without navigator.gpu (Node, a browser without WebGPU)
  const saved = Object.getOwnPropertyDescriptor(globalThis, "navigator");
  Object.defineProperty(globalThis, "navigator", { value: {}, configurable: true });
  try {
    await assert.rejects(
      openDevice(),
      /This host has no WebGPU: navigator\.gpu is missing\.\n.*--unstable-webgpu/s,
    );
  } finally {
    Object.defineProperty(globalThis, "navigator", saved!);
  }
});

Deno.test("useDevice on a host without the WebGPU globals says which", () => {
  const saved = Object.getOwnPropertyDescriptor(globalThis, "GPUMapMode");
  delete (globalThis as Record<string, unknown>).GPUMapMode;
  try {
    assert.throws(
      () => useDevice({} as GPUDevice),
      /useDevice: this host does not define the WebGPU globals GPUMapMode \(Node: Object\.assign/,
    );
  } finally {
    Object.defineProperty(globalThis, "GPUMapMode", saved!);
  }
});

Deno.test("the workgroup width of the direct convolutions follows llvmpipe's SIMD width", () => {
  assert.equal(simdLanes("llvmpipe (LLVM 15.0.6, 512 bits); Mesa driver; Vulkan backend"), 16);
  assert.equal(simdLanes("llvmpipe (LLVM 15.0.6, 256 bits); Mesa driver; GL backend"), 8);
  assert.equal(
    simdLanes("ANGLE (Mesa/X.org, llvmpipe (LLVM 15.0.6 512 bits), OpenGL ES 3.2)"),
    16,
  );
  assert.equal(simdLanes("NVIDIA H200; NVIDIA driver; Vulkan backend"), 8);
  assert.equal(simdLanes("unknown adapter"), 8);
});

Deno.test("GL backends and browser pages are told apart from Vulkan by the adapter line", () => {
  const llvmpipe = "llvmpipe (LLVM 15.0.6, 256 bits); Mesa driver;";
  assert.equal(glOrBrowser(`${llvmpipe} GL backend`), true);
  assert.equal(glOrBrowser(`${llvmpipe} Dawn opengles backend`), true);
  assert.equal(glOrBrowser(`${llvmpipe} browser backend`), true);
  assert.equal(glOrBrowser(`${llvmpipe} Vulkan backend`), false);
  assert.equal(glOrBrowser(`${llvmpipe} Deno default backend`), false);
  assert.equal(glOrBrowser("NVIDIA H200; NVIDIA driver; Vulkan backend"), false);
});

Deno.test("the spare texture layer: only where the backend may not keep a view's dimension", () => {
  const llvmpipe = "llvmpipe (LLVM 15.0.6, 256 bits); Mesa driver;";
  for (const b of ["Vulkan", "Dawn vulkan", "Metal", "D3D12"]) {
    assert.equal(viewKeepsDimension(`${llvmpipe} ${b} backend`), true, b);
  }
  for (const b of ["GL", "Dawn opengles", "browser", "Deno default", "Vulkan, GL"]) {
    assert.equal(viewKeepsDimension(`${llvmpipe} ${b} backend`), false, b);
  }
  assert.equal(viewKeepsDimension("unknown adapter"), false);
});

Deno.test("llvmpipe's width per run: 512 bits for narrow networks on AVX-512 CPUs, the user's width kept", async () => {
  assert.equal(
    wideWidthFor("processor : 0\nflags : fpu avx2 avx512f avx512bw\n", undefined),
    "512",
  );
  assert.equal(wideWidthFor("flags : fpu avx2 fma\n", undefined), null);
  assert.equal(wideWidthFor("flags : fpu avx2 avx512f\n", "256"), null);
  assert.equal(wideWidthFor("flags : fpu avx2 avx512f\n", "512"), null);
  // the presets: quick (ConvNet-3 width 32, VE width 16) takes it, width-128 evaluation does not
  const preset = async (name: string) => {
    const file = new URL(`../tasks/configs/distill-${name}.yaml`, import.meta.url).pathname;
    return prefersWideVectors((await loadConfig(DISTILL_SCHEMA, [], { file })).config);
  };
  assert.equal(await preset("quick"), true);
  assert.equal(await preset("standard"), false);
  assert.equal(await preset("paper"), false);
  const resnet = validateConfig(DISTILL_SCHEMA, { eval: { model: "resnetap10", width: 32 } });
  assert.equal(prefersWideVectors(resnet), false);

  // a task asking for wide vectors, started with the width unset: set before the adapter opens
  const dir = await Deno.makeTempDir();
  const script = `${dir}/wide.ts`;
  const cli = new URL("../lib/io/cli.ts", import.meta.url).href;
  await Deno.writeTextFile(
    script,
    `import { startGpu } from "${cli}";\nawait startGpu("wide", { wideVectors: true });\n`,
  );
  const env = Deno.env.toObject();
  delete env[LP_WIDTH_VARIABLE];
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--unstable-webgpu",
      "--config",
      new URL("../deno.json", import.meta.url).pathname,
      script,
    ],
    env,
    clearEnv: true,
    stdin: "null",
  }).output();
  const said = new TextDecoder().decode(out.stdout);
  assert.equal(out.code, 0, said + new TextDecoder().decode(out.stderr));
  const cpuinfo = await Deno.readTextFile("/proc/cpuinfo").catch(() => "");
  const adapter = /adapter: (.*)/.exec(said)?.[1] ?? "";
  if (llvmpipeBits(adapter) !== null) {
    const wide = wideWidthFor(cpuinfo, undefined) !== null;
    assert.equal(llvmpipeBits(adapter) === 512, wide, said);
    assert.equal(/llvmpipe at 512 bits for this run/.test(said), wide, said);
  }
  await Deno.remove(dir, { recursive: true });
});
