// Every kernel file documents its bindings, workgroup size and dispatch formula, and the
// porting guide (kernels/README.md) is generated from the sources.
import assert from "node:assert/strict";
import { headerComment, kernelGuide, kernelNeeds, kernelShape } from "../lib/docs/kernel_guide.ts";
import { KERNEL_REQUIREMENTS } from "../lib/gpu/adapter.ts";

const dir = new URL("../kernels/", import.meta.url);

Deno.test("each kernel file starts with a header giving bindings, workgroup size and dispatch", async () => {
  for await (const e of Deno.readDir(dir)) {
    if (!e.name.endsWith(".wgsl")) continue;
    const header = headerComment(await Deno.readTextFile(new URL(e.name, dir))).toLowerCase();
    for (const word of ["binding", "workgroup", "dispatch"]) {
      assert.ok(
        header.includes(word),
        `kernels/${e.name}: header comment does not mention "${word}"`,
      );
    }
  }
});

Deno.test("kernels/README.md is the guide generated from the kernel sources", async () => {
  const guide = await Deno.readTextFile(new URL("README.md", dir));
  assert.equal(guide, await kernelGuide(dir), "run `deno task porting-guide`");
  assert.match(guide, /Kernel sources may `\/\/ #include` shared files from kernels\/include\//);
  // several entry points, and textures, per entry point
  const unary = kernelShape(await Deno.readTextFile(new URL("unary.wgsl", dir)));
  assert.deepEqual(unary.entries.map((e) => e.name), ["main", "tex"]);
  assert.deepEqual(unary.entries[1].bindings.map((b) => [b.binding, b.kind]), [
    [0, "sampled texture"],
    [1, "storage"],
    [2, "uniform"],
  ]);
  assert.match(
    guide,
    /\| `main` \| WG_X x WG_Y x 1 \| 0 `texture_2d_array<f32>`, 1 `texture_2d_array/,
  );
});

Deno.test("kernelShape follows calls, skips member names and shadowed globals", () => {
  const wgsl = `
struct P { w: u32, n: u32 }
@group(0) @binding(0) var<storage, read> w: array<f32>;
@group(0) @binding(1) var t: texture_2d<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@group(0) @binding(3) var<uniform> p: P;
override K: u32 = 4u;
override WG: u32 = 32u;
fn load(i: u32) -> f32 { return textureLoad(t, vec2<u32>(i, 0u), 0).x * f32(K); }
@compute @workgroup_size(WG) fn a(@builtin(global_invocation_id) g: vec3<u32>) {
  y[g.x] = load(g.x) + f32(p.w);
}
/* @compute @workgroup_size(64) fn commented() {} */
@compute @workgroup_size(8, 8) fn b(@builtin(global_invocation_id) g: vec3<u32>) {
  let w = 2.0; // shadows the binding
  y[g.x] = w;
}`;
  const s = kernelShape(wgsl);
  assert.deepEqual(s.entries.map((e) => e.name), ["a", "b"]);
  const [a, b] = s.entries;
  assert.deepEqual(a.bindings.map((x) => x.name), ["t", "y", "p"]);
  assert.deepEqual(a.overrides, ["K", "WG"]);
  assert.deepEqual(a.workgroupDefault, [32, 1, 1]);
  assert.deepEqual(b.bindings.map((x) => `${x.name} ${x.kind} ${x.access}`), [
    "y storage read_write",
  ]);
  assert.deepEqual(b.workgroupDefault, [8, 8, 1]);
});

Deno.test("every entry point binds 0..k-1 with its Params uniform last, within KERNEL_REQUIREMENTS", async () => {
  const shapes = [];
  for await (const e of Deno.readDir(dir)) {
    if (!e.name.endsWith(".wgsl")) continue;
    const shape = kernelShape(await Deno.readTextFile(new URL(e.name, dir)));
    shapes.push(shape);
    assert.ok(shape.entries.length > 0, `${e.name}: no compute entry point found`);
    for (const entry of shape.entries) {
      const where = `${e.name} ${entry.name}`;
      assert.deepEqual(
        entry.bindings.map((b) => b.binding),
        entry.bindings.map((_, i) => i),
        where,
      );
      assert.equal(entry.bindings.at(-1)?.kind, "uniform", where);
    }
  }
  const needs = kernelNeeds(shapes);
  const have = KERNEL_REQUIREMENTS.limits;
  assert.deepEqual(needs.groups, [0]);
  assert.ok(needs.storageBuffers <= have.maxStorageBuffersPerShaderStage);
  assert.ok(needs.uniformBuffers <= have.maxUniformBuffersPerShaderStage);
  assert.ok(needs.sampledTextures <= have.maxSampledTexturesPerShaderStage);
  assert.ok(needs.storageTextures <= have.maxStorageTexturesPerShaderStage);
  assert.ok(needs.invocations <= have.maxComputeInvocationsPerWorkgroup);
  assert.ok(needs.sizeX <= have.maxComputeWorkgroupSizeX);
  assert.ok(needs.sizeY <= have.maxComputeWorkgroupSizeY);
});
