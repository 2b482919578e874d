// Augmentation kernels against float64 CPU references, determinism, and the loader.
import { assert } from "./assert.ts";
import { mat3d } from "wgpu-matrix";
import { dispose } from "../../lib/autodiff/scope.ts";
import {
  affineResample,
  applyDsaPlan,
  colorJitter,
  cropFlipMatrices,
  cutmix,
  cutout,
  DSA_DEFAULTS,
  dsaAugment,
  dsaCutoutBox,
  dsaPlan,
  flipMatrix,
  fromAffine,
  HostRng,
  normalisedToPixel,
  packAffines,
  randomResizedCropFlip,
  toAffine,
} from "../../lib/data/augment.ts";
import type { Dataset } from "../../lib/data/dataset.ts";
import { type Batch, channelStats, Loader } from "../../lib/data/loader.ts";
import { fromArray } from "../../lib/ops/creation.ts";
import { Rng } from "../../lib/ops/random.ts";
import { slice } from "../../lib/ops/shape.ts";
import type { Tensor } from "../../lib/tensor.ts";
import { assertClose, checkGrad, prng, randArr, toTensor } from "./check.ts";
import type { Arr } from "../ref.ts";
import { test } from "./suite.ts";

const rand = prng(11);

/** The two batch shapes every kernel is checked on: odd sizes, RGB and grayscale. */
const SHAPES: [number, number, number, number][] = [[4, 3, 13, 11], [
  3,
  1,
  28,
  28,
]];

const f32 = async (t: Tensor) => (await t.data()) as Float32Array;
/** Whether two arrays hold the same f32 values, bit for bit. */
function bytesEqual(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  const ua = new Uint32Array(Float32Array.from(a).buffer);
  const ub = new Uint32Array(Float32Array.from(b).buffer);
  return ua.every((v, i) => v === ub[i]);
}

// ------------------------------------------------------------------------- references

/** Bilinear resampling through per-image 2x3 matrices (output pixel -> input pixel). */
function resampleRef(
  x: Arr,
  mats: ArrayLike<number>,
  oh: number,
  ow: number,
  pad: "zeros" | "border",
): Arr {
  const [n, c, h, w] = x.shape;
  const out = new Float64Array(n * c * oh * ow);
  const read = (b: number, ch: number, r: number, col: number) => {
    if (pad === "border") {
      r = Math.min(Math.max(r, 0), h - 1);
      col = Math.min(Math.max(col, 0), w - 1);
    } else if (r < 0 || r >= h || col < 0 || col >= w) return 0;
    return x.data[((b * c + ch) * h + r) * w + col];
  };
  for (let b = 0; b < n; b++) {
    const m = Array.from(mats).slice(6 * b, 6 * b + 6);
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const u = m[0] * ox + m[1] * oy + m[2];
        const v = m[3] * ox + m[4] * oy + m[5];
        const x0 = Math.floor(u), y0 = Math.floor(v);
        const ax = u - x0, ay = v - y0;
        for (let ch = 0; ch < c; ch++) {
          out[((b * c + ch) * oh + oy) * ow + ox] = (1 - ay) *
              ((1 - ax) * read(b, ch, y0, x0) + ax * read(b, ch, y0, x0 + 1)) +
            ay *
              ((1 - ax) * read(b, ch, y0 + 1, x0) +
                ax * read(b, ch, y0 + 1, x0 + 1));
        }
      }
    }
  }
  return { shape: [n, c, oh, ow], data: out };
}

/** DSA's colour transforms, literally: brightness, saturation, contrast in sequence. */
function colorRef(x: Arr, q: ArrayLike<number>): Arr {
  const [n, c, h, w] = x.shape;
  const hw = h * w;
  const out = new Float64Array(x.data.length);
  for (let b = 0; b < n; b++) {
    const img = Array.from(
      x.data.subarray(b * c * hw, (b + 1) * c * hw),
      (v) => v + q[4 * b],
    );
    const sat = img.slice();
    for (let k = 0; k < hw; k++) {
      let mc = 0;
      for (let ch = 0; ch < c; ch++) mc += img[ch * hw + k] / c;
      for (let ch = 0; ch < c; ch++) {
        sat[ch * hw + k] = (img[ch * hw + k] - mc) * q[4 * b + 1] + mc;
      }
    }
    const mean = sat.reduce((s, v) => s + v, 0) / sat.length;
    sat.forEach((
      v,
      k,
    ) => (out[b * c * hw + k] = (v - mean) * q[4 * b + 2] + mean));
  }
  return { shape: [...x.shape], data: out };
}

