/**
 * deno task bench-tfjs [--json] [--filter SUBSTRING]
 *
 * The comparison benchmark: TensorFlow.js 4.22 with its WebGPU backend (tfjs-backend-webgpu;
 * the run fails rather than fall back to another backend) on this machine's adapter, for the
 * cases of `deno task bench` that it can run: matmul_512, matmul_1024, the three conv2d
 * passes and one ConvNet-3 Adam step. Timed as lib/bench/harness.ts times ours: warm-up,
 * then the median of several runs, each recording `reps` calls and ending with a readback
 * of one element of the last result (4 bytes, as ours), divided by `reps`.
 *
 * TF.js is NHWC (filters [kh, kw, in, out]), so the conv cases and the ConvNet run in that
 * layout (`"layout": "NHWC"` in their lines); flops are counted as in lib/bench/conv_cases.ts.
 * Prints a table (adapter, TF.js version and the backend that ran), or with --json one
 * JSON object per line: {"name", "ms", "gflops" | "images_per_s", "adapter", "library", ...}.
 * Hidden flags: `--small` shrinks every shape for a quick smoke test; `--verbose` prints each
 * timed run to stderr (a full-size case can take minutes on a CPU adapter).
 */
import { handleErrors, taskArgs } from "../lib/io/cli.ts";
import { parseArgs } from "node:util";
// pinned here, not in deno.json's import map: only this comparison uses TF.js. The full
// package, not tfjs-core alone: only its bundle registers the gradients.
// deno-lint-ignore no-import-prefix
import * as tf from "npm:@tensorflow/tfjs@4.22.0";
// deno-lint-ignore no-import-prefix
import "npm:@tensorflow/tfjs-backend-webgpu@4.22.0";
import { describeAdapter, hostBackend } from "../lib/gpu/adapter.ts";
import { medianPerCall, type TimingOptions } from "../lib/bench/harness.ts";

handleErrors();

const { values } = parseArgs({
  args: taskArgs(),
  options: {
    json: { type: "boolean", default: false },
    filter: { type: "string" },
    small: { type: "boolean", default: false },
    verbose: { type: "boolean", default: false },
  },
});
const { small, verbose } = values;

/** One result line, as lib/bench/harness.ts BenchResult. */
interface Result {
  name: string;
  ms: number;
  [field: string]: number | string;
}

/** A named comparison case. */
interface TfCase {
  name: string;
  run: () => Promise<Result>;
}

/** Median ms per call of `work`, timed like lib/bench/harness.ts timeGpu. */
async function timeTf(work: () => tf.Tensor, options: TimingOptions = {}): Promise<number> {
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
    if (verbose) console.error(`  run: ${reps} x ${(ms / reps).toFixed(1)} ms`);
    return ms;
  };
  return await medianPerCall(runOnce, options);
}

function matmulCase(n: number): TfCase {
  const name = `matmul_${n}`;
  return {
    name,
    run: async () => {
      const a = tf.randomNormal([n, n], 0, 1, "float32", 1);
      const b = tf.randomNormal([n, n], 0, 1, "float32", 2);
      const ms = await timeTf(() => tf.matMul(a, b));
      tf.dispose([a, b]);
      return { name, ms, gflops: (2 * n ** 3) / ms / 1e6 };
    },
  };
}

type Pass = "fwd" | "dgrad" | "wgrad";

/** conv2d 3x3, padding 1 ("same"), stride 1, NHWC: the forward pass or one backward kernel. */
function convCase(pass: Pass, n: number, c: number, size: number, o = c, k = 3): TfCase {
  const name = `conv2d_${pass}_b${n}_c${c}_${size}`;
  return {
    name,
    run: async () => {
      const x = tf.randomNormal<tf.Rank.R4>([n, size, size, c], 0, 1, "float32", 1);
      const w = tf.randomNormal<tf.Rank.R4>([k, k, c, o], 0, 1, "float32", 2);
      const dy = tf.randomNormal<tf.Rank.R4>([n, size, size, o], 0, 1, "float32", 3);
      const work = {
        fwd: () => tf.conv2d(x, w, 1, "same"),
        // conv2dTranspose is TF.js's public name for the Conv2DBackpropInput kernel
        dgrad: () => tf.conv2dTranspose(dy, w, [n, size, size, c], 1, "same"),
        // Conv2DBackpropFilter has no public op; tf.grad would also run the forward pass
        wgrad: () =>
          tf.engine().runKernel("Conv2DBackpropFilter", { x, dy }, {
            strides: 1,
            pad: "same",
            dataFormat: "NHWC",
            filterShape: [k, k, c, o],
          }) as tf.Tensor,
      }[pass];
      const ms = await timeTf(work, { runs: 5 });
      tf.dispose([x, w, dy]);
      const flops = 2 * n * o * size * size * c * k * k;
      return { name, ms, gflops: flops / ms / 1e6, layout: "NHWC" };
    },
  };
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
function convnetTrainCase(batch: number, width = 128, depth = 3): TfCase {
  const name = `convnet3_train_b${batch}`;
  return {
    name,
    run: async () => {
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
      const x = tf.randomNormal<tf.Rank.R4>([batch, 28, 28, 1], 0, 1, "float32", 100);
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
      const ms = await timeTf(() => opt.minimize(loss, true)!, { runs: 3, reps: 1, warmup: 1 });
      opt.dispose();
      tf.dispose([x, labels, headW, headB, ...blocks.flatMap((p) => Object.values(p))]);
      return { name, ms, images_per_s: batch / (ms / 1000), layout: "NHWC" };
    },
  };
}

const ALL: TfCase[] = small
  ? [
    matmulCase(128),
    convCase("fwd", 4, 128, 14),
    convCase("dgrad", 4, 128, 14),
    convCase("wgrad", 4, 128, 14),
    convnetTrainCase(16),
  ]
  : [
    matmulCase(512),
    matmulCase(1024),
    convCase("fwd", 64, 128, 14),
    convCase("dgrad", 64, 128, 14),
    convCase("wgrad", 64, 128, 14),
    convnetTrainCase(256),
  ];

if (!(await tf.setBackend("webgpu"))) {
  console.error("bench-tfjs: the TF.js webgpu backend failed to initialise (see above)");
  Deno.exit(1);
}
await tf.ready();
const backend = tf.getBackend();
// TF.js asks for the adapter with the same descriptor
const adapter = await navigator.gpu.requestAdapter({ powerPreference: "high-performance" });
const adapterName = describeAdapter(adapter?.info, hostBackend());
const library = "tfjs-webgpu";
const cases = ALL.filter((c) => !values.filter || c.name.includes(values.filter));
if (!values.json) {
  console.log(`adapter: ${adapterName}`);
  console.log(`library: ${library} (tfjs ${tf.version.tfjs}, backend ${backend})`);
  console.log(`${"name".padEnd(28)} ${"ms".padStart(10)}  rate`);
}
for (const c of cases) {
  if (verbose) console.error(`${c.name}:`);
  const r = await c.run();
  if (values.json) {
    console.log(JSON.stringify({ ...r, adapter: adapterName, library, backend }));
  } else {
    const rates = Object.entries(r)
      .filter(([k]) => k !== "name" && k !== "ms")
      .map(([k, v]) => `${typeof v === "number" ? v.toFixed(2) : v} ${k}`)
      .join(", ");
    console.log(`${r.name.padEnd(28)} ${r.ms.toFixed(3).padStart(10)}  ${rates}`);
  }
}
