// The dsa evaluation protocol (issue 16): its settings against the reference's, the step
// schedule, DSA augmentation with cutout, calibration (resumable), and `deno task eval
// --protocol dsa` on an outside ImageFolder (class names, numbers, and each error).
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { applyDsaPlan, DSA_STRATEGY, dsaPlan } from "../lib/data/augment.ts";
import type { Dataset } from "../lib/data/dataset.ts";
import { FASHION_MNIST_CLASSES } from "../lib/data/datasets.ts";
import { calibrate, calibrationMarkdown } from "../lib/eval/calibrate.ts";
import { matchClassFolders } from "../lib/eval/classes.ts";
import { readDistilledFolder } from "../lib/eval/distilled_folder.ts";
import { EvalRun, evalSettings, evaluateDistilled } from "../lib/eval/evaluate.ts";
import {
  dsaLearningRate,
  protocolDefaults,
  protocolDifferences,
  protocolEpochs,
} from "../lib/eval/protocol.ts";
import { gpu } from "../lib/gpu/gpu.ts";
import { DISTILL_SCHEMA, type DistillSummary } from "../lib/igds/distill.ts";
import { protocolText } from "../lib/igds/distill_report.ts";
import { evalOptionsOf } from "../lib/igds/stage.ts";
import { validateConfig } from "../lib/io/config.ts";
import { writeImageFolder } from "../lib/io/images.ts";
import { gpuReady, prng, randArr, toTensor } from "./helpers.ts";

await gpuReady;

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The reference's ParamDiffAug (utils.py:477-484). */
const PARAM_DIFF_AUG = {
  scale: 1.2,
  rotate: 15,
  crop: 0.125,
  cutout: 0.5,
  flip: 0.5,
  brightness: 1,
  saturation: 2,
  contrast: 0.5,
};

/**
 * Three classes of s x s images that stay apart under DSA's transforms: horizontal
 * stripes, vertical stripes, flat grey, each with a random phase, contrast and noise.
 */
function stripes(perClass: number, seed: number, s = 12, classes = ["h", "v", "flat"]): Dataset {
  const rand = prng(seed);
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
  return { images, labels, n, channels: 1, height: s, width: s, classes };
}

// ---------------------------------------------------------------------------------------
// The protocol's settings

Deno.test("protocol dsa: every setting is the reference's; overrides are differences", () => {
  const s = evalSettings(10, { protocol: "dsa" });
  assert.deepEqual(s, {
    protocol: "dsa",
    model: "convnet3", // get_default_convnet_setting, utils.py:119
    width: 128,
    epochs: 1000, // main.py:112
    passes: 1001, // for ep in range(Epoch+1), utils.py:351
    runs: 3,
    seed: 0,
    optimizer: "sgd", // utils.py:344
    lr: 0.01, // --lr_net, main.py:25
    momentum: 0.9,
    weightDecay: 5e-4,
    lrSchedule: "step", // utils.py:343, 353-355
    batchSize: 256, // --batch_train, main.py:27
    testBatchSize: 256,
    augment: {
      crop: false,
      flip: false,
      cutmix: false,
      cropScale: [0.5, 1],
      cutmixProb: 1,
      dsa: "color_crop_cutout_flip_scale_rotate",
      dsaParams: PARAM_DIFF_AUG,
    },
    lossEvery: 50,
  });
  assert.equal(DSA_STRATEGY, "color_crop_cutout_flip_scale_rotate");
  const copy = protocolDefaults("dsa"); // a fresh copy: changing it changes nothing else
  copy.augment.dsaParams.cutout = 0;
  copy.augment.cropScale[0] = 0.1;
  assert.equal(protocolDefaults("dsa").augment.dsaParams.cutout, 0.5);
  assert.deepEqual(evalSettings(1, { protocol: "dsa" }).augment, s.augment);
  assert.equal(protocolEpochs("dsa", 1), 1000);
  // the reference itself has no differences; 20 networks per set, 10,000 test images
  assert.deepEqual(protocolDifferences({ ...s, runs: 20, testImages: 10000 }), []);
  const o = evalSettings(10, {
    protocol: "dsa",
    optimizer: "adam",
    epochs: 300,
    width: 32,
    batchSize: 100,
    augment: { dsaParams: { cutout: 0.25 } },
  });
  assert.equal(o.passes, 301);
  assert.equal(o.weightDecay, 0);
  const d = protocolDifferences({ ...o, runs: 20, testImages: 3000 });
  for (
    const re of [
      /width 32/,
      /300 epochs instead of the reference's 1000/,
      /adam \(weight decay 0\) instead of sgd/,
      /batch 100 instead of 256/,
      /DSA parameters .*"cutout":0.25/,
      /3000 test images instead of 10000/,
    ]
  ) assert.ok(d.some((x) => re.test(x)), `${re} in ${JSON.stringify(d)}`);
  assert.equal(d.length, 6, JSON.stringify(d));
  // no augmentation, or crop/flip/CutMix under dsa, are differences too
  assert.ok(protocolDifferences({ ...s, augment: false }).includes("no augmentation"));
  const crop = evalSettings(10, { protocol: "dsa", augment: { dsa: null } });
  assert.ok(protocolDifferences(crop).includes("crop/flip/CutMix augmentation instead of DSA"));
});

