/**
 * The variational estimator (VE) of IGDS (paper section 3.1, eq. 16, Algorithm 2): an encoder
 * f and a linear classifier g that give the estimates I(X;Y) >= H(Y_hat) + E log P(y | y_hat)
 * (eq. 7) and H(X|Y) >= E KL(softmax(f(x)_hat / tau) || Q^y) (eq. 12) that guide sampling.
 *
 * Input space: images in [-1, 1] (pixel * 2 - 1), NCHW, the space the diffusion prior samples
 * in, so that IGDS applies f to samples directly.
 *
 * Encoder f: ConvNet-D (width, depth from the config; instance norm; every ReLU replaced by
 * SoftPlus(beta = 3); 2x2 average pooling) followed by a linear projection to `dim` features:
 * q = f(x) [n, dim]. Everything that reads the features uses q_hat = q / |q| (InfoNCE only
 * constrains directions, so the norm of q is free to drift and carries nothing).
 *
 * Training (Algorithm 2), one GPU submission per step, the losses read back every
 * `train.logEvery` steps:
 * 1. x_q, x_k = two random resized crops (scale `train.cropScale`) with horizontal flips of x;
 * 2. q = f(x_q); k = f_m(x_k) with the momentum encoder f_m (no gradient);
 * 3. Q^y <- decay Q^y + (1 - decay) mean over the class-y rows of the batch of
 *    softmax(q_hat / tau) and softmax(k_hat / tau) (detached; `train.qDecay`, uniform at start);
 * 4. loss = mean InfoNCE(q, k, queue, tau) - lambda mean KL(softmax(q_hat / tau) || Q^y):
 *    the KL is subtracted (maximised), as Algorithm 2 line 11 writes it: it rewards spread
 *    inside each class, I(X; X_hat | Y) of Theorem 1;
 * 5. Adam step on f; f_m <- m f_m + (1 - m) f (a constant m, no warm-up); the batch's k_hat
 *    replace the oldest keys of the FIFO queue (a buffer copy on the GPU).
 *
 * Then f is frozen, q_hat is computed for the whole (unaugmented) training set, g is trained
 * on q_hat with cross-entropy (Adam), and Q^y is recomputed exactly as the class means of
 * softmax(q_hat / tau) with the final encoder.
 *
 * Estimates (in nats) on a data set, {@link estimateInformation}:
 * - H(Y_hat): entropy of the mean predicted class distribution mean_x softmax(g(f(x)));
 * - E log P: mean over samples of log softmax(g(f(x)))[y] (the one-hot reading of eq. 5);
 * - I = H(Y_hat) + E log P (eq. 7); H(Y), the entropy of the labels, for comparison;
 * - H = mean over samples of KL(softmax(q_hat / tau) || Q^y) (eq. 12);
 * - the rank of g's weight [classes, dim] (Proposition 1).
 *
 * @example
 * const cfg = validateConfig(VE_SCHEMA, { train: { epochs: 5 } });
 * const ve = await trainVE(await loadDataset("fashion-mnist", "train", { bundled: true }), cfg);
 * const est = await estimateInformation(ve, await loadDataset("fashion-mnist", "test"));
 * await saveVE("runs/ve/ve.safetensors", ve);
 * disposeVE(ve);
 * @module
 */
import { valueAndGrad } from "../autodiff/grad.ts";
import { dispose, keep, leaves, tidy } from "../autodiff/scope.ts";
import { noGrad } from "../autodiff/tape.ts";
import { cropFlipMatrices } from "../data/augment.ts";
import { HostRng } from "../ops/host_rng.ts";
import { affineResample } from "../ops/resample.ts";
import { type Dataset } from "../data/dataset.ts";
import { Loader, signedRange } from "../data/loader.ts";
import { Ema } from "../diffusion/ema.ts";
import { gpu } from "../gpu/gpu.ts";
import { validateConfig } from "../io/schema.ts";
import { type ConvNetParams } from "../nn/convnet.ts";
import { linear, linearLayer, type LinearParams } from "../nn/layers.ts";
import type { Model } from "../nn/model.ts";
import { add, mul, sub } from "../ops/binary.ts";
import { fromArray, full, zeros } from "../ops/creation.ts";
import { infoNce, l2Normalize } from "../ops/infonce.ts";
import { crossEntropy } from "../ops/loss.ts";
import { matmul } from "../ops/matmul.ts";
import { Rng } from "../ops/random.ts";
import { mean } from "../ops/reduce.ts";
import { concat, gather, slice } from "../ops/shape.ts";
import { softmax } from "../ops/softmax.ts";
import { klToGiven } from "../ops/softmax_kl.ts";
import { log as logOp } from "../ops/unary.ts";
import { Adam } from "../optim/adam.ts";
import { Tensor } from "../tensor.ts";

