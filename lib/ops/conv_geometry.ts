/**
 * The types of a 2-D convolution's options and sizes, shared by the direct kernels
 * (lib/ops/conv.ts, which computes them in `conv2dGeometry`) and Winograd
 * (lib/ops/conv_winograd.ts), so that neither module imports the other's types.
 *
 * @example
 * const g: Conv2dGeometry = conv2dGeometry(x.shape, w.shape, { padding: 1 });
 * @module
 */
import type { Tensor } from "../tensor.ts";

/** Stride and zero padding (one number for both axes or [rows, columns]), the algorithm, and
 * what to add after the bias. */
export interface Conv2dOptions {
  stride?: number | readonly [number, number];
  padding?: number | readonly [number, number];
  /**
   * "auto" (default): Winograd F(4x4, 3x3) (lib/ops/conv_winograd.ts) for 3x3 kernels with
   * stride 1 and padding 1 and at least 128 input and output channels (multiples of 4), the
   * direct kernels otherwise; "direct" always runs the direct kernels; "winograd" runs
   * Winograd whenever it can (any channel counts that are multiples of 4), else is an error.
   */
  algorithm?: "auto" | "direct" | "winograd";
  /**
   * [n, o]: added to every pixel of image n, channel o after the bias (a U-Net's time
   * embedding), in the pass that writes the output on the direct path; the values of a
   * separate `add(y, reshape(shift, [n, o, 1, 1]))`.
   */
  shift?: Tensor;
  /**
   * [n, o, oh, ow]: added last (a residual connection), in the same pass; the values of a
   * separate `add(residual, y)`.
   */
  residual?: Tensor;
}

/** The sizes of one convolution. */
export interface Conv2dGeometry {
  n: number;
  c: number;
  h: number;
  w: number;
  o: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  ph: number;
  pw: number;
  oh: number;
  ow: number;
  /** The algorithm the forward and both gradients run. */
  algorithm: "direct" | "winograd";
}