Deno.test("protocol paper: Appendix J with MiniMax's crop scale, batch and CutMix rate", () => {
  const s = evalSettings(10);
  assert.equal(s.protocol, "paper");
  assert.equal(s.optimizer, "adam");
  assert.equal(s.lr, 0.01);
  assert.equal(s.weightDecay, 0);
  assert.equal(s.lrSchedule, "constant");
  assert.equal(s.batchSize, 64); // MinimaxDiffusion argument.py:116
  assert.equal(s.epochs, 2000); // Table 8
  assert.equal(s.passes, 2000);
  assert.deepEqual(s.augment && s.augment.cropScale, [0.5, 1]); // data.py:331
  assert.equal(s.augment && s.augment.cutmixProb, 1); // argument.py:135
  assert.equal(s.augment && s.augment.dsa, null);
  assert.deepEqual(protocolDifferences({ ...s, runs: 5, ipc: 10 }), []);
  const d = protocolDifferences({
    ...evalSettings(1, { augment: { cropScale: [0.08, 1], cutmixProb: 0.5 }, epochs: 30 }),
    ipc: 1,
  });
  assert.deepEqual(d, [
    "30 epochs instead of the paper's 2000 (Table 8)",
    "3 run(s) per set instead of 5",
    "crop scale [0.08,1] instead of [0.5,1]",
    "CutMix probability 0.5 instead of 1",
  ]);
  assert.throws(() => evalSettings(1, { protocol: "x" as "dsa" }), /unknown protocol "x"/);
  assert.throws(() => evalSettings(1, { augment: { cropScale: [0.6, 0.5] } }), /cropScale/);
});

