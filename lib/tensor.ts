/**
 * Tensor: a shape, a dtype and a pooled GPU buffer holding the values, contiguous and
 * row-major. Tensors are created by ops and by the functions in `lib/ops/creation.ts`;
 * they are freed by `dispose()` or by the scope (`tidy`) they were created in.
 *
 * @example
 * const t = fromArray([1, 2, 3, 4], [2, 2]);
 * console.log(await t.data()); // Float32Array [1, 2, 3, 4]
 * t.dispose();
 */
import { gpu } from "./gpu/gpu.ts";

/**
 * Element types. All are 4 bytes wide.
 *
 * @example
 * const dtype: DType = "i32";
 * const labels = zeros([64], dtype);
 */
export type DType = "f32" | "i32" | "u32";
/** The host array of each dtype. */
export type HostArray<D extends DType = DType> = D extends "f32" ? Float32Array
  : D extends "i32" ? Int32Array
  : Uint32Array;

/** Tensors created while a scope is open are registered in it (see autodiff/scope.ts). */
export const scopeStack: Set<Tensor>[] = [];
let nextId = 1;

/** Number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** "[2, 3]"-style text of a shape, for error messages. */
export function shapeText(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

/** A pooled buffer shared by a tensor and its reshapes. */
interface Storage {
  buffer: GPUBuffer;
  refs: number;
}

/**
 * A GPU-resident n-dimensional array.
 *
 * @example
 * const t: Tensor = fromArray([1, 2, 3, 4], [2, 2]);
 * t.shape; // [2, 2]
 * await t.data(); // Float32Array [1, 2, 3, 4]: waits for the GPU
 * t.dispose();
 */
export class Tensor {
  readonly id = nextId++;
  readonly size: number;
  #storage: Storage | null;
  /** Autodiff bookkeeping (set by lib/autodiff/tape.ts). */
  node: unknown = null;
  /** While > 0, the tape still needs this tensor; `dispose` is deferred until then. */
  tapeRefs = 0;
  #deferred = false;

  /**
   * Wraps a buffer (normally from the pool) as a tensor. Use the creation functions
   * instead of calling this directly.
   */
  constructor(
    readonly shape: readonly number[],
    readonly dtype: DType = "f32",
    shareWith?: Tensor,
  ) {
    for (const d of shape) {
      if (!Number.isInteger(d) || d < 0) throw new RangeError(`invalid shape ${shapeText(shape)}`);
    }
    this.shape = Object.freeze([...shape]);
    this.size = sizeOf(shape);
    if (shareWith) {
      this.#storage = shareWith.#live();
      this.#storage.refs++;
    } else {
      const what = `tensor of shape ${shapeText(shape)} (${dtype})`;
      this.#storage = { buffer: gpu().pool.acquire(Math.max(1, this.size) * 4, what), refs: 1 };
    }
    scopeStack.at(-1)?.add(this);
  }

  #live(): Storage {
    if (!this.#storage) throw new Error(`tensor #${this.id} ${shapeText(this.shape)} was disposed`);
    return this.#storage;
  }

  /** Number of dimensions. */
  get rank(): number {
    return this.shape.length;
  }

  /** The GPU buffer; throws if the tensor was disposed. */
  get buffer(): GPUBuffer {
    return this.#live().buffer;
  }

  /** Whether `dispose` has freed this tensor. */
  get disposed(): boolean {
    return this.#storage === null;
  }

  /**
   * Releases this tensor's hold on its buffer; the buffer goes back to the pool when no
   * tensor (reshapes share buffers) holds it. Deferred while a gradient tape needs it.
   */
  dispose(): void {
    if (!this.#storage) return;
    if (this.tapeRefs > 0) {
      this.#deferred = true;
      return;
    }
    if (--this.#storage.refs === 0) gpu().pool.release(this.#storage.buffer);
    this.#storage = null;
  }

  /** Called by the tape when it no longer needs this tensor. */
  releaseTapeRef(): void {
    if (--this.tapeRefs === 0 && this.#deferred) {
      this.#deferred = false;
      this.dispose();
    }
  }

  /** Reads the values back to the host (waits for the GPU). */
  async data(): Promise<HostArray> {
    const bytes = await gpu().read(this.buffer, this.size * 4);
    if (this.dtype === "f32") return new Float32Array(bytes);
    if (this.dtype === "i32") return new Int32Array(bytes);
    return new Uint32Array(bytes);
  }

  /** Reads a one-element tensor as a number. */
  async item(): Promise<number> {
    if (this.size !== 1) {
      throw new Error(`item() needs one element, got shape ${shapeText(this.shape)}`);
    }
    return (await this.data())[0];
  }

  /** Reads the values as a plain nested array (for printing and tests). */
  async array(): Promise<unknown> {
    const flat = Array.from(await this.data());
    const nest = (dims: readonly number[], offset: number): unknown => {
      if (dims.length === 0) return flat[offset];
      const stride = sizeOf(dims.slice(1));
      return Array.from({ length: dims[0] }, (_, i) => nest(dims.slice(1), offset + i * stride));
    };
    return nest(this.shape, 0);
  }

  toString(): string {
    return `Tensor(${shapeText(this.shape)}, ${this.dtype})`;
  }
}
