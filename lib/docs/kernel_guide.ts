/**
 * The porting guide, kernels/README.md: what every kernel in kernels/ needs from a WebGPU
 * host, generated from the sources: per entry point its workgroup size, the bindings it
 * uses (kind and access, read from the WGSL by following its calls) and the override
 * constants it reads; per file its header comment (layouts, params, dispatch formula). The
 * preamble's limits are the maxima over all entry points. `deno task porting-guide` writes
 * it; a test checks it is current.
 *
 * @example
 * const md = await kernelGuide(new URL("../../kernels/", import.meta.url));
 * @module
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

/** The kind of a module-scope resource binding. */
export type BindingKind = "storage" | "uniform" | "sampled texture" | "storage texture";

/** One `@group(g) @binding(b) var ...` declaration. */
export interface Binding {
  group: number;
  binding: number;
  name: string;
  kind: BindingKind;
  /** `read`, `read_write` (storage buffers), `write` (storage textures); "" otherwise. */
  access: string;
  /** The declared type, e.g. `array<vec4<f32>>` or `texture_2d_array<f32>`. */
  type: string;
}

/** One compute entry point and what it statically uses. */
export interface EntryPoint {
  name: string;
  /** `@workgroup_size` as written, e.g. `["64"]` or `["WG_X", "WG_Y", "1"]`. */
  workgroupSize: string[];
  /** The workgroup size with override defaults substituted, [x, y, z]. */
  workgroupDefault: [number, number, number];
  /** The bindings the entry point or a function it calls refers to, by binding number. */
  bindings: Binding[];
  /** The override constants it reads (directly, through calls or other declarations). */
  overrides: string[];
}

/** What a WGSL file declares. */
export interface KernelShape {
  entries: EntryPoint[];
  bindings: Binding[];
  overrides: string[];
}

/** The source without comments (line and block), newlines kept. */
function stripComments(wgsl: string): string {
  return wgsl.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, " "))
    .replace(/\/\/[^\n]*/g, "");
}

/** Index just past the bracket that closes the one at `open`. */
function closing(code: string, open: number, pair = "{}"): number {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    if (code[i] === pair[0]) depth++;
    else if (code[i] === pair[1] && --depth === 0) return i + 1;
  }
  throw new Error(`unbalanced ${pair} at offset ${open}`);
}

/** Identifiers in `text`, except member names after a `.`. */
function identifiers(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/(?<![.\w])[A-Za-z_]\w*/g)) out.add(m[0]);
  return out;
}

interface Decl {
  name: string;
  /** The text whose identifiers the declaration depends on. */
  text: string;
  /** Names declared inside it (function parameters and locals), which shadow globals. */
  locals: Set<string>;
}

/**
 * Reads a WGSL source: its bindings, override constants and compute entry points, and for
 * each entry point the bindings and overrides it statically uses (what an automatic
 * pipeline layout holds), following the functions and module-scope declarations it refers
 * to. A local variable or parameter that shadows a module-scope name hides it in that
 * function.
 *
 * @example
 * kernelShape("@compute @workgroup_size(64) fn main() {}").entries[0].name; // "main"
 */
