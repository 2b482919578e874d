// The host-agnostic path stays host-agnostic: no Deno, Node or file-system API anywhere in the
// import graphs that browsers and Node run; every kernel file travels in lib/gpu/kernels.ts
// (and every include file in lib/gpu/kernel_includes.ts, tests/kernel_includes_test.ts); the
// kernels stay within KERNEL_REQUIREMENTS.
import assert from "node:assert/strict";
import { KERNEL_REQUIREMENTS } from "../lib/gpu/adapter.ts";
import { KERNEL_SOURCES } from "../lib/gpu/kernels.ts";
import { type KernelEntry, KERNELS } from "../lib/gpu/kernel_dispatch.ts";
import { kernelSource } from "../lib/gpu/kernel_source.ts";

const ROOT = new URL("../", import.meta.url);

/** The local modules (and npm packages) `entry` imports, directly or not. */
async function moduleGraph(entry: string): Promise<{ files: string[]; packages: string[] }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", entry],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  const info = JSON.parse(new TextDecoder().decode(out.stdout)) as {
    modules: { specifier: string }[];
  };
  const specs = info.modules.map((m) => m.specifier);
  return {
    files: specs.filter((s) => s.startsWith("file:")).map((s) =>
      decodeURIComponent(new URL(s).pathname)
    ),
    packages: specs.filter((s) => s.startsWith("npm:")),
  };
}

const HOST_API = /\bDeno\.\w+|from "node:[^"]+"|from "(?:sharp|yaml)"|\bprocess\.\w+|\brequire\(/;

for (const entry of ["lib/portable.ts", "tests/conformance/mod.ts", "web/demo.ts"]) {
  Deno.test(`${entry}: no host API in its whole import graph`, async () => {
    const { files, packages } = await moduleGraph(entry);
    assert.ok(files.length > 10, `${entry}: only ${files.length} modules found`);
    const offenders = files.filter((f) => f.endsWith(".ts")).flatMap((f) => {
      const m = HOST_API.exec(Deno.readTextFileSync(f));
      return m ? [`${f.slice(ROOT.pathname.length)}: ${m[0]}`] : [];
    });
    assert.deepEqual(offenders, [], `host APIs on the portable path:\n${offenders.join("\n")}`);
    // pure-JS packages only (wgpu-matrix: augmentation matrices)
    assert.deepEqual(packages.map((p) => p.replace(/@[^@]*$/, "")), ["npm:/wgpu-matrix"]);
  });
}

Deno.test("lib/gpu/kernels.ts holds every kernels/*.wgsl file, as it is on disk", () => {
  const files = [...Deno.readDirSync(new URL("kernels/", ROOT))]
    .filter((e) => e.name.endsWith(".wgsl")).map((e) => e.name.slice(0, -5)).sort();
  assert.deepEqual(Object.keys(KERNEL_SOURCES).sort(), files);
  for (const name of files) {
    assert.equal(
      KERNEL_SOURCES[name],
      Deno.readTextFileSync(new URL(`kernels/${name}.wgsl`, ROOT)),
      name,
    );
  }
});

Deno.test("the kernels stay within KERNEL_REQUIREMENTS", () => {
  const need = KERNEL_REQUIREMENTS.limits;
  // storage buffers per entry point (a file's entries may declare different ones)
  for (const [name, entries] of Object.entries(KERNELS)) {
    for (const [entry, e] of Object.entries(entries as Record<string, KernelEntry>)) {
      const storage = e.bindings.filter((b) => b.kind === "storage").length;
      assert.ok(
        storage <= need.maxStorageBuffersPerShaderStage,
        `${name}:${entry}: ${storage} storage buffers, the requirement says at most ` +
          need.maxStorageBuffersPerShaderStage,
      );
    }
  }
  // as compiled: includes resolved
  for (const name of Object.keys(KERNEL_SOURCES)) {
    const src = kernelSource(name);
    for (const m of src.matchAll(/@workgroup_size\(\s*(\d+)(?:\s*,\s*(\d+))?(?:\s*,\s*(\d+))?/g)) {
      const [x, y = 1, z = 1] = [m[1], m[2], m[3]].map((v) => (v === undefined ? 1 : Number(v)));
      assert.ok(x <= need.maxComputeWorkgroupSizeX, `${name}: workgroup x ${x}`);
      assert.ok(y <= need.maxComputeWorkgroupSizeY, `${name}: workgroup y ${y}`);
      assert.ok(x * y * z <= need.maxComputeInvocationsPerWorkgroup, `${name}: ${x * y * z}`);
    }
    for (const m of src.matchAll(/var<workgroup>\s*\w+\s*:\s*array<(?:f32|u32|i32),\s*(\d+)>/g)) {
      assert.ok(4 * Number(m[1]) <= need.maxComputeWorkgroupStorageSize, `${name}: ${m[0]}`);
    }
  }
});
