/**
 * The command line of `deno task sweep-beta` and `deno task sweep-h`: the flags of
 * `deno task distill` (`--preset`, `--config`, `--<key> value` of DISTILL_SCHEMA) plus the
 * sweep's own flags (number lists such as `--betas 0,0.1,0.5`, and `--out`).
 *
 * @example
 * const a = await parseSweepArgs(Deno.args, { task: "sweep-beta", flags: ["betas"],
 *   defaultOut: "runs/sweep-beta" });
 * await sweepBeta(a.config, a.numbers.betas ?? [0, 0.1], { out: a.out });
 * @module
 */
import { loadConfig } from "../io/config.ts";
import { DISTILL_SCHEMA, type DistillConfig } from "./distill.ts";

/** The presets of `deno task distill` (tasks/configs/distill-<name>.yaml). */
export const PRESETS = ["quick", "standard", "paper"] as const;

/** What {@link parseSweepArgs} found. */
export interface SweepArgs {
  /** `--help` was given: nothing else is parsed. */
  help: boolean;
  config: DistillConfig;
  /** The sweep folder: `--out`, else the default (the config's `out` is not used). */
  out: string;
  /** The sweep's number-list flags that were given. */
  numbers: Record<string, number[] | undefined>;
  /** `--workers N|auto` (default auto; tasks that take it): distill's worker processes. */
  workers: string;
}

/**
 * Removes `--name value` or `--name=value` from `args` (in place); returns the value, or
 * undefined when the flag is absent.
 *
 * @example
 * const args = ["--betas", "0,0.1", "--ipc", "1"];
 * takeFlag(args, "betas", "sweep-beta"); // "0,0.1"; args is now ["--ipc", "1"]
 */
export function takeFlag(args: string[], name: string, task: string): string | undefined {
  const at = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (at < 0) return undefined;
  const inline = args[at].includes("=");
  const value = inline ? args[at].slice(args[at].indexOf("=") + 1) : args[at + 1];
  if (value === undefined || (!inline && value.startsWith("--"))) {
    throw new Error(`${task}: --${name} needs a value`);
  }
  args.splice(at, inline ? 1 : 2);
  if (args.some((a) => a === `--${name}` || a.startsWith(`--${name}=`))) {
    throw new Error(`${task}: --${name} is given twice`);
  }
  return value;
}

/**
 * A comma-separated list of numbers; an error names the flag and the bad entry.
 *
 * @example
 * parseNumbers("0,0.05,0.1", "betas", "sweep-beta"); // [0, 0.05, 0.1]
 */
export function parseNumbers(text: string, name: string, task: string): number[] {
  if (text.trim() === "") return [];
  return text.split(",").map((s) => {
    const v = s.trim() === "" ? NaN : Number(s);
    if (!Number.isFinite(v)) {
      throw new Error(`${task}: --${name}: "${s}" is not a number (give e.g. 0,0.1,0.5)`);
    }
    return v;
  });
}

/**
 * Parses a sweep task's arguments: `--help`; `--preset quick|standard|paper` (default quick,
 * the file tasks/configs/distill-<preset>.yaml) unless `--config file.yaml` is given; the
 * number-list flags in `o.flags`; `--out` (default `o.defaultOut`); `--workers` when
 * `o.workers`; every other flag is a DISTILL_SCHEMA key, as in `deno task distill`.
 *
 * @example
 * const a = await parseSweepArgs(["--betas", "0,0.1", "--ipc", "1"], {
 *   task: "sweep-beta", flags: ["betas"], defaultOut: "runs/sweep-beta" });
 * a.numbers.betas; // [0, 0.1]
 */
export async function parseSweepArgs(
  argv: string[],
  o: { task: string; flags: string[]; defaultOut: string; workers?: boolean },
): Promise<SweepArgs> {
  const args = [...argv];
  const numbers: Record<string, number[] | undefined> = {};
  if (args.includes("--help")) {
    return { help: true, config: {} as DistillConfig, out: o.defaultOut, numbers, workers: "auto" };
  }
  for (const name of o.flags) {
    const text = takeFlag(args, name, o.task);
    numbers[name] = text === undefined ? undefined : parseNumbers(text, name, o.task);
  }
  const out = takeFlag(args, "out", o.task) ?? o.defaultOut;
  const workers = (o.workers ? takeFlag(args, "workers", o.task) : undefined) ?? "auto";
  const preset = takeFlag(args, "preset", o.task);
  if (preset !== undefined && !(PRESETS as readonly string[]).includes(preset)) {
    throw new Error(`${o.task}: unknown preset "${preset}"; choose ${PRESETS.join(", ")}`);
  }
  const file = args.some((a) => a === "--config" || a.startsWith("--config="))
    ? undefined
    : new URL(`../../tasks/configs/distill-${preset ?? "quick"}.yaml`, import.meta.url).pathname;
  const { config, positionals } = await loadConfig(DISTILL_SCHEMA, args, { file });
  if (positionals.length) {
    throw new Error(`${o.task}: unexpected arguments ${positionals.join(" ")}`);
  }
  return { help: false, config, out, numbers, workers };
}
