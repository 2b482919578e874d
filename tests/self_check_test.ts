// The known-answer self-check, the adapter line, and what every task does at start-up:
// refuse a wrong-computing adapter (a kernel broken on purpose here), print errors as one line.
import assert from "node:assert/strict";
import { describeAdapter, driverOf, viewKeepsDimension } from "../lib/gpu/adapter.ts";
import { gpu } from "../lib/gpu/gpu.ts";
import { arrayLayersFor } from "../lib/gpu/texture_pool.ts";
import { kernelSource } from "../lib/gpu/kernel_source.ts";
import { runSelfCheck, SELF_CHECK_CASES } from "../lib/hosts/self_check.ts";
import { gpuReady } from "./helpers.ts";

await gpuReady;
const root = new URL("..", import.meta.url).pathname;

Deno.test("self-check: every known-answer case passes on this adapter", async () => {
  const results = await runSelfCheck();
  assert.equal(results.length, SELF_CHECK_CASES.length);
  for (const r of results) assert.ok(r.ok, `${r.name}: ${r.detail} (error ${r.error})`);
  // the adapter line names the backend the launcher chose
  assert.match(gpu().adapterName, / backend$/);
});

Deno.test("adapter line: adapter, driver and backend", () => {
  const info = { description: "llvmpipe (LLVM 15.0.6, 256 bits)", vendor: "65541" };
  assert.equal(
    describeAdapter(info, "GL"),
    "llvmpipe (LLVM 15.0.6, 256 bits); Mesa driver; GL backend",
  );
  assert.equal(driverOf({ vendor: "0x10de" }), "NVIDIA");
  assert.equal(driverOf({ vendor: "google" }), "google");
  assert.equal(
    describeAdapter({ vendor: "4318" }, "Vulkan"),
    "4318; NVIDIA driver; Vulkan backend",
  );
});

Deno.test("texture pool: 2d-array textures never have 1 or 6k layers where the backend may guess (wgpu's GL)", () => {
  assert.deepEqual([1, 2, 5, 6, 7, 12].map(arrayLayersFor), [2, 2, 5, 7, 7, 13]);
  const t = gpu().textures.acquire(4, 3, 1);
  assert.equal(t.depthOrArrayLayers, viewKeepsDimension(gpu().adapterName) ? 1 : 2);
  gpu().textures.release(t);
  const r = gpu().textures.acquire(4, 3, 1, "r32float");
  assert.equal(r.depthOrArrayLayers, 1);
  gpu().textures.release(r);
});

/** Runs a task file directly (the launcher's backend is inherited), with extra env. */
async function runTask(task: string, args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--unstable-webgpu", `${root}tasks/${task}.ts`, ...args],
    env: { XDG_RUNTIME_DIR: "/tmp", ...env },
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

Deno.test("a broken kernel makes every computing task refuse at start-up, naming the adapter and the case", async () => {
  const dir = await Deno.makeTempDir();
  // addition off by 1%: compiles, runs, and is wrong
  const good = "case 0u: { return u + v; }";
  assert.ok(kernelSource("binary").includes(good));
  await Deno.writeTextFile(
    `${dir}/binary.wgsl`,
    kernelSource("binary").replace(good, "case 0u: { return u + v * 1.01; }"),
  );
  const env = { IGDS_KERNEL_OVERRIDE: `binary=${dir}/binary.wgsl` };
  const out = `${dir}/out`;
  const tasks: [string, string[]][] = [
    ["distill", ["--out", out]],
    ["train-prior", ["--out", out]],
    ["train-ve", ["--out", out]],
    ["sample", ["--out", out, "--count", "1", "--steps", "2"]],
    ["prior-quality", ["--out", out, "--per-class", "1"]],
    ["eval", [`${root}fixtures/fashion-mnist`]],
    ["calibrate", ["--out", out, "--ipc", "1", "--subsets", "1", "--epochs", "1"]],
    ["sweep-beta", ["--out", out]],
    ["sweep-h", ["--out", out]],
    ["bench", ["--filter", "matmul_1024"]],
  ];
  for (const [task, args] of tasks) {
    const r = await runTask(task, args, env);
    assert.equal(r.code, 1, `${task} exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stderr, /^error: the WebGPU adapter computes wrong answers; refusing to start/);
    assert.match(r.stderr, /adapter: .*; .* backend/, task);
    assert.match(r.stderr, /failed: elementwise, storage path/, task);
    assert.match(r.stderr, /apt-get install mesa-vulkan-drivers/, task);
    assert.doesNotMatch(r.stderr, /Uncaught/, task);
    // nothing was written
    await assert.rejects(Deno.stat(out), Deno.errors.NotFound, `${task} wrote ${out}`);
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("task errors are one line without a stack, and exit 1; --debug adds the stack", async () => {
  const r = await runTask("distill", ["--no-such-key", "1"]);
  assert.equal(r.code, 1);
  assert.doesNotMatch(r.stderr, /Uncaught|\n\s+at /);
  assert.match(r.stderr, /^error: .*no-such-key/);
  const d = await runTask("distill", ["--no-such-key", "1", "--debug"]);
  assert.equal(d.code, 1);
  assert.match(d.stderr, /^error: .*no-such-key[^]*\n\s+at /);
});
