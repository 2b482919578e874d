/**
 * Data sets by name (`fashion-mnist`, `mnist`, `cifar10`) or by ImageFolder path.
 * @module
 */
import { fileURLToPath } from "node:url";
import { readCifar10 } from "./cifar.ts";
import type { Dataset } from "./dataset.ts";
import { readIdxDataset } from "./idx.ts";
import { type ImageOptions, readImageFolder } from "./image_folder.ts";

/** Which part of a data set. */
export type Split = "train" | "test";

/**
 * Fashion-MNIST class names, in label order.
 *
 * @example
 * FASHION_MNIST_CLASSES[8]; // "Bag"
 */
export const FASHION_MNIST_CLASSES = [
  "T-shirt/top",
  "Trouser",
  "Pullover",
  "Dress",
  "Coat",
  "Sandal",
  "Shirt",
  "Sneaker",
  "Bag",
  "Ankle boot",
];

/** MNIST class names (the digits), in label order. */
export const MNIST_CLASSES = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

/** Where Debian's `dataset-fashion-mnist` package puts the full set. */
export const FASHION_MNIST_SYSTEM_DIR = "/usr/share/datasets/fashion-mnist";

/** The balanced Fashion-MNIST subset that ships in `fixtures/`. */
export const FASHION_MNIST_FIXTURE_DIR = fileURLToPath(
  new URL("../../fixtures/fashion-mnist", import.meta.url),
);

/** Options for {@link loadDataset}. */
export interface LoadOptions extends ImageOptions {
  /** Folder holding the files of a named set; default `$IGDS_DATA/<name>` or `data/<name>`. */
  root?: string;
  /** `fashion-mnist` only: use the bundled subset, even when the full set is installed. */
  bundled?: boolean;
}

/**
 * Loads a data set by name or path:
 * - `fashion-mnist`: the full set from {@link FASHION_MNIST_SYSTEM_DIR} when Debian's
 *   `dataset-fashion-mnist` is installed, else the subset in {@link FASHION_MNIST_FIXTURE_DIR};
 * - `mnist`: IDX files (`train-images-idx3-ubyte[.gz]` ...) in `opts.root`;
 * - `cifar10`: binary batches (`cifar-10-batches-bin/`) in `opts.root`;
 * - any other string: an ImageFolder; `<path>/<split>` if that folder exists, else `<path>`.
 *
 * @example
 * ```ts
 * const train = await loadDataset("fashion-mnist", "train");
 * const pets = await loadDataset("data/pets", "test", { size: 64 });
 * ```
 */
export async function loadDataset(
  nameOrPath: string,
  split: Split,
  opts: LoadOptions = {},
): Promise<Dataset> {
  switch (nameOrPath) {
    case "fashion-mnist": {
      const root = opts.root ??
        (opts.bundled ? FASHION_MNIST_FIXTURE_DIR : envRoot("fashion-mnist")) ??
        (await idxFiles(FASHION_MNIST_SYSTEM_DIR, "train")
          ? FASHION_MNIST_SYSTEM_DIR
          : FASHION_MNIST_FIXTURE_DIR);
      return await loadIdx(root, split, FASHION_MNIST_CLASSES);
    }
    case "mnist":
      return await loadIdx(opts.root ?? envRoot("mnist") ?? "data/mnist", split, MNIST_CLASSES);
    case "cifar10":
      return await readCifar10(opts.root ?? envRoot("cifar10") ?? "data/cifar10", split);
  }
  if (!(await isDir(nameOrPath))) {
    throw new Error(
      `${nameOrPath}: unknown data set: not fashion-mnist, mnist or cifar10, and not a folder`,
    );
  }
  const dir = (await isDir(`${nameOrPath}/${split}`)) ? `${nameOrPath}/${split}` : nameOrPath;
  return await readImageFolder(dir, opts);
}

function envRoot(name: string): string | undefined {
  try {
    const base = Deno.env.get("IGDS_DATA");
    return base ? `${base}/${name}` : undefined;
  } catch {
    return undefined; // no --allow-env
  }
}

async function loadIdx(root: string, split: Split, classes: string[]): Promise<Dataset> {
  const files = await idxFiles(root, split);
  if (!files) {
    const prefix = split === "train" ? "train" : "t10k";
    throw new Error(
      `${root}: no ${prefix}-images-idx3-ubyte[.gz] and ${prefix}-labels-idx1-ubyte[.gz] ` +
        `(set opts.root or $IGDS_DATA)`,
    );
  }
  return await readIdxDataset(files[0], files[1], classes);
}

/** Finds the images and labels files of a split, gzipped or not, in `root`. */
async function idxFiles(root: string, split: Split): Promise<[string, string] | undefined> {
  const prefix = split === "train" ? "train" : "t10k";
  const found: string[] = [];
  for (const kind of ["images-idx3-ubyte", "labels-idx1-ubyte"]) {
    for (const name of [`${prefix}-${kind}.gz`, `${prefix}-${kind}`]) {
      if (await isFile(`${root}/${name}`)) {
        found.push(`${root}/${name}`);
        break;
      }
    }
  }
  return found.length === 2 ? [found[0], found[1]] : undefined;
}

async function isDir(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isDirectory;
  } catch {
    return false;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}
