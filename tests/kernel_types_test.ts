// The typed kernel interface: lib/gpu/kernels.ts and lib/gpu/kernel_types.ts are what
// `deno task kernel-types` generates from kernels/*.wgsl; `deno check` rejects a misspelled,
// missing or padding Params field, a wrong entry or constant name and a wrong resource kind;
// packParams writes the bytes the WGSL struct layout says (hand-written below).
import assert from "node:assert/strict";
import { checkKernelInterface, kernelInterfaceChanges } from "../lib/gpu/kernel_check.ts";
import {
  GENERATED_HEADER,
  generateFromDisk,
  kernelTypesPath,
  staleKernelTypeFiles,
} from "../lib/gpu/kernel_codegen.ts";
import { dispatchKernel, packParams } from "../lib/gpu/kernel_dispatch.ts";
import { KERNELS } from "../lib/gpu/kernel_types.ts";
import { KERNEL_SOURCES } from "../lib/gpu/kernels.ts";
import { reflectKernel } from "../lib/gpu/wgsl_reflect.ts";

const ROOT = new URL("../", import.meta.url);

Deno.test("lib/gpu/kernels.ts and lib/gpu/kernel_types.ts are current", async () => {
  const generated = await generateFromDisk(ROOT);
  assert.deepEqual(
    Object.keys(generated).sort(),
    [
      "lib/gpu/kernel_types.ts",
      ...Object.keys(KERNEL_SOURCES).map(kernelTypesPath),
      "lib/gpu/kernels.ts",
    ].sort(),
  );
  assert.deepEqual(await staleKernelTypeFiles(ROOT, generated), []);
  for (const [path, text] of Object.entries(generated)) {
    assert.ok(text.startsWith(GENERATED_HEADER + "\n"), path);
    const committed = await Deno.readTextFile(new URL(path, ROOT));
    assert.ok(committed === text, `${path} is out of date: run \`deno task kernel-types\``);
  }
});

/**
 * Never called: `deno test` type-checks this file, and every `@ts-expect-error` must meet an
 * error (an unused one is itself an error). One call a line, so that each directive covers
 * exactly its call.
 */
