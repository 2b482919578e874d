/**
 * Training logs in JSON Lines (`log.jsonl`): one JSON object per line, each with a `step`.
 * A line that does not parse is an error naming the file and the line number.
 * @module
 */

/**
 * The lines of a JSON Lines training log whose `step` is at most `maxStep`, as written (so a
 * resumed run rewrites them byte for byte); `[]` when the file does not exist. A line that
 * is not JSON, or not an object with a numeric `step`, is an error naming the file and line.
 *
 * @example
 * ```ts
 * const kept = await readLogLines("runs/prior/log.jsonl", 1000); // lines up to step 1000
 * ```
 */
export async function readLogLines(path: string, maxStep: number): Promise<string[]> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return [];
    throw new Error(`${path}: cannot read the log: ${(err as Error).message}`, { cause: err });
  }
  const kept: string[] = [];
  for (const [i, line] of text.split("\n").entries()) {
    if (line.trim() === "") continue;
    const where = `${path}:${i + 1}`;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch (err) {
      throw new Error(
        `${where}: not a JSON line (${(err as Error).message}): ${excerpt(line)}; fix or ` +
          `delete the line (the log holds one JSON object per line)`,
        { cause: err },
      );
    }
    const step = (rec as { step?: unknown } | null)?.step;
    if (typeof rec !== "object" || Array.isArray(rec) || typeof step !== "number") {
      throw new Error(
        `${where}: expected a JSON object with a numeric "step", got ${excerpt(line)}`,
      );
    }
    if (step <= maxStep) kept.push(line);
  }
  return kept;
}

function excerpt(line: string): string {
  return JSON.stringify(line.length > 60 ? `${line.slice(0, 60)}...` : line);
}
