/**
 * Reads the host-facing interface of a kernel file from its WGSL text: its compute entry
 * points, its `override` constants, the bindings each entry uses (WebGPU's `layout: "auto"`
 * keeps only the statically used ones), and the layout of the uniform Params struct (the
 * offsets of its fields under WGSL's alignment and size rules). `tasks/kernel-types.ts`
 * writes what it finds into `lib/gpu/kernel_types.ts` (see {@link kernelTypesModule}), which
 * types {@link dispatchKernel} (lib/gpu/kernel_dispatch.ts).
 *
 * Only a file's own text is read: declarations brought in by a `// #include` line are not
 * seen (shared helpers hold functions, not bindings).
 *
 * @example
 * const k = reflectKernel("unary", Deno.readTextFileSync("kernels/unary.wgsl"));
 * k.entries.map((e) => e.name); // ["main", "tex"]
 * @module
 */

/** A scalar type a uniform field can hold. */
export type WgslScalar = "u32" | "i32" | "f32";

/** One field of a uniform struct, placed by WGSL's layout rules. */
export interface FieldLayout {
  name: string;
  /** The type as written in the WGSL, normalised (`array<vec4<u32>, 2>`). */
  type: string;
  /** Byte offset in the struct. */
  offset: number;
  /** Scalar type of the field or of each of its components. */
  scalar: WgslScalar;
  /** Components per element (1 for a scalar, N for vecN, R for a matCxR column). */
  lanes: number;
  /** Elements (1 for a scalar or a vector, N for array<_, N>, C for matCxR). */
  elements: number;
  /** Bytes from one element to the next. */
  stride: number;
  /** A padding field (`pad`, `pad0`, ...): written as zeros, never passed by the host. */
  pad: boolean;
}

/** A uniform struct and where an entry binds it. */
export interface ParamsLayout {
  /** The struct's name in the WGSL. */
  struct: string;
  /** The variable's name in the WGSL. */
  name: string;
  binding: number;
  /** The struct's size in bytes (WGSL's SizeOf). */
  size: number;
  fields: FieldLayout[];
}

/** One resource binding of an entry point (group 0). */
export interface BindingInfo {
  binding: number;
  name: string;
  kind: "storage" | "uniform" | "texture" | "storage_texture";
  /** The type as written in the WGSL, normalised. */
  type: string;
  /** Storage buffers and storage textures. */
  access?: "read" | "read_write" | "write";
}

/** An `override` constant of a kernel file. */
export interface OverrideInfo {
  name: string;
  type: "bool" | "u32" | "i32" | "f32" | "f16";
  /** The initializer as written (normalised), or undefined when the host must give a value. */
  default?: string;
}

/** One compute entry point. */
export interface EntryInfo {
  name: string;
  /** The bindings the host passes in order (every used one but the Params uniform). */
  bindings: BindingInfo[];
  /** The uniform struct the entry reads its parameters from, or null. */
  params: ParamsLayout | null;
}

/** Everything the host needs to know about a kernel file. */
export interface KernelInfo {
  name: string;
  overrides: OverrideInfo[];
  entries: EntryInfo[];
}

// ---------------------------------------------------------------------------- tokens

interface Token {
  /** "id" (identifier or keyword), "num" (a literal) or "op" (one punctuation character). */
  kind: "id" | "num" | "op";
  text: string;
  line: number;
}

/** The text without its comments (line and nested block comments), newlines kept. */
function stripComments(src: string): string {
  let out = "";
  let i = 0;
  while (i < src.length) {
    if (src.startsWith("//", i)) {
      while (i < src.length && src[i] !== "\n") i++;
    } else if (src.startsWith("/*", i)) {
      let depth = 0;
      do {
        if (src.startsWith("/*", i)) {
          depth++;
          i += 2;
        } else if (src.startsWith("*/", i)) {
          depth--;
          i += 2;
        } else {
          if (src[i] === "\n") out += "\n";
          i++;
        }
      } while (depth > 0 && i < src.length);
    } else {
      out += src[i++];
    }
  }
  return out;
}

function tokenize(src: string): Token[] {
  const text = stripComments(src);
  const tokens: Token[] = [];
  const re =
    /\s+|([A-Za-z_][A-Za-z0-9_]*)|(0[xX][0-9a-fA-F.]+(?:[pP][+-]?\d+)?[iuhf]?|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[iuhf]?)|(.)/gy;
  let line = 1;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[1] !== undefined) tokens.push({ kind: "id", text: m[1], line });
    else if (m[2] !== undefined) tokens.push({ kind: "num", text: m[2], line });
    else if (m[3] !== undefined) tokens.push({ kind: "op", text: m[3], line });
    else line += m[0].split("\n").length - 1;
  }
  return tokens;
}

