import { holdOutValidation } from "../lib/data/split.ts";
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import sharp from "sharp";
import { CIFAR10_CLASSES, encodeCifarBatch, parseCifarBatch } from "../lib/data/cifar.ts";
import { classCounts, type Dataset } from "../lib/data/dataset.ts";
import {
  FASHION_MNIST_CLASSES,
  FASHION_MNIST_SYSTEM_DIR,
  loadDataset,
} from "../lib/data/datasets.ts";
import {
  encodeIdx,
  type IdxArray,
  parseIdx,
  readIdx,
  readIdxDataset,
  writeIdx,
} from "../lib/data/idx.ts";
import { readImage, readImageFolder } from "../lib/data/image_folder.ts";
import { classFolderName, writeImageFolder } from "../lib/io/images.ts";

/** A small data set with byte-exact values (k / 255). */
function makeDataset(n: number, channels: number, height: number, width: number, k = 3): Dataset {
  const images = new Float32Array(n * channels * height * width);
  for (let i = 0; i < images.length; i++) images[i] = ((i * 37 + 11) % 256) / 255;
  const labels = Int32Array.from({ length: n }, (_, i) => i % k);
  const classes = Array.from({ length: k }, (_, i) => `class ${i}`);
  return { images, labels, n, channels, height, width, classes };
}

async function rejectsWith(p: Promise<unknown>, ...parts: string[]) {
  await assert.rejects(p, (err: Error) => {
    for (const part of parts) {
      assert.ok(err.message.includes(part), `"${err.message}" lacks "${part}"`);
    }
    return true;
  });
}

const exists = (p: string) => Deno.stat(p).then(() => true, () => false);

Deno.test("idx: round trip of every element type, plain and gzipped", async () => {
  const dir = await Deno.makeTempDir();
  const arrays: IdxArray[] = [
    { type: "ubyte", shape: [2, 3, 2], data: Uint8Array.from({ length: 12 }, (_, i) => i * 20) },
    { type: "byte", shape: [3], data: new Int8Array([-128, 0, 127]) },
    { type: "short", shape: [2, 2], data: new Int16Array([-32768, -1, 1, 32767]) },
    { type: "int", shape: [2], data: new Int32Array([-2147483648, 2147483647]) },
    { type: "float", shape: [3], data: new Float32Array([-1.5, 0, 3.25]) },
    { type: "double", shape: [1, 2], data: new Float64Array([Math.PI, -1e300]) },
  ];
  for (const a of arrays) {
    for (const ext of ["", ".gz"]) {
      const path = `${dir}/${a.type}.idx${ext}`;
      await writeIdx(path, a);
      const back = await readIdx(path);
      assert.deepEqual(back, a);
    }
  }
  // Big-endian on disk, as the format says.
  assert.deepEqual(
    [...encodeIdx({ type: "short", shape: [1], data: new Int16Array([258]) })],
    [0, 0, 0x0b, 1, 0, 0, 0, 1, 1, 2],
  );
});

