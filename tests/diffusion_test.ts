// Diffusion: schedules, the forward process, DDPM/DDIM sampling against an exact denoiser,
// guidance, prior files, and bit-exact resume of prior training.
import assert from "node:assert/strict";
import { dispose } from "../lib/autodiff/scope.ts";
import { diffusionLoss, minSnrWeights, qSample } from "../lib/diffusion/ddpm.ts";
import type { Denoiser } from "../lib/diffusion/denoiser.ts";
import { loadPrior, savePrior } from "../lib/diffusion/prior_file.ts";
import { type Guidance, GuidanceNaNError, sample } from "../lib/diffusion/sampler.ts";
import { sampleToFolder } from "../lib/diffusion/sample_folder.ts";
import { noiseSchedule, respace } from "../lib/diffusion/schedule.ts";
import { defaults } from "../lib/io/config.ts";
import { readSafetensors } from "../lib/io/safetensors_file.ts";
import { PRIOR_SCHEMA, priorLearningRate, trainPrior } from "../lib/diffusion/train.ts";
import { uNet } from "../lib/nn/unet.ts";
import { subsetDataset } from "../lib/data/dataset.ts";
import { loadDataset } from "../lib/data/datasets.ts";
import { writeImageFolder } from "../lib/io/images.ts";
import { gpu } from "../lib/gpu/gpu.ts";
import { mul, sub } from "../lib/ops/binary.ts";
import { fromArray } from "../lib/ops/creation.ts";
import { concat, gather, reshape } from "../lib/ops/shape.ts";
import { Rng } from "../lib/ops/random.ts";
import { sum } from "../lib/ops/reduce.ts";
import { affine, sqrt } from "../lib/ops/unary.ts";
import { perImage } from "../lib/diffusion/ddpm.ts";
import type { Tensor } from "../lib/tensor.ts";
import { assertClose, gpuReady } from "./helpers.ts";

await gpuReady;

Deno.test("schedules: linear endpoints, cosine monotone, respacing keeps the cumulative products", () => {
  const lin = noiseSchedule("linear", 1000);
  assert.ok(Math.abs(lin.betas[0] - 1e-4) < 1e-15 && Math.abs(lin.betas[999] - 0.02) < 1e-15);
  const cos = noiseSchedule("cosine", 1000);
  for (let t = 1; t < 1000; t++) assert.ok(cos.alphasCumprod[t] < cos.alphasCumprod[t - 1]);
  for (const s of [lin, cos]) {
    for (const steps of [1000, 250, 7]) {
      const r = respace(s, steps);
      assert.equal(r.timesteps.length, steps);
      assert.equal(r.timesteps[0], 0);
      assert.equal(r.timesteps.at(-1), 999);
      r.timesteps.forEach((t, i) => {
        assert.ok(
          Math.abs(r.alphasCumprod[i] - s.alphasCumprod[t]) < 1e-12,
          `${s.kind} ${steps} ${i}`,
        );
      });
    }
  }
  assert.throws(() => respace(lin, 0), /steps must be an integer in 1..1000/);
});

Deno.test("min-SNR-γ: weights min(SNR, γ) / SNR, and the weighted loss is mean_b w_b mse_b (float64 reference)", async () => {
  const s = noiseSchedule("linear", 1000);
  const t = [0, 3, 250, 500, 999];
  const w = minSnrWeights(s, t, 5);
  t.forEach((ti, i) => {
    const snr = s.alphasCumprod[ti] / (1 - s.alphasCumprod[ti]);
    assert.equal(w[i], Math.min(snr, 5) / snr);
  });
  assert.ok(w[0] < 1e-3 && w[4] === 1, "low noise weighs little, high noise fully");
  assert.throws(() => minSnrWeights(s, t, 0), /gamma must be > 0/);
  // a denoiser that predicts x_t itself: the error is x_t - noise, known on the host
  const [n, c, size] = [5, 1, 3];
  const rng = new Rng(7);
  const x0 = rng.normal([n, c, size, size]);
  const noise = rng.normal([n, c, size, size]);
  const den = {
    params: {},
    channels: c,
    size,
    classes: 0,
    predict: (_p: unknown, xt: Tensor) => xt,
  } as unknown as Denoiser;
  const [x0h, nh] = [await x0.data(), await noise.data()];
  const per = size * size * c;
  let want = 0, plain = 0;
  for (let b = 0; b < n; b++) {
    const a = s.alphasCumprod[t[b]];
    let mse = 0;
    for (let k = 0; k < per; k++) {
      const i = b * per + k;
      const e = Math.sqrt(a) * x0h[i] + Math.sqrt(1 - a) * nh[i] - nh[i];
      mse += e * e / per;
    }
    want += w[b] * mse / n;
    plain += mse / n;
  }
  const weighted = diffusionLoss(den, {}, s, x0, undefined, t, noise, undefined, w);
  const unweighted = diffusionLoss(den, {}, s, x0, undefined, t, noise);
  assertClose(await weighted.data(), [want], "weighted loss", 1e-3, 1e-6);
  assertClose(await unweighted.data(), [plain], "plain loss", 1e-3, 1e-6);
  dispose([x0, noise, weighted, unweighted]);
});

