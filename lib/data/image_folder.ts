/**
 * ImageFolder data sets: one sub-folder per class, holding PNG or JPEG files, decoded with
 * sharp (the torchvision `ImageFolder` layout). Images are resized or converted only when
 * asked to (`size`, `channels`); otherwise an image of another size or channel count than
 * the first is an error that names both files.
 * @module
 */
import sharp from "sharp";
import type { Dataset } from "./dataset.ts";

/** A decoded image: `data` is CHW, values in [0, 1]. */
export interface Image {
  data: Float32Array;
  channels: number;
  height: number;
  width: number;
}

/** Options for {@link readImage} and {@link readImageFolder}. */
export interface ImageOptions {
  /**
   * Resize (stretch) every image to this size: a side, or `[height, width]`. Default: the
   * (first) image's own size; in a folder, an image of another size is then an error.
   */
  size?: number | [number, number];
  /**
   * Convert every image to 1 (grayscale) or 3 (RGB) channels. Default: 1 if the (first) image
   * is grayscale, else 3; in a folder, an image with the other count is then an error.
   */
  channels?: 1 | 3;
}

const IMAGE_EXT = /\.(png|jpe?g)$/i;
const natural = new Intl.Collator("en", { numeric: true }).compare;

/**
 * Decodes PNG or JPEG bytes into a CHW float image, resized (stretched) to `size` and converted
 * to `channels`. `name` is used in error messages.
 *
 * @example
 * ```ts
 * const img = await decodeImage(await Deno.readFile("cat.png"), "cat.png", { size: 32 });
 * img.data.length; // 3 * 32 * 32
 * ```
 */
export async function decodeImage(
  bytes: Uint8Array,
  name = "<image>",
  opts: ImageOptions = {},
): Promise<Image> {
  return await decode(bytes, name, opts);
}

/** The shape every image of a folder must have, and the file that set it. */
interface Expected {
  channels: number;
  height: number;
  width: number;
  /** The file whose shape this is. */
  from: string;
  /** Whether the channel count (size) is checked: false when the caller converts (resizes). */
  checkChannels: boolean;
  checkSize: boolean;
}

const shapeText = (c: number, h: number, w: number) =>
  `${c}x${h}x${w} (${c === 1 ? "grayscale" : "RGB"}, ${w}x${h} pixels)`;

/** {@link decodeImage}; with `expect`, an image whose own shape differs is an error. */
async function decode(
  bytes: Uint8Array,
  name: string,
  opts: ImageOptions,
  expect?: Expected,
): Promise<Image> {
  const fail = (err: unknown): never => {
    throw new Error(`${name}: cannot decode image: ${(err as Error).message}`, { cause: err });
  };
  const meta = await sharp(bytes).metadata().catch(fail);
  const own = meta.channels! - (meta.hasAlpha ? 1 : 0);
  const ownChannels = own === 1 ? 1 : 3;
  if (
    expect &&
    ((expect.checkChannels && ownChannels !== expect.channels) ||
      (expect.checkSize && (meta.height !== expect.height || meta.width !== expect.width)))
  ) {
    throw new Error(
      `${name}: the image is ${shapeText(ownChannels, meta.height!, meta.width!)}, but the ` +
        `first image, ${expect.from}, is ${
          shapeText(expect.channels, expect.height, expect.width)
        }; all images must have one size and channel count: convert the file, or read the ` +
        `folder with the size and channels options to resize and convert every image`,
    );
  }
  try {
    const channels = opts.channels ?? ownChannels;
    const [height, width] = typeof opts.size === "number"
      ? [opts.size, opts.size]
      : opts.size ?? [meta.height!, meta.width!];
    let img = sharp(bytes).removeAlpha();
    if (height !== meta.height || width !== meta.width) {
      img = img.resize(width, height, { fit: "fill" });
    }
    img = img.toColourspace(channels === 1 ? "b-w" : "srgb");
    const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== channels || info.height !== height || info.width !== width) {
      throw new Error(
        `decoded ${info.channels}x${info.height}x${info.width}, wanted ` +
          `${channels}x${height}x${width}`,
      );
    }
    const plane = height * width;
    const out = new Float32Array(channels * plane);
    for (let p = 0; p < plane; p++) {
      for (let c = 0; c < channels; c++) out[c * plane + p] = data[p * channels + c] / 255;
    }
    return { data: out, channels, height, width };
  } catch (err) {
    return fail(err);
  }
}

