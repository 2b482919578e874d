/**
 * deno task bench [--json] [--filter SUBSTRING] [--profile]
 *
 * Times the kernels on this machine's adapter. Prints a table (with the adapter's name),
 * or with --json one JSON object per line: {"name", "ms", "gflops", ...}. With --profile,
 * each case's work is also replayed dispatch by dispatch (lib/bench/profile.ts) and the
 * time per kernel printed (with --json: a "profile" field).
 */
import { parseArgs } from "node:util";
import { CORE_BENCH_CASES } from "../lib/bench/cases.ts";
import { CONV_BENCH_CASES } from "../lib/bench/conv_cases.ts";
import { MODEL_BENCH_CASES } from "../lib/bench/model_cases.ts";
import { onProfile } from "../lib/bench/harness.ts";
import type { DispatchProfile } from "../lib/bench/profile.ts";
import { initGpu } from "../lib/gpu/gpu.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    json: { type: "boolean", default: false },
    filter: { type: "string" },
    profile: { type: "boolean", default: false },
  },
});
const g = await initGpu();
const all = [...CORE_BENCH_CASES, ...CONV_BENCH_CASES, ...MODEL_BENCH_CASES];
const cases = all.filter((c) => !values.filter || c.name.includes(values.filter));
if (!values.json) {
  console.log(`adapter: ${g.adapterName}`);
  console.log(`${"name".padEnd(28)} ${"ms".padStart(10)}  rate`);
}
let profile: DispatchProfile | null = null;
if (values.profile) onProfile((p) => (profile = p));
for (const c of cases) {
  profile = null;
  const r = await c.run();
  if (values.json) {
    console.log(JSON.stringify({ ...r, adapter: g.adapterName, ...(profile ? { profile } : {}) }));
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
        `    ${k.kernel.padEnd(28)} ${
          k.ms.toFixed(1).padStart(9)
        } ms ${share}%  ${k.dispatches} dispatches`,
      );
    }
  }
}
