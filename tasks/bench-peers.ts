/**
 * deno task bench-peers [--peers tfjs-webgpu,tfjs-wasm,jax-js] [--filter SUBSTRING] [--json]
 *
 * Our speed against peer libraries on the cases of `deno task bench` they can all express:
 * matmul_512, matmul_1024, the three conv2d passes at b64 c128 14x14 and one ConvNet-3 Adam
 * step at batch 256. The peers (lib/bench/peers/): TF.js 4.22 on its webgpu backend and on
 * its wasm backend (SIMD, single-threaded), and jax-js 0.1.25 on WebGPU. Our cases run
 * first, then each peer, all in this one process (each GPU library asks for its own device
 * on the same adapter); each peer must first pass a small numerics check against float64
 * references (a matmul and a conv2d forward, error at most 1e-3 of the largest reference
 * value), else it is reported and not timed. A case a peer cannot run (TF.js wasm has no
 * conv weight-gradient kernel, so it cannot train) reads "cannot run: <reason>".
 *
 * Prints one table: case | ours (ms) | each peer (ms) | our speed-up over each peer (peer ms
 * / our ms), or with --json one JSON object per line (each peer's check, then each case
 * and library: {"name", "library", "ms", rates, "speedup"} or {"cannot_run"} / {"failed"}).
 * A ratio stands only from an idle machine (results/benchmarks.md).
 *
 * Hidden flags: `--small` shrinks every case (matmul_128, conv2d b4, ConvNet batch 16) for a
 * smoke test, on our side too (same builders, same names). Progress (each library and case
 * as it starts) goes to stderr: a full-size sitting takes about 15 minutes on a 2-core CPU
 * adapter, most of it TF.js webgpu's ConvNet step.
 */
import { handleErrors, startGpu, taskArgs } from "../lib/io/cli.ts";
import { parseArgs } from "node:util";
import { parsePeers, peerCases } from "../lib/bench/peers/peer.ts";
import { benchPeers, peerTable } from "../lib/bench/peers/run.ts";

handleErrors();

const { values } = parseArgs({
  args: taskArgs(),
  options: {
    json: { type: "boolean", default: false },
    filter: { type: "string" },
    peers: { type: "string" },
    small: { type: "boolean", default: false },
  },
});
const peers = parsePeers(values.peers);
const cases = peerCases(values.small).filter((c) =>
  !values.filter || c.name.includes(values.filter)
);
const g = await startGpu("bench-peers", { log: values.json ? () => {} : console.log });
const sitting = await benchPeers({
  cases,
  peers,
  log: (line) => console.error(line),
  emit: values.json
    ? (r) =>
      console.log(JSON.stringify(r.library === "tfjs-wasm" ? r : { ...r, adapter: g.adapterName }))
    : undefined,
});
if (!values.json) console.log(peerTable(sitting));
