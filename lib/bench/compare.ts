/**
 * `deno task bench --compare REF`: the benchmark of the working tree against commit REF, in
 * alternating runs in one sitting, so that a speed claim is a same-machine ratio (absolute
 * times differ about 1.7x between machines of one pool, and drift on a loaded one). REF is
 * exported with `git archive` into a temporary folder; each round runs both trees' bench as
 * a fresh process started by that tree's own launcher (tasks/with-gpu.ts), in ABBA order
 * (round r runs REF first when r is even, the working tree first when it is odd).
 *
 * @example
 * const rounds = await compareBench({ ref: "89dddbc", rounds: 3, filter: "matmul_1024" });
 * console.log(markdownTable(compareTable(rounds)));
 * @module
 */
import type { Table } from "../io/report.ts";

/** One case's time in one run of one tree. */
export interface BenchTiming {
  name: string;
  ms: number;
}

/** The timings of every round: `ref[r]` and `now[r]` are round r's runs of the two trees. */
export interface CompareRounds {
  ref: string;
  ref_commit: string;
  refRuns: BenchTiming[][];
  nowRuns: BenchTiming[][];
}

/** Options of {@link compareBench}. */
export interface CompareOptions {
  /** A git revision of this repository. */
  ref: string;
  /** Rounds of alternating runs (default 3). */
  rounds?: number;
  /** Only the cases whose name contains this. */
  filter?: string;
  /** Progress lines. */
  log?: (line: string) => void;
}

const root = new URL("../../", import.meta.url).pathname;

async function git(args: string[]): Promise<string> {
  const out = await new Deno.Command("git", { args, cwd: root, stdout: "piped", stderr: "piped" })
    .output();
  if (!out.success) {
    throw new Error(`git ${args.join(" ")}: ${new TextDecoder().decode(out.stderr).trim()}`);
  }
  return new TextDecoder().decode(out.stdout).trim();
}

/**
 * Runs one tree's `tasks/bench.ts --json` through that tree's `tasks/with-gpu.ts` (directly
 * when it has none), so that each tree picks its backend as its own tasks do, and parses its
 * lines.
 */
async function runBench(tree: string, filter?: string): Promise<BenchTiming[]> {
  const bench = [
    "run",
    "-A",
    "--unstable-webgpu",
    `${tree}/tasks/bench.ts`,
    "--json",
    ...(filter ? ["--filter", filter] : []),
  ];
  const launcher = `${tree}/tasks/with-gpu.ts`;
  const hasLauncher = await Deno.stat(launcher).then(() => true, () => false);
  const out = await new Deno.Command(Deno.execPath(), {
    args: hasLauncher ? ["run", "-A", launcher, ...bench] : bench,
    cwd: tree,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const lines = new TextDecoder().decode(out.stdout).split("\n").filter((l) => l.startsWith("{"));
  if (!out.success || lines.length === 0) {
    throw new Error(
      `bench in ${tree} exited with ${out.code} and ${lines.length} result(s):\n` +
        new TextDecoder().decode(out.stderr).split("\n").slice(-10).join("\n"),
    );
  }
  return lines.map((l) => {
    const r = JSON.parse(l) as { name: string; ms: number };
    return { name: r.name, ms: r.ms };
  });
}

/**
 * Exports `o.ref` into a temporary folder and times both trees in alternating rounds;
 * removes the folder afterwards.
 */
export async function compareBench(o: CompareOptions): Promise<CompareRounds> {
  const log = o.log ?? (() => {});
  const rounds = o.rounds ?? 3;
  if (!Number.isInteger(rounds) || rounds < 1) {
    throw new Error(`bench --compare: --rounds must be a positive integer, got ${o.rounds}`);
  }
  const commit = await git(["rev-parse", "--verify", `${o.ref}^{commit}`]);
  const dir = await Deno.makeTempDir({ prefix: "igds-bench-ref-" });
  try {
    const archive = new Deno.Command("sh", {
      args: ["-c", `git archive ${commit} | tar -x -C '${dir}'`],
      cwd: root,
      stderr: "piped",
    });
    const unpacked = await archive.output();
    if (!unpacked.success) {
      throw new Error(`git archive ${commit}: ${new TextDecoder().decode(unpacked.stderr)}`);
    }
    const result: CompareRounds = { ref: o.ref, ref_commit: commit, refRuns: [], nowRuns: [] };
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? ["ref", "now"] : ["now", "ref"];
      for (const which of order) {
        log(
          `round ${r + 1}/${rounds}: ${
            which === "ref" ? `${o.ref} (${commit.slice(0, 7)})` : "working tree"
          }`,
        );
        const t = await runBench(which === "ref" ? dir : root.replace(/\/$/, ""), o.filter);
        (which === "ref" ? result.refRuns : result.nowRuns).push(t);
      }
    }
    return result;
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Per case: the median time of each tree, and the speed-up ref / now per round. */
export interface CompareRow {
  name: string;
  refMs: number;
  nowMs: number;
  /** Median over rounds of ref ms / working-tree ms (above 1: the working tree is faster). */
  speedup: number;
  min: number;
  max: number;
}

/**
 * The rows of a comparison: cases present in both trees, in the working tree's order.
 *
 * @example
 * compareRows({ ref: "x", ref_commit: "x", refRuns: [[{ name: "a", ms: 2 }]],
 *   nowRuns: [[{ name: "a", ms: 1 }]] }); // [{ name: "a", speedup: 2, ... }]
 */
export function compareRows(c: CompareRounds): CompareRow[] {
  const names = c.nowRuns[0]?.map((t) => t.name) ?? [];
  const rows: CompareRow[] = [];
  for (const name of names) {
    const ref = c.refRuns.map((run) => run.find((t) => t.name === name)?.ms);
    const now = c.nowRuns.map((run) => run.find((t) => t.name === name)?.ms);
    if (ref.some((v) => v === undefined) || now.some((v) => v === undefined)) continue;
    const ratios = ref.map((v, i) => v! / now[i]!);
    rows.push({
      name,
      refMs: median(ref as number[]),
      nowMs: median(now as number[]),
      speedup: median(ratios),
      min: Math.min(...ratios),
      max: Math.max(...ratios),
    });
  }
  return rows;
}

/**
 * The comparison as a table: case, median ms of each tree, speed-up (median, range).
 *
 * @example
 * console.log(markdownTable(compareTable(rounds)));
 */
export function compareTable(c: CompareRounds): Table {
  return {
    headers: [
      "case",
      `${c.ref} (${c.ref_commit.slice(0, 7)}) ms`,
      "working tree ms",
      "speed-up (median, range over rounds)",
    ],
    rows: compareRows(c).map((r) => [
      r.name,
      r.refMs.toFixed(1),
      r.nowMs.toFixed(1),
      `${r.speedup.toFixed(2)}x (${r.min.toFixed(2)}-${r.max.toFixed(2)})`,
    ]),
  };
}
