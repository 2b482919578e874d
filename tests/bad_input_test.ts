// Bad input (issue 15): each test makes the bad input in a temp folder, checks that the error
// names the file (or folder) and what was expected, and that nothing already written was lost.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { readImageFolder } from "../lib/data/image_folder.ts";
import { loadDataset } from "../lib/data/datasets.ts";
import type { Denoiser } from "../lib/diffusion/denoiser.ts";
import { loadPrior, SHIPPED_PRIOR } from "../lib/diffusion/prior_file.ts";
import { sample } from "../lib/diffusion/sampler.ts";
import { noiseSchedule } from "../lib/diffusion/schedule.ts";
import { PRIOR_SCHEMA, trainPrior } from "../lib/diffusion/train.ts";
import { evaluateDistilled } from "../lib/eval/evaluate.ts";
import { defaults } from "../lib/io/config.ts";
import { readLogLines } from "../lib/io/jsonl.ts";
import { affine } from "../lib/ops/unary.ts";
import type { Tensor } from "../lib/tensor.ts";
import { gpuReady } from "./helpers.ts";

await gpuReady;

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DENO = Deno.execPath();

/** Runs `deno <args>` in the repository root; returns the exit code and both outputs. */
async function deno(args: string[]) {
  const out = await new Deno.Command(DENO, { args, cwd: ROOT, stdin: "null" }).output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

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

/** Every file under `dir` with its bytes, by path relative to `dir`. */
async function snapshot(dir: string): Promise<Record<string, Uint8Array>> {
  const out: Record<string, Uint8Array> = {};
  const walk = async (rel: string) => {
    for await (const e of Deno.readDir(`${dir}/${rel}`)) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory) await walk(path);
      else out[path] = await Deno.readFile(`${dir}/${path}`);
    }
  };
  await walk("");
  return out;
}

