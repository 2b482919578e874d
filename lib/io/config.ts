/**
 * Configs: YAML files checked against a schema, with command-line flags on top.
 *
 * A schema is a nested object whose leaves are fields made with {@link field}. Errors name the
 * file (and line), the key path, and what is wrong: an unknown key gets the nearest valid key,
 * a wrong type gets the expected type.
 * @module
 */
import { isMap, LineCounter, parseDocument, stringify } from "yaml";
import {
  checkLeaf,
  ConfigError,
  type ConfigOf,
  defaults,
  describe,
  type Field,
  leafPaths,
  nearestHint,
  type Problem,
  type Schema,
  validateInto,
} from "./schema.ts";

export {
  ConfigError,
  type ConfigOf,
  defaults,
  type Field,
  field,
  type FieldType,
  type Schema,
  validateConfig,
} from "./schema.ts";

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
