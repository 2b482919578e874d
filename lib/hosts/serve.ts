/**
 * A static HTTP server on 127.0.0.1 for the browser pages: `web/` (the demo and the
 * conformance page), the bundles in `out/bundle/` and its resolved kernels
 * (`/bundle/kernels/<name>.wgsl`), and the two model files the demo loads. Nothing else of
 * the repository is served. 127.0.0.1 is a secure context, so WebGPU is
 * offered there.
 *
 * @example
 * const server = startServer({ port: 8000 });
 * console.log(server.url); // http://127.0.0.1:8000/
 * @module
 */
import { BUNDLE_DIR, BUNDLED_KERNELS_DIR, REPO_ROOT } from "./bundle.ts";

/** URL path -> file (relative to the repository) of everything the server offers. */
export const ROUTES: Readonly<Record<string, string>> = {
  "/": "web/index.html",
  "/index.html": "web/index.html",
  "/conformance.html": "web/conformance.html",
  "/style.css": "web/style.css",
  "/bundle/demo.js": `${BUNDLE_DIR}/demo.js`,
  "/bundle/conformance.js": `${BUNDLE_DIR}/conformance.js`,
  "/bundle/igds-webgpu.js": `${BUNDLE_DIR}/igds-webgpu.js`,
  "/fixtures/prior/anneal/prior.safetensors": "fixtures/prior/anneal/prior.safetensors",
  "/fixtures/ve/ve.safetensors": "fixtures/ve/ve.safetensors",
};

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  wgsl: "text/wgsl; charset=utf-8",
  safetensors: "application/octet-stream",
};

/** The file behind a URL path: a {@link ROUTES} entry, or one of the bundled kernels. */
export function routeFile(path: string): string | undefined {
  const kernel = /^\/bundle\/kernels\/([a-z0-9_]+)\.wgsl$/.exec(path);
  return kernel ? `${BUNDLED_KERNELS_DIR}/${kernel[1]}.wgsl` : ROUTES[path];
}

/** A running server. */
export interface StaticServer {
  /** The base URL, ending in "/". */
  url: string;
  port: number;
  /** Stops the server. */
  close(): Promise<void>;
}

/**
 * Serves {@link ROUTES} on 127.0.0.1 (`port` 0 picks a free one). Files are read on each
 * request, so a rebuilt bundle is served at once.
 *
 * @example
 * const s = startServer({ port: 0 });
 * await fetch(`${s.url}conformance.html`);
 * await s.close();
 */
export function startServer(
  options: { port?: number; quiet?: boolean } = {},
): StaticServer {
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: options.port ?? 8000,
    onListen: () => {},
  }, async (req) => {
    const path = new URL(req.url).pathname;
    const file = routeFile(path);
    if (!file || req.method !== "GET") {
      return new Response("not found", { status: 404 });
    }
    try {
      const body = await Deno.readFile(`${REPO_ROOT}${file}`);
      const type = TYPES[file.slice(file.lastIndexOf(".") + 1)] ??
        "application/octet-stream";
      return new Response(body, {
        headers: { "content-type": type, "cache-control": "no-store" },
      });
    } catch {
      return new Response(`${file} is missing (run \`deno task bundle\`?)`, {
        status: 404,
      });
    }
  });
  const port = server.addr.port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () => server.shutdown(),
  };
}
