/**
 * What `deno task bench-peers` shares between its peers (other WebGPU / wasm libraries timed
 * on the cases of `deno task bench`): the case list, the {@link Peer} interface every peer
 * implements, seeded host data and layout conversions. The peers themselves live in
 * `tfjs.ts` (TF.js, webgpu and wasm backends) and `jaxjs.ts` (jax-js, webgpu), and are
 * loaded only when asked for ({@link loadPeer}), so that this module and the numerics check
 * (`check.ts`) load neither library.
 *
 * @example
 * const peer = await loadPeer("tfjs-wasm");
 * for (const c of peerCases(true)) console.log(await peer.run(c));
 * @module
 */
import type { TimingOptions } from "../harness.ts";

/** The peers, in the order they run. */
export const PEER_NAMES = ["tfjs-webgpu", "tfjs-wasm", "jax-js"] as const;

/** A peer's name on the command line (`--peers`). */
export type PeerName = typeof PEER_NAMES[number];

/** A conv2d pass: forward, input gradient (dgrad), weight gradient (wgrad). */
export type Pass = "fwd" | "dgrad" | "wgrad";

/**
 * One comparison case, named as the case of `deno task bench` it mirrors: `matmul_<n>`
 * (n x n by n x n), `conv2d_<pass>_b<n>_c<c>_<size>` (3 x 3, padding 1, stride 1, c -> c
 * channels) and `convnet3_train_b<batch>` (one Adam step of ConvNet-3, width 128).
 */
export type PeerCase =
  | { kind: "matmul"; name: string; n: number }
  | { kind: "conv"; name: string; pass: Pass; n: number; c: number; size: number }
  | { kind: "convnet"; name: string; batch: number };

/**
 * The cases, full size (`deno task bench`'s shapes) or shrunk for a smoke test (`small`).
 *
 * @example
 * peerCases().map((c) => c.name); // ["matmul_512", "matmul_1024", "conv2d_fwd_b64_c128_14", ...]
 */
export function peerCases(small = false): PeerCase[] {
  const matmul = (n: number): PeerCase => ({ kind: "matmul", name: `matmul_${n}`, n });
  const convs = (n: number, c: number, size: number): PeerCase[] =>
    (["fwd", "dgrad", "wgrad"] as const).map((pass) => ({
      kind: "conv",
      name: `conv2d_${pass}_b${n}_c${c}_${size}`,
      pass,
      n,
      c,
      size,
    }));
  const convnet = (batch: number): PeerCase => ({
    kind: "convnet",
    name: `convnet3_train_b${batch}`,
    batch,
  });
  return small
    ? [matmul(128), ...convs(4, 128, 14), convnet(16)]
    : [matmul(512), matmul(1024), ...convs(64, 128, 14), convnet(256)];
}

/**
 * The rate fields of a case that took `ms`: `gflops` (flops counted as in
 * lib/bench/cases.ts and lib/bench/conv_cases.ts) or `images_per_s`.
 *
 * @example
 * caseRates(peerCases()[0], 15.7); // { gflops: 17.1 }
 */
export function caseRates(c: PeerCase, ms: number): Record<string, number> {
  if (c.kind === "matmul") return { gflops: 2 * c.n ** 3 / ms / 1e6 };
  if (c.kind === "conv") return { gflops: 2 * c.n * c.c * c.size ** 2 * c.c * 9 / ms / 1e6 };
  return { images_per_s: c.batch / (ms / 1000) };
}

/** One timed case: as lib/bench/harness.ts BenchResult. */
export interface PeerResult {
  name: string;
  ms: number;
  [field: string]: number | string;
}

/** Thrown by a peer for a case it cannot run (a missing kernel): reported, not fatal. */
export class CannotRun extends Error {
  override name = "CannotRun";
}

/** A stride-1 conv2d's sizes: input [n, c, h, w] (NCHW), weights [o, c, k, k] (OIHW). */
export interface ConvDims {
  n: number;
  c: number;
  h: number;
  w: number;
  o: number;
  k: number;
  /** Zero padding on each side. */
  pad: number;
}

