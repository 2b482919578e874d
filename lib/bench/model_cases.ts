/**
 * Benchmarks of whole training steps (and one epoch of the dsa evaluation protocol) and of
 * attention: each timed step is one submission with no readback inside it.
 */
import { valueAndGrad } from "../autodiff/grad.ts";
import { dispose, tidy, type Tree } from "../autodiff/scope.ts";
import { noGrad } from "../autodiff/tape.ts";
import { HostRng } from "../ops/host_rng.ts";
import type { Dataset } from "../data/dataset.ts";
import { EvalRun, evalSettings } from "../eval/evaluate.ts";
import { convNet } from "../nn/convnet.ts";
import { PRIOR_UNET, timestepEmbedding, uNet } from "../nn/unet.ts";
import { attention } from "../ops/attention.ts";
import { add, sub } from "../ops/binary.ts";
import { fromArray } from "../ops/creation.ts";
import { crossEntropy } from "../ops/loss.ts";
import { Rng } from "../ops/random.ts";
import { mean, sum } from "../ops/reduce.ts";
import { affine, square } from "../ops/unary.ts";
import { Adam } from "../optim/adam.ts";
import type { Tensor } from "../tensor.ts";
import type { BenchCase } from "./cases.ts";
import { timeGpu } from "./harness.ts";

/** Median ms of one Adam training step (loss, backward, update) recorded as one submission. */
async function timeTrainStep<P extends Tree>(
  params: P,
  lr: number,
  loss: (p: P) => Tensor,
): Promise<number> {
  const opt = new Adam(params, { lr });
  const step = valueAndGrad(loss);
  const ms = await timeGpu(() => {
    const { value, grads } = step(params);
    opt.step(params, grads);
    dispose(grads);
    return value;
  }, { runs: 3, reps: 1, warmup: 1 });
  opt.dispose();
  return ms;
}

/**
 * `convnet3_train_b<batch>`: one Adam step (lr 0.01) of ConvNet-3 (width 128) on a batch of
 * 28 x 28 single-channel images, cross-entropy over 10 classes.
 *
 * @example
 * const r = await convnetTrainCase(16).run(); // { name: "convnet3_train_b16", ms, images_per_s }
 */
export function convnetTrainCase(batch: number): BenchCase {
  const name = `convnet3_train_b${batch}`;
  return {
    name,
    run: async () => {
      const rng = new Rng(0);
      const net = convNet({ channels: 1, size: 28, classes: 10 }, rng);
      const x = rng.normal([batch, 1, 28, 28]);
      const y = fromArray(Array.from({ length: batch }, (_, i) => i % 10), [batch], "i32");
      const ms = await timeTrainStep(net.params, 0.01, (p) => crossEntropy(net.apply(p, x), y));
      dispose([net.params, x, y]);
      return { name, ms, images_per_s: batch / (ms / 1000) };
    },
  };
}

const evalDsaEpoch: BenchCase = {
  name: "eval_dsa_ipc10_epoch",
  run: async () => {
    // one pass of the dsa protocol's training (lib/eval/protocol.ts) over an IPC-10 set of
    // Fashion-MNIST's shape: 100 images in one batch, DSA augmentation (one transform per
    // batch, drawn afresh each pass), ConvNet-3 width 128, SGD
    const rand = new HostRng(0);
    const train: Dataset = {
      images: Float32Array.from(rand.uniform(100 * 28 * 28)),
      labels: Int32Array.from({ length: 100 }, (_, i) => i % 10),
      n: 100,
      channels: 1,
      height: 28,
      width: 28,
      classes: Array.from({ length: 10 }, (_, i) => String(i)),
    };
    const run = new EvalRun(
      train,
      evalSettings(10, { protocol: "dsa", runs: 1 }),
      0,
      { mean: [0.5], std: [0.29] },
    );
    const ms = await timeGpu(() => {
      run.trainPass(false);
    }, { runs: 5, reps: 1, warmup: 1 });
    run.dispose();
    return { name: "eval_dsa_ipc10_epoch", ms, images_per_s: 100 / (ms / 1000) };
  },
};

const unetTrain: BenchCase = {
  name: "unet_train_b64",
  run: async () => {
    const rng = new Rng(0);
    const net = uNet(PRIOR_UNET, rng);
    const x = rng.normal([64, 1, 28, 28]);
    const noise = rng.normal([64, 1, 28, 28]);
    const temb = timestepEmbedding(
      Array.from({ length: 64 }, (_, i) => (i * 15) % 1000),
      PRIOR_UNET.base!,
    );
    const labels = fromArray(Array.from({ length: 64 }, (_, i) => i % 11), [64], "i32");
    const ms = await timeTrainStep(
      net.params,
      2e-4,
      (p) => mean(square(sub(net.apply(p, x, temb, labels, rng), noise))),
    );
    dispose([net.params, x, noise, temb, labels]);
    return { name: "unet_train_b64", ms, images_per_s: 64 / (ms / 1000) };
  },
};

const unetSampleStep: BenchCase = {
  name: "unet_sample_step_b100",
  run: async () => {
    const rng = new Rng(0);
    const net = uNet(PRIOR_UNET, rng);
    const x = rng.normal([100, 1, 28, 28]);
    const labels = fromArray(Array.from({ length: 100 }, (_, i) => i % 10), [100], "i32");
    const temb = timestepEmbedding(new Array(100).fill(500), PRIOR_UNET.base!);
    // one denoising step: the U-Net's noise prediction and the DDPM update
    const ms = await timeGpu(
      () =>
        noGrad(() =>
          tidy(() => add(affine(x, 1.01), affine(net.apply(net.params, x, temb, labels), -0.02)))
        ),
      { runs: 3, reps: 1, warmup: 1 },
    );
    dispose([net.params, x, labels, temb]);
    return { name: "unet_sample_step_b100", ms, images_per_s: 100 / (ms / 1000) };
  },
};

const attentionCase: BenchCase = {
  name: "attention_fwd_bwd_t196_d64",
  run: async () => {
    const rng = new Rng(0);
    // batch 8, 4 heads, 196 tokens (14x14), head size 64
    const [q, k, v] = [
      rng.normal([8, 4, 196, 64]),
      rng.normal([8, 4, 196, 64]),
      rng.normal([8, 4, 196, 64]),
    ];
    const f = valueAndGrad((p: Tensor[]) => sum(attention(p[0], p[1], p[2])));
    const ms = await timeGpu(() => {
      const { value, grads } = f([q, k, v]);
      dispose(grads);
      return value;
    }, { runs: 5 });
    dispose([q, k, v]);
    return { name: "attention_fwd_bwd_t196_d64", ms, batch_heads: 32 };
  },
};

/** Whole-model and attention cases. */
export const MODEL_BENCH_CASES: BenchCase[] = [
  attentionCase,
  convnetTrainCase(256),
  evalDsaEpoch,
  unetTrain,
  unetSampleStep,
];
