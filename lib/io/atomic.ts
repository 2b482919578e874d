/**
 * Atomic file writes: write a temporary file next to the target, then rename it over the
 * target, so a reader never sees a half-written file (a crash leaves the old file intact).
 * @module
 */

/**
 * Writes `data` to `path` atomically: first to `<path>.tmp-<pid>`, then `Deno.rename`.
 * Strings are written as UTF-8. Parent folders are created when missing.
 *
 * @example
 * ```ts
 * await writeFileAtomic("runs/a/config.json", JSON.stringify({ lr: 0.01 }));
 * ```
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const slash = path.lastIndexOf("/");
  if (slash > 0) await Deno.mkdir(path.slice(0, slash), { recursive: true });
  const tmp = `${path}.tmp-${Deno.pid}`;
  try {
    await Deno.writeFile(tmp, bytes);
    await Deno.rename(tmp, path);
  } catch (err) {
    await Deno.remove(tmp).catch(() => {});
    throw new Error(`${path}: cannot write: ${(err as Error).message}`, { cause: err });
  }
}
