/**
 * The TensorFlow.js 4.22 peers of `deno task bench-peers` (formerly `deno task bench-tfjs`):
 * `tfjs-webgpu` (tfjs-backend-webgpu, on this machine's adapter, with its own GPU device) and
 * `tfjs-wasm` (tfjs-backend-wasm, SIMD, single-threaded: its threaded build needs workers
 * with SharedArrayBuffer, which it does not get in Deno). A peer fails rather than fall
 * back to another backend. Timed as lib/bench/harness.ts times ours: warm-up, then the
 * median of several runs, each recording `reps` calls and ending with a readback of one
 * element of the last result (4 bytes, as ours), divided by `reps`.
 *
 * TF.js is NHWC (filters [kh, kw, in, out]), so the conv cases and the ConvNet run in that
 * layout (`"layout": "NHWC"` in their results); flops are counted as in
 * lib/bench/conv_cases.ts. TF.js is one global engine: both peers share it, each switching
 * the backend when it starts (they run one after the other).
 *
 * @example
 * const peer = await tfjsPeer("wasm");
 * console.log(await peer.run(peerCases(true)[0]));
 * @module
 */
// pinned here, not in deno.json's import map: only this comparison uses TF.js. The full
// package, not tfjs-core alone: only its bundle registers the gradients.
// deno-lint-ignore no-import-prefix
import * as tf from "npm:@tensorflow/tfjs@4.22.0";
// deno-lint-ignore no-import-prefix
import "npm:@tensorflow/tfjs-backend-webgpu@4.22.0";
// deno-lint-ignore no-import-prefix
import * as tfWasm from "npm:@tensorflow/tfjs-backend-wasm@4.22.0";
import { medianPerCall, type TimingOptions } from "../harness.ts";
import {
  CannotRun,
  caseRates,
  caseTiming,
  type ConvDims,
  type Peer,
  type PeerCase,
  type PeerResult,
  permute4,
} from "./peer.ts";

/** Median ms per call of `work`, timed like lib/bench/harness.ts timeGpu. */
async function timeTf(
  work: () => tf.Tensor,
  options: TimingOptions,
  log?: (line: string) => void,
): Promise<number> {
  const runOnce = async (reps: number) => {
    const t0 = performance.now();
    let last: tf.Tensor | undefined;
    for (let i = 0; i < reps; i++) {
      last?.dispose();
      last = tf.tidy(work);
    }
    // read back one element of the last result: the queue runs in order, so all is done
    const probe = tf.tidy(() => tf.slice(tf.reshape(last!, [-1]), 0, 1));
    await probe.data();
    tf.dispose([probe, last!]);
    const ms = performance.now() - t0;
    log?.(`  run: ${reps} x ${(ms / reps).toFixed(1)} ms`);
    return ms;
  };
  return await medianPerCall(runOnce, options);
}

/** The kernels each kind of case needs (TF.js wasm has no Conv2DBackpropFilter). */
const NEEDS: Record<string, string[]> = {
  matmul: ["BatchMatMul"],
  fwd: ["Conv2D"],
  dgrad: ["Conv2DBackpropInput"],
  wgrad: ["Conv2DBackpropFilter"],
  convnet: ["Conv2D", "Conv2DBackpropInput", "Conv2DBackpropFilter", "AvgPool", "AvgPoolGrad"],
};

function requireKernels(c: PeerCase, backend: string): void {
  const missing = NEEDS[c.kind === "conv" ? c.pass : c.kind]
    .filter((k) => tf.getKernel(k, backend) === undefined);
  if (missing.length) {
    throw new CannotRun(`TF.js ${backend} has no ${missing.join(", ")} kernel`);
  }
}

function normal<R extends tf.Rank>(shape: number[], seed: number): tf.Tensor<R> {
  return tf.randomNormal<tf.Rank>(shape, 0, 1, "float32", seed) as tf.Tensor<R>;
}

/** matmul_<n>: n x n by n x n. */
async function timeMatmul(n: number, opts: TimingOptions, log?: (l: string) => void) {
  const a = normal([n, n], 1), b = normal([n, n], 2);
  const ms = await timeTf(() => tf.matMul(a, b), opts, log);
  tf.dispose([a, b]);
  return ms;
}

