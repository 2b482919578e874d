/**
 * 2-D convolution, NCHW, f32 (kernels/conv2d.wgsl), with its gradients: the input gradient
 * (stride phases of conv2d.wgsl on dy with the weights of kernels/conv2d_dgrad.wgsl) and the
 * weight gradient (kernels/conv2d_wgrad.wgsl); the bias gradient sums dy.
 *
 * How the work is cut (see the kernel headers): each dispatch computes 32 output channels;
 * the weights it needs (or, for the weight gradient, a chunk of dy rows) are first copied
 * into a 64 KiB uniform buffer, because on llvmpipe a uniform read costs about a tenth of a
 * storage read. Kernels larger than 3 x 3 run as 3 x 3 pieces (the last zero-padded) that
 * add up. Results are deterministic (fixed summation order, no atomics).
 *
 * @example
 * const y = conv2d(x, w, b, { padding: 1 });            // x [n, c, h, w], w [o, c, 3, 3]
 * const z = conv2d(x, w, undefined, { stride: 2, padding: [3, 3] });
 */
import { activeTape, noGrad, record } from "../autodiff/tape.ts";
import { gpu } from "../gpu/gpu.ts";
import { viewOf } from "../gpu/texture_pool.ts";
import { dispatchKernel, KERNELS } from "../gpu/kernel_dispatch.ts";
import { shapeText, Tensor } from "../tensor.ts";
import type { Conv2dGeometry, Conv2dOptions } from "./conv_geometry.ts";
import { zeros } from "./creation.ts";
import {
  WINOGRAD_MIN_CHANNELS,
  winogradFits,
  winogradForward,
  winogradInputGrad,
  winogradWeightGrad,
} from "./conv_winograd.ts";
import { sum, sumToShape } from "./reduce.ts";
import { add } from "./binary.ts";
import { reshape } from "./shape.ts";
import { arrayView, grid, lanes, MAX_LOOP, releaseTextures, sameShape } from "./util.ts";

import {
  type Axis,
  BLOCK,
  CHUNK,
  chunk,
  chunkRunBuffer,
  chunkRunLimit,
  columnsPer,
  directConv,
  directWritesNchw,
  groupsComputed,
  groupsOf,
  NARROW_CHANNELS,
  narrowWeightGrad,
  phaseAxis,
  pieces,
  unpack,
  WGRAD_COLUMNS,
  WGRAD_WORKGROUPS,
} from "./conv_direct.ts";

export type { Conv2dGeometry, Conv2dOptions } from "./conv_geometry.ts";

/** Widest output supported: two padded rows of 32 channels of dy fill the chunk. */
const MAX_WIDTH = 248;
const pair = (v: number | readonly [number, number] | undefined, fallback: number) =>
  v === undefined ? [fallback, fallback] : typeof v === "number" ? [v, v] : [v[0], v[1]];

/**
 * Checks shapes and options and returns the convolution's sizes; errors name `conv2d` and
 * the shapes.
 */
