// A run folder shared by several workers: 3 concurrent shard processes give the single-process
// results bit for bit; stage locks (exclusive create, heartbeat, takeover, SIGTERM); bad input.
import assert from "node:assert/strict";
import { distill, distillShard, type DistillSummary } from "../lib/igds/distill.ts";
import { claimLock, StageLockedError } from "../lib/igds/lock.ts";
import { distillPlan, parseShard, poolOrder, shardStages } from "../lib/igds/plan.ts";
import { joinShardedRun } from "../lib/igds/run_folder.ts";
import { isCpuAdapter, workerPlan } from "../lib/igds/workers.ts";
import { gpuReady } from "./helpers.ts";
import { distillCommand, tinyConfig, tinyPrior, withoutTimes } from "./tiny_distill.ts";

await gpuReady;

const readJson = async (path: string) => JSON.parse(await Deno.readTextFile(path));
const exists = (path: string) => Deno.stat(path).then(() => true, () => false);

Deno.test("shard: 3 concurrent workers on one folder write the single-process results bit for bit", async () => {
  const dir = await Deno.makeTempDir();
  const prior = await tinyPrior(dir);
  const single = await distill(tinyConfig(`${dir}/single`, prior));
  // the plan: VE, 4 sets (random: one draw per seed), 2 seeds each, the report; every stage
  // falls to exactly one shard
  const plan = distillPlan(tinyConfig(`${dir}/shared`, prior));
  assert.equal(plan.length, 1 + (4 + 1) + 4 * 2 + 1);
  assert.deepEqual(
    plan.filter((s) => s.method === "random" && s.kind === "distilled").map((s) => s.id),
    ["distilled/random/ipc1", "distilled/random/ipc1-seed1"],
  );
  const ordered = poolOrder(plan).map((s) => s.id);
  assert.deepEqual(ordered.slice(0, 6), [
    "ve",
    "distilled/random/ipc1",
    "distilled/random/ipc1-seed1",
    "distilled/kcenter/ipc1",
    "distilled/ddpm/ipc1",
    "distilled/igds/ipc1",
  ]);
  assert.deepEqual([...ordered].sort(), plan.slice(0, -1).map((s) => s.id).sort());
  const twoIpcs = poolOrder(distillPlan(tinyConfig(`${dir}/x`, prior, { ipc: [1, 10] })));
  assert.deepEqual(twoIpcs.slice(0, 3).map((s) => s.id), [
    "ve",
    "distilled/random/ipc10",
    "distilled/random/ipc10-seed1",
  ]);
  assert.equal(twoIpcs.findIndex((s) => s.kind === "eval"), 1 + 2 * 5);
  assert.equal(twoIpcs.at(-1)!.id, "eval/igds-ipc1/seed1");
  const parts = [0, 1, 2].map((k) => shardStages(plan, { index: k, count: 3 }));
  assert.deepEqual(parts.flat().sort(), plan.slice(0, -1).map((s) => s.id).sort());
  const cfg = `${dir}/config.yaml`;
  await Deno.writeTextFile(cfg, JSON.stringify(tinyConfig(`${dir}/shared`, prior)));
  const outs = await Promise.all(
    [0, 1, 2].map((k) => distillCommand(["--config", cfg, "--shard", `${k}/3`]).output()),
  );
  const text = new TextDecoder();
  outs.forEach((o, k) =>
    assert.equal(o.code, 0, `shard ${k}: ${text.decode(o.stdout)}\n${text.decode(o.stderr)}`)
  );
  const shared = await readJson(`${dir}/shared/results.json`) as DistillSummary;
  assert.deepEqual(withoutTimes(shared), withoutTimes(single));
  assert.equal(shared.results[0].accuracies.length, 2);
  const report = await Deno.readTextFile(`${dir}/shared/report.md`);
  assert.match(report, /\| igds \| [\d.]+ ± [\d.]+ \(β 0\.1\) \|/);
  // the VE's estimates on every set (random: the mean over its 2 draws), in the report too
  for (const r of single.results) {
    assert.ok(r.ve && r.ve.I <= Math.log(10) + 1e-9 && r.ve.H >= 0, `${r.method}: ${r.ve}`);
    assert.equal(r.ve.draws, r.method === "random" ? 2 : 1);
  }
  assert.match(report, /## The VE's estimates on each distilled set/);
  assert.match(report, /\| random, IPC 1 \(2 draws\) \| [\d.]+% \| -?[\d.]+ \| [\d.]+ \|/);
  // no lock is left behind, and a plain run on the folder (the merge job) is all cached
  for await (const e of Deno.readDir(`${dir}/shared`)) assert.ok(!e.name.endsWith(".lock"));
  const lines: string[] = [];
  const merged = await distill(tinyConfig(`${dir}/shared`, prior), { log: (l) => lines.push(l) });
  assert.ok(!lines.some((l) => /making the distilled set|evaluating|VE: training/.test(l)));
  assert.deepEqual(withoutTimes(merged), withoutTimes(single));

  // --workers 2: two pool workers take the free stages as they come; each stage is computed
  // once, by one of them, and the report (written by the launcher) is the single process's
  const pooled = await distillCommand(["--config", cfg, "--out", `${dir}/pool`, "--workers", "2"])
    .output();
  const poolLog = text.decode(pooled.stdout);
  assert.equal(pooled.code, 0, `${poolLog}\n${text.decode(pooled.stderr)}`);
  assert.match(poolLog, /2 worker processes/);
  // the launcher's self-check stands for its workers on the same adapter
  assert.match(poolLog, /^self-check: \d+ known-answer cases passed/m);
  assert.equal(poolLog.match(/w\d\| self-check: passed in the launching process/g)?.length, 2);
  const computed = poolLog.split("\n").filter((l) =>
    /making the distilled set|evaluating seed/.test(l)
  );
  assert.equal(
    computed.length,
    plan.filter((s) => s.kind === "distilled" || s.kind === "eval").length,
  );
  assert.equal(
    new Set(computed.map((l) => l.replace(/^.*?w\d\| \[ *\d+ s\] /, ""))).size,
    computed.length,
  );
  for (const w of ["w0|", "w1|"]) assert.ok(poolLog.includes(w), `${w} did no work:\n${poolLog}`);
  const pool = await readJson(`${dir}/pool/results.json`) as DistillSummary;
  assert.deepEqual(withoutTimes(pool), withoutTimes(single));
  // bad input is refused by the launcher before any worker starts; a stage that fails in a
  // worker stops the run, naming the worker, and the stages done stay done
  const refused = await distillCommand([
    "--config",
    cfg,
    "--out",
    `${dir}/bad`,
    "--workers",
    "2",
    "--prior.path",
    `${dir}/missing.safetensors`,
  ]).output();
  assert.equal(refused.code, 1);
  const refusedLog = text.decode(refused.stdout) + text.decode(refused.stderr);
  assert.match(refusedLog, /error: .*missing\.safetensors: prior not found/);
  assert.ok(!/worker processes/.test(refusedLog), refusedLog);
  await Deno.mkdir(`${dir}/bad/distilled/kcenter/ipc1`, { recursive: true });
  await Deno.writeTextFile(`${dir}/bad/distilled/kcenter/ipc1/notes.txt`, "mine");
  const failed = await distillCommand(["--config", cfg, "--out", `${dir}/bad`, "--workers", "2"])
    .output();
  assert.equal(failed.code, 1);
  const failedLog = text.decode(failed.stdout) + text.decode(failed.stderr);
  assert.match(
    failedLog,
    /w\d\| error: .*kcenter\/ipc1 holds files that this toolkit did not write/,
  );
  assert.match(failedLog, /worker w\d exited 1 \(its error is above\)/);
  assert.equal(await Deno.readTextFile(`${dir}/bad/distilled/kcenter/ipc1/notes.txt`), "mine");
  assert.ok(await exists(`${dir}/bad/ve/stage.json`));

  // bad input: nothing finished is lost
  const before = await Deno.readTextFile(`${dir}/shared/results.json`);
  assert.throws(() => parseShard("3/3", `${dir}/shared`), /index must be in 0\.\.2.*shared/);
  await assert.rejects(
    distillShard(tinyConfig(`${dir}/shared`, prior), { index: 3, count: 3 }),
    /--shard 3\/3: the shard index must be in 0\.\.2/,
  );
  await assert.rejects(
    distillShard(tinyConfig(`${dir}/shared`, prior), { index: 0, count: 2 }),
    new RegExp(
      `run folder ${dir}/shared is split into 3 shards, this worker was given N = 2; ` +
        `stage ve was not started`,
    ),
  );
  await assert.rejects(
    distillShard(tinyConfig(`${dir}/shared`, prior, { seed: 1 }), { index: 1, count: 3 }),
    new RegExp(`run folder ${dir}/shared belongs to another config .*stage distilled/random/ipc1`),
  );
  // a stage held by a live worker on another host (fresh heartbeat): a plain run says who
  const lock = `${dir}/shared/eval/random-ipc1/seed2.lock`;
  const holder = { host: "node-elsewhere", pid: 4242, started: "2025-01-01T00:00:00Z", token: "t" };
  await Deno.writeTextFile(lock, JSON.stringify(holder));
  const three = tinyConfig(`${dir}/shared`, prior, {
    eval: { width: 4, epochs: [1], runs: 3, chanceCheck: false },
  });
  await assert.rejects(
    distill(three),
    new RegExp(
      `${dir}/shared/eval/random-ipc1/seed2\\.lock: stage eval/random-ipc1/seed2 \\(run folder ` +
        `${dir}/shared\\) is being computed by process 4242 on host node-elsewhere`,
    ),
  );
  assert.equal(await Deno.readTextFile(`${dir}/shared/results.json`), before);
  assert.ok(await exists(`${dir}/shared/eval/random-ipc1/seed1/stage.json`));
  assert.ok(await exists(`${dir}/shared/ve/ve.safetensors`));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("workerPlan: one llvmpipe worker per core (at most 4), one process on a GPU", () => {
  const llvmpipe = "llvmpipe (LLVM 15.0.6, 256 bits); Mesa driver; Vulkan backend";
  assert.ok(isCpuAdapter(llvmpipe) && !isCpuAdapter("NVIDIA H200; Vulkan backend"));
  assert.deepEqual(workerPlan("auto", llvmpipe, 2), { workers: 2, threads: 1 });
  assert.deepEqual(workerPlan("auto", llvmpipe, 16), { workers: 4, threads: 4 });
  assert.deepEqual(workerPlan("auto", llvmpipe, 1), { workers: 1, threads: 1 });
  assert.deepEqual(workerPlan("auto", "NVIDIA H200", 16), { workers: 1, threads: null });
  assert.deepEqual(workerPlan("3", llvmpipe, 2), { workers: 3, threads: 1 });
  assert.throws(
    () => workerPlan("two", llvmpipe, 2),
    /--workers takes a positive integer or "auto", got "two"/,
  );
  assert.throws(() => workerPlan("0", llvmpipe, 2), /--workers takes a positive integer/);
});

Deno.test("shard: locks are exclusive, keep a heartbeat, and stale ones are taken over", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/eval/x.lock`;
  const a = (await claimLock(path, "x", { heartbeatMs: 50 }))!;
  const t0 = (await Deno.stat(path)).mtime!.getTime();
  await assert.rejects(claimLock(path, "x"), StageLockedError);
  await new Promise((r) => setTimeout(r, 200));
  assert.ok((await Deno.stat(path)).mtime!.getTime() > t0, "heartbeat refreshes the mtime");
  a.assertHeld();
  // waiting ends when the holder releases it
  const waiting = claimLock(path, "x", { wait: true, pollMs: 20 });
  setTimeout(() => a.releaseSync(), 100);
  const b = (await waiting)!;
  assert.notEqual(b.holder.token, a.holder.token);
  // another worker took over b's lock (b's heartbeat was stale): b must not record
  await Deno.writeTextFile(path, JSON.stringify({ ...b.holder, token: "other" }));
  assert.throws(() => b.assertHeld(), /x was not recorded: .*no longer this worker's/);
  b.releaseSync();
  assert.ok(await exists(path), "a lock of another worker is not removed");
  await Deno.remove(path);
  // a dead process of this host, and a stale heartbeat of another host, are taken over
  const dead = { host: Deno.hostname(), pid: 999_999_999, started: "", token: "dead" };
  await Deno.writeTextFile(path, JSON.stringify(dead));
  const lines: string[] = [];
  const c = (await claimLock(path, "x", { log: (l) => lines.push(l) }))!;
  assert.match(
    lines.join("\n"),
    /taking over from .* pid 999999999 \(process 999999999 on this host is gone\)/,
  );
  c.releaseSync();
  const old = new Date(Date.now() - 600_000);
  // a live process of this host keeps its lock however old its heartbeat (a starved worker)
  if (Deno.build.os === "linux") {
    await Deno.writeTextFile(path, JSON.stringify({ ...dead, pid: Deno.pid, token: "busy" }));
    await Deno.utime(path, old, old);
    await assert.rejects(claimLock(path, "x"), StageLockedError);
    await Deno.remove(path);
  }
  await Deno.writeTextFile(path, JSON.stringify({ ...dead, host: "node-elsewhere", pid: 1 }));
  await Deno.utime(path, old, old);
  const d = (await claimLock(path, "x", { log: (l) => lines.push(l) }))!;
  assert.match(lines.join("\n"), /taking over from node-elsewhere pid 1 \(heartbeat \d+ s old\)/);
  d.releaseSync();
  assert.ok(!(await exists(path)));
  // N is recorded by the first worker of a folder
  await joinShardedRun(dir, "h", 3, "ve");
  await joinShardedRun(dir, "h", 3, "ve");
  await assert.rejects(joinShardedRun(dir, "h", 4, "ve"), /split into 3 shards/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("shard and workers: SIGTERM stops a worker mid-stage, releases its lock and leaves no record", async () => {
  const dir = await Deno.makeTempDir();
  const prior = await tinyPrior(dir);
  const cfg = `${dir}/config.yaml`;
  const config = tinyConfig(`${dir}/run`, prior, {
    ve: { width: 4, depth: 3, dim: 8, epochs: 200, batch: 256, queue: 256, classifierEpochs: 1 },
  });
  await Deno.writeTextFile(cfg, JSON.stringify(config));
  const child = distillCommand(["--config", cfg, "--shard", "0/1"]).spawn();
  const end = Date.now() + 120_000;
  while (!(await exists(`${dir}/run/ve/.stage.json`))) {
    assert.ok(Date.now() < end, "the VE stage did not start");
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(await exists(`${dir}/run/ve.lock`));
  child.kill("SIGTERM");
  const out = await child.output();
  assert.equal(out.code, 143, new TextDecoder().decode(out.stdout));
  assert.match(new TextDecoder().decode(out.stdout), /SIGTERM: stopped; released ve/);
  assert.ok(!(await exists(`${dir}/run/ve.lock`)));
  assert.ok(!(await exists(`${dir}/run/ve/stage.json`)));

  // with --workers 2: the launcher passes SIGTERM on; each worker releases what it holds
  const pooled = distillCommand(["--config", cfg, "--workers", "2"]).spawn();
  while (!(await exists(`${dir}/run/ve.lock`))) {
    assert.ok(Date.now() < end, "no worker took the VE stage");
    await new Promise((r) => setTimeout(r, 100));
  }
  pooled.kill("SIGTERM");
  const pooledOut = await pooled.output();
  const said = new TextDecoder().decode(pooledOut.stdout);
  assert.equal(pooledOut.code, 143, said);
  assert.match(said, /w\d\| .*SIGTERM: stopped; released ve/);
  for (let t = 0; await exists(`${dir}/run/ve.lock`); t++) {
    assert.ok(t < 50, "the VE lock was left behind");
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(!(await exists(`${dir}/run/ve/stage.json`)));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("lock: SIGTERM at any moment of a claim/release loop leaves no lock file", async () => {
  // the claim is synchronous from the exclusive create to the held set, so the signal handler
  // either sees the lock (and removes it) or no file exists; before 0e79807 an asynchronous
  // open/write left the file behind in about 1 of 4 such stops
  const dir = await Deno.makeTempDir();
  const script = `${dir}/claim_loop.ts`;
  const lockModule = new URL("../lib/igds/lock.ts", import.meta.url).href;
  await Deno.writeTextFile(
    script,
    `import { claimLock, releaseLocksOnSignal } from "${lockModule}";
releaseLocksOnSignal(() => {});
console.log("ready");
for (;;) {
  const lock = await claimLock(Deno.args[0], "x");
  await lock!.release();
  await new Promise((r) => setTimeout(r, 0));
}
`,
  );
  for (let round = 0; round < 12; round++) {
    const path = `${dir}/r${round}.lock`;
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", script, path],
      stdout: "piped",
    }).spawn();
    const reader = child.stdout.getReader();
    await reader.read(); // "ready"
    await new Promise((r) => setTimeout(r, 20 + 7 * round));
    child.kill("SIGTERM");
    assert.equal((await child.status).code, 143);
    reader.releaseLock();
    await child.stdout.cancel();
    assert.ok(!(await exists(path)), `round ${round}: the lock file was left behind`);
  }
  await Deno.remove(dir, { recursive: true });
});
