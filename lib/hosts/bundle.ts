/**
 * One ES module of a TypeScript entry and everything it imports (the kernels included, as
 * text), for browsers and Node, made with `deno bundle`. Deno only: the bundles themselves
 * hold no Deno API when the entry has none (`lib/portable.ts`, the conformance suite, the
 * demo page). Also the kernels as a porter takes them: one self-contained WGSL file per
 * kernel, its `// #include` lines resolved ({@link writeBundledKernels}).
 *
 * @example
 * await bundle("lib/portable.ts", "out/bundle/igds-webgpu.js");
 * @module
 */
import { kernelNames, kernelSource } from "../gpu/kernel_source.ts";

/** The bundles `deno task bundle` makes: output name -> entry, relative to the repository. */
export const BUNDLES: Readonly<Record<string, string>> = {
  "igds-webgpu.js": "lib/portable.ts",
  "conformance.js": "tests/conformance/mod.ts",
  "demo.js": "web/demo.ts",
};

/** Where the bundles go, relative to the repository. */
export const BUNDLE_DIR = "out/bundle";

/** Where the resolved kernels go, relative to the repository: `<name>.wgsl` each. */
export const BUNDLED_KERNELS_DIR = `${BUNDLE_DIR}/kernels`;

/** The repository root (this file is lib/hosts/bundle.ts). */
export const REPO_ROOT = decodeURIComponent(
  new URL("../../", import.meta.url).pathname,
);

/**
 * Bundles `entry` into the ES module `out` (paths relative to the repository root) for the
 * browser platform (no Deno or Node built-ins), and returns the absolute output path.
 * Throws with `deno bundle`'s own output when it fails.
 *
 * @example
 * const file = await bundle("tests/conformance/mod.ts", "out/bundle/conformance.js");
 */
export async function bundle(entry: string, out: string): Promise<string> {
  const outFile = `${REPO_ROOT}${out}`;
  const r = await new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "--quiet",
      "--platform",
      "browser",
      "--format",
      "esm",
      "-o",
      outFile,
      entry,
    ],
    cwd: REPO_ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (r.code !== 0) {
    const text = new TextDecoder().decode(r.stderr) +
      new TextDecoder().decode(r.stdout);
    throw new Error(`deno bundle ${entry} failed:\n${text}`);
  }
  return outFile;
}

/**
 * Makes every bundle of {@link BUNDLES} in {@link BUNDLE_DIR}, and the resolved kernels in
 * {@link BUNDLED_KERNELS_DIR}; returns their absolute paths by name (the kernels' folder as
 * "kernels/").
 *
 * @example
 * const files = await bundleAll(); // { "igds-webgpu.js": "/.../out/bundle/igds-webgpu.js", ... }
 */
export async function bundleAll(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [name, entry] of Object.entries(BUNDLES)) {
    out[name] = await bundle(entry, `${BUNDLE_DIR}/${name}`);
  }
  out["kernels/"] = (await writeBundledKernels()).dir;
  return out;
}

/**
 * Writes every kernel, its `// #include` lines resolved ({@link kernelSource}), to
 * `<dir>/<name>.wgsl` (default {@link BUNDLED_KERNELS_DIR}): the self-contained WGSL files a
 * porter takes, the same code the toolkit compiles. Files of kernels that no longer exist
 * are removed. Returns the absolute folder and the kernel names.
 *
 * @example
 * const { dir, names } = await writeBundledKernels(); // ".../out/bundle/kernels", ["adam", ...]
 */
export async function writeBundledKernels(
  dir = BUNDLED_KERNELS_DIR,
): Promise<{ dir: string; names: string[] }> {
  const abs = dir.startsWith("/") ? dir : `${REPO_ROOT}${dir}`;
  await Deno.mkdir(abs, { recursive: true });
  const names = kernelNames();
  for await (const e of Deno.readDir(abs)) {
    if (e.isFile && e.name.endsWith(".wgsl") && !names.includes(e.name.slice(0, -5))) {
      await Deno.remove(`${abs}/${e.name}`);
    }
  }
  for (const name of names) await Deno.writeTextFile(`${abs}/${name}.wgsl`, kernelSource(name));
  return { dir: abs, names };
}
