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

/**
 * Matches the classes of an ImageFolder (`ds.classes`, its folder names) to a data set's
 * classes `names`, strictly, for evaluating an outside distilled set:
 * - by name: every folder is one of `names` or its folder name ({@link classFolderName}),
 *   case-insensitively;
 * - by number: every folder is one of 0 .. names.length - 1.
 * Folders that match neither way are an error that lists the expected names (and names
 * the folders that match nothing); so is a class of `names` without images (a missing or
 * empty folder). `dataName` names the data set in errors.
 *
 * @example
 * const { dataset } = matchClassFolders(await readImageFolder("x/ipc10"), test.classes, "fashion-mnist");
 */
export function matchClassFolders(
  ds: Dataset,
  names: readonly string[],
  dataName: string,
): { dataset: Dataset; match: "same" | "names" | "integers" } {
  const where = ds.source ?? "image folder";
  let aligned: { dataset: Dataset; match: ClassMatch } | null = null;
  try {
    aligned = alignClasses(ds, names);
  } catch {
    // matches neither: reported below
  }
  if (!aligned || aligned.match === "order") {
    const key = (s: string) => s.trim().toLowerCase();
    const known = new Set(names.flatMap((n) => [key(n), key(classFolderName(n))]));
    const stray = ds.classes.filter((c) => !known.has(key(c)));
    throw new Error(
      `${where}: the class folders [${ds.classes.join(", ")}] match neither the ${dataName} ` +
        `classes nor the numbers 0..${names.length - 1}` +
        (stray.length && stray.length < ds.classes.length
          ? ` (no class is named ${stray.map((c) => `"${c}"`).join(", ")})`
          : "") +
        `; expected one folder per class, named ${
          names.map((n) => `"${classFolderName(n)}"`).join(", ")
        }, or 0..${names.length - 1} in that order`,
    );
  }
  const { dataset, match } = aligned;
  const counts = new Array<number>(names.length).fill(0);
  for (const y of dataset.labels) counts[y]++;
  const missing = names.flatMap((_n, i) => (counts[i] === 0 ? [i] : []));
  if (missing.length > 0) {
    const folder = (i: number) =>
      match === "integers" ? String(i) : ds.classes.find((c) => lookupName(c, names) === i) ??
        classFolderName(names[i]);
    throw new Error(
      `${where}: no images of ${dataName} class${missing.length > 1 ? "es" : ""} ` +
        `${missing.map((i) => `"${names[i]}" (folder ${where}/${folder(i)})`).join(", ")}; ` +
        `a distilled set needs images of every class: add the folder${
          missing.length > 1 ? "s" : ""
        } with at least one image`,
    );
  }
  return { dataset, match: match as "same" | "names" | "integers" };
}

/** The index in `names` of a class or folder name (case-insensitive), or -1. */
function lookupName(c: string, names: readonly string[]): number {
  const key = (s: string) => s.trim().toLowerCase();
  return names.findIndex((n) => key(n) === key(c) || key(classFolderName(n)) === key(c));
}