// deno-fmt-ignore
function _typeChecks(buf: GPUBuffer, view: GPUTextureView): void {
  const u = KERNELS.unary.main;
  const b = [buf, buf] as const;
  const w = [1] as const;
  dispatchKernel(u, { constants: { OP: 5 }, buffers: b, params: { n: 1, alpha: 0, beta: 0 }, workgroups: w });
  // @ts-expect-error a misspelled field
  dispatchKernel(u, { buffers: b, params: { n: 1, alpha: 0, betta: 0 }, workgroups: w });
  // @ts-expect-error a missing field
  dispatchKernel(u, { buffers: b, params: { n: 1, alpha: 0 }, workgroups: w });
  // @ts-expect-error a padding field is not the host's
  dispatchKernel(u, { buffers: b, params: { n: 1, alpha: 0, beta: 0, pad: 0 }, workgroups: w });
  // @ts-expect-error a list where a number goes
  dispatchKernel(u, { buffers: b, params: { n: [1], alpha: 0, beta: 0 }, workgroups: w });
  // @ts-expect-error a wrong constant name
  dispatchKernel(u, { constants: { OPP: 5 }, buffers: b, params: { n: 1, alpha: 0, beta: 0 }, workgroups: w });
  // @ts-expect-error a wrong entry name
  dispatchKernel(KERNELS.unary.texture, { buffers: b, workgroups: w });
  // @ts-expect-error a wrong kernel name
  dispatchKernel(KERNELS.unray.main, { buffers: b, workgroups: w });
  // @ts-expect-error a texture view where the `main` entry reads a storage buffer
  dispatchKernel(u, { buffers: [view, buf], params: { n: 1, alpha: 0, beta: 0 }, workgroups: w });
  dispatchKernel(KERNELS.unary.tex, { buffers: [view, buf], params: { n: 1, alpha: 0, beta: 0 }, workgroups: w });
  // @ts-expect-error one buffer short
  dispatchKernel(u, { buffers: [buf], params: { n: 1, alpha: 0, beta: 0 }, workgroups: w });
  // @ts-expect-error no params for an entry that reads some
  dispatchKernel(u, { buffers: b, workgroups: w });
  // lists: at most the field's count, checked when packed
  const shape = [2, 3, 4];
  const p = { n: 24, rank: 3, shape, aStrides: shape, bStrides: shape };
  dispatchKernel(KERNELS.binary.main, { buffers: [buf, buf, buf], params: p, workgroups: w });
  // @ts-expect-error a number where a list goes
  dispatchKernel(KERNELS.binary.main, { buffers: [buf, buf, buf], params: { ...p, shape: 2 }, workgroups: w });
  // an entry chosen at run time: its arguments must fit the entry it turns out to be
  const entry = Math.random() < 0.5 ? "main" : "tex";
  const x: GPUBuffer | GPUTextureView = entry === "tex" ? view : buf;
  dispatchKernel(KERNELS.unary[entry], { buffers: [x, buf], params: { n: 1, alpha: 0, beta: 0 }, workgroups: w });
  // conv2d: 23 named fields (1 of padding left out), i32 ph and pw
  const c = { n: 1, c: 1, h: 1, w: 1, oh: 1, ow: 1, ohb: 1, owb: 1, c0: 0, cs: 1, ph: -1, pw: -1 };
  const more = { yo4: 1, o4: 0, yh: 1, yw: 1, y0: 0, x0: 0, ysh: 1, ysw: 1, acc: 0, o: 1, last: 1 };
  const six = [view, buf, buf, buf, buf, buf] as const;
  dispatchKernel(KERNELS.conv2d.main, { constants: { G: 8, WB: 14 }, buffers: six, params: { ...c, ...more }, workgroups: w });
  const { acc: _, ...noAcc } = more;
  // @ts-expect-error acc is missing
  dispatchKernel(KERNELS.conv2d.main, { buffers: six, params: { ...c, ...noAcc }, workgroups: w });
  // @ts-expect-error the epilogue's three buffers are missing
  dispatchKernel(KERNELS.conv2d.main, { buffers: [view, buf, buf], params: { ...c, ...more }, workgroups: w });
}

const hex = (b: ArrayBuffer) =>
  Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, "0")).join("");
const bytes = (a: Uint32Array | Int32Array) => hex(a.buffer as ArrayBuffer);

Deno.test("packParams: conv2d's 24 words (23 fields, 2 of them i32, 1 of padding)", () => {
  const packed = packParams(KERNELS.conv2d.main.params, {
    n: 2,
    c: 3,
    h: 28,
    w: 27,
    oh: 14,
    ow: 13,
    ohb: 7,
    owb: 1,
    c0: 32,
    cs: 5,
    ph: -1,
    pw: -2,
    yo4: 8,
    o4: 16,
    yh: 14,
    yw: 13,
    y0: 1,
    x0: 0,
    ysh: 2,
    ysw: 1,
    acc: 1,
    o: 40,
    last: 1,
  });
  const want = new Int32Array([
    2,
    3,
    28,
    27,
    14,
    13,
    7,
    1,
    32,
    5,
    -1,
    -2,
    8,
    16,
    14,
    13,
    1,
    0,
    2,
    1,
    1,
    40,
    1,
    0,
  ]);
  assert.equal(hex(packed), bytes(want));
});

Deno.test("packParams: binary's shape and strides as array<vec4<u32>, 2>, zero-padded", () => {
  const packed = packParams(KERNELS.binary.main.params, {
    n: 24,
    rank: 3,
    shape: [2, 3, 4],
    aStrides: [12, 4, 1],
    bStrides: [0, 1, 0],
  });
  const want = new Uint32Array([
    24,
    3,
    0,
    0, // n, rank, pad0, pad1
    2,
    3,
    4,
    0,
    0,
    0,
    0,
    0, // shape
    12,
    4,
    1,
    0,
    0,
    0,
    0,
    0, // aStrides
    0,
    1,
    0,
    0,
    0,
    0,
    0,
    0, // bStrides
  ]);
  assert.equal(hex(packed), bytes(want));
  assert.throws(
    () =>
      packParams(KERNELS.binary.main.params, {
        n: 1,
        rank: 9,
        shape: [1, 1, 1, 1, 1, 1, 1, 1, 1],
        aStrides: [],
        bStrides: [],
      }),
    /Params\.shape: 9 values, over the limit of 8/,
  );
});

