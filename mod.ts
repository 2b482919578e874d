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
 * `lib/portable.ts` is the host-agnostic part (no Deno API: it runs in a browser and in Node
 * too); this module adds the Deno-only parts: files, data sets on disk, the pipelines.
 *
 * @module
 */
export * from "./lib/portable.ts";

export * from "./lib/data/idx.ts";
export * from "./lib/data/image_folder.ts";
export * from "./lib/data/cifar.ts";
export * from "./lib/data/datasets.ts";

export * from "./lib/io/atomic.ts";
export * from "./lib/io/safetensors_file.ts";
export * from "./lib/io/checkpoint_file.ts";
export * from "./lib/io/images.ts";
export * from "./lib/io/plot.ts";
export * from "./lib/io/report.ts";
export * from "./lib/io/config.ts";
export * from "./lib/io/progress.ts";

export * from "./lib/diffusion/prior_file.ts";
export * from "./lib/diffusion/sample_folder.ts";
export { PRIOR_SCHEMA, type PriorTrainConfig, trainPrior } from "./lib/diffusion/train.ts";

export * from "./lib/igds/ve_file.ts";
export * from "./lib/igds/stage.ts";
export * from "./lib/igds/distill.ts";
export * from "./lib/igds/sweep.ts";
export * from "./lib/igds/baselines.ts";
export * from "./lib/igds/weighted.ts";

export * from "./lib/eval/evaluate.ts";
export * from "./lib/eval/protocol.ts";
export * from "./lib/eval/calibrate.ts";
export * from "./lib/eval/published.ts";
export * from "./lib/eval/distilled_folder.ts";
export * from "./lib/eval/classes.ts";
export * from "./lib/eval/frechet.ts";
export * from "./lib/eval/prior_quality.ts";
