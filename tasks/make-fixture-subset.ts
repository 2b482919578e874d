/**
 * Makes the balanced Fashion-MNIST subset in fixtures/fashion-mnist/ from the full set of
 * Debian's `dataset-fashion-mnist` package.
 *
 * For each split, a mulberry32 generator seeded with `--seed` (train) or `--seed + 1` (test)
 * shuffles the indices of each class in turn (label order 0..9; Fisher-Yates over the indices
 * in file order); the first `--train-per-class` (or `--test-per-class`) are kept, and the kept
 * images are written in their original file order, as gzipped IDX files with the original names.
 *
 * Usage: deno run -A tasks/make-fixture-subset.ts [--src DIR] [--out DIR] [--seed 0]
 *          [--train-per-class 300] [--test-per-class 100]
 * @module
 */
import { handleErrors, taskArgs } from "../lib/io/cli.ts";
import { parseArgs } from "node:util";
import { readIdx, writeIdx } from "../lib/data/idx.ts";
import { FASHION_MNIST_SYSTEM_DIR } from "../lib/data/datasets.ts";

handleErrors();

/** mulberry32: a small seeded 32-bit generator, returning floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Indices of a balanced, seeded choice of `perClass` items of each class, in file order. */
function choose(labels: Uint8Array, classes: number, perClass: number, seed: number): number[] {
  const rand = mulberry32(seed);
  const chosen: number[] = [];
  for (let c = 0; c < classes; c++) {
    const idx = [...labels.keys()].filter((i) => labels[i] === c);
    if (idx.length < perClass) throw new Error(`class ${c} has only ${idx.length} images`);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    chosen.push(...idx.slice(0, perClass));
  }
  return chosen.sort((a, b) => a - b);
}

const { values } = parseArgs({
  args: taskArgs(),
  options: {
    src: { type: "string", default: FASHION_MNIST_SYSTEM_DIR },
    out: { type: "string", default: "fixtures/fashion-mnist" },
    seed: { type: "string", default: "0" },
    "train-per-class": { type: "string", default: "300" },
    "test-per-class": { type: "string", default: "100" },
  },
});
const seed = Number(values.seed);
for (
  const [prefix, perClass, s] of [
    ["train", Number(values["train-per-class"]), seed],
    ["t10k", Number(values["test-per-class"]), seed + 1],
  ] as const
) {
  const images = await readIdx(`${values.src}/${prefix}-images-idx3-ubyte.gz`, {
    type: "ubyte",
    dims: 3,
  });
  const labels = await readIdx(`${values.src}/${prefix}-labels-idx1-ubyte.gz`, {
    type: "ubyte",
    dims: 1,
  });
  const [, h, w] = images.shape;
  const keep = choose(labels.data as Uint8Array, 10, perClass, s);
  const img = new Uint8Array(keep.length * h * w);
  keep.forEach((i, k) => img.set(images.data.subarray(i * h * w, (i + 1) * h * w), k * h * w));
  const lab = Uint8Array.from(keep, (i) => labels.data[i]);
  await Deno.mkdir(values.out, { recursive: true });
  await writeIdx(`${values.out}/${prefix}-images-idx3-ubyte.gz`, {
    type: "ubyte",
    shape: [keep.length, h, w],
    data: img,
  });
  await writeIdx(`${values.out}/${prefix}-labels-idx1-ubyte.gz`, {
    type: "ubyte",
    shape: [keep.length],
    data: lab,
  });
  console.log(`${prefix}: ${keep.length} images (${perClass} per class, seed ${s})`);
}