Deno.test("packParams: adam's u32 and f32 fields; u32 values wrap as v >>> 0", () => {
  const packed = packParams(KERNELS.adam.main.params, {
    n: 2 ** 32 + 5,
    lr: 0.5,
    beta1: 0.25,
    beta2: -2,
    eps: 1,
    weightDecay: 0,
    bc1: 0.75,
    bc2: 3,
  });
  // 0.5f 0x3f000000, 0.25f 0x3e800000, -2f 0xc0000000, 1f 0x3f800000, 0.75f 0x3f400000, 3f 0x40400000
  const want = new Uint32Array([
    5,
    0x3f000000,
    0x3e800000,
    0xc0000000,
    0x3f800000,
    0,
    0x3f400000,
    0x40400000,
  ]);
  assert.equal(hex(packed), bytes(want));
  assert.throws(
    // @ts-expect-error a missing field, caught at run time too (for JavaScript callers)
    () => packParams(KERNELS.adam.main.params, { n: 1, lr: 0.5 }),
    /Params\.beta1: expected a number, got nothing/,
  );
});

Deno.test("reflection: WGSL layout rules, static use per entry, shadowing", () => {
  const k = reflectKernel(
    "t",
    `
    override A: u32 = 1u;
    override B: f32;
    override C = true;
    struct Params {
      a: u32,
      b: vec3<f32>,
      c: f32,
      d: vec2<u32>,
      e: mat2x2<f32>,
      pad0: u32,
    }
    @group(0) @binding(0) var<storage, read> x: array<f32>;
    @group(0) @binding(1) var<storage, read_write> y: array<f32>;
    @group(0) @binding(2) var<uniform> p: Params;
    @group(0) @binding(0) var xt: texture_2d<f32>;
    @group(0) @binding(1) var out: texture_storage_2d<rgba32float, write>;
    fn helper(i: u32) -> f32 { return x[i]; /* y[i] */ }
    @compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3<u32>) {
      y[g.x] = helper(g.x) * f32(p.a);
    }
    @compute @workgroup_size(8, 8) fn tex(@builtin(global_invocation_id) g: vec3<u32>) {
      let x = textureLoad(xt, g.xy, 0); // a local named like the storage buffer
      textureStore(out, g.xy, x.y + vec4(p.c));
    }
  `,
  );
  assert.deepEqual(k.overrides, [
    { name: "A", type: "u32", default: "1u" },
    { name: "B", type: "f32" },
    { name: "C", type: "bool", default: "true" },
  ]);
  const [main, tex] = k.entries;
  assert.deepEqual(main.bindings.map((b) => [b.name, b.kind, b.access]), [
    ["x", "storage", "read"],
    ["y", "storage", "read_write"],
  ]);
  assert.deepEqual(tex.bindings.map((b) => [b.name, b.kind, b.access]), [
    ["xt", "texture", undefined],
    ["out", "storage_texture", "write"],
  ]);
  // a@0, b (vec3, align 16)@16, c@28, d (vec2, align 8)@32, e (mat2x2: 2 columns of 8)@40;
  // size 60 rounded to the struct's alignment (16): 64
  const fields = main.params!.fields.map((f) => [f.name, f.offset]);
  assert.deepEqual(fields, [["a", 0], ["b", 16], ["c", 28], ["d", 32], ["e", 40], ["pad0", 56]]);
  assert.equal(main.params!.size, 64);
  assert.equal(main.params!.binding, 2);
});

