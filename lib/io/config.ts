/**
 * Configs: YAML files checked against a schema, with command-line flags on top.
 *
 * A schema is a nested object whose leaves are fields made with {@link field}. Errors name the
 * file (and line), the key path, and what is wrong: an unknown key gets the nearest valid key,
 * a wrong type gets the expected type.
 * @module
 */
import { isMap, LineCounter, parseDocument, stringify } from "yaml";

/** The value kinds a field can hold. */
export type FieldType = "number" | "integer" | "string" | "boolean" | "number[]" | "string[]";

/** A leaf of a schema. */
export interface Field<T> {
  readonly field: FieldType;
  readonly default: T;
  readonly doc?: string;
  readonly choices?: readonly T[];
  readonly min?: number;
  readonly max?: number;
}

/** A schema: sections (nested schemas) and fields. */
export interface Schema {
  [key: string]: Field<unknown> | Schema;
}

/** The config type a schema describes. */
export type ConfigOf<S extends Schema> = {
  -readonly [K in keyof S]: S[K] extends Field<infer T> ? T
    : S[K] extends Schema ? ConfigOf<S[K]>
    : never;
};

type Num = { doc?: string; min?: number; max?: number };

/**
 * Field constructors: a default value, and optionally a doc line, bounds or choices.
 *
 * @example
 * ```ts
 * const schema = {
 *   data: { name: field.string("fashion-mnist", "data set name or ImageFolder path") },
 *   train: {
 *     lr: field.number(0.01, { min: 0 }),
 *     steps: field.integer(1000, { min: 1 }),
 *     optimizer: field.choice(["adam", "sgd"], "adam"),
 *   },
 * };
 * ```
 */
export const field = {
  number: (def: number, o: Num = {}): Field<number> => ({ field: "number", default: def, ...o }),
  integer: (def: number, o: Num = {}): Field<number> => ({ field: "integer", default: def, ...o }),
  string: (def: string, doc?: string): Field<string> => ({ field: "string", default: def, doc }),
  boolean: (def: boolean, doc?: string): Field<boolean> => ({
    field: "boolean",
    default: def,
    doc,
  }),
  numbers: (def: number[], doc?: string): Field<number[]> => ({
    field: "number[]",
    default: def,
    doc,
  }),
  strings: (def: string[], doc?: string): Field<string[]> => ({
    field: "string[]",
    default: def,
    doc,
  }),
  choice: <T extends string>(choices: readonly T[], def: T, doc?: string): Field<T> => ({
    field: "string",
    default: def,
    choices,
    doc,
  }),
};

/** A config error; `problems` holds each problem on its own. */
export class ConfigError extends Error {
  constructor(readonly source: string, readonly problems: string[]) {
    super(
      problems.length === 1
        ? `${source}: ${problems[0]}`
        : `${source}: ${problems.length} problems:\n  ${problems.join("\n  ")}`,
    );
    this.name = "ConfigError";
  }
}

const isField = (x: unknown): x is Field<unknown> =>
  typeof x === "object" && x !== null && typeof (x as Field<unknown>).field === "string";

const describe: Record<FieldType, string> = {
  number: "a number",
  integer: "an integer",
  string: "a string",
  boolean: "a boolean (true or false)",
  "number[]": "a list of numbers",
  "string[]": "a list of strings",
};

