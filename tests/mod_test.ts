// The public API: mod.ts exports exactly the names listed here (a change of the public API is
// deliberate: change this list with it), lib/portable.ts its host-agnostic part, every name
// with JSDoc and an @example; and the README's library example runs as it is written.
import assert from "node:assert/strict";

const ROOT = new URL("../", import.meta.url);

/** The host-agnostic public API (lib/portable.ts, the browser and Node bundle). */
const PORTABLE = [
  // device
  "closeGpu",
  "Gpu",
  "gpu",
  "initGpu",
  "OpenDeviceOptions",
  "useDevice",
  // tensors
  "arange",
  "cast",
  "DType",
  "fromArray",
  "full",
  "ones",
  "onesLike",
  "Rng",
  "scalar",
  "Tensor",
  "zeros",
  "zerosLike",
  // autodiff and memory
  "dispose",
  "grad",
  "keep",
  "noGrad",
  "tidy",
  "Tree",
  "valueAndGrad",
  // ops
  "abs",
  "add",
  "affine",
  "argmax",
  "argmin",
  "attention",
  "avgPool2d",
  "broadcastTo",
  "clamp",
  "concat",
  "conv2d",
  "crossEntropy",
  "div",
  "dropout",
  "equal",
  "exp",
  "flatten",
  "gather",
  "globalAvgPool",
  "greater",
  "greaterEqual",
  "groupNorm",
  "hasNonFinite",
  "infoNce",
  "instanceNorm",
  "instanceNormActPool",
  "klToGiven",
  "klToGroupMean",
  "l2Normalize",
  "layerNorm",
  "less",
  "lessEqual",
  "log",
  "logSoftmax",
  "logsumexp",
  "matmul",
  "max",
  "maximum",
  "maxPool2d",
  "mean",
  "min",
  "minimum",
  "mul",
  "neg",
  "notEqual",
  "pad",
  "permute",
  "pow",
  "powScalar",
  "relu",
  "reshape",
  "sigmoid",
  "sign",
  "silu",
  "slice",
  "softmax",
  "softmaxEntropy",
  "softplus",
  "sqrt",
  "square",
  "sub",
  "sum",
  "tanh",
  "transpose",
  "upsampleNearest",
  "where",
  // models and optimisers
  "Adam",
  "convNet",
  "linear",
  "linearLayer",
  "Model",
  "PRIOR_UNET",
  "resNet",
  "Sgd",
  "uNet",
  // data in memory
  "channelStats",
  "cutmix",
  "Dataset",
  "dsaAugment",
  "Loader",
  "randomResizedCropFlip",
  "subsetDataset",
  // files as bytes, configs
  "ConfigError",
  "decodeCheckpoint",
  "decodeSafetensors",
  "encodeCheckpoint",
  "encodeSafetensors",
  "validateConfig",
  // the prior
  "decodePrior",
  "generateDataset",
  "Guidance",
  "noiseSchedule",
  "Prior",
  "respace",
  "sample",
  // the variational estimator and IGDS guidance
  "decodeVE",
  "disposeVE",
  "encodeVE",
  "estimateInformation",
  "igdsObjective",
  "trainVE",
  "VarEstimator",
  "VE_SCHEMA",
  "veFeatures",
  "veLogits",
];

/** What mod.ts adds: files, data sets on disk, the pipelines. */
const DENO_ONLY = [
  "runSelfCheck",
  "FASHION_MNIST_CLASSES",
  "loadDataset",
  "readCifar10",
  "readIdxDataset",
  "readImageFolder",
  "loadCheckpoint",
  "loadConfig",
  "readSafetensors",
  "saveCheckpoint",
  "writeFileAtomic",
  "writeImageFolder",
  "writePng",
  "writePngGrid",
  "writeReport",
  "writeSafetensors",
  "loadPrior",
  "PRIOR_SCHEMA",
  "savePrior",
  "SHIPPED_PRIOR",
  "trainPrior",
  "loadVE",
  "saveVE",
  "distill",
  "workerPlan",
  "DISTILL_SCHEMA",
  "DistillConfig",
  "herding",
  "kCenter",
  "METHODS",
  "randomSubset",
  "EVAL_PROTOCOLS",
  "evaluateDistilled",
  "frechetDistance",
  "priorQuality",
  "protocolDefaults",
  "PUBLISHED",
  "publishedTable",
  "readDistilledFolder",
  "testAccuracy",
  "trainReferenceClassifier",
];

