/**
 * CutMix (kernels/cutmix.wgsl): each image gets a box of a partner image of the batch, and
 * the loss mixes the two labels by the box's area. Not differentiable.
 *
 * @example
 * const { images, labelsA, labelsB, lambda } = cutmix(x, labels, rng);
 * @module
 */
import { record } from "../autodiff/tape.ts";
import { dispatchKernel, KERNELS } from "../gpu/kernel_dispatch.ts";
import { fromArray } from "./creation.ts";
import { asRng, HostRng } from "./host_rng.ts";
import { gather, reshape } from "./shape.ts";
import { check4d, grid, noGradient } from "./util.ts";
import { shapeText, Tensor } from "../tensor.ts";

/** Options of {@link cutmix}. */
export interface CutMixOptions {
  /** Beta(alpha, alpha) for lambda (1: uniform, as the CutMix paper). */
  alpha?: number;
  /** Probability of mixing a batch (or an image, with perImage); else lambda = 1. */
  prob?: number;
  /** One lambda and box per image instead of per batch. */
  perImage?: boolean;
}

/** The result of {@link cutmix}. Every tensor is new (labelsA shares the labels' buffer). */
export interface CutMixResult {
  /** Mixed images [B, C, H, W]. */
  images: Tensor;
  /** The images' own labels (i32 [B]), weighted by lambda. */
  labelsA: Tensor;
  /** The partners' labels (i32 [B]), weighted by 1 - lambda. */
  labelsB: Tensor;
  /** Weight of labelsA per image (f32 [B]): 1 - box area / image area. */
  lambda: Tensor;
  /** The same weights on the host. */
  lambdaHost: Float32Array;
  /** The partner of each image (a permutation of 0..B-1). */
  partner: Int32Array;
  /** Boxes (x0, y0, x1, y1) per image, half-open, in pixels. */
  boxes: Int32Array;
}

/** Gamma(a, 1) by Marsaglia-Tsang (a >= 1; boosted for a < 1), from host uniforms. */
function gammaSample(a: number, rng: HostRng): number {
  if (a < 1) return gammaSample(a + 1, rng) * Math.pow(1 - rng.uniform(1)[0], 1 / a);
  const d = a - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const [u1, u2, u3] = rng.uniform(3);
    const z = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    const v = (1 + c * z) ** 3;
    if (v > 0 && Math.log(1 - u3) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Beta(alpha, alpha) from host uniforms (alpha 1: one uniform). */
function betaSample(alpha: number, rng: HostRng): number {
  if (alpha === 1) return rng.uniform(1)[0];
  const x = gammaSample(alpha, rng);
  const y = gammaSample(alpha, rng);
  return x / (x + y);
}

/**
 * CutMix (Yun et al. 2019): lambda ~ Beta(alpha, alpha), a box of side sqrt(1 - lambda)
 * times the image's at a uniform centre (clipped), filled from a random partner image
 * (a permutation of the batch); lambda is then recomputed from the clipped box. Train with
 * `lambda * CE(labelsA) + (1 - lambda) * CE(labelsB)` per image. Not differentiable.
 *
 * @example
 * const { images, labelsA, labelsB, lambda } = cutmix(x, labels, rng);
 */
export function cutmix(
  x: Tensor,
  labels: Tensor,
  rng: HostRng | number,
  opts: CutMixOptions = {},
): CutMixResult {
  const [n, c, h, w] = check4d("cutmix", x);
  if (labels.dtype !== "i32" || labels.size !== n) {
    throw new Error(
      `cutmix: labels must be i32 [${n}], got ${shapeText(labels.shape)} ${labels.dtype}`,
    );
  }
  const r = asRng(rng);
  const alpha = opts.alpha ?? 1;
  const prob = opts.prob ?? 1;
  if (!(alpha > 0)) throw new RangeError(`cutmix: alpha must be > 0, got ${alpha}`);
  const partner = r.permutation(n);
  const boxes = new Int32Array(n * 4);
  const lambdaHost = new Float32Array(n);
  const drawBox = (): [number, number, number, number] => {
    const [use, cyU, cxU] = r.uniform(3);
    const lam = betaSample(alpha, r);
    if (use >= prob) return [0, 0, 0, 0];
    const cut = Math.sqrt(1 - lam);
    const cw = Math.floor(w * cut);
    const ch = Math.floor(h * cut);
    const cx = Math.floor(cxU * w);
    const cy = Math.floor(cyU * h);
    const clip = (v: number, hi: number) => Math.min(Math.max(v, 0), hi);
    return [
      clip(cx - Math.floor(cw / 2), w),
      clip(cy - Math.floor(ch / 2), h),
      clip(cx + Math.floor(cw / 2), w),
      clip(cy + Math.floor(ch / 2), h),
    ];
  };
  let box = drawBox();
  for (let b = 0; b < n; b++) {
    if (opts.perImage && b > 0) box = drawBox();
    boxes.set(box, 4 * b);
    const area = (box[2] - box[0]) * (box[3] - box[1]);
    lambdaHost[b] = 1 - area / (h * w);
  }
  const partnerT = fromArray(partner, [n], "i32");
  const boxesT = fromArray(boxes, [n, 4], "i32");
  const images = new Tensor([n, c, h, w]);
  const lambda = new Tensor([n]);
  dispatchKernel(KERNELS.cutmix.main, {
    buffers: [x.buffer, partnerT.buffer, boxesT.buffer, images.buffer, lambda.buffer],
    params: { n, c, h, w },
    workgroups: grid(n * c * h * w),
  });
  record("cutmix", [x], images, noGradient("cutmix"));
  const labelsA = reshape(labels, [n]);
  const labelsB = gather(labels, partnerT, 0);
  partnerT.dispose();
  boxesT.dispose();
  return { images, labelsA, labelsB, lambda, lambdaHost, partner, boxes };
}
