/**
 * Reading an outside distilled set (an ImageFolder from any framework) for evaluation
 * against a data set: class folders matched to the data set's labels by name or number
 * ({@link matchClassFolders}), every image of the data set's size and channel count. Each
 * problem is an error that names the folder or file: an unknown class folder (with the
 * expected names), a missing or empty class, an unreadable image, an image of another
 * size than the others or than the data set's.
 *
 * @example
 * const test = await loadDataset("fashion-mnist", "test");
 * const { dataset } = await readDistilledFolder("out/ipc10", test, "fashion-mnist");
 * @module
 */
import type { Dataset } from "../data/dataset.ts";
import { loadDataset } from "../data/datasets.ts";
import { listImageFolder } from "../data/image_folder.ts";
import { matchClassFolders } from "./classes.ts";

const shapeText = (d: { channels: number; height: number; width: number }) =>
  `${d.channels}x${d.height}x${d.width} (${d.channels === 1 ? "grayscale" : "RGB"}, ` +
  `${d.width}x${d.height} pixels)`;

/**
 * Reads the ImageFolder at `path` (or `<path>/train`) as a training set for `reference`'s
 * labels: relabelled to `reference.classes`, checked for every class and for the
 * reference's image shape. `dataName` names the reference in errors.
 *
 * @example
 * const { dataset, match } = await readDistilledFolder("x/ipc1", test, "fashion-mnist");
 * match; // "names" or "integers"
 */
export async function readDistilledFolder(
  path: string,
  reference: Pick<Dataset, "classes" | "channels" | "height" | "width">,
  dataName: string,
): Promise<{ dataset: Dataset; match: "same" | "names" | "integers" }> {
  const raw = await loadDataset(path, "train");
  const out = matchClassFolders(raw, reference.classes, dataName);
  const d = out.dataset;
  if (
    d.channels !== reference.channels || d.height !== reference.height ||
    d.width !== reference.width
  ) {
    const root = raw.source ?? path;
    const first = (await listImageFolder(root, raw.classes)).files[0]?.path ?? root;
    throw new Error(
      `${first}: the image is ${shapeText(d)} (as are all of ${root}), but the ${dataName} ` +
        `images are ${shapeText(reference)}; a distilled set must have the data set's image ` +
        `size and channel count: convert the images`,
    );
  }
  return out;
}