/** CutMix: pixels inside box b come from image partner[b]. */
function cutmixRef(
  x: Arr,
  partner: ArrayLike<number>,
  boxes: ArrayLike<number>,
): Arr {
  const [n, c, h, w] = x.shape;
  const out = new Float64Array(x.data.length);
  for (let b = 0; b < n; b++) {
    const [x0, y0, x1, y1] = Array.from(boxes).slice(4 * b, 4 * b + 4);
    for (let ch = 0; ch < c; ch++) {
      for (let r = 0; r < h; r++) {
        for (let col = 0; col < w; col++) {
          const inside = col >= x0 && col < x1 && r >= y0 && r < y1;
          const src = inside ? partner[b] : b;
          out[((b * c + ch) * h + r) * w + col] = x.data[((src * c + ch) * h + r) * w + col];
        }
      }
    }
  }
  return { shape: [...x.shape], data: out };
}

/** x times a mask that is 0 inside each image's box (x0, y0, x1, y1), half-open: cutout. */
function cutoutRef(x: Arr, boxes: ArrayLike<number>): Arr {
  const [n, c, h, w] = x.shape;
  const out = Float64Array.from(x.data);
  for (let b = 0; b < n; b++) {
    const [x0, y0, x1, y1] = Array.from(boxes).slice(4 * b, 4 * b + 4);
    for (let ch = 0; ch < c; ch++) {
      for (let r = Math.max(y0, 0); r < Math.min(y1, h); r++) {
        for (let col = Math.max(x0, 0); col < Math.min(x1, w); col++) {
          out[((b * c + ch) * h + r) * w + col] *= 0;
        }
      }
    }
  }
  return { shape: x.shape, data: out };
}

/**
 * rand_cutout's mask (utils.py:620-640), written as the reference computes it: the index
 * grid of a side x side square, offset and clamped into the image, set to 0.
 */
function randCutoutMaskRef(
  h: number,
  w: number,
  ratio: number,
  offsetRow: number,
  offsetCol: number,
): Float64Array {
  const size = [Math.trunc(h * ratio + 0.5), Math.trunc(w * ratio + 0.5)];
  const mask = new Float64Array(h * w).fill(1);
  const clamp = (v: number, hi: number) => Math.min(Math.max(v, 0), hi);
  for (let i = 0; i < size[0]; i++) {
    for (let j = 0; j < size[1]; j++) {
      const gx = clamp(i + offsetRow - Math.floor(size[0] / 2), h - 1);
      const gy = clamp(j + offsetCol - Math.floor(size[1] / 2), w - 1);
      mask[gx * w + gy] = 0;
    }
  }
  return mask;
}

/** PyTorch's affine_grid + grid_sample (align_corners=True, zeros) for one theta per image. */
function gridSampleRef(x: Arr, thetas: number[][]): Arr {
  const [, , h, w] = x.shape;
  const mats: number[] = [];
  for (const t of thetas) {
    // output pixel -> normalised -> theta -> input pixel, written out as one affine
    const sx = 2 / (w - 1),
      sy = 2 / (h - 1),
      ux = (w - 1) / 2,
      uy = (h - 1) / 2;
    mats.push(
      ux * t[0] * sx,
      ux * t[1] * sy,
      ux * (t[2] - t[0] - t[1]) + ux,
      uy * t[3] * sx,
      uy * t[4] * sy,
      uy * (t[5] - t[3] - t[4]) + uy,
    );
  }
  return resampleRef(x, mats, h, w, "zeros");
}

/** A random affine (rotation, anisotropic scale, shear, shift) that leaves some taps out. */
function randomAffine(h: number, w: number): number[] {
  const a = (rand() - 0.5) * 1.2;
  const s = 0.6 + rand() * 0.9;
  const t = 0.6 + rand() * 0.9;
  const shear = (rand() - 0.5) * 0.4;
  return [
    s * Math.cos(a),
    -t * Math.sin(a) + shear,
    (rand() - 0.3) * w,
    s * Math.sin(a),
    t * Math.cos(a),
    (rand() - 0.3) * h,
  ];
}

