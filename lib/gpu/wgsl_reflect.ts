/**
 * Reads the host-facing interface of a kernel file from its WGSL text: its compute entry
 * points, its `override` constants, the bindings each entry uses (WebGPU's `layout: "auto"`
 * keeps only the statically used ones), and the layout of the uniform Params struct (the
 * offsets of its fields under WGSL's alignment and size rules). `tasks/kernel-types.ts`
 * writes what it finds into `lib/gpu/kernel_types.ts` (see {@link kernelTypesModules}), which
 * types {@link dispatchKernel} (lib/gpu/kernel_dispatch.ts).
 *
 * Only a file's own text is read: declarations brought in by a `// #include` line are not
 * seen (shared helpers hold functions, not bindings).
 *
 * @example
 * const k = reflectKernel("unary", Deno.readTextFileSync("kernels/unary.wgsl"));
 * k.entries.map((e) => e.name); // ["main", "tex"]
 * @module
 */
import {
  parseModule,
  reachableNames,
  type StructDecl,
  type TypeNode,
  typeText,
  type VarDecl,
} from "./wgsl_parse.ts";
import type { OverrideInfo } from "./wgsl_parse.ts";
export type { OverrideInfo };

/** A scalar type a uniform field can hold. */
export type WgslScalar = "u32" | "i32" | "f32";

/** One field of a uniform struct, placed by WGSL's layout rules. */
export interface FieldLayout {
  name: string;
  /** The type as written in the WGSL, normalised (`array<vec4<u32>, 2>`). */
  type: string;
  /** Byte offset in the struct. */
  offset: number;
  /** Scalar type of the field or of each of its components. */
  scalar: WgslScalar;
  /** Components per element (1 for a scalar, N for vecN, R for a matCxR column). */
  lanes: number;
  /** Elements (1 for a scalar or a vector, N for array<_, N>, C for matCxR). */
  elements: number;
  /** Bytes from one element to the next. */
  stride: number;
  /** A padding field (`pad`, `pad0`, ...): written as zeros, never passed by the host. */
  pad: boolean;
}

/** A uniform struct and where an entry binds it. */
export interface ParamsLayout {
  /** The struct's name in the WGSL. */
  struct: string;
  /** The variable's name in the WGSL. */
  name: string;
  binding: number;
  /** The struct's size in bytes (WGSL's SizeOf). */
  size: number;
  fields: FieldLayout[];
}

/** One resource binding of an entry point (group 0). */
export interface BindingInfo {
  binding: number;
  name: string;
  kind: "storage" | "uniform" | "texture" | "storage_texture";
  /** The type as written in the WGSL, normalised. */
  type: string;
  /** Storage buffers and storage textures. */
  access?: "read" | "read_write" | "write";
}

/** One compute entry point. */
export interface EntryInfo {
  name: string;
  /** The bindings the host passes in order (every used one but the Params uniform). */
  bindings: BindingInfo[];
  /** The uniform struct the entry reads its parameters from, or null. */
  params: ParamsLayout | null;
}

/** Everything the host needs to know about a kernel file. */
export interface KernelInfo {
  name: string;
  overrides: OverrideInfo[];
  entries: EntryInfo[];
}

// ---------------------------------------------------------------------------- tokens

interface Placed {
  size: number;
  align: number;
  scalar: WgslScalar;
  lanes: number;
  elements: number;
  stride: number;
}

const roundUp = (k: number, n: number) => Math.ceil(n / k) * k;

// ---------------------------------------------------------------------------- parser
const SCALARS = new Set(["u32", "i32", "f32"]);

/** Size, alignment and component layout of a type in the uniform address space. */
function place(file: string, where: string, t: TypeNode): Placed {
  const fail = (why: string): never => {
    throw new Error(`${file}: ${where}: ${typeText(t)} ${why}`);
  };
  const scalarOf = (a: TypeNode | string | undefined): WgslScalar => {
    if (typeof a !== "object" || !SCALARS.has(a.name) || a.args.length) {
      return fail("has components that are not u32, i32 or f32");
    }
    return a.name as WgslScalar;
  };
  if (SCALARS.has(t.name) && !t.args.length) {
    return { size: 4, align: 4, scalar: t.name as WgslScalar, lanes: 1, elements: 1, stride: 4 };
  }
  const vec = /^vec([234])$/.exec(t.name);
  if (vec) {
    const n = Number(vec[1]);
    const align = n === 2 ? 8 : 16;
    return { size: 4 * n, align, scalar: scalarOf(t.args[0]), lanes: n, elements: 1, stride: 4 };
  }
  const mat = /^mat([234])x([234])$/.exec(t.name);
  if (mat) {
    const [c, r] = [Number(mat[1]), Number(mat[2])];
    const align = r === 2 ? 8 : 16;
    const scalar = scalarOf(t.args[0]);
    if (scalar !== "f32") fail("is not supported (matrices are f32 or f16)");
    return { size: c * align, align, scalar, lanes: r, elements: c, stride: align };
  }
  if (t.name === "array") {
    const [elem, count] = t.args;
    if (typeof elem !== "object" || typeof count !== "string" || !/^\d+[iu]?$/.test(count)) {
      return fail("is not supported in Params (a fixed-size array of scalars or vectors only)");
    }
    const e = place(file, where, elem);
    if (e.elements !== 1) fail("is not supported in Params (arrays of arrays or matrices)");
    // uniform buffers: array elements 16 bytes apart at least, arrays 16-byte aligned
    const stride = roundUp(e.align, e.size);
    if (stride % 16 !== 0) fail(`has a stride of ${stride} bytes, not a multiple of 16`);
    const n = parseInt(count);
    return {
      size: n * stride,
      align: roundUp(16, e.align),
      scalar: e.scalar,
      lanes: e.lanes,
      elements: n,
      stride,
    };
  }
  return fail("is not supported in Params (scalars, vectors, matrices and arrays of them)");
}