export function conv2dGeometry(
  xShape: readonly number[],
  wShape: readonly number[],
  options: Conv2dOptions = {},
): Conv2dGeometry {
  const what = `input ${shapeText(xShape)}, weight ${shapeText(wShape)}`;
  const fail = (why: string): never => {
    throw new Error(`conv2d: ${why} (${what})`);
  };
  if (xShape.length !== 4) fail("the input must be [n, c, h, w]");
  if (wShape.length !== 4) fail("the weight must be [o, c, kh, kw]");
  const [n, c, h, w] = xShape;
  const [o, cw, kh, kw] = wShape;
  if (c !== cw) fail(`the input has ${c} channels but the weight expects ${cw}`);
  const [sh, sw] = pair(options.stride, 1);
  const [ph, pw] = pair(options.padding, 0);
  for (const s of [sh, sw]) {
    if (!Number.isInteger(s) || s < 1) fail(`stride ${s} must be a positive integer`);
  }
  for (const q of [ph, pw]) {
    if (!Number.isInteger(q) || q < 0) fail(`padding ${q} must be a non-negative integer`);
  }
  if (o < 1 || kh < 1 || kw < 1 || c < 1) fail("empty weight");
  if (kh > h + 2 * ph || kw > w + 2 * pw) {
    fail(`the ${kh}x${kw} kernel is larger than the padded ${h + 2 * ph}x${w + 2 * pw} input`);
  }
  const oh = Math.floor((h + 2 * ph - kh) / sh) + 1;
  const ow = Math.floor((w + 2 * pw - kw) / sw) + 1;
  // the weight gradient needs two rows of dy, padded to whole blocks, in one chunk
  if (ow > MAX_WIDTH) fail(`output width ${ow} is over the supported ${MAX_WIDTH}`);
  const sizes = { n, c, h, w, o, kh, kw, sh, sw, ph, pw, oh, ow, algorithm: "direct" as const };
  const choice = options.algorithm ?? "auto";
  if (!["auto", "direct", "winograd"].includes(choice)) {
    fail(`unknown algorithm "${choice}" (auto, direct or winograd)`);
  }
  const pays = Math.min(c, o) >= WINOGRAD_MIN_CHANNELS;
  if (choice === "direct" || (choice === "auto" && !pays) || !winogradFits(sizes)) {
    if (choice === "winograd") {
      fail(
        "Winograd needs a 3x3 kernel, stride 1, padding 1, channel counts that are multiples " +
          "of 4 and transformed tensors within the buffer limits",
      );
    }
    return sizes;
  }
  return { ...sizes, algorithm: "winograd" };
}

/**
 * The forward convolution, plus bias, shift and residual (see Conv2dOptions), not recorded on
 * the tape.
 */
export function conv2dForward(
  x: Tensor,
  weight: Tensor,
  bias: Tensor | undefined,
  g: Conv2dGeometry,
  shift?: Tensor,
  residual?: Tensor,
  keepV?: (v: Tensor) => void,
): Tensor {
  if (g.algorithm === "winograd") {
    // Winograd writes its own output: the additions as separate ops
    return noGrad(() => {
      let y = winogradForward(x, weight, bias, g, keepV);
      for (const [t, shape] of [[shift, [g.n, g.o, 1, 1]], [residual, null]] as const) {
        if (!t) continue;
        const s = shape ? reshape(t, shape) : t;
        const next = shape ? add(y, s) : add(s, y);
        if (s !== t) s.dispose();
        y.dispose();
        y = next;
      }
      return y;
    });
  }
  const o4 = groupsOf(g.o);
  const rows = {
    taps: g.kh,
    base: 0,
    step: 1,
    stride: g.sh,
    pad: g.ph,
    out: g.oh,
    origin: 0,
    outStep: 1,
  };
  const cols = {
    taps: g.kw,
    base: 0,
    step: 1,
    stride: g.sw,
    pad: g.pw,
    out: g.ow,
    origin: 0,
    outStep: 1,
  };
  // NCHW straight from the kernel where its blocks tile whole vec4s, else y4 and an unpacking
  const nchw = directWritesNchw(rows, cols, g.o);
  const y4 = new Tensor(nchw ? [g.n, g.o, g.oh, g.ow] : [g.n * o4 * g.oh * g.ow * 4]);
  const ub = chunk();
  directConv(
    x,
    y4,
    { o4, h: g.oh, w: g.ow },
    g.o,
    rows,
    cols,
    (ob, c0, count, rp, cp) => {
      const total = count * rp.count * cp.count * 32;
      dispatchKernel(KERNELS.conv2d.pack, {
        buffers: [weight.buffer, ub],
        params: {
          total,
          kh: rp.count,
          kw: cp.count,
          c0,
          ob: ob * BLOCK,
          o: g.o,
          c: g.c,
          khf: g.kh,
          kwf: g.kw,
          a0: rp.first,
          b0: cp.first,
        },
        workgroups: grid(total),
      });
    },
    nchw ? { bias, shift, residual } : undefined,
  );
  if (nchw) return y4;
  const y = unpack(y4, o4, [g.n, g.o, g.oh, g.ow], bias, shift, residual);
  y4.dispose();
  return y;
}