/** Type-only exports: no runtime value. */
const TYPES = [
  "DType",
  "Dataset",
  "DistillConfig",
  "Gpu",
  "Guidance",
  "Model",
  "OpenDeviceOptions",
  "Prior",
  "Tree",
  "VarEstimator",
];

const sorted = (xs: Iterable<string>) => [...xs].sort();

interface DocNode {
  name: string;
  declarations: { kind: string; jsDoc?: { doc?: string; tags?: { kind: string }[] } }[];
}

/** Every symbol `deno doc` finds exported by `entry`, with its JSDoc. */
async function documented(entry: string): Promise<DocNode[]> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["doc", "--json", entry],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  const json = JSON.parse(new TextDecoder().decode(out.stdout)) as {
    nodes: Record<string, { symbols: DocNode[] }>;
  };
  return Object.values(json.nodes).flatMap((n) => n.symbols);
}

Deno.test("mod.ts exports the listed public API: the portable part and the Deno-only part", async () => {
  const mod = await import("../mod.ts");
  const portable = await import("../lib/portable.ts");
  const values = (names: string[]) => sorted(names.filter((n) => !TYPES.includes(n)));
  assert.deepEqual(sorted(Object.keys(mod)), values([...PORTABLE, ...DENO_ONLY]));
  assert.deepEqual(sorted(Object.keys(portable)), values(PORTABLE));
  // the types too, and no name twice
  assert.equal(new Set([...PORTABLE, ...DENO_ONLY]).size, PORTABLE.length + DENO_ONLY.length);
  const docs = await documented("mod.ts");
  assert.deepEqual(sorted(docs.map((d) => d.name)), sorted([...PORTABLE, ...DENO_ONLY]));
  const portableDocs = await documented("lib/portable.ts");
  assert.deepEqual(sorted(portableDocs.map((d) => d.name)), sorted(PORTABLE));
});

Deno.test("every export of mod.ts has JSDoc with an @example", async () => {
  const missing = (await documented("mod.ts"))
    .filter((s) => !s.declarations.some((d) => d.jsDoc?.tags?.some((t) => t.kind === "example")))
    .map((s) => s.name);
  assert.deepEqual(missing, [], `add an @example to the JSDoc of: ${missing.join(", ")}`);
});

Deno.test("the README's library example runs as written", async () => {
  const readme = await Deno.readTextFile(new URL("README.md", ROOT));
  const section = readme.slice(readme.indexOf("\n## Using the library"));
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
  assert.ok(code.includes(`from "./mod.ts"`), "README: no ts example under ## Using the library");
  // a file beside mod.ts, as the README says; /out/ is ignored by git
  const dir = new URL("out/mod_test/", ROOT);
  await Deno.mkdir(dir, { recursive: true });
  const file = new URL("readme_example.ts", dir);
  await Deno.writeTextFile(file, code.replaceAll(`"./mod.ts"`, `"../../mod.ts"`));
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--unstable-webgpu", file.pathname],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  assert.equal(out.code, 0, `${text}\n${new TextDecoder().decode(out.stderr)}`);
  // the output the README shows, give or take the last digits on another adapter
  const losses = [...text.matchAll(/^step \d+: loss (\d+\.\d+)$/gm)].map((m) => Number(m[1]));
  assert.equal(losses.length, 3, text);
  assert.ok(losses[2] < losses[0], `the loss did not fall: ${losses}`);
  const accuracy = Number(/^test accuracy: (\d+\.\d)%$/m.exec(text)?.[1]);
  assert.ok(accuracy > 50, `test accuracy ${accuracy}% after one epoch (chance: 10%)\n${text}`);
});
