/**
 * What a trained VE measures: features and classifier logits of images (differentiable, for
 * guidance), the rank check of Proposition 1, and the I(X;Y) and H(X|Y) estimates of a data
 * set (eq. 7 and 12).
 *
 * @example
 * const est = await estimateInformation(ve, test);
 * @module
 */
import { dispose, keep, tidy } from "../autodiff/scope.ts";
import { noGrad } from "../autodiff/tape.ts";
import { classCounts, type Dataset } from "../data/dataset.ts";
import { Loader, signedRange } from "../data/loader.ts";
import { linear } from "../nn/layers.ts";
import { add, equal } from "../ops/binary.ts";
import { cast, fromArray, zeros } from "../ops/creation.ts";
import { l2Normalize } from "../ops/infonce.ts";
import { crossEntropy } from "../ops/loss.ts";
import { argmax, sum } from "../ops/reduce.ts";
import { softmax } from "../ops/softmax.ts";
import { klToGiven } from "../ops/softmax_kl.ts";
import { shapeText, Tensor } from "../tensor.ts";
import { entropy, matrixRank } from "./ve_rank.ts";

import {
  checkDataset,
  CHUNK,
  type InformationEstimates,
  swap,
  uploadImages,
  type VarEstimator,
} from "./ve_model.ts";

/**
 * The encoder's features q = f(x) [n, dim] for images `x` [n, C, H, W] in [-1, 1];
 * differentiable with respect to `x` (use inside `valueAndGrad`). Softmax-based terms use
 * `l2Normalize(q)` with the VE's `tau`, as training did.
 *
 * @example
 * const kl = klToGroupMean(l2Normalize(veFeatures(ve, x)), ipc, ve.tau);
 */
export function veFeatures(ve: VarEstimator, x: Tensor): Tensor {
  checkInput("veFeatures", ve, x);
  return ve.model.apply(ve.encoder, x);
}

/**
 * Classifier logits g(f(x)) = W l2Normalize(f(x)) + b, [n, classes], for images in [-1, 1];
 * differentiable with respect to `x`.
 *
 * @example
 * const logP = logSoftmax(veLogits(ve, x));   // log P(y | y_hat) per class
 */
export function veLogits(ve: VarEstimator, x: Tensor): Tensor {
  return tidy(() => linear(ve.classifier, l2Normalize(veFeatures(ve, x))));
}

function checkInput(op: string, ve: VarEstimator, x: Tensor): void {
  if (
    x.rank !== 4 || x.shape[1] !== ve.channels || x.shape[2] !== ve.size ||
    x.shape[3] !== ve.size
  ) {
    throw new Error(
      `${op}: expected images [n, ${ve.channels}, ${ve.size}, ${ve.size}], got ${
        shapeText(x.shape)
      }`,
    );
  }
}

/**
 * The rank check of Proposition 1: rank of g's weight [classes, dim] (float64 Gaussian
 * elimination, see {@link matrixRank}); full when it equals min(classes, dim).
 *
 * @example
 * const { rank, full } = await classifierRank(ve);   // e.g. { rank: 10, full: true }
 */
export async function classifierRank(ve: VarEstimator): Promise<{ rank: number; full: boolean }> {
  const [rows, cols] = ve.classifier.weight.shape;
  const rank = matrixRank(await ve.classifier.weight.data(), rows, cols);
  return { rank, full: rank === Math.min(rows, cols) };
}

/**
 * The VE's estimates on a data set (images in [0, 1] as loaded), in nats: accuracy, the
 * I(X;Y) bound of eq. (7) with its parts, H(Y), the H(X|Y) estimate of eq. (12), and the
 * classifier's rank. Reads back once at the end.
 *
 * @example
 * const est = await estimateInformation(ve, test);
 * console.log(est.accuracy, est.I, est.H, est.rank.full);
 */
