// Models: every model runs forward and backward at its intended input size; a ConvNet-3
// overfits a small batch to zero training error.
import assert from "node:assert/strict";
import { valueAndGrad } from "../lib/autodiff/grad.ts";
import { noGrad } from "../lib/autodiff/tape.ts";
import { dispose, keep, leaves, tidy } from "../lib/autodiff/scope.ts";
import { gpu } from "../lib/gpu/gpu.ts";
import { convNet } from "../lib/nn/convnet.ts";
import { resNet } from "../lib/nn/resnet.ts";
import { timestepEmbedding, uNet } from "../lib/nn/unet.ts";
import { equal, sub } from "../lib/ops/binary.ts";
import { square } from "../lib/ops/unary.ts";
import { cast, fromArray } from "../lib/ops/creation.ts";
import { crossEntropy } from "../lib/ops/loss.ts";
import { Rng } from "../lib/ops/random.ts";
import { argmax, mean } from "../lib/ops/reduce.ts";
import { hasNonFinite } from "../lib/ops/checks.ts";
import { Adam } from "../lib/optim/adam.ts";
import { gpuReady } from "./helpers.ts";

await gpuReady;

async function assertFiniteGrads(grads: unknown, what: string) {
  for (const g of leaves(grads)) {
    assert.equal(await hasNonFinite(g), false, `${what}: non-finite gradient`);
  }
}

Deno.test("ConvNet-3 (28x28x1, pad 3 -> 128x4x4 head) and ConvNet-4 (32x32x3): forward and backward", async () => {
  const rng = new Rng(0);
  for (
    const [cfg, n] of [[{ channels: 1, size: 28, classes: 10 }, 4], [{
      channels: 3,
      size: 32,
      classes: 10,
      depth: 4,
      width: 32,
    }, 2]] as const
  ) {
    const net = convNet(cfg, rng);
    const x = rng.normal([n, cfg.channels, cfg.size, cfg.size]);
    const y = fromArray(Array.from({ length: n }, (_, i) => i % 10), [n], "i32");
    if (cfg.size === 28) {
      assert.equal(net.featureSize, 128 * 4 * 4);
      assert.deepEqual(net.params.head.weight.shape, [10, 2048]);
    }
    const { value, grads } = valueAndGrad((p: typeof net.params) =>
      crossEntropy(net.apply(p, x), y)
    )(net.params);
    assert.ok(Number.isFinite(await value.item()));
    await assertFiniteGrads(grads, "convnet");
    dispose([net.params, x, y, value, grads]);
  }
});

Deno.test("ConvNet with SoftPlus(beta=3) (the VE's encoder) runs forward and backward", async () => {
  const rng = new Rng(1);
  const net = convNet({
    channels: 1,
    size: 28,
    classes: 10,
    act: { kind: "softplus", beta: 3 },
    width: 16,
  }, rng);
  const x = rng.normal([3, 1, 28, 28]);
  const y = fromArray([1, 2, 3], [3], "i32");
  const { value, grads } = valueAndGrad((p: typeof net.params) => crossEntropy(net.apply(p, x), y))(
    net.params,
  );
  assert.ok(Number.isFinite(await value.item()));
  await assertFiniteGrads(grads, "softplus convnet");
  dispose([net.params, x, y, value, grads]);
});

Deno.test("ResNetAP-10 and ResNet-18 (instance norm) run forward and backward at 28x28 and 32x32", async () => {
  const rng = new Rng(2);
  for (const [kind, channels, size] of [["resnetap10", 1, 28], ["resnet18", 3, 32]] as const) {
    const net = resNet({ kind, channels, size, classes: 10, width: 8 }, rng);
    const x = rng.normal([2, channels, size, size]);
    const y = fromArray([3, 7], [2], "i32");
    const { value, grads } = valueAndGrad((p: typeof net.params) =>
      crossEntropy(net.apply(p, x), y)
    )(net.params);
    assert.ok(Number.isFinite(await value.item()), kind);
    await assertFiniteGrads(grads, kind);
    dispose([net.params, x, y, value, grads]);
  }
});

Deno.test("U-Net (class-conditional, attention at 7x7) runs forward and backward at 28x28", async () => {
  const rng = new Rng(3);
  const net = uNet({
    channels: 1,
    size: 28,
    base: 16,
    mult: [1, 2, 2],
    attentionAt: [7],
    classes: 10,
    dropout: 0.1,
  }, rng);
  const x = rng.normal([2, 1, 28, 28]);
  const temb = timestepEmbedding([10, 900], 16);
  const labels = fromArray([4, 10], [2], "i32"); // 10 = the null class
  const target = rng.normal([2, 1, 28, 28]);
  const { value, grads } = valueAndGrad((p: typeof net.params) => {
    const eps = net.apply(p, x, temb, labels, rng);
    assert.deepEqual(eps.shape, [2, 1, 28, 28]);
    return mean(square(sub(eps, target)));
  })(net.params);
  assert.ok(Number.isFinite(await value.item()));
  await assertFiniteGrads(grads, "unet");
  dispose([net.params, x, temb, labels, target, value, grads]);
});

Deno.test("U-Net: the forward pass without a tape (group norm + SiLU fused) gives the recorded pass's bits", async () => {
  const rng = new Rng(4);
  const net = uNet({ channels: 1, size: 28, base: 16, mult: [1, 2, 2], classes: 10 }, rng);
  const x = rng.normal([3, 1, 28, 28]);
  const temb = timestepEmbedding([10, 500, 900], 16);
  const labels = fromArray([4, 10, 0], [3], "i32");
  const fused = noGrad(() => net.apply(net.params, x, temb, labels));
  // the same pass with the parameters tracked by a tape: groupNorm and silu, recorded
  let recorded: Promise<ArrayLike<number>> | null = null;
  const { value, grads } = valueAndGrad((p: typeof net.params) => {
    const eps = net.apply(p, x, temb, labels);
    recorded = eps.data(); // read back before the tape's scope frees eps
    return mean(eps);
  })(net.params);
  const a = new Uint32Array(((await fused.data()) as Float32Array).buffer);
  const b = new Uint32Array(((await recorded!) as Float32Array).buffer);
  assert.equal(a.length, b.length);
  let differing = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differing++;
  assert.equal(differing, 0, `${differing} of ${a.length} outputs differ`);
  dispose([net.params, x, temb, labels, fused, value, grads]);
});

Deno.test("ConvNet-3 overfits a small batch to zero training error", async () => {
  const rng = new Rng(4);
  const net = convNet({ channels: 1, size: 28, classes: 10, width: 32 }, rng);
  const params = keep(net.params);
  const x = keep(rng.normal([20, 1, 28, 28]));
  const y = keep(fromArray(Array.from({ length: 20 }, (_, i) => i % 10), [20], "i32"));
  const opt = new Adam(params, { lr: 0.01 });
  for (let s = 0; s < 60; s++) {
    const { value, grads } = valueAndGrad((p: typeof params) => crossEntropy(net.apply(p, x), y))(
      params,
    );
    opt.step(params, grads);
    dispose([value, grads]);
  }
  const acc = await tidy(() =>
    mean(equal(cast(argmax(net.apply(params, x), 1), "f32"), cast(y, "f32")))
  ).item();
  assert.equal(acc, 1, `training accuracy ${acc}`);
  dispose([params, x, y]);
  opt.dispose();
  await gpu().sync();
});