export function kernelShape(wgsl: string): KernelShape {
  const code = stripComments(wgsl);
  const decls = new Map<string, Decl>();
  const bindings: Binding[] = [];
  const overrides: string[] = [];
  const overrideDefaults = new Map<string, number>();
  const entries: { name: string; size: string[] }[] = [];
  let i = 0;
  while (i < code.length) {
    const rest = code.slice(i);
    const ws = /^\s+/.exec(rest);
    if (ws) {
      i += ws[0].length;
      continue;
    }
    const fn = /^((?:@\w+(?:\([^)]*\))?\s*)*)fn\s+(\w+)\s*\(/.exec(rest);
    if (fn) {
      const paramsEnd = closing(code, i + fn[0].length - 1, "()");
      const open = code.indexOf("{", paramsEnd);
      const end = closing(code, open);
      const params = code.slice(i + fn[0].length, paramsEnd - 1);
      const body = code.slice(open, end);
      const locals = new Set<string>();
      for (const m of params.matchAll(/(?:^|,)\s*(?:@\w+(?:\([^)]*\))?\s*)*(\w+)\s*:/g)) {
        locals.add(m[1]);
      }
      for (const m of body.matchAll(/\b(?:let|var|const)(?:<[^>]*>)?\s+(\w+)/g)) locals.add(m[1]);
      decls.set(fn[2], { name: fn[2], text: code.slice(paramsEnd, end), locals });
      if (/@compute\b/.test(fn[1])) {
        const size = /@workgroup_size\(([^)]*)\)/.exec(fn[1]);
        entries.push({
          name: fn[2],
          size: size ? size[1].split(",").map((s) => s.trim()).filter(Boolean) : [],
        });
      }
      i = end;
      continue;
    }
    const struct = /^struct\s+(\w+)\s*\{/.exec(rest);
    if (struct) {
      const end = closing(code, i + struct[0].length - 1);
      // the member types only: a member's name is no reference
      const types = [...code.slice(i + struct[0].length, end - 1).matchAll(/:\s*([^,]+)/g)];
      decls.set(struct[1], {
        name: struct[1],
        text: types.map((m) => m[1]).join(" "),
        locals: new Set(),
      });
      i = end;
      continue;
    }
    // module-scope var, override, const, alias: up to the `;`
    const end = code.indexOf(";", i) + 1 || code.length;
    const text = code.slice(i, end);
    i = end;
    const binding =
      /^@group\((\d+)\)\s*@binding\((\d+)\)\s*var(?:<([^>]*)>)?\s+(\w+)\s*:\s*([^;]+);$/
        .exec(text.replace(/\s+/g, " ").trim());
    if (binding) {
      const [, group, number, space = "", name, type] = binding;
      const [addressSpace, access = addressSpace === "storage" ? "read" : ""] = space.split(
        /\s*,\s*/,
      );
      const tex = /^texture_storage_\w+<\s*\w+\s*,\s*(\w+)\s*>/.exec(type);
      bindings.push({
        group: Number(group),
        binding: Number(number),
        name,
        kind: tex
          ? "storage texture"
          : type.startsWith("texture_")
          ? "sampled texture"
          : addressSpace === "uniform"
          ? "uniform"
          : "storage",
        access: tex ? tex[1] : addressSpace === "storage" ? access : "",
        type: type.trim(),
      });
      decls.set(name, { name, text: type, locals: new Set() });
      continue;
    }
    const named = /^(?:override|const|var(?:<[^>]*>)?|alias)\s+(\w+)/.exec(text.trim());
    if (named) {
      decls.set(named[1], {
        name: named[1],
        text: text.slice(text.indexOf(named[1]) + named[1].length),
        locals: new Set(),
      });
      if (text.trim().startsWith("override")) {
        overrides.push(named[1]);
        const def = /=\s*(true|false|[-\d.]+)[uif]?\s*;/.exec(text);
        if (def) {
          overrideDefaults.set(
            named[1],
            def[1] === "true" ? 1 : def[1] === "false" ? 0 : Number(def[1]),
          );
        }
      }
    }
  }
  const shaped = entries.map(({ name, size }): EntryPoint => {
    const seen = new Set<string>();
    const visit = (d: Decl) => {
      if (seen.has(d.name)) return;
      seen.add(d.name);
      for (const id of identifiers(d.text)) {
        const next = decls.get(id);
        if (next && !d.locals.has(id)) visit(next);
      }
    };
    visit(decls.get(name)!);
    for (const s of size) for (const id of identifiers(s)) if (decls.has(id)) visit(decls.get(id)!);
    const value = (s: string) => overrideDefaults.get(s) ?? Number(s.replace(/[ui]$/, ""));
    const [x = "1", y = "1", z = "1"] = size;
    return {
      name,
      workgroupSize: size,
      workgroupDefault: [value(x), value(y), value(z)],
      bindings: bindings.filter((b) => seen.has(b.name)).sort((a, b) => a.binding - b.binding),
      overrides: overrides.filter((o) => seen.has(o)),
    };
  });
  return { entries: shaped, bindings, overrides };
}