function show(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return `list ${JSON.stringify(v)}`;
  if (typeof v === "object") return "a mapping";
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** Checks one value against a field; returns the problem, or undefined. */
function checkLeaf(f: Field<unknown>, v: unknown): string | undefined {
  const ok = {
    number: () => typeof v === "number" && Number.isFinite(v),
    integer: () => Number.isSafeInteger(v),
    string: () => typeof v === "string",
    boolean: () => typeof v === "boolean",
    "number[]": () =>
      Array.isArray(v) && v.every((x) => typeof x === "number" && Number.isFinite(x)),
    "string[]": () => Array.isArray(v) && v.every((x) => typeof x === "string"),
  }[f.field]();
  if (!ok) return `expected ${describe[f.field]}, got ${show(v)}`;
  if (f.choices && !f.choices.includes(v)) {
    return `expected one of ${f.choices.map((c) => JSON.stringify(c)).join(", ")}, got ${show(v)}` +
      nearestHint(String(v), f.choices.map(String));
  }
  if (f.min !== undefined && (v as number) < f.min) return `must be >= ${f.min}, got ${v}`;
  if (f.max !== undefined && (v as number) > f.max) return `must be <= ${f.max}, got ${v}`;
}

/** Edit distance (insertions, deletions, substitutions). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/** The candidate nearest to `word`, comparing dotted paths whole and by their last part. */
function nearest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined, bestD = Infinity;
  for (const c of candidates) {
    const w = word.toLowerCase(), full = c.toLowerCase();
    const last = full.slice(full.lastIndexOf(".") + 1);
    let common = 0; // a shared start counts for half an edit per letter (lrate -> lr, not name)
    while (common < 3 && w[common] !== undefined && w[common] === last[common]) common++;
    const d = Math.min(distance(w, full), distance(w, last) - common / 2);
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best;
}

const nearestHint = (word: string, candidates: string[]) => {
  const n = nearest(word, candidates);
  return n === undefined ? "" : `; did you mean "${n}"?`;
};

/** All leaf paths of a schema, dotted. */
function leafPaths(schema: Schema, prefix = ""): string[] {
  return Object.entries(schema).flatMap(([k, v]) =>
    isField(v) ? [prefix + k] : leafPaths(v, `${prefix}${k}.`)
  );
}

/** The nearest valid key for an unknown `key` at `prefix`: a sibling, or a leaf of that name. */
function suggest(schema: Schema, prefix: string, key: string): string {
  const elsewhere = leafPaths(schema).find((p) => p.split(".").pop() === key);
  if (elsewhere) return `; did you mean "${elsewhere}"?`;
  let node: Schema = schema;
  for (const k of prefix.split(".").filter(Boolean)) node = node[k] as Schema;
  return nearestHint(key, Object.keys(node).map((k) => prefix + k));
}

/**
 * The default config of a schema.
 *
 * @example
 * ```ts
 * defaults(schema).train.lr; // 0.01
 * ```
 */
export function defaults<S extends Schema>(schema: S): ConfigOf<S> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    out[k] = isField(v) ? structuredClone(v.default) : defaults(v);
  }
  return out as ConfigOf<S>;
}

type Problem = { path: string[]; key: boolean; message: string };

function validateInto(
  schema: Schema,
  root: Schema,
  value: unknown,
  out: Record<string, unknown>,
  path: string[],
  problems: Problem[],
) {
  if (value === null || value === undefined) return;
  if (typeof value !== "object" || Array.isArray(value)) {
    const keys = Object.keys(schema).join(", ");
    problems.push({
      path,
      key: false,
      message: `${path.join(".") || "config"}: expected a mapping with keys ${keys}, got ${
        show(value)
      }`,
    });
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    const p = [...path, k], name = p.join(".");
    const node = schema[k];
    if (node === undefined || !Object.hasOwn(schema, k)) {
      const hint = suggest(root, path.length ? path.join(".") + "." : "", k);
      problems.push({ path: p, key: true, message: `unknown key "${name}"${hint}` });
    } else if (isField(node)) {
      const problem = checkLeaf(node, v);
      if (problem) problems.push({ path: p, key: false, message: `${name}: ${problem}` });
      else out[k] = v;
    } else validateInto(node, root, v, out[k] as Record<string, unknown>, p, problems);
  }
}

/**
 * Checks a plain value (e.g. parsed JSON or YAML) against a schema and fills in defaults.
 * Throws a {@link ConfigError} naming `source` and every problem.
 *
 * @example
 * ```ts
 * validateConfig(schema, { train: { lr: 0.1 } }, "my.yaml").train.steps; // 1000 (default)
 * ```
 */