/** `text` as a regular expression that matches it literally. */
const lit = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const listDir = async (dir: string) =>
  (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort();

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

Deno.test("with-gpu: a fallback to GL nobody asked for is announced; asking for GL is quiet", async () => {
  // no Vulkan driver for the loader to find; the GL backend (Mesa's EGL) still works
  const run = async (env: Record<string, string>) => {
    const out = await new Deno.Command(DENO, {
      args: [
        "run",
        "-A",
        "tasks/with-gpu.ts",
        "eval",
        "console.log(Deno.env.get('DENO_WEBGPU_BACKEND'))",
      ],
      cwd: ROOT,
      env: { VK_ICD_FILENAMES: "/nonexistent/icd.json", ...env },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const [stdout, stderr] = [out.stdout, out.stderr].map((b) => new TextDecoder().decode(b));
    assert.equal(out.code, 0, stderr);
    return { stdout: stdout.trim(), stderr };
  };
  const fallback = await run({});
  assert.equal(fallback.stdout, "gl");
  assert.match(fallback.stderr, /no Vulkan adapter here, so Deno's GL backend runs this/);
  const asked = await run({ DENO_WEBGPU_BACKEND: "gl" });
  assert.equal(asked.stdout, "gl");
  assert.doesNotMatch(asked.stderr, /no Vulkan adapter/);
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

// 2. deno task sample refuses a non-empty --out, and writes folders only for classes sampled

Deno.test("sample: a non-empty --out is refused unless --overwrite; no empty folders", async () => {
  const dir = await Deno.makeTempDir();
  const out = `${dir}/samples`;
  const run = (...extra: string[]) =>
    deno([
      "run",
      "-A",
      "--unstable-webgpu",
      "tasks/sample.ts",
      "--count",
      "1",
      "--steps",
      "2",
      "--method",
      "ddim",
      "--out",
      out,
      ...extra,
    ]);
  try {
    const first = await run("--classes", "0");
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(await listDir(out), ["T-shirt_top", "grid.png"]);
    assert.deepEqual(await listDir(`${out}/T-shirt_top`), ["0.png"]);
    const before = await snapshot(out);

    const again = await run("--classes", "Bag");
    assert.notEqual(again.code, 0);
    assert.match(again.stderr, new RegExp(`${lit(out)}: the output folder is not empty`));
    assert.match(again.stderr, /--overwrite/);
    assert.deepEqual(await snapshot(out), before);

    const over = await run("--classes", "Bag", "--overwrite");
    assert.equal(over.code, 0, over.stderr);
    assert.deepEqual(await listDir(out), ["Bag", "grid.png"]);

    // --overwrite leaves a folder that does not look like a sample folder alone
    const other = `${dir}/other`;
    await Deno.mkdir(`${other}/Bag`, { recursive: true });
    await Deno.writeTextFile(`${other}/notes.txt`, "mine");
    await Deno.writeTextFile(`${other}/Bag/0.png`, "not really");
    const kept = await snapshot(other);
    const refused = await deno([
      "run",
      "-A",
      "--unstable-webgpu",
      "tasks/sample.ts",
      "--out",
      other,
      "--overwrite",
    ]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, new RegExp(`${lit(other)}/notes\\.txt is not a class folder`));
    assert.deepEqual(await snapshot(other), kept);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

// 3. NaN weights: loadPrior names the file and the tensor; the sampler does not make black images

/** The safetensors file at `path` with `value` written into element `index` of `tensor`. */
async function withValue(path: string | URL, tensor: string, index: number, value: number) {
  const bytes = await Deno.readFile(path);
  const view = new DataView(bytes.buffer);
  const headerLen = Number(view.getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLen)));
  const entry = header[tensor] as { dtype: string; data_offsets: [number, number] };
  assert.equal(entry.dtype, "F32");
  view.setFloat32(8 + headerLen + entry.data_offsets[0] + 4 * index, value, true);
  return bytes;
}

Deno.test("prior with NaN weights: loadPrior names the file and the tensor", async () => {
  const dir = await Deno.makeTempDir();
  const file = `${dir}/nan-prior.safetensors`;
  const tensor = "down[1].res[0].conv1.weight";
  const bytes = await withValue(SHIPPED_PRIOR, tensor, 5, NaN);
  await Deno.writeFile(file, bytes);
  try {
    await assert.rejects(
      loadPrior(file),
      (e: Error) => {
        assert.match(e.message, new RegExp(`^${lit(file)}: tensor "down\\[1\\]\\.res\\[0\\]`));
        assert.match(e.message, /holds 1 NaN or Inf value \(the first, NaN, at flat index 5\)/);
        return true;
      },
    );
    assert.deepEqual(await Deno.readFile(file), bytes);
    // an infinity too
    await Deno.writeFile(file, await withValue(SHIPPED_PRIOR, "out.bias", 0, -Infinity));
    await assert.rejects(loadPrior(file), /"out\.bias" \[1\] holds 1 NaN or Inf value/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("sampler: NaN predictions are an error naming steps and method", async () => {
  const s = noiseSchedule("linear", 1000);
  const den: Denoiser<Tensor[]> = {
    params: [],
    channels: 1,
    size: 4,
    classes: 0,
    predict: (_p, x) => affine(x, NaN), // clipping would turn the NaN into -1 (black)
  };
  for (const method of ["ddpm", "ddim"] as const) {
    await assert.rejects(
      sample(den, [], s, { n: 2, steps: 3, method }),
      new RegExp(`NaN or Inf in 3 of 3 ${method} steps`),
    );
  }
});

// 4. ImageFolder: an image of another size or channel count is an error naming the file

async function png(path: string, size: number, channels: 1 | 3, value = 128) {
  const data = new Uint8Array(size * size * channels).fill(value);
  let img = sharp(data, { raw: { width: size, height: size, channels } });
  img = channels === 1 ? img.toColourspace("b-w") : img;
  await Deno.writeFile(path, await img.png().toBuffer());
}

Deno.test("image folder: an image of another size or channel count names the file", async () => {
  const root = await Deno.makeTempDir();
  try {
    for (const c of ["a", "b"]) {
      await Deno.mkdir(`${root}/train/${c}`, { recursive: true });
      for (let i = 0; i < 3; i++) await png(`${root}/train/${c}/${i}.png`, 28, 1);
    }
    // after the first image: it used to be stretched to 28x28 and turned gray
    await png(`${root}/train/b/9.png`, 64, 3);
    const before = await snapshot(root);
    await assert.rejects(
      readImageFolder(`${root}/train`),
      new RegExp(
        `^Error: ${lit(root)}/train/b/9\\.png: the image is 3x64x64 \\(RGB, 64x64 pixels\\), but ` +
          `the first image, ${lit(root)}/train/a/0\\.png, is 1x28x28 \\(grayscale, 28x28 pixels\\)`,
      ),
    );
    await assert.rejects(loadDataset(root, "train"), /train\/b\/9\.png: the image is 3x64x64/);
    assert.deepEqual(await snapshot(root), before);
    // the same size in RGB: the channel count differs
    await png(`${root}/train/b/9.png`, 28, 3);
    await assert.rejects(readImageFolder(`${root}/train`), /9\.png: the image is 3x28x28 \(RGB/);
    // resizing and converting only when asked to
    const resized = await readImageFolder(`${root}/train`, { size: 28, channels: 1 });
    assert.deepEqual([resized.n, resized.channels, resized.height], [7, 1, 28]);

    // first in sort order: the error names it as the first image
    await png(`${root}/train/a/0.png`, 64, 3);
    await Deno.remove(`${root}/train/b/9.png`);
    await assert.rejects(
      readImageFolder(`${root}/train`),
      new RegExp(
        `train/a/1\\.png: the image is 1x28x28 .*the first image, ${lit(root)}/train/a/0\\.png`,
      ),
    );
    await png(`${root}/train/a/0.png`, 28, 1);

    // consistent splits of different shapes: the evaluation names both folders
    await Deno.mkdir(`${root}/test/a`, { recursive: true });
    await png(`${root}/test/a/0.png`, 64, 3);
    await Deno.mkdir(`${root}/test/b`, { recursive: true });
    await png(`${root}/test/b/0.png`, 64, 3);
    const [train, test] = [await loadDataset(root, "train"), await loadDataset(root, "test")];
    await assert.rejects(
      evaluateDistilled(train, test, { epochs: 1, runs: 1 }),
      new RegExp(
        `the training images \\(${lit(root)}/train\\) are 1x28x28 .*but the test images ` +
          `\\(${lit(root)}/test\\) are 3x64x64`,
      ),
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

// 5. A malformed line in log.jsonl: an error naming the file and the line

Deno.test("train-prior: a malformed log.jsonl line names the file and line", async () => {
  const dir = await Deno.makeTempDir();
  const base = defaults(PRIOR_SCHEMA);
  const cfg = (steps: number) => ({
    ...base,
    data: { name: "fashion-mnist", bundled: true },
    model: { ...base.model, base: 8, groups: 4, mult: [1, 2] },
    train: { ...base.train, batch: 4, steps, checkpointEvery: 2, logEvery: 1, warmup: 2 },
    out: dir,
  });
  try {
    await trainPrior(cfg(2));
    const log = `${dir}/log.jsonl`;
    const lines = (await Deno.readTextFile(log)).split("\n");
    lines[1] = lines[1].slice(0, 20); // a line cut short, as by a careless edit
    await Deno.writeTextFile(log, lines.join("\n"));
    const before = await snapshot(dir);
    await assert.rejects(trainPrior(cfg(4)), new RegExp(`^Error: ${lit(log)}:2: not a JSON line`));
    assert.deepEqual(await snapshot(dir), before);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readLogLines: lines up to a step, as written; a missing file is empty", async () => {
  const dir = await Deno.makeTempDir();
  const log = `${dir}/log.jsonl`;
  try {
    assert.deepEqual(await readLogLines(log, 10), []);
    await Deno.writeTextFile(log, '{"step":1,"loss":0.5}\n{"step": 2}\n\n{"step":3}\n');
    assert.deepEqual(await readLogLines(log, 2), ['{"step":1,"loss":0.5}', '{"step": 2}']);
    await Deno.writeTextFile(log, '{"step":1}\n[1, 2]\n');
    await assert.rejects(readLogLines(log, 2), new RegExp(`${lit(log)}:2: expected a JSON object`));
    await Deno.writeTextFile(log, '{"step":1}\n{"loss":1}\n');
    await assert.rejects(readLogLines(log, 2), new RegExp(`${lit(log)}:2: .*numeric "step"`));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
