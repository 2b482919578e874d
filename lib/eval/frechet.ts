/**
 * The Frechet distance between two Gaussians fitted to feature sets (as in FID, in any
 * feature space): |mu1 - mu2|^2 + tr(S1) + tr(S2) - 2 tr((S1^1/2 S2 S1^1/2)^1/2), all in
 * float64 on the host, matrix square roots by cyclic Jacobi eigendecomposition.
 *
 * @example
 * const fd = frechetDistance(featsA, featsB, 512); // features [n, 512] row-major
 * @module
 */

/** Mean [d] and covariance [d * d] (unbiased, n - 1) of `n = x.length / d` rows. */
export function meanCov(
  x: ArrayLike<number>,
  d: number,
): { mean: Float64Array; cov: Float64Array } {
  const n = x.length / d;
  if (!Number.isInteger(n) || n < 2) {
    throw new Error(`meanCov: need at least 2 rows of ${d} features, got ${x.length} values`);
  }
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += x[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  const cov = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = x[i * d + j] - mean[j];
    for (let a = 0; a < d; a++) {
      const ra = row[a];
      if (ra === 0) continue;
      for (let b = a; b < d; b++) cov[a * d + b] += ra * row[b];
    }
  }
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      cov[a * d + b] /= n - 1;
      cov[b * d + a] = cov[a * d + b];
    }
  }
  return { mean, cov };
}

/** Eigenvalues and eigenvectors (columns of `vectors`) of a symmetric d x d matrix. */
export function symmetricEigen(
  m: Float64Array,
  d: number,
): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(m);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let total = 0;
    for (let p = 0; p < d; p++) {
      for (let q = 0; q < d; q++) {
        const x = a[p * d + q] ** 2;
        total += x;
        if (p !== q) off += x;
      }
    }
    if (off <= 1e-30 * Math.max(total, 1e-300)) break;
    for (let p = 0; p < d - 1; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * d + q] - a[p * d + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p], akq = a[k * d + q];
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k], aqk = a[q * d + k];
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p], vkq = v[k * d + q];
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: d }, (_, i) => a[i * d + i]), vectors: v };
}

/** The square root of a symmetric positive semi-definite matrix (negative eigenvalues clipped to 0). */
export function sqrtPsd(m: Float64Array, d: number): Float64Array {
  const { values, vectors } = symmetricEigen(m, d);
  const out = new Float64Array(d * d);
  for (let k = 0; k < d; k++) {
    const s = Math.sqrt(Math.max(values[k], 0));
    if (s === 0) continue;
    for (let i = 0; i < d; i++) {
      const vi = vectors[i * d + k] * s;
      for (let j = 0; j < d; j++) out[i * d + j] += vi * vectors[j * d + k];
    }
  }
  return out;
}

function matmul(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let k = 0; k < d; k++) {
      const aik = a[i * d + k];
      if (aik === 0) continue;
      for (let j = 0; j < d; j++) out[i * d + j] += aik * b[k * d + j];
    }
  }
  return out;
}

/**
 * Frechet distance between the Gaussian fits of two feature sets [n1, d] and [n2, d].
 *
 * @example
 * const a = Float64Array.from({ length: 300 }, () => Math.random());
 * const b = Float64Array.from({ length: 300 }, () => Math.random() + 1);
 * frechetDistance(a, b, 3); // ~3 (the means differ by 1 in each of 3 dimensions)
 */
export function frechetDistance(a: ArrayLike<number>, b: ArrayLike<number>, d: number): number {
  const A = meanCov(a, d), B = meanCov(b, d);
  let dist = 0;
  for (let j = 0; j < d; j++) dist += (A.mean[j] - B.mean[j]) ** 2;
  let tr = 0;
  for (let j = 0; j < d; j++) tr += A.cov[j * d + j] + B.cov[j * d + j];
  const s1 = sqrtPsd(A.cov, d);
  const m = matmul(matmul(s1, B.cov, d), s1, d);
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) m[i * d + j] = m[j * d + i] = (m[i * d + j] + m[j * d + i]) / 2;
  }
  const { values } = symmetricEigen(m, d);
  let trSqrt = 0;
  for (const v of values) trSqrt += Math.sqrt(Math.max(v, 0));
  return dist + tr - 2 * trSqrt;
}