// ----------------------------------------------------------------------------- tests

test("HostRng: the same bits as the GPU Rng, resumable, permutations", async () => {
  const host = new HostRng(2 ** 40 + 5);
  const dev = new Rng(2 ** 40 + 5);
  assert.deepEqual(host.bits(7), await dev.bits([7]).data());
  assert.deepEqual(
    Float32Array.from(host.uniform(10)),
    await dev.uniform([10]).data(),
  );
  assert.deepEqual(host.state(), dev.state());
  const saved = host.state();
  const next = host.uniform(5);
  assert.deepEqual(new HostRng(saved).uniform(5), next);
  const p = new HostRng(3).permutation(100);
  assert.deepEqual(
    Array.from(p).sort((a, b) => a - b),
    Array.from({ length: 100 }, (_, i) => i),
  );
  assert.deepEqual(new HostRng(3).permutation(100), p);
  assert.notDeepEqual(new HostRng(4).permutation(100), p);
  assert.throws(() => new HostRng(-1), /non-negative safe integer/);
});

test("affine_resample: random affines, zeros and border padding, resized output", async () => {
  for (const [n, c, h, w] of SHAPES) {
    const x = randArr(rand, [n, c, h, w], 0, 1);
    const xt = toTensor(x);
    const mats = Float32Array.from(
      Array.from({ length: n }, () => randomAffine(h, w)).flat(),
    );
    for (const padding of ["zeros", "border"] as const) {
      for (const [oh, ow] of [[h, w], [9, 15]]) {
        const y = affineResample(xt, mats, {
          outHeight: oh,
          outWidth: ow,
          padding,
        });
        const what = `resample ${[n, c, h, w]} -> ${oh}x${ow} ${padding}`;
        assertClose(
          await f32(y),
          resampleRef(x, mats, oh, ow, padding),
          what,
          1e-4,
          2e-5,
        );
        y.dispose();
      }
    }
    // the same matrices as a [B, 2, 3] tensor
    const mt = fromArray(mats, [n, 2, 3]);
    const y = affineResample(xt, mt);
    assertClose(
      await f32(y),
      resampleRef(x, mats, h, w, "zeros"),
      "tensor matrices",
      1e-4,
      2e-5,
    );
    dispose([xt, mt, y]);
  }
});

test("affine_resample: identity copies exactly, flip reverses rows exactly", async () => {
  for (const [n, c, h, w] of SHAPES) {
    const x = randArr(rand, [n, c, h, w], 0, 1);
    const xt = toTensor(x);
    const id = affineResample(xt, packAffines(Array(n).fill(mat3d.identity())));
    assert.ok(bytesEqual(await f32(id), x.data), "identity");
    const flipped = affineResample(
      xt,
      packAffines(Array(n).fill(flipMatrix(w))),
    );
    const got = await f32(flipped);
    const want = new Float64Array(x.data.length);
    for (let row = 0; row < n * c * h; row++) {
      for (let col = 0; col < w; col++) {
        want[row * w + col] = x.data[row * w + w - 1 - col];
      }
    }
    assert.ok(bytesEqual(got, want), "flip");
    dispose([xt, id, flipped]);
  }
  assert.deepEqual(toAffine(fromAffine([1, 2, 3, 4, 5, 6])), [
    1,
    2,
    3,
    4,
    5,
    6,
  ]);
});

