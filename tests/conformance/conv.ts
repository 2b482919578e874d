/**
 * conv2d (lib/ops/conv.ts): forward against a float64 reference, gradients of input, weight
 * and bias by finite differences, and shape errors. Shapes are small and chosen so that the
 * cases share shader variants (each variant is compiled once; Mesa caches it on disk).
 */
import { assert } from "./assert.ts";
import { valueAndGrad } from "../../lib/autodiff/grad.ts";
import { dispose, tidy } from "../../lib/autodiff/scope.ts";
import { conv2d, conv2dGeometry, type Conv2dOptions } from "../../lib/ops/conv.ts";
import { chunkRunLimit } from "../../lib/ops/conv_direct.ts";
import { mul } from "../../lib/ops/binary.ts";
import { gpu } from "../../lib/gpu/gpu.ts";
import { zeros } from "../../lib/ops/creation.ts";
import { sum } from "../../lib/ops/reduce.ts";
import { assertClose, checkGrad, prng, randArr, toTensor } from "./check.ts";
import type { Tensor } from "../../lib/tensor.ts";
import type { Arr } from "../ref.ts";
import { test } from "./suite.ts";

type Pair = [number, number];

/** Float64 cross-correlation with zero padding, PyTorch semantics. */
function convRef(x: Arr, w: Arr, b: Arr | null, stride: Pair, pad: Pair): Arr {
  const [n, c, h, wd] = x.shape;
  const [o, , kh, kw] = w.shape;
  const oh = Math.floor((h + 2 * pad[0] - kh) / stride[0]) + 1;
  const ow = Math.floor((wd + 2 * pad[1] - kw) / stride[1]) + 1;
  const out = new Float64Array(n * o * oh * ow);
  for (let i = 0; i < n; i++) {
    for (let q = 0; q < o; q++) {
      for (let y = 0; y < oh; y++) {
        for (let z = 0; z < ow; z++) {
          let s = b ? b.data[q] : 0;
          for (let ch = 0; ch < c; ch++) {
            for (let a = 0; a < kh; a++) {
              const iy = y * stride[0] - pad[0] + a;
              if (iy < 0 || iy >= h) continue;
              for (let e = 0; e < kw; e++) {
                const ix = z * stride[1] - pad[1] + e;
                if (ix < 0 || ix >= wd) continue;
                s += x.data[((i * c + ch) * h + iy) * wd + ix] *
                  w.data[((q * c + ch) * kh + a) * kw + e];
              }
            }
          }
          out[((i * o + q) * oh + y) * ow + z] = s;
        }
      }
    }
  }
  return { shape: [n, o, oh, ow], data: out };
}

interface Case {
  what: string;
  x: number[];
  w: number[];
  bias: boolean;
  stride: Pair;
  pad: Pair;
  /** conv2d's `algorithm` option (default "auto"). */
  algorithm?: "direct" | "winograd";
}

const FORWARD: Case[] = [
  {
    what: "3x3, odd sizes, batch 2, bias",
    x: [2, 3, 5, 4],
    w: [5, 3, 3, 3],
    bias: true,
    stride: [1, 1],
    pad: [1, 1],
  },
  {
    what: "5x5, batch 1, no bias",
    x: [1, 2, 7, 4],
    w: [3, 2, 5, 5],
    bias: false,
    stride: [1, 1],
    pad: [2, 2],
  },
  {
    what: "7x7, stride 2, padding 3",
    x: [2, 3, 9, 8],
    w: [4, 3, 7, 7],
    bias: true,
    stride: [2, 2],
    pad: [3, 3],
  },
  {
    what: "1x1, stride 2",
    x: [3, 5, 7, 7],
    w: [6, 5, 1, 1],
    bias: false,
    stride: [2, 2],
    pad: [0, 0],
  },
  {
    what: "stride (2, 1), padding (1, 0)",
    x: [1, 3, 6, 6],
    w: [2, 3, 3, 3],
    bias: true,
    stride: [2, 1],
    pad: [1, 0],
  },
  {
    what: "60 -> 40 channels (two output blocks, two input chunks)",
    x: [1, 60, 3, 4],
    w: [40, 60, 3, 3],
    bias: true,
    stride: [1, 1],
    pad: [1, 1],
    algorithm: "direct",
  },
  // 3x3, stride 1, padding 1, channels in multiples of 4: Winograd F(4x4, 3x3)
  {
    what: "Winograd 60 -> 40 channels, 3x4 (one partial tile)",
    x: [1, 60, 3, 4],
    w: [40, 60, 3, 3],
    bias: true,
    stride: [1, 1],
    pad: [1, 1],
    algorithm: "winograd",
  },
  {
    what: "Winograd 8 -> 12 channels, 9x11 (partial tiles), batch 2",
    x: [2, 8, 9, 11],
    w: [12, 8, 3, 3],
    bias: true,
    stride: [1, 1],
    pad: [1, 1],
    algorithm: "winograd",
  },
  {
    what: "Winograd 4 -> 4 channels, 8x16 (whole tiles, vec4 rows), batch 3, no bias",
    x: [3, 4, 8, 16],
    w: [4, 4, 3, 3],
    bias: false,
    stride: [1, 1],
    pad: [1, 1],
    algorithm: "winograd",
  },
];

