/**
 * Building blocks shared by the models: parameter trees for linear, conv and norm
 * layers, their forward functions, and swappable activations.
 *
 * @example
 * const p = convLayer(1, 128, 3, rng);          // { weight [128, 1, 3, 3], bias [128] }
 * const y = act(conv(p, x, { padding: 1 }), { kind: "softplus", beta: 3 });
 */
import { add } from "../ops/binary.ts";
import { conv2d } from "../ops/conv.ts";
import type { Conv2dOptions } from "../ops/conv_geometry.ts";
import { matmul } from "../ops/matmul.ts";
import { groupNorm, instanceNorm } from "../ops/norm.ts";
import type { Rng } from "../ops/random.ts";
import { activate, type Activation } from "../ops/norm_act_pool.ts";
import type { Tensor } from "../tensor.ts";
import { biasUniform, kaimingUniform, normParams } from "./init.ts";

export type { Activation };

/** Applies an activation (ReLU, SiLU, or SoftPlus with a sharpness beta; the VE uses beta 3). */
export const act: (x: Tensor, a: Activation) => Tensor = activate;

/** Parameters of a linear layer (PyTorch layout: weight [out, in]). */
export type LinearParams = {
  weight: Tensor;
  bias: Tensor;
};

/**
 * A linear layer's parameters, PyTorch default init.
 *
 * @example
 * const head = linearLayer(784, 10, new Rng(0)); // { weight: [10, 784], bias: [10] }
 */
export function linearLayer(inFeatures: number, outFeatures: number, rng: Rng): LinearParams {
  return {
    weight: kaimingUniform([outFeatures, inFeatures], rng),
    bias: biasUniform(outFeatures, inFeatures, rng),
  };
}

/**
 * y = x W^T + b for x [n, in].
 *
 * @example
 * const head = linearLayer(784, 10, new Rng(0));
 * const logits = linear(head, flatten(images)); // [n, 10]
 */
export function linear(p: LinearParams, x: Tensor): Tensor {
  return add(matmul(x, p.weight, { transB: true }), p.bias);
}

/** Parameters of a conv layer (weight [out, in, k, k]). */
export type ConvParams = {
  weight: Tensor;
  bias: Tensor;
};

/** A k x k conv layer's parameters, PyTorch default init. */
export function convLayer(
  inChannels: number,
  outChannels: number,
  k: number,
  rng: Rng,
): ConvParams {
  return {
    weight: kaimingUniform([outChannels, inChannels, k, k], rng),
    bias: biasUniform(outChannels, inChannels * k * k, rng),
  };
}

/** Convolution with the layer's weight and bias. */
export function conv(
  p: ConvParams,
  x: Tensor,
  options: Pick<Conv2dOptions, "stride" | "padding" | "shift" | "residual"> = {},
): Tensor {
  return conv2d(x, p.weight, p.bias, options);
}

/** Parameters of a norm layer. */
export type NormParams = {
  gamma: Tensor;
  beta: Tensor;
};

/** A norm layer over `channels` (gamma 1, beta 0). */
export const normLayer = (channels: number): NormParams => normParams(channels);

/** The normalisations the models can use. */
export type NormKind = "instance" | "group" | "layer" | "none";

/**
 * Applies a norm to NCHW activations: instance norm, group norm with `groups` groups, or
 * "layer" norm over (C, H, W) per sample with a per-channel affine (GroupNorm(1, C), as in
 * the dataset-condensation code).
 */
export function norm(kind: NormKind, p: NormParams, x: Tensor, groups = 32): Tensor {
  switch (kind) {
    case "instance":
      return instanceNorm(x, p.gamma, p.beta);
    case "group":
      return groupNorm(x, Math.min(groups, x.shape[1]), p.gamma, p.beta);
    case "layer":
      return groupNorm(x, 1, p.gamma, p.beta);
    case "none":
      return x;
  }
}
