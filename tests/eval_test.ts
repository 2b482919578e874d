// The evaluation protocol (train a fresh network on a small set, test it) and the subset
// baselines: random, herding, k-center, and the weighted sampling of Appendix A.
import assert from "node:assert/strict";
import type { Dataset } from "../lib/data/dataset.ts";
import { alignClasses } from "../lib/eval/classes.ts";
import { evaluateDistilled, paperEpochs } from "../lib/eval/evaluate.ts";
import { accuracyByClass, accuracyOf } from "../lib/eval/test_accuracy.ts";
import { priorQuality, trainReferenceClassifier } from "../lib/eval/prior_quality.ts";
import { loadDataset } from "../lib/data/datasets.ts";
import { dispose } from "../lib/autodiff/scope.ts";
import { gpu } from "../lib/gpu/gpu.ts";
import { herding, kCenter, randomSubset, subsetDataset } from "../lib/igds/baselines.ts";
import { conditionalEntropyOf, weightedSubset } from "../lib/igds/weighted.ts";
import { gpuReady, prng } from "./helpers.ts";

await gpuReady;

// ---------------------------------------------------------------------------------------
// Host-side subsets

Deno.test("paperEpochs follows Table 8", () => {
  const cases: [number, number][] = [
    [1, 2000],
    [5, 2000],
    [10, 2000],
    [20, 1500],
    [49, 1500],
    [50, 1500],
    [99, 1500],
    [100, 1000],
    [500, 1000],
  ];
  for (const [ipc, e] of cases) assert.equal(paperEpochs(ipc), e, `ipc ${ipc}`);
  assert.throws(() => paperEpochs(0), /images per class/);
});

Deno.test("randomSubset: class-balanced, classes in order, no repeats, seeded", () => {
  // 10, 12 and 8 examples of classes 0, 1, 2, interleaved
  const labels = Int32Array.from(
    { length: 30 },
    (_, i) => (i < 24 ? i % 3 : [1, 1, 0, 1, 0, 1][i - 24]),
  );
  const counts = [0, 0, 0];
  labels.forEach((y) => counts[y]++);
  assert.deepEqual(counts, [10, 12, 8]);
  const a = randomSubset(labels, 3, 4, 7);
  assert.equal(a.length, 12);
  assert.deepEqual(Array.from(a, (i) => labels[i]), [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]);
  assert.equal(new Set(a).size, 12, "an index repeats");
  assert.deepEqual(randomSubset(labels, 3, 4, 7), a, "same seed, other subset");
  assert.notDeepEqual(randomSubset(labels, 3, 4, 8), a, "another seed, same subset");
  // every example of a class can be drawn
  const seen = new Set<number>();
  for (let s = 0; s < 50; s++) for (const i of randomSubset(labels, 3, 1, s)) seen.add(i);
  assert.equal(seen.size, 30);
  assert.throws(() => randomSubset(labels, 3, 9, 0), /class 2 has 8 examples, fewer than ipc 9/);
  assert.throws(() => randomSubset(Int32Array.of(0, 3), 3, 1, 0), /label 3/);
});

Deno.test("herding: the class mean's own point first, then the running mean's best match", () => {
  // class 0 (1-D features): 1, 10, -9, 2 (mean 1); class 1: 5, 6, 7
  const feats = Float32Array.of(1, 5, 10, 6, -9, 2, 7);
  const labels = Int32Array.of(0, 1, 0, 1, 0, 0, 1);
  const idx = herding(feats, 1, labels, 2, 3);
  // 1 (the mean), then 2 (running mean 1.5), then -9 (running mean -2, |-3| < |4.33 - 1|);
  // a nearest-to-mean ranking would take 10 third
  assert.deepEqual(Array.from(idx.subarray(0, 3), (i) => feats[i]), [1, 2, -9]);
  assert.deepEqual(Array.from(idx.subarray(3), (i) => feats[i]), [6, 5, 7]);
  // a 2-D class whose mean (0, 0) is one of its points; all of it when ipc = its size
  const f2 = Float32Array.of(1, 0, -1, 0, 0, 0, 0, 1, 0, -1);
  const all = herding(f2, 2, new Int32Array(5), 1, 5);
  assert.equal(all[0], 2);
  assert.deepEqual([...all].sort(), [0, 1, 2, 3, 4]);
  assert.throws(() => herding(f2, 3, new Int32Array(5), 1, 1), /features hold 10 values/);
  assert.throws(() => herding(f2, 2, new Int32Array(5), 1, 6), /class 0 has 5 examples/);
});

