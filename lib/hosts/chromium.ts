/**
 * Headless Chromium as a WebGPU host, driven by `playwright-core` with the system's Chromium
 * (Debian: `apt-get install chromium`). WebGPU needs a secure context, so pages are loaded
 * from http://127.0.0.1 (see `serve.ts`).
 *
 * On Linux, Chromium offers WebGPU only with `--enable-unsafe-webgpu`; with no GPU its
 * adapter is then SwiftShader (a CPU Vulkan with the Subzero JIT), which cannot compile the
 * conv2d kernels: the pipeline of conv2d_wgrad was still compiling after 8 minutes, and the
 * GPU watchdog kills the GPU process after about 3 (exit code 5). So the toolkit's pages ask
 * for a compatibility-mode adapter (`?featureLevel=compatibility`), which with
 * {@link CHROMIUM_WEBGPU_ARGS} is Dawn's OpenGL ES backend on ANGLE on Mesa's llvmpipe: the
 * same CPU rasterizer Deno and Node use.
 *
 * @example
 * const browser = await launchChromium("demo");
 * const page = await browser.newPage();
 * @module
 */
import { LP_WIDTH_VARIABLE } from "../gpu/vector_width.ts";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import type { ConformanceReport } from "./report.ts";

/**
 * The flags that give headless Chromium a WebGPU adapter on llvmpipe: WebGPU on Linux, its
 * OpenGL ES adapter for compatibility-mode requests, and ANGLE on the system's EGL/GL (Mesa)
 * instead of SwiftShader.
 */
export const CHROMIUM_WEBGPU_ARGS = [
  "--enable-unsafe-webgpu",
  "--use-webgpu-adapter=opengles",
  "--use-gl=angle",
  "--use-angle=gl-egl",
  "--ignore-gpu-blocklist",
];

/** The query string that makes the toolkit's pages request that adapter. */
export const COMPAT_QUERY = "featureLevel=compatibility";

/** Where Chromium is looked for when CHROMIUM_PATH is not set. */
export const CHROMIUM_CANDIDATES = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
];

/**
 * The Chromium executable: $CHROMIUM_PATH, else the first of {@link CHROMIUM_CANDIDATES} that
 * exists. Throws, saying how to install it, when there is none.
 *
 * @example
 * findChromium(); // "/usr/bin/chromium"
 */
export function findChromium(): string {
  const own = Deno.env.get("CHROMIUM_PATH");
  const candidates = own ? [own] : CHROMIUM_CANDIDATES;
  for (const path of candidates) {
    try {
      if (Deno.statSync(path).isFile) return path;
    } catch {
      // not there
    }
  }
  throw new Error(
    `Chromium not found (looked for ${candidates.join(", ")}). Install it: ` +
      "apt-get install chromium (Debian), or set CHROMIUM_PATH to a Chromium or Chrome binary",
  );
}

/**
 * Where Chromium keeps the profile `name`: under $XDG_CACHE_HOME (or ~/.cache)/igds-webgpu/.
 * The profile holds Chromium's GPU program cache: compiling the conv2d kernels for Mesa's GL
 * takes minutes the first time (112 s for one conformance case), well under a second after.
 *
 * @example
 * chromiumProfileDir("demo"); // "/root/.cache/igds-webgpu/chromium-demo"
 */
export function chromiumProfileDir(name: string): string {
  const cache = Deno.env.get("XDG_CACHE_HOME") ?? `${Deno.env.get("HOME") ?? "/tmp"}/.cache`;
  return `${cache}/igds-webgpu/chromium-${name}`;
}

/**
 * The environment Chromium starts with: this process's, less LP_NATIVE_VECTOR_WIDTH. With
 * llvmpipe at 512 bits Chromium's GPU process found no WebGPU adapter (measured: the
 * conformance and demo tests, headless, Mesa 22.3), so it keeps Mesa's default width.
 */
function chromiumEnv(): Record<string, string> {
  const env = Deno.env.toObject();
  delete env[LP_WIDTH_VARIABLE];
  return env;
}

/**
 * Launches headless Chromium with WebGPU enabled (plus `args`) in the persistent profile
 * `profile` (see {@link chromiumProfileDir}; one Chromium at a time per profile).
 *
 * @example
 * const browser = await launchChromium("demo");
 * try { const page = await browser.newPage(); } finally { await browser.close(); }
 */
export async function launchChromium(
  profile = "default",
  args: string[] = [],
): Promise<BrowserContext> {
  return await chromium.launchPersistentContext(chromiumProfileDir(profile), {
    executablePath: findChromium(),
    env: chromiumEnv(),
    headless: true,
    args: [...CHROMIUM_WEBGPU_ARGS, ...args],
  });
}

/**
 * Opens `url` in a new page and waits (up to `timeoutMs`) until `globalThis[name]` is set,
 * returning its value; the page's console goes to `onConsole`.
 *
 * @example
 * const report = await waitForGlobal(page, `${url}conformance.html`, "conformanceReport");
 */
export async function waitForGlobal<T>(
  page: Page,
  url: string,
  name: string,
  timeoutMs = 20 * 60_000,
  predicate = "true",
): Promise<T> {
  await page.goto(url);
  await page.waitForFunction(
    `globalThis[${JSON.stringify(name)}] !== undefined && (${predicate})`,
    null,
    { timeout: timeoutMs, polling: 250 },
  );
  return await page.evaluate(`globalThis[${JSON.stringify(name)}]`) as T;
}

/**
 * Runs the conformance page (served at `baseUrl`) in headless Chromium and returns its
 * report, with `renderer` set to the GL renderer behind the adapter (Chromium hides it from
 * WebGPU's adapter info). Throws with the page's message when it finds no adapter. With
 * `bundledKernels`, the page runs the kernels of the served out/bundle/kernels/ files (the
 * resolved ones `deno task bundle` writes) instead of those built into the bundle.
 *
 * @example
 * const report = await runChromiumConformance(server.url);
 */
export async function runChromiumConformance(
  baseUrl: string,
  options: { filter?: string; bundledKernels?: boolean; onConsole?: (line: string) => void } = {},
): Promise<ConformanceReport> {
  const browser = await launchChromium("conformance");
  try {
    const page = await browser.newPage();
    if (options.onConsole) {
      page.on("console", (m) => options.onConsole!(m.text()));
    }
    const query = COMPAT_QUERY +
      (options.filter ? `&filter=${encodeURIComponent(options.filter)}` : "") +
      (options.bundledKernels ? "&kernels=/bundle/kernels/" : "");
    const report = await waitForGlobal<ConformanceReport & { error?: string }>(
      page,
      `${baseUrl}conformance.html?${query}`,
      "conformanceReport",
    );
    if (report.error) throw new Error(`chromium: ${report.error}`);
    return report;
  } finally {
    await browser.close();
  }
}