/** conv2d 3x3, padding 1 ("same"), stride 1, NHWC: the forward pass or one backward kernel. */
async function timeConv(
  c: Extract<PeerCase, { kind: "conv" }>,
  opts: TimingOptions,
  log?: (l: string) => void,
): Promise<number> {
  const { n, size } = c, k = 3;
  const x = normal<tf.Rank.R4>([n, size, size, c.c], 1);
  const w = normal<tf.Rank.R4>([k, k, c.c, c.c], 2);
  const dy = normal<tf.Rank.R4>([n, size, size, c.c], 3);
  const work = {
    fwd: () => tf.conv2d(x, w, 1, "same"),
    // conv2dTranspose is TF.js's public name for the Conv2DBackpropInput kernel
    dgrad: () => tf.conv2dTranspose(dy, w, [n, size, size, c.c], 1, "same"),
    // Conv2DBackpropFilter has no public op; tf.grad would also run the forward pass
    wgrad: () =>
      tf.engine().runKernel("Conv2DBackpropFilter", { x, dy }, {
        strides: 1,
        pad: "same",
        dataFormat: "NHWC",
        filterShape: [k, k, c.c, c.c],
      }) as tf.Tensor,
  }[c.pass];
  const ms = await timeTf(work, opts, log);
  tf.dispose([x, w, dy]);
  return ms;
}

/** A trainable variable holding `init` (which it frees). */
function toVar(init: tf.Tensor): tf.Variable {
  const v = tf.variable(init);
  init.dispose();
  return v;
}

/** U(+-bound) as a trainable variable (PyTorch's default init, as lib/nn/init.ts). */
function uniformVar(shape: number[], bound: number, seed: number): tf.Variable {
  return toVar(tf.randomUniform(shape, -bound, bound, "float32", seed));
}

/**
 * ConvNet-3 as lib/nn/convnet.ts, in NHWC: 3 x [conv 3x3 (width 128; the first pads 28x28
 * input by 3) -> instance norm (tf.moments over H, W) -> ReLU -> 2x2 average pooling], then
 * a linear head to 10 classes; one Adam step (lr 0.01) on softmax cross-entropy.
 */
async function timeConvnet(
  batch: number,
  opts: TimingOptions,
  log?: (l: string) => void,
  width = 128,
  depth = 3,
): Promise<number> {
  let seed = 0;
  const blocks = Array.from({ length: depth }, (_, d) => {
    const cin = d === 0 ? 1 : width;
    const bound = 1 / Math.sqrt(cin * 9);
    return {
      w: uniformVar([3, 3, cin, width], bound, ++seed),
      b: uniformVar([width], bound, ++seed),
      gamma: toVar(tf.ones([width])),
      beta: toVar(tf.zeros([width])),
    };
  });
  // 28 + 2*3 - 2 = 32, pooled three times: 4 x 4
  let out = 32;
  for (let d = 0; d < depth; d++) out = Math.floor(out / 2);
  const features = width * out * out;
  const headW = uniformVar([features, 10], 1 / Math.sqrt(features), ++seed);
  const headB = uniformVar([10], 1 / Math.sqrt(features), ++seed);
  const x = normal<tf.Rank.R4>([batch, 28, 28, 1], 100);
  const labels = tf.tidy(() =>
    tf.oneHot(tf.tensor1d(Array.from({ length: batch }, (_, i) => i % 10), "int32"), 10)
  );
  const loss = () => {
    let h: tf.Tensor4D = x;
    blocks.forEach((p, d) => {
      const pad = d === 0 ? 3 : 1;
      h = tf.add(
        tf.conv2d(h, p.w as tf.Tensor4D, 1, [[0, 0], [pad, pad], [pad, pad], [0, 0]]),
        p.b,
      );
      const { mean, variance } = tf.moments(h, [1, 2], true);
      const normed = tf.mul(tf.sub(h, mean), tf.rsqrt(tf.add(variance, 1e-5)));
      h = tf.relu(tf.add(tf.mul(normed, p.gamma), p.beta));
      h = tf.avgPool(h, 2, 2, "valid");
    });
    const logits = tf.add(tf.matMul(tf.reshape(h, [batch, features]), headW), headB);
    return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
  };
  const opt = tf.train.adam(0.01);
  // the loss comes back before the update, but the readback waits for the whole queue
  const ms = await timeTf(() => opt.minimize(loss, true)!, opts, log);
  opt.dispose();
  tf.dispose([x, labels, headW, headB, ...blocks.flatMap((p) => Object.values(p))]);
  return ms;
}

