/**
 * The jax-js peer of `deno task bench-peers`: `@jax-js/jax` 0.1.25 on its WebGPU device
 * (which it requests itself, beside ours). jax-js is NCHW with OIHW kernels, as we are.
 *
 * jax-js is lazy: an operation is recorded and only dispatched when its result is waited
 * for or read, and a result disposed before that is never computed. So a timed run keeps
 * every result of its `reps` calls and waits for all of them (`blockUntilReady`, which
 * dispatches them in order and ends with a readback), then frees them: the same protocol
 * as lib/bench/harness.ts (median over runs after warm-up, divided by `reps`).
 *
 * The conv passes are the operations JAX's own conv gradient uses: `lax.conv` forward, the
 * input gradient as `lax.convTranspose` with the kernel flipped and transposed, the weight
 * gradient as a conv of x by dy with batch and channels swapped (its last transpose is a
 * view, which jax-js copies only when read: not timed). The training step (ConvNet-3
 * as lib/nn/convnet.ts, one Adam step) is one `jit` of `valueAndGrad` plus the update, as
 * jax-js recommends for long chains of operations on the GPU.
 *
 * @example
 * const peer = await jaxPeer();
 * console.log(await peer.run(peerCases(true)[0]));
 * @module
 */
// deno-lint-ignore no-import-prefix
import * as jax from "npm:@jax-js/jax@0.1.25";
import { medianPerCall, type TimingOptions } from "../harness.ts";
import {
  caseRates,
  caseTiming,
  type ConvDims,
  hostNormal,
  type Peer,
  type PeerCase,
  type PeerResult,
} from "./peer.ts";

const { numpy: np, lax, nn } = jax;
type Arr = jax.Array;

/** The version the import above pins (jax-js exports none). */
const VERSION = "0.1.25";
const SAME: [number, number][] = [[1, 1], [1, 1]];

/** A float32 array on the default (WebGPU) device from host data. */
function arr(data: Float32Array, shape: number[]): Arr {
  return np.array(new Float32Array(data)).reshape(shape);
}

/** Median ms per call of `work` (which returns the arrays it made; see the module comment). */
async function timeJax(
  work: () => Arr[],
  options: TimingOptions,
  log?: (line: string) => void,
): Promise<number> {
  const runOnce = async (reps: number) => {
    const t0 = performance.now();
    const results: Arr[] = [];
    for (let i = 0; i < reps; i++) results.push(...work());
    await jax.blockUntilReady(results);
    const ms = performance.now() - t0;
    for (const r of results) r.dispose();
    log?.(`  run: ${reps} x ${(ms / reps).toFixed(1)} ms`);
    return ms;
  };
  return await medianPerCall(runOnce, options);
}

async function timeMatmul(n: number, opts: TimingOptions, log?: (l: string) => void) {
  const a = arr(hostNormal(n * n, 1), [n, n]), b = arr(hostNormal(n * n, 2), [n, n]);
  const ms = await timeJax(() => [np.matmul(a.ref, b.ref)], opts, log);
  a.dispose();
  b.dispose();
  return ms;
}

async function timeConv(
  c: Extract<PeerCase, { kind: "conv" }>,
  opts: TimingOptions,
  log?: (l: string) => void,
): Promise<number> {
  const { n, size } = c, ch = c.c;
  const x = arr(hostNormal(n * ch * size * size, 1), [n, ch, size, size]);
  const w = arr(hostNormal(ch * ch * 9, 2), [ch, ch, 3, 3]);
  const dy = arr(hostNormal(n * ch * size * size, 3), [n, ch, size, size]);
  const work = {
    fwd: () => lax.conv(x.ref, w.ref, [1, 1], SAME),
    // the input gradient: a transposed conv with the kernel flipped and in/out swapped
    dgrad: () => lax.convTranspose(dy.ref, w.ref, [1, 1], SAME, { transposeKernel: true }),
    // the weight gradient: x [c, n, h, w] convolved with dy [o, n, h, w] -> [c, o, 3, 3]
    wgrad: () =>
      lax.conv(x.ref.transpose([1, 0, 2, 3]), dy.ref.transpose([1, 0, 2, 3]), [1, 1], SAME)
        .transpose([1, 0, 2, 3]),
  }[c.pass];
  const ms = await timeJax(() => [work()], opts, log);
  for (const a of [x, w, dy]) a.dispose();
  return ms;
}

/**
 * ConvNet-3 (width 128) as lib/nn/convnet.ts: 3 x [conv 3x3 + bias (the first pads 28x28
 * input by 3) -> instance norm (eps 1e-5) with per-channel scale and shift -> ReLU -> 2x2
 * average pooling], a linear head to 10 classes, softmax cross-entropy; one Adam step
 * (lr 0.01, betas 0.9 / 0.999, eps 1e-8), jitted.
 */
