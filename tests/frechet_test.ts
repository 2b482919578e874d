// Frechet distance: closed forms for diagonal and commuting covariances, zero for one set.
import assert from "node:assert/strict";
import { frechetDistance, meanCov, sqrtPsd, symmetricEigen } from "../lib/eval/frechet.ts";
import { prng } from "./helpers.ts";

function gaussian(rand: () => number, n: number, mean: number[], std: number[]): Float64Array {
  const d = mean.length;
  const out = new Float64Array(n * d);
  for (let i = 0; i < n * d; i++) {
    const u = Math.max(rand(), 1e-12), v = rand();
    out[i] = mean[i % d] + std[i % d] * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  return out;
}

Deno.test("symmetricEigen and sqrtPsd reconstruct a random SPD matrix", () => {
  const rand = prng(3);
  const d = 7;
  const b = Float64Array.from({ length: d * d }, () => rand() - 0.5);
  const m = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      for (let k = 0; k < d; k++) m[i * d + j] += b[i * d + k] * b[j * d + k];
    }
  }
  const { values, vectors } = symmetricEigen(m, d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += vectors[i * d + k] * values[k] * vectors[j * d + k];
      assert.ok(Math.abs(s - m[i * d + j]) < 1e-10);
    }
  }
  const r = sqrtPsd(m, d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += r[i * d + k] * r[k * d + j];
      assert.ok(Math.abs(s - m[i * d + j]) < 1e-9);
    }
  }
});

Deno.test("frechetDistance: 0 for identical sets, closed form for independent Gaussians", () => {
  const rand = prng(5);
  const a = gaussian(rand, 20000, [0, 1, -1], [1, 2, 0.5]);
  assert.ok(Math.abs(frechetDistance(a, a, 3)) < 1e-8);
  const b = gaussian(rand, 20000, [1, 1, 0], [2, 2, 0.5]);
  // |dmu|^2 = 2; sum (s1 - s2)^2 = 1 for diagonal covariances
  const fd = frechetDistance(a, b, 3);
  assert.ok(Math.abs(fd - 3) < 0.15, `fd ${fd}`);
  const { mean } = meanCov(a, 3);
  assert.ok(Math.abs(mean[1] - 1) < 0.05);
  assert.throws(() => meanCov([1, 2, 3], 3), /at least 2 rows/);
});