export function validateConfig<S extends Schema>(
  schema: S,
  value: unknown,
  source = "config",
): ConfigOf<S> {
  const out = defaults(schema);
  const problems: Problem[] = [];
  validateInto(schema, schema, value, out as Record<string, unknown>, [], problems);
  if (problems.length) throw new ConfigError(source, problems.map((p) => p.message));
  return out;
}

/**
 * Parses YAML text against a schema. Problems are reported as `<source>:<line>: ...`.
 *
 * @example
 * ```ts
 * parseConfig(schema, "train:\n  lr: 0.1\n", "run.yaml").train.lr; // 0.1
 * ```
 */
export function parseConfig<S extends Schema>(
  schema: S,
  text: string,
  source = "config",
): ConfigOf<S> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  if (doc.errors.length) {
    throw new ConfigError(
      source,
      doc.errors.map((e) => `invalid YAML: ${e.message.split("\n")[0]}`),
    );
  }
  const out = defaults(schema);
  const problems: Problem[] = [];
  validateInto(schema, schema, doc.toJS(), out as Record<string, unknown>, [], problems);
  if (problems.length === 0) return out;
  const lineOf = (p: Problem): string => {
    const parent = p.path.length > 1 ? doc.getIn(p.path.slice(0, -1), true) : doc.contents;
    if (!isMap(parent)) return "";
    const pair = parent.items.find((it) =>
      String((it.key as { value?: unknown })?.value) === p.path.at(-1)
    );
    const node = (p.key ? pair?.key : pair?.value) as { range?: [number, number] } | undefined;
    return node?.range ? `${lineCounter.linePos(node.range[0]).line}: ` : "";
  };
  throw new ConfigError(source, problems.map((p) => lineOf(p) + p.message));
}

/**
 * Reads a YAML config file against a schema.
 *
 * @example
 * ```ts
 * const cfg = await readConfig(schema, "fixtures/configs/distill.yaml");
 * ```
 */
export async function readConfig<S extends Schema>(schema: S, path: string): Promise<ConfigOf<S>> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (err) {
    throw new ConfigError(path, [`cannot read config: ${(err as Error).message}`]);
  }
  return parseConfig(schema, text, path);
}

function parseFlagValue(f: Field<unknown>, s: string): unknown {
  const num = (x: string) => (x.trim() === "" ? NaN : Number(x));
  switch (f.field) {
    case "number":
    case "integer":
      return Number.isNaN(num(s)) ? s : num(s);
    case "boolean":
      return ({ true: true, false: false, "1": true, "0": false, yes: true, no: false } as Record<
        string,
        boolean
      >)[s.toLowerCase()] ?? s;
    case "number[]":
      return s === "" ? [] : s.split(",").map((x) => (Number.isNaN(num(x)) ? x : num(x)));
    case "string[]":
      return s === "" ? [] : s.split(",");
    default:
      return s;
  }
}

/**
 * Applies command-line flags to a config (in place) and returns the arguments that are not
 * flags. A flag names a key path (`--train.lr=0.1` or `--train.lr 0.1`) or, when unique, just
 * the last part of it (`--lr 0.1`); booleans take `--flag` / `--no-flag`; lists are
 * comma-separated.
 *
 * @example
 * ```ts
 * const cfg = defaults(schema);
 * applyFlags(schema, cfg, ["--lr", "0.1", "--train.steps=10", "out"]); // ["out"]
 * ```
 */
