/**
 * The WGSL source of every kernel in `kernels/`, imported as text, so that the kernels travel
 * inside any bundle of the library (a browser page, a Node program) with no file system:
 * `kernels/*.wgsl` stay the single source of truth, and Deno reads them through its module
 * loader. A kernel file added to `kernels/` needs one line here (a test checks the list).
 *
 * @example
 * import { KERNEL_SOURCES } from "./kernels.ts";
 * KERNEL_SOURCES.unary; // the text of kernels/unary.wgsl
 * @module
 */
import adam from "../../kernels/adam.wgsl" with { type: "text" };
import affineResample from "../../kernels/affine_resample.wgsl" with { type: "text" };
import attentionPv from "../../kernels/attention_pv.wgsl" with { type: "text" };
import binary from "../../kernels/binary.wgsl" with { type: "text" };
import bitonicSort from "../../kernels/bitonic_sort.wgsl" with { type: "text" };
import cast from "../../kernels/cast.wgsl" with { type: "text" };
import colorJitter from "../../kernels/color_jitter.wgsl" with { type: "text" };
import conv2d from "../../kernels/conv2d.wgsl" with { type: "text" };
import conv2dDgrad from "../../kernels/conv2d_dgrad.wgsl" with { type: "text" };
import conv2dWgrad from "../../kernels/conv2d_wgrad.wgsl" with { type: "text" };
import conv2dWgradNarrow from "../../kernels/conv2d_wgrad_narrow.wgsl" with { type: "text" };
import conv2dWinograd from "../../kernels/conv2d_winograd.wgsl" with { type: "text" };
import copy from "../../kernels/copy.wgsl" with { type: "text" };
import crossEntropy from "../../kernels/cross_entropy.wgsl" with { type: "text" };
import cutmix from "../../kernels/cutmix.wgsl" with { type: "text" };
import dropout from "../../kernels/dropout.wgsl" with { type: "text" };
import entropy from "../../kernels/entropy.wgsl" with { type: "text" };
import fill from "../../kernels/fill.wgsl" with { type: "text" };
import gather from "../../kernels/gather.wgsl" with { type: "text" };
import gatherBackward from "../../kernels/gather_backward.wgsl" with { type: "text" };
import matmulSmall from "../../kernels/matmul_small.wgsl" with { type: "text" };
import matmulTex from "../../kernels/matmul_tex.wgsl" with { type: "text" };
import norm from "../../kernels/norm.wgsl" with { type: "text" };
import packTex from "../../kernels/pack_tex.wgsl" with { type: "text" };
import normAffineGrad from "../../kernels/norm_affine_grad.wgsl" with { type: "text" };
import normBackward from "../../kernels/norm_backward.wgsl" with { type: "text" };
import pool from "../../kernels/pool.wgsl" with { type: "text" };
import poolBackward from "../../kernels/pool_backward.wgsl" with { type: "text" };
import reduce from "../../kernels/reduce.wgsl" with { type: "text" };
import rng from "../../kernels/rng.wgsl" with { type: "text" };
import sgd from "../../kernels/sgd.wgsl" with { type: "text" };
import softmax from "../../kernels/softmax.wgsl" with { type: "text" };
import softmaxBackward from "../../kernels/softmax_backward.wgsl" with { type: "text" };
import softmaxKl from "../../kernels/softmax_kl.wgsl" with { type: "text" };
import unary from "../../kernels/unary.wgsl" with { type: "text" };
import unaryBackward from "../../kernels/unary_backward.wgsl" with { type: "text" };
import where from "../../kernels/where.wgsl" with { type: "text" };

/** Kernel name (the file name without `.wgsl`) -> WGSL source. */
export const KERNEL_SOURCES: Readonly<Record<string, string>> = {
  adam,
  affine_resample: affineResample,
  attention_pv: attentionPv,
  binary,
  bitonic_sort: bitonicSort,
  cast,
  color_jitter: colorJitter,
  conv2d,
  conv2d_dgrad: conv2dDgrad,
  conv2d_wgrad: conv2dWgrad,
  conv2d_wgrad_narrow: conv2dWgradNarrow,
  conv2d_winograd: conv2dWinograd,
  copy,
  cross_entropy: crossEntropy,
  cutmix,
  dropout,
  entropy,
  fill,
  gather,
  gather_backward: gatherBackward,
  matmul_small: matmulSmall,
  matmul_tex: matmulTex,
  norm,
  norm_affine_grad: normAffineGrad,
  norm_backward: normBackward,
  pack_tex: packTex,
  pool,
  pool_backward: poolBackward,
  reduce,
  rng,
  sgd,
  softmax,
  softmax_backward: softmaxBackward,
  softmax_kl: softmaxKl,
  unary,
  unary_backward: unaryBackward,
  where,
};
