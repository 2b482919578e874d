import assert from "node:assert/strict";
import sharp from "sharp";
import { writeFileAtomic } from "../lib/io/atomic.ts";
import { loadCheckpoint, saveCheckpoint } from "../lib/io/checkpoint_file.ts";
import {
  applyFlags,
  ConfigError,
  configToYaml,
  defaults,
  describeSchema,
  field,
  loadConfig,
  parseConfig,
  readConfig,
  validateConfig,
} from "../lib/io/config.ts";
import { encodePng, makeGrid, writeImageFolder, writePngGrid } from "../lib/io/images.ts";
import { barChartSvg, linePlotSvg, niceTicks, svgToPng, writePlot } from "../lib/io/plot.ts";
import { formatDuration, Progress, track } from "../lib/io/progress.ts";
import {
  formatMeanStd,
  markdownTable,
  meanStd,
  type Report,
  writeReport,
} from "../lib/io/report.ts";
import {
  decodeSafetensors,
  encodeSafetensors,
  f16ToF32,
  f32ToF16,
  type TensorMap,
} from "../lib/io/safetensors.ts";
import { readSafetensors, writeSafetensors } from "../lib/io/safetensors_file.ts";

async function rejectsWith(p: Promise<unknown>, ...parts: string[]) {
  await assert.rejects(p, (err: Error) => {
    for (const part of parts) {
      assert.ok(err.message.includes(part), `"${err.message}" lacks "${part}"`);
    }
    return true;
  });
}

function throwsWith(fn: () => unknown, ...parts: string[]) {
  assert.throws(fn, (err: Error) => {
    for (const part of parts) {
      assert.ok(err.message.includes(part), `"${err.message}" lacks "${part}"`);
    }
    return true;
  });
}