test("crop + flip matrices: torchvision sampling, boxes inside, deterministic", async () => {
  // full-area square crop: identity; with a certain flip: the mirror
  assert.deepEqual(
    Array.from(
      cropFlipMatrices(2, 13, 13, 1, {
        scale: [1, 1],
        ratio: [1, 1],
        flipProb: 0,
      }),
    ),
    [1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0],
  );
  assert.deepEqual(
    Array.from(
      cropFlipMatrices(1, 13, 13, 1, {
        scale: [1, 1],
        ratio: [1, 1],
        flipProb: 1,
      }),
    ),
    [-1, 0, 12, 0, 1, 0],
  );
  // random crops sample only inside the image (half-pixel margins)
  const m = cropFlipMatrices(200, 13, 11, new HostRng(5), {
    outHeight: 8,
    outWidth: 9,
  });
  for (let b = 0; b < 200; b++) {
    const a = Array.from(m.subarray(6 * b, 6 * b + 6));
    for (
      const [ox, oy] of [[-0.5, -0.5], [8.5, -0.5], [-0.5, 7.5], [8.5, 7.5]]
    ) {
      const u = a[0] * ox + a[1] * oy + a[2];
      const v = a[3] * ox + a[4] * oy + a[5];
      assert.ok(
        u >= -0.5 - 1e-4 && u <= 10.5 + 1e-4 && v >= -0.5 - 1e-4 &&
          v <= 12.5 + 1e-4,
      );
    }
    assert.equal(a[1], 0);
    assert.equal(a[3], 0);
  }
  const flips = Array.from({ length: 200 }, (_, b) => m[6 * b] < 0).filter(Boolean).length;
  assert.ok(flips > 70 && flips < 130, `${flips} flips of 200`);
  // the GPU op: the same seed gives the same bytes, and matches the reference
  const x = randArr(rand, [4, 3, 13, 11], 0, 1);
  const xt = toTensor(x);
  const a = randomResizedCropFlip(xt, 9, { scale: [0.3, 1] });
  const b = randomResizedCropFlip(xt, new HostRng(9), { scale: [0.3, 1] });
  const c = randomResizedCropFlip(xt, 10, { scale: [0.3, 1] });
  const ref = resampleRef(
    x,
    cropFlipMatrices(4, 13, 11, 9, { scale: [0.3, 1] }),
    13,
    11,
    "border",
  );
  const da = await f32(a);
  assertClose(da, ref, "random resized crop", 1e-4, 2e-5);
  assert.ok(bytesEqual(da, await f32(b)), "same seed, same bytes");
  assert.ok(!bytesEqual(da, await f32(c)), "another seed differs");
  dispose([xt, a, b, c]);
});

test("color_jitter: DSA brightness, saturation, contrast; gradient", async () => {
  for (const [n, c, h, w] of SHAPES) {
    const x = randArr(rand, [n, c, h, w], 0, 1);
    const xt = toTensor(x);
    const q = Float32Array.from(
      { length: n * 4 },
      (_, k) => [rand() - 0.5, rand() * 2, rand() + 0.5, 0][k % 4],
    );
    const y = colorJitter(xt, q);
    assertClose(
      await f32(y),
      colorRef(x, q),
      `colour ${[n, c, h, w]}`,
      1e-4,
      1e-5,
    );
    dispose([xt, y]);
  }
  const q = new Float32Array([0.3, 1.7, 0.8, 0, -0.2, 0.4, 1.3, 0]);
  await checkGrad(
    "colorJitter",
    [randArr(rand, [2, 3, 5, 4], 0, 1)],
    ([t]) => colorJitter(t, q),
    ([a]) => colorRef(a, q),
  );
});

