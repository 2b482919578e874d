/**
 * The DDPM U-Net (Ho et al. 2020, with the improvements of Nichol & Dhariwal 2021 that
 * cost nothing): residual blocks (group norm, SiLU, time embedding added between the two
 * convolutions, dropout), self-attention at chosen resolutions, average-pool downsampling
 * and nearest upsampling followed by a convolution, sinusoidal time embedding and an
 * optional class embedding (with one extra "null" class for classifier-free guidance).
 *
 * @example
 * const net = uNet({ channels: 1, size: 28, base: 32, mult: [1, 2, 2], attentionAt: [7], classes: 10 }, rng);
 * const eps = net.apply(net.params, xt, timestepEmbedding(ts, 32), labels);
 */
import { add } from "../ops/binary.ts";
import { fromArray, zerosLike } from "../ops/creation.ts";
import { attention } from "../ops/attention.ts";
import { dropout } from "../ops/dropout.ts";
import { groupNormSilu } from "../ops/norm.ts";
import { avgPool2d, upsampleNearest } from "../ops/pool.ts";
import type { Rng } from "../ops/random.ts";
import { concat, gather, permute, reshape, slice } from "../ops/shape.ts";
import { silu } from "../ops/unary.ts";
import type { Tensor } from "../tensor.ts";
import {
  conv,
  convLayer,
  type ConvParams,
  linear,
  linearLayer,
  type LinearParams,
  norm,
  normLayer,
  type NormParams,
} from "./layers.ts";
import { kaimingUniform } from "./init.ts";

/** U-Net hyper-parameters. */
export interface UNetConfig {
  channels: number;
  /** Input height = width. */
  size: number;
  /** Channels at full resolution. */
  base?: number;
  /** Channel multiplier per resolution level. */
  mult?: number[];
  /** Residual blocks per level. */
  blocks?: number;
  /** Resolutions (height) that get a self-attention block. */
  attentionAt?: number[];
  /** Attention heads (head size = channels / heads). */
  heads?: number;
  /** Groups of the group norms. */
  groups?: number;
  dropout?: number;
  /** Number of classes for a class-conditional model (0: unconditional). */
  classes?: number;
}

type ResParams = {
  norm1: NormParams;
  conv1: ConvParams;
  temb: LinearParams;
  norm2: NormParams;
  conv2: ConvParams;
  skip?: ConvParams;
};
type AttnParams = { norm: NormParams; qkv: ConvParams; proj: ConvParams };
type Level = { res: ResParams[]; attn: AttnParams[]; resample?: ConvParams };

/** U-Net parameters. */
export type UNetParams = {
  time: { fc1: LinearParams; fc2: LinearParams };
  classEmbedding?: Tensor;
  stem: ConvParams;
  down: Level[];
  mid: { res1: ResParams; attn: AttnParams; res2: ResParams };
  up: Level[];
  outNorm: NormParams;
  out: ConvParams;
};

/** Sinusoidal embedding [n, dim] of timesteps (host-computed, uploaded once per call). */
export function timestepEmbedding(timesteps: ArrayLike<number>, dim: number): Tensor {
  const half = Math.floor(dim / 2);
  const out = new Float32Array(timesteps.length * dim);
  for (let i = 0; i < timesteps.length; i++) {
    for (let k = 0; k < half; k++) {
      const a = timesteps[i] * Math.exp((-Math.log(10000) * k) / half);
      out[i * dim + k] = Math.sin(a);
      out[i * dim + half + k] = Math.cos(a);
    }
  }
  return fromArray(out, [timesteps.length, dim]);
}

/** A U-Net: parameters and the noise-prediction function. */
export interface UNet {
  config: Required<UNetConfig>;
  params: UNetParams;
  /**
   * Predicts the noise in `x` [n, c, s, s] at timesteps given by their embedding `temb`
   * [n, base] (see {@link timestepEmbedding}); `labels` i32 [n] for a class-conditional
   * model (the value `classes` means "no class"). `rng` enables dropout (training).
   */
  apply(params: UNetParams, x: Tensor, temb: Tensor, labels?: Tensor, rng?: Rng): Tensor;
}