Deno.test("idx: wrong magic, truncated or corrupt files name the file and the problem", async () => {
  const dir = await Deno.makeTempDir();
  const good = encodeIdx({ type: "ubyte", shape: [2, 2, 2], data: new Uint8Array(8) });
  const bad = good.slice();
  bad[2] = 0; // type 0 is not a type
  await Deno.writeFile(`${dir}/zero.idx`, new Uint8Array(16));
  await rejectsWith(
    readIdx(`${dir}/zero.idx`, { type: "ubyte", dims: 3 }),
    `${dir}/zero.idx: bad magic 0x00000000, expected 0x00000803 (ubyte, 3 dims)`,
  );
  await Deno.writeFile(
    `${dir}/labels.idx`,
    encodeIdx({ type: "ubyte", shape: [2], data: new Uint8Array(2) }),
  );
  await rejectsWith(
    readIdx(`${dir}/labels.idx`, { type: "ubyte", dims: 3 }),
    `${dir}/labels.idx: bad magic 0x00000801, expected 0x00000803`,
  );
  assert.throws(() => parseIdx(bad, "bad.idx"), /bad\.idx: bad magic 0x00000003/);
  await Deno.writeFile(`${dir}/short.idx`, good.subarray(0, good.length - 3));
  await rejectsWith(
    readIdx(`${dir}/short.idx`),
    `${dir}/short.idx: truncated`,
    "needs 24 bytes, file has 21",
  );
  await Deno.writeFile(`${dir}/head.idx`, good.subarray(0, 9));
  await rejectsWith(readIdx(`${dir}/head.idx`), `${dir}/head.idx: truncated header`);
  await Deno.writeFile(`${dir}/tiny.idx`, new Uint8Array([0, 0]));
  await rejectsWith(readIdx(`${dir}/tiny.idx`), `${dir}/tiny.idx: truncated: 2 bytes`);
  const gz = gzipSync(good);
  await Deno.writeFile(`${dir}/cut.idx.gz`, gz.subarray(0, gz.length - 10));
  await rejectsWith(readIdx(`${dir}/cut.idx.gz`), `${dir}/cut.idx.gz: cannot gunzip`);
});

Deno.test("idx: image/label pairs become a [0, 1] data set, checked for consistency", async () => {
  const dir = await Deno.makeTempDir();
  await writeIdx(`${dir}/img.gz`, {
    type: "ubyte",
    shape: [3, 2, 2],
    data: Uint8Array.from({ length: 12 }, (_, i) => i * 20),
  });
  await writeIdx(`${dir}/lab.gz`, { type: "ubyte", shape: [3], data: new Uint8Array([2, 0, 1]) });
  await writeIdx(`${dir}/lab2.gz`, { type: "ubyte", shape: [2], data: new Uint8Array([2, 0]) });
  await writeIdx(`${dir}/lab9.gz`, { type: "ubyte", shape: [3], data: new Uint8Array([2, 9, 1]) });
  const ds = await readIdxDataset(`${dir}/img.gz`, `${dir}/lab.gz`, ["a", "b", "c"]);
  assert.deepEqual([ds.n, ds.channels, ds.height, ds.width], [3, 1, 2, 2]);
  assert.deepEqual([...ds.labels], [2, 0, 1]);
  assert.equal(ds.images[5], Math.fround(100 / 255));
  await rejectsWith(
    readIdxDataset(`${dir}/img.gz`, `${dir}/lab2.gz`, ["a", "b", "c"]),
    `${dir}/lab2.gz: 2 labels`,
  );
  await rejectsWith(
    readIdxDataset(`${dir}/img.gz`, `${dir}/lab9.gz`, ["a", "b", "c"]),
    `${dir}/lab9.gz: label 9 at index 1`,
  );
});

Deno.test("datasets: the bundled Fashion-MNIST subset is balanced", async () => {
  const train = await loadDataset("fashion-mnist", "train", { bundled: true });
  const test = await loadDataset("fashion-mnist", "test", { bundled: true });
  assert.deepEqual([train.n, train.channels, train.height, train.width], [3000, 1, 28, 28]);
  assert.deepEqual(classCounts(train), new Array(10).fill(300));
  assert.deepEqual(classCounts(test), new Array(10).fill(100));
  assert.deepEqual(train.classes, FASHION_MNIST_CLASSES);
  assert.ok(train.images.every((v) => v >= 0 && v <= 1));
  assert.ok(train.images.some((v) => v === 1));
  assert.match(train.source!, /fixtures\/fashion-mnist/);
});

Deno.test({
  name: "datasets: full Fashion-MNIST from the Debian package",
  ignore: !(await exists(`${FASHION_MNIST_SYSTEM_DIR}/t10k-images-idx3-ubyte.gz`)),
  fn: async () => {
    const test = await loadDataset("fashion-mnist", "test");
    assert.equal(test.n, 10000);
    assert.deepEqual(classCounts(test), new Array(10).fill(1000));
    assert.equal(test.source, `${FASHION_MNIST_SYSTEM_DIR}/t10k-images-idx3-ubyte.gz`);
  },
});

