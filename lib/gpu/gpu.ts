/**
 * The GPU runtime: one device, a pipeline cache, buffer and texture pools, a bind-group
 * cache, and a command recorder that batches every dispatch into one command encoder until
 * a value is read back.
 *
 * @example
 * const g = await initGpu();
 * console.log(g.adapterName);
 */
import { openDevice, type OpenDeviceOptions, viewKeepsDimension } from "./adapter.ts";
import { compileError } from "./compile_error.ts";
import { kernelSource } from "./kernel_source.ts";
import { BufferPool } from "./pool.ts";
import { TexturePool } from "./texture_pool.ts";

/**
 * Texels per row of the r32float textures made by {@link Gpu.flatTexture} (2^13, the
 * smallest maxTextureDimension2D WebGPU guarantees).
 */
export const FLAT_TEXTURE_WIDTH = 8192;

/** Bind groups {@link Gpu} keeps for reuse (a U-Net training step makes about 1,850). */
const BIND_GROUP_CACHE = 8192;

/** Uniform data of one submission lives in one buffer, at 256-byte aligned offsets. */
const UNIFORM_CAPACITY = 1 << 20;
const UNIFORM_ALIGN = 256;

/**
 * One kernel launch. `buffers` (storage buffers, or texture views for kernels that read
 * textures) bind at 0..n-1, the params uniform (if any) at n.
 */
export interface Dispatch {
  /** Kernel file name in kernels/, without `.wgsl`. */
  kernel: string;
  entry?: string;
  /** Values of the kernel's `override` constants. */
  constants?: Record<string, number>;
  /** One per binding: a buffer, a window of one, or a texture view. */
  buffers: (GPUBuffer | GPUBufferBinding | GPUTextureView)[];
  params?: ArrayBuffer | ArrayBufferView;
  workgroups: readonly [number, number?, number?];
}

/** Counters for tests and benchmarks. */
export interface GpuStats {
  dispatches: number;
  submits: number;
  readbacks: number;
  pipelines: number;
  /** Bind groups made (a dispatch recorded again with the same bindings reuses its group). */
  bindGroups: number;
}

/**
 * A WebGPU device and everything the toolkit keeps for it.
 *
 * @example
 * const g: Gpu = await initGpu();
 * g.limits.maxStorageBufferBindingSize; // the adapter's own limit
 * g.counters.dispatches; // kernels recorded so far
 */
export class Gpu {
  readonly pool: BufferPool;
  readonly textures: TexturePool;
  readonly limits: GPUSupportedLimits;
  readonly counters: GpuStats = {
    dispatches: 0,
    submits: 0,
    readbacks: 0,
    pipelines: 0,
    bindGroups: 0,
  };
  #pipelines = new Map<string, GPUComputePipeline>();
  #pendingErrors: Promise<void>[] = [];
  #errors: Error[] = [];
  #encoder: GPUCommandEncoder | null = null;
  #pass: GPUComputePassEncoder | null = null;
  #uniform: GPUBuffer;
  #uniformData = new Uint8Array(UNIFORM_CAPACITY);
  #uniformOffset = 0;
  #bindGroups = new Map<string, GPUBindGroup>();
  #layouts = new WeakMap<GPUComputePipeline, GPUBindGroupLayout>();
  #ids = new WeakMap<object, number>();
  #lastId = 0;
  /** Called with every dispatch as it is recorded (profiling: lib/bench/profile.ts). */
  onDispatch: ((d: Dispatch) => void) | null = null;
  /** Kernels whose WGSL failed to compile (their later uses only repeat that error). */
  #brokenKernels = new Set<string>();

  constructor(readonly device: GPUDevice, readonly adapterName: string) {
    this.limits = device.limits;
    this.pool = new BufferPool(device, device.limits.maxStorageBufferBindingSize);
    this.textures = new TexturePool(device, { spareLayers: !viewKeepsDimension(adapterName) });
    this.#uniform = device.createBuffer({
      size: UNIFORM_CAPACITY,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
    device.addEventListener("uncapturederror", (ev) => {
      const message = (ev as GPUUncapturedErrorEvent).error.message;
      // the uses of a pipeline whose WGSL error was reported: on Chromium they can arrive
      // after that report, and would fail the next, unrelated, readback
      if (this.#brokenKernels.size && message.includes("is invalid due to a previous error")) {
        return;
      }
      this.#errors.push(new Error(`WebGPU error: ${message}`));
    });
    device.lost.then((info) => {
      if (info.reason !== "destroyed") this.#errors.push(new Error(`device lost: ${info.message}`));
    });
  }

