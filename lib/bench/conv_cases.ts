/**
 * Benchmark cases of conv2d (lib/ops/conv.ts): the forward pass and each backward kernel
 * alone (input gradient, weight gradient), for batch 64, 128 -> 128 channels, 14 x 14,
 * 3 x 3, padding 1, stride 1, with the algorithm conv2d picks (Winograd F(4x4, 3x3) for this
 * shape) and, suffixed `_direct`, with the direct kernels; and the prior U-Net's shapes,
 * 16 -> 16 channels at 28 x 28 and 32 -> 32 at 14 x 14 (direct). `gflops` counts the direct
 * algorithm's 2 * n * o * oh * ow * c * kh * kw per call for every case, so that the rates
 * compare time for the same convolution (Winograd does fewer multiplies).
 *
 * @example
 * for (const c of CONV_BENCH_CASES) console.log(await c.run());
 */
import { dispose } from "../autodiff/scope.ts";
import { conv2dForward, conv2dGeometry, conv2dInputGrad, conv2dWeightGrad } from "../ops/conv.ts";
import { Rng } from "../ops/random.ts";
import type { BenchCase } from "./cases.ts";
import { timeGpu } from "./harness.ts";

type Pass = "fwd" | "dgrad" | "wgrad";

/**
 * The `conv2d_<pass>_b<n>_c<c>_<size>` case: one pass of a k x k convolution, padding
 * (k - 1) / 2, stride 1, c -> o channels (`_direct` with the direct kernels).
 *
 * @example
 * const r = await convCase("fwd", 4, 128, 14).run(); // conv2d_fwd_b4_c128_14
 */
export function convCase(
  pass: Pass,
  n: number,
  c: number,
  size: number,
  algorithm: "auto" | "direct" = "auto",
  o = c,
  k = 3,
): BenchCase {
  const name = `conv2d_${pass}_b${n}_c${c}_${size}${algorithm === "direct" ? "_direct" : ""}`;
  return {
    name,
    run: async () => {
      const rng = new Rng(0);
      const x = rng.normal([n, c, size, size]);
      const w = rng.normal([o, c, k, k]);
      const g = conv2dGeometry(x.shape, w.shape, { padding: (k - 1) / 2, algorithm });
      const dy = rng.normal([n, o, g.oh, g.ow]);
      const work = {
        fwd: () => conv2dForward(x, w, undefined, g),
        dgrad: () => conv2dInputGrad(dy, w, g),
        wgrad: () => conv2dWeightGrad(x, dy, g),
      }[pass];
      const ms = await timeGpu(work, { runs: 5 });
      dispose([x, w, dy]);
      const flops = 2 * n * o * g.oh * g.ow * c * k * k;
      return { name, ms, gflops: flops / ms / 1e6 };
    },
  };
}

/** The conv2d cases, in the order they are printed. */
export const CONV_BENCH_CASES: BenchCase[] = [
  convCase("fwd", 64, 128, 14),
  convCase("dgrad", 64, 128, 14),
  convCase("wgrad", 64, 128, 14),
  convCase("fwd", 64, 128, 14, "direct"),
  convCase("dgrad", 64, 128, 14, "direct"),
  convCase("wgrad", 64, 128, 14, "direct"),
  // the prior U-Net's narrow layers (direct kernels: too few channels for Winograd)
  convCase("fwd", 64, 16, 28),
  convCase("dgrad", 64, 16, 28),
  convCase("wgrad", 64, 16, 28),
  convCase("wgrad", 64, 32, 14),
];