/** The largest per-entry-point needs over a set of kernels: what the preamble states. */
export interface KernelNeeds {
  storageBuffers: number;
  uniformBuffers: number;
  sampledTextures: number;
  storageTextures: number;
  invocations: number;
  sizeX: number;
  sizeY: number;
  groups: number[];
}

/**
 * The maxima over every entry point of `shapes` (per shader stage, as WebGPU counts).
 *
 * @example
 * kernelNeeds([kernelShape(wgsl)]).storageBuffers;
 */
export function kernelNeeds(shapes: KernelShape[]): KernelNeeds {
  const n: KernelNeeds = {
    storageBuffers: 0,
    uniformBuffers: 0,
    sampledTextures: 0,
    storageTextures: 0,
    invocations: 0,
    sizeX: 0,
    sizeY: 0,
    groups: [],
  };
  for (const s of shapes) {
    for (const e of s.entries) {
      const count = (k: BindingKind) => e.bindings.filter((b) => b.kind === k).length;
      n.storageBuffers = Math.max(n.storageBuffers, count("storage"));
      n.uniformBuffers = Math.max(n.uniformBuffers, count("uniform"));
      n.sampledTextures = Math.max(n.sampledTextures, count("sampled texture"));
      n.storageTextures = Math.max(n.storageTextures, count("storage texture"));
      const [x, y, z] = e.workgroupDefault;
      n.invocations = Math.max(n.invocations, x * y * z);
      n.sizeX = Math.max(n.sizeX, x);
      n.sizeY = Math.max(n.sizeY, y);
      for (const b of e.bindings) if (!n.groups.includes(b.group)) n.groups.push(b.group);
    }
  }
  n.groups.sort();
  return n;
}

function bindingText(b: Binding): string {
  const kind = b.kind === "storage"
    ? `storage ${b.access}`
    : b.kind === "sampled texture"
    ? `\`${b.type}\``
    : b.kind === "storage texture"
    ? `\`${b.type.replace(/\s+/g, " ")}\``
    : "uniform";
  return `${b.binding} ${kind}`;
}

/** Rewraps each paragraph and list item of Markdown text to `width` columns. */
function reflow(md: string, width = 96): string {
  const out: string[] = [];
  for (const block of md.trim().split("\n\n")) {
    if (block.startsWith("#")) {
      out.push(block);
      continue;
    }
    const items = block.split(/\n(?=- )/).map((item) => item.replace(/\s*\n\s*/g, " "));
    out.push(
      items.map((item) => {
        const indent = item.startsWith("- ") ? "  " : "";
        const lines: string[] = [];
        let line = "";
        // a code span is one word: never broken across lines
        for (const word of item.match(/(?:`[^`]*`|[^\s`])+/g) ?? []) {
          if (line && line.length + 1 + word.length > width) {
            lines.push(line);
            line = indent + word;
          } else line = line ? `${line} ${word}` : word;
        }
        lines.push(line);
        return lines.join("\n");
      }).join("\n"),
    );
  }
  return out.join("\n\n") + "\n";
}

