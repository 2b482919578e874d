/**
 * Matching the classes of a distilled ImageFolder to a reference data set's label order.
 * ImageFolder sorts class folders by name ("Ankle boot", "Bag", ...), and folder names are
 * sanitised class names ("T-shirt_top"), so a distilled set's labels must be remapped before
 * a model trained on it is tested on the real test set.
 * @module
 */
import type { Dataset } from "../data/dataset.ts";
import { classFolderName } from "../io/images.ts";

/** How {@link alignClasses} matched the classes. */
export type ClassMatch = "same" | "names" | "integers" | "order";

/**
 * Relabels `ds` so that its labels index `names` (the reference order):
 * - "same": the class lists are equal, nothing changes;
 * - "names": every class of `ds` is one of `names`, or its folder name
 *   ({@link classFolderName}), compared case-insensitively;
 * - "integers": the classes are the integers 0 .. names.length - 1 (as folder names);
 * - "order": neither, but the counts agree: the order is kept (the caller should warn).
 * Throws otherwise.
 *
 * @example
 * const test = await loadDataset("fashion-mnist", "test");
 * const { dataset, match } = alignClasses(await loadDataset("out/ipc10", "train"), test.classes);
 */
export function alignClasses(
  ds: Dataset,
  names: readonly string[],
): { dataset: Dataset; match: ClassMatch } {
  const same = ds.classes.length === names.length && ds.classes.every((c, i) => c === names[i]);
  if (same) return { dataset: ds, match: "same" };
  const key = (s: string) => s.trim().toLowerCase();
  const lookup = new Map<string, number>();
  names.forEach((n, i) => {
    lookup.set(key(n), i);
    lookup.set(key(classFolderName(n)), i);
  });
  const byName = ds.classes.map((c) => lookup.get(key(c)) ?? -1);
  if (byName.every((i) => i >= 0) && new Set(byName).size === byName.length) {
    return { dataset: relabel(ds, byName, names), match: "names" };
  }
  const byInt = ds.classes.map((c) => (/^\d+$/.test(c.trim()) ? Number(c.trim()) : -1));
  if (
    byInt.every((i) => i >= 0 && i < names.length) && new Set(byInt).size === byInt.length
  ) {
    return { dataset: relabel(ds, byInt, names), match: "integers" };
  }
  if (ds.classes.length === names.length) {
    return { dataset: { ...ds, classes: [...names] }, match: "order" };
  }
  throw new Error(
    `${ds.source ?? "data set"}: classes [${ds.classes.join(", ")}] match neither the ` +
      `reference classes [${names.join(", ")}] nor 0..${names.length - 1}`,
  );
}

function relabel(ds: Dataset, map: number[], names: readonly string[]): Dataset {
  return { ...ds, labels: Int32Array.from(ds.labels, (y) => map[y]), classes: [...names] };
}
