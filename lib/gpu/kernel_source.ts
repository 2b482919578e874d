/**
 * WGSL sources of the kernels in `kernels/`, loaded once by name. Sources can also be
 * registered directly (for tests, or for hosts that bundle the files differently).
 *
 * @example
 * const wgsl = kernelSource("unary"); // contents of kernels/unary.wgsl
 */
const sources = new Map<string, string>();
const kernelsDir = new URL("../../kernels/", import.meta.url);

/** Registers (or replaces) the WGSL source of a kernel. */
export function registerKernel(name: string, wgsl: string): void {
  sources.set(name, wgsl);
}

/** The WGSL source of kernel `name`, read from `kernels/<name>.wgsl` on first use. */
export function kernelSource(name: string): string {
  let src = sources.get(name);
  if (src === undefined) {
    const url = new URL(`${name}.wgsl`, kernelsDir);
    try {
      src = Deno.readTextFileSync(url);
    } catch (e) {
      throw new Error(`kernel "${name}": cannot read ${url.pathname}: ${(e as Error).message}`);
    }
    sources.set(name, src);
  }
  return src;
}

/** Where a kernel's source lives, for error messages. */
export function kernelPath(name: string): string {
  return `kernels/${name}.wgsl`;
}
