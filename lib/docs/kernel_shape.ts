/**
 * What a kernel file needs from a WebGPU host, read from its WGSL for the porting guide
 * (lib/docs/kernel_guide.ts): per entry point its workgroup size, the bindings it uses (kind
 * and access, by following its calls) and the overrides it reads; and the maxima over all
 * entry points. The WGSL reader is the one behind `reflectKernel` (lib/gpu/wgsl_parse.ts).
 *
 * @example
 * const shape = kernelShape(Deno.readTextFileSync("kernels/unary.wgsl"));
 * shape.entries.map((e) => e.name); // ["main", "tex"]
 * @module
 */
import {
  type OverrideInfo,
  parseModule,
  reachableNames,
  typeText,
  type VarDecl,
} from "../gpu/wgsl_parse.ts";

export type BindingKind = "storage" | "uniform" | "sampled texture" | "storage texture";

/** One `@group(g) @binding(b) var ...` declaration. */
export interface Binding {
  group: number;
  binding: number;
  name: string;
  kind: BindingKind;
  /** `read`, `read_write` (storage buffers), `write` (storage textures); "" otherwise. */
  access: string;
  /** The declared type, e.g. `array<vec4<f32>>` or `texture_2d_array<f32>`. */
  type: string;
}

/** One compute entry point and what it statically uses. */
export interface EntryPoint {
  name: string;
  /** `@workgroup_size` as written, e.g. `["64"]` or `["WG_X", "WG_Y", "1"]`. */
  workgroupSize: string[];
  /** The workgroup size with override defaults substituted, [x, y, z]. */
  workgroupDefault: [number, number, number];
  /** The bindings the entry point or a function it calls refers to, by binding number. */
  bindings: Binding[];
  /** The override constants it reads (directly, through calls or other declarations). */
  overrides: string[];
}

/** What a WGSL file declares. */
export interface KernelShape {
  entries: EntryPoint[];
  bindings: Binding[];
  overrides: string[];
}

/** One binding as the guide states it. */
function bindingOf(v: VarDecl): Binding {
  const type = v.type ? typeText(v.type) : "";
  const storageTexture = v.type?.name.startsWith("texture_storage_");
  const textureAccess = v.type?.args[1];
  return {
    group: v.group ?? 0,
    binding: v.binding ?? 0,
    name: v.name,
    kind: storageTexture
      ? "storage texture"
      : type.startsWith("texture_")
      ? "sampled texture"
      : v.addressSpace === "uniform"
      ? "uniform"
      : "storage",
    access: storageTexture && typeof textureAccess === "string"
      ? textureAccess
      : v.addressSpace === "storage"
      ? v.access ?? "read"
      : "",
    type,
  };
}

/** A workgroup-size expression's value with override defaults substituted. */
function sizeValue(text: string, overrides: OverrideInfo[]): number {
  const def = overrides.find((o) => o.name === text)?.default ?? text;
  return def === "true" ? 1 : def === "false" ? 0 : Number(def.replace(/[uif]$/, ""));
}

/**
 * Reads a WGSL source with the reader behind `reflectKernel` (lib/gpu/wgsl_parse.ts): its
 * bindings, override constants and compute entry points, and for each entry point the
 * bindings and overrides it statically uses (what an automatic pipeline layout holds),
 * following the functions it calls. A local variable or parameter that shadows a
 * module-scope name hides it in its block.
 *
 * @example
 * kernelShape("@compute @workgroup_size(64) fn main() {}").entries[0].name; // "main"
 */
export function kernelShape(wgsl: string): KernelShape {
  const mod = parseModule("kernel.wgsl", wgsl);
  const bindings = mod.vars.filter((v) => v.binding !== undefined).map(bindingOf);
  const overrides = mod.overrides.map((o) => o.name);
  const entries = [...mod.fns.values()].filter((fn) => fn.compute).map((fn): EntryPoint => {
    const used = reachableNames(mod, fn.name);
    for (const s of fn.workgroupSize) used.add(s);
    const [x = "1", y = "1", z = "1"] = fn.workgroupSize;
    return {
      name: fn.name,
      workgroupSize: fn.workgroupSize,
      workgroupDefault: [x, y, z].map((s) => sizeValue(s, mod.overrides)) as [
        number,
        number,
        number,
      ],
      bindings: bindings.filter((b) => used.has(b.name)).sort((a, b) => a.binding - b.binding),
      overrides: overrides.filter((o) => used.has(o)),
    };
  });
  return { entries, bindings, overrides };
}

/** The largest per-entry-point needs over a set of kernels: what the preamble states. */
export interface KernelNeeds {
  storageBuffers: number;
  uniformBuffers: number;
  sampledTextures: number;
  storageTextures: number;
  invocations: number;
  sizeX: number;
  sizeY: number;
  groups: number[];
}

/**
 * The maxima over every entry point of `shapes` (per shader stage, as WebGPU counts).
 *
 * @example
 * kernelNeeds([kernelShape(wgsl)]).storageBuffers;
 */
export function kernelNeeds(shapes: KernelShape[]): KernelNeeds {
  const n: KernelNeeds = {
    storageBuffers: 0,
    uniformBuffers: 0,
    sampledTextures: 0,
    storageTextures: 0,
    invocations: 0,
    sizeX: 0,
    sizeY: 0,
    groups: [],
  };
  for (const s of shapes) {
    for (const e of s.entries) {
      const count = (k: BindingKind) => e.bindings.filter((b) => b.kind === k).length;
      n.storageBuffers = Math.max(n.storageBuffers, count("storage"));
      n.uniformBuffers = Math.max(n.uniformBuffers, count("uniform"));
      n.sampledTextures = Math.max(n.sampledTextures, count("sampled texture"));
      n.storageTextures = Math.max(n.storageTextures, count("storage texture"));
      const [x, y, z] = e.workgroupDefault;
      n.invocations = Math.max(n.invocations, x * y * z);
      n.sizeX = Math.max(n.sizeX, x);
      n.sizeY = Math.max(n.sizeY, y);
      for (const b of e.bindings) if (!n.groups.includes(b.group)) n.groups.push(b.group);
    }
  }
  n.groups.sort();
  return n;
}