/**
 * Builds a U-Net with PyTorch default init (output convolution zeroed, as in DDPM).
 *
 * @example
 * const unet = uNet(PRIOR_UNET, new Rng(0));
 * unet.config.base; // 16: untrained; trainPrior trains one, loadPrior loads one
 */
export function uNet(config: UNetConfig, rng: Rng): UNet {
  const c: Required<UNetConfig> = {
    base: 32,
    mult: [1, 2, 2],
    blocks: 1,
    attentionAt: [],
    heads: 1,
    groups: 8,
    dropout: 0,
    classes: 0,
    ...config,
  };
  const factor = 2 ** (c.mult.length - 1);
  if (c.size % factor !== 0) {
    throw new Error(
      `uNet: size ${c.size} cannot be halved ${c.mult.length - 1} times (mult [${c.mult}])`,
    );
  }
  for (const m of c.mult) {
    if ((c.base * m) % c.groups !== 0 || (c.base * m) % c.heads !== 0) {
      throw new Error(
        `uNet: ${c.base * m} channels do not split into ${c.groups} groups and ${c.heads} heads`,
      );
    }
  }
  const tdim = 4 * c.base;
  const resLayer = (inC: number, outC: number): ResParams => ({
    norm1: normLayer(inC),
    conv1: convLayer(inC, outC, 3, rng),
    temb: linearLayer(tdim, outC, rng),
    norm2: normLayer(outC),
    conv2: convLayer(outC, outC, 3, rng),
    ...(inC !== outC ? { skip: convLayer(inC, outC, 1, rng) } : {}),
  });
  const attnLayer = (ch: number): AttnParams => ({
    norm: normLayer(ch),
    qkv: convLayer(ch, 3 * ch, 1, rng),
    proj: convLayer(ch, ch, 1, rng),
  });
  // down path, remembering the channels of every skip connection
  const skips: number[] = [c.base];
  const down: Level[] = [];
  let ch = c.base;
  let res = c.size;
  const levelSizes: number[] = [];
  c.mult.forEach((m, i) => {
    const level: Level = { res: [], attn: [] };
    levelSizes.push(res);
    for (let b = 0; b < c.blocks; b++) {
      level.res.push(resLayer(ch, c.base * m));
      ch = c.base * m;
      if (c.attentionAt.includes(res)) level.attn.push(attnLayer(ch));
      skips.push(ch);
    }
    if (i < c.mult.length - 1) {
      level.resample = convLayer(ch, ch, 3, rng);
      skips.push(ch);
      res = Math.floor(res / 2);
    }
    down.push(level);
  });
  const mid = { res1: resLayer(ch, ch), attn: attnLayer(ch), res2: resLayer(ch, ch) };
  const up: Level[] = [];
  for (let i = c.mult.length - 1; i >= 0; i--) {
    const level: Level = { res: [], attn: [] };
    for (let b = 0; b < c.blocks + 1; b++) {
      level.res.push(resLayer(ch + skips.pop()!, c.base * c.mult[i]));
      ch = c.base * c.mult[i];
      if (c.attentionAt.includes(levelSizes[i])) level.attn.push(attnLayer(ch));
    }
    if (i > 0) level.resample = convLayer(ch, ch, 3, rng);
    up.push(level);
  }
  const out = convLayer(ch, c.channels, 3, rng);
  out.weight = zeroed(out.weight);
  out.bias = zeroed(out.bias);
  const params: UNetParams = {
    time: { fc1: linearLayer(c.base, tdim, rng), fc2: linearLayer(tdim, tdim, rng) },
    ...(c.classes > 0 ? { classEmbedding: kaimingUniform([c.classes + 1, tdim], rng) } : {}),
    stem: convLayer(c.channels, c.base, 3, rng),
    down,
    mid,
    up,
    outNorm: normLayer(ch),
    out,
  };

  const gn = (p: NormParams, x: Tensor) => norm("group", p, x, c.groups);
  // SiLU of a group norm in one pass, forward and backward (ops/norm.ts groupNormSilu)
  const gnSilu = (p: NormParams, x: Tensor) =>
    groupNormSilu(x, Math.min(c.groups, x.shape[1]), p.gamma, p.beta);
  const resBlock = (p: ResParams, x: Tensor, emb: Tensor, r?: Rng): Tensor => {
    // the time embedding and the residual are added in the pass that writes each conv's output
    // (the values of separate adds, lib/ops/conv.ts)
    const t = linear(p.temb, emb);
    let h = conv(p.conv1, gnSilu(p.norm1, x), { padding: 1, shift: t });
    h = gnSilu(p.norm2, h);
    if (r && c.dropout > 0) h = dropout(h, c.dropout, r);
    const skip = p.skip ? conv(p.skip, x) : x;
    return conv(p.conv2, h, { padding: 1, residual: skip });
  };
  const attnBlock = (p: AttnParams, x: Tensor): Tensor => {
    const [n, C, hh, ww] = x.shape;
    const heads = c.heads;
    const d = C / heads;
    const t = hh * ww;
    const qkv = conv(p.qkv, gn(p.norm, x)); // [n, 3C, h, w]
    const parts = permute(reshape(qkv, [n, 3, heads, d, t]), [1, 0, 2, 4, 3]); // [3, n, heads, t, d]
    const part = (i: number) =>
      reshape(slice(parts, [i, 0, 0, 0, 0], [1, n, heads, t, d]), [n, heads, t, d]);
    const o = attention(part(0), part(1), part(2)); // [n, heads, t, d]
    const merged = reshape(permute(o, [0, 1, 3, 2]), [n, C, hh, ww]);
    return conv(p.proj, merged, { residual: x });
  };
  const apply = (p: UNetParams, x: Tensor, temb: Tensor, labels?: Tensor, r?: Rng): Tensor => {
    let emb = linear(p.time.fc2, silu(linear(p.time.fc1, temb)));
    if (p.classEmbedding) {
      if (!labels) throw new Error("uNet: a class-conditional model needs labels");
      emb = add(emb, gather(p.classEmbedding, labels, 0));
    }
    let h = conv(p.stem, x, { padding: 1 });
    const hs: Tensor[] = [h];
    p.down.forEach((level) => {
      level.res.forEach((rp, b) => {
        h = resBlock(rp, h, emb, r);
        if (level.attn[b]) h = attnBlock(level.attn[b], h);
        hs.push(h);
      });
      if (level.resample) {
        h = conv(level.resample, avgPool2d(h), { padding: 1 });
        hs.push(h);
      }
    });
    h = resBlock(p.mid.res2, attnBlock(p.mid.attn, resBlock(p.mid.res1, h, emb, r)), emb, r);
    p.up.forEach((level) => {
      level.res.forEach((rp, b) => {
        h = resBlock(rp, concat([h, hs.pop()!], 1), emb, r);
        if (level.attn[b]) h = attnBlock(level.attn[b], h);
      });
      if (level.resample) h = conv(level.resample, upsampleNearest(h), { padding: 1 });
    });
    return conv(p.out, gnSilu(p.outNorm, h), { padding: 1 });
  };
  return { config: c, params, apply };
}

function zeroed(t: Tensor): Tensor {
  const z = zerosLike(t);
  t.dispose();
  return z;
}

/**
 * The U-Net of the shipped Fashion-MNIST prior (fixtures/prior/, trained by
 * tasks/configs/prior-fashion-mnist.yaml): class-conditional, 28x28x1, 16/32/32 channels,
 * self-attention in the 7x7 middle, sized so that training fits a 2-core CPU adapter;
 * `deno task bench` times it as `unet_train_b64` and `unet_sample_step_b100`.
 *
 * @example
 * const unet = uNet({ ...PRIOR_UNET, base: 32 }, new Rng(0)); // a wider variant
 */
export const PRIOR_UNET: UNetConfig = {
  channels: 1,
  size: 28,
  base: 16,
  mult: [1, 2, 2],
  blocks: 1,
  attentionAt: [],
  heads: 1,
  groups: 8,
  dropout: 0,
  classes: 10,
};