Deno.test("kCenter: nearest to the mean first, then farthest-first", () => {
  // 1-D: 0, 1, 2, 10, 3 (mean 3.2): 3 first, 10 (farthest from 3), then 0 (3 from {3, 10})
  const feats = Float32Array.of(0, 1, 2, 10, 3);
  const idx = kCenter(feats, 1, new Int32Array(5), 1, 3);
  assert.deepEqual(Array.from(idx), [4, 3, 0]);
  // two classes, 2-D: the second class's points are far away but never mixed in
  const f2 = Float32Array.of(0, 0, 100, 100, 1, 0, 101, 100, 0, 5, 100, 104);
  const l2 = Int32Array.of(0, 1, 0, 1, 0, 1);
  const two = kCenter(f2, 2, l2, 2, 2);
  assert.deepEqual(Array.from(two, (i) => l2[i]), [0, 0, 1, 1]);
  assert.deepEqual(Array.from(two), [0, 4, 1, 5]); // mean (0.33, 1.67): (0, 0) then (0, 5)
});

Deno.test("subsetDataset copies the chosen images and labels", () => {
  const ds: Dataset = {
    images: Float32Array.from({ length: 4 * 2 * 2 }, (_, i) => i / 16),
    labels: Int32Array.of(0, 1, 0, 1),
    n: 4,
    channels: 1,
    height: 2,
    width: 2,
    classes: ["a", "b"],
  };
  const s = subsetDataset(ds, Int32Array.of(3, 0));
  assert.equal(s.n, 2);
  assert.deepEqual(Array.from(s.labels), [1, 0]);
  assert.deepEqual(Array.from(s.images), [12, 13, 14, 15, 0, 1, 2, 3].map((v) => v / 16));
  assert.deepEqual(s.classes, ["a", "b"]);
  assert.throws(() => subsetDataset(ds, Int32Array.of(4)), /index 4/);
});

Deno.test("weightedSubset draws with probability exp(-(kl - alpha)^2), correct ones only", () => {
  // class 0: candidates around alpha = 10; index 7 has kl = alpha but is misclassified
  const kl = Float64Array.of(9, 9.5, 10, 10.5, 11, 12, 20, 10, 3, 4);
  const labels = Int32Array.of(0, 0, 0, 0, 0, 0, 0, 0, 1, 1);
  const correct = [true, true, true, true, true, true, true, false, true, true];
  const w = Array.from(kl.subarray(0, 7), (k) => Math.exp(-((k - 10) ** 2)));
  const total = w.reduce((a, b) => a + b);
  const freq = new Array<number>(8).fill(0);
  const draws = 2000;
  for (let s = 0; s < draws; s++) {
    const idx = weightedSubset({ kl, labels, correct, classes: 2, alpha: 10, ipc: 1, seed: s });
    freq[idx[0]]++;
    assert.equal(labels[idx[1]], 1);
  }
  assert.equal(freq[7], 0, "a misclassified example was drawn");
  for (let i = 0; i < 7; i++) {
    const p = w[i] / total;
    const sd = Math.sqrt((p * (1 - p)) / draws);
    assert.ok(
      Math.abs(freq[i] / draws - p) < 4 * sd + 1e-3,
      `example ${i}: drawn ${freq[i] / draws}, expected ${p.toFixed(4)}`,
    );
  }
});

Deno.test("weightedSubset concentrates on alpha; without replacement; errors", () => {
  // sharp: KLs 3 apart, so the two nearest alpha = 14 (15, then 12) win almost surely
  const kl = Float64Array.from({ length: 11 }, (_, i) => 3 * i);
  const labels = new Int32Array(11);
  const correct = new Array<boolean>(11).fill(true);
  for (let s = 0; s < 20; s++) {
    const idx = weightedSubset({ kl, labels, correct, classes: 1, alpha: 14, ipc: 2, seed: s });
    assert.deepEqual(Array.from(idx, (i) => kl[i]).sort((a, b) => a - b), [12, 15], `seed ${s}`);
    assert.equal(conditionalEntropyOf(kl, idx), 13.5);
  }
  // far from every value: no underflow, the nearest ones are taken
  const far = weightedSubset({ kl, labels, correct, classes: 1, alpha: 1000, ipc: 3, seed: 0 });
  assert.deepEqual(Array.from(far), [10, 9, 8]);
  // the whole class when ipc = its size: no repeats
  const all = weightedSubset({ kl, labels, correct, classes: 1, alpha: 14, ipc: 11, seed: 1 });
  assert.equal(new Set(all).size, 11);
  // per-class alpha
  const two = weightedSubset({
    kl: Float64Array.of(0, 5, 0, 5),
    labels: Int32Array.of(0, 0, 1, 1),
    correct: [1, 1, 1, 1],
    classes: 2,
    alpha: [0, 5],
    ipc: 1,
    seed: 0,
  });
  assert.deepEqual(Array.from(two), [0, 3]);
  const someWrong = correct.map((_, i) => i < 3);
  assert.throws(
    () => weightedSubset({ kl, labels, correct: someWrong, classes: 1, alpha: 1, ipc: 4, seed: 0 }),
    /class 0 has 3 correctly classified examples \(of 11\), fewer than ipc 4/,
  );
  assert.equal(conditionalEntropyOf(Float64Array.of(0.5, 1, 1.5), Int32Array.of(0, 2)), 1);
});

