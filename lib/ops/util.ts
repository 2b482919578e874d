/**
 * Helpers shared by the op modules: grids, strides, broadcasting and texture inputs. (Kernel
 * parameters are packed by `dispatchKernel`, lib/gpu/kernel_dispatch.ts.)
 */
import { simdLanes } from "../gpu/adapter.ts";
import { FLAT_TEXTURE_WIDTH, gpu } from "../gpu/gpu.ts";
import { viewOf } from "../gpu/texture_pool.ts";
import { grid1d } from "../gpu/grid.ts";
import { shapeText, type Tensor } from "../tensor.ts";

/**
 * The most iterations any one loop of a kernel may run in one invocation, counted over
 * all its entries. llvmpipe (Mesa's CPU adapter) silently ends a loop after 65535
 * iterations; the ops keep every loop below this on every adapter, splitting work or
 * refusing it with a clear error, so results do not depend on the adapter.
 */
export const MAX_LOOP = 65535;

/** Throws when a kernel loop would run more than {@link MAX_LOOP} times in one invocation. */
export function checkLoop(op: string, what: string, iterations: number): void {
  if (iterations > MAX_LOOP) {
    throw new RangeError(
      `${op}: ${what} needs ${iterations} loop iterations in one kernel invocation, over the ` +
        `limit of ${MAX_LOOP} (Mesa's llvmpipe stops loops there); use smaller inputs`,
    );
  }
}

/** Workgroup grid for `n` invocations of a 1-D kernel `width` wide (64 unless said). */
export function grid(n: number, width = 64): [number, number, number] {
  return grid1d(n, width, gpu().limits.maxComputeWorkgroupsPerDimension);
}

/**
 * The workgroup width of the kernels that run one SIMD group a workgroup (the direct
 * convolutions' override WG, the texture matmul's WG_X): the current adapter's SIMD lanes
 * ({@link simdLanes}). It groups invocations and nothing else (no shared memory), so it does
 * not change a result.
 */
export const lanes = (): number => simdLanes(gpu().adapterName);

/** Workgroup grid for `n` invocations in workgroups of {@link lanes}. */
export function gridLanes(n: number): [number, number, number] {
  return grid(n, lanes());
}

/** Row-major element strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    s[d] = acc;
    acc *= shape[d];
  }
  return s;
}

/** The NumPy broadcast of two shapes; the error names the op and both shapes. */
export function broadcastShapes(op: string, a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let k = 0; k < rank; k++) {
    const da = a[a.length - rank + k] ?? 1;
    const db = b[b.length - rank + k] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(`${op}: shapes ${shapeText(a)} and ${shapeText(b)} cannot be broadcast`);
    }
    out[k] = da === 1 ? db : da;
  }
  return out;
}

/** Strides of `shape` read as if broadcast to `out` (0 along broadcast dims). */
export function broadcastStrides(shape: readonly number[], out: readonly number[]): number[] {
  const own = stridesOf(shape);
  const lead = out.length - shape.length;
  return out.map((d, k) => (k < lead || (shape[k - lead] === 1 && d !== 1) ? 0 : own[k - lead]));
}

/** Resolves a possibly negative axis; the error names the op and the shape. */
export function normAxis(op: string, axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= Math.max(rank, 1)) {
    throw new RangeError(`${op}: axis ${axis} is out of range for rank ${rank}`);
  }
  return a;
}

/** Shallow equality of shapes. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, k) => d === b[k]);
}

/**
 * Tensors with at least this many elements are read through textures by the kernels that
 * have a `tex` entry: on llvmpipe a storage load is a loop over the SIMD lanes and a texel
 * fetch one gather, which pays for the copy into the texture.
 */
export const TEXTURE_MIN_ELEMENTS = 1 << 16;

/**
 * A flat rgba32float copy of `t` (see `Gpu.flatTexture`) for a kernel's texture entry, or
 * null when `t` has fewer than `minElements` elements or is too long for one texture (the
 * kernel's storage entry then runs). Release it with {@link releaseTextures} after the
 * dispatch that reads it.
 */
export function textureOf(t: Tensor, minElements = TEXTURE_MIN_ELEMENTS): GPUTexture | null {
  const g = gpu();
  const rows = Math.ceil(t.size / FLAT_TEXTURE_WIDTH);
  if (t.size < minElements || rows > g.limits.maxTextureDimension2D) return null;
  return g.flatTexture(t.buffer, t.size, "rgba32float");
}

/** The view a kernel binds a one-layer rgba32float texture through (texture_2d_array). */
export function arrayView(texture: GPUTexture): GPUTextureView {
  return viewOf(texture, "2d-array");
}

/** Returns textures from {@link textureOf} to the pool (nulls are skipped). */
export function releaseTextures(...textures: (GPUTexture | null)[]): void {
  for (const t of textures) if (t) gpu().textures.release(t);
}

/**
 * The sizes of an f32 image batch [B, C, H, W]; an error naming `op` and the shape otherwise.
 *
 * @example
 * const [n, c, h, w] = check4d("cutmix", x);
 */
export function check4d(op: string, x: Tensor): [number, number, number, number] {
  if (x.rank !== 4 || x.dtype !== "f32") {
    throw new Error(
      `${op}: expected an f32 batch [B, C, H, W], got ${shapeText(x.shape)} ${x.dtype}`,
    );
  }
  return x.shape as unknown as [number, number, number, number];
}

/**
 * A backward rule that throws: for ops applied to inputs, never to parameters
 * (augmentation), so that asking a gradient through them is a clear error.
 *
 * @example
 * record("cutmix", [x], y, noGradient("cutmix"));
 */
export function noGradient(op: string): () => never {
  return () => {
    throw new Error(`${op} has no gradient: augmentation applies to inputs, not parameters`);
  };
}
