/**
 * Reports: a Markdown file with text, tables and figures, and the same content as JSON (raw
 * numbers, for scripts that compare runs).
 * @module
 */
import { writeFileAtomic } from "./atomic.ts";

/** A table. Numbers are written as is to JSON and with `digits` decimals to Markdown. */
export interface Table {
  title?: string;
  headers: string[];
  rows: (string | number)[][];
  /** Decimals for non-integer numbers in Markdown; default 2. */
  digits?: number;
}

/** A report section. */
export interface Section {
  heading: string;
  text?: string;
  tables?: Table[];
  /** Images (e.g. plots), paths relative to the report. */
  figures?: { path: string; caption?: string }[];
}

/** A report: a title, optional free text, sections. */
export interface Report {
  title: string;
  text?: string;
  sections: Section[];
}

const cell = (v: string | number, digits: number) =>
  (typeof v === "number" && !Number.isInteger(v) ? v.toFixed(digits) : String(v))
    .replace(/\|/g, "\\|").replace(/\n/g, " ");

/**
 * Renders one table as GitHub Markdown.
 *
 * @example
 * ```ts
 * markdownTable({ headers: ["IPC", "acc"], rows: [[1, 70.512]] });
 * // "| IPC | acc |\n| --- | --- |\n| 1 | 70.51 |\n"
 * ```
 */
export function markdownTable(t: Table): string {
  const d = t.digits ?? 2;
  const line = (cells: (string | number)[]) => `| ${cells.map((c) => cell(c, d)).join(" | ")} |\n`;
  return line(t.headers) + line(t.headers.map(() => "---")) + t.rows.map(line).join("");
}

/**
 * Renders a whole report as Markdown.
 *
 * @example
 * ```ts
 * renderMarkdown({ title: "Run 1", sections: [{ heading: "Accuracy", tables: [table] }] });
 * ```
 */
export function renderMarkdown(r: Report): string {
  let md = `# ${r.title}\n\n`;
  if (r.text) md += `${r.text.trim()}\n\n`;
  for (const s of r.sections) {
    md += `## ${s.heading}\n\n`;
    if (s.text) md += `${s.text.trim()}\n\n`;
    for (const t of s.tables ?? []) {
      if (t.title) md += `**${t.title}**\n\n`;
      md += markdownTable(t) + "\n";
    }
    for (const f of s.figures ?? []) md += `![${f.caption ?? ""}](${f.path})\n\n`;
  }
  return md.trimEnd() + "\n";
}

/**
 * Writes `<base>.md` and `<base>.json` (the report object itself) atomically.
 *
 * @example
 * ```ts
 * await writeReport("runs/a/report", report); // runs/a/report.md, runs/a/report.json
 * ```
 */
export async function writeReport(base: string, r: Report): Promise<void> {
  base = base.replace(/\.(md|json)$/, "");
  await writeFileAtomic(`${base}.json`, JSON.stringify(r, null, 2) + "\n");
  await writeFileAtomic(`${base}.md`, renderMarkdown(r));
}

/**
 * Mean and standard deviation (population, ddof 0, as `numpy.std`) of some values.
 *
 * @example
 * ```ts
 * meanStd([82, 84]); // { mean: 83, std: 1 }
 * ```
 */
export function meanStd(values: number[]): { mean: number; std: number } {
  const n = values.length;
  if (n === 0) return { mean: NaN, std: NaN };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  return { mean, std };
}

/**
 * Formats values as "mean ± std".
 *
 * @example
 * ```ts
 * formatMeanStd([82, 84]); // "83.0 ± 1.0"
 * ```
 */
export function formatMeanStd(values: number[], digits = 1): string {
  const { mean, std } = meanStd(values);
  return `${mean.toFixed(digits)} ± ${std.toFixed(digits)}`;
}