test("cutmix: per batch and per image against the reference; labels; lambda", async () => {
  for (const [n, c, h, w] of SHAPES) {
    const x = randArr(rand, [n, c, h, w], 0, 1);
    const xt = toTensor(x);
    const labels = fromArray(Int32Array.from({ length: n }, (_, i) => 10 + i), [
      n,
    ], "i32");
    for (const perImage of [false, true]) {
      const r = cutmix(xt, labels, new HostRng(21), { perImage });
      const what = `cutmix ${[n, c, h, w]} perImage ${perImage}`;
      assert.ok(
        bytesEqual(await f32(r.images), cutmixRef(x, r.partner, r.boxes).data),
        what,
      );
      assert.deepEqual(
        Array.from(r.partner).sort((a, b) => a - b),
        Array.from({ length: n }, (_, i) => i),
      );
      assert.deepEqual(
        Array.from(await r.labelsA.data()),
        Array.from({ length: n }, (_, i) => 10 + i),
      );
      assert.deepEqual(
        Array.from(await r.labelsB.data()),
        Array.from(r.partner, (p) => 10 + p),
      );
      const lam = Array.from({ length: n }, (_, b) => {
        const [x0, y0, x1, y1] = r.boxes.subarray(4 * b, 4 * b + 4);
        assert.ok(
          x0 >= 0 && x0 <= x1 && x1 <= w && y0 >= 0 && y0 <= y1 && y1 <= h,
        );
        return 1 - ((x1 - x0) * (y1 - y0)) / (h * w);
      });
      assertClose(await f32(r.lambda), lam, `${what}: lambda`, 1e-6, 1e-6);
      assertClose(r.lambdaHost, lam, `${what}: host lambda`, 1e-6, 1e-6);
      if (!perImage) {
        for (let b = 1; b < n; b++) {
          assert.deepEqual(
            r.boxes.subarray(4 * b, 4 * b + 4),
            r.boxes.subarray(0, 4),
          );
        }
      }
      const again = cutmix(xt, labels, new HostRng(21), { perImage });
      assert.ok(
        bytesEqual(await f32(again.images), await f32(r.images)),
        `${what}: same seed`,
      );
      dispose([r, again]);
    }
    // never mixed: images unchanged, lambda 1; alpha != 1 draws a valid lambda
    const none = cutmix(xt, labels, 3, { prob: 0 });
    assert.ok(bytesEqual(await f32(none.images), x.data));
    assert.deepEqual(Array.from(await f32(none.lambda)), Array(n).fill(1));
    const beta = cutmix(xt, labels, 4, { alpha: 0.4, perImage: true });
    assert.ok(beta.lambdaHost.every((l) => l >= 0 && l <= 1));
    dispose([xt, labels, none, beta]);
  }
  // Beta(1, 1) box sides sqrt(1 - lambda), uniform centres, clipped to the image: the
  // recomputed lambda averages 1 - E[(r - r^2 / 4)^2] = 0.679 (r^2 uniform in [0, 1])
  const xt = toTensor(randArr(rand, [256, 1, 32, 32], 0, 1));
  const labels = fromArray(new Int32Array(256), [256], "i32");
  const r = cutmix(xt, labels, 5, { perImage: true });
  const meanLam = r.lambdaHost.reduce((s, v) => s + v, 0) / 256;
  assert.ok(meanLam > 0.63 && meanLam < 0.73, `mean lambda ${meanLam}`);
  dispose([xt, labels, r]);
});

test("dsa: defaults, scale/rotate match grid_sample, crop is an exact shift", async () => {
  assert.deepEqual(
    { ...DSA_DEFAULTS },
    {
      scale: 1.2,
      rotate: 15,
      crop: 0.125,
      cutout: 0.5,
      flip: 0.5,
      brightness: 1.0,
      saturation: 2.0,
      contrast: 0.5,
    },
  );
  for (const [n, c, h, w] of SHAPES) {
    const x = randArr(rand, [n, c, h, w], 0, 1);
    const xt = toTensor(x);
    // normalised thetas (DSA's scale and rotate), converted to pixel matrices
    const thetas = Array.from({ length: n }, () => {
      const a = (rand() - 0.5) * 0.6,
        sx = 0.8 + rand() * 0.4,
        sy = 0.8 + rand() * 0.4;
      return [
        sx * Math.cos(a),
        -sy * Math.sin(a),
        0,
        sx * Math.sin(a),
        sy * Math.cos(a),
        0,
      ];
    });
    const pix = packAffines(
      thetas.map((t) => normalisedToPixel(fromAffine(t), h, w)),
    );
    const y = affineResample(xt, pix);
    assertClose(
      await f32(y),
      gridSampleRef(x, thetas),
      `grid_sample ${[n, c, h, w]}`,
      1e-4,
      2e-5,
    );
    // scale alone: ranges from the plan's matrices
    const plan = dsaPlan(64, h, w, 1, { strategy: "scale", mode: "multiple" });
    // crop alone: integer shifts within +-round(0.125 size), zero fill, exact
    const crop = dsaPlan(n, h, w, 2, { strategy: ["crop"] });
    assert.deepEqual(crop.transforms, ["crop"]);
    assert.equal(crop.color, null);
    const m = crop.matrices!;
    const shifted = new Float64Array(x.data.length);
    for (let b = 0; b < n; b++) {
      const [dx, dy] = [m[6 * b + 2], m[6 * b + 5]];
      assert.ok(
        Number.isInteger(dx) && Math.abs(dx) <= Math.floor(w * 0.125 + 0.5),
      );
      assert.ok(
        Number.isInteger(dy) && Math.abs(dy) <= Math.floor(h * 0.125 + 0.5),
      );
      for (let ch = 0; ch < c; ch++) {
        for (let r = 0; r < h; r++) {
          for (let col = 0; col < w; col++) {
            const sr = r + dy, sc = col + dx;
            shifted[((b * c + ch) * h + r) * w + col] = sr >= 0 && sr < h && sc >= 0 && sc < w
              ? x.data[((b * c + ch) * h + sr) * w + sc]
              : 0;
          }
        }
      }
    }
    const yc = applyDsaPlan(xt, crop);
    assert.ok(bytesEqual(await f32(yc), shifted), "crop");
    dispose([xt, y, yc]);
    // the scale plan's matrices stay within DSA's [1/1.2, 1.2] (centre fixed)
    const sm = plan.matrices!;
    for (let b = 0; b < 64; b++) {
      for (const s of [sm[6 * b], sm[6 * b + 4]]) {
        assert.ok(s >= 1 / 1.2 - 1e-6 && s <= 1.2 + 1e-6);
      }
      const cx = sm[6 * b] * (w - 1) / 2 + sm[6 * b + 2];
      assert.ok(Math.abs(cx - (w - 1) / 2) < 1e-4, "scale about the centre");
    }
  }
});

