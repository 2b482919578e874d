/**
 * The host-agnostic part of the toolkit: everything from opening a device through tensors,
 * ops, autodiff, layers, optimisers, DDPM/DDIM sampling and IGDS guidance, with no Deno,
 * Node or file-system API anywhere in its imports. It runs on any WebGPU host: give it a
 * device (`useDevice`), or let it open one (`initGpu`, `navigator.gpu` or a `GPU` object
 * the host passes); files come in as bytes (`decodePrior`, `decodeVE`, `decodeSafetensors`).
 * The kernels travel inside it (`lib/gpu/kernels.ts` imports `kernels/*.wgsl` as text, and
 * `lib/gpu/kernel_includes.ts` the shared `kernels/include/*.wgsl` they `// #include`).
 * `deno task bundle` makes one ES module of it for browsers and Node
 * (`out/bundle/igds-webgpu.js`); `mod.ts` re-exports it with the Deno-only parts.
 *
 * @example
 * import { decodePrior, sample, useDevice } from "./lib/portable.ts";
 * const adapter = await navigator.gpu.requestAdapter();
 * useDevice(await adapter!.requestDevice(), "my adapter");
 * const prior = decodePrior(new Uint8Array(await (await fetch(url)).arrayBuffer()));
 * const x = await sample(prior.denoiser, prior.denoiser.params, prior.schedule, {
 *   labels: Int32Array.from([3]), steps: 25, method: "ddim",
 * });
 * @module
 */
export { type Dispatch, Gpu, gpu, grid1d, initGpu, useDevice } from "./gpu/gpu.ts";
export * from "./gpu/adapter.ts";
export { BufferPool } from "./gpu/pool.ts";
export {
  kernelNames,
  kernelPath,
  kernelSource,
  registerInclude,
  registerKernel,
} from "./gpu/kernel_source.ts";
export { type DType, shapeText, sizeOf, Tensor } from "./tensor.ts";

export { grad, valueAndGrad } from "./autodiff/grad.ts";
export { dispose, keep, leaves, mapTree, tidy, type Tree } from "./autodiff/scope.ts";
export { noGrad } from "./autodiff/tape.ts";

export * from "./ops/creation.ts";
export * from "./ops/unary.ts";
export * from "./ops/binary.ts";
export * from "./ops/reduce.ts";
export * from "./ops/shape.ts";
export * from "./ops/matmul.ts";
export * from "./ops/softmax.ts";
export * from "./ops/loss.ts";
export * from "./ops/checks.ts";
export * from "./ops/conv.ts";
export * from "./ops/pool.ts";
export * from "./ops/norm.ts";
export * from "./ops/attention.ts";
export * from "./ops/softmax_kl.ts";
export * from "./ops/entropy.ts";
export * from "./ops/infonce.ts";
export * from "./ops/dropout.ts";
export { Rng, type RngState } from "./ops/random.ts";

export { Adam, type AdamOptions } from "./optim/adam.ts";
export { Sgd, type SgdOptions } from "./optim/sgd.ts";

export * from "./nn/init.ts";
export * from "./nn/layers.ts";
export type { Model } from "./nn/model.ts";
export * from "./nn/convnet.ts";
export * from "./nn/resnet.ts";
export * from "./nn/unet.ts";

export * from "./data/dataset.ts";
export * from "./data/loader.ts";
export * from "./data/augment.ts";

export * from "./io/safetensors.ts";
export * from "./io/checkpoint.ts";
export * from "./io/params.ts";
export {
  ConfigError,
  type ConfigOf,
  defaults,
  type Field,
  field,
  type FieldType,
  type Schema,
  validateConfig,
} from "./io/schema.ts";

export * from "./diffusion/schedule.ts";
export * from "./diffusion/ddpm.ts";
export * from "./diffusion/denoiser.ts";
export * from "./diffusion/ema.ts";
export * from "./diffusion/sampler.ts";
export * from "./diffusion/prior.ts";
export * from "./diffusion/generate.ts";

export * from "./igds/objective.ts";
export * from "./igds/ve.ts";
export * from "./igds/merge.ts";