/** The gradient of the input: dx [n, c, h, w] from dy [n, o, oh, ow]. */
export function conv2dInputGrad(dy: Tensor, weight: Tensor, g: Conv2dGeometry): Tensor {
  if (g.algorithm === "winograd") return winogradInputGrad(dy, weight, g);
  const c4 = groupsOf(g.c);
  const phases: [Axis, Axis][] = [];
  let complete = true;
  for (let ry = 0; ry < g.sh; ry++) {
    for (let rx = 0; rx < g.sw; rx++) {
      const rows = phaseAxis(g.kh, g.sh, g.ph, g.h, ry);
      const cols = phaseAxis(g.kw, g.sw, g.pw, g.w, rx);
      if (rows && cols) phases.push([rows, cols]);
      else if (ry < g.h && rx < g.w) complete = false;
    }
  }
  // one phase with every output (stride 1): NCHW straight from the kernel where it can
  const nchw = complete && phases.length === 1 && directWritesNchw(...phases[0], g.c);
  const size = g.n * c4 * g.h * g.w * 4;
  const dx4 = nchw
    ? new Tensor([g.n, g.c, g.h, g.w])
    : complete
    ? new Tensor([size])
    : zeros([size]);
  const ub = chunk();
  for (const [rows, cols] of phases) {
    directConv(dy, dx4, { o4: c4, h: g.h, w: g.w }, g.c, rows, cols, (cb, o0, count, rp, cp) => {
      const total = count * rp.count * cp.count * 32;
      dispatchKernel(KERNELS.conv2d_dgrad.pack, {
        buffers: [weight.buffer, ub],
        params: {
          total,
          th: rp.count,
          tw: cp.count,
          o0,
          cb: cb * BLOCK,
          o: g.o,
          c: g.c,
          khf: g.kh,
          kwf: g.kw,
          bh: rows.base + rows.step * rp.first,
          bw: cols.base + cols.step * cp.first,
          dh: rows.step,
          dw: cols.step,
          nth: rp.valid,
          ntw: cp.valid,
        },
        workgroups: grid(total),
      });
    }, nchw ? {} : undefined);
  }
  if (nchw) return dx4;
  const dx = unpack(dx4, c4, [g.n, g.c, g.h, g.w]);
  dx4.dispose();
  return dx;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * How many slices the direct weight gradient cuts each chunk's rows into: enough that a layer
 * with few input channels (one workgroup of 8 per 16 of them) still dispatches about
 * {@link WGRAD_WORKGROUPS} workgroups, so that llvmpipe keeps every core busy. Each slice
 * sums into its own copy of the gradient; the copies are added in slice order. Counted in
 * workgroups of 8 whatever the adapter's SIMD width (its `lanes`), so that the order of the
 * sums, and the bits, do not depend on it.
 */
export function wgradSlices(c: number): number {
  const workgroups = Math.ceil(Math.ceil(c / 2) / 8);
  return Math.max(1, Math.floor(WGRAD_WORKGROUPS / workgroups));
}

/** The gradient of the weight: dw [o, c, kh, kw] from x and dy. */
export function conv2dWeightGrad(
  x: Tensor,
  dy: Tensor,
  g: Conv2dGeometry,
  keptV?: Tensor,
): Tensor {
  if (g.algorithm === "winograd") return winogradWeightGrad(x, dy, g, keptV);
  // (one image's output positions must fit one kernel loop)
  if (g.c <= NARROW_CHANNELS && g.oh * g.ow <= MAX_LOOP) return narrowWeightGrad(x, dy, g);
  const o4 = groupsOf(g.o);
  const kk = g.kh * g.kw;
  const slices = wgradSlices(g.c);
  const sliceStride = o4 * g.c * kk; // vec4
  const dw4 = new Tensor([slices * sliceStride * 4]);
  const WB = columnsPer(g.ow, WGRAD_COLUMNS);
  const owb = Math.ceil(g.ow / WB);
  const owp = owb * WB;
  // dy rows go in pairs (oy, oy + 1) of one image; a chunk holds whole pairs
  const ohp = Math.ceil(g.oh / 2);
  const totalPairs = g.n * ohp;
  const runBuffer = chunkRunBuffer();
  // workgroups as wide as the SIMD lanes where that still leaves one for every core; at 512
  // bits a narrow layer's 16 invocations in one workgroup of 16 left a core idle (c16, 28x28:
  // 18.5 against 15.0 ms with workgroups of 8); the width changes no sum
  const invocations = Math.ceil(g.c / 2) * slices;
  const wg = invocations >= WGRAD_WORKGROUPS * lanes() ? lanes() : 8;
  const texture = gpu().flatTexture(x.buffer, x.size);
  const view = viewOf(texture);
  // a run of chunks is dy's positions in order, 4 to a texel, where no column or row is
  // padded and planes are whole texels: pack_dy4 then reads 4 positions a fetch
  const wide = owp === g.ow && g.ow % 2 === 0 && g.oh % 2 === 0 && (g.oh * g.ow) % 4 === 0;
  const dyTexture = gpu().flatTexture(dy.buffer, dy.size, wide ? "rgba32float" : "r32float");
  const dyView = wide ? arrayView(dyTexture) : viewOf(dyTexture);
  for (let ob = 0; ob < o4 / 8; ob++) {
    const G = groupsComputed(g.o - ob * BLOCK);
    const pairBytes = 2 * owp * G * 16;
    // chunks start at 256-byte offsets in a run: a multiple of `align` pairs fills 256 bytes
    // (align <= 8 / G, and a chunk holds at least 8 / G pairs while owp <= 256)
    const align = 256 / gcd(pairBytes, 256);
    const fit = Math.floor(CHUNK * 16 / pairBytes);
    const pairsPerChunk = fit - (fit % align);
    if (pairsPerChunk === 0) {
      throw new Error(`conv2dWeightGrad: ${owp} output columns per row pair is over 256`);
    }
    const chunkBytes = pairsPerChunk * pairBytes;
    // one dispatch of pack_dy (pack_dy4) packs a run of chunks
    const perRun = Math.max(1, Math.floor(chunkRunLimit.bytes / chunkBytes));
    for (let run0 = 0; run0 < totalPairs; run0 += perRun * pairsPerChunk) {
      const runPairs = Math.min(perRun * pairsPerChunk, totalPairs - run0);
      const total = runPairs * 2 * owp * 4 * G;
      dispatchKernel(KERNELS.conv2d_wgrad[wide ? "pack_dy4" : "pack_dy"], {
        constants: { G },
        buffers: [dyView, { buffer: runBuffer, offset: 0, size: runPairs * pairBytes }],
        params: { total, r0: run0, owp, ob: ob * BLOCK, o: g.o, oh: g.oh, ow: g.ow },
        workgroups: grid(total / (wide ? 16 : 4)),
      });
      for (const rp of pieces(g.kh)) {
        for (const cp of pieces(g.kw)) {
          for (let k = 0; k * pairsPerChunk < runPairs; k++) {
            const r0 = run0 + k * pairsPerChunk;
            const pairs = Math.min(pairsPerChunk, totalPairs - r0);
            dispatchKernel(KERNELS.conv2d_wgrad.main, {
              constants: { WG: wg, G, WB, KH: rp.count, KW: cp.count, SH: g.sh, SW: g.sw },
              buffers: [
                view,
                { buffer: runBuffer, offset: k * chunkBytes, size: CHUNK * 16 },
                dw4.buffer,
              ],
              params: {
                n: g.n,
                c: g.c,
                h: g.h,
                w: g.w,
                oh: g.oh,
                ow: g.ow,
                ph: g.ph - rp.first,
                pw: g.pw - cp.first,
                r0,
                rows: pairs,
                owb,
                owp,
                o4: ob * 8,
                khf: g.kh,
                kwf: g.kw,
                a0: rp.first,
                b0: cp.first,
                acc: r0 > 0 ? 1 : 0,
                ohp,
                slices,
                sliceStride,
              },
              workgroups: grid(invocations, wg),
            });
          }
        }
      }
    }
  }
  releaseTextures(texture, dyTexture);
  const dw = new Tensor([g.o, g.c, g.kh, g.kw]);
  dispatchKernel(KERNELS.conv2d_wgrad.unpack, {
    buffers: [dw4.buffer, dw.buffer],
    params: { o: g.o, ckk: g.c * kk, slices, sliceStride: sliceStride * 4 },
    workgroups: grid(g.o * g.c * kk),
  });
  dw4.dispose();
  return dw;
}

/**
 * 2-D convolution (cross-correlation, as in PyTorch) of `x` [n, c, h, w] with `weight`
 * [o, c, kh, kw], plus `bias` [o] if given; zero padding. The output is [n, o, oh, ow] with
 * oh = floor((h + 2 * padding - kh) / stride) + 1 (and likewise ow). Records gradients for
 * x, weight and bias on the active tape.
 *
 * @example
 * const x = new Rng(0).normal([8, 3, 32, 32]);
 * const w = new Rng(1).normal([16, 3, 3, 3]);
 * const y = conv2d(x, w, zeros([16]), { padding: 1 });       // [8, 16, 32, 32]
 * const down = conv2d(x, w, undefined, { stride: 2 });       // [8, 16, 15, 15]
 */
export function conv2d(
  x: Tensor,
  weight: Tensor,
  bias?: Tensor,
  options: Conv2dOptions = {},
): Tensor {
  const g = conv2dGeometry(x.shape, weight.shape, options);
  if (x.dtype !== "f32" || weight.dtype !== "f32" || (bias && bias.dtype !== "f32")) {
    throw new TypeError(
      `conv2d: expected f32 tensors (input ${shapeText(x.shape)}, weight ${
        shapeText(weight.shape)
      })`,
    );
  }
  if (bias && (bias.rank !== 1 || bias.shape[0] !== g.o)) {
    throw new Error(
      `conv2d: bias ${shapeText(bias.shape)} must be [${g.o}] for weight ${
        shapeText(weight.shape)
      }`,
    );
  }
  const { shift, residual } = options;
  if (shift && (shift.dtype !== "f32" || !sameShape(shift.shape, [g.n, g.o]))) {
    throw new Error(
      `conv2d: shift ${shapeText(shift.shape)} must be f32 [${g.n}, ${g.o}] for input ${
        shapeText(x.shape)
      } and weight ${shapeText(weight.shape)}`,
    );
  }
  if (
    residual && (residual.dtype !== "f32" || !sameShape(residual.shape, [g.n, g.o, g.oh, g.ow]))
  ) {
    throw new Error(
      `conv2d: residual ${
        shapeText(residual.shape)
      } must be f32 [${g.n}, ${g.o}, ${g.oh}, ${g.ow}] ` +
        `for input ${shapeText(x.shape)} and weight ${shapeText(weight.shape)}`,
    );
  }
  const tape = activeTape();
  // Winograd's weight gradient takes the forward's transformed input instead of making it
  // again (the same values), when the weight's gradient will be asked for
  let keptV: Tensor | undefined;
  const keepV = tape?.tracked.has(weight) ? (v: Tensor) => (keptV = v) : undefined;
  const y = conv2dForward(x, weight, bias, g, shift, residual, keepV);
  const inputs = [
    x,
    weight,
    ...(bias ? [bias] : []),
    ...(shift ? [shift] : []),
    ...(residual ? [residual] : []),
  ];
  const wanted = (t: Tensor) => tape?.tracked.has(t) !== false;
  record("conv2d", inputs, y, (dy) => {
    const grads: (Tensor | null)[] = [
      wanted(x) ? conv2dInputGrad(dy, weight, g) : null,
      wanted(weight) ? conv2dWeightGrad(x, dy, g, keptV) : null,
    ];
    if (bias) grads.push(wanted(bias) ? sum(dy, [0, 2, 3]) : null);
    if (shift) {
      // as add's rule, then reshape's: dy summed to [n, o, 1, 1], as [n, o]
      let ds: Tensor | null = null;
      if (wanted(shift)) {
        const s4 = sumToShape(dy, [g.n, g.o, 1, 1]);
        ds = reshape(s4, [g.n, g.o]);
        s4.dispose();
      }
      grads.push(ds);
    }
    if (residual) grads.push(wanted(residual) ? dy : null);
    return grads;
  }, keptV ? [keptV] : []);
  return y;
}