export { entropy, matrixRank } from "./ve_rank.ts";
export * from "./ve_model.ts";
export * from "./ve_estimates.ts";
export * from "./ve_codec.ts";
import {
  checkDataset,
  CHUNK,
  encoderModel,
  swap,
  type TrainVEOptions,
  uploadImages,
  type VarEstimator,
  VE_SCHEMA,
  type VEConfig,
  type VELogLine,
} from "./ve_model.ts";

/**
 * Trains the VE on `train` (images in [0, 1] as loaded; mapped to [-1, 1] here): the encoder
 * by Algorithm 2, then the linear classifier on the frozen features, then the exact Q^y.
 * A NaN or infinite loss stops training with the step named.
 *
 * @example
 * const cfg = validateConfig(VE_SCHEMA, { encoder: { width: 32 }, train: { epochs: 10 } });
 * const ve = await trainVE(train, cfg, { log: console.log });
 */
export async function trainVE(
  train: Dataset,
  config: VEConfig,
  opts: TrainVEOptions = {},
): Promise<VarEstimator> {
  const log = opts.log ?? (() => {});
  checkDataset("trainVE", train);
  const c = validateConfig(VE_SCHEMA, config, "trainVE config");
  const t = c.train;
  const B = t.batch;
  if (train.n < B) {
    throw new Error(`trainVE: ${train.n} images make no batch of ${B}; lower train.batch`);
  }
  if (t.cropScale.length !== 2 || !(t.cropScale[0] > 0 && t.cropScale[0] <= t.cropScale[1])) {
    throw new Error(
      `trainVE: train.cropScale must be [lo, hi] with 0 < lo <= hi, got [${t.cropScale}]`,
    );
  }
  const C = train.classes.length;
  const dim = c.encoder.dim;
  const size = train.height;
  const tau = t.tau;
  const perEpoch = Math.floor(train.n / B);
  const total = t.steps > 0 ? t.steps : t.epochs * perEpoch;
  const K = Math.floor(Math.min(t.queue, train.n) / B) * B;

  const rng = new Rng(t.seed);
  const model = encoderModel(c, train.channels, size, rng);
  const params = keep(model.params);
  // f_m.params = f.params (line 2); a huge update count turns the Ema warm-up off: constant m
  const ema = new Ema(params, t.momentum, 1e15);
  const queue = keep(tidy(() => l2Normalize(rng.normal([K, dim]))));
  let Q = keep(full([C, dim], 1 / dim)); // running Q^y as probabilities
  const window = keep(zeros([t.logEvery * 3])); // loss, nce, kl per step of a log window
  const opt = new Adam(params, { lr: t.lr });
  const loader = new Loader(train, {
    batchSize: B,
    seed: t.seed,
    dropLast: true,
    normalize: signedRange(train.channels),
  });
  const augRng = new HostRng(t.seed + 1);
  const cropOpts = { scale: [t.cropScale[0], t.cropScale[1]] as [number, number] };
  const nParams = leaves(params).reduce((a, x) => a + x.size, 0);
  log(
    `VE encoder: ConvNet-${c.encoder.depth} width ${c.encoder.width} softplus(3) -> ${dim}, ` +
      `${nParams} parameters; ${train.n} images ${train.channels}x${size}x${size}, ${C} classes; ` +
      `${total} steps of batch ${B}, queue ${K}, tau ${tau}, lambda ${t.lambda}`,
  );

  const lossAndGrad = valueAndGrad((
    p: ConvNetParams,
    xq: Tensor,
    k: Tensor,
    khat: Tensor,
    labels: Tensor,
    w: Tensor,
    r: Tensor,
    slot: number,
  ) => {
    const q = model.apply(p, xq);
    const qhat = l2Normalize(q);
    const nce = mean(infoNce(q, k, queue, tau));
    const logQ = noGrad(() => {
      // Q^y <- r_y Q^y + sum_i w_yi softmax(z_i / tau) over the q_hat and k_hat rows
      const probs = softmax(mul(concat([qhat, khat], 0), 1 / tau));
      Q = swap(Q, add(mul(Q, r), matmul(w, probs)));
      return logOp(Q);
    });
    const kl = mean(klToGiven(qhat, logQ, labels, tau));
    gpu().copy(nce.buffer, 0, window.buffer, (slot * 3 + 1) * 4, 4);
    gpu().copy(kl.buffer, 0, window.buffer, (slot * 3 + 2) * 4, 4);
    return sub(nce, mul(kl, t.lambda));
  });

  let ptr = 0;
  const step = (s: number): number =>
    tidy(() => {
      // host uploads first: the first one submits the previous step, the rest queue writes,
      // so every dispatch of this step lands in one command buffer
      const batch = loader.next();
      const y = Int32Array.from(batch.indices, (i) => train.labels[i]);
      const mq = fromArray(cropFlipMatrices(B, size, size, augRng, cropOpts), [B, 2, 3]);
      const mk = fromArray(cropFlipMatrices(B, size, size, augRng, cropOpts), [B, 2, 3]);
      const counts = new Array<number>(C).fill(0);
      for (const l of y) counts[l]++;
      const wHost = new Float32Array(C * 2 * B);
      for (let i = 0; i < 2 * B; i++) {
        const l = y[i % B];
        wHost[l * 2 * B + i] = (1 - t.qDecay) / (2 * counts[l]);
      }
      const w = fromArray(wHost, [C, 2 * B]);
      const r = fromArray(counts.map((n) => (n > 0 ? t.qDecay : 1)), [C, 1]);
      // GPU work of the step
      const xq = affineResample(batch.images, mq, { padding: "border" });
      const xk = affineResample(batch.images, mk, { padding: "border" });
      const { k, khat } = noGrad(() => {
        const k = model.apply(ema.params, xk);
        return { k, khat: l2Normalize(k) };
      });
      const slot = (s - 1) % t.logEvery;
      const { value, grads } = lossAndGrad(params, xq, k, khat, batch.labels, w, r, slot);
      gpu().copy(value.buffer, 0, window.buffer, slot * 3 * 4, 4);
      opt.step(params, grads);
      ema.update(params); // line 14
      gpu().copy(khat.buffer, 0, queue.buffer, ptr * dim * 4, B * dim * 4); // lines 15-16
      ptr = (ptr + B) % K;
      return batch.epoch;
    });

  const history: VELogLine[] = [];
  let pending: { step: number; epoch: number }[] = [];
  let windowStart = performance.now();
  let steps = 0;
  try {
    for (let s = 1; s <= total && !opts.signal?.aborted; s++) {
      const epoch = step(s);
      steps = s;
      pending.push({ step: s, epoch });
      opts.onStep?.(s);
      if (s % t.logEvery === 0 || s === total || opts.signal?.aborted) {
        const v = (await window.data()) as Float32Array;
        const seconds = (performance.now() - windowStart) / 1000;
        pending.forEach((p, i) => {
          const line = {
            step: p.step,
            epoch: p.epoch,
            loss: v[3 * i],
            nce: v[3 * i + 1],
            kl: v[3 * i + 2],
          };
          if (![line.loss, line.nce, line.kl].every(Number.isFinite)) {
            throw new Error(
              `trainVE: loss is ${line.loss} at step ${p.step} (InfoNCE ${line.nce}, KL ${line.kl})`,
            );
          }
          history.push(line);
        });
        const last = history.at(-1)!;
        log(
          `step ${s}/${total} epoch ${last.epoch} loss ${last.loss.toFixed(4)} ` +
            `InfoNCE ${last.nce.toFixed(4)} KL ${last.kl.toFixed(4)} ` +
            `${((pending.length * B) / seconds).toFixed(1)} img/s`,
        );
        pending = [];
        windowStart = performance.now();
      }
    }
    if (opts.signal?.aborted) log(`encoder training stopped at step ${steps} (aborted)`);
  } catch (e) {
    dispose(params);
    throw e;
  } finally {
    ema.dispose();
    opt.dispose();
    dispose([queue, Q, window]);
  }

  // the classifier on frozen features, and the exact Q^y
  let feats: Tensor | null = null;
  try {
    feats = encodeDataset(model, params, train);
    const classifier = await trainClassifier(feats, train, c, log, opts.signal);
    const logQ = exactLogQ(feats, train.labels, C, tau);
    return {
      config: c,
      channels: train.channels,
      size,
      classes: C,
      classNames: [...train.classes],
      featureSize: dim,
      tau,
      model,
      encoder: params,
      classifier,
      logQ,
      steps,
      history,
    };
  } catch (e) {
    dispose(params);
    throw e;
  } finally {
    feats?.dispose();
  }
}

