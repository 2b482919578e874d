// IGDS guidance objective (eq. 17): value against float64 and gradient by finite differences.
import { igdsObjective } from "../lib/igds/objective.ts";
import { fromArray } from "../lib/ops/creation.ts";
import { reshape } from "../lib/ops/shape.ts";
import { checkGrad, gpuReady, prng, randArr } from "./helpers.ts";
import type { Arr } from "./ref.ts";

await gpuReady;

function softmaxRow(v: number[]): number[] {
  const m = Math.max(...v);
  const e = v.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

function reference(
  f: Arr,
  z: Arr,
  y: number[],
  beta: number,
  tau: number,
  ipc: number,
  entropy: string,
  rest: number[] = [],
  logQ: number[][] | null = null,
): number {
  const [n, d] = f.shape;
  const c = z.shape[1];
  const rows = (a: Arr, w: number) =>
    Array.from({ length: n }, (_, i) => Array.from(a.data.slice(i * w, (i + 1) * w)));
  const Z = rows(z, c);
  const P = Z.map(softmaxRow);
  let L = 0;
  for (let i = 0; i < n; i++) L += Math.log(P[i][y[i]]);
  if (entropy === "marginal") {
    const pbar = new Array(c).fill(0).map((_, k) => P.reduce((s, p) => s + p[k], 0) / n);
    L += -n * pbar.reduce((s, p) => s + p * Math.log(p + 1e-12), 0);
  } else if (entropy === "per-sample") {
    for (const p of P) L += -p.reduce((s, q) => s + q * Math.log(q), 0);
  } else if (entropy === "set") {
    const total = n + rest.reduce((a, b) => a + b, 0);
    const pset = new Array(c).fill(0).map((_, k) =>
      (P.reduce((s, p) => s + p[k], 0) + rest[k]) / total
    );
    L += -total * pset.reduce((s, p) => s + p * Math.log(p + 1e-12), 0);
  }
  const F = rows(f, d).map((r) => {
    const norm = Math.sqrt(r.reduce((s, v) => s + v * v, 0) + 1e-12);
    return softmaxRow(r.map((v) => v / norm / tau));
  });
  if (logQ) {
    for (let i = 0; i < n; i++) {
      L += beta * F[i].reduce((s, p, k) => s + p * (Math.log(p) - logQ[y[i]][k]), 0);
    }
    return L;
  }
  for (let g = 0; g < n / ipc; g++) {
    const Q = new Array(d).fill(0).map((_, k) =>
      F.slice(g * ipc, (g + 1) * ipc).reduce((s, p) => s + p[k], 0) / ipc
    );
    for (let i = g * ipc; i < (g + 1) * ipc; i++) {
      L += beta * F[i].reduce((s, p, k) => s + p * (Math.log(p) - Math.log(Q[k])), 0);
    }
  }
  return L;
}

for (const entropy of ["marginal", "per-sample", "none"] as const) {
  Deno.test(`igdsObjective (${entropy} entropy): value and gradient w.r.t. features and logits`, async () => {
    const rand = prng(11);
    const [n, d, c, ipc, beta, tau] = [6, 5, 4, 3, 0.7, 0.5];
    const y = [0, 0, 0, 3, 3, 3];
    const labels = fromArray(y, [n], "i32");
    const f = randArr(rand, [n, d]);
    const z = randArr(rand, [n, c], -2, 2);
    await checkGrad(
      `igds ${entropy}`,
      [f, z],
      ([ft, zt]) =>
        reshape(
          igdsObjective((x) => ({ features: x, logits: zt }), labels, { beta, tau, ipc, entropy })(
            ft,
          ),
          [1],
        ),
      ([fa, za]) => ({
        shape: [1],
        data: Float64Array.of(reference(fa, za, y, beta, tau, ipc, entropy)),
      }),
      { rtol: 2e-3 },
    );
    labels.dispose();
  });
}

Deno.test("igdsObjective (set entropy, prototype diversity): value and gradient", async () => {
  const rand = prng(12);
  const [n, d, c, beta, tau] = [4, 5, 4, 0.7, 0.5];
  const y = [1, 1, 2, 2];
  const rest = [3, 1, 1, 2]; // the other batches' images per class
  const labels = fromArray(y, [n], "i32");
  // a prototype per class: log of a softmax row
  const logQ = Array.from(
    { length: c },
    () => softmaxRow(Array.from({ length: d }, () => 2 * rand() - 1)).map(Math.log),
  );
  const logQt = fromArray(logQ.flat(), [c, d]);
  const f = randArr(rand, [n, d]);
  const z = randArr(rand, [n, c], -2, 2);
  await checkGrad(
    "igds set/prototype",
    [f, z],
    ([ft, zt]) =>
      reshape(
        igdsObjective((x) => ({ features: x, logits: zt }), labels, {
          beta,
          tau,
          ipc: 1, // the prototype term is alive at IPC 1
          entropy: "set",
          restCounts: rest,
          diversity: "prototype",
          logQ: logQt,
        })(ft),
        [1],
      ),
    ([fa, za]) => ({
      shape: [1],
      data: Float64Array.of(reference(fa, za, y, beta, tau, 1, "set", rest, logQ)),
    }),
    { rtol: 2e-3 },
  );
  labels.dispose();
  logQt.dispose();
});
