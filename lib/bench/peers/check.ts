/**
 * The numerics check `deno task bench-peers` runs on each peer before timing it: a small
 * matmul (33 x 47 by 47 x 29) and a small conv2d forward pass (odd sizes: input 2 x 3 x 11 x 7,
 * 5 filters 3 x 3, padding 1), each compared with a float64 reference computed here on the
 * CPU. The error is the largest absolute difference over the largest reference magnitude
 * (normwise, so that entries near zero do not make it flaky); a check passes when it is at
 * most {@link CHECK_TOLERANCE}. A peer that fails any check (or throws, or returns the wrong
 * number of values, or a NaN) is reported and not timed.
 *
 * @example
 * const report = await checkPeer(peer);
 * if (!report.ok) console.log(describeFailure(report));
 * @module
 */
import { type ConvDims, hostNormal, type Peer } from "./peer.ts";

/** The largest error a check accepts: 1e-3 relative to the largest reference value. */
export const CHECK_TOLERANCE = 1e-3;

/** One check's outcome. */
export interface CheckResult {
  /** e.g. "matmul 33x47 @ 47x29". */
  check: string;
  /** max |got - ref| / max |ref| (Infinity for a NaN, a wrong length or an error). */
  worst: number;
  ok: boolean;
  /** Why the check could not compare (the peer threw, or returned the wrong length). */
  error?: string;
}

/** All checks of one peer. */
export interface NumericsReport {
  ok: boolean;
  checks: CheckResult[];
}

/** What the check needs of a peer: its matmul and conv2d forward. */
export type CheckablePeer = Pick<Peer, "matmul" | "conv2d">;

/**
 * a [m, k] times b [k, n] (row-major) in float64.
 *
 * @example
 * matmulRef(new Float32Array([1, 2]), new Float32Array([3, 4]), 1, 2, 1); // [11]
 */
export function matmulRef(
  a: Float32Array,
  b: Float32Array,
  m: number,
  k: number,
  n: number,
): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const av = a[i * k + p];
      for (let j = 0; j < n; j++) out[i * n + j] += av * b[p * n + j];
    }
  }
  return out;
}

/**
 * conv2d forward, stride 1, zero padding `d.pad`, no bias, in float64: x [n, c, h, w],
 * w [o, c, k, k], out [n, o, h + 2 pad - k + 1, w + 2 pad - k + 1].
 *
 * @example
 * const y = conv2dRef(x, w, { n: 2, c: 3, h: 11, w: 7, o: 5, k: 3, pad: 1 });
 */
export function conv2dRef(x: Float32Array, w: Float32Array, d: ConvDims): Float64Array {
  const oh = d.h + 2 * d.pad - d.k + 1, ow = d.w + 2 * d.pad - d.k + 1;
  const out = new Float64Array(d.n * d.o * oh * ow);
  for (let b = 0; b < d.n; b++) {
    for (let o = 0; o < d.o; o++) {
      for (let y = 0; y < oh; y++) {
        for (let xo = 0; xo < ow; xo++) {
          let s = 0;
          for (let c = 0; c < d.c; c++) {
            for (let ky = 0; ky < d.k; ky++) {
              const iy = y + ky - d.pad;
              if (iy < 0 || iy >= d.h) continue;
              for (let kx = 0; kx < d.k; kx++) {
                const ix = xo + kx - d.pad;
                if (ix < 0 || ix >= d.w) continue;
                s += x[((b * d.c + c) * d.h + iy) * d.w + ix] *
                  w[((o * d.c + c) * d.k + ky) * d.k + kx];
              }
            }
          }
          out[((b * d.o + o) * oh + y) * ow + xo] = s;
        }
      }
    }
  }
  return out;
}

/**
 * max |got - ref| / max |ref|; Infinity when a value is NaN or the lengths differ.
 *
 * @example
 * relError(new Float32Array([1, 2.001]), new Float64Array([1, 2])); // 0.0005
 */
export function relError(got: ArrayLike<number>, ref: ArrayLike<number>): number {
  if (got.length !== ref.length) return Infinity;
  let diff = 0, scale = 0;
  for (let i = 0; i < ref.length; i++) {
    const e = Math.abs(got[i] - ref[i]);
    if (Number.isNaN(e)) return Infinity;
    diff = Math.max(diff, e);
    scale = Math.max(scale, Math.abs(ref[i]));
  }
  return diff / Math.max(scale, 1e-30);
}

async function compare(
  check: string,
  compute: () => Promise<Float32Array>,
  ref: Float64Array,
): Promise<CheckResult> {
  try {
    const got = await compute();
    const worst = relError(got, ref);
    const error = got.length === ref.length
      ? undefined
      : `returned ${got.length} values, expected ${ref.length}`;
    return { check, worst, ok: worst <= CHECK_TOLERANCE, ...(error ? { error } : {}) };
  } catch (e) {
    return { check, worst: Infinity, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * Runs the checks on `peer` (see the module comment).
 *
 * @example
 * const { ok, checks } = await checkPeer(peer);
 */
export async function checkPeer(peer: CheckablePeer): Promise<NumericsReport> {
  const [m, k, n] = [33, 47, 29];
  const a = hostNormal(m * k, 11), b = hostNormal(k * n, 12);
  const d: ConvDims = { n: 2, c: 3, h: 11, w: 7, o: 5, k: 3, pad: 1 };
  const x = hostNormal(d.n * d.c * d.h * d.w, 13), w = hostNormal(d.o * d.c * d.k * d.k, 14);
  const checks = [
    await compare(
      `matmul ${m}x${k} @ ${k}x${n}`,
      () => peer.matmul(a, b, m, k, n),
      matmulRef(a, b, m, k, n),
    ),
    await compare(
      `conv2d fwd ${d.n}x${d.c}x${d.h}x${d.w} * ${d.o}x${d.c}x${d.k}x${d.k} pad ${d.pad}`,
      () => peer.conv2d(x, w, d),
      conv2dRef(x, w, d),
    ),
  ];
  return { ok: checks.every((c) => c.ok), checks };
}

/**
 * One line per failed check: its name, the worst error against the tolerance, and why.
 *
 * @example
 * describeFailure(report); // "matmul 33x47 @ 47x29: worst error 0.5 > 1e-3"
 */
export function describeFailure(report: NumericsReport): string {
  return report.checks.filter((c) => !c.ok).map((c) =>
    `${c.check}: worst error ${c.worst.toPrecision(3)} > ${CHECK_TOLERANCE}` +
    (c.error ? ` (${c.error})` : "")
  ).join("; ");
}