// ---------------------------------------------------------------------------- types

/** A parsed WGSL type: a name and its template arguments (types or literal text). */
interface TypeNode {
  name: string;
  args: (TypeNode | string)[];
}

/** `vec4u` and friends: the predeclared aliases, spelled out. */
const TYPE_ALIASES: Record<string, TypeNode> = (() => {
  const out: Record<string, TypeNode> = {};
  const suffix = { i: "i32", u: "u32", f: "f32", h: "f16" } as const;
  for (const [s, scalar] of Object.entries(suffix)) {
    const t = { name: scalar, args: [] };
    for (const n of [2, 3, 4]) out[`vec${n}${s}`] = { name: `vec${n}`, args: [t] };
    if (s === "f" || s === "h") {
      for (const c of [2, 3, 4]) {
        for (const r of [2, 3, 4]) out[`mat${c}x${r}${s}`] = { name: `mat${c}x${r}`, args: [t] };
      }
    }
  }
  return out;
})();

function typeText(t: TypeNode | string): string {
  if (typeof t === "string") return t;
  return t.args.length ? `${t.name}<${t.args.map(typeText).join(", ")}>` : t.name;
}

/** Size and alignment of a type in the uniform address space. */
interface Placed {
  size: number;
  align: number;
  scalar: WgslScalar;
  lanes: number;
  elements: number;
  stride: number;
}

const roundUp = (k: number, n: number) => Math.ceil(n / k) * k;

// ---------------------------------------------------------------------------- parser

interface Attribute {
  name: string;
  args: string[];
}

interface VarDecl {
  name: string;
  addressSpace?: string;
  access?: string;
  type?: TypeNode;
  group?: number;
  binding?: number;
  line: number;
}

interface FnDecl {
  name: string;
  compute: boolean;
  params: string[];
  body: Token[];
}

interface StructDecl {
  name: string;
  members: { name: string; type: TypeNode; attrs: Attribute[]; line: number }[];
}

class Parser {
  #i = 0;
  constructor(readonly file: string, readonly tokens: Token[]) {}