Deno.test("prior learning rate: warm-up, constant, then a cosine decay to lrEnd that starts where the constant ends", () => {
  const t = { lr: 1e-3, warmup: 100, decayFrom: 1000, decaySteps: 500, lrEnd: 1e-4 };
  const close = (a: number, b: number) => assert.ok(Math.abs(a - b) <= 1e-15, `${a} vs ${b}`);
  close(priorLearningRate(t, 0), 1e-5);
  close(priorLearningRate(t, 49), 5e-4);
  close(priorLearningRate(t, 99), 1e-3);
  close(priorLearningRate(t, 999), 1e-3);
  close(priorLearningRate(t, 1000), 1e-3);
  close(priorLearningRate(t, 1250), 1e-4 + 0.9e-3 * 0.5);
  close(priorLearningRate(t, 1125), 1e-4 + 0.9e-3 * 0.5 * (1 + Math.cos(Math.PI / 4)));
  close(priorLearningRate(t, 1500), 1e-4);
  close(priorLearningRate(t, 9000), 1e-4);
  // monotone down the decay
  for (let s = 1000; s < 1500; s++) {
    assert.ok(priorLearningRate(t, s + 1) <= priorLearningRate(t, s));
  }
  // decayFrom 0: no decay (the shipped runs' schedule)
  close(priorLearningRate({ ...t, decayFrom: 0 }, 9000), 1e-3);
});

Deno.test("qSample: sqrt(abar) x0 + sqrt(1 - abar) noise per image", async () => {
  const s = noiseSchedule("linear", 1000);
  const x0 = new Rng(1).normal([3, 1, 5, 5]);
  const noise = new Rng(2).normal([3, 1, 5, 5]);
  const t = [0, 499, 999];
  const xt = qSample(s, x0, t, noise);
  const [a, b, got] = [await x0.data(), await noise.data(), await xt.data()];
  const want = Float64Array.from(got, (_, i) => {
    const acp = s.alphasCumprod[t[Math.floor(i / 25)]];
    return Math.sqrt(acp) * a[i] + Math.sqrt(1 - acp) * b[i];
  });
  assertClose(got, want, "qSample", 1e-5, 1e-6);
  dispose([x0, noise, xt]);
});

/** The exact denoiser of a data distribution that is one point x*: eps = (x - sqrt(abar) x*) / sqrt(1 - abar). */
function pointDenoiser(
  xstar: Tensor,
  schedule: ReturnType<typeof noiseSchedule>,
): Denoiser<Tensor[]> {
  const [, c, s] = xstar.shape;
  return {
    params: [],
    channels: c,
    size: s,
    classes: 3,
    predict: (_p, x, t) => {
      const acp = Array.from(t, (ti) => schedule.alphasCumprod[ti]);
      const scaled = mul(xstar, perImage(acp.map(Math.sqrt)));
      return mul(sub(x, scaled), perImage(acp.map((a) => 1 / Math.sqrt(1 - a))));
    },
  };
}