const listDir = async (dir: string) =>
  (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort();

const tensors = (): TensorMap => ({
  "conv.weight": {
    dtype: "F32",
    shape: [2, 1, 3],
    data: new Float32Array([1, -2, 3.5, 0, 1e-8, -1e30]),
  },
  "half": { dtype: "F16", shape: [3], data: f32ToF16(new Float32Array([1, -0.5, 65504])) },
  "count": { dtype: "I32", shape: [], data: new Int32Array([-7]) },
  "ids": { dtype: "I64", shape: [2, 1], data: new BigInt64Array([-(2n ** 62n), 5n]) },
  "empty": { dtype: "F32", shape: [0, 4], data: new Float32Array(0) },
});

Deno.test("safetensors: round trip of F32, F16, I32, I64 and metadata", async () => {
  const dir = await Deno.makeTempDir();
  await writeSafetensors(`${dir}/m.safetensors`, tensors(), { note: "hi", step: "3" });
  const { tensors: back, metadata } = await readSafetensors(`${dir}/m.safetensors`);
  assert.deepEqual(back, tensors());
  assert.deepEqual(metadata, { note: "hi", step: "3" });
  assert.deepEqual(await listDir(dir), ["m.safetensors"]); // no temporary file left
  // Layout: u64 LE header length, JSON padded to 8 bytes, aligned offsets, no holes.
  const bytes = await Deno.readFile(`${dir}/m.safetensors`);
  const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  assert.equal((8 + n) % 8, 0);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
  assert.deepEqual(header.ids, { dtype: "I64", shape: [2, 1], data_offsets: [0, 16] });
  assert.equal(header.half.data_offsets[0] % 2, 0);
  assert.equal(bytes.length, 8 + n + 16 + 24 + 4 + 6);
});

Deno.test("safetensors: reads a file written by hand from the spec", () => {
  const json =
    '{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';
  const head = new TextEncoder().encode(json);
  const bytes = new Uint8Array(8 + head.length + 8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(head.length), true);
  bytes.set(head, 8);
  new DataView(bytes.buffer).setFloat32(8 + head.length, 1.5, true);
  new DataView(bytes.buffer).setFloat32(8 + head.length + 4, -2, true);
  const { tensors: t, metadata } = decodeSafetensors(bytes, "hand.safetensors");
  assert.deepEqual(t.a, { dtype: "F32", shape: [2], data: new Float32Array([1.5, -2]) });
  assert.equal(metadata.format, "pt");
});

Deno.test("safetensors: truncated files and headers that lie name the file and the problem", async () => {
  const dir = await Deno.makeTempDir();
  const good = encodeSafetensors(tensors());
  const write = async (name: string, bytes: Uint8Array) => {
    await Deno.writeFile(`${dir}/${name}`, bytes);
    return readSafetensors(`${dir}/${name}`);
  };
  await rejectsWith(
    write("cut.safetensors", good.subarray(0, good.length - 4)),
    `${dir}/cut.safetensors:`,
    "run past the end of the data",
  );
  await rejectsWith(
    write("tiny.safetensors", good.subarray(0, 5)),
    `${dir}/tiny.safetensors: truncated: 5 bytes`,
  );
  await rejectsWith(
    write("head.safetensors", good.subarray(0, 40)),
    `${dir}/head.safetensors: header length`,
    "exceeds",
  );
  const withHeader = (h: unknown, data: number) => {
    const head = new TextEncoder().encode(JSON.stringify(h));
    const out = new Uint8Array(8 + head.length + data);
    new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
    out.set(head, 8);
    return out;
  };
  await rejectsWith(
    write(
      "lies.safetensors",
      withHeader({ w: { dtype: "F32", shape: [3], data_offsets: [0, 8] } }, 8),
    ),
    `${dir}/lies.safetensors: tensor "w": shape [3] of F32 needs 12 bytes, but data_offsets [0,8] span 8`,
  );
  await rejectsWith(
    write(
      "hole.safetensors",
      withHeader({ w: { dtype: "F32", shape: [1], data_offsets: [4, 8] } }, 8),
    ),
    `${dir}/hole.safetensors: tensor "w" starts at 4, expected 0`,
  );
  await rejectsWith(
    write(
      "extra.safetensors",
      withHeader({ w: { dtype: "I32", shape: [1], data_offsets: [0, 4] } }, 8),
    ),
    `${dir}/extra.safetensors: 4 bytes after the last tensor's data`,
  );
  await rejectsWith(
    write(
      "bf16.safetensors",
      withHeader({ w: { dtype: "BF16", shape: [1], data_offsets: [0, 2] } }, 2),
    ),
    `${dir}/bf16.safetensors: tensor "w": unsupported dtype "BF16"`,
  );
  const notJson = good.slice();
  notJson[8] = 0x7d; // "}"
  await rejectsWith(
    write("json.safetensors", notJson),
    `${dir}/json.safetensors: header is not valid JSON`,
  );
  throwsWith(
    () => encodeSafetensors({ w: { dtype: "F32", shape: [2, 2], data: new Float32Array(3) } }),
    `tensor "w": shape [2,2] needs 4 values, got 3`,
  );
  throwsWith(
    () => encodeSafetensors({ w: { dtype: "I64", shape: [1], data: new Int32Array(1) } }),
    `tensor "w": I64 needs a BigInt64Array, got Int32Array`,
  );
});

Deno.test("safetensors: F16 conversion is exact for every half value and rounds to nearest even", () => {
  const all = Uint16Array.from({ length: 65536 }, (_, i) => i);
  const floats = f16ToF32(all);
  const back = f32ToF16(floats);
  for (let i = 0; i < 65536; i++) {
    const nan = (i & 0x7c00) === 0x7c00 && (i & 0x3ff) !== 0;
    if (nan) assert.ok(Number.isNaN(floats[i]) && (back[i] & 0x7fff) > 0x7c00);
    else assert.equal(back[i], i, `half 0x${i.toString(16)}`);
  }
  assert.deepEqual([
    ...f32ToF16([1, 1 + 2 ** -11, 1 + 3 * 2 ** -11, 70000, 2 ** -25, 2 ** -24 * 1.5]),
  ], [
    0x3c00,
    0x3c00,
    0x3c02,
    0x7c00,
    0,
    2,
  ]);
});

Deno.test("checkpoint: save and load with step, config and RNG state, shapes validated", async () => {
  const dir = await Deno.makeTempDir();
  const path = await saveCheckpoint(`${dir}/ckpt/step-10`, {
    tensors: tensors(),
    step: 10,
    config: { lr: 0.01, model: { width: 128 } },
    rng: { seed: 7, counter: [1, 2] },
  });
  assert.equal(path, `${dir}/ckpt/step-10.safetensors`);
  assert.deepEqual(await listDir(`${dir}/ckpt`), ["step-10.safetensors"]);
  const expected = Object.fromEntries(
    Object.entries(tensors()).map(([k, t]) => [k, { shape: t.shape }]),
  );
  const ck = await loadCheckpoint(path, expected);
  assert.equal(ck.step, 10);
  assert.deepEqual(ck.config, { lr: 0.01, model: { width: 128 } });
  assert.deepEqual(ck.rng, { seed: 7, counter: [1, 2] });
  assert.deepEqual(ck.tensors, tensors());
  const wrong = { ...expected, "conv.weight": { shape: [2, 3] }, extra: { shape: [1] } };
  delete (wrong as Record<string, unknown>).ids;
  await rejectsWith(
    loadCheckpoint(path, wrong),
    `${path}: checkpoint does not match the model`,
    `tensor "conv.weight" has shape [2,1,3], expected [2,3]`,
    `missing tensor "extra"`,
    `unexpected tensor "ids"`,
  );
  await rejectsWith(
    loadCheckpoint(path, { ...expected, count: { shape: [], dtype: "F32" } }),
    `tensor "count" has dtype I32, expected F32`,
  );
  await writeSafetensors(`${dir}/plain.safetensors`, tensors());
  await rejectsWith(
    loadCheckpoint(`${dir}/plain.safetensors`),
    `${dir}/plain.safetensors: not a checkpoint`,
  );
});

Deno.test("atomic: writes through a temporary file and creates folders", async () => {
  const dir = await Deno.makeTempDir();
  await writeFileAtomic(`${dir}/a/b/c.txt`, "one");
  await writeFileAtomic(`${dir}/a/b/c.txt`, new TextEncoder().encode("two"));
  assert.equal(await Deno.readTextFile(`${dir}/a/b/c.txt`), "two");
  assert.deepEqual(await listDir(`${dir}/a/b`), ["c.txt"]);
  await Deno.mkdir(`${dir}/isdir`);
  await rejectsWith(writeFileAtomic(`${dir}/isdir`, "x"), `${dir}/isdir: cannot write`);
  assert.deepEqual(await listDir(dir), ["a", "isdir"]);
});

Deno.test("images: true grayscale PNG, RGB PNG, grid and ImageFolder layout", async () => {
  const dir = await Deno.makeTempDir();
  const gray = {
    data: Float32Array.from({ length: 12 }, (_, i) => i / 11),
    channels: 1,
    height: 3,
    width: 4,
  };
  const png = await encodePng(gray);
  const meta = await sharp(png).metadata();
  assert.deepEqual([meta.format, meta.channels, meta.space, meta.width, meta.height], [
    "png",
    1,
    "b-w",
    4,
    3,
  ]);
  const raw = await sharp(png).extractChannel(0).raw().toBuffer();
  assert.deepEqual([...raw], [...gray.data].map((v) => Math.round(v * 255)));
  const rgb = await encodePng({
    data: new Float32Array(3 * 4).fill(0.5),
    channels: 3,
    height: 2,
    width: 2,
  });
  assert.equal((await sharp(rgb).metadata()).channels, 3);
  await assert.rejects(
    encodePng({ data: new Float32Array(8), channels: 2, height: 2, width: 2 }),
    /2 channels/,
  );

  const batch = {
    images: new Float32Array(5 * 2 * 3).fill(0),
    n: 5,
    channels: 1,
    height: 2,
    width: 3,
  };
  const grid = makeGrid(batch, { cols: 3, pad: 1 });
  assert.deepEqual([grid.height, grid.width], [2 * 2 + 3, 3 * 3 + 4]);
  assert.equal(grid.data[0], 1); // padding is white
  assert.equal(grid.data[1 * grid.width + 1], 0); // first image pixel
  await writePngGrid(`${dir}/grid.png`, batch, { cols: 3, pad: 1 });
  const gm = await sharp(`${dir}/grid.png`).metadata();
  assert.deepEqual([gm.width, gm.height, gm.channels], [13, 7, 1]);

  const paths = await writeImageFolder(`${dir}/out`, {
    ...batch,
    labels: new Int32Array([1, 0, 1, 1, 0]),
    classes: ["zero", "one"],
  });
  assert.deepEqual(paths.map((p) => p.slice(dir.length)), [
    "/out/one/0.png",
    "/out/zero/0.png",
    "/out/one/1.png",
    "/out/one/2.png",
    "/out/zero/1.png",
  ]);
  assert.deepEqual(await listDir(`${dir}/out/one`), ["0.png", "1.png", "2.png"]);
});

Deno.test("plots: line plot and bar chart render to PNG with axes and labels", async () => {
  assert.deepEqual(niceTicks(0, 0.93), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(niceTicks(3, 3), [2.6, 2.8, 3, 3.2, 3.4]);
  assert.deepEqual(niceTicks(0, 0), [-1, -0.5, 0, 0.5, 1]);
  const line = linePlotSvg(
    [{ name: "train", x: [0, 100, 200, 300], y: [2.3, 1.2, NaN, 0.6] }, {
      name: "test <a&b>",
      x: [0, 300],
      y: [2.4, 0.9],
    }],
    { title: "Loss", xLabel: "step", yLabel: "cross-entropy" },
  );
  for (const s of ["Loss", "step", "cross-entropy", "test &lt;a&amp;b&gt;", ">300<", ">2.5<"]) {
    assert.ok(line.includes(s), s);
  }
  const bar = barChartSvg(["random", "herding", "IGDS"], [73.8, 71.1, 84.6], {
    yLabel: "accuracy (%)",
    errors: [0.7, 0, 0.3],
  });
  assert.ok(bar.includes("herding") && bar.includes("accuracy (%)") && bar.includes(">100<"));
  const png = await svgToPng(line);
  const m = await sharp(png).metadata();
  assert.deepEqual([m.format, m.width, m.height], ["png", 640, 400]);
  const dir = await Deno.makeTempDir();
  await writePlot(`${dir}/bar.png`, bar);
  await writePlot(`${dir}/bar.svg`, bar);
  assert.equal((await sharp(`${dir}/bar.png`).metadata()).format, "png");
  assert.equal(await Deno.readTextFile(`${dir}/bar.svg`), bar);
});

Deno.test("report: Markdown tables and the same content as JSON", async () => {
  assert.equal(
    markdownTable({ headers: ["IPC", "acc"], rows: [[1, 70.512], ["a|b", 3]] }),
    "| IPC | acc |\n| --- | --- |\n| 1 | 70.51 |\n| a\\|b | 3 |\n",
  );
  assert.deepEqual(meanStd([82, 84]), { mean: 83, std: 1 });
  assert.equal(formatMeanStd([82, 84]), "83.0 ± 1.0");
  const dir = await Deno.makeTempDir();
  const report: Report = {
    title: "Fashion-MNIST, IPC 10",
    text: "ConvNet-3, 5 runs.",
    sections: [{
      heading: "Accuracy",
      tables: [{
        title: "test accuracy (%)",
        headers: ["method", "mean", "std"],
        rows: [["IGDS", 84.123, 0.4]],
      }],
      figures: [{ path: "acc.png", caption: "accuracy" }],
    }],
  };
  await writeReport(`${dir}/report.md`, report);
  assert.deepEqual(JSON.parse(await Deno.readTextFile(`${dir}/report.json`)), report);
  const md = await Deno.readTextFile(`${dir}/report.md`);
  for (
    const s of [
      "# Fashion-MNIST, IPC 10",
      "## Accuracy",
      "| IGDS | 84.12 | 0.40 |",
      "![accuracy](acc.png)",
    ]
  ) {
    assert.ok(md.includes(s), s);
  }
});

const schema = {
  data: { name: field.string("fashion-mnist", "data set") },
  train: {
    lr: field.number(0.01, { min: 0, doc: "learning rate" }),
    steps: field.integer(1000, { min: 1 }),
    optimizer: field.choice(["adam", "sgd"], "adam"),
    augment: field.boolean(true),
    milestones: field.numbers([]),
  },
  ipc: field.integer(10),
};

Deno.test("config: YAML with defaults; unknown keys and wrong types name the file, line and key", async () => {
  const cfg = parseConfig(schema, "train:\n  lr: 0.1\n  milestones: [10, 20]\n", "run.yaml");
  assert.deepEqual(cfg, {
    ...defaults(schema),
    train: { ...defaults(schema).train, lr: 0.1, milestones: [10, 20] },
  });
  const t: string = cfg.data.name; // typed from the schema
  assert.equal(t, "fashion-mnist");
  assert.deepEqual(parseConfig(schema, configToYaml(cfg), "x"), cfg);
  assert.deepEqual(validateConfig(schema, null), defaults(schema));

  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/bad.yaml`, "data:\n  name: mnist\ntrain:\n  lrr: 0.1\n");
  await rejectsWith(
    readConfig(schema, `${dir}/bad.yaml`),
    `${dir}/bad.yaml: 4: unknown key "train.lrr"; did you mean "train.lr"?`,
  );
  throwsWith(
    () => parseConfig(schema, "lr: 0.1\n", "c.yaml"),
    `c.yaml: 1: unknown key "lr"; did you mean "train.lr"?`,
  );
  throwsWith(
    () =>
      parseConfig(
        schema,
        "train:\n  steps: 1.5\n  lr: fast\n  optimizer: adma\ndata: 3\n",
        "c.yaml",
      ),
    "c.yaml: 4 problems",
    `2: train.steps: expected an integer, got number 1.5`,
    `3: train.lr: expected a number, got string "fast"`,
    `4: train.optimizer: expected one of "adam", "sgd", got string "adma"; did you mean "adam"?`,
    `5: data: expected a mapping with keys name, got number 3`,
  );
  throwsWith(() => parseConfig(schema, "train: [1\n", "c.yaml"), "c.yaml: invalid YAML");
  throwsWith(
    () => validateConfig(schema, { train: { lr: -1 } }, "obj"),
    "obj: train.lr: must be >= 0, got -1",
  );
  await rejectsWith(
    readConfig(schema, `${dir}/missing.yaml`),
    `${dir}/missing.yaml: cannot read config`,
  );
  assert.ok(describeSchema(schema).includes("--train.lr  number = 0.01  learning rate"));
});

Deno.test("config: command-line flags override the file", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/c.yaml`, "train:\n  lr: 0.1\n  steps: 5\n");
  const { config, positionals } = await loadConfig(schema, [
    "--config",
    `${dir}/c.yaml`,
    "--lr=0.5",
    "--no-augment",
    "--train.milestones",
    "3,6",
    "--optimizer",
    "sgd",
    "--ipc",
    "50",
    "out",
  ]);
  assert.deepEqual(config.train, {
    lr: 0.5,
    steps: 5,
    optimizer: "sgd",
    augment: false,
    milestones: [3, 6],
  });
  assert.equal(config.ipc, 50);
  assert.deepEqual(positionals, ["out"]);
  const cfg = defaults(schema);
  assert.deepEqual(applyFlags(schema, cfg, ["--augment", "x"]), ["x"]);
  assert.equal(cfg.train.augment, true);
  throwsWith(
    () => applyFlags(schema, defaults(schema), ["--lrate", "1"]),
    `command line: unknown flag --lrate; did you mean "train.lr"?`,
  );
  throwsWith(
    () => applyFlags(schema, defaults(schema), ["--steps", "many"]),
    `--steps: expected an integer, got string "many"`,
  );
  assert.throws(() => applyFlags(schema, defaults(schema), ["--ipc"]), ConfigError);
});

Deno.test("progress: plain periodic lines off a terminal, a redrawn bar on one", () => {
  let t = 0;
  const out: string[] = [];
  const p = new Progress(100, {
    label: "train",
    tty: false,
    every: 10,
    write: (s) => out.push(s),
    now: () => t,
  });
  for (let i = 0; i < 100; i++) {
    t += 250; // 4 it/s
    p.tick(1, { loss: 1 / (i + 1) });
  }
  p.done();
  p.done();
  assert.deepEqual(out.length, 3); // at 10 s, 20 s, and the final line
  assert.equal(out[0], "train 40/100 40% 4.0 it/s ETA 0:15 loss=0.02500\n");
  assert.equal(out[2], "train 100/100 100% 4.0 it/s in 0:25 loss=0.01000\n");

  const tty: string[] = [];
  t = 0;
  const q = new Progress(10, { tty: true, write: (s) => tty.push(s), now: () => t, unit: "img" });
  t = 1000;
  q.tick(5);
  q.done();
  assert.ok(
    tty[0].startsWith("\r\x1b[2K|████████████░░░░░░░░░░░░| 5/10 50% 5.0 img/s ETA 0:01"),
    tty[0],
  );
  assert.ok(tty.at(-1)!.endsWith("\n"));
  assert.equal(formatDuration(3725), "1:02:05");
  const seen: string[] = [];
  assert.deepEqual([...track([1, 2, 3], { tty: false, write: (s) => seen.push(s) })], [1, 2, 3]);
  assert.match(seen[0], /^3\/3 100% .* in 0:00\n$/);
});
