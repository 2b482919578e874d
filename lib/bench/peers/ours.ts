/**
 * Our side of `deno task bench-peers`: for each peer case, the case of `deno task bench`
 * with the same name, taken from its case arrays (lib/bench/cases.ts, conv_cases.ts,
 * model_cases.ts), so that both tasks time the same work; shrunk cases (`--small`) are
 * built with the same builders. The GPU must be started (lib/io/cli.ts startGpu).
 *
 * @example
 * const r = await ourCase(peerCases()[0]).run(); // { name: "matmul_512", ms, gflops }
 * @module
 */
import { type BenchCase, CORE_BENCH_CASES, matmulCase } from "../cases.ts";
import { CONV_BENCH_CASES, convCase } from "../conv_cases.ts";
import { convnetTrainCase, MODEL_BENCH_CASES } from "../model_cases.ts";
import type { PeerCase } from "./peer.ts";

/**
 * Our benchmark case of `c`'s name: from `deno task bench`'s arrays when it is there, else
 * (the shrunk cases of `--small`) built as those are.
 *
 * @example
 * await ourCase({ kind: "matmul", name: "matmul_128", n: 128 }).run();
 */
export function ourCase(c: PeerCase): BenchCase {
  const all = [...CORE_BENCH_CASES, ...CONV_BENCH_CASES, ...MODEL_BENCH_CASES];
  const found = all.find((b) => b.name === c.name);
  if (found) return found;
  const built = c.kind === "matmul"
    ? matmulCase(c.n)
    : c.kind === "conv"
    ? convCase(c.pass, c.n, c.c, c.size)
    : convnetTrainCase(c.batch);
  if (built.name !== c.name) {
    throw new Error(`bench-peers: our case for ${c.name} is named ${built.name}`);
  }
  return built;
}
