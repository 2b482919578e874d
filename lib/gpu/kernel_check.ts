/**
 * Whether a replacement source of a kernel (IGDS_KERNEL_OVERRIDE, `deno task bench --kernel`)
 * keeps the interface the generated table `KERNELS` gives it: `dispatchKernel` binds and
 * packs by that table, so a changed entry, binding, override or Params field would run with
 * the old layout. Such a change belongs in kernels/, followed by `deno task kernel-types`.
 *
 * @example
 * kernelInterfaceChanges("unary", edited); // [] when only the code changed
 * @module
 */
import { kernelEntries } from "./kernel_codegen.ts";
import { KERNELS } from "./kernel_types.ts";
import { reflectKernel } from "./wgsl_reflect.ts";

/**
 * How the interface of `wgsl`, read as kernel `name`, differs from the generated table's
 * entry for that kernel: one line per difference; none for a kernel the table lacks (a
 * kernel registered at run time), or when the text cannot be read (its WGSL error comes
 * when it compiles).
 */
export function kernelInterfaceChanges(name: string, wgsl: string): string[] {
  const known = (KERNELS as Record<string, Record<string, unknown>>)[name];
  if (!known) return [];
  let entries;
  try {
    entries = kernelEntries(reflectKernel(name, wgsl));
  } catch {
    return [];
  }
  const was = Object.keys(known), now = Object.keys(entries);
  if (was.join() !== now.join()) return [`entry points [${was}] became [${now}]`];
  const changes: string[] = [];
  for (const entry of now) {
    const old = known[entry] as Record<string, unknown>;
    const cur = entries[entry] as unknown as Record<string, unknown>;
    for (const part of ["constants", "bindings", "params"]) {
      if (JSON.stringify(old[part]) !== JSON.stringify(cur[part])) {
        const what = part === "constants" ? "override constants" : part;
        changes.push(`entry ${entry}: its ${what} changed`);
      }
    }
  }
  return changes;
}

/** Throws, naming `source` and the changes, when {@link kernelInterfaceChanges} finds any. */
export function checkKernelInterface(name: string, wgsl: string, source: string): void {
  const changes = kernelInterfaceChanges(name, wgsl);
  if (changes.length) {
    throw new Error(
      `${source}: kernel "${name}" changes its interface (${changes.join("; ")}); the ops ` +
        `dispatch it by the generated table: put the file in kernels/${name}.wgsl and run ` +
        "`deno task kernel-types`",
    );
  }
}
