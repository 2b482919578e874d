/**
 * Image files out: PNG encoding (true grayscale for one channel), one PNG per image in
 * ImageFolder layout, and PNG grids.
 * @module
 */
import sharp from "sharp";
import type { Dataset } from "../data/dataset.ts";
import type { Image } from "../data/image_folder.ts";
import { writeFileAtomic } from "./atomic.ts";

/**
 * Encodes a CHW float image (values in [0, 1], clamped) as PNG: 8-bit grayscale for one
 * channel, RGB for three.
 *
 * @example
 * ```ts
 * const png = await encodePng({ data: new Float32Array(28 * 28), channels: 1, height: 28, width: 28 });
 * ```
 */
export async function encodePng(img: Image): Promise<Uint8Array> {
  const { data, channels, height, width } = img;
  if (channels !== 1 && channels !== 3) {
    throw new Error(`encodePng: ${channels} channels, need 1 or 3`);
  }
  const plane = height * width;
  if (data.length !== channels * plane) {
    throw new Error(`encodePng: ${data.length} values for ${channels}x${height}x${width}`);
  }
  const raw = new Uint8Array(data.length);
  for (let c = 0; c < channels; c++) {
    for (let p = 0; p < plane; p++) {
      const v = Math.round(data[c * plane + p] * 255);
      raw[p * channels + c] = v > 255 ? 255 : v > 0 ? v : 0; // NaN -> 0
    }
  }
  let s = sharp(raw, { raw: { width, height, channels } });
  s = channels === 1 ? s.toColourspace("b-w") : s.toColourspace("srgb");
  return new Uint8Array(await s.png().toBuffer());
}

/**
 * Writes one image as a PNG file, atomically.
 *
 * @example
 * ```ts
 * await writePng("out/sample.png", image);
 * ```
 */
export async function writePng(path: string, img: Image): Promise<void> {
  await writeFileAtomic(path, await encodePng(img));
}

/**
 * Image `i` of a data set, as a CHW image (a view, not a copy).
 *
 * @example
 * ```ts
 * await writePng("first.png", imageAt(ds, 0));
 * ```
 */
export function imageAt(ds: Dataset, i: number): Image {
  const per = ds.channels * ds.height * ds.width;
  return {
    data: ds.images.subarray(i * per, (i + 1) * per),
    channels: ds.channels,
    height: ds.height,
    width: ds.width,
  };
}

/**
 * A class name as a folder name: `/`, `\` and other characters unsafe in file names become
 * `_` (so "T-shirt/top" is written to "T-shirt_top").
 *
 * @example
 * ```ts
 * classFolderName("T-shirt/top"); // "T-shirt_top"
 * ```
 */
export function classFolderName(name: string): string {
  const safe = [...name].map((ch) => (ch < " " || '/\\:*?"<>|'.includes(ch) ? "_" : ch))
    .join("").trim();
  return safe === "" || safe === "." || safe === ".." ? `_${safe}` : safe;
}

/**
 * Writes a data set in ImageFolder layout, `<dir>/<class>/<i>.png` with `i` counting within the
 * class from 0, and returns the paths written. Read it back with `readImageFolder(dir,
 * { classes: ds.classes.map(classFolderName) })` to keep the label order.
 *
 * @example
 * ```ts
 * await writeImageFolder("out/distilled", ds); // out/distilled/Bag/0.png ...
 * ```
 */
export async function writeImageFolder(dir: string, ds: Dataset): Promise<string[]> {
  const folders = ds.classes.map(classFolderName);
  const counts = new Array<number>(ds.classes.length).fill(0);
  const paths: string[] = [];
  for (let i = 0; i < ds.n; i++) {
    const y = ds.labels[i];
    if (!(y >= 0 && y < folders.length)) {
      throw new Error(`${dir}: image ${i} has label ${y}, but there are ${folders.length} classes`);
    }
    paths.push(`${dir}/${folders[y]}/${counts[y]++}.png`);
  }
  for (const f of new Set(folders)) await Deno.mkdir(`${dir}/${f}`, { recursive: true });
  const CHUNK = 32;
  for (let i = 0; i < ds.n; i += CHUNK) {
    const jobs = [];
    for (let j = i; j < Math.min(ds.n, i + CHUNK); j++) {
      jobs.push(writePng(paths[j], imageAt(ds, j)));
    }
    await Promise.all(jobs);
  }
  return paths;
}

/** Images without labels: the fields of a {@link Dataset} that a grid needs. */
export type ImageBatch = Pick<Dataset, "images" | "n" | "channels" | "height" | "width">;

/** Options for {@link makeGrid}. */
export interface GridOptions {
  /** Images per row; default `ceil(sqrt(n))`. */
  cols?: number;
  /** Pixels between and around images; default 2. */
  pad?: number;
  /** Value of the padding pixels, in [0, 1]; default 1 (white). */
  padValue?: number;
}

/**
 * Tiles images (row by row, in order) into one image.
 *
 * @example
 * ```ts
 * const grid = makeGrid(ds, { cols: 10 }); // 10 images per row
 * ```
 */
export function makeGrid(ds: ImageBatch, opts: GridOptions = {}): Image {
  const { n, channels: c, height: h, width: w } = ds;
  const cols = Math.max(1, Math.min(opts.cols ?? Math.ceil(Math.sqrt(n)), Math.max(n, 1)));
  const rows = Math.max(1, Math.ceil(n / cols));
  const pad = opts.pad ?? 2;
  const H = rows * h + (rows + 1) * pad, W = cols * w + (cols + 1) * pad;
  const data = new Float32Array(c * H * W).fill(opts.padValue ?? 1);
  for (let i = 0; i < n; i++) {
    const y0 = pad + Math.floor(i / cols) * (h + pad), x0 = pad + (i % cols) * (w + pad);
    for (let ch = 0; ch < c; ch++) {
      for (let y = 0; y < h; y++) {
        const src = ((i * c + ch) * h + y) * w;
        data.set(ds.images.subarray(src, src + w), (ch * H + y0 + y) * W + x0);
      }
    }
  }
  return { data, channels: c, height: H, width: W };
}

/**
 * Writes the images of a data set as one PNG grid (grayscale for one channel), atomically.
 *
 * @example
 * ```ts
 * await writePngGrid("out/grid.png", distilled, { cols: 10 });
 * ```
 */
export async function writePngGrid(
  path: string,
  ds: ImageBatch,
  opts: GridOptions = {},
): Promise<void> {
  await writePng(path, makeGrid(ds, opts));
}
