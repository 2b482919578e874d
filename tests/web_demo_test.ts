// The demo page (`deno task serve`) in headless Chromium: it loads the shipped prior and VE,
// runs a few guided DDIM steps of one image and draws it after every step.
import assert from "node:assert/strict";
import { bundleAll } from "../lib/hosts/bundle.ts";
import { COMPAT_QUERY, launchChromium, waitForGlobal } from "../lib/hosts/chromium.ts";
import { startServer } from "../lib/hosts/serve.ts";

interface DemoState {
  status: string;
  adapter: string;
  stepMs: number[];
  drawn: number;
  predictions: { label: string; p: number }[];
  error: string;
}

Deno.test("demo page: 3 IGDS steps of one Bag image are drawn, with the time per step", async () => {
  await bundleAll();
  const server = startServer({ port: 0 });
  const browser = await launchChromium("demo");
  try {
    const page = await browser.newPage();
    const state = await waitForGlobal<DemoState>(
      page,
      `${server.url}?${COMPAT_QUERY}&class=Bag&n=1&steps=3&run=1`,
      "demo",
      15 * 60_000,
      `["done", "error"].includes(globalThis.demo.status)`,
    );
    assert.equal(state.error, "", state.error);
    assert.equal(state.status, "done");
    assert.equal(state.drawn, 3);
    assert.equal(state.stepMs.length, 3);
    assert.equal(state.predictions.length, 1);
    // the image is there and not blank: its pixels are not all one grey
    const pixels = await page.evaluate(
      `Array.from(document.querySelector("#images canvas").getContext("2d")
        .getImageData(0, 0, 28, 28).data)`,
    ) as number[];
    const greys = new Set(pixels.filter((_, i) => i % 4 === 0));
    assert.ok(greys.size > 10, `the image has ${greys.size} grey levels`);
    const info = await page.textContent("#info");
    assert.match(info ?? "", /ms per step/);
    console.log(
      `demo on "${state.adapter}": ${state.stepMs.map((m) => m.toFixed(0)).join(", ")} ms ` +
        `per step; VE: ${state.predictions[0].label} ${(100 * state.predictions[0].p).toFixed(0)}%`,
    );
  } finally {
    await browser.close();
    await server.close();
  }
});