test("conv2d forward matches a float64 reference", async () => {
  const rand = prng(1);
  for (const c of FORWARD) {
    const x = randArr(rand, c.x);
    const w = randArr(rand, c.w);
    const b = c.bias ? randArr(rand, [c.w[0]]) : null;
    const expected = convRef(x, w, b, c.stride, c.pad);
    const tensors = [toTensor(x), toTensor(w), b ? toTensor(b) : undefined];
    const y = conv2d(tensors[0]!, tensors[1]!, tensors[2], {
      stride: c.stride,
      padding: c.pad,
      algorithm: c.algorithm,
    });
    assert.deepEqual(y.shape, expected.shape, c.what);
    assertClose(await y.data(), expected, c.what, 1e-4, 1e-4);
    dispose([tensors, y]);
  }
});

// Up to 7 input channels the weight gradient runs conv2d_wgrad_narrow (per 8 output channels
// and batch slice), from 8 on conv2d_wgrad (per pair of input channels): cases cover both.
const GRADIENTS: Case[] = [
  {
    what: "3x3, padding 1",
    x: [2, 3, 4, 4],
    w: [5, 3, 3, 3],
    bias: true,
    stride: [1, 1],
    pad: [1, 1],
  },
  {
    what: "3x3, stride 2, padding 1",
    x: [1, 2, 5, 8],
    w: [3, 2, 3, 3],
    bias: true,
    stride: [2, 2],
    pad: [1, 1],
  },
  {
    what: "1x1, padding 1, 11 output channels",
    x: [1, 3, 3, 4],
    w: [11, 3, 1, 1],
    bias: false,
    stride: [1, 1],
    pad: [1, 1],
  },
  {
    what: "5x5, padding 2",
    x: [1, 2, 4, 4],
    w: [2, 2, 5, 5],
    bias: true,
    stride: [1, 1],
    pad: [2, 2],
  },
  {
    what: "3x3, 9 channels (per channel pair), padding 1",
    x: [2, 9, 3, 5],
    w: [3, 9, 3, 3],
    bias: true,
    stride: [1, 1],
    pad: [1, 1],
  },
  {
    what: "5x5, 8 channels (per channel pair), stride (2, 1), padding 2",
    x: [1, 8, 5, 4],
    w: [2, 8, 5, 5],
    bias: false,
    stride: [2, 1],
    pad: [2, 2],
  },
  {
    what: "Winograd, 4 -> 8 channels, 5x6 (partial tiles)",
    x: [2, 4, 5, 6],
    w: [8, 4, 3, 3],
    bias: true,
    stride: [1, 1],
    pad: [1, 1],
    algorithm: "winograd",
  },
];

test("conv2d gradients of input, weight and bias by finite differences", async () => {
  const rand = prng(2);
  for (const c of GRADIENTS) {
    const inputs = [randArr(rand, c.x), randArr(rand, c.w)];
    if (c.bias) inputs.push(randArr(rand, [c.w[0]]));
    const options = { stride: c.stride, padding: c.pad, algorithm: c.algorithm };
    await checkGrad(
      `conv2d ${c.what}`,
      inputs,
      ([x, w, b]) => conv2d(x, w, b, options),
      ([x, w, b]) => convRef(x, w, b ?? null, c.stride, c.pad),
    );
  }
});

