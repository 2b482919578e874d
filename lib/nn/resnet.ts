/**
 * ResNet-18 and ResNetAP-10 with instance norm, in the CIFAR-style form the
 * dataset-distillation literature uses (3x3 stem, no max pooling, global average pooling,
 * linear head). ResNetAP downsamples with 2x2 average pooling after a stride-1 convolution
 * instead of a strided convolution (as in IDC's ResNetAP).
 *
 * @example
 * const r18 = resNet({ kind: "resnet18", channels: 3, size: 32, classes: 10 }, new Rng(0));
 * const rap = resNet({ kind: "resnetap10", channels: 1, size: 28, classes: 10 }, new Rng(0));
 */
import { add } from "../ops/binary.ts";
import { avgPool2d, globalAvgPool } from "../ops/pool.ts";
import type { Rng } from "../ops/random.ts";
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

/** ResNet hyper-parameters. */
export interface ResNetConfig {
  kind: "resnet18" | "resnetap10";
  channels: number;
  size: number;
  classes: number;
  /** Channels of the first stage (64); later stages double it. */
  width?: number;
  norm?: NormKind;
  act?: Activation;
}

/** One residual block's parameters. */
export type BlockParams = {
  conv1: ConvParams;
  norm1: NormParams;
  conv2: ConvParams;
  norm2: NormParams;
  shortcut?: { conv: ConvParams; norm: NormParams };
};

/** ResNet parameters. */
export type ResNetParams = {
  stem: { conv: ConvParams; norm: NormParams };
  blocks: BlockParams[];
  head: LinearParams;
};

/**
 * Builds ResNet-18 or ResNetAP-10 with PyTorch default init from `rng`.
 *
 * @example
 * const net = resNet({ kind: "resnet18", channels: 3, size: 32, classes: 10 }, new Rng(0));
 * const logits = net.apply(net.params, zeros([2, 3, 32, 32])); // [2, 10]
 */
export function resNet(
  config: ResNetConfig,
  rng: Rng,
): Model<ResNetParams> & { config: Required<ResNetConfig> } {
  const c: Required<ResNetConfig> = {
    width: 64,
    norm: "instance",
    act: { kind: "relu" },
    ...config,
  };
  const perStage = c.kind === "resnet18" ? 2 : 1;
  const pooled = c.kind === "resnetap10";
  const plan: { inC: number; outC: number; stride: number }[] = [];
  let inC = c.width;
  [1, 2, 4, 8].forEach((mult, stage) => {
    for (let b = 0; b < perStage; b++) {
      const stride = stage > 0 && b === 0 ? 2 : 1;
      plan.push({ inC, outC: c.width * mult, stride });
      inC = c.width * mult;
    }
  });
  const blocks: BlockParams[] = plan.map(({ inC, outC, stride }) => ({
    conv1: convLayer(inC, outC, 3, rng),
    norm1: normLayer(outC),
    conv2: convLayer(outC, outC, 3, rng),
    norm2: normLayer(outC),
    ...(stride !== 1 || inC !== outC
      ? { shortcut: { conv: convLayer(inC, outC, 1, rng), norm: normLayer(outC) } }
      : {}),
  }));
  const params: ResNetParams = {
    stem: { conv: convLayer(c.channels, c.width, 3, rng), norm: normLayer(c.width) },
    blocks,
    head: linearLayer(inC, c.classes, rng),
  };
  const block = (p: BlockParams, x: Tensor, stride: number): Tensor => {
    let h: Tensor;
    if (pooled) {
      h = act(norm(c.norm, p.norm1, conv(p.conv1, x, { padding: 1 })), c.act);
      h = conv(p.conv2, h, { padding: 1 });
      if (stride === 2) h = avgPool2d(h);
      h = norm(c.norm, p.norm2, h);
    } else {
      h = act(norm(c.norm, p.norm1, conv(p.conv1, x, { padding: 1, stride })), c.act);
      h = norm(c.norm, p.norm2, conv(p.conv2, h, { padding: 1 }));
    }
    let s = x;
    if (p.shortcut) {
      s = pooled ? conv(p.shortcut.conv, x) : conv(p.shortcut.conv, x, { stride });
      if (pooled && stride === 2) s = avgPool2d(s);
      s = norm(c.norm, p.shortcut.norm, s);
    }
    return act(add(h, s), c.act);
  };
  const embed = (p: ResNetParams, x: Tensor): Tensor => {
    let h = act(norm(c.norm, p.stem.norm, conv(p.stem.conv, x, { padding: 1 })), c.act);
    p.blocks.forEach((b, i) => (h = block(b, h, plan[i].stride)));
    return globalAvgPool(h);
  };
  return {
    config: c,
    params,
    featureSize: inC,
    embed,
    apply: (p, x) => linear(p.head, embed(p, x)),
  };
}