Deno.test("datasets: mnist from a folder of IDX files; unknown names and missing files", async () => {
  const dir = await Deno.makeTempDir();
  await writeIdx(`${dir}/t10k-images-idx3-ubyte`, {
    type: "ubyte",
    shape: [2, 4, 4],
    data: new Uint8Array(32),
  });
  await writeIdx(`${dir}/t10k-labels-idx1-ubyte.gz`, {
    type: "ubyte",
    shape: [2],
    data: new Uint8Array([7, 3]),
  });
  const ds = await loadDataset("mnist", "test", { root: dir });
  assert.deepEqual([ds.n, ds.height, ds.width, ds.classes[7]], [2, 4, 4, "7"]);
  await rejectsWith(
    loadDataset("mnist", "train", { root: dir }),
    `${dir}: no train-images-idx3-ubyte`,
  );
  await rejectsWith(loadDataset(`${dir}/nope`, "train"), `${dir}/nope: unknown data set`);
});

Deno.test("cifar: batch round trip, folder of batches, bad sizes", async () => {
  const ds = makeDataset(5, 3, 32, 32, 10);
  ds.classes = CIFAR10_CLASSES;
  const back = parseCifarBatch(encodeCifarBatch(ds), "b.bin");
  assert.deepEqual(back.images, ds.images);
  assert.deepEqual(back.labels, ds.labels);
  const dir = await Deno.makeTempDir();
  const bin = `${dir}/cifar-10-batches-bin`;
  await Deno.mkdir(bin);
  for (let i = 1; i <= 5; i++) {
    await Deno.writeFile(`${bin}/data_batch_${i}.bin`, encodeCifarBatch(ds));
  }
  await Deno.writeFile(`${bin}/test_batch.bin`, encodeCifarBatch(ds).subarray(0, 3073 * 2));
  await Deno.writeTextFile(
    `${bin}/batches.meta.txt`,
    CIFAR10_CLASSES.map((c) => c.toUpperCase()).join("\n") + "\n\n",
  );
  const train = await loadDataset("cifar10", "train", { root: dir });
  assert.deepEqual([train.n, train.channels, train.classes[0]], [25, 3, "AIRPLANE"]);
  assert.deepEqual(train.images.subarray(5 * 3072, 10 * 3072), ds.images);
  assert.equal((await loadDataset("cifar10", "test", { root: bin })).n, 2);
  await Deno.writeFile(`${bin}/test_batch.bin`, encodeCifarBatch(ds).subarray(0, 3073 * 2 - 1));
  await rejectsWith(
    loadDataset("cifar10", "test", { root: dir }),
    `${bin}/test_batch.bin: 6145 bytes`,
  );
  const badLabel = encodeCifarBatch(ds);
  badLabel[3073] = 12;
  assert.throws(() => parseCifarBatch(badLabel, "x.bin"), /x\.bin: record 1 has label 12/);
});

Deno.test("image folder: PNG round trip (gray and RGB) keeps pixels and label order", async () => {
  for (const channels of [1, 3]) {
    const dir = await Deno.makeTempDir();
    const ds = makeDataset(7, channels, 5, 6);
    ds.classes = ["T-shirt/top", "Bag", "ankle"]; // unsorted, one with a slash
    await writeImageFolder(dir, ds);
    assert.ok(await exists(`${dir}/T-shirt_top/2.png`));
    const back = await readImageFolder(dir, { classes: ds.classes.map(classFolderName) });
    assert.deepEqual([back.n, back.channels, back.height, back.width], [7, channels, 5, 6]);
    // Files are read class by class: compare per class, in order.
    for (let c = 0; c < 3; c++) {
      const want = [...ds.labels.keys()].filter((i) => ds.labels[i] === c);
      const got = [...back.labels.keys()].filter((i) => back.labels[i] === c);
      assert.equal(got.length, want.length);
      const per = channels * 30;
      for (let k = 0; k < want.length; k++) {
        assert.deepEqual(
          back.images.subarray(got[k] * per, (got[k] + 1) * per),
          ds.images.subarray(want[k] * per, (want[k] + 1) * per),
        );
      }
    }
    const sorted = await readImageFolder(dir);
    assert.deepEqual(sorted.classes, ["Bag", "T-shirt_top", "ankle"]);
  }
});

