/**
 * The known-answer self-check every computing task runs before any work: one small case per
 * kernel family (elementwise on both the storage and the texture paths, matmul small,
 * texture and batched, direct, narrow and Winograd convolutions with their gradients,
 * norms, softmax and cross-entropy, reductions, pooling, attention, the RNG, the optimisers,
 * gather and augmentation), each compared with a float64 host reference. A wrong answer
 * means the adapter (or a changed kernel) computes garbage, and the task must refuse to
 * start: {@link assertSelfCheck} throws a {@link SelfCheckError} that names the adapter,
 * the case and what to do.
 *
 * Found this way: wgpu's GL backend once read every one-layer texture as zeros, and a whole
 * run finished with 10% accuracies.
 *
 * @example
 * const g = await initGpu();
 * await assertSelfCheck(g.adapterName); // throws SelfCheckError on a wrong answer
 * @module
 */
import { dispose, tidy } from "../autodiff/scope.ts";
import { gpu } from "../gpu/gpu.ts";
import { type Check, SELF_CHECK_CASES } from "./self_check_cases.ts";

export { SELF_CHECK_CASES } from "./self_check_cases.ts";

/** The result of one case. */
export interface SelfCheckResult {
  name: string;
  ok: boolean;
  /** Largest |got - want| / (max |want| + 1e-6) over the case's outputs. */
  error: number;
  /** The output that failed and its worst element, when not ok. */
  detail?: string;
}

/**
 * The relative tolerance of every case (f32 against float64, errors scaled by the largest
 * reference value): loose enough for reductions and convolutions, far below what a broken
 * kernel gives (garbage, zeros or NaN: errors of order 1).
 */
export const SELF_CHECK_TOLERANCE = 2e-3;

/** The worst scaled error of one check. */
function compare(got: ArrayLike<number>, want: ArrayLike<number>): [number, number] {
  let scale = 1e-6;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]));
  let worst = 0, at = 0;
  if (got.length !== want.length) return [Infinity, -1];
  for (let i = 0; i < want.length; i++) {
    const e = Math.abs(got[i] - want[i]) / scale;
    // NaN counts as the worst possible error
    if (!(e <= worst)) [worst, at] = [Number.isNaN(e) ? Infinity : e, i];
  }
  return [worst, at];
}

/**
 * Runs every case (or those whose name contains `filter`) and returns their results; never
 * throws for a wrong answer (a WebGPU error, e.g. a kernel that fails to compile, counts as
 * a failed case).
 *
 * @example
 * const results = await runSelfCheck();
 * results.filter((r) => !r.ok); // []
 */
export async function runSelfCheck(filter?: string): Promise<SelfCheckResult[]> {
  const results: SelfCheckResult[] = [];
  for (const c of SELF_CHECK_CASES) {
    if (filter && !c.name.includes(filter)) continue;
    let checks: Check[] = [];
    try {
      checks = tidy(() => c.run()) as Check[];
      let error = 0, detail: string | undefined;
      for (const ch of checks) {
        const got = await ch.got.data();
        const [e, at] = compare(got, ch.want);
        if (e > error) {
          error = e;
          detail = at < 0
            ? `${ch.what}: ${ch.got.size} values, expected ${ch.want.length}`
            : `${ch.what}: element ${at} is ${got[at]}, expected ${ch.want[at]}`;
        }
      }
      await gpu().throwErrors();
      const ok = error <= SELF_CHECK_TOLERANCE;
      results.push(ok ? { name: c.name, ok, error } : { name: c.name, ok, error, detail });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      results.push({ name: c.name, ok: false, error: Infinity, detail: message.split("\n")[0] });
    } finally {
      dispose(checks.map((ch) => ch.got));
    }
  }
  return results;
}

/** The error a task throws when the adapter fails the self-check. */
export class SelfCheckError extends Error {
  constructor(readonly adapter: string, readonly failed: SelfCheckResult[]) {
    super(
      [
        `the WebGPU adapter computes wrong answers; refusing to start.`,
        `  adapter: ${adapter}`,
        ...failed.map((r) =>
          `  failed: ${r.name} (error ${
            Number.isFinite(r.error) ? r.error.toExponential(1) : r.error
          }, tolerance ${SELF_CHECK_TOLERANCE})${r.detail ? `: ${r.detail}` : ""}`
        ),
        `  what to do: run on another adapter or backend. On Linux without a GPU, install`,
        `  Mesa's software Vulkan driver (apt-get install mesa-vulkan-drivers) or pick the`,
        `  backend before Deno starts: DENO_WEBGPU_BACKEND=vulkan (or gl). If you changed a`,
        `  kernel in kernels/, the case above names the family it broke.`,
      ].join("\n"),
    );
    this.name = "SelfCheckError";
  }
}

/**
 * Runs the self-check and throws a {@link SelfCheckError} naming `adapter` and every failed
 * case when any answer is wrong. Returns the results otherwise.
 *
 * @example
 * await assertSelfCheck(gpu().adapterName);
 */
export async function assertSelfCheck(adapter: string): Promise<SelfCheckResult[]> {
  const results = await runSelfCheck();
  const failed = results.filter((r) => !r.ok);
  if (failed.length) throw new SelfCheckError(adapter, failed);
  return results;
}
