/**
 * Float64 host references of the self-check's cases (lib/hosts/self_check_cases.ts), and
 * the deterministic inputs they share.
 *
 * @example
 * const [y, dx, dw] = refConv(x, w, r, [2, 3, 9, 9], [5, 3, 3, 3], 1);
 * @module
 */

// ------------------------------------------------------------------------------ inputs

/** Deterministic inputs in [-1, 1): a small multiply-with-carry style hash. */
export function values(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const out = new Float32Array(n);
  let s = (seed * 2654435761) >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x297a2d39) >>> 0;
    s = (s ^ (s >>> 12)) >>> 0;
    out[i] = lo + (hi - lo) * (s / 2 ** 32);
  }
  return out;
}

export const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

// -------------------------------------------------------------------------- references

/**
 * conv(x, w) with stride 1 and "same" padding, and dL/dx, dL/dw of L = sum(conv(x, w) * r).
 */
export function refConv(
  x: Float32Array,
  w: Float32Array,
  r: Float32Array,
  [n, c, h, wd]: number[],
  [o, , kh, kw]: number[],
  pad: number,
): [Float64Array, Float64Array, Float64Array] {
  const y = new Float64Array(n * o * h * wd);
  const dx = new Float64Array(x.length);
  const dw = new Float64Array(w.length);
  for (let b = 0; b < n; b++) {
    for (let oc = 0; oc < o; oc++) {
      for (let i = 0; i < h; i++) {
        for (let j = 0; j < wd; j++) {
          const at = ((b * o + oc) * h + i) * wd + j;
          for (let ic = 0; ic < c; ic++) {
            for (let ky = 0; ky < kh; ky++) {
              const yy = i + ky - pad;
              if (yy < 0 || yy >= h) continue;
              for (let kx = 0; kx < kw; kx++) {
                const xx = j + kx - pad;
                if (xx < 0 || xx >= wd) continue;
                const xi = ((b * c + ic) * h + yy) * wd + xx;
                const wi = ((oc * c + ic) * kh + ky) * kw + kx;
                y[at] += x[xi] * w[wi];
                dx[xi] += w[wi] * r[at];
                dw[wi] += x[xi] * r[at];
              }
            }
          }
        }
      }
    }
  }
  return [y, dx, dw];
}

export function refMatmul(
  a: Float32Array,
  b: Float32Array,
  batch: number,
  m: number,
  k: number,
  n: number,
): Float64Array {
  const y = new Float64Array(batch * m * n);
  for (let p = 0; p < batch; p++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let q = 0; q < k; q++) acc += a[(p * m + i) * k + q] * b[(p * k + q) * n + j];
        y[(p * m + i) * n + j] = acc;
      }
    }
  }
  return y;
}

/** Softmax of rows of length `len`. */
export function refSoftmax(x: ArrayLike<number>, len: number): Float64Array {
  const y = new Float64Array(x.length);
  for (let r = 0; r < x.length / len; r++) {
    let m = -Infinity;
    for (let i = 0; i < len; i++) m = Math.max(m, x[r * len + i]);
    let s = 0;
    for (let i = 0; i < len; i++) s += y[r * len + i] = Math.exp(x[r * len + i] - m);
    for (let i = 0; i < len; i++) y[r * len + i] /= s;
  }
  return y;
}
