/**
 * The direct convolution kernels' machinery (kernels/conv2d.wgsl, conv2d_dgrad.wgsl,
 * conv2d_wgrad.wgsl, conv2d_wgrad_narrow.wgsl): how the work is cut into dispatches of 32
 * output channels, kernels larger than 3 x 3 into 3 x 3 pieces, stride phases of the input
 * gradient, and the uniform chunk the weights stream through. lib/ops/conv.ts is the API.
 *
 * @example
 * const y4 = directConv(x, w4, axes, g); // internal: see conv2dForward
 * @module
 */
import { glOrBrowser, llvmpipeBits } from "../gpu/adapter.ts";
import { gpu } from "../gpu/gpu.ts";
import { viewOf } from "../gpu/texture_pool.ts";
import { dispatchKernel, KERNELS } from "../gpu/kernel_dispatch.ts";
import { Tensor } from "../tensor.ts";
import type { Conv2dGeometry } from "./conv_geometry.ts";
import { sum } from "./reduce.ts";
import { arrayView, grid, gridLanes, lanes, MAX_LOOP, releaseTextures, textureOf } from "./util.ts";

export type { Conv2dGeometry, Conv2dOptions } from "./conv_geometry.ts";

/** Output channels per dispatch (8 vec4 accumulators per pixel). */
export const BLOCK = 32;
/** vec4 slots of the 64 KiB uniform chunk. */
export const CHUNK = 4096;
/**
 * Output columns per invocation (kernel override WB) to choose from. Each distinct value is
 * a shader variant to compile (seconds on llvmpipe, cached on disk by Mesa), so the list is
 * short: 14 fits 28 / 14 wide maps, 8 fits 32 / 16 / 8, 4 the small ones.
 */
export const COLUMNS = [14, 8, 4];
/** The same for the weight gradient, which takes two rows of dy per step. */
export const WGRAD_COLUMNS = [7, 4];
/** Workgroups the weight gradient aims for per dispatch, by slicing rows (wgradSlices). */
export const WGRAD_WORKGROUPS = 2;
/** Most taps per axis one dispatch handles; larger kernels are split. */
export const MAX_TAPS = 3;

/** One axis of a direct convolution run by conv2d.wgsl `main`. */
export interface Axis {
  /** Taps along this axis, and the weight tap of tap t: base + step * t. */
  taps: number;
  base: number;
  step: number;
  /** Input index of output i, tap t: i * stride - pad + t. */
  stride: number;
  pad: number;
  /** Outputs computed, written at origin + i * outStep. */
  out: number;
  origin: number;
  outStep: number;
}

/** A run of taps of an axis: `count` taps from `first`, of which `valid` are real. */
export interface Piece {
  first: number;
  count: number;
  valid: number;
}

/**
 * The pieces one dispatch handles: all taps when there are at most MAX_TAPS, else runs of
 * MAX_TAPS, the last zero-padded (so one shader variant serves every larger kernel).
 */
export function pieces(taps: number): Piece[] {
  if (taps <= MAX_TAPS) return [{ first: 0, count: taps, valid: taps }];
  const list: Piece[] = [];
  for (let first = 0; first < taps; first += MAX_TAPS) {
    list.push({ first, count: MAX_TAPS, valid: Math.min(MAX_TAPS, taps - first) });
  }
  return list;
}

/** The block width from `menu` that pads `ow` least (the widest on ties). */
export function columnsPer(ow: number, menu = COLUMNS): number {
  let best = menu[0];
  for (const wb of menu) {
    if (Math.ceil(ow / wb) * wb < Math.ceil(ow / best) * best) best = wb;
  }
  return best;
}

/**
 * Output rows per invocation of conv2d.wgsl `main` (override R) for `out` rows of `wb`
 * columns and `g` vec4 groups of output channels: 4 where that covers no more rows than 2
 * does and the accumulators (R x wb pixels of g vec4) stay within 256 vec4 (the U-Net's 28-
 * row maps of 16 channels and its 7 x 7 maps), else 2, or 1 for a single row. On llvmpipe
 * the taller tile, each channel's weights serving twice the pixels, measured faster (a forward
 * pass at 512 bits: c16 28 x 28 1.03-1.08x, c32 7 x 7 1.2x); 4 is taken only where `deep`
 * ({@link deepRows}): through GL the longer kernel compiles slowly. R changes no sum.
 *
 * @example
 * rowsPer(28, 14, 4, true); // 4
 * rowsPer(14, 14, 4, true); // 2: 4 would cover 16 rows
 */
export function rowsPer(out: number, wb: number, g: number, deep: boolean): number {
  if (out <= 1) return 1;
  const fits = 4 * wb * g <= 256 && Math.ceil(out / 4) * 4 <= Math.ceil(out / 2) * 2;
  return deep && fits ? 4 : 2;
}