/** The layout of a uniform struct: field offsets and the struct's size. */
function layoutStruct(file: string, s: StructDecl): { size: number; fields: FieldLayout[] } {
  let end = 0;
  let align = 1;
  const fields: FieldLayout[] = [];
  for (const m of s.members) {
    const where = `struct ${s.name}, field ${m.name}`;
    const p = place(file, where, m.type);
    const a = m.attrs.find((x) => x.name === "align");
    const z = m.attrs.find((x) => x.name === "size");
    const fieldAlign = a ? parseInt(a.args[0]) : p.align;
    const fieldSize = z ? parseInt(z.args[0]) : p.size;
    const offset = roundUp(fieldAlign, end);
    fields.push({
      name: m.name,
      type: typeText(m.type),
      offset,
      scalar: p.scalar,
      lanes: p.lanes,
      elements: p.elements,
      stride: p.stride,
      pad: /^pad\d*$/.test(m.name),
    });
    end = offset + fieldSize;
    align = Math.max(align, fieldAlign);
  }
  return { size: roundUp(align, end), fields };
}

function bindingOf(file: string, v: VarDecl): BindingInfo {
  const type = v.type ? typeText(v.type) : "";
  const base = { binding: v.binding!, name: v.name, type };
  if (v.addressSpace === "storage") {
    const access = (v.access ?? "read") as "read" | "read_write";
    return { ...base, kind: "storage", access };
  }
  if (v.addressSpace === "uniform") return { ...base, kind: "uniform" };
  if (v.type?.name.startsWith("texture_storage_")) {
    const access = typeText(v.type.args[1] ?? "write") as "read" | "read_write" | "write";
    return { ...base, kind: "storage_texture", access };
  }
  if (v.type?.name.startsWith("texture_") && v.type.name !== "texture_external") {
    return { ...base, kind: "texture" };
  }
  throw new Error(
    `${file}:${v.line}: binding ${v.name}: ${type || "this"} is not supported by ` +
      "dispatchKernel (storage and uniform buffers, textures and storage textures)",
  );
}

/**
 * The interface of one kernel file: see the module comment.
 *
 * Rules, as `Gpu.dispatch` binds: every binding is in group 0; an entry's Params uniform
 * (the uniform of struct type it uses; at most one) binds right after its other bindings,
 * which bind at 0, 1, 2, ... (each missing index is an error naming the entry).
 */
export function reflectKernel(name: string, source: string): KernelInfo {
  const file = `kernels/${name}.wgsl`;
  const mod = parseModule(file, source);
  const bindings = mod.vars.filter((v) => v.binding !== undefined || v.group !== undefined);
  for (const v of bindings) {
    if (v.group !== 0) throw new Error(`${file}:${v.line}: ${v.name}: group ${v.group}, not 0`);
  }
  const entries: EntryInfo[] = [];
  for (const fn of mod.fns.values()) {
    if (!fn.compute) continue;
    const used = reachableNames(mod, fn.name);
    const mine = bindings.filter((v) => used.has(v.name)).sort((a, b) => a.binding! - b.binding!);
    const isParams = (v: VarDecl) =>
      v.addressSpace === "uniform" && !!v.type && mod.structs.has(v.type.name);
    const paramVars = mine.filter(isParams);
    const where = `entry ${fn.name}`;
    if (paramVars.length > 1) {
      throw new Error(
        `${file}: ${where} reads ${paramVars.length} uniform structs ` +
          `(${paramVars.map((v) => v.name).join(", ")}); dispatchKernel packs one`,
      );
    }
    const others = mine.filter((v) => !isParams(v));
    others.forEach((v, k) => {
      if (v.binding !== k) {
        throw new Error(
          `${file}: ${where} uses binding ${v.binding} (${v.name}) but no binding ${k}: ` +
            "Gpu.dispatch binds an entry's buffers at 0, 1, 2, ...",
        );
      }
      if (k > 0 && others[k - 1].binding === v.binding) {
        throw new Error(`${file}: ${where} uses two variables at binding ${v.binding}`);
      }
    });
    let params: ParamsLayout | null = null;
    if (paramVars.length) {
      const v = paramVars[0];
      if (v.binding !== others.length) {
        throw new Error(
          `${file}: ${where}: its Params uniform ${v.name} binds at ${v.binding}, not ` +
            `${others.length} (right after its ${others.length} other bindings)`,
        );
      }
      const struct = mod.structs.get(v.type!.name)!;
      params = {
        struct: struct.name,
        name: v.name,
        binding: v.binding,
        ...layoutStruct(file, struct),
      };
    }
    entries.push({ name: fn.name, bindings: others.map((v) => bindingOf(file, v)), params });
  }
  if (!entries.length) throw new Error(`${file}: no @compute entry point`);
  return { name, overrides: mod.overrides, entries };
}
