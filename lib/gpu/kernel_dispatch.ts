/**
 * Typed kernel launches: {@link dispatchKernel} takes an entry point of the generated table
 * `KERNELS` (lib/gpu/kernel_types.ts, read from kernels/*.wgsl by `deno task kernel-types`),
 * and `deno check` checks its arguments against the WGSL: the override constants by name,
 * the buffers by count and kind (a texture view where the entry reads a texture), and the
 * Params fields by name (a misspelled, missing or padding field is a type error). The
 * values are packed in the struct's declared order at WGSL's offsets.
 *
 * @example
 * dispatchKernel(KERNELS.unary.main, {
 *   constants: { OP: 5 },
 *   buffers: [x.buffer, y.buffer],
 *   params: { n: x.size, alpha: 0, beta: 0 },
 *   workgroups: grid(Math.ceil(x.size / 4)),
 * });
 * @module
 */
import { gpu } from "./gpu.ts";

export { KERNELS } from "./kernel_types.ts";

/** A scalar type a Params field holds (or its components hold). */
export type ParamScalar = "u32" | "i32" | "f32";

/** One field of a Params struct (see lib/gpu/wgsl_reflect.ts `FieldLayout`). */
export interface ParamField {
  readonly name: string;
  /** The WGSL type: a scalar, or a vector, matrix or array (given as a list of numbers). */
  readonly type: string;
  /** Byte offset in the struct. */
  readonly offset: number;
  /** Vectors, matrices and arrays: the components' type. */
  readonly scalar?: ParamScalar;
  /** Vectors, matrices and arrays: components per element. */
  readonly lanes?: number;
  /** Vectors, matrices and arrays: elements (1 for a vector). */
  readonly elements?: number;
  /** Vectors, matrices and arrays: bytes from one element to the next. */
  readonly stride?: number;
  /** A padding field: written as zeros, not passed. */
  readonly pad?: true;
}

/** A kernel entry's uniform Params struct (whatever its name in the WGSL). */
export interface ParamLayout {
  /** The struct's name in the WGSL. */
  readonly struct: string;
  /** The struct's size in bytes (the uniform data is this, rounded up to 16 bytes). */
  readonly size: number;
  readonly fields: readonly ParamField[];
}

/** One resource an entry binds (besides its Params), in binding order from 0. */
export interface KernelBinding {
  readonly binding: number;
  readonly name: string;
  readonly kind: "storage" | "uniform" | "texture" | "storage_texture";
  readonly type: string;
  readonly access?: "read" | "read_write" | "write";
}

/** An `override` constant; without a default the host must give it. */
export interface KernelConstant {
  readonly type: "bool" | "u32" | "i32" | "f32" | "f16";
  readonly default?: string;
}

/** One compute entry point of a kernel file, as the generated table describes it. */
export interface KernelEntry {
  /** The file name in kernels/, without `.wgsl`. */
  readonly kernel: string;
  readonly entry: string;
  /** Every override constant of the file (a pipeline may set any of them). */
  readonly constants: { readonly [name: string]: KernelConstant };
  readonly bindings: readonly KernelBinding[];
  /** The uniform struct the entry reads, bound right after `bindings`; null when none. */
  readonly params: ParamLayout | null;
}

/** The shape of the generated table: kernel name -> entry name -> entry. */
export type KernelTable = {
  readonly [kernel: string]: { readonly [entry: string]: KernelEntry };
};

/**
 * What the host passes for one binding: a texture view for textures, else a buffer, or a
 * window of one (`{ buffer, offset, size }`, offset a multiple of 256). (A GPUBuffer has every
 * member of Deno's GPUTextureView type, so a buffer where a texture goes is caught only when
 * dispatched; a view where a buffer goes is a type error.)
 */
type ResourceOf<B> = B extends { readonly kind: "texture" | "storage_texture" } ? GPUTextureView
  : GPUBuffer | GPUBufferBinding;

/** The buffers (and texture views) of an entry, one per binding in order. */
export type KernelBuffers<B extends readonly KernelBinding[]> = {
  readonly [I in keyof B]: ResourceOf<B[I]>;
};

/**
 * A scalar field's 32 bits given as an integer, written as they are (`bits >>> 0`): for a
 * field the kernel reads through `bitcast` as another type than it declares.
 */
export interface Bits32 {
  readonly bits: number;
}

/**
 * The value of one Params field: a number (or {@link Bits32}) for a scalar, a list of
 * numbers (zero-padded) for a vector, matrix or array.
 */
type FieldValue<F> = F extends { readonly type: ParamScalar } ? number | Bits32
  : readonly number[];

/** The Params fields of an entry, by name, padding left out. */
export type KernelParams<L extends ParamLayout> = {
  readonly [F in L["fields"][number] as F extends { readonly pad: true } ? never : F["name"]]:
    FieldValue<F>;
};

type RequiredConstants<C> = {
  [K in keyof C]: C[K] extends { readonly default: string } ? never : K;
}[keyof C];

/** The override constants an entry's pipeline may set (numbers; booleans as 0 or 1). */
export type KernelConstants<E extends KernelEntry> =
  & { readonly [K in keyof E["constants"]]?: number }
  & { readonly [K in RequiredConstants<E["constants"]>]: number };

/** The arguments of {@link dispatchKernel} for entry `E`. */
export type KernelArgs<E extends KernelEntry> = E extends KernelEntry ?
    & {
      readonly buffers: KernelBuffers<E["bindings"]>;
      readonly workgroups: readonly [number, number?, number?];
    }
    & ([RequiredConstants<E["constants"]>] extends [never]
      ? { readonly constants?: KernelConstants<E> }
      : { readonly constants: KernelConstants<E> })
    & (E["params"] extends ParamLayout ? { readonly params: KernelParams<E["params"]> }
      : { readonly params?: undefined })
  : never;