Deno.test("sample: DDPM and DDIM recover the data point under its exact denoiser", async () => {
  const s = noiseSchedule("linear", 1000);
  const xs = new Rng(3).uniform([2, 1, 6, 6]);
  const xstar = affine(xs, 1.6, -0.8); // inside [-1, 1]
  const den = pointDenoiser(xstar, s);
  const want = Float64Array.from(await xstar.data());
  for (const method of ["ddpm", "ddim"] as const) {
    const live = gpu().pool.stats().liveBuffers;
    const x = await sample(den, [], s, {
      labels: Int32Array.from([0, 1]),
      steps: 20,
      method,
      seed: 5,
    });
    assertClose(await x.data(), want, method, 1e-4, 1e-5);
    x.dispose();
    assert.equal(gpu().pool.stats().liveBuffers, live, `${method}: buffers leaked`);
  }
  dispose([xs, xstar]);
});

Deno.test("sample: guidance w.r.t. x0 moves the last step by eta * grad; w.r.t. x_t it flows through the model", async () => {
  const s = noiseSchedule("linear", 1000);
  const xstar = affine(new Rng(4).uniform([1, 1, 4, 4]), 1, -0.5);
  const den = pointDenoiser(xstar, s);
  const want = Float64Array.from(await xstar.data());
  const objective = (x: Tensor) => sum(x); // gradient 1 everywhere
  const last = { labels: Int32Array.from([2]), steps: 10, method: "ddim" as const, seed: 1 };
  const g0 = await sample(den, [], s, {
    ...last,
    guidance: { objective, scale: 0.25, wrt: "x0", window: [0, 0] },
  });
  assertClose(await g0.data(), want.map((v) => v + 0.25), "x0 guidance", 1e-4, 1e-5);
  // the exact denoiser's x0 does not depend on x_t, so the gradient through the model is 0
  const gt = await sample(den, [], s, {
    ...last,
    guidance: { objective, scale: 0.25, wrt: "xt", window: [0, 0] },
  });
  assertClose(await gt.data(), want, "xt guidance", 1e-4, 1e-5);
  await assert.rejects(
    sample(den, [], s, {
      ...last,
      guidance: { objective: (x) => sum(sqrt(affine(x, 0, -1))), scale: 1 },
    }),
    (e: unknown) => e instanceof GuidanceNaNError && e.step === 9 && e.image === 0 && e.label === 2,
  );
  await assert.rejects(
    sample(den, [], s, { labels: Int32Array.from([4]), steps: 2 }),
    /label 4 \(image 0\) is out of range: the model has 3 classes/,
  );
  dispose([g0, gt, xstar]);
});

Deno.test("sample: x0 guidance scaled by sqrt(alpha_bar_{t-1}); per-image RMS normalisation", async () => {
  const s = noiseSchedule("linear", 1000);
  const xstar = affine(new Rng(6).uniform([2, 1, 4, 4]), 1, -0.5);
  const den = pointDenoiser(xstar, s);
  const base = { labels: Int32Array.from([0, 1]), steps: 10, method: "ddim" as const, seed: 2 };
  const r = respace(s, 10);
  // guide the first step only (t of step 9 and above), and look at x right after it
  const first = r.timesteps[9] / 1000;
  const afterFirst = async (guidance?: Guidance) => {
    let seen: Float32Array | undefined;
    const x = await sample(den, [], s, {
      ...base,
      guidance,
      onStep: async (step, xi) => {
        if (step === 9) seen = (await xi.data()) as Float32Array;
      },
    });
    x.dispose();
    return seen!;
  };
  const objective = (x: Tensor) => sum(x); // gradient 1 everywhere
  const plain = await afterFirst();
  const raw = await afterFirst({ objective, scale: 0.5, wrt: "x0", window: [first, 1] });
  const scaled = await afterFirst({
    objective,
    scale: 0.5,
    wrt: "x0",
    window: [first, 1],
    scaleX0: true,
  });
  const k = Math.sqrt(r.alphasCumprod[8]);
  assertClose(raw, Array.from(plain, (v) => v + 0.5), "unscaled x0 step", 1e-4, 1e-5);
  assertClose(scaled, Array.from(plain, (v) => v + 0.5 * k), "scaled x0 step", 1e-4, 1e-5);
  // normalisation: gradient w (per pixel), step eta * w / rms(w) per image, at the last step
  const w = Float32Array.from({ length: 32 }, (_, i) => (i % 16) - 3 + (i >= 16 ? 10 : 0));
  const wt = fromArray(w, [2, 1, 4, 4]);
  const want = Float64Array.from(await xstar.data());
  const g = await sample(den, [], s, {
    ...base,
    guidance: {
      objective: (x: Tensor) => sum(mul(x, wt)),
      scale: 0.1,
      wrt: "x0",
      window: [0, 0],
      normalize: true,
    },
  });
  for (let img = 0; img < 2; img++) {
    const part = w.subarray(img * 16, img * 16 + 16);
    const rms = Math.sqrt(part.reduce((a, v) => a + v * v, 0) / 16);
    for (let j = 0; j < 16; j++) want[img * 16 + j] += (0.1 * part[j]) / rms;
  }
  assertClose(await g.data(), want, "per-image normalised step", 1e-4, 1e-5);
  dispose([g, wt, xstar]);
});

