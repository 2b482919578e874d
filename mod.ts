/**
 * igds-webgpu: dataset distillation with Information-Guided Diffusion Sampling, with all
 * numerics in hand-written WGSL compute shaders on WebGPU and a tape-based autodiff.
 *
 * @example
 * import { initGpu, fromArray, valueAndGrad, matmul, crossEntropy, Adam } from "./mod.ts";
 * await initGpu();
 * const w = fromArray([0.1, -0.2, 0.3, 0.4], [2, 2]);
 * const x = fromArray([1, 2, 3, 4], [2, 2]);
 * const y = fromArray([0, 1], [2], "i32");
 * const { value, grads } = valueAndGrad((p: { w: typeof w }) => crossEntropy(matmul(x, p.w), y))({ w });
 * console.log(await value.item());
 *
 * @module
 */
export { type Dispatch, Gpu, gpu, grid1d, initGpu } from "./lib/gpu/gpu.ts";
export { NO_ADAPTER_HELP, openDevice } from "./lib/gpu/adapter.ts";
export { BufferPool } from "./lib/gpu/pool.ts";
export { kernelSource, registerKernel } from "./lib/gpu/kernel_source.ts";
export { type DType, shapeText, sizeOf, Tensor } from "./lib/tensor.ts";

export { grad, valueAndGrad } from "./lib/autodiff/grad.ts";
export { dispose, keep, leaves, mapTree, tidy, type Tree } from "./lib/autodiff/scope.ts";
export { noGrad } from "./lib/autodiff/tape.ts";

export * from "./lib/ops/creation.ts";
export * from "./lib/ops/unary.ts";
export * from "./lib/ops/binary.ts";
export * from "./lib/ops/reduce.ts";
export * from "./lib/ops/shape.ts";
export * from "./lib/ops/matmul.ts";
export * from "./lib/ops/softmax.ts";
export * from "./lib/ops/loss.ts";
export * from "./lib/ops/checks.ts";
export * from "./lib/ops/conv.ts";
export * from "./lib/ops/pool.ts";
export * from "./lib/ops/norm.ts";
export * from "./lib/ops/attention.ts";
export * from "./lib/ops/softmax_kl.ts";
export * from "./lib/ops/entropy.ts";
export * from "./lib/ops/infonce.ts";
export * from "./lib/ops/dropout.ts";
export { Rng, type RngState } from "./lib/ops/random.ts";

export { Adam, type AdamOptions } from "./lib/optim/adam.ts";
export { Sgd, type SgdOptions } from "./lib/optim/sgd.ts";

export * from "./lib/nn/init.ts";
export * from "./lib/nn/layers.ts";
export type { Model } from "./lib/nn/model.ts";
export * from "./lib/nn/convnet.ts";
export * from "./lib/nn/resnet.ts";
export * from "./lib/nn/unet.ts";

export * from "./lib/data/dataset.ts";
export * from "./lib/data/idx.ts";
export * from "./lib/data/image_folder.ts";
export * from "./lib/data/cifar.ts";
export * from "./lib/data/datasets.ts";
export * from "./lib/data/loader.ts";
export * from "./lib/data/augment.ts";

export * from "./lib/io/atomic.ts";
export * from "./lib/io/safetensors.ts";
export * from "./lib/io/checkpoint.ts";
export * from "./lib/io/images.ts";
export * from "./lib/io/plot.ts";
export * from "./lib/io/report.ts";
export * from "./lib/io/config.ts";
export * from "./lib/io/progress.ts";

export * from "./lib/diffusion/schedule.ts";
export * from "./lib/diffusion/ddpm.ts";
export * from "./lib/diffusion/denoiser.ts";
export * from "./lib/diffusion/ema.ts";
export * from "./lib/diffusion/sampler.ts";
export * from "./lib/diffusion/prior.ts";
export * from "./lib/diffusion/generate.ts";
export { PRIOR_SCHEMA, type PriorTrainConfig, trainPrior } from "./lib/diffusion/train.ts";
export * from "./lib/io/params.ts";

export * from "./lib/igds/objective.ts";
export * from "./lib/igds/ve.ts";
export * from "./lib/igds/merge.ts";
export * from "./lib/igds/stage.ts";
export * from "./lib/igds/distill.ts";
export * from "./lib/igds/sweep.ts";
export * from "./lib/igds/baselines.ts";
export * from "./lib/igds/weighted.ts";

export * from "./lib/eval/evaluate.ts";
export * from "./lib/eval/classes.ts";
export * from "./lib/eval/frechet.ts";
export * from "./lib/eval/prior_quality.ts";
