// The kernel profiler behind `deno task bench --profile`: every dispatch of the work is
// counted under its kernel with the cores its replay kept busy, nothing is left hooked, and no
// tensor or texture leaks.
import assert from "node:assert/strict";
import { compareRows } from "../lib/bench/compare.ts";
import { profileDispatches } from "../lib/bench/profile.ts";
import { gpu } from "../lib/gpu/gpu.ts";
import { matmul } from "../lib/ops/matmul.ts";
import { Rng } from "../lib/ops/random.ts";
import { sum } from "../lib/ops/reduce.ts";
import { relu } from "../lib/ops/unary.ts";
import { gpuReady } from "./helpers.ts";

await gpuReady;

Deno.test("profileDispatches attributes each dispatch of the work to its kernel", async () => {
  const rng = new Rng(0);
  const a = rng.normal([64, 48]);
  const b = rng.normal([48, 40]);
  await gpu().sync();
  const live = gpu().pool.stats().liveBuffers;
  const before = gpu().counters.dispatches;
  const p = await profileDispatches(() => {
    const y = matmul(a, b);
    const r = relu(y);
    const s = sum(r);
    y.dispose();
    r.dispose();
    return s;
  });
  const recorded = gpu().counters.dispatches - before;
  const counted = p.kernels.reduce((n, k) => n + k.dispatches, 0);
  // each dispatch of the work once, then `reps` (3) replays of each
  assert.equal(recorded, counted * 4);
  const names = p.kernels.map((k) => k.kernel);
  for (const k of ["unary", "reduce"]) assert.ok(names.includes(k), `${k} in ${names}`);
  assert.ok(names.some((n) => n.startsWith("matmul")), `a matmul kernel in ${names}`);
  assert.ok(p.kernels.every((k) => k.ms >= 0 && Number.isFinite(k.ms)));
  // CPU time over wall time: Deno has process.cpuUsage, and a replay keeps some core busy
  assert.ok(p.kernels.every((k) => Number.isFinite(k.cores) && k.cores >= 0), "cores");
  assert.equal(p.totalMs, p.kernels.reduce((s, k) => s + k.ms, 0));
  assert.equal(gpu().onDispatch, null);
  assert.equal(gpu().pool.stats().liveBuffers, live);
  a.dispose();
  b.dispose();
});

Deno.test("bench --compare: per-case medians and the speed-up's median and range over rounds", () => {
  const rows = compareRows({
    ref: "old",
    ref_commit: "0123456789",
    refRuns: [[{ name: "a", ms: 10 }, { name: "b", ms: 4 }], [{ name: "a", ms: 12 }, {
      name: "b",
      ms: 4,
    }], [{ name: "a", ms: 9 }, { name: "b", ms: 5 }]],
    nowRuns: [[{ name: "a", ms: 5 }, { name: "b", ms: 4 }, { name: "new", ms: 1 }], [
      { name: "a", ms: 6 },
      { name: "b", ms: 2 },
      { name: "new", ms: 1 },
    ], [{ name: "a", ms: 3 }, { name: "b", ms: 5 }, { name: "new", ms: 1 }]],
  });
  // "new" exists only in the working tree: no ratio
  assert.deepEqual(rows.map((r) => r.name), ["a", "b"]);
  assert.deepEqual([rows[0].refMs, rows[0].nowMs, rows[0].speedup, rows[0].min, rows[0].max], [
    10,
    5,
    2,
    2,
    3,
  ]);
  assert.deepEqual([rows[1].speedup, rows[1].min, rows[1].max], [1, 1, 2]);
});