Deno.test("reflection: a layout dispatchKernel cannot bind is an error naming the entry", () => {
  assert.throws(
    () =>
      reflectKernel(
        "gap",
        `
        @group(0) @binding(0) var<storage, read> x: array<f32>;
        @group(0) @binding(2) var<storage, read_write> y: array<f32>;
        @compute @workgroup_size(1) fn main() { y[0] = x[0]; }
      `,
      ),
    /kernels\/gap\.wgsl: entry main uses binding 2 \(y\) but no binding 1/,
  );
  assert.throws(
    () =>
      reflectKernel(
        "arr",
        `
        struct Params { n: u32, v: array<u32, 4> }
        @group(0) @binding(0) var<storage, read_write> y: array<u32>;
        @group(0) @binding(1) var<uniform> p: Params;
        @compute @workgroup_size(1) fn main() { y[0] = p.v[0]; }
      `,
      ),
    /stride of 4 bytes, not a multiple of 16/,
  );
});

Deno.test("KERNELS: every kernel file with its entries; the Params binds after the others", () => {
  assert.deepEqual(Object.keys(KERNELS.conv2d), ["main", "pack", "unpack", "unpack4", "unpack1"]);
  assert.deepEqual(KERNELS.norm.main4.bindings.map((b) => b.name), [
    "xt",
    "gamma",
    "beta",
    "y4",
    "stats",
  ]);
  assert.equal(KERNELS.conv2d.main.bindings[1].kind, "uniform"); // the weights: a buffer, not Params
  assert.equal(KERNELS.conv2d.pack.params.struct, "PackParams");
  assert.equal(KERNELS.matmul_tex.main.constants.WG_X.default, "8u");
});

Deno.test("dispatchKernel: wrong buffers or params are errors naming the kernel, before any GPU work", () => {
  // (these throw before dispatchKernel reaches the device, so no GPU is needed)
  const buf = { mapAsync() {} } as unknown as GPUBuffer;
  const view = {} as GPUTextureView;
  const params = { n: 4, alpha: 0, beta: 0 };
  const loose = dispatchKernel as (e: unknown, a: unknown) => void; // as JavaScript would call it
  assert.throws(
    () => loose(KERNELS.unary.main, { buffers: [buf], params, workgroups: [1] }),
    /kernel unary, entry main: 1 buffers given, it binds 2 \(x, y\)/,
  );
  assert.throws(
    () => dispatchKernel(KERNELS.unary.tex, { buffers: [buf, buf], params, workgroups: [1] }),
    /kernel unary, entry tex: binding 0 \(xt\) takes a texture view/,
  );
  assert.throws(
    () => loose(KERNELS.unary.main, { buffers: [view, buf], params, workgroups: [1] }),
    /kernel unary, entry main: binding 0 \(x\) takes a buffer/,
  );
  assert.throws(
    () => loose(KERNELS.unary.main, { buffers: [buf, buf], params: { n: 4 }, workgroups: [1] }),
    /kernel unary, entry main: Params\.alpha: expected a number, got nothing/,
  );
});

Deno.test("a replacement kernel source must keep the generated interface", () => {
  const unary = KERNEL_SOURCES.unary;
  assert.deepEqual(kernelInterfaceChanges("unary", unary + "\n// tuned\n"), []);
  assert.deepEqual(kernelInterfaceChanges("my_kernel", "not even WGSL"), []); // not in the table
  assert.deepEqual(
    kernelInterfaceChanges("unary", unary.replace("  alpha: f32,", "  alfa: f32,")),
    [
      "entry main: its params changed",
      "entry tex: its params changed",
    ],
  );
  assert.deepEqual(
    kernelInterfaceChanges("unary", unary.replace("override OP: u32 = 0u;", "override OP: u32;")),
    ["entry main: its override constants changed", "entry tex: its override constants changed"],
  );
  assert.deepEqual(kernelInterfaceChanges("unary", unary.replace("fn tex(", "fn tex2(")), [
    "entry points [main,tex] became [main,tex2]",
  ]);
  assert.throws(
    () =>
      checkKernelInterface("unary", unary.replace("  alpha: f32,", "  alfa: f32,"), "file x.wgsl"),
    /file x\.wgsl: kernel "unary" changes its interface \(entry main: its params changed; .*deno task kernel-types/,
  );
});