Deno.test("sample: classifier-free guidance extrapolates from the unconditional prediction", async () => {
  const s = noiseSchedule("linear", 1000);
  const rng = new Rng(8);
  const a = affine(rng.uniform([1, 1, 4, 4]), 0.4, -0.2); // the null class's point
  const b = affine(rng.uniform([1, 1, 4, 4]), 0.4, -0.2); // class 0's point
  const table = concat([reshape(b, [1, 16]), reshape(a, [1, 16])], 0);
  const den: Denoiser<Tensor[]> = {
    params: [],
    channels: 1,
    size: 4,
    classes: 1,
    predict: (_p, x, t, labels) => {
      const acp = Array.from(t, (ti) => s.alphasCumprod[ti]);
      const xstar = reshape(gather(table, labels!, 0), x.shape);
      return mul(
        sub(x, mul(xstar, perImage(acp.map(Math.sqrt)))),
        perImage(acp.map((v) => 1 / Math.sqrt(1 - v))),
      );
    },
  };
  const [av, bv] = [await a.data(), await b.data()];
  const x = await sample(den, [], s, {
    labels: Int32Array.from([0]),
    steps: 10,
    method: "ddim",
    cfg: 1.5,
  });
  assertClose(
    await x.data(),
    Float64Array.from(av, (v, i) => 2.5 * bv[i] - 1.5 * v),
    "cfg",
    1e-4,
    1e-5,
  );
  dispose([a, b, table, x]);
});

