// Runtime, RNG, autodiff bookkeeping, optimisers and error reporting.
import { assert } from "./assert.ts";
import { grad, valueAndGrad } from "../../lib/autodiff/grad.ts";
import { dispose, keep, tidy } from "../../lib/autodiff/scope.ts";
import { noGrad } from "../../lib/autodiff/tape.ts";
import { viewKeepsDimension } from "../../lib/gpu/adapter.ts";
import { gpu } from "../../lib/gpu/gpu.ts";
import { registerKernel } from "../../lib/gpu/kernel_source.ts";
import { BufferPool } from "../../lib/gpu/pool.ts";
import { TexturePool } from "../../lib/gpu/texture_pool.ts";
import { add, mul, sub } from "../../lib/ops/binary.ts";
import { hasNonFinite } from "../../lib/ops/checks.ts";
import { arange, cast, fromArray, full, ones, zeros } from "../../lib/ops/creation.ts";
import { Rng } from "../../lib/ops/random.ts";
import { mean, sum } from "../../lib/ops/reduce.ts";
import { exp, log, square } from "../../lib/ops/unary.ts";
import { Adam } from "../../lib/optim/adam.ts";
import { Sgd } from "../../lib/optim/sgd.ts";
import { Tensor } from "../../lib/tensor.ts";
import { assertClose, prng, randArr, toTensor } from "./check.ts";
import { test } from "./suite.ts";

const rand = prng(3);

test("creation: zeros, ones, full, arange, fromArray, cast", async () => {
  assert.deepEqual(Array.from(await zeros([2, 3]).data()), [0, 0, 0, 0, 0, 0]);
  assert.deepEqual(Array.from(await ones([3], "i32").data()), [1, 1, 1]);
  assert.deepEqual(Array.from(await full([2], -2.5).data()), [-2.5, -2.5]);
  assert.deepEqual(Array.from(await arange(5).data()), [0, 1, 2, 3, 4]);
  assert.deepEqual(Array.from(await arange(4, "i32", 10, -3).data()), [
    10,
    7,
    4,
    1,
  ]);
  assert.deepEqual(Array.from(await arange(3, "f32", 0.5, 0.25).data()), [
    0.5,
    0.75,
    1,
  ]);
  const t = fromArray([1.5, -2.7, 3], [3]);
  assert.deepEqual(Array.from(await cast(t, "i32").data()), [1, -2, 3]);
  assert.deepEqual(
    Array.from(await cast(fromArray([-1, 7], [2], "i32"), "f32").data()),
    [-1, 7],
  );
  assert.equal(await full([], 4).item(), 4);
  assert.throws(
    () => fromArray([1, 2, 3], [2, 2]),
    /3 values do not fill shape \[2, 2\]/,
  );
});

test("rng: same seed same bits, different seeds differ, streams resume from state", async () => {
  const draw = async (seed: number) => {
    const r = new Rng(seed);
    const u = r.uniform([1001]);
    const n = r.normal([999]);
    const p = r.permutation(777);
    const out = [await u.data(), await n.data(), await p.data()];
    dispose([u, n, p]);
    return out.map((a) => new Uint8Array(a.buffer));
  };
  const [a, b, c] = [await draw(5), await draw(5), await draw(6)];
  for (let i = 0; i < 3; i++) assert.deepEqual(a[i], b[i]);
  assert.notDeepEqual(a[0], c[0]);
  // resuming from a saved state gives the continuation of the stream
  const r1 = new Rng(9);
  r1.uniform([10]).dispose();
  const saved = r1.state();
  const next = await r1.uniform([8]).data();
  assert.deepEqual(await new Rng(saved).uniform([8]).data(), next);
});

test("rng: uniform and normal moments, permutation is a permutation", async () => {
  const r = new Rng(123);
  const u = Array.from(await r.uniform([20000]).data());
  assert.ok(u.every((v) => v >= 0 && v < 1));
  const um = u.reduce((s, v) => s + v, 0) / u.length;
  assert.ok(Math.abs(um - 0.5) < 0.01, `uniform mean ${um}`);
  const n = Array.from(await r.normal([20000]).data());
  const nm = n.reduce((s, v) => s + v, 0) / n.length;
  const nv = n.reduce((s, v) => s + (v - nm) ** 2, 0) / n.length;
  assert.ok(
    Math.abs(nm) < 0.03 && Math.abs(nv - 1) < 0.03,
    `normal mean ${nm} var ${nv}`,
  );
  for (const size of [1, 2, 5, 64, 1000]) {
    const p = Array.from(await r.permutation(size).data()).sort((x, y) => x - y);
    assert.deepEqual(p, Array.from({ length: size }, (_, i) => i));
  }
});

