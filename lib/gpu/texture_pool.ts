import { insertOldestLast } from "./pool.ts";

/**
 * A pool of f32 textures, by format and exact size, for kernels that read an operand
 * through texel fetches (kernels/matmul_tex.wgsl, kernels/conv2d.wgsl): on CPU adapters a
 * texel fetch is far cheaper than a storage-buffer load. Like {@link BufferPool}, reuse
 * needs no wait on the GPU: work runs in record order and a texture is released after its
 * last use is recorded.
 *
 * The kernels read rgba32float textures as `texture_2d_array<f32>`. wgpu's GL backend
 * (Deno with `DENO_WEBGPU_BACKEND=gl`) ignores the view dimension a view asks for and
 * guesses it from the layer count: 1 layer is a 2D texture, 6 a cube, 6k a cube array, and
 * a 2D texture read as an array gives zeros. So, with `spareLayers` (the default; `Gpu`
 * turns it off where `viewKeepsDimension` in lib/gpu/adapter.ts says the backend keeps a view's dimension),
 * {@link arrayLayersFor} gives such textures one spare layer when the count asked for is 1
 * or a multiple of 6: every backend then sees a plain 2D array. The spare layer is never
 * written nor read.
 *
 * @example
 * const pool = new TexturePool(device);
 * const t = pool.acquire(256, 1024, 1); // rgba32float, 256 x 1024 texels, 1 layer
 * pool.release(t);
 */
export class TexturePool {
  #free = new Map<string, GPUTexture[]>();
  #live = new Set<GPUTexture>();
  /** Creation order of each texture the pool made: free lists hand out the oldest first. */
  #serial = new Map<GPUTexture, number>();
  #made = 0;

  /** Whether rgba32float textures get {@link arrayLayersFor}'s spare layer. */
  readonly spareLayers: boolean;

  constructor(readonly device: GPUDevice, options: { spareLayers?: boolean } = {}) {
    this.spareLayers = options.spareLayers ?? true;
  }

  /**
   * A texture of exactly width x height texels and at least `layers` layers (rgba32float
   * with `spareLayers`: {@link arrayLayersFor}), usable as a sampled texture and a copy destination (and, for
   * rgba32float, a write-only storage texture). Throws a RangeError naming the limit when a
   * size is over the device's `maxTextureDimension2D` or `maxTextureArrayLayers`.
   */
  acquire(
    width: number,
    height: number,
    layers: number,
    format: "rgba32float" | "r32float" = "rgba32float",
  ): GPUTexture {
    const { maxTextureDimension2D: maxDim, maxTextureArrayLayers: maxLayers } = this.device.limits;
    const allocatedLayers = format === "rgba32float" && this.spareLayers
      ? arrayLayersFor(layers)
      : layers;
    if (width > maxDim || height > maxDim || allocatedLayers > maxLayers) {
      throw new RangeError(
        `texture ${width} x ${height} x ${layers} layers is over this adapter's limits ` +
          `(maxTextureDimension2D ${maxDim}, maxTextureArrayLayers ${maxLayers})`,
      );
    }
    const key = `${format}:${width}x${height}x${allocatedLayers}`;
    let texture = this.#free.get(key)?.pop();
    // Compatibility-mode hosts (Node's Dawn on OpenGL ES) fix the view dimension at
    // creation; core WebGPU ignores the member (and Deno's types lack it).
    const descriptor = {
      size: [width, height, allocatedLayers],
      format,
      dimension: "2d",
      textureBindingViewDimension: format === "r32float" ? "2d" : "2d-array",
      usage: GPUTextureUsage.TEXTURE_BINDING | GPUTextureUsage.COPY_DST |
        (format === "r32float" ? 0 : GPUTextureUsage.STORAGE_BINDING),
    };
    if (!texture) {
      texture = this.device.createTexture(descriptor as GPUTextureDescriptor);
      this.#serial.set(texture, this.#made++);
    }
    this.#live.add(texture);
    return texture;
  }

  /** Returns a texture to the pool. Releasing a texture twice is an error. */
  release(texture: GPUTexture): void {
    if (!this.#live.delete(texture)) throw new Error("TexturePool: texture released twice");
    const key =
      `${texture.format}:${texture.width}x${texture.height}x${texture.depthOrArrayLayers}`;
    const list = this.#free.get(key);
    if (list) insertOldestLast(list, texture, this.#serial);
    else this.#free.set(key, [texture]);
  }

  /** Destroys every pooled (not live) texture. */
  trim(): void {
    for (const list of this.#free.values()) {
      for (const t of list) {
        t.destroy();
        this.#serial.delete(t);
      }
    }
    this.#free.clear();
  }

  /** Counts of live and pooled textures. */
  stats(): { liveTextures: number; pooledTextures: number } {
    let pooledTextures = 0;
    for (const list of this.#free.values()) pooledTextures += list.length;
    return { liveTextures: this.#live.size, pooledTextures };
  }
}

/**
 * The layer count the pool allocates for an rgba32float texture of `layers` layers read as
 * `texture_2d_array`: one more when `layers` is 1 or a multiple of 6, which wgpu's GL
 * backend would take for a 2D texture or a cube (array) whatever the view asks for.
 *
 * @example
 * arrayLayersFor(1); // 2
 * arrayLayersFor(4); // 4
 * arrayLayersFor(12); // 13
 */
export function arrayLayersFor(layers: number): number {
  return layers === 1 || layers % 6 === 0 ? layers + 1 : layers;
}

const views = new WeakMap<GPUTexture, { plain?: GPUTextureView; array?: GPUTextureView }>();

/**
 * A view of `texture`, made once per texture: its default view, or with "2d-array" the view
 * a kernel's `texture_2d_array` binds. Pooled textures come back, and with the same views the
 * bind groups that use them are reused ({@link Gpu.dispatch}).
 *
 * @example
 * const t = gpu().textures.acquire(2048, 1, 1);
 * viewOf(t, "2d-array") === viewOf(t, "2d-array"); // true
 */
export function viewOf(texture: GPUTexture, dimension?: "2d-array"): GPUTextureView {
  let held = views.get(texture);
  if (!held) views.set(texture, held = {});
  if (dimension === "2d-array") return held.array ??= texture.createView({ dimension });
  return held.plain ??= texture.createView();
}
