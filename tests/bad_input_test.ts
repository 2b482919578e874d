// Bad input (issue 15): each test makes the bad input in a temp folder, checks that the error
// names the file (or folder) and what was expected, and that nothing already written was lost.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { gpuReady } from "./helpers.ts";

await gpuReady;

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DENO = Deno.execPath();

/** Whether a process with this id exists (`kill -0`). */
async function alive(pid: number): Promise<boolean> {
  const out = await new Deno.Command("kill", { args: ["-0", String(pid)], stderr: "null" })
    .output();
  return out.success;
}

async function waitFor<T>(what: string, f: () => Promise<T | undefined>, ms = 60_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await f();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const readPid = (file: string) => async () => {
  const text = await Deno.readTextFile(file).catch(() => "");
  return text.endsWith("\n") ? Number(text) : undefined;
};

// 1. tasks/with-gpu.ts passes SIGTERM (and SIGHUP, SIGINT) on to the job it starts

/** A job that writes its pid, counts the SIGINTs it gets (stopping 1 s after the first). */
const JOB = `
const [pidFile, sigFile] = Deno.args;
Deno.addSignalListener("SIGINT", () => {
  Deno.writeTextFileSync(sigFile, "SIGINT\\n", { append: true });
  setTimeout(() => Deno.exit(0), 1000);
});
Deno.writeTextFileSync(pidFile, Deno.pid + "\\n");
setTimeout(() => {}, 30_000);
`;

Deno.test("with-gpu: SIGTERM to the launcher ends the job and exits 128 + 15", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/job.ts`, JOB);
  const launcher = new Deno.Command(DENO, {
    args: ["run", "-A", "tasks/with-gpu.ts", "run", "-A", `${dir}/job.ts`, `${dir}/pid`, "-"],
    cwd: ROOT,
    stdin: "null",
  }).spawn();
  const pid = await waitFor("the job's pid", readPid(`${dir}/pid`));
  try {
    assert.ok(await alive(pid));
    launcher.kill("SIGTERM");
    const status = await launcher.status;
    assert.equal(status.code, 143, `launcher status ${JSON.stringify(status)}`);
    await waitFor("the job to end", async () => (await alive(pid)) ? undefined : true, 5000)
      .catch(() => assert.fail(`the job (pid ${pid}) outlived its launcher`));
    assert.equal(await Deno.readTextFile(`${dir}/pid`), `${pid}\n`);
  } finally {
    if (await alive(pid)) Deno.kill(pid, "SIGKILL");
    await Deno.remove(dir, { recursive: true });
  }
});

const hasScript = await new Deno.Command("script", { args: ["--version"], stdout: "null" })
  .output().then((o) => o.success, () => false);

Deno.test({
  name: "with-gpu: Ctrl-C in a terminal reaches the job once (util-linux script as terminal)",
  ignore: !hasScript,
  fn: async () => {
    const dir = await Deno.makeTempDir();
    await Deno.writeTextFile(`${dir}/job.ts`, JOB);
    const q = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
    const cmd = [DENO, "run", "-A", "tasks/with-gpu.ts", "run", "-A", `${dir}/job.ts`]
      .concat([`${dir}/pid`, `${dir}/signals`]).map(q).join(" ");
    const term = new Deno.Command("script", {
      args: ["-qec", cmd, "/dev/null"],
      cwd: ROOT,
      stdin: "piped",
      stdout: "null",
    }).spawn();
    const pid = await waitFor("the job's pid", readPid(`${dir}/pid`));
    try {
      const w = term.stdin.getWriter();
      await w.write(new Uint8Array([3])); // ^C: the terminal sends SIGINT to the job's group
      await waitFor("the job to end", async () => (await alive(pid)) ? undefined : true, 10_000);
      await w.close();
      await term.status;
      // a second SIGINT would mean "kill now" to train-prior, train-ve and eval
      assert.equal(await Deno.readTextFile(`${dir}/signals`), "SIGINT\n");
    } finally {
      if (await alive(pid)) Deno.kill(pid, "SIGKILL");
      await Deno.remove(dir, { recursive: true });
    }
  },
});
