/**
 * Published accuracies (ConvNet-3, test accuracy %, mean ± std where the source gives it)
 * that a report sets beside its own rows, each with its source. Only rows scored by training
 * a ConvNet on the set are under the DC/DSA protocol; KIP's are kernel ridge regression
 * with the ConvNet kernel, said so in its note.
 *
 * @example
 * const random = publishedRow("fashion-mnist", "random"); // rows[10] = [73.8, 0.7]
 * @module
 */

/** One published method's accuracies by IPC, and where they are from. */
export interface PublishedRow {
  method: string;
  source: string;
  /** IPC -> [mean, std]; std is NaN where the source gives none. */
  rows: Record<number, [number, number]>;
  /** How the row differs from a ConvNet-3 trained on the set, if it does. */
  note?: string;
  /** The row is the whole training set, the same at every IPC. */
  whole?: boolean;
}

const DC = "Zhao, Mopuri and Bilen 2021, Dataset Condensation with Gradient Matching " +
  "(ICLR 2021), Table 1";
const DSA = "Zhao and Bilen 2021, Dataset Condensation with Differentiable Siamese " +
  "Augmentation (ICML 2021)";
const KIP = "Nguyen, Novak, Xiao and Lee 2021, Dataset Distillation with Infinitely Wide " +
  "Convolutional Networks (NeurIPS 2021)";

/**
 * Published rows by data set name.
 *
 * @example
 * PUBLISHED["fashion-mnist"].find((r) => r.method === "DSA")!.rows[10]; // [84.6, 0.3]
 */
export const PUBLISHED: Readonly<Record<string, readonly PublishedRow[]>> = {
  "fashion-mnist": [
    { method: "Random", source: DC, rows: { 1: [51.4, 3.8], 10: [73.8, 0.7], 50: [82.5, 0.7] } },
    { method: "Herding", source: DC, rows: { 1: [67.0, NaN], 10: [71.1, NaN], 50: [71.9, NaN] } },
    { method: "K-Center", source: DC, rows: { 1: [66.9, NaN], 10: [54.7, NaN], 50: [68.3, NaN] } },
    { method: "DC", source: DC, rows: { 1: [70.5, 0.6], 10: [82.3, 0.4], 50: [83.6, 0.4] } },
    { method: "DSA", source: DSA, rows: { 1: [70.6, 0.6], 10: [84.6, 0.3], 50: [88.7, 0.2] } },
    {
      method: "KIP",
      source: KIP,
      rows: { 1: [76.7, NaN], 10: [88.8, NaN], 50: [91.0, NaN] },
      note: "kernel ridge regression with the ConvNet kernel, not a trained ConvNet-3",
    },
    { method: "whole dataset", source: DC, rows: { 1: [93.5, 0.1] }, whole: true },
  ],
};

/** The published row of `method` for data set `dataName`, or null. */
export function publishedRow(dataName: string, method: string): PublishedRow | null {
  return PUBLISHED[dataName]?.find((r) => r.method.toLowerCase() === method.toLowerCase()) ??
    null;
}

/** `mean ± std`, or the mean alone where the source gives no spread. */
export function formatPublished([mean, std]: [number, number]): string {
  return Number.isNaN(std) ? mean.toFixed(1) : `${mean.toFixed(1)} ± ${std.toFixed(1)}`;
}

/**
 * The published rows of `dataName` at `ipcs` as a Markdown table (method, one column per
 * IPC, source), or null when none are known.
 *
 * @example
 * const t = publishedTable("fashion-mnist", [1, 10])!;
 * t.headers; // ["published", "IPC 1", "IPC 10", "source"]
 * t.rows[0]; // ["Random", "51.4 ± 3.8", "73.8 ± 0.7", "Zhao, Mopuri and Bilen 2021, ..."]
 */
export function publishedTable(
  dataName: string,
  ipcs: number[],
): { headers: string[]; rows: string[][] } | null {
  const rows = PUBLISHED[dataName];
  if (!rows) return null;
  return {
    headers: ["published", ...ipcs.map((i) => `IPC ${i}`), "source"],
    rows: rows.map((r) => [
      r.method,
      ...ipcs.map((i) => {
        const v = r.whole ? Object.values(r.rows)[0] : r.rows[i];
        return v ? formatPublished(v) : "-";
      }),
      r.source + (r.note ? `; ${r.note}` : ""),
    ]),
  };
}