Deno.test("alignClasses maps folder names and integers to the reference order", () => {
  const names = ["T-shirt/top", "Trouser", "Bag"];
  const ds = (classes: string[]): Dataset => ({
    images: new Float32Array(3),
    labels: Int32Array.of(0, 1, 2),
    n: 3,
    channels: 1,
    height: 1,
    width: 1,
    classes,
  });
  const byName = alignClasses(ds(["Bag", "T-shirt_top", "Trouser"]), names);
  assert.equal(byName.match, "names");
  assert.deepEqual(Array.from(byName.dataset.labels), [2, 0, 1]);
  const byInt = alignClasses(ds(["0", "2", "1"]), names);
  assert.equal(byInt.match, "integers");
  assert.deepEqual(Array.from(byInt.dataset.labels), [0, 2, 1]);
  assert.equal(alignClasses(ds(["x", "y", "z"]), names).match, "order");
  assert.throws(() => alignClasses(ds(["x", "y", "z"]), ["a", "b"]), /match neither/);
});

// ---------------------------------------------------------------------------------------
// Evaluation on the GPU

/**
 * Three classes of 12x12 images that stay apart under crops and flips: horizontal
 * stripes, vertical stripes, and a flat grey, each with a random phase, contrast and
 * pixel noise.
 */
function stripes(perClass: number, seed: number): Dataset {
  const rand = prng(seed);
  const s = 12;
  const n = 3 * perClass;
  const images = new Float32Array(n * s * s);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    labels[i] = c;
    const phase = Math.floor(rand() * 4);
    const contrast = 0.3 + 0.2 * rand();
    for (let r = 0; r < s; r++) {
      for (let q = 0; q < s; q++) {
        const t = c === 0 ? r : c === 1 ? q : -1;
        const wave = t < 0 ? 0 : ((t + phase) % 4 < 2 ? 1 : -1);
        const v = 0.5 + contrast * wave + 0.15 * (rand() - 0.5);
        images[i * s * s + r * s + q] = Math.min(1, Math.max(0, v));
      }
    }
  }
  return { images, labels, n, channels: 1, height: s, width: s, classes: ["h", "v", "flat"] };
}

Deno.test("evaluateDistilled learns a small separable problem with crop + flip, leak-free", async () => {
  const train = stripes(6, 1);
  const test = stripes(40, 2);
  const before = gpu().pool.stats().liveBuffers;
  const losses: [number, number, number][] = [];
  const a = await evaluateDistilled(train, test, {
    width: 8,
    epochs: 40,
    runs: 2,
    seed: 3,
    lossEvery: 10,
    augment: { cropScale: [0.5, 1], cutmix: false },
    progress: (run, epoch, loss) => losses.push([run, epoch, loss]),
  });
  assert.equal(gpu().pool.stats().liveBuffers, before, "live buffers changed");
  assert.deepEqual(losses.map(([r, e]) => [r, e]), [
    [0, 10],
    [0, 20],
    [0, 30],
    [0, 40],
    [1, 10],
    [1, 20],
    [1, 30],
    [1, 40],
  ]);
  assert.equal(a.accuracies.length, 2);
  assert.equal(a.epochs, 40);
  for (const acc of a.accuracies) assert.ok(acc >= 90, `test accuracy ${a.accuracies}`);
  for (const r of [0, 4]) {
    assert.ok(losses[r + 3][2] < losses[r][2] / 2, `loss did not fall: ${losses.map((l) => l[2])}`);
  }
  assert.ok(Math.abs(a.mean - (a.accuracies[0] + a.accuracies[1]) / 2) < 1e-9);
  assert.ok(a.imagesPerSecond > 0 && a.seconds > 0);
  // per class: 40 test images each, so the classes' mean is the accuracy
  assert.equal(a.perClass.length, 2);
  a.perClass.forEach((byClass, run) => {
    assert.equal(byClass.length, 3);
    const mean = (byClass[0] + byClass[1] + byClass[2]) / 3;
    assert.ok(Math.abs(mean - a.accuracies[run]) < 1e-9, `${byClass} against ${a.accuracies}`);
  });
});

