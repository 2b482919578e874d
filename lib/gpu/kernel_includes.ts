/**
 * The shared WGSL of `kernels/include/`, and the resolution of the `// #include "name.wgsl"`
 * lines that pull it into a kernel. The include files are imported as text (as `kernels.ts`
 * imports the kernels), so that includes resolve on any host with no file system. An
 * include file added to `kernels/include/` needs one line here (a test checks the list).
 *
 * Resolution is plain text substitution: the first `// #include "name.wgsl"` line of a name
 * is replaced by the text of `kernels/include/name.wgsl` (itself resolved the same way);
 * later lines naming an included file are dropped (include once, which also ends cycles).
 * The result is one self-contained WGSL module, what `kernelSource` returns and
 * `deno task bundle` writes to out/bundle/kernels/.
 *
 * @example
 * const { code } = resolveIncludes("dropout", KERNEL_SOURCE, (n) => INCLUDE_SOURCES[n]);
 * @module
 */
import activations from "../../kernels/include/activations.wgsl" with { type: "text" };
import convV8 from "../../kernels/include/conv_v8.wgsl" with { type: "text" };
import flatTexture from "../../kernels/include/flat_texture.wgsl" with { type: "text" };
import invocation from "../../kernels/include/invocation.wgsl" with { type: "text" };
import math from "../../kernels/include/math.wgsl" with { type: "text" };
import philox from "../../kernels/include/philox.wgsl" with { type: "text" };

/** Include file name (`kernels/include/<name>`) -> WGSL source. */
export const INCLUDE_SOURCES: Readonly<Record<string, string>> = {
  "activations.wgsl": activations,
  "conv_v8.wgsl": convV8,
  "flat_texture.wgsl": flatTexture,
  "invocation.wgsl": invocation,
  "math.wgsl": math,
  "philox.wgsl": philox,
};

/** Where an include file lives, for messages. */
export function includePath(name: string): string {
  return `kernels/include/${name}`;
}

/** Where a line of a resolved kernel comes from: a file and a 1-based line in it. */
export interface SourceLine {
  file: string;
  line: number;
}

/** A kernel with its includes resolved. */
export interface ResolvedKernel {
  /** The self-contained WGSL. */
  code: string;
  /** The origin of each line of `code` (index 0 is line 1). */
  lines: SourceLine[];
  /** The include files it pulled in, in order. */
  included: string[];
}

/** Any line that starts (after blanks) with `// #include`; it must be a whole directive. */
const DIRECTIVE = /^\s*\/\/\s*#include\b/;
const INCLUDE = /^\s*\/\/\s*#include\s+"([A-Za-z0-9_.-]+\.wgsl)"\s*$/;

/**
 * Resolves the `// #include "name.wgsl"` lines of kernel `kernel` (source `wgsl`, shown as
 * `file` in messages), looking include files up with `lookup`. Throws, naming the kernel,
 * the file and line of the directive and the missing name, for an include that `lookup`
 * does not know, and for a malformed `// #include` line.
 *
 * @example
 * resolveIncludes("k", '// #include "a.wgsl"\nfn main() {}\n', (n) => ({ "a.wgsl": "const A = 1;\n" })[n]);
 * // { code: "const A = 1;\nfn main() {}\n", lines: [...], included: ["a.wgsl"] }
 */
export function resolveIncludes(
  kernel: string,
  wgsl: string,
  lookup: (name: string) => string | undefined,
  file = `kernels/${kernel}.wgsl`,
  known: () => string[] = () => [],
): ResolvedKernel {
  const out: string[] = [];
  const lines: SourceLine[] = [];
  const included: string[] = [];
  const expand = (text: string, from: string) => {
    const src = text.split("\n");
    // the newline that ends the file ends the last line: it is not one more (empty) line
    const last = src.length > 1 && src[src.length - 1] === "" ? src.length - 1 : src.length;
    for (let k = 0; k < last; k++) {
      const line = src[k];
      if (!DIRECTIVE.test(line)) {
        out.push(line);
        lines.push({ file: from, line: k + 1 });
        continue;
      }
      const where = `${from}:${k + 1}`;
      const m = INCLUDE.exec(line);
      if (!m) {
        throw new Error(
          `kernel "${kernel}": ${where}: malformed include line "${line.trim()}" ` +
            `(expected // #include "name.wgsl", a file of kernels/include/)`,
        );
      }
      const name = m[1];
      if (included.includes(name)) continue; // include once
      const body = lookup(name);
      if (body === undefined) {
        const names = known();
        throw new Error(
          `kernel "${kernel}": ${where} includes "${name}", which is unknown: ` +
            `${includePath(name)} is not listed in lib/gpu/kernel_includes.ts` +
            (names.length ? ` (known: ${names.join(", ")})` : ""),
        );
      }
      included.push(name);
      expand(body, includePath(name));
    }
  };
  expand(wgsl, file);
  const ends = wgsl.endsWith("\n") ? "\n" : "";
  return { code: out.join("\n") + ends, lines, included };
}
