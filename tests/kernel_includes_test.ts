// `// #include "name.wgsl"` in kernel sources: resolution (nested, include once, cycles,
// errors), the built-in kernels resolved, kernels/include/ listed in lib/gpu/kernel_includes.ts
// and holding only bindingless code, WGSL errors located in the include file, and the two
// kernels that include philox.wgsl giving the bits of the TypeScript port (HostRng).
import assert from "node:assert/strict";
import { gpu } from "../lib/gpu/gpu.ts";
import { applyKernelOverrides } from "../lib/io/cli.ts";
import { INCLUDE_SOURCES, resolveIncludes } from "../lib/gpu/kernel_includes.ts";
import {
  includeNames,
  kernelLine,
  kernelNames,
  kernelSource,
  registerInclude,
  registerKernel,
} from "../lib/gpu/kernel_source.ts";
import { dropout } from "../lib/ops/dropout.ts";
import { HostRng } from "../lib/ops/host_rng.ts";
import { ones } from "../lib/ops/creation.ts";
import { Rng } from "../lib/ops/random.ts";
import { gpuReady } from "./helpers.ts";

const ROOT = new URL("../", import.meta.url);

const FILES: Record<string, string> = {
  "a.wgsl": '// a\n// #include "b.wgsl"\nfn a() {}\n',
  "b.wgsl": "// b\nfn b() {}\n",
  "c.wgsl": '// #include "a.wgsl"\n// #include "b.wgsl"\nfn c() {}\n',
  "loop1.wgsl": '// #include "loop2.wgsl"\nfn one() {}\n',
  "loop2.wgsl": '// #include "loop1.wgsl"\nfn two() {}\n',
  "bad.wgsl": '// #include "nowhere.wgsl"\n',
};
const lookup = (name: string) => FILES[name];

Deno.test("a nested include is replaced by its text, the rest of the kernel as it was", () => {
  const r = resolveIncludes("k", '// k\n\n// #include "a.wgsl"\n\nfn main() {}\n', lookup);
  assert.equal(r.code, "// k\n\n// a\n// b\nfn b() {}\nfn a() {}\n\nfn main() {}\n");
  assert.deepEqual(r.included, ["a.wgsl", "b.wgsl"]);
  // each line knows where it came from
  assert.deepEqual(r.lines.map((l) => `${l.file}:${l.line}`), [
    "kernels/k.wgsl:1",
    "kernels/k.wgsl:2",
    "kernels/include/a.wgsl:1",
    "kernels/include/b.wgsl:1",
    "kernels/include/b.wgsl:2",
    "kernels/include/a.wgsl:3",
    "kernels/k.wgsl:4",
    "kernels/k.wgsl:5",
  ]);
  // no include: the source itself, byte for byte (also without a final newline)
  assert.equal(resolveIncludes("k", "fn main() {}\n", lookup).code, "fn main() {}\n");
  assert.equal(resolveIncludes("k", "fn main() {}", lookup).code, "fn main() {}");
});

Deno.test("each file is included once: repeated and nested includes, cycles", () => {
  const twice = resolveIncludes("k", '// #include "b.wgsl"\n// #include "b.wgsl"\n', lookup);
  assert.equal(twice.code, "// b\nfn b() {}\n");
  // c includes a (which includes b), then b again
  const c = resolveIncludes("k", '// #include "c.wgsl"\n', lookup);
  assert.equal(c.code, "// a\n// b\nfn b() {}\nfn a() {}\nfn c() {}\n");
  assert.deepEqual(c.included, ["c.wgsl", "a.wgsl", "b.wgsl"]);
  const loop = resolveIncludes("k", '// #include "loop1.wgsl"\n', lookup);
  assert.equal(loop.code, "fn two() {}\nfn one() {}\n");
});