test("dsa: same seed same bytes, Siamese across batch sizes, colour then geometry", async () => {
  const x = randArr(rand, [6, 3, 13, 11], 0, 1);
  const xt = toTensor(x);
  const head = slice(xt, [0, 0, 0, 0], [2, 3, 13, 11]);
  for (const mode of ["single", "multiple"] as const) {
    for (let seed = 0; seed < 3; seed++) {
      const a = dsaAugment(xt, seed, { mode });
      const b = dsaAugment(xt, new HostRng(seed), { mode });
      const h2 = dsaAugment(head, seed, { mode });
      const da = await f32(a);
      assert.ok(
        bytesEqual(da, await f32(b)),
        `${mode} seed ${seed}: same bytes`,
      );
      assert.ok(
        bytesEqual(da.subarray(0, 2 * 3 * 13 * 11), await f32(h2)),
        "Siamese prefix",
      );
      dispose([a, b, h2]);
    }
  }
  const a = await f32(dsaAugment(xt, 1, { mode: "multiple" }));
  assert.ok(
    !bytesEqual(a, await f32(dsaAugment(xt, 2, { mode: "multiple" }))),
    "seeds differ",
  );
  // "multiple": colour, one resampling with the composed crop, cutout, one resampling with
  // the composed flip . scale . rotate (the strategy's order, utils.py:507-510)
  const plan = dsaPlan(6, 13, 11, 1, { mode: "multiple" });
  assert.deepEqual(plan.transforms, [
    "color",
    "crop",
    "cutout",
    "flip",
    "scale",
    "rotate",
  ]);
  const ref = resampleRef(
    cutoutRef(
      resampleRef(colorRef(x, plan.color!), plan.matrices!, 13, 11, "zeros"),
      plan.cutout!,
    ),
    plan.matricesAfter!,
    13,
    11,
    "zeros",
  );
  assertClose(a, ref, "dsa multiple", 1e-4, 2e-5);
  // single mode picks each transform of the strategy sometimes
  const picked = new Set(
    Array.from({ length: 60 }, (_, s) => dsaPlan(1, 8, 8, s).transforms.join()),
  );
  assert.equal(picked.size, 6);
  // shared: one parameter set for the batch
  const shared = dsaPlan(4, 8, 8, 3, { mode: "multiple", shared: true });
  for (let b = 1; b < 4; b++) {
    assert.deepEqual(
      shared.matrices!.subarray(6 * b, 6 * b + 6),
      shared.matrices!.subarray(0, 6),
    );
  }
  assert.throws(
    () => dsaPlan(1, 8, 8, 0, { strategy: "color_noise" }),
    /unknown transform/,
  );
  dispose([xt, head]);
});

