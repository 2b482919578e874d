/**
 * WGSL sources of the kernels by name. Every file in `kernels/` is built in (imported as text
 * by `kernels.ts`, so no host needs a file system); sources can also be registered directly,
 * to try a changed kernel or to add one. A kernel may `// #include "name.wgsl"` shared files
 * of `kernels/include/` (built in by `kernel_includes.ts`, or registered with
 * {@link registerInclude}): {@link kernelSource} returns the source with its includes
 * resolved, one self-contained WGSL module.
 *
 * @example
 * const wgsl = kernelSource("unary"); // kernels/unary.wgsl, its includes resolved
 * @module
 */
import { KERNEL_SOURCES } from "./kernels.ts";
import {
  INCLUDE_SOURCES,
  includePath,
  type ResolvedKernel,
  resolveIncludes,
} from "./kernel_includes.ts";

const sources = new Map<string, string>(Object.entries(KERNEL_SOURCES));
const includes = new Map<string, string>(Object.entries(INCLUDE_SOURCES));
const resolved = new Map<string, ResolvedKernel>();

/**
 * Registers (or replaces) the WGSL source of a kernel; pipelines compiled before keep the
 * old source. Its `// #include` lines resolve as those of the built-in kernels.
 *
 * @example
 * registerKernel("my_kernel", "@compute @workgroup_size(64) fn main() {}");
 */
export function registerKernel(name: string, wgsl: string): void {
  sources.set(name, wgsl);
  resolved.delete(name);
}

/**
 * Registers (or replaces) the include file `name` (`kernels/include/<name>`, e.g.
 * "philox.wgsl") for the kernels resolved from now on; pipelines compiled before keep the
 * old source.
 *
 * @example
 * registerInclude("philox.wgsl", changedPhilox);
 */
export function registerInclude(name: string, wgsl: string): void {
  if (!/^[A-Za-z0-9_.-]+\.wgsl$/.test(name)) {
    throw new Error(`include name "${name}" must be a file name ending in .wgsl`);
  }
  includes.set(name, wgsl);
  resolved.clear();
}

function resolve(name: string): ResolvedKernel {
  let r = resolved.get(name);
  if (r) return r;
  const src = sources.get(name);
  if (src === undefined) {
    throw new Error(
      `kernel "${name}" is unknown: ${kernelPath(name)} is not listed in lib/gpu/kernels.ts ` +
        `(and was not registered with registerKernel)`,
    );
  }
  r = resolveIncludes(name, src, (n) => includes.get(n), kernelPath(name), includeNames);
  resolved.set(name, r);
  return r;
}

/** The WGSL source of kernel `name` (`kernels/<name>.wgsl`), its includes resolved. */
export function kernelSource(name: string): string {
  return resolve(name).code;
}

/**
 * Where line `line` (1-based) of {@link kernelSource}`(name)` comes from, as `file:line`: the
 * kernel's own file or an include file (for the messages of WGSL errors).
 *
 * @example
 * kernelLine("dropout", 40); // "kernels/include/philox.wgsl:12"
 */
export function kernelLine(name: string, line: number): string {
  const at = resolve(name).lines[line - 1];
  return at ? `${at.file}:${at.line}` : `${kernelPath(name)}:${line}`;
}

/** The names of every known kernel, sorted. */
export function kernelNames(): string[] {
  return [...sources.keys()].sort();
}

/** The names of every known include file (`philox.wgsl`, ...), sorted. */
export function includeNames(): string[] {
  return [...includes.keys()].sort();
}

/** Where a kernel's source lives, for error messages. */
export function kernelPath(name: string): string {
  return `kernels/${name}.wgsl`;
}

export { includePath };

/**
 * A short SHA-256 hex digest of every kernel's source (as registered now, overrides
 * included, includes resolved), so that a cached result can say which kernels computed it.
 *
 * @example
 * await kernelSourcesHash(); // "5e0c..." (24 hex digits)
 */
export async function kernelSourcesHash(): Promise<string> {
  const text = kernelNames().map((name) => `${name}\n${kernelSource(name)}\n`).join("");
  const bytes = new TextEncoder().encode(text);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest.subarray(0, 12), (b) => b.toString(16).padStart(2, "0")).join("");
}