Deno.test("an unknown include names the including kernel, the file and line, and the missing name", () => {
  assert.throws(
    () => resolveIncludes("mykernel", 'fn f() {}\n// #include "nowhere.wgsl"\n', lookup),
    /kernel "mykernel": kernels\/mykernel\.wgsl:2 includes "nowhere\.wgsl", which is unknown: kernels\/include\/nowhere\.wgsl is not listed/,
  );
  // from within an include file: the kernel and the include file's line
  assert.throws(
    () => resolveIncludes("mykernel", '// #include "bad.wgsl"\n', lookup),
    /kernel "mykernel": kernels\/include\/bad\.wgsl:1 includes "nowhere\.wgsl"/,
  );
  assert.throws(
    () => resolveIncludes("k", "// #include <b.wgsl>\n", lookup),
    /kernel "k": kernels\/k\.wgsl:1: malformed include line "\/\/ #include <b\.wgsl>"/,
  );
  // through the registry, with the known include files listed
  registerKernel("include_test_missing", '// #include "nowhere.wgsl"\nfn f() {}\n');
  assert.throws(
    () => kernelSource("include_test_missing"),
    /kernel "include_test_missing": kernels\/include_test_missing\.wgsl:1 includes "nowhere\.wgsl".*\(known: .*philox\.wgsl/,
  );
  registerKernel("include_test_missing", "fn f() {}\n");
});

Deno.test("registered kernels and include files resolve too; a registered include replaces the built-in one", () => {
  registerKernel("include_test_k", '// #include "philox.wgsl"\nfn f() {}\n');
  assert.equal(kernelSource("include_test_k"), INCLUDE_SOURCES["philox.wgsl"] + "fn f() {}\n");
  registerInclude("include_test.wgsl", "const X = 1u;\n");
  registerKernel("include_test_k", '// #include "include_test.wgsl"\nfn f() {}\n');
  assert.equal(kernelSource("include_test_k"), "const X = 1u;\nfn f() {}\n");
  assert.equal(kernelLine("include_test_k", 1), "kernels/include/include_test.wgsl:1");
  assert.equal(kernelLine("include_test_k", 2), "kernels/include_test_k.wgsl:2");
  registerInclude("include_test.wgsl", "const X = 2u;\n");
  assert.equal(kernelSource("include_test_k"), "const X = 2u;\nfn f() {}\n");
  assert.throws(() => registerInclude("../x.wgsl", ""), /must be a file name ending in \.wgsl/);
});

Deno.test("every built-in kernel resolves to self-contained WGSL; dropout and rng share philox.wgsl", () => {
  for (const name of kernelNames().filter((n) => !n.includes("test"))) {
    const code = kernelSource(name);
    assert.doesNotMatch(code, /^\s*\/\/\s*#include/m, name);
    // the kernel's header comment stays first
    assert.match(code, new RegExp(`^// (kernels/)?${name}\\.wgsl: `), name);
  }
  for (const name of ["rng", "dropout"]) {
    assert.ok(kernelSource(name).includes(INCLUDE_SOURCES["philox.wgsl"]), name);
  }
});

Deno.test("kernels/include/ is what lib/gpu/kernel_includes.ts holds: headed files with no bindings or overrides", () => {
  const dir = new URL("kernels/include/", ROOT);
  const files = [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => n.endsWith(".wgsl"))
    .sort();
  assert.deepEqual(includeNames().filter((n) => !n.includes("test")), files);
  for (const name of files) {
    const text = Deno.readTextFileSync(new URL(name, dir));
    assert.equal(INCLUDE_SOURCES[name], text, `${name} as on disk`);
    assert.match(text, new RegExp(`^// include/${name.replace(".", "\\.")}: `), `${name}: header`);
    const code = text.split("\n").filter((l) => !l.trimStart().startsWith("//")).join("\n");
    // a kernel's bindings and overrides stay in its own file, where its header documents them
    assert.doesNotMatch(code, /@binding|@group|\boverride\b/, `${name} declares no binding`);
    assert.ok(text.includes("No bindings, no overrides."), `${name}: header says so`);
  }
  // every include file is used
  const kernels = kernelNames().filter((k) => !k.includes("test"));
  const used = new Set(kernels.flatMap((k) => resolveIncludesOf(k)));
  assert.deepEqual(files.filter((f) => !used.has(f)), [], "include files no kernel uses");
});

function resolveIncludesOf(kernel: string): string[] {
  const src = Deno.readTextFileSync(new URL(`kernels/${kernel}.wgsl`, ROOT));
  return resolveIncludes(kernel, src, (n) => INCLUDE_SOURCES[n]).included;
}

Deno.test("a WGSL error in an included file names the kernel and the include file's line", async () => {
  await gpuReady;
  registerInclude("include_test_broken.wgsl", "// broken\nfn broken() -> f32 {\n  return 1u;\n}\n");
  registerKernel(
    "include_test_error",
    '// #include "include_test_broken.wgsl"\n@compute @workgroup_size(1)\nfn main() {\n  _ = broken();\n}\n',
  );
  gpu().dispatch({ kernel: "include_test_error", buffers: [], workgroups: [1] });
  await assert.rejects(
    gpu().sync(),
    /WGSL error in kernel "include_test_error" \(kernels\/include\/include_test_broken\.wgsl:[23]:/,
  );
  await gpu().sync();
});

Deno.test("dropout's in-kernel Philox (include/philox.wgsl) keeps the bits of HostRng", async () => {
  await gpuReady;
  // dropout keeps element i when uniform i of the Rng's stream is >= rate: the stream of
  // HostRng with the same seed and counter
  for (const [seed, n, rate] of [[8, 37, 0.5], [2 ** 40 + 5, 1001, 0.25]]) {
    const x = ones([n]);
    const kept = Array.from(await dropout(x, rate, new Rng(seed)).data(), (v) => v !== 0);
    const want = Array.from(new HostRng(seed).uniform(n), (u) => u >= rate);
    assert.deepEqual(kept, want, `seed ${seed}`);
    x.dispose();
  }
});

Deno.test("IGDS_KERNEL_OVERRIDE: an override's includes resolve; include files can be overridden", async () => {
  const dir = await Deno.makeTempDir();
  const rng = kernelSource("rng");
  try {
    // the resolved rng, with its Philox back behind an include line
    const philox = INCLUDE_SOURCES["philox.wgsl"];
    await Deno.writeTextFile(`${dir}/rng.wgsl`, rng.replace(philox, '// #include "philox.wgsl"\n'));
    assert.deepEqual(await applyKernelOverrides(`rng=${dir}/rng.wgsl`), [`rng=${dir}/rng.wgsl`]);
    assert.equal(kernelSource("rng"), rng);
    // a changed include file reaches every kernel that includes it
    await Deno.writeTextFile(`${dir}/philox.wgsl`, philox + "// changed\n");
    await applyKernelOverrides(`include/philox.wgsl=${dir}/philox.wgsl`);
    assert.ok(kernelSource("rng").includes("// changed\n"));
    assert.ok(kernelSource("dropout").includes("// changed\n"));
    // errors name what is wrong
    await Deno.writeTextFile(`${dir}/bad.wgsl`, '// #include "nowhere.wgsl"\n');
    await assert.rejects(
      applyKernelOverrides(`rng=${dir}/bad.wgsl`),
      /IGDS_KERNEL_OVERRIDE \(rng=.*bad\.wgsl\): kernel "rng": kernels\/rng\.wgsl:1 includes "nowhere\.wgsl"/,
    );
    await assert.rejects(
      applyKernelOverrides(`include/nope.wgsl=${dir}/bad.wgsl`),
      /IGDS_KERNEL_OVERRIDE: include file "nope\.wgsl" is unknown/,
    );
  } finally {
    registerInclude("philox.wgsl", INCLUDE_SOURCES["philox.wgsl"]);
    registerKernel("rng", rng);
    await Deno.remove(dir, { recursive: true });
  }
  assert.equal(kernelSource("rng"), rng);
});
