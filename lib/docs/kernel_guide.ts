/**
 * The porting guide: the header comment of every kernel in kernels/ (bindings, layouts,
 * params, overrides, workgroup size, dispatch formula), gathered into Markdown.
 *
 * @example
 * const md = await kernelGuide(new URL("../../kernels/", import.meta.url));
 */

/** The leading `//` comment block of a WGSL file, without the slashes. */
export function headerComment(wgsl: string): string {
  const lines: string[] = [];
  for (const line of wgsl.split("\n")) {
    if (!line.startsWith("//")) break;
    lines.push(line.replace(/^\/\/ ?/, ""));
  }
  return lines.join("\n").trimEnd();
}

/** Markdown with one section per kernel file, sorted by name. */
export async function kernelGuide(dir: URL): Promise<string> {
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (e.isFile && e.name.endsWith(".wgsl")) names.push(e.name);
  }
  names.sort();
  const parts = [
    "Each kernel is one WGSL file with entry point `main`, bind group 0, storage buffers at",
    "bindings 0..n-1 and (where it has one) the uniform params at binding n. Override",
    "constants are pipeline constants. The text below is each file's header comment.",
    "",
  ];
  for (const name of names) {
    const header = headerComment(await Deno.readTextFile(new URL(name, dir)));
    parts.push(`### ${name}`, "", "```text", header, "```", "");
  }
  return parts.join("\n");
}

/** Replaces the text between `<!-- kernels:start -->` and `<!-- kernels:end -->`. */
export function spliceGuide(readme: string, guide: string): string {
  const start = "<!-- kernels:start -->";
  const end = "<!-- kernels:end -->";
  const i = readme.indexOf(start);
  const j = readme.indexOf(end);
  if (i < 0 || j < i) throw new Error(`README.md: markers ${start} and ${end} not found`);
  return readme.slice(0, i + start.length) + "\n" + guide + readme.slice(j);
}
