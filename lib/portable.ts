/**
 * The host-agnostic part of the toolkit: everything from opening a device through tensors,
 * ops, autodiff, layers, optimisers, DDPM/DDIM sampling and IGDS guidance, with no Deno,
 * Node or file-system API anywhere in its imports. It runs on any WebGPU host: give it a
 * device (`useDevice`), or let it open one (`initGpu`, `navigator.gpu` or a `GPU` object
 * the host passes); files come in as bytes (`decodePrior`, `decodeVE`, `decodeSafetensors`).
 * The kernels travel inside it (`lib/gpu/kernels.ts` imports `kernels/*.wgsl` as text, and
 * `lib/gpu/kernel_includes.ts` the shared `kernels/include/*.wgsl` they `// #include`).
 * `deno task bundle` makes one ES module of it for browsers and Node
 * (`out/bundle/igds-webgpu.js`). It exports the host-agnostic part of the public API, by name;
 * `mod.ts` exports all of it with the Deno-only parts (tests/mod_test.ts checks both lists).
 * Internals stay importable from their modules.
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
export { closeGpu, type Gpu, gpu, initGpu, useDevice } from "./gpu/gpu.ts";
export type { OpenDeviceOptions } from "./gpu/adapter.ts";
export { type DType, Tensor } from "./tensor.ts";
export {
  arange,
  cast,
  fromArray,
  full,
  ones,
  onesLike,
  scalar,
  zeros,
  zerosLike,
} from "./ops/creation.ts";
export { Rng } from "./ops/random.ts";

export { grad, valueAndGrad } from "./autodiff/grad.ts";
export { dispose, keep, tidy, type Tree } from "./autodiff/scope.ts";
export { noGrad } from "./autodiff/tape.ts";

export {
  abs,
  affine,
  clamp,
  exp,
  log,
  neg,
  powScalar,
  relu,
  sigmoid,
  sign,
  silu,
  softplus,
  sqrt,
  square,
  tanh,
} from "./ops/unary.ts";
export {
  add,
  div,
  equal,
  greater,
  greaterEqual,
  less,
  lessEqual,
  maximum,
  minimum,
  mul,
  notEqual,
  pow,
  sub,
  where,
} from "./ops/binary.ts";
export { argmax, argmin, logsumexp, max, mean, min, sum } from "./ops/reduce.ts";
export {
  broadcastTo,
  concat,
  flatten,
  gather,
  pad,
  permute,
  reshape,
  slice,
  transpose,
} from "./ops/shape.ts";
export { matmul } from "./ops/matmul.ts";
export { logSoftmax, softmax } from "./ops/softmax.ts";
export { crossEntropy } from "./ops/loss.ts";
export { hasNonFinite } from "./ops/checks.ts";
export { conv2d } from "./ops/conv.ts";
export { avgPool2d, globalAvgPool, maxPool2d, upsampleNearest } from "./ops/pool.ts";
export { groupNorm, instanceNorm, layerNorm } from "./ops/norm.ts";
export { instanceNormActPool } from "./ops/norm_act_pool.ts";
export { attention } from "./ops/attention.ts";
export { klToGiven, klToGroupMean } from "./ops/softmax_kl.ts";
export { softmaxEntropy } from "./ops/entropy.ts";
export { infoNce, l2Normalize } from "./ops/infonce.ts";
export { dropout } from "./ops/dropout.ts";

export { linear, linearLayer } from "./nn/layers.ts";
export type { Model } from "./nn/model.ts";
export { convNet } from "./nn/convnet.ts";
export { resNet } from "./nn/resnet.ts";
export { PRIOR_UNET, uNet } from "./nn/unet.ts";
export { Adam } from "./optim/adam.ts";
export { Sgd } from "./optim/sgd.ts";

export { type Dataset, subsetDataset } from "./data/dataset.ts";
export { channelStats, Loader } from "./data/loader.ts";
export { cutmix, dsaAugment, randomResizedCropFlip } from "./data/augment.ts";

export { decodeSafetensors, encodeSafetensors } from "./io/safetensors.ts";
export { decodeCheckpoint, encodeCheckpoint } from "./io/checkpoint.ts";
export { ConfigError, validateConfig } from "./io/schema.ts";

export { noiseSchedule, respace } from "./diffusion/schedule.ts";
export { type Guidance, sample } from "./diffusion/sampler.ts";
export { decodePrior, type Prior } from "./diffusion/prior.ts";
export { generateDataset } from "./diffusion/generate.ts";

export { igdsObjective } from "./igds/objective.ts";
export {
  decodeVE,
  disposeVE,
  encodeVE,
  estimateInformation,
  trainVE,
  type VarEstimator,
  VE_SCHEMA,
  veFeatures,
  veLogits,
} from "./igds/ve.ts";
