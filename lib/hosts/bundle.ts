/**
 * One ES module of a TypeScript entry and everything it imports (the kernels included, as
 * text), for browsers and Node, made with `deno bundle`. Deno only: the bundles themselves
 * hold no Deno API when the entry has none (`lib/portable.ts`, the conformance suite, the
 * demo page).
 *
 * @example
 * await bundle("lib/portable.ts", "out/bundle/igds-webgpu.js");
 * @module
 */

/** The bundles `deno task bundle` makes: output name -> entry, relative to the repository. */
export const BUNDLES: Readonly<Record<string, string>> = {
  "igds-webgpu.js": "lib/portable.ts",
  "conformance.js": "tests/conformance/mod.ts",
  "demo.js": "web/demo.ts",
};

/** Where the bundles go, relative to the repository. */
export const BUNDLE_DIR = "out/bundle";

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
 * Makes every bundle of {@link BUNDLES} in {@link BUNDLE_DIR}; returns their absolute paths
 * by name.
 *
 * @example
 * const files = await bundleAll(); // { "igds-webgpu.js": "/.../out/bundle/igds-webgpu.js", ... }
 */
export async function bundleAll(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [name, entry] of Object.entries(BUNDLES)) {
    out[name] = await bundle(entry, `${BUNDLE_DIR}/${name}`);
  }
  return out;
}