test("dsa cutout: the reference's mask for every offset, on the GPU exact, self-adjoint", async () => {
  // the box formula against rand_cutout's index grid, for every offset the reference draws
  // (torch.randint(0, size + (1 - side % 2)), utils.py:624-626): odd and even sides
  for (const [h, w, ratio] of [[28, 28, 0.5], [13, 11, 0.5], [9, 12, 0.3], [5, 5, 0.05]]) {
    const side = (s: number) => Math.trunc(s * ratio + 0.5);
    const rows = h + 1 - (side(h) % 2), cols = w + 1 - (side(w) % 2);
    for (let oy = 0; oy < rows; oy++) {
      for (let ox = 0; ox < cols; ox++) {
        const box = dsaCutoutBox(h, w, ratio, (oy + 0.5) / rows, (ox + 0.5) / cols);
        const one: Arr = { shape: [1, 1, h, w], data: new Float64Array(h * w).fill(1) };
        assert.deepEqual(
          Array.from(cutoutRef(one, box).data),
          Array.from(randCutoutMaskRef(h, w, ratio, oy, ox)),
          `${h}x${w} ratio ${ratio} offset (${oy}, ${ox}): box ${box}`,
        );
      }
    }
    // the extreme uniforms give the extreme offsets
    const lo = dsaCutoutBox(h, w, ratio, 0, 0);
    const hi = dsaCutoutBox(h, w, ratio, 1 - 2 ** -24, 1 - 2 ** -24);
    assert.deepEqual(lo, Array.from(dsaCutoutBox(h, w, ratio, 0.5 / rows, 0.5 / cols)));
    assert.deepEqual(
      hi,
      Array.from(dsaCutoutBox(h, w, ratio, (rows - 0.5) / rows, (cols - 0.5) / cols)),
    );
  }
  for (const [n, c, h, w] of SHAPES) {
    const x = randArr(rand, [n, c, h, w], -1, 1);
    const xt = toTensor(x);
    // a plan of cutout alone: 14x14 boxes (clipped) at 28x28, applied exactly
    const plan = dsaPlan(n, h, w, 9, { strategy: "cutout" });
    assert.deepEqual(plan.transforms, ["cutout"]);
    assert.equal(plan.matrices, null);
    assert.equal(plan.matricesAfter, null);
    assert.equal(plan.color, null);
    const boxes = plan.cutout!;
    for (let b = 0; b < n; b++) {
      const [x0, y0, x1, y1] = boxes.subarray(4 * b, 4 * b + 4);
      assert.ok(x1 - x0 >= 1 && x1 - x0 <= Math.trunc(w / 2 + 0.5), `box ${boxes}`);
      assert.ok(y1 - y0 >= 1 && y1 - y0 <= Math.trunc(h / 2 + 0.5), `box ${boxes}`);
    }
    const y = applyDsaPlan(xt, plan);
    assert.ok(bytesEqual(await f32(y), cutoutRef(x, boxes).data), `cutout ${[n, c, h, w]}`);
    dispose([xt, y]);
    // differentiable: the gradient is the mask times the incoming gradient
    await checkGrad(
      `cutout ${[n, c, h, w]}`,
      [x],
      ([a]) => cutout(a, boxes),
      ([a]) => cutoutRef(a, boxes),
    );
  }
  // boxes outside or across the border are clamped; a wrong box count is an error
  const x = randArr(rand, [2, 1, 6, 5], 0, 1);
  const xt = toTensor(x);
  const odd = Int32Array.of(-3, 4, 2, 9, 5, 0, 8, 2);
  const y = cutout(xt, odd);
  assert.ok(bytesEqual(await f32(y), cutoutRef(x, odd).data), "clamped boxes");
  assert.throws(() => cutout(xt, Int32Array.of(0, 0, 1, 1)), /need 2 boxes/);
  dispose([xt, y]);
});

// ---------------------------------------------------------------------------- loader

function makeDataset(n: number, c: number, h: number, w: number): Dataset {
  const images = Float32Array.from({ length: n * c * h * w }, () => rand());
  const labels = Int32Array.from({ length: n }, (_, i) => i % 4);
  return {
    images,
    labels,
    n,
    channels: c,
    height: h,
    width: w,
    classes: ["a", "b", "c", "d"],
  };
}

async function host(b: Batch) {
  const r = {
    images: await f32(b.images),
    labels: await b.labels.data(),
    indices: b.indices,
  };
  dispose([b.images, b.labels]);
  return r;
}

