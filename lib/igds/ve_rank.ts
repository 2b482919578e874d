/**
 * Host-side (float64) helpers of the variational estimator: the rank of a matrix by Gaussian
 * elimination with partial pivoting (the full-rank check of Proposition 1) and the Shannon
 * entropy of a distribution.
 *
 * @example
 * matrixRank([1, 2, 2, 4], 2, 2);   // 1
 * entropy([0.5, 0.5]);              // ln 2
 * @module
 */

/**
 * The rank of the row-major `rows` x `cols` matrix `a`, by Gaussian elimination in float64
 * with partial (row) pivoting. A pivot counts when its magnitude is above
 * `rtol * max |a_ij|`; the default `rtol = max(rows, cols) * 2^-23` (f32 machine epsilon times
 * the larger dimension, as NumPy's `matrix_rank` for f32 data) suits weights read back from the
 * GPU.
 *
 * @example
 * matrixRank([1, 0, 0, 1], 2, 2);               // 2
 * matrixRank([1, 2, 3, 2, 4, 6], 2, 3);         // 1 (the second row is twice the first)
 */
export function matrixRank(
  a: ArrayLike<number>,
  rows: number,
  cols: number,
  rtol: number = Math.max(rows, cols) * 2 ** -23,
): number {
  if (a.length !== rows * cols) {
    throw new Error(`matrixRank: ${a.length} values do not make a ${rows} x ${cols} matrix`);
  }
  const m = Float64Array.from(a);
  let maxAbs = 0;
  for (const v of m) {
    if (!Number.isFinite(v)) throw new Error(`matrixRank: the matrix holds ${v}`);
    maxAbs = Math.max(maxAbs, Math.abs(v));
  }
  if (maxAbs === 0) return 0;
  const tol = rtol * maxAbs;
  let rank = 0;
  for (let col = 0; col < cols && rank < rows; col++) {
    let pivot = rank;
    let best = Math.abs(m[rank * cols + col]);
    for (let r = rank + 1; r < rows; r++) {
      const v = Math.abs(m[r * cols + col]);
      if (v > best) [pivot, best] = [r, v];
    }
    if (best <= tol) continue;
    if (pivot !== rank) {
      for (let j = col; j < cols; j++) {
        const t = m[rank * cols + j];
        m[rank * cols + j] = m[pivot * cols + j];
        m[pivot * cols + j] = t;
      }
    }
    const p = m[rank * cols + col];
    for (let r = rank + 1; r < rows; r++) {
      const f = m[r * cols + col] / p;
      if (f === 0) continue;
      for (let j = col; j < cols; j++) m[r * cols + j] -= f * m[rank * cols + j];
    }
    rank++;
  }
  return rank;
}

/**
 * Shannon entropy in nats, -sum p log p, of a distribution given by non-negative weights
 * (normalised here; zero weights contribute nothing).
 *
 * @example
 * entropy([1, 1, 1, 1]);   // ln 4 = 1.386...
 * entropy([300, 0]);       // 0
 */
export function entropy(weights: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    if (!(weights[i] >= 0)) throw new Error(`entropy: weight ${i} is ${weights[i]}`);
    total += weights[i];
  }
  if (!(total > 0)) throw new Error("entropy: the weights sum to zero");
  let h = 0;
  for (let i = 0; i < weights.length; i++) {
    const p = weights[i] / total;
    if (p > 0) h -= p * Math.log(p);
  }
  return h;
}