  fail(message: string, at = this.#i): never {
    const line = this.tokens[Math.min(at, this.tokens.length - 1)]?.line ?? 0;
    throw new Error(`${this.file}:${line}: ${message}`);
  }
  get done(): boolean {
    return this.#i >= this.tokens.length;
  }
  peek(k = 0): Token | undefined {
    return this.tokens[this.#i + k];
  }
  next(): Token {
    const t = this.tokens[this.#i++];
    if (!t) this.fail("unexpected end of file", this.#i - 1);
    return t;
  }
  is(text: string, k = 0): boolean {
    return this.peek(k)?.text === text;
  }
  eat(text: string): boolean {
    if (!this.is(text)) return false;
    this.#i++;
    return true;
  }
  expect(text: string): void {
    if (!this.eat(text)) this.fail(`expected "${text}", found "${this.peek()?.text ?? "EOF"}"`);
  }
  ident(): string {
    const t = this.next();
    if (t.kind !== "id") this.fail(`expected a name, found "${t.text}"`, this.#i - 1);
    return t.text;
  }
  get position(): number {
    return this.#i;
  }

  /** Tokens up to (not including) the `close` matching an already consumed `open`. */
  balanced(open: string, close: string): Token[] {
    const start = this.#i;
    let depth = 1;
    for (;;) {
      const t = this.next();
      if (t.text === open) depth++;
      else if (t.text === close && --depth === 0) return this.tokens.slice(start, this.#i - 1);
    }
  }

  attributes(): Attribute[] {
    const out: Attribute[] = [];
    while (this.eat("@")) {
      const name = this.ident();
      let args: string[] = [];
      if (this.eat("(")) {
        args = splitTop(this.balanced("(", ")")).map((ts) => ts.map((t) => t.text).join(" "))
          .filter((a) => a !== "");
      }
      out.push({ name, args });
    }
    return out;
  }

  /** A type: a name with an optional template list. */
  type(): TypeNode {
    const name = this.ident();
    const alias = TYPE_ALIASES[name];
    if (alias) return alias;
    const args: (TypeNode | string)[] = [];
    if (this.eat("<")) {
      for (;;) {
        const t = this.peek();
        if (t?.kind === "id") args.push(this.type());
        else {
          // a literal (or a constant expression) argument, e.g. an array size
          let text = "";
          while (!this.is(",") && !this.is(">")) text += this.next().text;
          args.push(text);
        }
        if (this.eat(">")) break;
        this.expect(",");
        if (this.eat(">")) break; // trailing comma
      }
    }
    return { name, args };
  }

  /** Skips to the `;` ending the current declaration (and past it). */
  skipStatement(): void {
    while (!this.eat(";")) {
      const t = this.next();
      if (t.text === "(") this.balanced("(", ")");
      else if (t.text === "{") this.balanced("{", "}");
    }
  }
}

/** Splits a token list at its top-level commas. */
function splitTop(tokens: Token[]): Token[][] {
  const out: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.text === "(" || t.text === "<" || t.text === "[") depth++;
    else if (t.text === ")" || t.text === ">" || t.text === "]") depth--;
    if (t.text === "," && depth === 0) out.push([]);
    else out[out.length - 1].push(t);
  }
  return out;
}

interface Module {
  structs: Map<string, StructDecl>;
  vars: VarDecl[];
  overrides: OverrideInfo[];
  fns: Map<string, FnDecl>;
}

function parseModule(file: string, src: string): Module {
  const p = new Parser(file, tokenize(src));
  const mod: Module = { structs: new Map(), vars: [], overrides: [], fns: new Map() };
  while (!p.done) {
    const attrs = p.attributes();
    const attr = (name: string) => attrs.find((a) => a.name === name);
    const at = p.position;
    const word = p.next();
    switch (word.text) {
      case ";":
        break;
      case "struct": {
        const name = p.ident();
        p.expect("{");
        const members: StructDecl["members"] = [];
        while (!p.eat("}")) {
          const mattrs = p.attributes();
          const line = p.peek()?.line ?? 0;
          const mname = p.ident();
          p.expect(":");
          members.push({ name: mname, type: p.type(), attrs: mattrs, line });
          if (!p.eat(",") && !p.is("}")) p.fail(`expected "," after struct member ${mname}`);
        }
        mod.structs.set(name, { name, members });
        break;
      }
      case "override": {
        const name = p.ident();
        if (attr("id")) p.fail(`override ${name}: @id is not supported, name the constant`, at);
        let type: TypeNode | undefined;
        if (p.eat(":")) type = p.type();
        let init: string | undefined;
        if (p.eat("=")) {
          init = "";
          while (!p.is(";")) {
            const t = p.next().text;
            init += init && /\w/.test(init.at(-1)!) && /^\w/.test(t) ? ` ${t}` : t;
          }
        }
        p.expect(";");
        const typeName = type ? typeText(type) : inferLiteralType(init);
        if (!["bool", "u32", "i32", "f32", "f16"].includes(typeName ?? "")) {
          p.fail(`override ${name}: cannot tell its type (${typeName ?? "no type"})`, at);
        }
        mod.overrides.push({
          name,
          type: typeName as OverrideInfo["type"],
          ...(init === undefined ? {} : { default: init }),
        });
        break;
      }
      case "var": {
        const v: VarDecl = { name: "", line: word.line };
        if (p.eat("<")) {
          v.addressSpace = p.ident();
          if (p.eat(",")) v.access = p.ident();
          p.expect(">");
        }
        v.name = p.ident();
        if (p.eat(":")) v.type = p.type();
        p.skipStatement();
        const group = attr("group");
        const binding = attr("binding");
        if (group) v.group = Number(group.args[0]);
        if (binding) v.binding = Number(binding.args[0]);
        mod.vars.push(v);
        break;
      }
      case "fn": {
        const name = p.ident();
        p.expect("(");
        const params = splitTop(p.balanced("(", ")")).flatMap((ts) => {
          const i = ts.findIndex((t) => t.text === ":");
          // the name is the last token before the colon (after any attributes)
          return i > 0 ? [ts[i - 1].text] : [];
        });
        while (!p.is("{")) p.next(); // the return type and its attributes
        p.expect("{");
        const body = p.balanced("{", "}");
        mod.fns.set(name, { name, compute: !!attr("compute"), params, body });
        break;
      }
      case "const":
      case "alias":
      case "enable":
      case "requires":
      case "diagnostic":
      case "const_assert":
        p.skipStatement();
        break;
      default:
        p.fail(`unexpected "${word.text}" at the top level`, at);
    }
  }
  return mod;
}

/** The type of an override initialised by a literal (`1u`, `0.5`, `true`), if it says. */
function inferLiteralType(init: string | undefined): string | undefined {
  if (init === undefined) return undefined;
  if (init === "true" || init === "false") return "bool";
  if (/^-?[\d.]+[eE]?[+-]?\d*u$/.test(init) || /^0[xX][0-9a-fA-F]+u$/.test(init)) return "u32";
  if (/^-?(?:\d+|0[xX][0-9a-fA-F]+)i?$/.test(init)) return "i32";
  if (/^-?[\d.]+(?:[eE][+-]?\d+)?f?$/.test(init)) return "f32";
  if (/h$/.test(init)) return "f16";
  return undefined;
}

// ---------------------------------------------------------------------------- analysis

/**
 * The module-scope names the functions reachable from `entry` refer to. Locals and
 * parameters shadow module-scope names from their declaration to the end of their block
 * (a `for` loop's variable to the end of the enclosing block: close enough for bindings).
 */
function reachableNames(mod: Module, entry: string): Set<string> {
  const used = new Set<string>();
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length) {
    const fn = mod.fns.get(queue.pop()!)!;
    if (seen.has(fn.name)) continue;
    seen.add(fn.name);
    const scopes: Set<string>[] = [new Set(fn.params)];
    const body = fn.body;
    for (let i = 0; i < body.length; i++) {
      const t = body[i];
      if (t.text === "{") scopes.push(new Set());
      else if (t.text === "}") scopes.pop();
      else if (t.kind === "id") {
        if (t.text === "let" || t.text === "var" || t.text === "const") {
          let j = i + 1;
          if (body[j]?.text === "<") { while (body[j] && body[j].text !== ">") j++; }
          if (body[j]?.text === ">") j++;
          if (body[j]?.kind === "id") scopes[scopes.length - 1].add(body[j].text);
          i = j;
          continue;
        }
        if (body[i - 1]?.text === ".") continue; // a member or a swizzle
        if (scopes.some((s) => s.has(t.text))) continue;
        used.add(t.text);
        if (mod.fns.has(t.text) && !seen.has(t.text)) queue.push(t.text);
      }
    }
  }
  return used;
}

const SCALARS = new Set(["u32", "i32", "f32"]);

/** Size, alignment and component layout of a type in the uniform address space. */
function place(file: string, where: string, t: TypeNode): Placed {
  const fail = (why: string): never => {
    throw new Error(`${file}: ${where}: ${typeText(t)} ${why}`);
  };
  const scalarOf = (a: TypeNode | string | undefined): WgslScalar => {
    if (typeof a !== "object" || !SCALARS.has(a.name) || a.args.length) {
      return fail("has components that are not u32, i32 or f32");
    }
    return a.name as WgslScalar;
  };
  if (SCALARS.has(t.name) && !t.args.length) {
    return { size: 4, align: 4, scalar: t.name as WgslScalar, lanes: 1, elements: 1, stride: 4 };
  }
  const vec = /^vec([234])$/.exec(t.name);
  if (vec) {
    const n = Number(vec[1]);
    const align = n === 2 ? 8 : 16;
    return { size: 4 * n, align, scalar: scalarOf(t.args[0]), lanes: n, elements: 1, stride: 4 };
  }
  const mat = /^mat([234])x([234])$/.exec(t.name);
  if (mat) {
    const [c, r] = [Number(mat[1]), Number(mat[2])];
    const align = r === 2 ? 8 : 16;
    const scalar = scalarOf(t.args[0]);
    if (scalar !== "f32") fail("is not supported (matrices are f32 or f16)");
    return { size: c * align, align, scalar, lanes: r, elements: c, stride: align };
  }
  if (t.name === "array") {
    const [elem, count] = t.args;
    if (typeof elem !== "object" || typeof count !== "string" || !/^\d+[iu]?$/.test(count)) {
      return fail("is not supported in Params (a fixed-size array of scalars or vectors only)");
    }
    const e = place(file, where, elem);
    if (e.elements !== 1) fail("is not supported in Params (arrays of arrays or matrices)");
    // uniform buffers: array elements 16 bytes apart at least, arrays 16-byte aligned
    const stride = roundUp(e.align, e.size);
    if (stride % 16 !== 0) fail(`has a stride of ${stride} bytes, not a multiple of 16`);
    const n = parseInt(count);
    return {
      size: n * stride,
      align: roundUp(16, e.align),
      scalar: e.scalar,
      lanes: e.lanes,
      elements: n,
      stride,
    };
  }
  return fail("is not supported in Params (scalars, vectors, matrices and arrays of them)");
}

/** The layout of a uniform struct: field offsets and the struct's size. */
function layoutStruct(file: string, s: StructDecl): { size: number; fields: FieldLayout[] } {
  let end = 0;
  let align = 1;
  const fields: FieldLayout[] = [];
  for (const m of s.members) {
    const where = `struct ${s.name}, field ${m.name}`;
    const p = place(file, where, m.type);
    const a = m.attrs.find((x) => x.name === "align");
    const z = m.attrs.find((x) => x.name === "size");
    const fieldAlign = a ? parseInt(a.args[0]) : p.align;
    const fieldSize = z ? parseInt(z.args[0]) : p.size;
    const offset = roundUp(fieldAlign, end);
    fields.push({
      name: m.name,
      type: typeText(m.type),
      offset,
      scalar: p.scalar,
      lanes: p.lanes,
      elements: p.elements,
      stride: p.stride,
      pad: /^pad\d*$/.test(m.name),
    });
    end = offset + fieldSize;
    align = Math.max(align, fieldAlign);
  }
  return { size: roundUp(align, end), fields };
}

function bindingOf(file: string, v: VarDecl): BindingInfo {
  const type = v.type ? typeText(v.type) : "";
  const base = { binding: v.binding!, name: v.name, type };
  if (v.addressSpace === "storage") {
    const access = (v.access ?? "read") as "read" | "read_write";
    return { ...base, kind: "storage", access };
  }
  if (v.addressSpace === "uniform") return { ...base, kind: "uniform" };
  if (v.type?.name.startsWith("texture_storage_")) {
    const access = typeText(v.type.args[1] ?? "write") as "read" | "read_write" | "write";
    return { ...base, kind: "storage_texture", access };
  }
  if (v.type?.name.startsWith("texture_") && v.type.name !== "texture_external") {
    return { ...base, kind: "texture" };
  }
  throw new Error(
    `${file}:${v.line}: binding ${v.name}: ${type || "this"} is not supported by ` +
      "dispatchKernel (storage and uniform buffers, textures and storage textures)",
  );
}

/**
 * The interface of one kernel file: see the module comment.
 *
 * Rules, as `Gpu.dispatch` binds: every binding is in group 0; an entry's Params uniform
 * (the uniform of struct type it uses; at most one) binds right after its other bindings,
 * which bind at 0, 1, 2, ... (each missing index is an error naming the entry).
 */
export function reflectKernel(name: string, source: string): KernelInfo {
  const file = `kernels/${name}.wgsl`;
  const mod = parseModule(file, source);
  const bindings = mod.vars.filter((v) => v.binding !== undefined || v.group !== undefined);
  for (const v of bindings) {
    if (v.group !== 0) throw new Error(`${file}:${v.line}: ${v.name}: group ${v.group}, not 0`);
  }
  const entries: EntryInfo[] = [];
  for (const fn of mod.fns.values()) {
    if (!fn.compute) continue;
    const used = reachableNames(mod, fn.name);
    const mine = bindings.filter((v) => used.has(v.name)).sort((a, b) => a.binding! - b.binding!);
    const isParams = (v: VarDecl) =>
      v.addressSpace === "uniform" && !!v.type && mod.structs.has(v.type.name);
    const paramVars = mine.filter(isParams);
    const where = `entry ${fn.name}`;
    if (paramVars.length > 1) {
      throw new Error(
        `${file}: ${where} reads ${paramVars.length} uniform structs ` +
          `(${paramVars.map((v) => v.name).join(", ")}); dispatchKernel packs one`,
      );
    }
    const others = mine.filter((v) => !isParams(v));
    others.forEach((v, k) => {
      if (v.binding !== k) {
        throw new Error(
          `${file}: ${where} uses binding ${v.binding} (${v.name}) but no binding ${k}: ` +
            "Gpu.dispatch binds an entry's buffers at 0, 1, 2, ...",
        );
      }
      if (k > 0 && others[k - 1].binding === v.binding) {
        throw new Error(`${file}: ${where} uses two variables at binding ${v.binding}`);
      }
    });
    let params: ParamsLayout | null = null;
    if (paramVars.length) {
      const v = paramVars[0];
      if (v.binding !== others.length) {
        throw new Error(
          `${file}: ${where}: its Params uniform ${v.name} binds at ${v.binding}, not ` +
            `${others.length} (right after its ${others.length} other bindings)`,
        );
      }
      const struct = mod.structs.get(v.type!.name)!;
      params = {
        struct: struct.name,
        name: v.name,
        binding: v.binding,
        ...layoutStruct(file, struct),
      };
    }
    entries.push({ name: fn.name, bindings: others.map((v) => bindingOf(file, v)), params });
  }
  if (!entries.length) throw new Error(`${file}: no @compute entry point`);
  return { name, overrides: mod.overrides, entries };
}
