/**
 * The benchmark cases of `deno task bench`. Each builds its inputs, times the work with
 * {@link timeGpu}, frees everything, and reports milliseconds plus a rate.
 */
import { dispose } from "../autodiff/scope.ts";
import { matmul } from "../ops/matmul.ts";
import { Rng } from "../ops/random.ts";
import { softmax } from "../ops/softmax.ts";
import { type BenchResult, timeGpu } from "./harness.ts";

/** A named benchmark. */
export interface BenchCase {
  name: string;
  run: () => Promise<BenchResult>;
}

/**
 * The `matmul_<n>` case (n x n times n x n; `_tn` / `_nt` with A / B transposed).
 *
 * @example
 * const r = await matmulCase(128).run(); // { name: "matmul_128", ms, gflops }
 */
export function matmulCase(n: number, transA = false, transB = false): BenchCase {
  const suffix = transA ? "_tn" : transB ? "_nt" : "";
  const name = `matmul_${n}${suffix}`;
  return {
    name,
    run: async () => {
      const rng = new Rng(0);
      const a = rng.normal([n, n]);
      const b = rng.normal([n, n]);
      const ms = await timeGpu(() => matmul(a, b, { transA, transB }));
      dispose([a, b]);
      return { name, ms, gflops: (2 * n ** 3) / ms / 1e6 };
    },
  };
}

function softmaxCase(rows: number, cols: number): BenchCase {
  const name = `softmax_${rows}x${cols}`;
  return {
    name,
    run: async () => {
      const x = new Rng(0).normal([rows, cols]);
      const ms = await timeGpu(() => softmax(x));
      x.dispose();
      // reads x three times and writes y once; about 5 flops per element
      return {
        name,
        ms,
        gflops: (5 * rows * cols) / ms / 1e6,
        gb_per_s: (16 * rows * cols) / ms / 1e6,
      };
    },
  };
}

/** The core kernel cases. */
export const CORE_BENCH_CASES: BenchCase[] = [
  matmulCase(512),
  matmulCase(1024),
  matmulCase(1024, true, false),
  matmulCase(1024, false, true),
  softmaxCase(4096, 1000),
];