/** q_hat of every image of `ds` (no gradient), [n, dim], kept. */
function encodeDataset(model: Model<ConvNetParams>, params: ConvNetParams, ds: Dataset): Tensor {
  const dim = params.head.weight.shape[0];
  const out = keep(new Tensor([ds.n, dim]));
  for (let start = 0; start < ds.n; start += CHUNK) {
    const m = Math.min(CHUNK, ds.n - start);
    tidy(() =>
      noGrad(() => {
        const qhat = l2Normalize(model.apply(params, uploadImages(ds, start, m)));
        gpu().copy(qhat.buffer, 0, out.buffer, start * dim * 4, m * dim * 4);
      })
    );
  }
  return out;
}

/** Trains g (dim -> classes) on the frozen q_hat with cross-entropy and Adam. */
async function trainClassifier(
  feats: Tensor,
  ds: Dataset,
  c: VEConfig,
  log: (line: string) => void,
  signal?: AbortSignal,
): Promise<LinearParams> {
  const [n, dim] = feats.shape;
  const C = ds.classes.length;
  const cb = Math.min(c.classifier.batch, n);
  const g = keep(linearLayer(dim, C, new Rng(c.train.seed + 2)));
  const opt = new Adam(g, { lr: c.classifier.lr });
  const order = new HostRng(c.train.seed + 3);
  const labels = keep(fromArray(ds.labels, [n], "i32"));
  let total = keep(zeros([]));
  const ceGrad = valueAndGrad((p: LinearParams, x: Tensor, y: Tensor) =>
    crossEntropy(linear(p, x), y)
  );
  try {
    for (let e = 0; e < c.classifier.epochs && !signal?.aborted; e++) {
      const perm = order.permutation(n);
      for (let start = 0; start < n; start += cb) {
        const m = Math.min(cb, n - start);
        tidy(() => {
          const idx = fromArray(perm.subarray(start, start + m), [m], "i32");
          const { value, grads } = ceGrad(g, gather(feats, idx, 0), gather(labels, idx, 0));
          opt.step(g, grads);
          total = swap(total, add(total, mul(value, m)));
        });
      }
      if (e === c.classifier.epochs - 1 || (e + 1) % 10 === 0) {
        const loss = (await total.item()) / n;
        if (!Number.isFinite(loss)) {
          throw new Error(`trainVE: classifier loss is ${loss} in epoch ${e + 1}`);
        }
        log(`classifier epoch ${e + 1}/${c.classifier.epochs} cross-entropy ${loss.toFixed(4)}`);
      }
      total = swap(total, zeros([]));
    }
    return g;
  } catch (err) {
    dispose(g);
    throw err;
  } finally {
    opt.dispose();
    dispose([labels, total]);
  }
}