/** How to write one field: precomputed once per layout. */
interface FieldPlan {
  name: string;
  /** 0: u32, 1: i32, 2: f32. */
  scalar: 0 | 1 | 2;
  offset: number;
  /** Numbers the field takes: 0 for a scalar field (a number), else the list's limit. */
  count: number;
  lanes: number;
  stride: number;
}

interface LayoutPlan {
  bytes: number;
  fields: FieldPlan[];
}

const plans = new WeakMap<ParamLayout, LayoutPlan>();
const SCALAR_CODE = { u32: 0, i32: 1, f32: 2 } as const;

function planOf(layout: ParamLayout): LayoutPlan {
  let plan = plans.get(layout);
  if (plan) return plan;
  plan = {
    // 16-byte rows, as uniform structs are laid out
    bytes: Math.ceil(layout.size / 16) * 16,
    fields: layout.fields.filter((f) => !f.pad).map((f) => {
      const scalar = f.scalar ?? (f.type as ParamScalar);
      const lanes = f.lanes ?? 1;
      const list = f.scalar !== undefined;
      return {
        name: f.name,
        scalar: SCALAR_CODE[scalar],
        offset: f.offset,
        count: list ? lanes * (f.elements ?? 1) : 0,
        lanes,
        stride: f.stride ?? 4,
      };
    }),
  };
  plans.set(layout, plan);
  return plan;
}

function write(view: DataView, scalar: 0 | 1 | 2, at: number, v: number): void {
  if (scalar === 0) view.setUint32(at, v >>> 0, true);
  else if (scalar === 1) view.setInt32(at, v, true);
  else view.setFloat32(at, v, true);
}

/**
 * The bytes of a Params struct: each field at its offset (u32 values wrap as `v >>> 0`,
 * i32 as `v | 0`, lists are zero-padded), padding fields zero, the length rounded up to 16
 * bytes.
 *
 * @example
 * packParams(KERNELS.unary.main.params, { n: 10, alpha: 0, beta: 1 }); // 16 bytes
 */
export function packParams<L extends ParamLayout>(layout: L, values: KernelParams<L>): ArrayBuffer {
  const plan = planOf(layout);
  const buffer = new ArrayBuffer(plan.bytes);
  const view = new DataView(buffer);
  const given = values as unknown as Record<string, number | Bits32 | readonly number[]>;
  for (const f of plan.fields) {
    const v = given[f.name];
    if (f.count === 0) {
      if (typeof v === "number") write(view, f.scalar, f.offset, v);
      else if (typeof (v as Bits32 | undefined)?.bits === "number") {
        view.setUint32(f.offset, (v as Bits32).bits >>> 0, true);
      } else throw new TypeError(missing(layout, f, "a number", v));
      continue;
    }
    if (!Array.isArray(v)) throw new TypeError(missing(layout, f, "a list of numbers", v));
    if (v.length > f.count) {
      throw new RangeError(
        `${layout.struct}.${f.name}: ${v.length} values, over the limit of ${f.count}`,
      );
    }
    for (let k = 0; k < v.length; k++) {
      const lane = k % f.lanes;
      write(view, f.scalar, f.offset + (k - lane) / f.lanes * f.stride + 4 * lane, v[k]);
    }
  }
  return buffer;
}

function missing(layout: ParamLayout, f: FieldPlan, want: string, got: unknown): string {
  return `${layout.struct}.${f.name}: expected ${want}, got ${
    got === undefined ? "nothing" : typeof got
  }`;
}

/**
 * Records one dispatch of a kernel entry (see the module comment), on the device of
 * `gpu()`: the buffers bind at 0, 1, 2, ..., the packed Params right after them.
 *
 * @example
 * dispatchKernel(KERNELS.fill.main, {
 *   constants: { MODE: 0 },
 *   buffers: [t.buffer],
 *   params: { n: t.size, bits: 0, start: 0, step: 0 },
 *   workgroups: grid(t.size),
 * });
 */
export function dispatchKernel<E extends KernelEntry>(
  entry: E,
  args: NoInfer<KernelArgs<E>>,
): void {
  const a = args as unknown as {
    constants?: Record<string, number>;
    buffers: (GPUBuffer | GPUBufferBinding | GPUTextureView)[];
    params?: KernelParams<ParamLayout>;
    workgroups: readonly [number, number?, number?];
  };
  const bindings = entry.bindings;
  if (a.buffers.length !== bindings.length) {
    throw new RangeError(
      `kernel ${entry.kernel}, entry ${entry.entry}: ${a.buffers.length} buffers given, it ` +
        `binds ${bindings.length} (${bindings.map((b) => b.name).join(", ")})`,
    );
  }
  for (let k = 0; k < bindings.length; k++) {
    const texture = bindings[k].kind === "texture" || bindings[k].kind === "storage_texture";
    const b = a.buffers[k];
    if (texture === ("mapAsync" in b || "buffer" in b)) {
      throw new TypeError(
        `kernel ${entry.kernel}, entry ${entry.entry}: binding ${k} (${bindings[k].name}) ` +
          `takes a ${texture ? "texture view" : "buffer"}`,
      );
    }
  }
  let params: ArrayBuffer | undefined;
  if (entry.params) {
    try {
      params = packParams(entry.params, a.params!);
    } catch (e) {
      if (e instanceof Error) {
        e.message = `kernel ${entry.kernel}, entry ${entry.entry}: ${e.message}`;
      }
      throw e;
    }
  }
  gpu().dispatch({
    kernel: entry.kernel,
    entry: entry.entry,
    constants: a.constants,
    buffers: a.buffers,
    params,
    workgroups: a.workgroups,
  });
}