async function timeConvnet(
  batch: number,
  opts: TimingOptions,
  log?: (l: string) => void,
  width = 128,
  depth = 3,
): Promise<number> {
  let seed = 0;
  // normal init scaled to the fan-in (values do not change the work)
  const init = (shape: number[], fanIn: number) =>
    arr(hostNormal(shape.reduce((a, b) => a * b), ++seed), shape).mul(0.5 / Math.sqrt(fanIn));
  const params: Arr[] = [];
  for (let d = 0; d < depth; d++) {
    const cin = d === 0 ? 1 : width;
    params.push(init([width, cin, 3, 3], cin * 9), init([width], cin * 9));
    params.push(np.ones([width]), np.zeros([width]));
  }
  const side = 32 >> depth; // 28 + 2*3 - 2 = 32, pooled `depth` times
  const features = width * side * side;
  params.push(init([features, 10], features), init([10], features));
  const x = arr(hostNormal(batch * 28 * 28, 100), [batch, 1, 28, 28]);
  const labels = nn.oneHot(
    np.array(Array.from({ length: batch }, (_, i) => i % 10), { dtype: np.int32 }),
    10,
  );
  const channel = (v: Arr) => v.reshape([1, width, 1, 1]);
  const loss = (ps: Arr[], xs: Arr, ys: Arr): Arr => {
    let h = xs;
    for (let d = 0; d < depth; d++) {
      const [w, b, gamma, beta] = ps.slice(4 * d, 4 * d + 4);
      const pad = d === 0 ? 3 : 1;
      h = lax.conv(h, w, [1, 1], [[pad, pad], [pad, pad]]).add(channel(b));
      h = nn.standardize(h, [2, 3], { epsilon: 1e-5 }).mul(channel(gamma)).add(channel(beta));
      const s = h.shape[2] / 2;
      h = np.mean(nn.relu(h).reshape([batch, width, s, 2, s, 2]), [3, 5]);
    }
    const [headW, headB] = ps.slice(4 * depth);
    const logits = np.matmul(h.reshape([batch, features]), headW).add(headB);
    return np.mean(np.sum(nn.logSoftmax(logits, 1).mul(ys), 1)).mul(-1);
  };
  const [lr, b1, b2, eps] = [0.01, 0.9, 0.999, 1e-8];
  const step = jax.jit(
    (ps: Arr[], m: Arr[], v: Arr[], xs: Arr, ys: Arr, c1: Arr, c2: Arr) => {
      const [value, grads] = jax.valueAndGrad(loss)(ps.map((p) => p.ref), xs, ys);
      const m2 = m.map((mi, i) => mi.mul(b1).add(grads[i].ref.mul(1 - b1)));
      const v2 = v.map((vi, i) => vi.mul(b2).add(np.square(grads[i]).mul(1 - b2)));
      const p2 = ps.map((p, i) =>
        p.sub(
          m2[i].ref.div(c1.ref).mul(lr).div(np.sqrt(v2[i].ref.div(c2.ref)).add(eps)),
        )
      );
      c1.dispose();
      c2.dispose();
      return [value, p2, m2, v2] as [Arr, Arr[], Arr[], Arr[]];
    },
  );
  let state = {
    ps: params,
    m: params.map((p) => np.zerosLike(p.ref)),
    v: params.map((p) => np.zerosLike(p.ref)),
  };
  let t = 0;
  const ms = await timeJax(
    () => {
      t++;
      const [value, ps, m, v] = step(
        state.ps,
        state.m,
        state.v,
        x.ref,
        labels.ref,
        np.array(1 - b1 ** t),
        np.array(1 - b2 ** t),
      );
      state = { ps, m, v };
      // wait for the new state too (references, freed with the loss after the run)
      return [value, ...[...ps, ...m, ...v].map((a) => a.ref)];
    },
    opts,
    log,
  );
  step.dispose();
  for (const a of [...state.ps, ...state.m, ...state.v, x, labels]) a.dispose();
  return ms;
}

/**
 * Starts jax-js on WebGPU and returns it as the `jax-js` peer.
 *
 * @example
 * const peer = await jaxPeer();
 */
export async function jaxPeer(): Promise<Peer> {
  const devices = await jax.init("webgpu");
  if (!devices.includes("webgpu")) {
    throw new Error(`jax-js found no WebGPU device (it has: ${devices.join(", ")})`);
  }
  jax.defaultDevice("webgpu");
  const run = async (c: PeerCase, log?: (line: string) => void): Promise<PeerResult> => {
    const opts = caseTiming(c);
    const ms = c.kind === "matmul"
      ? await timeMatmul(c.n, opts, log)
      : c.kind === "conv"
      ? await timeConv(c, opts, log)
      : await timeConvnet(c.batch, opts, log);
    return { name: c.name, ms, ...caseRates(c, ms) };
  };
  return {
    name: "jax-js",
    description: `jax-js ${VERSION}, device ${jax.defaultDevice()} (its own GPU device)`,
    run,
    matmul: async (a, b, m, k, n) =>
      Float32Array.from(await np.matmul(arr(a, [m, k]), arr(b, [k, n])).data()),
    conv2d: async (x: Float32Array, w: Float32Array, d: ConvDims) => {
      const p = d.pad;
      const y = lax.conv(arr(x, [d.n, d.c, d.h, d.w]), arr(w, [d.o, d.c, d.k, d.k]), [1, 1], [
        [p, p],
        [p, p],
      ]);
      return Float32Array.from(await y.data());
    },
  };
}