/**
 * Whether conv2d.wgsl `main` may take 4 rows ({@link rowsPer}): `deep` true or false, or
 * null (the default) for llvmpipe other than through GL. Tests set it to compare the two.
 */
export const deepRows: { deep: boolean | null } = { deep: null };

function takesDeepRows(): boolean {
  if (deepRows.deep !== null) return deepRows.deep;
  const name = gpu().adapterName;
  return llvmpipeBits(name) !== null && !glOrBrowser(name);
}

/** Bytes of consecutive chunks that {@link chunkRunBuffer} holds (one 64 KiB window more). */
export const CHUNK_RUN_BYTES = 8 << 20;
/** The bytes of chunks one run packs: {@link CHUNK_RUN_BYTES}; tests lower it (never raise). */
export const chunkRunLimit = { bytes: CHUNK_RUN_BYTES };

const uniformBuffers = new Map<string, { device: GPUDevice; buffer: GPUBuffer }>();

/** One buffer per label and device, usable as a uniform and as storage. */
function sharedUniform(label: string, size: number): GPUBuffer {
  const device = gpu().device;
  let held = uniformBuffers.get(label);
  if (held?.device !== device) {
    const usage = GPUBufferUsage.UNIFORM | GPUBufferUsage.STORAGE;
    held = { device, buffer: device.createBuffer({ label, size, usage }) };
    uniformBuffers.set(label, held);
  }
  return held.buffer;
}

/**
 * The 64 KiB buffer that holds one chunk of weights (or of dy) as a uniform. One buffer
 * serves every dispatch: commands run in order, so each pack waits for the previous use.
 */
export const chunk = (): GPUBuffer => sharedUniform("conv2d uniform chunk", CHUNK * 16);

/**
 * A buffer of {@link CHUNK_RUN_BYTES} + 64 KiB that holds a run of consecutive chunks, packed
 * by one dispatch and each bound as a uniform through a 64 KiB window at a 256-byte aligned
 * offset (the weight gradient's dy). One buffer serves every dispatch, as {@link chunk}.
 */
export const chunkRunBuffer = (): GPUBuffer =>
  sharedUniform("conv2d uniform chunk run", CHUNK_RUN_BYTES + CHUNK * 16);

/**
 * Whether conv2d.wgsl `main` may write NCHW itself (override NCHW) instead of y4: not through
 * GL or a browser (their shader compilers take minutes over the longer kernel: session 13's
 * measurements in results/benchmarks.md), or as tests set it (`on`: true or false).
 */
export const nchwOutput: { on: boolean | null } = { on: null };

function writesNchw(): boolean {
  if (nchwOutput.on !== null) return nchwOutput.on;
  return !glOrBrowser(gpu().adapterName);
}

/**
 * The output rows of a block of `wb` columns that conv2d.wgsl `main` cuts into `r`
 * accumulator rows (override SEG: 1, or 2 where an output row is two accumulator rows of
 * 14), when the invocations' pixels make whole aligned vec4 runs of each NCHW plane: blocks
 * of 4, 8 or 12 columns that tile the rows, or 14 columns covering whole rows of 14 or 28
 * in pairs of accumulator rows; and no partial block of rows. Null where they do not.
 *
 * @example
 * nchwSegments(28, 28, 14, 4); // 2: each invocation writes 2 rows of 28
 * nchwSegments(7, 7, 8, 4); // null: 49-pixel planes are not whole vec4s
 */
export function nchwSegments(oh: number, ow: number, wb: number, r: number): number | null {
  if (wb % 4 === 0) return ow % wb === 0 && oh % r === 0 ? 1 : null;
  if (wb !== 14 || r % 2 !== 0 || (ow !== 14 && ow !== 28)) return null;
  const seg = ow / 14;
  return oh % (r / seg) === 0 ? seg : null;
}

/**
 * Whether {@link directConv} writes `outChannels` x rows.out x cols.out in NCHW (every
 * block of 32 output channels fits {@link nchwSegments}; outputs in order, one phase).
 */
export function directWritesNchw(rows: Axis, cols: Axis, outChannels: number): boolean {
  if (!writesNchw()) return false;
  if (rows.origin !== 0 || rows.outStep !== 1 || cols.origin !== 0 || cols.outStep !== 1) {
    return false;
  }
  const WB = columnsPer(cols.out);
  const deep = takesDeepRows();
  for (let ob = 0; ob < Math.ceil(outChannels / BLOCK); ob++) {
    const R = rowsPer(rows.out, WB, groupsComputed(outChannels - ob * BLOCK), deep);
    if (nchwSegments(rows.out, cols.out, WB, R) === null) return false;
  }
  return true;
}