test("conv2d shift [n, o] and residual [n, o, oh, ow]: forward and gradients, direct and Winograd", async () => {
  const rand = prng(11);
  const ref = ([x, w, b, s, r]: Arr[]) => {
    const y = convRef(x, w, b, [1, 1], [1, 1]);
    const [, , oh, ow] = y.shape;
    const data = y.data.map((v, i) => {
      const no = Math.floor(i / (oh * ow));
      return v + s.data[no] + r.data[i];
    });
    return { shape: y.shape, data };
  };
  // 7 x 7 planes (unpack1), 4 x 4 (unpack4), and Winograd (which adds them as separate ops)
  for (
    const [x, o, algorithm] of [
      [[2, 3, 7, 7], 5, "direct"],
      [[2, 3, 4, 4], 6, "direct"],
      [[1, 4, 4, 4], 4, "winograd"],
    ] as const
  ) {
    const [n, c, h, wd] = x;
    const inputs = [
      randArr(rand, [...x]),
      randArr(rand, [o, c, 3, 3]),
      randArr(rand, [o]),
      randArr(rand, [n, o]),
      randArr(rand, [n, o, h, wd]),
    ];
    const op = ([x, w, b, s, r]: Tensor[]) =>
      conv2d(x, w, b, { padding: 1, shift: s, residual: r, algorithm });
    assertClose(
      await op(inputs.map(toTensor)).data(),
      ref(inputs),
      `conv2d shift + residual ${algorithm} ${x}`,
      1e-3,
      1e-4,
    );
    await checkGrad(`conv2d shift + residual ${algorithm} ${x}`, inputs, op, ref);
  }
  const x = toTensor(randArr(rand, [2, 3, 4, 4])), w = toTensor(randArr(rand, [5, 3, 3, 3]));
  assert.throws(
    () => conv2d(x, w, undefined, { padding: 1, shift: toTensor(randArr(rand, [5])) }),
    /conv2d: shift \[5\] must be f32 \[2, 5\] for input \[2, 3, 4, 4\] and weight \[5, 3, 3, 3\]/,
  );
  assert.throws(
    () => conv2d(x, w, undefined, { residual: toTensor(randArr(rand, [2, 5, 4, 4])) }),
    /conv2d: residual \[2, 5, 4, 4\] must be f32 \[2, 5, 2, 2\]/,
  );
});

for (const c of [2, 9]) {
  test(`conv2d gradients over many images, ${c} channels, match float64`, async () => {
    await manyImages(c, 3, 2, [70, 5, 8], "auto");
  });
}
test("conv2d gradients, 9 -> 46 channels (output blocks of 32 and 14), match float64", async () => {
  await manyImages(9, 46, 2, [12, 5, 8], "auto");
});
test("conv2d weight gradient: dy in several 64 KiB chunks, packed in several runs", async () => {
  // 9 -> 32 channels, 40 images of 4 x 8: 80 row pairs of 2 KiB, 32 to a 64 KiB chunk, so
  // 3 chunks (the later ones add to dw); runs of 2 chunks, so 2 runs
  const saved = chunkRunLimit.bytes;
  chunkRunLimit.bytes = 2 * 65536;
  try {
    await manyImages(9, 32, 1, [40, 4, 8], "auto");
  } finally {
    chunkRunLimit.bytes = saved;
  }
  // 9 -> 3 channels, 7 columns (a pair of rows is 224 bytes): 288 pairs to a chunk (292
  // fit; a multiple of 8 makes the next start at a 256-byte offset); 300 images, 2 chunks
  await manyImages(9, 3, 1, [300, 2, 7], "auto");
});
test("conv2d gradients over many images by Winograd (8 -> 12 channels), match float64", async () => {
  await manyImages(8, 12, 1, [40, 7, 9], "winograd");
});

/**
 * Gradients of a 3x3 convolution with padding 1 over many images, against float64. With
 * stride 2 and 70 images x 3 output rows: with 2 channels the weight gradient sums 70 batch
 * slices (conv2d_wgrad_narrow); with 9 it runs conv2d_wgrad (per pair of input channels).
 * With stride 1 and channels in multiples of 4 all three run as Winograd F(4x4, 3x3).
 */
