// Batched matmul with transposes and batch broadcasting, both paths (the simple kernel for
// small problems, the texture kernel for large ones), against float64, and its gradient by
// finite differences.
import { dispose } from "../../lib/autodiff/scope.ts";
import { gpu } from "../../lib/gpu/gpu.ts";
import { matmul } from "../../lib/ops/matmul.ts";
import { assertClose, checkGrad, prng, randArr, toTensor } from "./check.ts";
import * as R from "../ref.ts";
import { test } from "./suite.ts";

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
  return [[...batchA, ...(tA ? [k, m] : [m, k])], [
    ...batchB,
    ...(tB ? [n, k] : [k, n]),
  ]];
}

type Case = [number[], number[], number, number, number];

/** Each case [batchA, batchB, m, k, n] under all four transposes, against float64. */
async function checkCases(cases: Case[], rtol: number, atol: number) {
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
          rtol,
          atol,
        );
        dispose([ta, tb, y]);
      }
    }
  }
}

test("matmul: odd sizes, all transposes, batch broadcasting (simple kernel)", async () => {
  const cases: Case[] = [
    [[], [], 1, 1, 1],
    [[], [], 3, 7, 5],
    [[2], [2], 17, 9, 13],
    [[3], [], 6, 11, 4],
    [[], [4], 5, 3, 33],
    [[2, 3], [2, 3], 7, 5, 6],
  ];
  await checkCases(cases, 1e-4, 1e-5);
});

test("matmul: large problems go through textures: odd sizes, all transposes, shared operands", async () => {
  const cases: Case[] = [
    [[], [], 32, 8, 16],
    [[], [], 33, 9, 17],
    [[2], [2], 45, 37, 19],
    [[3], [], 64, 64, 64],
    [[], [2], 40, 13, 50],
    [[], [], 70, 130, 33],
    // copied (not packed) when untransposed with rows of a multiple of 64 floats
    [[2], [2], 45, 64, 64],
    [[], [], 70, 128, 128],
  ];
  await checkCases(cases, 1e-3, 1e-4);
  const { liveTextures } = gpu().textures.stats();
  if (liveTextures !== 0) {
    throw new Error(`matmul left ${liveTextures} textures live`);
  }
});

test("matmul: gradients for both operands, with transposes and a shared operand", async () => {
  for (
    const [tA, tB] of [[false, false], [true, false], [false, true], [
      true,
      true,
    ]]
  ) {
    const [sa, sb] = shapes([2], [], 3, 4, 5, tA, tB);
    await checkGrad(
      `matmul ${tA} ${tB}`,
      [randArr(rand, sa), randArr(rand, sb)],
      ([a, b]) => matmul(a, b, { transA: tA, transB: tB }),
      ([a, b]) => R.matmul(a, b, tA, tB),
    );
  }
});