/** What the last dispatch of each block adds to an NCHW output, as {@link unpack} would. */
export interface Epilogue {
  bias?: Tensor;
  /** [n, o]: one value per image and channel. */
  shift?: Tensor;
  /** [n, o, h, w]. */
  residual?: Tensor;
}

/**
 * Records y4 (+)= direct convolution of `src` [n, cs, hs, ws]: for every block of 32 output
 * channels, every <= 3 x 3 piece of taps and every chunk of input channels, one `pack`
 * (through `packWeights`) and one conv2d.wgsl `main` dispatch. With `nchw` (only where
 * {@link directWritesNchw}), y4 is y [n, outChannels, rows.out, cols.out] itself and the
 * last dispatch of each block adds the epilogue.
 */
export function directConv(
  src: Tensor,
  y4: Tensor,
  y4Shape: { o4: number; h: number; w: number },
  outChannels: number,
  rows: Axis,
  cols: Axis,
  packWeights: (ob: number, c0: number, count: number, r: Piece, c: Piece) => void,
  nchw?: Epilogue,
): void {
  const [n, cs, hs, ws] = src.shape;
  const WB = columnsPer(cols.out);
  const deep = takesDeepRows();
  const ub = chunk();
  const texture = gpu().flatTexture(src.buffer, src.size);
  const view = viewOf(texture);
  const rowPieces = pieces(rows.taps);
  const colPieces = pieces(cols.taps);
  for (let ob = 0; ob < Math.ceil(outChannels / BLOCK); ob++) {
    const G = groupsComputed(outChannels - ob * BLOCK);
    const R = rowsPer(rows.out, WB, G, deep);
    const SEG = nchw ? nchwSegments(rows.out, cols.out, WB, R) : 1;
    if (SEG === null) throw new Error("directConv: NCHW output where directWritesNchw is false");
    const owb = Math.ceil(cols.out / (WB * SEG));
    const ohb = Math.ceil(rows.out / (R / SEG));
    let acc = 0;
    for (const rp of rowPieces) {
      for (const cp of colPieces) {
        const perChannel = rp.count * cp.count * 8;
        const most = Math.floor(CHUNK / perChannel);
        for (let c0 = 0; c0 < cs; c0 += most) {
          const count = Math.min(most, cs - c0);
          const last = rp === rowPieces.at(-1) && cp === colPieces.at(-1) && c0 + count >= cs;
          packWeights(ob, c0, count, rp, cp);
          dispatchKernel(KERNELS.conv2d.main, {
            constants: {
              WG: lanes(),
              G,
              WB,
              R,
              SEG,
              KH: rp.count,
              KW: cp.count,
              SH: rows.stride,
              SW: cols.stride,
              NCHW: nchw ? 1 : 0,
              HAS_BIAS: nchw?.bias ? 1 : 0,
              HAS_SHIFT: nchw?.shift ? 1 : 0,
              HAS_RES: nchw?.residual ? 1 : 0,
            },
            // (the uniform chunk stands in for an epilogue tensor that is not there)
            buffers: [
              view,
              ub,
              y4.buffer,
              nchw?.bias?.buffer ?? ub,
              nchw?.shift?.buffer ?? ub,
              nchw?.residual?.buffer ?? ub,
            ],
            params: {
              n,
              c: cs,
              h: hs,
              w: ws,
              oh: rows.out,
              ow: cols.out,
              ohb,
              owb,
              c0,
              cs: count,
              ph: rows.pad - rp.first,
              pw: cols.pad - cp.first,
              yo4: y4Shape.o4,
              o4: ob * 8,
              yh: y4Shape.h,
              yw: y4Shape.w,
              y0: rows.origin,
              x0: cols.origin,
              ysh: rows.outStep,
              ysw: cols.outStep,
              acc,
              o: outChannels,
              last: last ? 1 : 0,
            },
            workgroups: gridLanes(n * ohb * owb),
          });
          acc = 1;
        }
      }
    }
  }
  releaseTextures(texture);
}

/** y [n, o, hw] from y4 [n, o4, hw] vec4, plus bias, shift [n, o] and residual [n, o, hw]. */
export function unpack(
  y4: Tensor,
  o4: number,
  shape: readonly number[],
  bias?: Tensor,
  shift?: Tensor,
  residual?: Tensor,
): Tensor {
  const [n, o, h, w] = shape;
  const y = new Tensor(shape);
  // y4 read through a texture, 4 channels x 4 pixels per invocation: unpack4 where planes are
  // whole vec4s, else unpack1 (which reads the residual through a texture too)
  const hw = h * w;
  const four = hw % 4 === 0;
  const yt = textureOf(y4, 0);
  const rt = yt && !four && residual ? textureOf(residual, 0) : null;
  const entry = !yt || (residual && !four && !rt) ? "unpack" : four ? "unpack4" : "unpack1";
  const resBinding = entry !== "unpack1" ? (residual ?? y4).buffer : arrayView(rt ?? yt!);
  dispatchKernel(KERNELS.conv2d[entry], {
    constants: { HAS_BIAS: bias ? 1 : 0, HAS_SHIFT: shift ? 1 : 0, HAS_RES: residual ? 1 : 0 },
    buffers: [
      entry !== "unpack" ? arrayView(yt!) : y4.buffer,
      (bias ?? y4).buffer,
      y.buffer,
      (shift ?? y4).buffer,
      resBinding,
    ],
    params: { n, o, yo4: o4, hw },
    workgroups: grid(
      entry === "unpack"
        ? n * o * hw
        : entry === "unpack4"
        ? (n * o4 * hw) / 4
        : n * o4 * Math.ceil(hw / 4),
    ),
  });
  releaseTextures(yt, rt);
  return y;
}