/**
 * Reads and decodes one PNG or JPEG file.
 *
 * @example
 * ```ts
 * const img = await readImage("out/Bag/0.png"); // { data, channels: 1, height: 28, width: 28 }
 * ```
 */
export async function readImage(path: string, opts: ImageOptions = {}): Promise<Image> {
  return decodeImage(await Deno.readFile(path), path, opts);
}

/** The files of an ImageFolder, in reading order, with their labels. */
export interface ImageFolderListing {
  /** Class folder names in label order. */
  classes: string[];
  /** Image files, class by class, in natural order within a class. */
  files: { path: string; label: number }[];
}

/**
 * Lists an ImageFolder: its class sub-folders (sorted by name unless `classes` gives them
 * in label order) and the PNG/JPEG files in each, in the order {@link readImageFolder}
 * reads them. A missing folder or class folder is an error naming it.
 *
 * @example
 * ```ts
 * const { classes, files } = await listImageFolder("out/distilled");
 * files[0].path; // "out/distilled/Ankle boot/0.png"
 * ```
 */
export async function listImageFolder(
  root: string,
  classes?: string[],
): Promise<ImageFolderListing> {
  const dirs: string[] = [];
  try {
    for await (const e of Deno.readDir(root)) {
      if (e.isDirectory && !e.name.startsWith(".")) dirs.push(e.name);
    }
  } catch (err) {
    throw new Error(`${root}: cannot read image folder: ${(err as Error).message}`, { cause: err });
  }
  dirs.sort();
  const names = classes ?? dirs;
  if (names.length === 0) throw new Error(`${root}: no class sub-folders`);
  for (const c of names) {
    if (!dirs.includes(c)) throw new Error(`${root}: class folder "${c}" is missing`);
  }
  const files: { path: string; label: number }[] = [];
  for (const [label, c] of names.entries()) {
    const found: string[] = [];
    for await (const e of Deno.readDir(`${root}/${c}`)) {
      if (e.isFile && IMAGE_EXT.test(e.name)) found.push(e.name);
    }
    found.sort(natural);
    for (const name of found) files.push({ path: `${root}/${c}/${name}`, label });
  }
  return { classes: names, files };
}

/**
 * Reads an ImageFolder: each sub-folder of `root` is a class (sorted by name unless
 * `opts.classes` gives the folder names in label order), each PNG/JPEG inside an image. All
 * images are resized to `opts.size` and converted to `opts.channels` when given; without
 * them, every image must have the size and channel count of the first image (an image that
 * differs is an error naming it and the first).
 *
 * @example
 * ```ts
 * const ds = await readImageFolder("data/pets/train", { size: 64, channels: 3 });
 * ds.classes; // ["cat", "dog"]
 * ```
 */
export async function readImageFolder(
  root: string,
  opts: ImageOptions & { classes?: string[] } = {},
): Promise<Dataset> {
  const { classes, files } = await listImageFolder(root, opts.classes);
  if (files.length === 0) throw new Error(`${root}: no PNG or JPEG images in the class folders`);

  const first = await readImage(files[0].path, opts);
  const shape: ImageOptions = {
    size: [first.height, first.width],
    channels: first.channels as 1 | 3,
  };
  const expect: Expected = {
    channels: first.channels,
    height: first.height,
    width: first.width,
    from: files[0].path,
    checkChannels: opts.channels === undefined,
    checkSize: opts.size === undefined,
  };
  const per = first.data.length;
  const images = new Float32Array(files.length * per);
  const labels = new Int32Array(files.map((f) => f.label));
  const CHUNK = 32;
  for (let i = 0; i < files.length; i += CHUNK) {
    const batch = files.slice(i, i + CHUNK);
    const decoded = await Promise.allSettled(
      batch.map(async (f) => decode(await Deno.readFile(f.path), f.path, shape, expect)),
    );
    // the first bad file in reading order, whichever decode failed first
    const bad = decoded.find((r) => r.status === "rejected");
    if (bad) throw bad.reason;
    decoded.forEach((r, j) =>
      images.set((r as PromiseFulfilledResult<Image>).value.data, (i + j) * per)
    );
  }
  return {
    images,
    labels,
    n: files.length,
    channels: first.channels,
    height: first.height,
    width: first.width,
    classes,
    source: root,
  };
}
