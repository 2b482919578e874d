/**
 * Float64 CPU references for the kernels, NumPy semantics. Used by the conformance tests
 * and, through finite differences, by the gradient tests.
 */

/** A host n-d array in float64. */
export interface Arr {
  shape: number[];
  data: Float64Array;
}

export const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

export function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    s[d] = acc;
    acc *= shape[d];
  }
  return s;
}

export const arr = (shape: number[], data: ArrayLike<number>): Arr => ({
  shape,
  data: Float64Array.from(data),
});

/** Coordinates of flat index i in shape. */
function coords(i: number, shape: readonly number[]): number[] {
  const c = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    c[d] = i % shape[d];
    i = Math.floor(i / shape[d]);
  }
  return c;
}

export function map(a: Arr, f: (v: number) => number): Arr {
  return { shape: [...a.shape], data: a.data.map(f) };
}

export function broadcastShape(a: readonly number[], b: readonly number[]): number[] {
  const r = Math.max(a.length, b.length);
  return Array.from({ length: r }, (_, k) => {
    const da = a[a.length - r + k] ?? 1;
    const db = b[b.length - r + k] ?? 1;
    return da === 1 ? db : da;
  });
}

/** Value of `a` at output coordinates `c` under broadcasting. */
function at(a: Arr, c: number[]): number {
  const lead = c.length - a.shape.length;
  const st = strides(a.shape);
  let off = 0;
  for (let k = 0; k < a.shape.length; k++) off += (a.shape[k] === 1 ? 0 : c[k + lead]) * st[k];
  return a.data[off];
}

export function zip(arrays: Arr[], f: (...v: number[]) => number): Arr {
  const shape = arrays.map((a) => a.shape).reduce(broadcastShape);
  const out = new Float64Array(size(shape));
  for (let i = 0; i < out.length; i++) {
    const c = coords(i, shape);
    out[i] = f(...arrays.map((a) => at(a, c)));
  }
  return { shape, data: out };
}

/** Reduction over axes with keepDims=false. */
export function reduce(a: Arr, axes: number[], f: (vals: number[]) => number): Arr {
  const shape = a.shape.filter((_, k) => !axes.includes(k));
  const groups = new Map<number, number[]>();
  const outStrides = strides(shape);
  for (let i = 0; i < a.data.length; i++) {
    const c = coords(i, a.shape).filter((_, k) => !axes.includes(k));
    const o = c.reduce((acc, v, k) => acc + v * outStrides[k], 0);
    const list = groups.get(o) ?? [];
    list.push(a.data[i]);
    groups.set(o, list);
  }
  const out = new Float64Array(size(shape));
  for (let o = 0; o < out.length; o++) out[o] = f(groups.get(o)!);
  return { shape, data: out };
}

export const sumOf = (v: number[]) => v.reduce((x, y) => x + y, 0);
export const lse = (v: number[]) => {
  const m = Math.max(...v);
  return m + Math.log(sumOf(v.map((x) => Math.exp(x - m))));
};

export function permute(a: Arr, perm: number[]): Arr {
  const shape = perm.map((p) => a.shape[p]);
  const st = strides(a.shape);
  const out = new Float64Array(a.data.length);
  for (let i = 0; i < out.length; i++) {
    const c = coords(i, shape);
    out[i] = a.data[c.reduce((acc, v, k) => acc + v * st[perm[k]], 0)];
  }
  return { shape, data: out };
}

export function slice(a: Arr, begin: number[], extent: number[]): Arr {
  const st = strides(a.shape);
  const out = new Float64Array(size(extent));
  for (let i = 0; i < out.length; i++) {
    const c = coords(i, extent);
    out[i] = a.data[c.reduce((acc, v, k) => acc + (v + begin[k]) * st[k], 0)];
  }
  return { shape: [...extent], data: out };
}

export function pad(a: Arr, widths: [number, number][], value: number): Arr {
  const shape = a.shape.map((d, k) => d + widths[k][0] + widths[k][1]);
  const out = new Float64Array(size(shape)).fill(value);
  const st = strides(shape);
  for (let i = 0; i < a.data.length; i++) {
    const c = coords(i, a.shape);
    out[c.reduce((acc, v, k) => acc + (v + widths[k][0]) * st[k], 0)] = a.data[i];
  }
  return { shape, data: out };
}

export function concat(xs: Arr[], axis: number): Arr {
  const shape = [...xs[0].shape];
  shape[axis] = xs.reduce((s, x) => s + x.shape[axis], 0);
  const out = new Float64Array(size(shape));
  const st = strides(shape);
  let offset = 0;
  for (const x of xs) {
    for (let i = 0; i < x.data.length; i++) {
      const c = coords(i, x.shape);
      c[axis] += offset;
      out[c.reduce((acc, v, k) => acc + v * st[k], 0)] = x.data[i];
    }
    offset += x.shape[axis];
  }
  return { shape, data: out };
}

export function gather(a: Arr, idx: number[], axis: number): Arr {
  const shape = [...a.shape.slice(0, axis), idx.length, ...a.shape.slice(axis + 1)];
  const st = strides(a.shape);
  const out = new Float64Array(size(shape));
  for (let i = 0; i < out.length; i++) {
    const c = coords(i, shape);
    c[axis] = idx[c[axis]];
    out[i] = a.data[c.reduce((acc, v, k) => acc + v * st[k], 0)];
  }
  return { shape, data: out };
}

/** Batched op(a) x op(b); batch of one side may be absent (shared). */
export function matmul(a: Arr, b: Arr, transA: boolean, transB: boolean): Arr {
  const [ar, ac] = a.shape.slice(-2);
  const [br, bc] = b.shape.slice(-2);
  const [m, k] = transA ? [ac, ar] : [ar, ac];
  const n = transB ? br : bc;
  const aB = size(a.shape.slice(0, -2));
  const bB = size(b.shape.slice(0, -2));
  const batchShape = aB >= bB ? a.shape.slice(0, -2) : b.shape.slice(0, -2);
  const batch = Math.max(aB, bB);
  const out = new Float64Array(batch * m * n);
  for (let z = 0; z < batch; z++) {
    const ao = aB === 1 ? 0 : z * m * k;
    const bo = bB === 1 ? 0 : z * k * n;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let q = 0; q < k; q++) {
          const av = transA ? a.data[ao + q * m + i] : a.data[ao + i * k + q];
          const bv = transB ? b.data[bo + j * k + q] : b.data[bo + q * n + j];
          s += av * bv;
        }
        out[z * m * n + i * n + j] = s;
      }
    }
  }
  return { shape: [...batchShape, m, n], data: out };
}

/** Softmax or log-softmax along axis. */
export function softmax(a: Arr, axis: number, log: boolean): Arr {
  const out = new Float64Array(a.data.length);
  const st = strides(a.shape);
  const r = a.shape[axis];
  for (let i = 0; i < a.data.length; i++) {
    const c = coords(i, a.shape);
    if (c[axis] !== 0) continue;
    const idx = Array.from({ length: r }, (_, k) => i + k * st[axis]);
    const l = lse(idx.map((j) => a.data[j]));
    for (const j of idx) out[j] = log ? a.data[j] - l : Math.exp(a.data[j] - l);
  }
  return { shape: [...a.shape], data: out };
}

/** Per-row softmax cross-entropy. */
export function crossEntropy(z: Arr, labels: number[]): Arr {
  const [n, c] = z.shape;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = Array.from(z.data.subarray(i * c, i * c + c));
    out[i] = lse(row) - row[labels[i]];
  }
  return { shape: [n], data: out };
}
