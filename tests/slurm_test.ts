// tasks/slurm/ against a real single-node Slurm on localhost (Debian's slurm-wlm and munge,
// installed as root when missing): the tiny config as a job array of 3 shards plus the merge
// job equals a single-process run; then one array task gets SIGTERM mid-stage (scancel), is
// requeued, another task or the requeued one finishes its stage, and the results are
// unchanged. Every daemon the test starts is stopped at the end.
import assert from "node:assert/strict";
import { distill, type DistillSummary } from "../lib/igds/distill.ts";
import { gpuReady } from "./helpers.ts";
import { ROOT, tinyConfig, tinyPrior, withoutTimes } from "./tiny_distill.ts";

await gpuReady;

const text = new TextDecoder();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const exists = (path: string) => Deno.stat(path).then(() => true, () => false);

async function sh(cmd: string, args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(cmd, { args, env, cwd: ROOT, stdin: "null" }).output();
  const stdout = text.decode(out.stdout), stderr = text.decode(out.stderr);
  if (!out.success) throw new Error(`${cmd} ${args.join(" ")}: ${stderr || stdout}`);
  return stdout.trim();
}

/** Installs slurm-wlm and munge when missing; only root can. */
async function ensureSlurm(): Promise<void> {
  if (await exists("/usr/sbin/slurmctld") && await exists("/usr/sbin/munged")) return;
  if (Deno.uid() !== 0) {
    throw new Error(
      "slurm test: slurm-wlm and munge are not installed and this is not root; install them " +
        "(sudo apt-get install -y --no-install-recommends slurm-wlm munge) and run it again",
    );
  }
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  await sh("apt-get", ["update", "-qq"], env);
  await sh(
    "apt-get",
    ["install", "-y", "-qq", "--no-install-recommends", "slurm-wlm", "munge"],
    env,
  );
}

/** Starts munged, slurmctld and slurmd in `dir`; returns the environment for the clients. */
async function startSlurm(dir: string): Promise<Record<string, string>> {
  for (const d of ["state", "spool", "log"]) await Deno.mkdir(`${dir}/${d}`);
  const key = crypto.getRandomValues(new Uint8Array(1024));
  await Deno.writeFile(`${dir}/munge.key`, key, { mode: 0o400 });
  await sh("/usr/sbin/munged", [
    "--force",
    `--key-file=${dir}/munge.key`,
    `--socket=${dir}/munge.sock`,
    `--pid-file=${dir}/munged.pid`,
    `--log-file=${dir}/log/munged.log`,
    `--seed-file=${dir}/munge.seed`,
  ]);
  const port = 20000 + Math.floor(Math.random() * 20000);
  const conf = [
    "ClusterName=igdstest",
    "SlurmctldHost=localhost",
    "SlurmUser=root",
    "SlurmdUser=root",
    "AuthType=auth/munge",
    // a requeued job waits cred_expire + 1 s before it starts again (Slurm's default 120 s);
    // started sooner, its new credential is refused ("Job credential revoked") and it fails
    `AuthInfo=socket=${dir}/munge.sock,cred_expire=10`,
    "CredType=cred/munge",
    `StateSaveLocation=${dir}/state`,
    `SlurmdSpoolDir=${dir}/spool`,
    `SlurmctldPidFile=${dir}/slurmctld.pid`,
    `SlurmdPidFile=${dir}/slurmd.pid`,
    `SlurmctldPort=${port}`,
    `SlurmdPort=${port + 1}`,
    `SlurmctldLogFile=${dir}/log/slurmctld.log`,
    `SlurmdLogFile=${dir}/log/slurmd.log`,
    "ProctrackType=proctrack/linuxproc",
    "TaskPlugin=task/none",
    "JobAcctGatherType=jobacct_gather/none",
    "AccountingStorageType=accounting_storage/none",
    "SelectType=select/cons_tres",
    "SelectTypeParameters=CR_CPU",
    "SlurmdParameters=config_overrides",
    "MpiDefault=none",
    "SwitchType=switch/none",
    "ReturnToService=2",
    "KillWait=10",
    "MinJobAge=3600",
    "NodeName=localhost NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN",
    // 3 shards and the merge on 2 CPUs: oversubscribed, as workers mostly wait on each other
    "PartitionName=test Nodes=localhost Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4",
  ].join("\n") + "\n";
  await Deno.writeTextFile(`${dir}/slurm.conf`, conf);
  const env = { SLURM_CONF: `${dir}/slurm.conf` };
  await sh("/usr/sbin/slurmctld", ["-i", "-f", `${dir}/slurm.conf`], env);
  await sh("/usr/sbin/slurmd", ["-f", `${dir}/slurm.conf`, "-N", "localhost"], env);
  const end = Date.now() + 60_000;
  for (;;) {
    const state = await sh("sinfo", ["-h", "-o", "%T"], env).catch(() => "");
    if (state === "idle") return env;
    if (Date.now() > end) throw new Error(`slurm test: the node is "${state}", not idle`);
    await sleep(500);
  }
}

/** Stops the daemons by their pid files (and the jobs first). */
async function stopSlurm(dir: string, env: Record<string, string> | null): Promise<void> {
  if (env) await sh("scancel", ["--user=root"], env).catch(() => {});
  if (env) await sleep(1000);
  for (const name of ["slurmd", "slurmctld", "munged"]) {
    try {
      const pid = Number((await Deno.readTextFile(`${dir}/${name}.pid`)).trim());
      if (pid > 0) Deno.kill(pid, "SIGTERM");
    } catch {
      // not started
    }
  }
}

/** A job's state, from `scontrol show job`. */
async function jobState(id: string, env: Record<string, string>): Promise<string[]> {
  const out = await sh("scontrol", ["show", "job", id], env);
  return [...out.matchAll(/JobState=(\S+)/g)].map((m) => m[1]);
}

