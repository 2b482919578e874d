/**
 * deno task bench [--json] [--filter SUBSTRING] [--profile] [--kernel NAME=FILE ...]
 *
 * Times the kernels on this machine's adapter. Prints a table (with the adapter's name),
 * or with --json one JSON object per line: {"name", "ms", "gflops", ...}. With --profile,
 * each case's work is also replayed dispatch by dispatch (lib/bench/profile.ts) and the
 * time per kernel printed, with the cores its replay kept busy (CPU time over wall time; with
 * --json: a "profile" field). --kernel NAME=FILE (repeatable)
 * replaces kernels/NAME.wgsl by FILE for this run, to time a changed kernel; its bindings
 * and entry points must stay those of the original.
 *
 * --compare REF [--rounds 3]: the benchmark of the working tree and of commit REF, run
 * alternately (ABBA) in one sitting, each run a fresh process; prints each case's median
 * time in both and the speed-up with its range over rounds (lib/bench/compare.ts). State
 * speeds as such ratios: absolute times differ between machines and drift under load.
 */
import { handleErrors, startGpu, taskArgs } from "../lib/io/cli.ts";
import { parseArgs } from "node:util";
import { CORE_BENCH_CASES } from "../lib/bench/cases.ts";
import { CONV_BENCH_CASES } from "../lib/bench/conv_cases.ts";
import { MODEL_BENCH_CASES } from "../lib/bench/model_cases.ts";
import { onProfile } from "../lib/bench/harness.ts";
import { compareBench, compareRows, compareTable } from "../lib/bench/compare.ts";
import { markdownTable } from "../lib/io/report.ts";
import type { DispatchProfile } from "../lib/bench/profile.ts";
import { checkKernelInterface } from "../lib/gpu/kernel_check.ts";
import { kernelSource, registerKernel } from "../lib/gpu/kernel_source.ts";

handleErrors();

const { values } = parseArgs({
  args: taskArgs(),
  options: {
    json: { type: "boolean", default: false },
    filter: { type: "string" },
    profile: { type: "boolean", default: false },
    kernel: { type: "string", multiple: true, default: [] },
    compare: { type: "string" },
    rounds: { type: "string", default: "3" },
  },
});
for (const spec of values.kernel) {
  const eq = spec.indexOf("=");
  if (eq <= 0) throw new Error(`bench: --kernel wants NAME=FILE, got "${spec}"`);
  const name = spec.slice(0, eq), file = spec.slice(eq + 1);
  kernelSource(name); // throws, naming the kernel, when it is unknown
  const text = await Deno.readTextFile(file);
  checkKernelInterface(name, text, `bench --kernel ${file}`);
  registerKernel(name, text);
}
if (values.compare) {
  const rounds = await compareBench({
    ref: values.compare,
    rounds: Number(values.rounds),
    filter: values.filter,
    log: (l) => console.error(l),
  });
  if (values.json) console.log(JSON.stringify({ ...rounds, rows: compareRows(rounds) }));
  else console.log(markdownTable(compareTable(rounds)));
  Deno.exit(0);
}
const g = await startGpu("bench", {
  warnOnly: values.kernel.length > 0,
  log: values.json ? () => {} : console.log,
});
const all = [...CORE_BENCH_CASES, ...CONV_BENCH_CASES, ...MODEL_BENCH_CASES];
const cases = all.filter((c) => !values.filter || c.name.includes(values.filter));
if (!values.json) {
  for (const spec of values.kernel) console.log(`kernel replaced: ${spec}`);
  console.log(`${"name".padEnd(28)} ${"ms".padStart(10)}  rate`);
}
let profile: DispatchProfile | null = null;
if (values.profile) onProfile((p) => (profile = p));
for (const c of cases) {
  profile = null;
  const r = await c.run();
  if (values.json) {
    const replaced = values.kernel.length ? { kernels: values.kernel } : {};
    console.log(
      JSON.stringify({
        ...r,
        adapter: g.adapterName,
        ...replaced,
        ...(profile ? { profile } : {}),
      }),
    );
  } else {
    const rates = Object.entries(r)
      .filter(([k]) => k !== "name" && k !== "ms")
      .map(([k, v]) => `${typeof v === "number" ? v.toFixed(2) : v} ${k}`)
      .join(", ");
    console.log(`${r.name.padEnd(28)} ${r.ms.toFixed(3).padStart(10)}  ${rates}`);
    const p = profile as DispatchProfile | null;
    for (const k of p?.kernels ?? []) {
      const share = (100 * k.ms / p!.totalMs).toFixed(1).padStart(5);
      console.log(
        `    ${k.kernel.padEnd(28)} ${k.ms.toFixed(1).padStart(9)} ms ${share}%  ${
          k.cores.toFixed(2)
        } cores  ${k.dispatches} dispatches`,
      );
    }
  }
}