test("autodiff: chain, fan-out, reuse, untouched inputs get zeros, noGrad blocks", async () => {
  const a = randArr(rand, [4]);
  const x = toTensor(a);
  const y = toTensor(randArr(rand, [4]));
  // f = sum(x*x + exp(x) * x) ; df/dx = 2x + exp(x)(1 + x)
  const g = grad((p: { x: Tensor; y: Tensor }) => sum(add(mul(p.x, p.x), mul(exp(p.x), p.x))))({
    x,
    y,
  });
  assertClose(
    await g.x.data(),
    a.data.map((v) => 2 * v + Math.exp(v) * (1 + v)),
    "grad x",
  );
  assert.deepEqual(Array.from(await g.y.data()), [0, 0, 0, 0]);
  const h = grad((t: Tensor) => sum(mul(t, noGrad(() => square(t)))))(x);
  assertClose(await h.data(), a.data.map((v) => v * v), "noGrad");
  assert.throws(
    () => grad((t: Tensor) => mul(t, t))(x),
    /one-element f32 tensor, got \[4\] f32/,
  );
  dispose([x, y, g, h]);
});

test("scopes: tidy frees intermediates, keeps results and kept tensors", () => {
  const pool = gpu().pool;
  const x = ones([16]);
  const before = pool.stats().liveBuffers;
  let kept: Tensor | null = null;
  const out = tidy(() => {
    const a = exp(x);
    kept = keep(log(a));
    return add(a, 1);
  });
  assert.equal(pool.stats().liveBuffers, before + 2);
  dispose([out, kept, x]);
  assert.throws(() =>
    tidy(() => {
      exp(x);
      throw new Error("boom");
    }), /disposed|boom/);
});

/** A tiny model with Adam: `stepOnce` records one training step; `done` frees it all. */
function tinyTraining(seed: number) {
  const rng = new Rng(seed);
  const p = { w: keep(rng.normal([8, 3])), b: keep(zeros([3])) };
  const x = keep(rng.normal([16, 8]));
  const opt = new Adam(p, { lr: 0.01 });
  const stepOnce = () => {
    const { value, grads } = valueAndGrad((q: typeof p) =>
      mean(square(sub(mul(x, sum(q.w)), sum(q.b))))
    )(p);
    opt.step(p, grads);
    dispose([value, grads]);
  };
  const done = () => {
    dispose([p, x]);
    opt.dispose();
  };
  return { p, stepOnce, done };
}

test("no leak: a training step returns live buffers to the same count", async () => {
  const { stepOnce, done } = tinyTraining(1);
  stepOnce();
  await gpu().sync();
  const live = gpu().pool.stats().liveBuffers;
  for (let i = 0; i < 50; i++) stepOnce();
  await gpu().sync();
  assert.equal(gpu().pool.stats().liveBuffers, live);
  done();
});

test("pool: a free list hands out its oldest buffer first", () => {
  const pool = new BufferPool(gpu().device, 1 << 20);
  const [a, b, c] = [pool.acquire(1000), pool.acquire(1000), pool.acquire(1000)];
  pool.release(b);
  pool.release(c);
  pool.release(a);
  assert.ok(pool.acquire(1000) === a, "first: the oldest");
  assert.ok(pool.acquire(1000) === b, "then the next oldest");
  pool.release(a);
  assert.ok(pool.acquire(1000) === a, "a released buffer goes back in its place");
  pool.release(a);
  pool.release(b);
  pool.trim();
});

test("texture pool: a spare layer where the adapter line does not promise views keep their dimension", () => {
  assert.equal(gpu().textures.spareLayers, !viewKeepsDimension(gpu().adapterName));
  const layersOf = (spareLayers: boolean) => {
    const pool = new TexturePool(gpu().device, { spareLayers });
    const t = pool.acquire(64, 1, 1);
    const layers = t.depthOrArrayLayers;
    pool.release(t);
    pool.trim();
    return layers;
  };
  assert.equal(layersOf(true), 2);
  assert.equal(layersOf(false), 1);
});