export async function estimateInformation(
  ve: VarEstimator,
  ds: Dataset,
): Promise<InformationEstimates> {
  checkDataset("estimateInformation", ds);
  if (
    ds.channels !== ve.channels || ds.height !== ve.size || ds.classes.length !== ve.classes
  ) {
    throw new Error(
      `estimateInformation: the data (${ds.channels}x${ds.height}x${ds.width}, ${ds.classes.length} ` +
        `classes) do not fit the VE (${ve.channels}x${ve.size}x${ve.size}, ${ve.classes} classes)`,
    );
  }
  const C = ve.classes;
  let ce = keep(zeros([]));
  let correct = keep(zeros([]));
  let kl = keep(zeros([]));
  let probs = keep(zeros([C]));
  try {
    for (let start = 0; start < ds.n; start += CHUNK) {
      const m = Math.min(CHUNK, ds.n - start);
      tidy(() =>
        noGrad(() => {
          const x = uploadImages(ds, start, m);
          const y = fromArray(ds.labels.subarray(start, start + m), [m], "i32");
          const qhat = l2Normalize(ve.model.apply(ve.encoder, x));
          const logits = linear(ve.classifier, qhat);
          ce = swap(ce, add(ce, crossEntropy(logits, y, "sum")));
          const hit = equal(cast(argmax(logits, 1), "f32"), cast(y, "f32"));
          correct = swap(correct, add(correct, sum(hit)));
          probs = swap(probs, add(probs, sum(softmax(logits, 1), 0)));
          kl = swap(kl, add(kl, sum(klToGiven(qhat, ve.logQ, y, ve.tau))));
        })
      );
    }
    const n = ds.n;
    const ElogP = -(await ce.item()) / n;
    const HYhat = entropy(await probs.data());
    const H = (await kl.item()) / n;
    const accuracy = (await correct.item()) / n;
    return {
      n,
      accuracy,
      I: HYhat + ElogP,
      H,
      HY: entropy(classCounts(ds)),
      HYhat,
      ElogP,
      rank: await classifierRank(ve),
    };
  } finally {
    dispose([ce, correct, kl, probs]);
  }
}

/**
 * Per training image: kl = KL(softmax(q_hat / tau) || Q^y) (the VE's logQ), the VE's predicted
 * class argmax g(f(x)), and whether it equals the label. Images are mapped to [-1, 1].
 *
 * @example
 * const { kl, correct } = await veKlAndCorrect(ve, train);
 */
export async function veKlAndCorrect(
  ve: VarEstimator,
  ds: Dataset,
): Promise<{ kl: Float64Array; predicted: Int32Array; correct: Uint8Array }> {
  if (ds.channels !== ve.channels || ds.height !== ve.size || ds.width !== ve.size) {
    throw new Error(
      `veKlAndCorrect: the VE takes ${ve.channels}x${ve.size}x${ve.size} images, the data are ` +
        `${ds.channels}x${ds.height}x${ds.width}`,
    );
  }
  if (ds.classes.length !== ve.classes) {
    throw new Error(
      `veKlAndCorrect: the VE has ${ve.classes} classes, the data ${ds.classes.length}`,
    );
  }
  const loader = new Loader(ds, {
    batchSize: 256,
    shuffle: false,
    normalize: signedRange(ds.channels),
  });
  const kl = new Float64Array(ds.n);
  const predicted = new Int32Array(ds.n);
  let at = 0;
  for (let b = 0; b < loader.batchesPerEpoch; b++) {
    const batch = loader.next();
    const out = noGrad(() =>
      tidy(() => {
        const q = l2Normalize(veFeatures(ve, batch.images));
        return {
          kl: klToGiven(q, ve.logQ, batch.labels, ve.tau),
          pred: argmax(linear(ve.classifier, q), 1),
        };
      })
    );
    kl.set((await out.kl.data()) as Float32Array, at);
    predicted.set((await out.pred.data()) as Int32Array, at);
    at += batch.images.shape[0];
    dispose([out, batch.images, batch.labels]);
  }
  const correct = Uint8Array.from(predicted, (p, i) => (p === ds.labels[i] ? 1 : 0));
  return { kl, predicted, correct };
}
