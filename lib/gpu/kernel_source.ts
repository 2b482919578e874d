/**
 * WGSL sources of the kernels by name. Every file in `kernels/` is built in (imported as text
 * by `kernels.ts`, so no host needs a file system); sources can also be registered directly,
 * to try a changed kernel or to add one.
 *
 * @example
 * const wgsl = kernelSource("unary"); // contents of kernels/unary.wgsl
 * @module
 */
import { KERNEL_SOURCES } from "./kernels.ts";

const sources = new Map<string, string>(Object.entries(KERNEL_SOURCES));

/**
 * Registers (or replaces) the WGSL source of a kernel; pipelines compiled before keep the
 * old source.
 *
 * @example
 * registerKernel("my_kernel", "@compute @workgroup_size(64) fn main() {}");
 */
export function registerKernel(name: string, wgsl: string): void {
  sources.set(name, wgsl);
}

/** The WGSL source of kernel `name` (`kernels/<name>.wgsl`). */
export function kernelSource(name: string): string {
  const src = sources.get(name);
  if (src === undefined) {
    throw new Error(
      `kernel "${name}" is unknown: ${kernelPath(name)} is not listed in lib/gpu/kernels.ts ` +
        `(and was not registered with registerKernel)`,
    );
  }
  return src;
}

/** The names of every known kernel, sorted. */
export function kernelNames(): string[] {
  return [...sources.keys()].sort();
}

/** Where a kernel's source lives, for error messages. */
export function kernelPath(name: string): string {
  return `kernels/${name}.wgsl`;
}

/**
 * A short SHA-256 hex digest of every kernel's source (as registered now, overrides
 * included), so that a cached result can say which kernels computed it.
 *
 * @example
 * await kernelSourcesHash(); // "5e0c..." (24 hex digits)
 */
export async function kernelSourcesHash(): Promise<string> {
  const text = kernelNames().map((name) => `${name}\n${sources.get(name)}\n`).join("");
  const bytes = new TextEncoder().encode(text);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest.subarray(0, 12), (b) => b.toString(16).padStart(2, "0")).join("");
}
