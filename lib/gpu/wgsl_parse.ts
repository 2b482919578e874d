/**
 * The WGSL reader behind {@link reflectKernel} (lib/gpu/wgsl_reflect.ts) and the porting
 * guide (lib/docs/kernel_shape.ts): comments stripped, tokens, and the module-scope
 * declarations of a kernel file (structs, `var` bindings, `override` constants, functions
 * and their calls), enough to find each entry point's bindings and the uniform Params struct.
 * Not a WGSL validator: the GPU compiler is that.
 *
 * @example
 * const mod = parseModule("unary.wgsl", Deno.readTextFileSync("kernels/unary.wgsl"));
 * reachableNames(mod, "main"); // the names the entry `main` uses, through its calls
 * @module
 */

/** An `override` constant of a kernel file. */
export interface OverrideInfo {
  name: string;
  type: "bool" | "u32" | "i32" | "f32" | "f16";
  /** The initializer as written (normalised), or undefined when the host must give a value. */
  default?: string;
}
export interface Token {
  /** "id" (identifier or keyword), "num" (a literal) or "op" (one punctuation character). */
  kind: "id" | "num" | "op";
  text: string;
  line: number;
}

/** The text without its comments (line and nested block comments), newlines kept. */
export function stripComments(src: string): string {
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

export function tokenize(src: string): Token[] {
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
export interface TypeNode {
  name: string;
  args: (TypeNode | string)[];
}

/** `vec4u` and friends: the predeclared aliases, spelled out. */
export const TYPE_ALIASES: Record<string, TypeNode> = (() => {
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

export function typeText(t: TypeNode | string): string {
  if (typeof t === "string") return t;
  return t.args.length ? `${t.name}<${t.args.map(typeText).join(", ")}>` : t.name;
}

/** Size and alignment of a type in the uniform address space. */

export interface Attribute {
  name: string;
  args: string[];
}

export interface VarDecl {
  name: string;
  addressSpace?: string;
  access?: string;
  type?: TypeNode;
  group?: number;
  binding?: number;
  line: number;
}

export interface FnDecl {
  name: string;
  compute: boolean;
  /** `@workgroup_size` as written, e.g. `["64"]` or `["WG_X", "WG_Y", "1"]`; [] if none. */
  workgroupSize: string[];
  params: string[];
  body: Token[];
}

export interface StructDecl {
  name: string;
  members: { name: string; type: TypeNode; attrs: Attribute[]; line: number }[];
}

export class Parser {
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
export function splitTop(tokens: Token[]): Token[][] {
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

export interface Module {
  structs: Map<string, StructDecl>;
  vars: VarDecl[];
  overrides: OverrideInfo[];
  fns: Map<string, FnDecl>;
}

export function parseModule(file: string, src: string): Module {
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
        const workgroupSize = attr("workgroup_size")?.args ?? [];
        mod.fns.set(name, { name, compute: !!attr("compute"), workgroupSize, params, body });
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
export function inferLiteralType(init: string | undefined): string | undefined {
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
export function reachableNames(mod: Module, entry: string): Set<string> {
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
