/**
 * ConvNet-D, the dataset-distillation workhorse: depth x [conv 3x3 (width) -> norm ->
 * activation -> 2x2 average pooling], then a linear head. For 28x28 single-channel input
 * the first convolution pads by 3 (as the DC/DSA code does), so depth 3 gives a
 * width x 4 x 4 head input, as on 32x32 images.
 *
 * @example
 * const net = convNet({ channels: 1, size: 28, classes: 10 }, new Rng(0));  // ConvNet-3, width 128
 * const ve = convNet({ channels: 1, size: 28, classes: 10, act: { kind: "softplus", beta: 3 } }, rng);
 */
import { instanceNormActPool } from "../ops/norm_act_pool.ts";
import { avgPool2d } from "../ops/pool.ts";
import type { Rng } from "../ops/random.ts";
import { flatten } from "../ops/shape.ts";
import type { Tensor } from "../tensor.ts";
import {
  act,
  type Activation,
  conv,
  convLayer,
  type ConvParams,
  linear,
  linearLayer,
  type LinearParams,
  norm,
  type NormKind,
  normLayer,
  type NormParams,
} from "./layers.ts";
import type { Model } from "./model.ts";

/** ConvNet-D hyper-parameters. */
export interface ConvNetConfig {
  channels: number;
  /** Input height = width. */
  size: number;
  classes: number;
  width?: number;
  depth?: number;
  norm?: NormKind;
  act?: Activation;
}

/** ConvNet parameters: one block per depth level, then the head. */
export type ConvNetParams = {
  blocks: { conv: ConvParams; norm: NormParams }[];
  head: LinearParams;
};

/** Spatial size after each block, and the first convolution's padding. */
export function convNetGeometry(
  channels: number,
  size: number,
  depth: number,
): { pad0: number; out: number } {
  const pad0 = channels === 1 && size === 28 ? 3 : 1;
  // the first conv maps size to size + 2 pad0 - 2; later ones (pad 1) keep it; each block pools by 2
  let s = size + 2 * pad0 - 2;
  for (let d = 0; d < depth; d++) s = Math.floor(s / 2);
  return { pad0, out: s };
}

/**
 * Builds ConvNet-D with PyTorch default init from `rng`.
 *
 * @example
 * const net = convNet({ channels: 1, size: 28, classes: 10, width: 32 }, new Rng(0));
 * const logits = net.apply(net.params, zeros([4, 1, 28, 28])); // [4, 10]
 */
export function convNet(
  config: ConvNetConfig,
  rng: Rng,
): Model<ConvNetParams> & { config: Required<ConvNetConfig> } {
  const c: Required<ConvNetConfig> = {
    width: 128,
    depth: 3,
    norm: "instance",
    act: { kind: "relu" },
    ...config,
  };
  const { pad0, out } = convNetGeometry(c.channels, c.size, c.depth);
  if (out < 1) {
    throw new Error(`convNet: depth ${c.depth} pools ${c.size}x${c.size} input below 1x1`);
  }
  const blocks = Array.from({ length: c.depth }, (_, d) => ({
    conv: convLayer(d === 0 ? c.channels : c.width, c.width, 3, rng),
    norm: normLayer(c.width),
  }));
  const featureSize = c.width * out * out;
  const params: ConvNetParams = { blocks, head: linearLayer(featureSize, c.classes, rng) };
  const embed = (p: ConvNetParams, x: Tensor): Tensor => {
    let h = x;
    p.blocks.forEach((b, d) => {
      h = conv(b.conv, h, { padding: d === 0 ? pad0 : 1 });
      // norm, activation and pooling in one pass each way (the same values as composed)
      h = c.norm === "instance"
        ? instanceNormActPool(h, b.norm.gamma, b.norm.beta, c.act)
        : avgPool2d(act(norm(c.norm, b.norm, h), c.act));
    });
    return flatten(h);
  };
  return {
    config: c,
    params,
    featureSize,
    embed,
    apply: (p, x) => linear(p.head, embed(p, x)),
  };
}