/** A library timed against ours. */
export interface Peer {
  readonly name: PeerName;
  /** Library, version, backend and how it runs, e.g. "tfjs 4.22.0, backend wasm (...)". */
  readonly description: string;
  /** a [m, k] times b [k, n], row-major, computed by the peer (for the numerics check). */
  matmul(a: Float32Array, b: Float32Array, m: number, k: number, n: number): Promise<Float32Array>;
  /** conv2d forward, stride 1, no bias, in our layouts (NCHW, OIHW) whatever the peer's. */
  conv2d(x: Float32Array, w: Float32Array, d: ConvDims): Promise<Float32Array>;
  /** Times one case (throws {@link CannotRun} when the peer lacks what it needs). */
  run(c: PeerCase, log?: (line: string) => void): Promise<PeerResult>;
}

/**
 * Loads a peer's library and starts its backend (each asks for its own GPU device).
 *
 * @example
 * const jax = await loadPeer("jax-js");
 */
export async function loadPeer(name: PeerName): Promise<Peer> {
  if (name === "jax-js") return await (await import("./jaxjs.ts")).jaxPeer();
  const { tfjsPeer } = await import("./tfjs.ts");
  return await tfjsPeer(name === "tfjs-webgpu" ? "webgpu" : "wasm");
}

/**
 * The peers named in `--peers` (comma-separated; all when empty), in {@link PEER_NAMES}'
 * order. An unknown name is an error that lists the known ones.
 *
 * @example
 * parsePeers("jax-js,tfjs-wasm"); // ["tfjs-wasm", "jax-js"]
 */
export function parsePeers(spec?: string): PeerName[] {
  const names = (spec ?? "").split(",").map((s) => s.trim()).filter((s) => s);
  for (const n of names) {
    if (!(PEER_NAMES as readonly string[]).includes(n)) {
      throw new Error(`bench-peers: unknown peer "${n}" (known: ${PEER_NAMES.join(", ")})`);
    }
  }
  return PEER_NAMES.filter((p) => names.length === 0 || names.includes(p));
}

/**
 * The timing options of a case, as our case of the same name uses them (lib/bench/*):
 * the default protocol for matmul, 5 runs for a conv pass, 1 warm-up and 3 runs of one step
 * for a training step.
 *
 * @example
 * caseTiming(peerCases()[5]); // { runs: 3, reps: 1, warmup: 1 }
 */
export function caseTiming(c: PeerCase): TimingOptions {
  if (c.kind === "conv") return { runs: 5 };
  if (c.kind === "convnet") return { runs: 3, reps: 1, warmup: 1 };
  return {};
}

/**
 * `count` standard normal floats from seed `seed` (mulberry32 and Box-Muller): the same
 * inputs for every peer.
 *
 * @example
 * const a = hostNormal(33 * 47, 1);
 */
export function hostNormal(count: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const uniform = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    out[i] = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  }
  return out;
}

/**
 * Permutes a row-major 4-d array of shape `shape` by `perm` (output axis i is input axis
 * perm[i]), as numpy's transpose.
 *
 * @example
 * const nhwc = permute4(x, [n, c, h, w], [0, 2, 3, 1]);
 */
export function permute4(
  x: Float32Array,
  shape: readonly number[],
  perm: readonly number[],
): Float32Array {
  const stride = [shape[1] * shape[2] * shape[3], shape[2] * shape[3], shape[3], 1];
  const os = perm.map((p) => shape[p]);
  const is = perm.map((p) => stride[p]);
  const out = new Float32Array(x.length);
  let o = 0;
  for (let a = 0; a < os[0]; a++) {
    for (let b = 0; b < os[1]; b++) {
      for (let c = 0; c < os[2]; c++) {
        const base = a * is[0] + b * is[1] + c * is[2];
        for (let d = 0; d < os[3]; d++) out[o++] = x[base + d * is[3]];
      }
    }
  }
  return out;
}
