/**
 * The optional 2x2 merge (RDED style): four same-class images, each halved by 2x2 average
 * pooling, tiled into one image of the original size. Host-side.
 *
 * @example
 * const merged = merge2x2(ds); // ds holds 4 * ipc images per class, consecutive per class
 * @module
 */
import type { Dataset } from "../data/dataset.ts";

/** Merges each run of four consecutive images (of one class) into one; sides must be even. */
export function merge2x2(ds: Dataset): Dataset {
  const { channels: c, height: h, width: w } = ds;
  if (ds.n % 4 !== 0 || h % 2 !== 0 || w % 2 !== 0) {
    throw new Error(
      `merge2x2: needs a multiple of 4 images of even size, got ${ds.n} of ${h}x${w}`,
    );
  }
  const n = ds.n / 4;
  const images = new Float32Array(n * c * h * w);
  const labels = new Int32Array(n);
  for (let m = 0; m < n; m++) {
    labels[m] = ds.labels[4 * m];
    for (let q = 0; q < 4; q++) {
      if (ds.labels[4 * m + q] !== labels[m]) {
        throw new Error(`merge2x2: images ${4 * m}..${4 * m + 3} are not all of one class`);
      }
      const src = (4 * m + q) * c * h * w;
      const oy = (q >> 1) * (h / 2), ox = (q & 1) * (w / 2);
      for (let ch = 0; ch < c; ch++) {
        for (let y = 0; y < h / 2; y++) {
          for (let x = 0; x < w / 2; x++) {
            const at = src + ch * h * w + 2 * y * w + 2 * x;
            const v =
              (ds.images[at] + ds.images[at + 1] + ds.images[at + w] + ds.images[at + w + 1]) / 4;
            images[((m * c + ch) * h + oy + y) * w + ox + x] = v;
          }
        }
      }
    }
  }
  return { ...ds, images, labels, n };
}