Deno.test("image folder: JPEG, resizing, channel conversion, train/test sub-folders", async () => {
  const root = await Deno.makeTempDir();
  for (
    const [split, cls, color] of [["train", "red", [255, 0, 0]], ["train", "blue", [0, 0, 255]], [
      "test",
      "red",
      [250, 0, 0],
    ]] as const
  ) {
    await Deno.mkdir(`${root}/${split}/${cls}`, { recursive: true });
    const jpg = await sharp({
      create: {
        width: 40,
        height: 20,
        channels: 3,
        background: { r: color[0], g: color[1], b: color[2] },
      },
    }).jpeg().toBuffer();
    await Deno.writeFile(`${root}/${split}/${cls}/a.JPG`, jpg);
    await Deno.writeFile(`${root}/${split}/${cls}/notes.txt`, new TextEncoder().encode("ignored"));
  }
  const train = await loadDataset(root, "train", { size: 8 });
  assert.deepEqual([train.n, train.channels, train.height, train.width], [2, 3, 8, 8]);
  assert.deepEqual(train.classes, ["blue", "red"]);
  assert.ok(train.images[2 * 64] > 0.9 && train.images[0] < 0.1); // blue image: B high, R low
  const gray = await readImage(`${root}/test/red/a.JPG`, { channels: 1, size: [4, 6] });
  assert.deepEqual([gray.channels, gray.height, gray.width, gray.data.length], [1, 4, 6, 24]);
});

Deno.test("image folder: an image that does not decode names the file", async () => {
  const root = await Deno.makeTempDir();
  await Deno.mkdir(`${root}/cat`);
  await writeImageFolder(`${root}`, { ...makeDataset(2, 1, 4, 4, 1), classes: ["cat"] });
  await Deno.writeFile(`${root}/cat/9.png`, new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
  await rejectsWith(readImageFolder(root), `${root}/cat/9.png: cannot decode image`);
  await rejectsWith(
    readImageFolder(root, { classes: ["dog"] }),
    `${root}: class folder "dog" is missing`,
  );
  const empty = await Deno.makeTempDir();
  await rejectsWith(readImageFolder(empty), `${empty}: no class sub-folders`);
});

Deno.test("holdOutValidation: class-balanced, disjoint, seeded; errors name the data set", () => {
  const n = 60;
  const ds: Dataset = {
    images: Float32Array.from({ length: n * 4 }, (_, i) => i),
    labels: Int32Array.from({ length: n }, (_, i) => i % 3),
    n,
    channels: 1,
    height: 2,
    width: 2,
    classes: ["a", "b", "c"],
    source: "toy",
  };
  const { train, validation } = holdOutValidation(ds, 9, 4);
  assert.equal(validation.n, 9);
  assert.equal(train.n, 51);
  assert.deepEqual(classCounts(validation), [3, 3, 3]);
  // every image lands in exactly one part (the first pixel identifies it)
  const ids = (d: Dataset) => Array.from({ length: d.n }, (_, i) => d.images[i * 4] / 4);
  assert.deepEqual(
    [...ids(train), ...ids(validation)].sort((a, b) => a - b),
    Array.from({ length: n }, (_, i) => i),
  );
  assert.deepEqual(ids(holdOutValidation(ds, 9, 4).validation), ids(validation));
  assert.notDeepEqual(ids(holdOutValidation(ds, 9, 5).validation), ids(validation));
  assert.match(validation.source!, /toy \(validation: 9 held out, seed 4\)/);
  assert.throws(() => holdOutValidation(ds, 10, 0), /positive multiple of the 3 classes of toy/);
  assert.throws(() => holdOutValidation(ds, 60, 0), /class "a" has 20 images; holding 20 out/);
});