Deno.test("accuracyOf and accuracyByClass count hits per class; a class with no image is NaN", () => {
  const pred = Int32Array.of(0, 1, 1, 2, 0, 0);
  const labels = Int32Array.of(0, 1, 0, 2, 0, 1);
  assert.ok(Math.abs(accuracyOf(pred, labels) - 400 / 6) < 1e-12);
  const byClass = accuracyByClass(pred, labels, 4);
  assert.deepEqual(byClass.slice(0, 3), [200 / 3, 50, 100]);
  assert.ok(Number.isNaN(byClass[3]));
});

Deno.test("evaluateDistilled with CutMix: same seed, same losses and accuracies", async () => {
  const train = stripes(6, 1);
  const test = stripes(40, 2);
  const before = gpu().pool.stats().liveBuffers;
  const run = async (seed: number) => {
    const losses: number[] = [];
    const r = await evaluateDistilled(train, test, {
      width: 8,
      epochs: 12,
      runs: 1,
      seed,
      batchSize: 10, // two full batches and a partial one per epoch
      lossEvery: 4,
      augment: { cropScale: [0.5, 1], cutmixProb: 0.7 },
      progress: (_run, _epoch, loss) => losses.push(loss),
    });
    return { losses, accuracies: r.accuracies };
  };
  const a = await run(5);
  assert.equal(a.losses.length, 3);
  assert.deepEqual(await run(5), a, "same seed, other results");
  assert.notDeepEqual((await run(6)).losses, a.losses, "another seed, same losses");
  assert.equal(gpu().pool.stats().liveBuffers, before, "live buffers changed");
});

Deno.test("evaluateDistilled: SGD with cosine decay; an untrained model is near chance", async () => {
  const train = stripes(6, 1);
  const test = stripes(40, 2);
  const before = gpu().pool.stats().liveBuffers;
  const sgd = await evaluateDistilled(train, test, {
    width: 8,
    epochs: 40,
    runs: 1,
    optimizer: "sgd",
    lr: 0.05,
    lrSchedule: "cosine",
    augment: false,
  });
  assert.ok(sgd.accuracies[0] >= 90, `SGD test accuracy ${sgd.accuracies}`);
  // one epoch of one step with a tiny learning rate: the test can tell learning from chance
  const none = await evaluateDistilled(train, test, {
    width: 8,
    epochs: 1,
    runs: 1,
    lr: 1e-6,
    augment: false,
  });
  assert.ok(none.accuracies[0] < 70, `untrained accuracy ${none.accuracies}`);
  assert.equal(gpu().pool.stats().liveBuffers, before, "live buffers changed");
  const aborted = new AbortController();
  aborted.abort(new Error("stop"));
  await assert.rejects(
    () => evaluateDistilled(train, test, { width: 8, epochs: 5, signal: aborted.signal }),
    /stop/,
  );
  await assert.rejects(
    () => evaluateDistilled(train, { ...test, classes: ["a", "b"] }, { width: 8, epochs: 1 }),
    /3 classes, the test set 2/,
  );
  assert.equal(gpu().pool.stats().liveBuffers, before, "live buffers changed");
});

Deno.test("priorQuality: the real test set as samples scores the classifier's own accuracy, per class too", async () => {
  const train = await loadDataset("fashion-mnist", "train", { bundled: true });
  const test = await loadDataset("fashion-mnist", "test", { bundled: true });
  const clf = await trainReferenceClassifier(train, { width: 8, epochs: 2 });
  try {
    const q = await priorQuality(clf, test, test, test.n / 2);
    assert.equal(q.classifierPerClass.length, 10);
    assert.equal(q.sampleAccuracy, q.classifierTestAccuracy);
    assert.deepEqual(q.perClassAccuracy, q.classifierPerClass);
    // the per-class accuracies weighted by class counts give the overall one
    const counts = Array.from({ length: 10 }, (_, c) => test.labels.filter((l) => l === c).length);
    const weighted = q.classifierPerClass.reduce((a, p, c) => a + p * counts[c], 0) / test.n;
    assert.ok(Math.abs(weighted - q.classifierTestAccuracy) < 1e-9);
    assert.ok(
      q.classifierTestAccuracy > 30,
      `a 2-epoch classifier at ${q.classifierTestAccuracy}%`,
    );
    assert.ok(q.fdRealHalves > 0 && q.fdSamples > 0);
  } finally {
    dispose(clf.net.params);
  }
});
