/**
 * A noise-prediction model as the samplers and trainers see it: a parameter tree and
 * `predict(params, x_t, t, labels)` returning epsilon. {@link unetDenoiser} wraps a U-Net.
 *
 * @example
 * const den = unetDenoiser(uNet(PRIOR_UNET, new Rng(0)));
 * const eps = den.predict(den.params, xt, [999, 500], labels);
 * @module
 */
import type { Tree } from "../autodiff/scope.ts";
import type { UNet, UNetParams } from "../nn/unet.ts";
import { timestepEmbedding } from "../nn/unet.ts";
import type { Rng } from "../ops/random.ts";
import type { Tensor } from "../tensor.ts";

/** An epsilon-prediction model. */
export interface Denoiser<P extends Tree = Tree> {
  params: P;
  /** Image channels, height = width. */
  channels: number;
  size: number;
  /** Number of classes of a class-conditional model (label `classes` = no class), else 0. */
  classes: number;
  /**
   * Predicted noise for `x` [n, c, s, s] at training timesteps `t` (one per image); `labels`
   * i32 [n] for a class-conditional model; `rng` turns on dropout (training).
   */
  predict(params: P, x: Tensor, t: ArrayLike<number>, labels?: Tensor, rng?: Rng): Tensor;
}

/** The U-Net as a {@link Denoiser}. */
export function unetDenoiser(net: UNet): Denoiser<UNetParams> {
  const c = net.config;
  return {
    params: net.params,
    channels: c.channels,
    size: c.size,
    classes: c.classes,
    predict: (p, x, t, labels, rng) => net.apply(p, x, timestepEmbedding(t, c.base), labels, rng),
  };
}