  /**
   * The compute pipeline of a kernel with its override constants, compiled once.
   * WGSL errors are reported, with the kernel file and line, at the next `sync`/readback.
   */
  pipeline(
    kernel: string,
    constants: Record<string, number> = {},
    entry = "main",
  ): GPUComputePipeline {
    const key = `${kernel}:${entry}:${JSON.stringify(constants)}`;
    let p = this.#pipelines.get(key);
    if (p) return p;
    this.device.pushErrorScope("validation");
    const module = this.device.createShaderModule({ label: kernel, code: kernelSource(kernel) });
    p = this.device.createComputePipeline({
      label: kernel,
      layout: "auto",
      compute: { module, entryPoint: entry, constants },
    });
    this.#pendingErrors.push(
      compileError(kernel, this.device.popErrorScope(), module).then((error) => {
        if (!error) return;
        this.#brokenKernels.add(kernel);
        this.#errors.push(error);
      }),
    );
    this.#pipelines.set(key, p);
    this.counters.pipelines++;
    return p;
  }

  /** The names of the kernels compiled so far, sorted (for coverage checks). */
  compiledKernels(): string[] {
    return [...new Set([...this.#pipelines.keys()].map((k) => k.slice(0, k.indexOf(":"))))].sort();
  }

  /** Records one dispatch into the current command encoder. */
  dispatch(d: Dispatch): void {
    this.onDispatch?.(d);
    const pipeline = this.pipeline(d.kernel, d.constants, d.entry);
    const entries: GPUBindGroupEntry[] = d.buffers.map((b, binding) => ({
      binding,
      resource: "mapAsync" in b ? { buffer: b } : b,
    }));
    if (d.params) {
      const bytes = d.params instanceof ArrayBuffer
        ? new Uint8Array(d.params)
        : new Uint8Array(d.params.buffer, d.params.byteOffset, d.params.byteLength);
      if (this.#uniformOffset + bytes.byteLength > UNIFORM_CAPACITY) this.flush();
      const offset = this.#uniformOffset;
      this.#uniformData.set(bytes, offset);
      this.#uniformOffset = offset + Math.ceil(bytes.byteLength / UNIFORM_ALIGN) * UNIFORM_ALIGN;
      entries.push({
        binding: d.buffers.length,
        resource: { buffer: this.#uniform, offset, size: bytes.byteLength },
      });
    }
    const bindGroup = this.#bindGroup(pipeline, entries);
    const pass = this.#computePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    const [x, y = 1, z = 1] = d.workgroups;
    if (x * y * z === 0) return;
    pass.dispatchWorkgroups(x, y, z);
    this.counters.dispatches++;
  }

  /**
   * The bind group of these entries for this pipeline, made once: a step recorded again
   * binds the same pooled buffers, textures (views from {@link viewOf}) and uniform offsets,
   * and making a bind group is about half of recording a dispatch on Deno. Keys are object
   * ids (never reused) with offsets and sizes; the cache is emptied when it holds
   * {@link BIND_GROUP_CACHE} groups.
   */
  #bindGroup(pipeline: GPUComputePipeline, entries: GPUBindGroupEntry[]): GPUBindGroup {
    let key = String(this.#idOf(pipeline));
    for (const { resource } of entries) {
      if ("buffer" in resource) {
        key += `,${this.#idOf(resource.buffer)}:${resource.offset ?? 0}:${resource.size ?? -1}`;
      } else key += `,${this.#idOf(resource)}`;
    }
    let group = this.#bindGroups.get(key);
    if (group) return group;
    if (this.#bindGroups.size >= BIND_GROUP_CACHE) this.#bindGroups.clear();
    let layout = this.#layouts.get(pipeline);
    if (!layout) {
      layout = pipeline.getBindGroupLayout(0);
      this.#layouts.set(pipeline, layout);
    }
    group = this.device.createBindGroup({ layout, entries });
    this.#bindGroups.set(key, group);
    this.counters.bindGroups++;
    return group;
  }

  #idOf(o: object): number {
    let id = this.#ids.get(o);
    if (id === undefined) this.#ids.set(o, id = ++this.#lastId);
    return id;
  }

  /** Records a buffer-to-buffer copy. */
  copy(src: GPUBuffer, srcOffset: number, dst: GPUBuffer, dstOffset: number, bytes: number): void {
    this.#endPass();
    this.#ensureEncoder().copyBufferToBuffer(src, srcOffset, dst, dstOffset, bytes);
  }

  /**
   * Records a copy of a buffer, `bytesPerRow` bytes per texel row (a multiple of 256),
   * rows of consecutive layers back to back, into texels [0, size) of a texture.
   */
  copyToTexture(
    src: GPUBuffer,
    bytesPerRow: number,
    texture: GPUTexture,
    size: [number, number, number],
  ): void {
    this.#endPass();
    this.#ensureEncoder().copyBufferToTexture(
      { buffer: src, bytesPerRow, rowsPerImage: size[1] },
      { texture },
      size,
    );
  }

  /**
   * Records a copy of the first `count` floats of a buffer into a pooled texture of
   * {@link FLAT_TEXTURE_WIDTH} floats per row, and returns it. The caller releases it to
   * `this.textures` after its last use is recorded.
   * - `r32float` (a 2d texture): float e lands at texel (e % 8192, e / 8192), which is how a
   *   kernel reads it back (`textureLoad(t, vec2(e & 8191u, e >> 13u), 0).x`).
   * - `rgba32float` (a 2d-array texture of one layer, 2048 texels per row): floats 4q .. 4q+3
   *   land in texel (q % 2048, q / 2048) (`textureLoad(t, vec2(q & 2047u, q >> 11u), 0, 0)`);
   *   the last texel may take up to 3 floats past `count` (pooled buffers are whole vec4s).
   */
  flatTexture(
    src: GPUBuffer,
    count: number,
    format: "r32float" | "rgba32float" = "r32float",
  ): GPUTexture {
    const perTexel = format === "r32float" ? 1 : 4;
    const width = FLAT_TEXTURE_WIDTH / perTexel;
    const texels = Math.ceil(count / perTexel);
    if (texels * perTexel * 4 > src.size) {
      throw new RangeError(
        `flatTexture: ${count} floats as ${format} need ${texels * perTexel * 4} bytes, the ` +
          `buffer has ${src.size}`,
      );
    }
    const full = Math.floor(texels / width);
    const rest = texels - full * width;
    const texture = this.textures.acquire(
      width,
      Math.max(1, full + (rest > 0 ? 1 : 0)),
      1,
      format,
    );
    const bytesPerRow = width * perTexel * 4;
    this.#endPass();
    const encoder = this.#ensureEncoder();
    if (full > 0) {
      encoder.copyBufferToTexture({ buffer: src, bytesPerRow }, { texture }, [width, full, 1]);
    }
    if (rest > 0) {
      encoder.copyBufferToTexture(
        { buffer: src, offset: full * bytesPerRow, bytesPerRow },
        { texture, origin: [0, full, 0] },
        [rest, 1, 1],
      );
    }
    return texture;
  }

  /** Writes host data into a buffer, after everything recorded so far. */
  upload(buffer: GPUBuffer, data: ArrayBufferView, offset = 0): void {
    // queue.writeBuffer runs before the pending encoder would: submit that first.
    this.flush();
    const source = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    // a copy: 4-byte aligned length, and never a SharedArrayBuffer
    const bytes = new Uint8Array(Math.ceil(source.byteLength / 4) * 4);
    bytes.set(source);
    this.device.queue.writeBuffer(buffer, offset, bytes);
  }

  /** Submits everything recorded so far (does not wait). */
  flush(): void {
    if (!this.#encoder) return;
    this.#endPass();
    if (this.#uniformOffset > 0) {
      this.device.queue.writeBuffer(this.#uniform, 0, this.#uniformData, 0, this.#uniformOffset);
      this.#uniformOffset = 0;
    }
    this.device.queue.submit([this.#encoder.finish()]);
    this.#encoder = null;
    this.counters.submits++;
  }

  /** Reads `bytes` bytes of a buffer back to the host; submits pending work first. */
  async read(buffer: GPUBuffer, bytes: number, offset = 0): Promise<ArrayBuffer> {
    const size = Math.ceil(bytes / 4) * 4;
    const staging = this.device.createBuffer({
      size: Math.max(size, 4),
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    if (size > 0) this.copy(buffer, offset, staging, 0, size);
    this.flush();
    this.counters.readbacks++;
    try {
      await staging.mapAsync(GPUMapMode.READ);
      await this.throwErrors();
      return staging.getMappedRange().slice(0, bytes);
    } finally {
      staging.destroy();
    }
  }

  /** Submits pending work, waits for the GPU, and throws any WebGPU error seen so far. */
  async sync(): Promise<void> {
    this.flush();
    await this.device.queue.onSubmittedWorkDone();
    await this.throwErrors();
  }

  /** Throws (and clears) the first WGSL or validation error recorded so far. */
  async throwErrors(): Promise<void> {
    const pending = this.#pendingErrors;
    this.#pendingErrors = [];
    await Promise.all(pending);
    // a WGSL error first: on Dawn the invalid pipeline's later uses are reported before it
    const first = this.#errors.find((e) => e.message.startsWith("WGSL error")) ?? this.#errors[0];
    this.#errors = [];
    if (first) throw first;
  }

  #ensureEncoder(): GPUCommandEncoder {
    return this.#encoder ??= this.device.createCommandEncoder();
  }

  #computePass(): GPUComputePassEncoder {
    return this.#pass ??= this.#ensureEncoder().beginComputePass();
  }

  #endPass(): void {
    this.#pass?.end();
    this.#pass = null;
  }
}

let current: Gpu | null = null;
let opening: Promise<Gpu> | null = null;
/** Whether `current` runs on a device the host gave to {@link useDevice}. */
let borrowed = false;

/**
 * Opens the default device once (see {@link openDevice} for the options: another host's
 * `GPU` object, adapter options); later calls return the same runtime.
 *
 * @example
 * const g = await initGpu();
 */
export function initGpu(options: OpenDeviceOptions = {}): Promise<Gpu> {
  if (current) return Promise.resolve(current);
  opening ??= openDevice(options).then((
    { device, adapterName },
  ) => (current = new Gpu(device, adapterName)));
  opening.catch(() => (opening = null));
  return opening;
}

/**
 * Makes the toolkit run on a device the host opened itself (any `GPUDevice`: a browser's,
 * Node's `webgpu` package, Deno's), and returns the runtime. Tensors made on a previous
 * device must not be used afterwards. The host must define the WebGPU globals
 * (`GPUBufferUsage`, `GPUMapMode`): browsers and Deno do; in Node,
 * `Object.assign(globalThis, globals)` with the `webgpu` package's `globals`.
 *
 * @example
 * const adapter = await navigator.gpu.requestAdapter();
 * const g = useDevice(await adapter!.requestDevice(), "my adapter");
 */
export function useDevice(device: GPUDevice, adapterName = "unknown adapter"): Gpu {
  const missing = ["GPUBufferUsage", "GPUMapMode"].filter((k) => !(k in globalThis));
  if (missing.length) {
    throw new Error(
      `useDevice: this host does not define the WebGPU globals ${missing.join(", ")} ` +
        "(Node: Object.assign(globalThis, globals) with the `webgpu` package's globals)",
    );
  }
  if (current?.device === device) return current;
  current = new Gpu(device, adapterName);
  borrowed = true;
  opening = Promise.resolve(current);
  return current;
}

/**
 * Waits for the work recorded so far, frees the pooled buffers and textures, and destroys
 * the device {@link initGpu} opened (a device given to {@link useDevice} belongs to the
 * host and stays open). Tensors made before must not be used afterwards; a later
 * `initGpu()` opens a new device.
 *
 * @example
 * await initGpu();
 * console.log(await fromArray([1, 2], [2]).data());
 * await closeGpu();
 */
export async function closeGpu(): Promise<void> {
  const g = current ?? (opening ? await opening.catch(() => null) : null);
  const owned = g !== null && !borrowed;
  current = null;
  opening = null;
  borrowed = false;
  if (!g) return;
  try {
    await g.sync();
  } finally {
    g.pool.trim();
    g.textures.trim();
    if (owned) g.device.destroy();
  }
}

/**
 * The runtime opened by {@link initGpu} (or given by {@link useDevice}): the device, its
 * limits and pools, the pipeline cache and command batching. Throws if no device is open.
 *
 * @example
 * await initGpu();
 * console.log(gpu().adapterName); // "llvmpipe (LLVM 15.0.6, 256 bits); Mesa driver; Vulkan backend"
 * await gpu().sync(); // waits for the GPU and throws any WebGPU error seen so far
 */
export function gpu(): Gpu {
  if (!current) throw new Error("GPU not initialised: `await initGpu()` first");
  return current;
}