async function manyImages(
  c: number,
  o: number,
  stride: number,
  [n, h, wd]: number[],
  algorithm: "auto" | "winograd",
) {
  const rand = prng(3);
  const oh = Math.floor((h + 2 - 3) / stride) + 1, ow = Math.floor((wd + 2 - 3) / stride) + 1;
  const x = randArr(rand, [n, c, h, wd]);
  const w = randArr(rand, [o, c, 3, 3]);
  const cot = randArr(rand, [n, o, oh, ow]);
  // reference gradients of L = sum(cot * conv(x, w)), padding 1
  const dx = new Float64Array(x.data.length);
  const dw = new Float64Array(w.data.length);
  for (let i = 0; i < n; i++) {
    for (let q = 0; q < o; q++) {
      for (let y = 0; y < oh; y++) {
        for (let z = 0; z < ow; z++) {
          const g = cot.data[((i * o + q) * oh + y) * ow + z];
          for (let ch = 0; ch < c; ch++) {
            for (let a = 0; a < 3; a++) {
              for (let e = 0; e < 3; e++) {
                const iy = y * stride - 1 + a;
                const ix = z * stride - 1 + e;
                if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
                const xi = ((i * c + ch) * h + iy) * wd + ix;
                const wi = ((q * c + ch) * 3 + a) * 3 + e;
                dx[xi] += g * w.data[wi];
                dw[wi] += g * x.data[xi];
              }
            }
          }
        }
      }
    }
  }
  const ct = toTensor(cot);
  const loss = (p: Tensor[]) =>
    tidy(() => sum(mul(conv2d(p[0], p[1], undefined, { stride, padding: 1, algorithm }), ct)));
  const { value, grads } = valueAndGrad(loss)([toTensor(x), toTensor(w)]);
  assertClose(await grads[0].data(), dx, "input gradient", 1e-4, 1e-4);
  assertClose(await grads[1].data(), dw, "weight gradient", 1e-4, 1e-3);
  dispose([ct, value, grads]);
}

test("conv2d shape errors name the op and the shapes", () => {
  const x = zeros([2, 3, 8, 8]);
  const w = zeros([4, 5, 3, 3]);
  const big = zeros([4, 3, 11, 11]);
  const good = zeros([4, 3, 3, 3]);
  assert.throws(
    () => conv2d(x, w),
    /conv2d: the input has 3 channels but the weight expects 5 \(input \[2, 3, 8, 8\], weight \[4, 5, 3, 3\]\)/,
  );
  assert.throws(
    () => conv2d(x, big, undefined, { padding: 1 }),
    /conv2d: the 11x11 kernel is larger than the padded 10x10 input \(input \[2, 3, 8, 8\], weight \[4, 3, 11, 11\]\)/,
  );
  assert.throws(
    () => conv2d(x, good, zeros([5])),
    /conv2d: bias \[5\] must be \[4\]/,
  );
  assert.throws(
    () => conv2d(zeros([3, 8, 8]), good),
    /conv2d: the input must be \[n, c, h, w\]/,
  );
  assert.throws(
    () => conv2d(x, good, undefined, { stride: 0 }),
    /conv2d: stride 0/,
  );
  dispose([x, w, big, good]);
});

test("conv2d algorithm: auto picks Winograd from 128 channels; errors name the reason", () => {
  const pick = (c: number, o: number, options: Conv2dOptions) =>
    conv2dGeometry([2, c, 14, 14], [o, c, 3, 3], options).algorithm;
  assert.equal(pick(128, 128, { padding: 1 }), "winograd");
  assert.equal(pick(96, 128, { padding: 1 }), "direct");
  assert.equal(pick(128, 128, { padding: 1, stride: 2 }), "direct");
  assert.equal(pick(128, 128, { padding: 1, algorithm: "direct" }), "direct");
  assert.equal(pick(8, 12, { padding: 1, algorithm: "winograd" }), "winograd");
  assert.throws(
    () => pick(6, 8, { padding: 1, algorithm: "winograd" }),
    /conv2d: Winograd needs a 3x3 kernel, stride 1, padding 1, channel counts that are multiples of 4.*input \[2, 6, 14, 14\]/,
  );
  assert.throws(
    () => pick(8, 8, { padding: 1, algorithm: "fft" as "direct" }),
    /conv2d: unknown algorithm "fft"/,
  );
});

test("conv2d by Winograd: a forward and backward pass returns buffers and textures", async () => {
  const rand = prng(5);
  const x = toTensor(randArr(rand, [2, 8, 6, 7]));
  const w = toTensor(randArr(rand, [12, 8, 3, 3]));
  const b = toTensor(randArr(rand, [12]));
  const stepOnce = () => {
    const { value, grads } = valueAndGrad((p: Tensor[]) =>
      tidy(() => sum(conv2d(p[0], p[1], p[2], { padding: 1, algorithm: "winograd" })))
    )([x, w, b]);
    dispose([value, grads]);
  };
  stepOnce();
  await gpu().sync();
  const buffers = gpu().pool.stats().liveBuffers;
  const textures = gpu().textures.stats().liveTextures;
  for (let i = 0; i < 3; i++) stepOnce();
  await gpu().sync();
  assert.equal(gpu().pool.stats().liveBuffers, buffers);
  assert.equal(gpu().textures.stats().liveTextures, textures);
  dispose([x, w, b]);
});