test("a training step recorded again makes no new bind groups", async () => {
  const { p, stepOnce, done } = tinyTraining(2);
  for (let i = 0; i < 3; i++) stepOnce();
  await gpu().sync();
  const made = gpu().counters.bindGroups;
  const before = await p.w.data();
  for (let i = 0; i < 3; i++) stepOnce();
  await gpu().sync();
  assert.equal(gpu().counters.bindGroups, made, "steps 4-6 made bind groups");
  const after = await p.w.data();
  assert.ok(after.some((v, i) => v !== before[i]), "the reused bind groups still train");
  done();
});

test("adam and sgd kernels match float64 references over several steps", async () => {
  const w0 = randArr(rand, [37]);
  const gs = [randArr(rand, [37]), randArr(rand, [37]), randArr(rand, [37])];
  for (const decoupled of [false, true]) {
    const w = toTensor(w0);
    const opt = new Adam(w, { lr: 0.1, weightDecay: 0.01, decoupled });
    const ref = Array.from(w0.data);
    const m = new Array(37).fill(0);
    const v = new Array(37).fill(0);
    gs.forEach((g, t) => {
      const gt = toTensor(g);
      opt.step(w, gt);
      gt.dispose();
      for (let i = 0; i < 37; i++) {
        if (decoupled) ref[i] -= 0.1 * 0.01 * ref[i];
        const gi = g.data[i] + (decoupled ? 0 : 0.01 * ref[i]);
        m[i] = 0.9 * m[i] + 0.1 * gi;
        v[i] = 0.999 * v[i] + 0.001 * gi * gi;
        ref[i] -= (0.1 * m[i] / (1 - 0.9 ** (t + 1))) /
          (Math.sqrt(v[i] / (1 - 0.999 ** (t + 1))) + 1e-8);
      }
    });
    assertClose(await w.data(), ref, `adam decoupled=${decoupled}`, 1e-4, 1e-5);
    dispose(w);
    opt.dispose();
  }
  for (const nesterov of [false, true]) {
    const w = toTensor(w0);
    const opt = new Sgd(w, {
      lr: 0.1,
      momentum: 0.9,
      weightDecay: 5e-4,
      nesterov,
    });
    const ref = Array.from(w0.data);
    const buf = new Array(37).fill(0);
    gs.forEach((g, t) => {
      const gt = toTensor(g);
      opt.step(w, gt);
      gt.dispose();
      for (let i = 0; i < 37; i++) {
        const gi = g.data[i] + 5e-4 * ref[i];
        buf[i] = t === 0 ? gi : 0.9 * buf[i] + gi;
        ref[i] -= 0.1 * (nesterov ? gi + 0.9 * buf[i] : buf[i]);
      }
    });
    assertClose(await w.data(), ref, `sgd nesterov=${nesterov}`, 1e-4, 1e-5);
    dispose(w);
    opt.dispose();
  }
});

test("NaN/Inf check tests the bits", async () => {
  assert.equal(await hasNonFinite(fromArray([1, 2, 3])), false);
  assert.equal(await hasNonFinite(fromArray([1, NaN, 3])), true);
  assert.equal(await hasNonFinite(fromArray([Infinity])), true);
  assert.equal(await hasNonFinite(log(fromArray([-1]))), true);
  assert.equal(await hasNonFinite(fromArray([-Infinity, 0])), true);
});

test("a tensor over the device's binding limit gets a clear error", () => {
  const limit = gpu().limits.maxStorageBufferBindingSize;
  assert.throws(
    () => zeros([limit / 4 + 16]),
    /tensor of shape \[\d+\] \(f32\) needs \d+ bytes, more than this adapter's maxStorageBufferBindingSize/,
  );
  assert.equal(BufferPool.sizeClass(1000), 1024);
  assert.equal(BufferPool.sizeClass(1500), 1536);
});

test("a WGSL error names the kernel, file and line", async () => {
  registerKernel(
    "broken_test_kernel",
    "@compute @workgroup_size(1)\nfn main() {\n  let x: f32 = 1u;\n}\n",
  );
  gpu().dispatch({
    kernel: "broken_test_kernel",
    buffers: [],
    workgroups: [1],
  });
  await assert.rejects(
    gpu().sync(),
    /WGSL error in kernel "broken_test_kernel" \(kernels\/broken_test_kernel\.wgsl:3:/,
  );
  await gpu().sync(); // errors are reported once
});
