/**
 * Config schemas: a nested object whose leaves are fields made with {@link field}, checked by
 * {@link validateConfig}, which fills in defaults. Errors name the source, the key path, and
 * what is wrong: an unknown key gets the nearest valid key, a wrong type the expected type.
 * Host-agnostic; YAML files and command-line flags are `config.ts`.
 * @module
 */

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

/**
 * A config error; `problems` holds each problem on its own.
 *
 * @example
 * try {
 *   validateConfig(DISTILL_SCHEMA, { ipcs: [1] });
 * } catch (e) {
 *   if (e instanceof ConfigError) console.log(e.problems); // names the nearest key: ipc
 * }
 */
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

/** @internal */
export const describe: Record<FieldType, string> = {
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

/** Checks one value against a field; returns the problem, or undefined. (internal) */
export function checkLeaf(f: Field<unknown>, v: unknown): string | undefined {
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

/** @internal */
export const nearestHint = (word: string, candidates: string[]) => {
  const n = nearest(word, candidates);
  return n === undefined ? "" : `; did you mean "${n}"?`;
};

/** All leaf paths of a schema, dotted. (internal) */
export function leafPaths(schema: Schema, prefix = ""): string[] {
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

/** @internal */
export type Problem = { path: string[]; key: boolean; message: string };

/** @internal */
export function validateInto(
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