Deno.test("prior files: round trip, and weights that do not fit the config are named", async () => {
  const dir = await Deno.makeTempDir();
  const cfg = { channels: 1, size: 8, base: 8, mult: [1, 2], groups: 4, classes: 2 };
  const net = uNet(cfg, new Rng(0));
  const config = { unet: cfg, schedule: "linear" as const, T: 100, classNames: ["a", "b"] };
  await savePrior(`${dir}/p`, config, net.params, 7);
  const prior = await loadPrior(`${dir}/p.safetensors`);
  assert.equal(prior.step, 7);
  const x = new Rng(1).normal([2, 1, 8, 8]);
  const labels = fromArray([0, 1], [2], "i32");
  const a = await net.apply(
    net.params,
    x,
    (await import("../lib/nn/unet.ts")).timestepEmbedding([3, 4], 8),
    labels,
  ).data();
  const b = await prior.denoiser.predict(prior.denoiser.params, x, [3, 4], labels).data();
  assert.deepEqual(b, a);
  await savePrior(
    `${dir}/bad`,
    { ...config, unet: { ...cfg, base: 16, groups: 8 } },
    net.params,
    1,
  );
  await assert.rejects(
    loadPrior(`${dir}/bad.safetensors`),
    /bad\.safetensors: tensor "time\.fc1\.weight" has shape \[8,32\], the model expects \[16, 64\]|bad\.safetensors: tensor ".*" has shape/,
  );
  await assert.rejects(loadPrior(`${dir}/missing.safetensors`), /prior not found/);
  dispose([net.params, prior.denoiser.params, x, labels]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("train-prior: an interrupted run resumes to the same bits (also inside a learning-rate decay)", async () => {
  const dir = await Deno.makeTempDir();
  const base = defaults(PRIOR_SCHEMA);
  const cfg = (out: string, steps: number) => ({
    ...base,
    data: { name: "fashion-mnist", bundled: true },
    model: { ...base.model, base: 8, groups: 4, mult: [1, 2] },
    train: {
      ...base.train,
      batch: 4,
      steps,
      checkpointEvery: 2,
      logEvery: 1,
      warmup: 2,
      // a cosine decay from step 1 over 2 steps: the resumed steps 3 and 4 are at its end
      decayFrom: 1,
      decaySteps: 2,
      lrEnd: 1e-4,
    },
    out,
  });
  await trainPrior(cfg(`${dir}/a`, 4));
  await trainPrior(cfg(`${dir}/b`, 2));
  await trainPrior(cfg(`${dir}/b`, 4)); // resumes from step 2
  const [a, b] = [
    await readSafetensors(`${dir}/a/prior.safetensors`),
    await readSafetensors(`${dir}/b/prior.safetensors`),
  ];
  assert.ok(Object.keys(a.tensors).length > 10);
  assert.deepEqual(b.tensors, a.tensors);
  assert.equal(b.metadata.step, "4");
  const log = (await Deno.readTextFile(`${dir}/b/log.jsonl`)).trim().split("\n");
  assert.deepEqual(log.map((l) => JSON.parse(l).step), [1, 2, 3, 4]);
  // the logged learning rates are the schedule's: warm-up, then down the decay to lrEnd
  const lrs = log.map((l) => JSON.parse(l).lr as number);
  assert.deepEqual(lrs, [0, 1, 2, 3].map((k) => priorLearningRate(cfg("", 4).train, k)));
  assert.equal(lrs[3], 1e-4);
  // resuming on other data is refused, naming both (not an opaque loader error)
  const bundled = await loadDataset("fashion-mnist", "train", { bundled: true });
  await writeImageFolder(
    `${dir}/folder`,
    subsetDataset(bundled, Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7])),
  );
  await assert.rejects(
    () => trainPrior({ ...cfg(`${dir}/b`, 6), data: { name: `${dir}/folder`, bundled: false } }),
    /checkpoint was trained on \d+ images from .*, this run loads 8 from .*folder/,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("sampleToFolder: class-balanced batches, an interrupted run resumes to the same bytes, other settings are named", async () => {
  const dir = await Deno.makeTempDir();
  const cfg = { channels: 1, size: 8, base: 8, mult: [1, 2], groups: 4, classes: 2 };
  const net = uNet(cfg, new Rng(0));
  const config = { unet: cfg, schedule: "linear" as const, T: 100, classNames: ["a", "b/c"] };
  await savePrior(`${dir}/p`, config, net.params, 7);
  dispose(net.params);
  const prior = await loadPrior(`${dir}/p.safetensors`);
  const opts = { perClass: 3, steps: 3, batch: 5, seed: 4 };
  const whole = await sampleToFolder(prior, `${dir}/whole`, opts);
  // 2 per class per batch: batch 0 holds a a b b, batch 1 a b
  assert.deepEqual([...whole.labels], [0, 0, 1, 1, 0, 1]);
  assert.deepEqual(whole.classes, ["a", "b/c"]);
  assert.equal(whole.images.length, 6 * 64);
  const settings = JSON.parse(await Deno.readTextFile(`${dir}/whole/batch-001/sampling.json`));
  assert.deepEqual([settings.seed, settings.perClass, settings.priorStep], [5, 1, 7]);
  // "interrupted" after batch 0 (perClass 2 is batch 0 alone), then run again to the end
  await sampleToFolder(prior, `${dir}/resumed`, { ...opts, perClass: 2 });
  const flags: boolean[] = [];
  const resumed = await sampleToFolder(prior, `${dir}/resumed`, {
    ...opts,
    onBatch: (_done, _total, r) => flags.push(r),
  });
  assert.deepEqual(flags, [true, false]);
  assert.deepEqual(resumed.images, whole.images);
  assert.deepEqual(resumed.labels, whole.labels);
  // other settings, or a batch folder without its record, are errors that name the file
  await assert.rejects(
    sampleToFolder(prior, `${dir}/whole`, { ...opts, cfg: 1 }),
    /whole\/batch-000\/sampling\.json: this batch was sampled with cfg = 0, this run asks for 1/,
  );
  await Deno.remove(`${dir}/whole/batch-001/sampling.json`);
  await assert.rejects(
    sampleToFolder(prior, `${dir}/whole`, opts),
    /whole\/batch-001: exists but has no sampling\.json/,
  );
  dispose(prior.denoiser.params);
  await Deno.remove(dir, { recursive: true });
});