test("loader: every example once per epoch, normalised batches, labels", async () => {
  const ds = makeDataset(23, 3, 5, 4);
  const stats = channelStats(ds);
  const loader = new Loader(ds, { batchSize: 5, seed: 8 });
  assert.equal(loader.batchesPerEpoch, 5);
  const per = 3 * 5 * 4;
  const orders: number[][] = [];
  for (let e = 0; e < 2; e++) {
    const seen: number[] = [];
    const sums = [0, 0, 0], squares = [0, 0, 0];
    for (const batch of loader.epoch()) {
      assert.equal(batch.epoch, e);
      const b = await host(batch);
      assert.deepEqual(
        Array.from(b.labels),
        Array.from(b.indices, (i) => ds.labels[i]),
      );
      b.indices.forEach((idx, k) => {
        for (let j = 0; j < per; j++) {
          const ch = Math.floor(j / 20);
          const want = (ds.images[idx * per + j] - stats.mean[ch]) /
            stats.std[ch];
          assert.ok(Math.abs(b.images[k * per + j] - want) < 1e-5);
          sums[ch] += b.images[k * per + j];
          squares[ch] += b.images[k * per + j] ** 2;
        }
      });
      seen.push(...b.indices);
    }
    assert.equal(seen.length, 23);
    assert.deepEqual(
      [...seen].sort((a, b) => a - b),
      Array.from({ length: 23 }, (_, i) => i),
    );
    for (let ch = 0; ch < 3; ch++) {
      assert.ok(Math.abs(sums[ch] / (23 * 20)) < 1e-5, "channel mean 0");
      assert.ok(Math.abs(squares[ch] / (23 * 20) - 1) < 1e-4, "channel std 1");
    }
    orders.push(seen);
  }
  assert.notDeepEqual(orders[0], orders[1]);
  assert.deepEqual(loader.position, { epoch: 2, index: 0, seed: 8 });
  // the same seed gives the same order; given statistics; no shuffle; no normalisation
  assert.deepEqual(
    Array.from(new Loader(ds, { batchSize: 5, seed: 8 }).order(1)),
    orders[1],
  );
  const plain = new Loader(ds, {
    batchSize: 23,
    shuffle: false,
    normalize: false,
  }).next();
  assert.deepEqual(
    Array.from(plain.indices),
    Array.from({ length: 23 }, (_, i) => i),
  );
  assert.ok(bytesEqual(await f32(plain.images), ds.images));
  dispose([plain.images, plain.labels]);
  const given = new Loader(ds, {
    batchSize: 1,
    normalize: { mean: [1, 0, 0], std: [2, 1, 1] },
  });
  const one = await host(given.next());
  assert.ok(
    Math.abs(one.images[0] - (ds.images[one.indices[0] * per] - 1) / 2) < 1e-6,
  );
  assert.throws(() => new Loader(ds, { batchSize: 5, normalize: { mean: [0], std: [1] } }));
});

test("loader: drop-last, and a resumed loader serves identical batches", async () => {
  const ds = makeDataset(23, 1, 7, 5);
  const dl = new Loader(ds, { batchSize: 5, dropLast: true, seed: 1 });
  const sizes = [...dl.epoch()].map((b) => {
    dispose([b.images, b.labels]);
    return b.indices.length;
  });
  assert.deepEqual(sizes, [5, 5, 5, 5]);
  assert.deepEqual(dl.position, { epoch: 1, index: 0, seed: 1 });
  assert.throws(
    () => new Loader(ds, { batchSize: 30, dropLast: true }),
    /no batch/,
  );

  const a = new Loader(ds, { batchSize: 4, seed: 77 });
  const first: Awaited<ReturnType<typeof host>>[] = [];
  let saved = a.position;
  for (let k = 0; k < 9; k++) {
    if (k === 4) saved = a.position;
    first.push(await host(a.next()));
  }
  assert.deepEqual(saved, { epoch: 0, index: 16, seed: 77 });
  const b = new Loader(ds, {
    batchSize: 4,
    position: JSON.parse(JSON.stringify(saved)),
  });
  for (let k = 4; k < 9; k++) {
    const r = await host(b.next());
    assert.ok(bytesEqual(r.images, first[k].images), `batch ${k}: images`);
    assert.deepEqual(r.labels, first[k].labels);
    assert.deepEqual(r.indices, first[k].indices);
  }
  assert.deepEqual(b.position, a.position);
  assert.throws(
    () => b.seek({ epoch: 0, index: 3, seed: 77 }),
    /invalid position/,
  );
  assert.throws(() => b.seek({ epoch: 0, index: 0, seed: 1 }), /seed/);
});
