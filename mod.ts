/**
 * igds-webgpu: dataset distillation with Information-Guided Diffusion Sampling, with all
 * numerics in hand-written WGSL compute shaders on WebGPU and a tape-based autodiff.
 *
 * The public API, by name: what a single-file experiment needs (device, tensors, ops,
 * autodiff, models, optimisers, data, the prior and its sampling, the variational estimator
 * and IGDS, distillation, evaluation, files). `lib/portable.ts` is its host-agnostic part (no
 * Deno API: it runs in a browser and in Node too); the rest reads and writes files. Internals
 * stay importable from their modules; tests/mod_test.ts lists these names, so that a change of
 * the public API is deliberate.
 *
 * @example
 * import { crossEntropy, fromArray, initGpu, matmul, valueAndGrad } from "./mod.ts";
 * await initGpu();
 * const w = fromArray([0.1, -0.2, 0.3, 0.4], [2, 2]);
 * const x = fromArray([1, 2, 3, 4], [2, 2]);
 * const y = fromArray([0, 1], [2], "i32");
 * const { value, grads } = valueAndGrad((p: { w: typeof w }) => crossEntropy(matmul(x, p.w), y))({ w });
 * console.log(await value.item());
 *
 * @module
 */
export {
  // elementwise
  abs,
  // models and optimisers
  Adam,
  add,
  affine,
  // tensors and their creation
  arange,
  // reductions, shapes, products
  argmax,
  argmin,
  // neural-network ops
  attention,
  avgPool2d,
  broadcastTo,
  cast,
  // data in memory, batches, augmentation
  channelStats,
  clamp,
  // device
  closeGpu,
  concat,
  // files as bytes, configs
  ConfigError,
  conv2d,
  convNet,
  // losses and checks
  crossEntropy,
  cutmix,
  type Dataset,
  decodeCheckpoint,
  // the prior: schedules, sampling
  decodePrior,
  decodeSafetensors,
  // the variational estimator and IGDS guidance
  decodeVE,
  // autodiff and memory
  dispose,
  disposeVE,
  div,
  dropout,
  dsaAugment,
  type DType,
  encodeCheckpoint,
  encodeSafetensors,
  encodeVE,
  equal,
  estimateInformation,
  exp,
  flatten,
  fromArray,
  full,
  gather,
  generateDataset,
  globalAvgPool,
  type Gpu,
  gpu,
  grad,
  greater,
  greaterEqual,
  groupNorm,
  type Guidance,
  hasNonFinite,
  igdsObjective,
  infoNce,
  initGpu,
  instanceNorm,
  instanceNormActPool,
  keep,
  klToGiven,
  klToGroupMean,
  l2Normalize,
  layerNorm,
  less,
  lessEqual,
  linear,
  linearLayer,
  Loader,
  log,
  logSoftmax,
  logsumexp,
  matmul,
  max,
  maximum,
  maxPool2d,
  mean,
  min,
  minimum,
  type Model,
  mul,
  neg,
  noGrad,
  noiseSchedule,
  notEqual,
  ones,
  onesLike,
  type OpenDeviceOptions,
  pad,
  permute,
  pow,
  powScalar,
  type Prior,
  PRIOR_UNET,
  randomResizedCropFlip,
  relu,
  reshape,
  resNet,
  respace,
  Rng,
  sample,
  scalar,
  Sgd,
  sigmoid,
  sign,
  silu,
  slice,
  softmax,
  softmaxEntropy,
  softplus,
  sqrt,
  square,
  sub,
  subsetDataset,
  sum,
  tanh,
  Tensor,
  tidy,
  trainVE,
  transpose,
  type Tree,
  uNet,
  upsampleNearest,
  useDevice,
  validateConfig,
  valueAndGrad,
  type VarEstimator,
  VE_SCHEMA,
  veFeatures,
  veLogits,
  where,
  zeros,
  zerosLike,
} from "./lib/portable.ts";

// the adapter's known-answer self-check
export { runSelfCheck } from "./lib/hosts/self_check.ts";

// data sets on disk
export { FASHION_MNIST_CLASSES, loadDataset } from "./lib/data/datasets.ts";
export { readImageFolder } from "./lib/data/image_folder.ts";
export { readIdxDataset } from "./lib/data/idx.ts";
export { readCifar10 } from "./lib/data/cifar.ts";

// files
export { writeFileAtomic } from "./lib/io/atomic.ts";
export { readSafetensors, writeSafetensors } from "./lib/io/safetensors_file.ts";
export { loadCheckpoint, saveCheckpoint } from "./lib/io/checkpoint_file.ts";
export { writeImageFolder, writePng, writePngGrid } from "./lib/io/images.ts";
export { writeReport } from "./lib/io/report.ts";
export { loadConfig } from "./lib/io/config.ts";

// the prior: files and training
export { loadPrior, savePrior, SHIPPED_PRIOR } from "./lib/diffusion/prior_file.ts";
export { PRIOR_SCHEMA, trainPrior } from "./lib/diffusion/train.ts";

// the variational estimator's files, baselines, the distillation pipeline
export { loadVE, saveVE } from "./lib/igds/ve_file.ts";
export { herding, kCenter, randomSubset } from "./lib/igds/baselines.ts";
export { distill, DISTILL_SCHEMA, type DistillConfig, METHODS } from "./lib/igds/distill.ts";
export { workerPlan } from "./lib/igds/workers.ts";

// evaluation
export { evaluateDistilled } from "./lib/eval/evaluate.ts";
export { testAccuracy } from "./lib/eval/test_accuracy.ts";
export { EVAL_PROTOCOLS, protocolDefaults } from "./lib/eval/protocol.ts";
export { readDistilledFolder } from "./lib/eval/distilled_folder.ts";
export { PUBLISHED, publishedTable } from "./lib/eval/published.ts";
export { frechetDistance } from "./lib/eval/frechet.ts";
export { priorQuality, trainReferenceClassifier } from "./lib/eval/prior_quality.ts";
