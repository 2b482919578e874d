/**
 * deno task prior-quality [--prior fixtures/prior/anneal/prior.safetensors]
 *   [--per-class 100] [--steps 250] [--method ddpm] [--cfg 0] [--seed 0] [--batch 100]
 *   [--n 1000] [--classifier-epochs 1] [--classifier-width 32] [--out runs/prior-quality]
 *
 * Trains (once, cached in <out>) a ConvNet-3 on the real training set, samples
 * per-class x classes images from the prior (with classifier-free guidance of weight --cfg
 * when the prior was trained with label dropout), and prints the share the classifier labels as
 * their class and the Frechet distances (samples vs real test; real test half vs half).
 * Sampling goes in class-balanced batches of --batch images (batch b with seed --seed + b),
 * each written to <out>/samples/batch-<b>/ as soon as it is done: an interrupted run, started
 * again with the same arguments, samples only the batches that are missing.
 * Writes <out>/quality.json and <out>/grid.png (first 10 samples of each class, one row each).
 */
import { handleErrors, startGpu, taskArgs } from "../lib/io/cli.ts";
import { parseArgs } from "node:util";
import { loadDataset } from "../lib/data/datasets.ts";
import { sampleToFolder } from "../lib/diffusion/sample_folder.ts";
import { loadPrior, SHIPPED_PRIOR } from "../lib/diffusion/prior_file.ts";
import { relativeToCwd } from "../lib/igds/distill_inputs.ts";
import {
  type PriorQuality,
  priorQuality,
  trainReferenceClassifier,
} from "../lib/eval/prior_quality.ts";
import { writeFileAtomic } from "../lib/io/atomic.ts";
import { loadCheckpoint, saveCheckpoint } from "../lib/io/checkpoint_file.ts";
import { writePngGrid } from "../lib/io/images.ts";
import { treeFromTensorMap, treeToTensorMap } from "../lib/io/params.ts";
import { dispose } from "../lib/autodiff/scope.ts";

handleErrors();

const { values } = parseArgs({
  args: taskArgs(),
  options: {
    prior: { type: "string" },
    "per-class": { type: "string", default: "100" },
    steps: { type: "string", default: "250" },
    method: { type: "string", default: "ddpm" },
    cfg: { type: "string", default: "0" },
    seed: { type: "string", default: "0" },
    batch: { type: "string", default: "100" },
    n: { type: "string", default: "1000" },
    "classifier-epochs": { type: "string", default: "1" },
    "classifier-width": { type: "string", default: "32" },
    out: { type: "string", default: "runs/prior-quality" },
  },
  strict: true,
});
const num = (k: keyof typeof values) => {
  const v = Number(values[k]);
  if (!Number.isFinite(v) || v < 0) {
    throw new Error(`prior-quality: --${k} must be a number >= 0, got "${values[k]}"`);
  }
  return v;
};
if (values.method !== "ddpm" && values.method !== "ddim") {
  throw new Error(`prior-quality: --method must be ddpm or ddim, got "${values.method}"`);
}
const g = await startGpu("prior-quality");
await Deno.mkdir(values.out, { recursive: true });
const priorPath = values.prior ?? relativeToCwd(decodeURIComponent(SHIPPED_PRIOR.pathname));
const prior = await loadPrior(priorPath);
const train = await loadDataset("fashion-mnist", "train");
const test = await loadDataset("fashion-mnist", "test");

// the reference classifier, trained once
const width = num("classifier-width"), epochs = num("classifier-epochs");
const clfPath = `${values.out}/classifier-w${width}-e${epochs}.safetensors`;
let clf = await trainReferenceClassifierCached();
async function trainReferenceClassifierCached() {
  const fresh = await trainReferenceClassifier(train, {
    width,
    epochs: 0,
  });
  try {
    const ck = await loadCheckpoint(clfPath);
    const params = treeFromTensorMap(fresh.net.params, ck.tensors, clfPath);
    dispose(fresh.net.params);
    fresh.net.params = params;
    console.log(`classifier: ${clfPath}`);
    return fresh;
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  dispose(fresh.net.params);
  const t0 = performance.now();
  const c = await trainReferenceClassifier(train, { width, epochs, log: console.log });
  await saveCheckpoint(clfPath, {
    tensors: await treeToTensorMap(c.net.params),
    step: 0,
    config: { width, epochs },
    rng: null,
  });
  console.log(
    `classifier trained in ${((performance.now() - t0) / 1000).toFixed(0)} s -> ${clfPath}`,
  );
  return c;
}

const perClass = num("per-class"), steps = num("steps");
async function fileSha256(path: string | URL) {
  const digest = await crypto.subtle.digest("SHA-256", await Deno.readFile(path));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
const t0 = performance.now();
let resumedBatches = 0;
const samples = await sampleToFolder(prior, `${values.out}/samples`, {
  perClass,
  steps,
  method: values.method,
  cfg: num("cfg"),
  seed: num("seed"),
  batch: num("batch"),
  priorId: `sha256:${await fileSha256(priorPath)}`,
  onBatch: (done, total, resumed) => {
    resumedBatches += resumed ? 1 : 0;
    console.log(
      `samples ${done}/${total}${resumed ? " (read back: sampled before)" : ""}, ${
        ((performance.now() - t0) / 1000).toFixed(0)
      } s`,
    );
  },
});
const sampleSeconds = (performance.now() - t0) / 1000;
// the grid: the first (up to) 10 samples of each class, one row per class
const cols = Math.min(10, perClass);
const firstTen: number[] = [];
for (let c = 0; c < samples.classes.length; c++) {
  for (let i = 0, k = 0; i < samples.n && k < cols; i++) {
    if (samples.labels[i] === c) firstTen.push(i), k++;
  }
}
const per = samples.channels * samples.height * samples.width;
await writePngGrid(`${values.out}/grid.png`, {
  ...samples,
  n: firstTen.length,
  images: Float32Array.from(
    { length: firstTen.length * per },
    (_, k) => samples.images[firstTen[Math.floor(k / per)] * per + (k % per)],
  ),
}, { cols });
const q: PriorQuality = await priorQuality(
  clf,
  samples,
  test,
  Math.min(num("n"), Math.floor(test.n / 2)),
);
const result = {
  prior: priorPath,
  priorStep: prior.step,
  samples: samples.n,
  steps,
  method: values.method,
  cfg: num("cfg"),
  seed: num("seed"),
  batchesSampledBefore: resumedBatches,
  sampleSeconds: Math.round(sampleSeconds),
  classifier: { model: "convnet3", width, epochs, trainedOn: train.source },
  adapter: g.adapterName,
  ...q,
};
await writeFileAtomic(`${values.out}/quality.json`, JSON.stringify(result, null, 2) + "\n");
console.log(
  `classifier test accuracy ${q.classifierTestAccuracy.toFixed(1)}% (per class ${
    q.classifierPerClass.map((a) => a.toFixed(0)).join(" ")
  }); samples labelled as their class ` +
    `${q.sampleAccuracy.toFixed(1)}% (per class ${
      q.perClassAccuracy.map((a) => a.toFixed(0)).join(" ")
    })`,
);
console.log(
  `Frechet distance (classifier features, d=${q.featureDim}): samples vs real ${
    q.fdSamples.toFixed(2)
  }; ` +
    `real vs real (two halves of ${q.n}) ${q.fdRealHalves.toFixed(2)}`,
);
dispose(clf.net.params);
clf = undefined as never;
Deno.exit(0);