/**
 * The vec4 groups (override G of conv2d.wgsl and conv2d_wgrad.wgsl) that a block of 32
 * output channels computes when `channels` of them remain: 1, 2, 4 or all 8, so that a
 * 16-channel layer does not pay for 32.
 */
export function groupsComputed(channels: number): number {
  return channels <= 4 ? 1 : channels <= 8 ? 2 : channels <= 16 ? 4 : 8;
}

/** Vec4 groups of the channel-interleaved layouts: whole blocks of 32 channels. */
export const groupsOf = (channels: number) => Math.ceil(channels / BLOCK) * 8;

/** One axis of one stride phase of the input gradient (null: no taps or no outputs). */
export function phaseAxis(k: number, s: number, p: number, size: number, r: number): Axis | null {
  const k0 = (r + p) % s;
  const taps = k0 < k ? Math.ceil((k - k0) / s) : 0;
  const out = r < size ? Math.ceil((size - r) / s) : 0;
  if (taps === 0 || out === 0) return null;
  const q = (r + p - k0) / s;
  return {
    taps,
    base: k0 + s * (taps - 1),
    step: -s,
    stride: 1,
    pad: taps - 1 - q,
    out,
    origin: r,
    outStep: s,
  };
}

/**
 * Input channels up to which the weight gradient runs conv2d_wgrad_narrow.wgsl (one
 * invocation per 8 output channels, input channel and batch slice) instead of
 * conv2d_wgrad.wgsl (one per pair of input channels: too few to keep the CPU busy).
 */
export const NARROW_CHANNELS = 7;
/** Invocations the narrow weight gradient aims for (batch slices x c x groups of 8 of o). */
export const NARROW_INVOCATIONS = 2048;

/** The weight gradient for inputs with few channels: partial sums per batch slice, summed. */
export function narrowWeightGrad(x: Tensor, dy: Tensor, g: Conv2dGeometry): Tensor {
  const positions = g.oh * g.ow; // <= MAX_LOOP (the caller checks)
  // enough slices to fill the CPU, and few enough images per slice for the loop limit
  const groups = Math.ceil(g.o / 8) * g.c;
  const perMax = Math.floor(MAX_LOOP / positions);
  const per = Math.max(
    1,
    Math.min(perMax, Math.ceil(g.n / Math.ceil(NARROW_INVOCATIONS / groups))),
  );
  const split = Math.ceil(g.n / per);
  const kk = g.kh * g.kw;
  const part = new Tensor([split, g.o * g.c * kk]);
  const xt = gpu().flatTexture(x.buffer, x.size);
  // four positions a step where they lie in one rgba texel of dy (the same sums)
  const dy4 = g.sw === 1 && g.ow % 4 === 0 ? textureOf(dy, 0) : null;
  const dyt = dy4 ?? gpu().flatTexture(dy.buffer, dy.size);
  const entry = dy4 ? "main4" : "main";
  const buffers = [viewOf(xt), dy4 ? arrayView(dy4) : viewOf(dyt), part.buffer] as const;
  for (const rp of pieces(g.kh)) {
    for (const cp of pieces(g.kw)) {
      dispatchKernel(KERNELS.conv2d_wgrad_narrow[entry], {
        constants: { KH: rp.count, KW: cp.count, SH: g.sh, SW: g.sw },
        buffers,
        params: {
          n: g.n,
          c: g.c,
          h: g.h,
          w: g.w,
          o: g.o,
          oh: g.oh,
          ow: g.ow,
          ph: g.ph - rp.first,
          pw: g.pw - cp.first,
          khf: g.kh,
          kwf: g.kw,
          a0: rp.first,
          b0: cp.first,
          per,
          split,
        },
        workgroups: grid(split * groups),
      });
    }
  }
  releaseTextures(xt, dyt);
  const total = split === 1 ? part : sum(part, [0]);
  const dw = new Tensor([g.o, g.c, g.kh, g.kw], "f32", total);
  part.dispose();
  total.dispose();
  return dw;
}