/** log Q^y: the class means of softmax(q_hat / tau) (uniform for a class with no example). */
function exactLogQ(feats: Tensor, labels: Int32Array, classes: number, tau: number): Tensor {
  const [n, dim] = feats.shape;
  const counts = new Array<number>(classes).fill(0);
  for (const l of labels) counts[l]++;
  let acc = keep(fromArray(
    Float32Array.from(
      { length: classes * dim },
      (_, i) => (counts[Math.floor(i / dim)] ? 0 : 1 / dim),
    ),
    [classes, dim],
  ));
  for (let start = 0; start < n; start += CHUNK) {
    const m = Math.min(CHUNK, n - start);
    const w = new Float32Array(classes * m);
    for (let i = 0; i < m; i++) {
      const l = labels[start + i];
      w[l * m + i] = 1 / counts[l];
    }
    tidy(() => {
      const probs = softmax(mul(slice(feats, [start, 0], [m, dim]), 1 / tau));
      acc = swap(acc, add(acc, matmul(fromArray(w, [classes, m]), probs)));
    });
  }
  const logQ = keep(logOp(acc));
  acc.dispose();
  return logQ;
}

/**
 * Frees the VE's GPU tensors.
 *
 * @example
 * disposeVE(ve);
 */
export function disposeVE(ve: VarEstimator): void {
  dispose([ve.encoder, ve.classifier, ve.logQ]);
}
