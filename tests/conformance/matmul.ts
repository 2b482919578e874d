// Batched matmul with transposes and batch broadcasting, both kernels (the simple one for
// small or unaligned problems, the register-blocked one for large aligned ones), against
// float64, and its gradient by finite differences.
import { dispose } from "../lib/autodiff/scope.ts";
import { matmul } from "../lib/ops/matmul.ts";
import { assertClose, checkGrad, gpuReady, prng, randArr, toTensor } from "./helpers.ts";
import * as R from "./ref.ts";

await gpuReady;
const rand = prng(5);

function shapes(
  batchA: number[],
  batchB: number[],
  m: number,
  k: number,
  n: number,
  tA: boolean,
  tB: boolean,
) {
  return [[...batchA, ...(tA ? [k, m] : [m, k])], [...batchB, ...(tB ? [n, k] : [k, n])]];
}

Deno.test("matmul: odd sizes, all transposes, batch broadcasting (simple kernel)", async () => {
  const cases: [number[], number[], number, number, number][] = [
    [[], [], 1, 1, 1],
    [[], [], 3, 7, 5],
    [[2], [2], 17, 9, 13],
    [[3], [], 6, 11, 4],
    [[], [4], 5, 3, 33],
    [[2, 3], [2, 3], 7, 5, 6],
  ];
  for (const [ba, bb, m, k, n] of cases) {
    for (const tA of [false, true]) {
      for (const tB of [false, true]) {
        const [sa, sb] = shapes(ba, bb, m, k, n, tA, tB);
        const a = randArr(rand, sa);
        const b = randArr(rand, sb);
        const [ta, tb] = [toTensor(a), toTensor(b)];
        const y = matmul(ta, tb, { transA: tA, transB: tB });
        assertClose(
          await y.data(),
          R.matmul(a, b, tA, tB),
          `matmul [${sa}]${tA ? "^T" : ""} x [${sb}]${tB ? "^T" : ""}`,
          1e-4,
          1e-5,
        );
        dispose([ta, tb, y]);
      }
    }
  }
});

Deno.test("matmul: large aligned problems use the register-blocked kernel, with edge tiles", async () => {
  for (
    const [ba, bb, m, k, n, tA, tB] of [
      [[], [], 64, 64, 64, false, false],
      [[2], [], 100, 36, 72, false, false],
    ] as const
  ) {
    const [sa, sb] = shapes([...ba], [...bb], m, k, n, tA, tB);
    const a = randArr(rand, sa);
    const b = randArr(rand, sb);
    const y = matmul(toTensor(a), toTensor(b), { transA: tA, transB: tB });
    assertClose(await y.data(), R.matmul(a, b, tA, tB), `matmul [${sa}] x [${sb}]`, 1e-3, 1e-4);
  }
});

Deno.test("matmul: gradients for both operands, with transposes and a shared operand", async () => {
  for (const [tA, tB] of [[false, false], [true, false], [false, true], [true, true]]) {
    const [sa, sb] = shapes([2], [], 3, 4, 5, tA, tB);
    await checkGrad(
      `matmul ${tA} ${tB}`,
      [randArr(rand, sa), randArr(rand, sb)],
      ([a, b]) => matmul(a, b, { transA: tA, transB: tB }),
      ([a, b]) => R.matmul(a, b, tA, tB),
    );
  }
});