Deno.test("distill config: eval.protocol dsa maps to the reference; the report names it", () => {
  const dsa = validateConfig(DISTILL_SCHEMA, {
    ipc: [1, 10],
    eval: { protocol: "dsa", epochs: [300, 0], optimizer: "adam", batch: 32 },
  });
  const o = evalOptionsOf(dsa, 300, 10, undefined);
  // optimizer, lr, batch and augment are the paper protocol's keys: dsa ignores them
  assert.deepEqual(Object.keys(o).sort(), [
    "epochs",
    "model",
    "onRunEnd",
    "protocol",
    "runs",
    "seed",
    "width",
  ]);
  const s = evalSettings(1, o);
  assert.equal(s.optimizer, "sgd");
  assert.equal(s.batchSize, 256);
  assert.equal(s.augment && s.augment.dsa, DSA_STRATEGY);
  const paper = validateConfig(DISTILL_SCHEMA, {
    eval: { cropScale: [0.3, 0.9], cutmixProb: 0.25, batch: 32 },
  });
  const p = evalSettings(1, evalOptionsOf(paper, 5, 10, undefined));
  assert.deepEqual(p.augment && [p.augment.cropScale, p.augment.cutmixProb], [[0.3, 0.9], 0.25]);
  assert.equal(p.batchSize, 32);
  assert.equal(validateConfig(DISTILL_SCHEMA, {}).eval.protocol, "paper");
  const summary = (c: typeof dsa): DistillSummary => ({
    config: c,
    data: { train: "x", trainImages: 60000, testImages: 10000 },
    prior: { path: "prior.safetensors", step: 1 },
    ve: null,
    results: c.ipc.map((ipc, i) => ({
      method: "random",
      ipc,
      beta: null,
      accuracies: [50],
      mean: 50,
      std: 0,
      epochs: c.eval.epochs[i] || protocolEpochs(c.eval.protocol, ipc),
      distillSeconds: 0,
      evalSeconds: 0,
    })),
    stages: {},
    seconds: 1,
  });
  const text = protocolText(summary(dsa));
  assert.match(text, /Evaluation protocol `dsa`\. Differences from the reference protocol/);
  assert.match(text, /IPC 1: 300 epochs instead of the reference's 1000/);
  assert.match(text, /5 run\(s\) per set instead of 20/);
  assert.match(text, /DSA augmentation color_crop_cutout_flip_scale_rotate/);
  assert.match(text, /IPC 10: 1000 \(1001 passes\)/);
  assert.doesNotMatch(text, /IPC 10: 1000 epochs instead/);
  assert.match(protocolText(summary(paper)), /Evaluation protocol `paper`/);
  // the method's differences name the prior and the merge, and the window when it is not [0, 1]
  assert.match(text, /Differences from the paper's method: .*pretrained diffusion models/);
  assert.match(text, /no 2x2 merge/);
  assert.doesNotMatch(text, /only while t \/ T/);
  const merged = { ...dsa, igds: { ...dsa.igds, merge: true, window: [0.1, 1] } };
  assert.doesNotMatch(protocolText(summary(merged)), /no 2x2 merge/);
  assert.match(protocolText(summary(merged)), /only while t \/ T is in \[0\.1,1\]/);
});

// ---------------------------------------------------------------------------------------
// The step schedule and DSA augmentation in training

Deno.test("step schedule: lr x0.1 after pass Epoch // 2 + 1 with a fresh optimiser", async () => {
  for (const epochs of [1000, 300, 5, 4]) {
    const decay = Math.floor(epochs / 2) + 1; // lr_schedule = [Epoch//2+1], utils.py:343
    for (let pass = 0; pass <= epochs; pass++) {
      assert.equal(dsaLearningRate(0.01, pass, epochs), pass <= decay ? 0.01 : 0.01 * 0.1);
    }
  }
  // a run of 4 epochs trains 5 passes; the optimiser is new after pass 3 (0-based)
  const train = stripes(2, 1);
  const s = evalSettings(2, { protocol: "dsa", epochs: 4, width: 4, runs: 1 });
  const run = new EvalRun(train, s, 0, { mean: [0.5], std: [0.25] });
  const seen: [number, number][] = [];
  while (run.pass < s.passes) {
    const lr = run.lr;
    run.trainPass(false);
    seen.push([lr, run.optimizerSteps]);
  }
  run.dispose();
  assert.deepEqual(seen, [[0.01, 1], [0.01, 2], [0.01, 3], [0.01, 0], [0.001, 1]]);
  const before = gpu().pool.stats().liveBuffers;
  const epochsSeen: number[] = [];
  const r = await evaluateDistilled(train, stripes(4, 2), {
    ...s,
    lossEvery: 1,
    progress: (_run, epoch) => epochsSeen.push(epoch),
  });
  assert.deepEqual(epochsSeen, [1, 2, 3, 4, 5]);
  assert.equal(r.epochs, 4);
  assert.equal(r.passes, 5);
  assert.equal(r.protocol, "dsa");
  assert.equal(gpu().pool.stats().liveBuffers, before, "live buffers changed");
});

Deno.test("dsa: the reference strategy draws all six transforms; cutout zeroes 14x14", async () => {
  const picked = new Set(
    Array.from({ length: 80 }, (_, k) => dsaPlan(1, 28, 28, k).transforms.join()),
  );
  assert.deepEqual([...picked].sort(), ["color", "crop", "cutout", "flip", "rotate", "scale"]);
  // rand_cutout at 28x28: side int(28 * 0.5 + 0.5) = 14, centre offset in [0, 28]
  const x = randArr(prng(3), [64, 1, 28, 28], 0.5, 1); // no zeros of its own
  const xt = toTensor(x);
  const plan = dsaPlan(64, 28, 28, 5, { strategy: "cutout" });
  const yt = applyDsaPlan(xt, plan);
  const y = await yt.data() as Float32Array;
  yt.dispose();
  for (let b = 0; b < 64; b++) {
    const [x0, y0, x1, y1] = plan.cutout!.subarray(4 * b, 4 * b + 4);
    let zeros = 0;
    for (let i = 0; i < 784; i++) {
      const r = Math.floor(i / 28), c = i % 28;
      const inside = r >= y0 && r < y1 && c >= x0 && c < x1;
      assert.equal(y[b * 784 + i], inside ? 0 : Math.fround(x.data[b * 784 + i]));
      zeros += inside ? 1 : 0;
    }
    assert.ok(zeros >= 7 * 7 && zeros <= 14 * 14, `box ${[x0, y0, x1, y1]}`);
  }
  assert.ok(
    Array.from({ length: 64 }, (_, b) => plan.cutout![4 * b + 2] - plan.cutout![4 * b])
      .includes(14),
  );
  xt.dispose();
});

// ---------------------------------------------------------------------------------------
// Calibration

Deno.test("calibrate: tiny end to end in a temp folder, published row, resumes cached", async () => {
  const dir = await Deno.makeTempDir();
  const train = stripes(6, 1);
  const test = stripes(5, 2);
  const opts = {
    out: `${dir}/cal`,
    ipc: [1, 2],
    subsets: 2,
    epochs: 2,
    width: 4,
    dataName: "fashion-mnist", // for the published row; the data are stripes
    chanceCheck: false,
  };
  // interrupted after the first subset: that one is cached, the rest is redone
  const stop = new AbortController();
  const first: string[] = [];
  await assert.rejects(
    calibrate(train, test, {
      ...opts,
      signal: stop.signal,
      log: (l) => {
        first.push(l);
        if (/subset 1\/2: [\d.]+%/.test(l)) stop.abort(new Error("interrupted"));
      },
    }),
    /interrupted/,
  );
  const lines: string[] = [];
  const c = await calibrate(train, test, { ...opts, log: (l) => lines.push(l) });
  assert.ok(lines.some((l) => /^IPC 1 subset 1\/2: [\d.]+% \(cached\)$/.test(l)), lines.join("\n"));
  assert.equal(lines.filter((l) => /evaluating/.test(l)).length, 3, lines.join("\n"));
  assert.deepEqual(c.rows.map((r) => r.ipc), [1, 2]);
  for (const r of c.rows) {
    assert.equal(r.accuracies.length, 2);
    assert.equal(r.subsetMeans.length, 2);
  }
  assert.deepEqual(c.rows[0].published, { mean: 51.4, std: 3.8 });
  assert.equal(c.rows[0].bound, 5);
  assert.equal(c.rows[0].difference, c.rows[0].mean - 51.4);
  assert.equal(c.rows[1].published, null);
  assert.match(c.publishedSource!, /Zhao.*Table 1/);
  assert.equal(c.protocol, "dsa");
  assert.ok(c.differences.some((d) => /2 epochs instead of the reference's 1000/.test(d)));
  const json = JSON.parse(await Deno.readTextFile(`${dir}/cal/calibration.json`));
  assert.deepEqual(json.rows.map((r: { mean: number }) => r.mean), c.rows.map((r) => r.mean));
  const md = await Deno.readTextFile(`${dir}/cal/calibration.md`);
  assert.equal(md, calibrationMarkdown(c));
  assert.match(md, /\| 1 \| [\d.]+ ± [\d.]+ \(2 x 1\) \| 51\.4 ± 3\.8 \| [+-][\d.]+ \| ±5: /);
  assert.match(md, /deno task calibrate --ipc 1,2 --subsets 2 --epochs 2 --runs 1 --seed 0/);
  // everything cached now: same figures, nothing evaluated
  const again: string[] = [];
  const c2 = await calibrate(train, test, { ...opts, log: (l) => again.push(l) });
  assert.equal(again.filter((l) => /evaluating/.test(l)).length, 0, again.join("\n"));
  assert.deepEqual(c2.rows, c.rows);
  // another epoch count is another stage
  const more: string[] = [];
  await calibrate(train, test, {
    ...opts,
    ipc: [1],
    subsets: 1,
    epochs: 3,
    log: (l) => more.push(l),
  });
  assert.equal(more.filter((l) => /evaluating/.test(l)).length, 1);
  await Deno.remove(dir, { recursive: true });
});

// ---------------------------------------------------------------------------------------
// Outside ImageFolders: classes by name or number, and each error

Deno.test("matchClassFolders: Fashion-MNIST names, folder names, numbers; else errors", () => {
  const ds = (classes: string[], labels = classes.map((_, i) => i)): Dataset => ({
    images: new Float32Array(labels.length),
    labels: Int32Array.from(labels),
    n: labels.length,
    channels: 1,
    height: 1,
    width: 1,
    classes,
    source: "/x/ipc1",
  });
  const folders = [...FASHION_MNIST_CLASSES].map((c) => c.replace("/", "_")).sort();
  const byName = matchClassFolders(ds(folders), FASHION_MNIST_CLASSES, "fashion-mnist");
  assert.equal(byName.match, "names");
  assert.deepEqual(
    Array.from(byName.dataset.labels, (y) => FASHION_MNIST_CLASSES[y].replace("/", "_")),
    folders,
  );
  const digits = Array.from({ length: 10 }, (_, i) => String(i));
  assert.equal(matchClassFolders(ds(digits), FASHION_MNIST_CLASSES, "f").match, "integers");
  assert.throws(
    () =>
      matchClassFolders(ds(folders.map((f) => f + "x")), FASHION_MNIST_CLASSES, "fashion-mnist"),
    /\/x\/ipc1: the class folders \[.*\] match neither the fashion-mnist classes nor the numbers 0\.\.9; expected one folder per class, named "T-shirt_top", "Trouser", .*"Ankle boot", or 0\.\.9/,
  );
  const typo = folders.map((f) => (f === "Bag" ? "Bags" : f));
  assert.throws(
    () => matchClassFolders(ds(typo), FASHION_MNIST_CLASSES, "fashion-mnist"),
    /no class is named "Bags"/,
  );
  assert.throws(
    () => matchClassFolders(ds(folders.filter((f) => f !== "Coat")), FASHION_MNIST_CLASSES, "f"),
    /no images of f class "Coat" \(folder \/x\/ipc1\/Coat\)/,
  );
  // an empty class folder: the class exists but has no image
  assert.throws(
    () => matchClassFolders(ds(digits, [0, 1, 2, 3, 4, 5, 6, 7, 8]), FASHION_MNIST_CLASSES, "f"),
    /no images of f class "Ankle boot" \(folder \/x\/ipc1\/9\)/,
  );
});

/** Writes a grayscale PNG of s x s pixels, all `value`. */
async function png(path: string, s: number, value = 128): Promise<void> {
  await sharp(new Uint8Array(s * s).fill(value), { raw: { width: s, height: s, channels: 1 } })
    .toColourspace("b-w").png().toFile(path);
}

/**
 * A data set ImageFolder (train/, test/; classes alpha, beta, gamma = h, v, flat) and a
 * distill-like run folder with the same distilled set twice: class folders by name (in
 * another case, so that their sorted order differs) and by number.
 */
async function outsideFolders(dir: string) {
  const classes = ["alpha", "beta", "gamma"];
  await writeImageFolder(`${dir}/data/train`, stripes(10, 1, 12, classes));
  await writeImageFolder(`${dir}/data/test`, stripes(10, 2, 12, classes));
  const distilled = stripes(4, 3, 12, classes);
  await writeImageFolder(`${dir}/run/distilled/names/ipc4`, {
    ...distilled,
    classes: ["alpha", "Beta", "GAMMA"],
  });
  await writeImageFolder(`${dir}/run/distilled/numbers/ipc4`, {
    ...distilled,
    classes: ["0", "1", "2"],
  });
  return { classes, distilled };
}

Deno.test("readDistilledFolder: each bad folder is an error naming the folder or file", async () => {
  const dir = await Deno.makeTempDir();
  const { classes, distilled } = await outsideFolders(dir);
  const ref = { classes, channels: 1, height: 12, width: 12 };
  const good = await readDistilledFolder(`${dir}/run/distilled/names/ipc4`, ref, "stripes");
  assert.equal(good.match, "names");
  assert.deepEqual(Array.from(good.dataset.labels).sort(), Array.from(distilled.labels).sort());
  const make = async (name: string, folders: string[]) => {
    const root = `${dir}/bad/${name}`;
    await writeImageFolder(root, { ...distilled, classes: folders });
    return root;
  };
  const cases: [string, () => Promise<string>, RegExp][] = [
    [
      "unknown names",
      () => make("unknown", ["x", "y", "z"]),
      /unknown: the class folders \[x, y, z\] match neither the stripes classes nor the numbers 0\.\.2; expected one folder per class, named "alpha", "beta", "gamma", or 0\.\.2 in that order/,
    ],
    [
      "numbers out of range",
      () => make("range", ["0", "1", "5"]),
      /range: the class folders \[0, 1, 5\] match neither/,
    ],
    [
      "missing class",
      async () => {
        const root = await make("missing", classes);
        await Deno.remove(`${root}/gamma`, { recursive: true });
        return root;
      },
      /missing: no images of stripes class "gamma" \(folder .*\/missing\/gamma\)/,
    ],
    [
      "empty class folder",
      async () => {
        const root = await make("empty", classes);
        for (const e of Deno.readDirSync(`${root}/beta`)) {
          await Deno.remove(`${root}/beta/${e.name}`);
        }
        return root;
      },
      /empty: no images of stripes class "beta" \(folder .*\/empty\/beta\)/,
    ],
    [
      "unreadable image",
      async () => {
        const root = await make("unreadable", classes);
        await Deno.writeTextFile(`${root}/beta/broken.png`, "not a png");
        return root;
      },
      /unreadable\/beta\/broken\.png: cannot decode image/,
    ],
    [
      "one image of another size",
      async () => {
        const root = await make("onesize", classes);
        await png(`${root}/gamma/9.png`, 14);
        return root;
      },
      /onesize\/gamma\/9\.png: the image is 1x14x14 .* but the first image, .*onesize\/alpha\/0\.png, is 1x12x12/,
    ],
    [
      "all images of another size than the data set's",
      async () => {
        const root = `${dir}/bad/allsize`;
        for (const c of classes) {
          await Deno.mkdir(`${root}/${c}`, { recursive: true });
          await png(`${root}/${c}/0.png`, 14);
        }
        return root;
      },
      /allsize\/alpha\/0\.png: the image is 1x14x14 .* but the stripes images are 1x12x12/,
    ],
  ];
  for (const [what, build, error] of cases) {
    const root = await build();
    await assert.rejects(readDistilledFolder(root, ref, "stripes"), error, what);
  }
  await Deno.remove(dir, { recursive: true });
});

/** Runs tasks/eval.ts with `args` (the GPU as the tests have it); code and both outputs. */
async function evalTask(args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--unstable-webgpu", "tasks/eval.ts", ...args],
    cwd: ROOT,
    stdin: "null",
  }).output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

Deno.test("deno task eval --protocol dsa: an outside ImageFolder by name and by number", async () => {
  const dir = await Deno.makeTempDir();
  await outsideFolders(dir);
  // both sets through the run-folder mode: one task, a table of two rows; accuracy well
  // above chance means the names were mapped to the right labels (sorted, they differ)
  const tiny = ["--width", "8", "--epochs", "60", "--runs", "1", "--lr", "0.05"];
  const r = await evalTask([`${dir}/run`, "--protocol", "dsa", "--data", `${dir}/data`, ...tiny]);
  assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /classes matched by name\)/);
  assert.match(r.stdout, /classes matched by number\)/);
  assert.match(r.stdout, /protocol dsa: convnet3 width 8, SGD .* DSA augmentation/);
  assert.match(r.stdout, /60 epochs \(61 passes, as the reference's loop\)/);
  assert.match(
    r.stdout,
    /differences from the dsa protocol's reference: .*lr 0\.05 instead of 0\.01/,
  );
  assert.match(r.stdout, /per class \(mean over runs\): alpha [\d.]+, beta [\d.]+, gamma [\d.]+/);
  const rows = [...r.stdout.matchAll(/^\| (names|numbers)\/ipc4 \| ([\d.]+) ± [\d.]+ \|$/gm)];
  assert.equal(rows.length, 2, r.stdout);
  for (const row of rows) assert.ok(Number(row[2]) >= 70, r.stdout);
  // a folder whose classes match nothing: one clean error line listing the expected names
  await writeImageFolder(`${dir}/unknown`, { ...stripes(1, 4), classes: ["x", "y", "z"] });
  const bad = await evalTask([`${dir}/unknown`, "--protocol", "dsa", "--data", `${dir}/data`]);
  assert.equal(bad.code, 1, bad.stderr);
  assert.match(
    bad.stderr,
    /^error: .*unknown: the class folders \[x, y, z\] match neither the .*data classes nor the numbers 0\.\.2; expected one folder per class, named "alpha", "beta", "gamma"/m,
  );
  assert.doesNotMatch(bad.stderr, /\n\s+at /);
  const usage = await evalTask([`${dir}/unknown`, "--protocol", "dc"]);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /unknown --protocol dc/);
  await Deno.remove(dir, { recursive: true });
});
