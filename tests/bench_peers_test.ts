// `deno task bench-peers` without the peers' libraries: the numerics check fails a wrong peer
// naming the check and passes a right one; a failed peer is reported and not timed; a case
// a peer cannot run is reported in its cell; our side has a case of every peer case's name.
// Fake peers only: neither TF.js nor jax-js is loaded, and no GPU is needed.
import assert from "node:assert/strict";
import {
  CHECK_TOLERANCE,
  checkPeer,
  conv2dRef,
  describeFailure,
  matmulRef,
  relError,
} from "../lib/bench/peers/check.ts";
import {
  CannotRun,
  type ConvDims,
  parsePeers,
  type Peer,
  type PeerCase,
  peerCases,
  type PeerName,
  permute4,
} from "../lib/bench/peers/peer.ts";
import { ourCase } from "../lib/bench/peers/ours.ts";
import { benchPeers, peerTable } from "../lib/bench/peers/run.ts";

const MATMUL = "matmul 33x47 @ 47x29";

/** A peer computing in float32 from the references; `wrong` spoils one of its answers. */
function fakePeer(name: PeerName, wrong?: "matmul" | "conv" | "throws" | "nan"): Peer {
  return {
    name,
    description: `fake ${wrong ?? "right"}`,
    matmul: (a, b, m, k, n) => {
      if (wrong === "throws") return Promise.reject(new Error("no matmul here"));
      const y = Float32Array.from(matmulRef(a, b, m, k, n));
      if (wrong === "matmul") y[7] += 0.1; // one element off
      if (wrong === "nan") y[0] = NaN;
      return Promise.resolve(y);
    },
    conv2d: (x: Float32Array, w: Float32Array, d: ConvDims) => {
      // the classic bug: a true convolution (kernel flipped) where a correlation is meant
      const kk = d.k * d.k;
      const ww = wrong === "conv" ? w.map((_, i) => w[i - (i % kk) + kk - 1 - (i % kk)]) : w;
      return Promise.resolve(Float32Array.from(conv2dRef(x, ww, d)));
    },
    run: (c: PeerCase) => {
      if (c.kind === "convnet") return Promise.reject(new CannotRun("no weight-gradient kernel"));
      return Promise.resolve({ name: c.name, ms: 2 });
    },
  };
}

Deno.test("the numerics check passes a right peer", async () => {
  const report = await checkPeer(fakePeer("jax-js"));
  assert.ok(report.ok, describeFailure(report));
  assert.equal(report.checks.length, 2);
  for (const c of report.checks) assert.ok(c.worst < 1e-6, `${c.check}: ${c.worst}`);
});

Deno.test("the numerics check fails a wrong peer, naming the check and the worst error", async () => {
  const mm = await checkPeer(fakePeer("jax-js", "matmul"));
  assert.equal(mm.ok, false);
  assert.deepEqual(mm.checks.map((c) => c.ok), [false, true]);
  assert.equal(mm.checks[0].check, MATMUL);
  assert.ok(mm.checks[0].worst > CHECK_TOLERANCE);
  assert.match(describeFailure(mm), /^matmul 33x47 @ 47x29: worst error \d/);

  const conv = await checkPeer(fakePeer("jax-js", "conv"));
  assert.deepEqual(conv.checks.map((c) => c.ok), [true, false]);
  assert.match(describeFailure(conv), /^conv2d fwd 2x3x11x7 \* 5x3x3x3 pad 1: worst error/);

  const thrown = await checkPeer(fakePeer("jax-js", "throws"));
  assert.equal(thrown.checks[0].worst, Infinity);
  assert.match(describeFailure(thrown), /no matmul here/);

  const nan = await checkPeer(fakePeer("jax-js", "nan"));
  assert.equal(nan.checks[0].ok, false);
});

Deno.test("relError is normwise and refuses a wrong length", () => {
  assert.equal(relError(new Float32Array([1, 2.5]), new Float64Array([1, 2])), 0.25);
  assert.equal(relError(new Float32Array([1]), new Float64Array([1, 2])), Infinity);
  assert.equal(relError(new Float32Array([0]), new Float64Array([0])), 0);
});

Deno.test("permute4 turns NCHW into NHWC and back", () => {
  const x = Float32Array.from({ length: 2 * 3 * 4 * 5 }, (_, i) => i);
  const nhwc = permute4(x, [2, 3, 4, 5], [0, 2, 3, 1]);
  assert.equal(nhwc[1], 20); // (n 0, h 0, w 0, c 1) is x[0, 1, 0, 0]
  assert.deepEqual(permute4(nhwc, [2, 4, 5, 3], [0, 3, 1, 2]), x);
});

Deno.test("a failed peer is reported and not timed; a case it cannot run is a note", async () => {
  const cases = peerCases(true);
  const emitted: Record<string, unknown>[] = [];
  const sitting = await benchPeers({
    cases,
    peers: ["tfjs-webgpu", "jax-js"],
    ours: false,
    load: (name) => Promise.resolve(fakePeer(name, name === "jax-js" ? "matmul" : undefined)),
    emit: (r) => emitted.push(r),
  });
  assert.deepEqual([...sitting.outcomes.keys()], ["tfjs-webgpu"]);
  assert.match(sitting.peers[1].error!, /^numerics check failed: matmul 33x47 @ 47x29/);
  const net = sitting.outcomes.get("tfjs-webgpu")!.get("convnet3_train_b16");
  assert.deepEqual(net, { cannot: "no weight-gradient kernel" });
  const table = peerTable(sitting);
  assert.match(table, /jax-js: fake matmul\n.*FAILED/);
  assert.match(table, /not timed: numerics check failed: matmul 33x47 @ 47x29/);
  assert.match(table, /\| matmul_128 \| - \| 2\.00 \| - \|/);
  assert.match(table, /tfjs-webgpu convnet3_train_b16: cannot run: no weight-gradient kernel/);
  assert.ok(!table.includes("jax-js (ms)"));
  assert.ok(emitted.some((r) => r.cannot_run === "no weight-gradient kernel"));
});

Deno.test("our side has a case of each peer case's name; --peers is checked", () => {
  for (const small of [false, true]) {
    for (const c of peerCases(small)) assert.equal(ourCase(c).name, c.name);
  }
  assert.deepEqual(parsePeers(undefined), ["tfjs-webgpu", "tfjs-wasm", "jax-js"]);
  assert.deepEqual(parsePeers("jax-js,tfjs-wasm"), ["tfjs-wasm", "jax-js"]);
  assert.throws(() => parsePeers("tfjs"), /unknown peer "tfjs" \(known: tfjs-webgpu/);
});
