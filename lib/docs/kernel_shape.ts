/**
 * What a kernel file needs from a WebGPU host, read from its WGSL for the porting guide
 * (lib/docs/kernel_guide.ts): per entry point its workgroup size, the bindings it uses (kind
 * and access, by following its calls) and the overrides it reads; and the maxima over all
 * entry points.
 *
 * @example
 * const shape = kernelShape(Deno.readTextFileSync("kernels/unary.wgsl"));
 * shape.entries.map((e) => e.name); // ["main", "tex"]
 * @module
 */
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