async function waitJob(id: string, env: Record<string, string>, dir: string, ms = 240_000) {
  const end = Date.now() + ms;
  for (;;) {
    const states = await jobState(id, env);
    if (states.every((s) => ["COMPLETED", "FAILED", "CANCELLED", "TIMEOUT"].includes(s))) {
      return states;
    }
    if (Date.now() > end) {
      const logs = [];
      for await (const e of Deno.readDir(dir)) {
        if (e.name.endsWith(".out")) logs.push(await Deno.readTextFile(`${dir}/${e.name}`));
      }
      throw new Error(`slurm test: job ${id} is ${states.join(", ")}; logs:\n${logs.join("\n")}`);
    }
    await sleep(1000);
  }
}

async function submit(n: number, cfg: string, env: Record<string, string>, logs: string) {
  const out = await sh(`${ROOT}tasks/slurm/submit.sh`, [String(n), "--config", cfg], {
    ...env,
    DENO: Deno.execPath(),
    IGDS_ROOT: ROOT,
    SBATCH_ARGS: `--output=${logs}/%x-%j.out --partition=test`,
  });
  const m = /^array (\d+) merge (\d+)$/.exec(out);
  assert.ok(m, out);
  return { array: m[1], merge: m[2] };
}

Deno.test({
  name: "slurm: a job array of 3 shards and the merge job equal a single-process run, even " +
    "when a task is stopped mid-stage and requeued",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const t0 = performance.now();
    await ensureSlurm();
    const dir = await Deno.makeTempDir({ prefix: "igds-slurm-" });
    let env: Record<string, string> | null = null;
    try {
      await Deno.mkdir(`${dir}/slurm`);
      env = await startSlurm(`${dir}/slurm`);
      const prior = await tinyPrior(dir);
      const single = await distill(tinyConfig(`${dir}/single`, prior));
      const expected = withoutTimes(single);
      const cfgFor = async (name: string) => {
        const cfg = `${dir}/${name}.yaml`;
        await Deno.writeTextFile(cfg, JSON.stringify(tinyConfig(`${dir}/${name}`, prior)));
        return cfg;
      };
      // 1: array + merge
      const one = await submit(3, await cfgFor("one"), env, dir);
      const states = await waitJob(one.merge, env, dir);
      assert.deepEqual(states, ["COMPLETED"]);
      assert.ok((await jobState(one.array, env)).every((s) => s === "COMPLETED"));
      const merged = JSON.parse(await Deno.readTextFile(`${dir}/one/results.json`));
      assert.deepEqual(withoutTimes(merged as DistillSummary), expected);
      // 2: SIGTERM to the array task that holds a stage's lock, mid-stage
      const two = await submit(3, await cfgFor("two"), env, dir);
      let stopped: { task: string; stage: string } | null = null;
      const end = Date.now() + 180_000;
      while (!stopped) {
        assert.ok(Date.now() < end, "no stage lock seen in job 2");
        for (const lock of await locks(`${dir}/two`)) {
          const holder = JSON.parse(await Deno.readTextFile(lock).catch(() => "null"));
          const task = holder && await arrayTaskOf(holder.pid);
          if (task === null || task === undefined) continue;
          await sh("scancel", ["--signal=TERM", "--full", `${two.array}_${task}`], env);
          stopped = { task, stage: lock.slice(`${dir}/two/`.length, -".lock".length) };
          break;
        }
        if (!stopped) await sleep(100);
      }
      // the task is requeued, and starts again after cred_expire (10 s, slurm.conf above)
      const taskId = `${two.array}_${stopped.task}`;
      const requeueEnd = Date.now() + 60_000;
      while (!(await sh("scontrol", ["show", "job", taskId], env)).includes("Restarts=1")) {
        assert.ok(Date.now() < requeueEnd, `${taskId} was not requeued`);
        await sleep(500);
      }
      assert.deepEqual(await waitJob(two.merge, env, dir), ["COMPLETED"]);
      assert.ok(await exists(`${dir}/two/${stopped.stage}/stage.json`));
      const logs: string[] = [];
      for await (const e of Deno.readDir(dir)) {
        if (e.name.endsWith(".out")) logs.push(await Deno.readTextFile(`${dir}/${e.name}`));
      }
      assert.match(logs.join("\n"), /SIGTERM: stopped; released /);
      const again = JSON.parse(await Deno.readTextFile(`${dir}/two/results.json`));
      assert.deepEqual(withoutTimes(again as DistillSummary), expected);
      console.log(
        `slurm test: stopped task ${stopped.task} during stage ${stopped.stage}; ` +
          `${((performance.now() - t0) / 1000).toFixed(0)} s in all`,
      );
    } finally {
      await stopSlurm(`${dir}/slurm`, env);
    }
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  },
});

/** The lock files under a run folder. */
async function locks(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (d: string) => {
    let entries: Deno.DirEntry[];
    try {
      entries = await Array.fromAsync(Deno.readDir(d));
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isFile && e.name.endsWith(".lock")) found.push(`${d}/${e.name}`);
      else if (e.isDirectory && d.split("/").length - root.split("/").length < 3) {
        await walk(`${d}/${e.name}`);
      }
    }
  };
  await walk(root);
  return found;
}

/** The Slurm array task id a process of this host runs in (from its environment). */
async function arrayTaskOf(pid: number): Promise<string | null> {
  try {
    const environ = await Deno.readTextFile(`/proc/${pid}/environ`);
    const m = /(?:^|\0)SLURM_ARRAY_TASK_ID=(\d+)/.exec(environ);
    return m ? m[1] : null;
  } catch {
    return null;
  }
}
