/**
 * A pool of storage buffers in size classes, so that tensors of similar size reuse
 * each other's memory. Buffers are handed out by `acquire` and returned by `release`;
 * nothing is freed behind the caller's back, so counts are deterministic.
 *
 * Reuse is safe without waiting on the GPU: all work goes through one queue in record
 * order, and a buffer is only released after the last command that uses it was recorded.
 *
 * @example
 * const pool = new BufferPool(device, 128 << 20);
 * const b = pool.acquire(4096, "x"); pool.release(b);
 */
export class BufferPool {
  #free = new Map<number, GPUBuffer[]>();
  #live = new Set<GPUBuffer>();
  /** Creation order of each buffer the pool made: free lists hand out the oldest first. */
  #serial = new Map<GPUBuffer, number>();
  #made = 0;
  #liveBytes = 0;
  #pooledBytes = 0;

  constructor(
    readonly device: GPUDevice,
    /** Largest buffer that can be bound as storage (the device's maxStorageBufferBindingSize). */
    readonly maxBytes: number,
  ) {}

  /** Size class of a request: 256-byte minimum, then powers of two and 1.5x powers of two. */
  static sizeClass(bytes: number): number {
    if (bytes <= 256) return 256;
    const p = 2 ** Math.ceil(Math.log2(bytes));
    return bytes <= p * 0.75 ? p * 0.75 : p;
  }

  /** A buffer of at least `bytes` bytes (STORAGE | COPY_SRC | COPY_DST). `what` names it in errors. */
  acquire(bytes: number, what = "buffer"): GPUBuffer {
    if (bytes > this.maxBytes) {
      throw new RangeError(
        `${what} needs ${bytes} bytes, more than this adapter's maxStorageBufferBindingSize ` +
          `(${this.maxBytes} bytes); split it into smaller tensors`,
      );
    }
    const size = Math.min(BufferPool.sizeClass(bytes), Math.max(256, this.maxBytes));
    const list = this.#free.get(size);
    let buffer = list?.pop();
    if (buffer) {
      this.#pooledBytes -= size;
    } else {
      buffer = this.device.createBuffer({
        size,
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
      });
      this.#serial.set(buffer, this.#made++);
    }
    this.#live.add(buffer);
    this.#liveBytes += size;
    return buffer;
  }

  /** Returns a buffer to the pool. Releasing a buffer twice is an error. */
  release(buffer: GPUBuffer): void {
    if (!this.#live.delete(buffer)) throw new Error("BufferPool: buffer released twice");
    const size = buffer.size;
    this.#liveBytes -= size;
    this.#pooledBytes += size;
    const list = this.#free.get(size);
    if (list) insertOldestLast(list, buffer, this.#serial);
    else this.#free.set(size, [buffer]);
  }

  /** Destroys every pooled (not live) buffer. */
  trim(): void {
    for (const list of this.#free.values()) {
      for (const b of list) {
        b.destroy();
        this.#serial.delete(b);
      }
    }
    this.#free.clear();
    this.#pooledBytes = 0;
  }

  /** Counts of live and pooled buffers and their bytes. */
  stats(): { liveBuffers: number; liveBytes: number; pooledBuffers: number; pooledBytes: number } {
    let pooledBuffers = 0;
    for (const list of this.#free.values()) pooledBuffers += list.length;
    return {
      liveBuffers: this.#live.size,
      liveBytes: this.#liveBytes,
      pooledBuffers,
      pooledBytes: this.#pooledBytes,
    };
  }
}

/**
 * Puts `item` into a free list kept newest first, so that `pop` hands out the oldest item
 * (by `serial`, the creation order). A step recorded again then gets the same buffers and
 * textures as the last time, whatever order they were released in, and reuses its bind
 * groups (Gpu.dispatch).
 *
 * @example
 * const serial = new Map([["a", 0], ["b", 1]]);
 * const list = ["b"];
 * insertOldestLast(list, "a", serial); // list is ["b", "a"]
 */
export function insertOldestLast<T>(list: T[], item: T, serial: Map<T, number>): void {
  const s = serial.get(item)!;
  let at = list.length;
  while (at > 0 && serial.get(list[at - 1])! < s) at--;
  list.splice(at, 0, item);
}