export function applyFlags<S extends Schema>(
  schema: S,
  config: ConfigOf<S>,
  args: string[],
  source = "command line",
): string[] {
  const paths = leafPaths(schema);
  const positionals: string[] = [];
  const problems: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith("--") || arg === "--") {
      if (arg === "--") positionals.push(...args.slice(i + 1));
      else positionals.push(arg);
      if (arg === "--") break;
      continue;
    }
    const eq = arg.indexOf("=");
    let key = arg.slice(2, eq < 0 ? undefined : eq);
    let raw: string | undefined = eq < 0 ? undefined : arg.slice(eq + 1);
    const resolve = (k: string) => {
      if (paths.includes(k)) return [k];
      return paths.filter((p) => p.endsWith("." + k));
    };
    let found = resolve(key);
    let negated = false;
    if (found.length === 0 && key.startsWith("no-")) {
      const f = resolve(key.slice(3));
      if (f.length === 1 && fieldAt(schema, f[0]).field === "boolean" && raw === undefined) {
        [found, negated, key] = [f, true, key.slice(3)];
      }
    }
    if (found.length === 0) {
      problems.push(`unknown flag --${key}${nearestHint(key, paths)}`);
      if (raw === undefined && args[i + 1] !== undefined && !args[i + 1].startsWith("--")) i++;
      continue;
    }
    if (found.length > 1) {
      problems.push(
        `flag --${key} is ambiguous: use one of ${found.map((p) => "--" + p).join(", ")}`,
      );
      continue;
    }
    const f = fieldAt(schema, found[0]);
    if (negated) raw = "false";
    else if (raw === undefined) {
      if (f.field === "boolean" && !/^(true|false|1|0|yes|no)$/i.test(args[i + 1] ?? "")) {
        raw = "true";
      } else if (i + 1 < args.length) raw = args[++i];
      else {
        problems.push(`flag --${key} needs a value (${describe[f.field]})`);
        continue;
      }
    }
    const value = parseFlagValue(f, raw);
    const problem = checkLeaf(f, value);
    if (problem) {
      problems.push(`--${key}: ${problem}`);
      continue;
    }
    const parts = found[0].split(".");
    let obj = config as Record<string, unknown>;
    for (const p of parts.slice(0, -1)) obj = obj[p] as Record<string, unknown>;
    obj[parts.at(-1)!] = value;
  }
  if (problems.length) throw new ConfigError(source, problems);
  return positionals;
}

function fieldAt(schema: Schema, path: string): Field<unknown> {
  let node: Schema | Field<unknown> = schema;
  for (const k of path.split(".")) node = (node as Schema)[k];
  return node as Field<unknown>;
}

/**
 * The usual entry point: defaults, then the YAML file given by `--config <file>` (or
 * `opts.file`), then the other flags. Returns the config and the non-flag arguments.
 *
 * @example
 * ```ts
 * const { config } = await loadConfig(schema, Deno.args); // deno task distill --config x.yaml --ipc 10
 * ```
 */
export async function loadConfig<S extends Schema>(
  schema: S,
  args: string[],
  opts: { file?: string } = {},
): Promise<{ config: ConfigOf<S>; positionals: string[] }> {
  let file = opts.file;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--config") {
      file = args[++i];
      if (file === undefined) throw new ConfigError("command line", ["--config needs a file"]);
    } else if (args[i].startsWith("--config=")) file = args[i].slice("--config=".length);
    else rest.push(args[i]);
  }
  const config = file ? await readConfig(schema, file) : defaults(schema);
  const positionals = applyFlags(schema, config, rest);
  return { config, positionals };
}

/**
 * One line per key: path, type, default and doc, for `--help`.
 *
 * @example
 * ```ts
 * console.log(describeSchema(schema)); // "--train.lr  number = 0.01  learning rate" ...
 * ```
 */
export function describeSchema(schema: Schema): string {
  return leafPaths(schema).map((p) => {
    const f = fieldAt(schema, p);
    const type = f.choices ? f.choices.join("|") : f.field;
    return `--${p}  ${type} = ${JSON.stringify(f.default)}${f.doc ? "  " + f.doc : ""}`;
  }).join("\n");
}

/**
 * A config as YAML text (to save next to a run's outputs).
 *
 * @example
 * ```ts
 * await writeFileAtomic("runs/a/config.yaml", configToYaml(cfg));
 * ```
 */
export function configToYaml(config: unknown): string {
  return stringify(config);
}
