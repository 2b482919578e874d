/**
 * deno task bench [--json] [--filter SUBSTRING]
 *
 * Times the kernels on this machine's adapter. Prints a table (with the adapter's name),
 * or with --json one JSON object per line: {"name", "ms", "gflops", ...}.
 */
import { parseArgs } from "node:util";
import { CORE_BENCH_CASES } from "../lib/bench/cases.ts";
import { CONV_BENCH_CASES } from "../lib/bench/conv_cases.ts";
import { MODEL_BENCH_CASES } from "../lib/bench/model_cases.ts";
import { initGpu } from "../lib/gpu/gpu.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: { json: { type: "boolean", default: false }, filter: { type: "string" } },
});
const g = await initGpu();
const all = [...CORE_BENCH_CASES, ...CONV_BENCH_CASES, ...MODEL_BENCH_CASES];
const cases = all.filter((c) => !values.filter || c.name.includes(values.filter));
if (!values.json) {
  console.log(`adapter: ${g.adapterName}`);
  console.log(`${"name".padEnd(28)} ${"ms".padStart(10)}  rate`);
}
for (const c of cases) {
  const r = await c.run();
  if (values.json) {
    console.log(JSON.stringify({ ...r, adapter: g.adapterName }));
  } else {
    const rates = Object.entries(r)
      .filter(([k]) => k !== "name" && k !== "ms")
      .map(([k, v]) => `${typeof v === "number" ? v.toFixed(2) : v} ${k}`)
      .join(", ");
    console.log(`${r.name.padEnd(28)} ${r.ms.toFixed(3).padStart(10)}  ${rates}`);
  }
}