let wasmPathsSet = false;

/** Makes `backend` TF.js's backend, or throws (no silent fall-back to cpu). */
async function useBackend(backend: "webgpu" | "wasm"): Promise<void> {
  if (tf.getBackend() === backend) return;
  if (backend === "wasm" && !wasmPathsSet) {
    wasmPathsSet = true;
    // Deno resolves the package to its Node build (dist/tf-backend-wasm.node.js), whose
    // directory also holds the .wasm files; give it their path on disk
    const entry = import.meta.resolve("npm:@tensorflow/tfjs-backend-wasm@4.22.0");
    tfWasm.setWasmPaths(decodeURIComponent(new URL(".", entry).pathname));
    tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
  }
  if (!(await tf.setBackend(backend)) || tf.getBackend() !== backend) {
    throw new Error(`the TF.js ${backend} backend failed to initialise (see above)`);
  }
  await tf.ready();
}

/**
 * Starts TF.js on `backend` and returns it as a peer (`tfjs-webgpu` or `tfjs-wasm`).
 *
 * @example
 * const peer = await tfjsPeer("webgpu");
 */
export async function tfjsPeer(backend: "webgpu" | "wasm"): Promise<Peer> {
  await useBackend(backend);
  const how = backend === "wasm"
    ? `, ${tf.env().getBool("WASM_HAS_SIMD_SUPPORT") ? "SIMD" : "no SIMD"}, ` +
      `single-threaded (${tfWasm.getThreadsCount()} thread)`
    : ", its own GPU device";
  const run = async (c: PeerCase, log?: (line: string) => void): Promise<PeerResult> => {
    await useBackend(backend); // the other TF.js peer may have switched it
    requireKernels(c, backend);
    const opts = caseTiming(c);
    const ms = c.kind === "matmul"
      ? await timeMatmul(c.n, opts, log)
      : c.kind === "conv"
      ? await timeConv(c, opts, log)
      : await timeConvnet(c.batch, opts, log);
    return {
      name: c.name,
      ms,
      ...caseRates(c, ms),
      ...(c.kind === "matmul" ? {} : { layout: "NHWC" }),
    };
  };
  return {
    name: backend === "webgpu" ? "tfjs-webgpu" : "tfjs-wasm",
    description: `tfjs ${tf.version.tfjs}, backend ${tf.getBackend()}${how}`,
    run,
    matmul: async (a, b, m, k, n) => {
      await useBackend(backend);
      const y = tf.tidy(() => tf.matMul(tf.tensor2d(a, [m, k]), tf.tensor2d(b, [k, n])));
      const out = await y.data<"float32">();
      y.dispose();
      return Float32Array.from(out);
    },
    conv2d: async (x: Float32Array, w: Float32Array, d: ConvDims) => {
      await useBackend(backend);
      const xs = permute4(x, [d.n, d.c, d.h, d.w], [0, 2, 3, 1]); // NCHW -> NHWC
      const ws = permute4(w, [d.o, d.c, d.k, d.k], [2, 3, 1, 0]); // OIHW -> HWIO
      const p = d.pad;
      const y = tf.tidy(() =>
        tf.conv2d(
          tf.tensor4d(xs, [d.n, d.h, d.w, d.c]),
          tf.tensor4d(ws, [d.k, d.k, d.c, d.o]),
          1,
          [[0, 0], [p, p], [p, p], [0, 0]],
        )
      );
      const [, oh, ow] = y.shape;
      const out = Float32Array.from(await y.data<"float32">());
      y.dispose();
      return permute4(out, [d.n, oh, ow, d.o], [0, 3, 1, 2]); // NHWC -> NCHW
    },
  };
}
