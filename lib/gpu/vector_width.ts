/**
 * llvmpipe's SIMD width, chosen per run. Mesa's llvmpipe runs 8 invocations as one 256-bit
 * vector unless `LP_NATIVE_VECTOR_WIDTH=512`; on a CPU with AVX-512 it then runs 16 with 32
 * vector registers. At 512 bits the direct convolutions (workgroups as wide as the lanes:
 * lib/gpu/adapter.ts simdLanes) run faster, and the texture matmul, with Winograd and
 * attention, slower (results/benchmarks.md, "llvmpipe at 512 bits"). So the choice belongs
 * to a workload: a task measured faster there (distill with networks under Winograd's
 * channels, as the quick preset; U-Net training and sampling) asks for 512 bits before it
 * opens the adapter; Mesa reads the variable then, and
 * the worker processes the task starts inherit it, so every process of a run has the same
 * adapter line (which every cached stage records). A width the user set is never changed,
 * and on a real GPU the variable does nothing.
 *
 * @example
 * const width = widenLlvmpipeVectors(); // "512" on an AVX-512 CPU, before the adapter opens
 * @module
 */

/** The environment variable Mesa's llvmpipe reads for its vector width in bits. */
export const LP_WIDTH_VARIABLE = "LP_NATIVE_VECTOR_WIDTH";

/**
 * The width to ask for, or null to leave the environment as it is: "512" when the CPU has
 * AVX-512 (`avx512f` among the flags of `cpuinfo`, the text of /proc/cpuinfo) and
 * `userWidth` (the variable as the user set it) is unset.
 *
 * @example
 * wideWidthFor("flags : fpu avx2 avx512f", undefined); // "512"
 * wideWidthFor("flags : fpu avx2", undefined); // null
 * wideWidthFor("flags : fpu avx2 avx512f", "256"); // null: the user's choice stands
 */
export function wideWidthFor(cpuinfo: string, userWidth: string | undefined): "512" | null {
  if (userWidth !== undefined) return null;
  return /^flags\s*:.*\bavx512f\b/m.test(cpuinfo) ? "512" : null;
}

/**
 * Sets `LP_NATIVE_VECTOR_WIDTH=512` for this process and its children when
 * {@link wideWidthFor} says so (Linux; elsewhere nothing). Call it before the adapter is
 * opened: Mesa reads the variable once, when the driver loads. Returns the width set, or null.
 *
 * @example
 * if (widenLlvmpipeVectors()) console.log("llvmpipe at 512 bits");
 */
export function widenLlvmpipeVectors(): "512" | null {
  if (Deno.build.os !== "linux") return null;
  let cpuinfo = "";
  try {
    cpuinfo = Deno.readTextFileSync("/proc/cpuinfo");
  } catch {
    return null;
  }
  const width = wideWidthFor(cpuinfo, Deno.env.get(LP_WIDTH_VARIABLE));
  if (width) Deno.env.set(LP_WIDTH_VARIABLE, width);
  return width;
}