function preamble(names: string[], shapes: KernelShape[]): string {
  const needs = kernelNeeds(shapes);
  const plural = (k: number, word: string) => `${k} ${word}${k === 1 ? "" : "s"}`;
  const files = (test: (s: KernelShape) => boolean) =>
    names.filter((_, k) => test(shapes[k])).map((n) => `\`${n.replace(/\.wgsl$/, "")}\``);
  const entries = shapes.reduce((a, s) => a + s.entries.length, 0);
  const multi = files((s) => s.entries.length > 1).length;
  const sampled = files((s) => s.bindings.some((b) => b.kind === "sampled texture")).length;
  const written = files((s) => s.bindings.some((b) => b.kind === "storage texture"));
  const twoUniforms = files((s) =>
    s.entries.some((e) => e.bindings.filter((b) => b.kind === "uniform").length > 1)
  );
  return reflow(`# Porting the kernels

Generated by \`deno task porting-guide\` from the WGSL files in this folder; do not edit.

The kernels are plain WGSL with no host-specific code; the TypeScript in \`lib/ops/\` records
their dispatches. Kernel sources may \`// #include\` shared files from kernels/include/;
\`deno task bundle\` writes the resolved, self-contained files to out/bundle/kernels/, and those
are what a porter takes.

What every file below shares:

- **One file per kernel family, one or more entry points.** ${names.length} files, ${entries} compute
  entry points; ${multi} files have more than one. Each file's table lists, per entry point,
  its workgroup size, the bindings it uses (read from the WGSL, following the functions it
  calls: what a \`layout: "auto"\` pipeline holds) and the override constants it reads. The
  header comment under it gives the layout of each buffer, the fields of the \`Params\`
  uniform, the meaning of the overrides and the dispatch formula.
- **Bind group ${needs.groups.join(", ")} only.** A binding is a storage buffer (\`array<f32>\`,
  \`array<vec4<f32>>\`, \`array<i32>\`/\`u32\`), a uniform (the \`Params\` struct, at the last
  binding of the entry; ${twoUniforms.join(" and ")} also stream an operand through a uniform
  array), a sampled texture (in ${sampled} files: \`texture_2d<f32>\` of \`r32float\`, a flat
  array 8192 floats per row; \`texture_2d_array<f32>\` of \`rgba32float\`, 4 floats a texel,
  2048 texels per row, or matmul's packed operands) or a write-only storage texture
  (${written.join(", ")}). Entry points of one file may bind different things at the same
  binding number. On CPU adapters a texel fetch is far cheaper than a storage-buffer load,
  hence the textures.
- **Override constants** are pipeline constants (\`GPUProgrammableStage.constants\`).
- **Invocation index.** 1-D kernels compute \`id = (wid.y * nwg.x + wid.x) * 64 + lid\` and
  return when \`id >= n\`; grids spill into y past 65535 workgroups in x.
- **Limits.** Per entry point the kernels use at most ${
    plural(needs.storageBuffers, "storage buffer")
  },
  ${plural(needs.uniformBuffers, "uniform buffer")}, ${
    plural(needs.sampledTextures, "sampled texture")
  } and
  ${
    plural(needs.storageTextures, "storage texture")
  }, workgroups of up to ${needs.invocations} invocations
  (${needs.sizeX} in x, ${needs.sizeY} in y, with the overrides' defaults), a 64 KiB uniform binding and
  8192-texel textures (within the WebGPU core defaults; compatibility-mode adapters may need
  them raised).

Two facts matter on particular hosts:

- **Mesa llvmpipe** (the CPU adapter) silently ends a shader loop after 65535 iterations per
  invocation, counted over all its loops (nested loops share one budget). The ops keep every
  loop below that (long reductions run in chunks; otherwise a clear error).
- **wgpu's GL backend** (Deno without a Vulkan driver) takes a texture's view dimension from
  its layer count: 1 layer is 2D, 6 a cube, 6k a cube array, whatever the view asks for. Give
  a texture read as \`texture_2d_array\` a spare layer when it would have 1 or 6k layers (the
  toolkit's texture pool does). Mesa's GLSL compiler also rebalances a chain of float
  additions within one expression into another order: write such sums one term per
  statement where the bits must match other backends.
`);
}

/** kernels/README.md: the preamble, then one section per kernel file, sorted by name. */
export async function kernelGuide(dir: URL): Promise<string> {
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (e.isFile && e.name.endsWith(".wgsl")) names.push(e.name);
  }
  names.sort();
  const sources = await Promise.all(names.map((n) => Deno.readTextFile(new URL(n, dir))));
  const shapes = sources.map(kernelShape);
  const sections: string[] = [];
  names.forEach((name, k) => {
    const s = shapes[k];
    sections.push(
      `## ${name}`,
      "",
      "| entry point | workgroup size | bindings (group 0) | overrides |",
      "| --- | --- | --- | --- |",
      ...s.entries.map((e) =>
        `| \`${e.name}\` | ${e.workgroupSize.join(" x ")} | ${
          e.bindings.map(bindingText).join(", ")
        } | ${e.overrides.map((o) => `\`${o}\``).join(", ")} |`
      ),
      "",
      "```text",
      headerComment(sources[k]),
      "```",
      "",
    );
  });
  return [preamble(names, shapes), ...sections].join("\n");
}
