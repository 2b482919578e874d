/// <reference lib="dom" />
/**
 * The browser demo (`deno task serve`, then http://127.0.0.1:8000/): loads the shipped prior
 * and VE as bytes, and runs IGDS sampling for the class the visitor picks, drawing the
 * images after every DDIM step with the adapter's name and the time per step. Bundled to
 * `out/bundle/demo.js` by `deno task bundle`; it imports only the host-agnostic
 * `lib/portable.ts`.
 *
 * URL parameters preset the form and start at once (used by the page's test):
 * `?class=Bag&n=1&steps=3&run=1` (`class` is a name or an index; also `eta`, `beta`, `seed`);
 * `featureLevel=compatibility` asks for a compatibility-mode adapter (headless Chromium on a
 * CPU, see `lib/hosts/chromium.ts`).
 * `globalThis.demo` holds the state: status, adapter, per-step times, VE predictions.
 * @module
 */
import {
  decodePrior,
  decodeVE,
  fromArray,
  igdsObjective,
  initGpu,
  l2Normalize,
  linear,
  type Prior,
  sample,
  softmax,
  type Tensor,
  type VarEstimator,
  veFeatures,
  veLogits,
} from "../lib/portable.ts";

/** What the page exposes for tests and curious visitors. */
interface DemoState {
  status: "loading" | "ready" | "running" | "done" | "error";
  adapter: string;
  /** Milliseconds of each step of the last run (the readback and drawing included). */
  stepMs: number[];
  /** Steps whose images were drawn in the last run. */
  drawn: number;
  /** The VE's class and probability for each final image. */
  predictions: { label: string; p: number }[];
  error: string;
}

const state: DemoState = {
  status: "loading",
  adapter: "",
  stepMs: [],
  drawn: 0,
  predictions: [],
  error: "",
};
(globalThis as unknown as { demo: DemoState }).demo = state;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const info = $<HTMLParagraphElement>("info");
const form = {
  cls: $<HTMLSelectElement>("class"),
  count: $<HTMLInputElement>("count"),
  steps: $<HTMLInputElement>("steps"),
  eta: $<HTMLInputElement>("eta"),
  beta: $<HTMLInputElement>("beta"),
  seed: $<HTMLInputElement>("seed"),
  run: $<HTMLButtonElement>("run"),
};

async function fetchBytes(url: string): Promise<Uint8Array> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
}

function fail(e: unknown): void {
  state.status = "error";
  state.error = e instanceof Error ? e.message : String(e);
  info.textContent = state.error;
  info.className = "error";
  form.run.disabled = true;
}

/** Draws images [n, 1, s, s] in [-1, 1] into one canvas each. */
function draw(
  canvases: HTMLCanvasElement[],
  data: Float32Array,
  size: number,
): void {
  const per = size * size;
  canvases.forEach((canvas, i) => {
    const img = new ImageData(size, size);
    for (let k = 0; k < per; k++) {
      const v = Math.round(
        Math.min(1, Math.max(0, (data[i * per + k] + 1) / 2)) * 255,
      );
      img.data.set([v, v, v, 255], 4 * k);
    }
    canvas.getContext("2d")!.putImageData(img, 0, 0);
  });
}

async function run(prior: Prior, ve: VarEstimator): Promise<void> {
  const names = prior.config.classNames;
  const cls = Number(form.cls.value);
  const n = Math.max(1, Math.min(8, Math.floor(Number(form.count.value) || 1)));
  const steps = Math.max(
    1,
    Math.min(250, Math.floor(Number(form.steps.value) || 25)),
  );
  const eta = Number(form.eta.value) || 0;
  const beta = Number(form.beta.value) || 0;
  const seed = Math.max(0, Math.floor(Number(form.seed.value) || 0));
  const size = prior.denoiser.size;
  const grid = $<HTMLDivElement>("images");
  grid.replaceChildren();
  const canvases = Array.from({ length: n }, (_, i) => {
    const figure = document.createElement("figure");
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = size;
    const caption = document.createElement("figcaption");
    caption.id = `caption-${i}`;
    caption.textContent = names[cls];
    figure.append(canvas, caption);
    grid.append(figure);
    return canvas;
  });
  Object.assign(state, {
    status: "running",
    stepMs: [],
    drawn: 0,
    predictions: [],
  });
  form.run.disabled = true;
  const labels = Int32Array.from({ length: n }, () => cls);
  const y = fromArray(labels, [n], "i32");
  // all n images share one class: the batch-entropy term of eq. 17 (which rewards a batch
  // spread over the classes) is left out; log P(y | x) and the diversity term remain
  const encode = (x: Tensor) => {
    const q = veFeatures(ve, x);
    return { features: q, logits: linear(ve.classifier, l2Normalize(q)) };
  };
  const objective = igdsObjective(encode, y, {
    beta,
    tau: ve.tau,
    ipc: n,
    entropy: "none",
  });
  let last = performance.now();
  let x: Tensor | undefined;
  try {
    x = await sample(prior.denoiser, prior.denoiser.params, prior.schedule, {
      labels,
      steps,
      method: "ddim",
      seed,
      guidance: eta > 0 ? { objective, scale: eta, wrt: "x0" } : undefined,
      onStep: async (i, xt) => {
        draw(canvases, (await xt.data()) as Float32Array, size);
        const now = performance.now();
        state.stepMs.push(now - last);
        last = now;
        state.drawn++;
        const mean = state.stepMs.reduce((a, b) => a + b, 0) /
          state.stepMs.length;
        info.textContent = `${state.adapter}: step ${steps - i}/${steps}, ` +
          `${state.stepMs.at(-1)!.toFixed(0)} ms this step, ` +
          `${mean.toFixed(0)} ms per step on average`;
      },
    });
    const probs = softmax(veLogits(ve, x), -1);
    const p = (await probs.data()) as Float32Array;
    probs.dispose();
    const C = names.length;
    state.predictions = canvases.map((_, i) => {
      const row = Array.from(p.subarray(i * C, (i + 1) * C));
      const k = row.indexOf(Math.max(...row));
      return { label: names[k], p: row[k] };
    });
    state.predictions.forEach((pr, i) => {
      $<HTMLElement>(`caption-${i}`).textContent = `${names[cls]} (VE: ${pr.label} ` +
        `${(100 * pr.p).toFixed(0)}%)`;
    });
    const mean = state.stepMs.reduce((a, b) => a + b, 0) / state.stepMs.length;
    info.textContent = `${state.adapter}: ${steps} steps of ${n} image${n > 1 ? "s" : ""} ` +
      `in ${(state.stepMs.reduce((a, b) => a + b, 0) / 1000).toFixed(1)} s, ` +
      `${mean.toFixed(0)} ms per step`;
    state.status = "done";
  } finally {
    x?.dispose();
    y.dispose();
    if (state.status !== "done") state.status = "ready";
    form.run.disabled = false;
  }
}

/** The GL renderer behind the page, where the browser hides the adapter from WebGPU. */
function glRenderer(): string {
  const gl = document.createElement("canvas").getContext("webgl2");
  const ext = gl?.getExtension("WEBGL_debug_renderer_info");
  return gl && ext ? String(gl.getParameter(ext.UNMASKED_RENDERER_WEBGL)) : "";
}

async function main(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const featureLevel = params.get("featureLevel");
  const g = await initGpu({
    adapterOptions: featureLevel ? { featureLevel } : {},
  });
  state.adapter = g.adapterName === "unknown adapter"
    ? `WebGPU adapter on ${glRenderer() || "an unnamed device"}`
    : g.adapterName;
  info.textContent = `${state.adapter}: loading the prior and the VE ...`;
  const [priorBytes, veBytes] = await Promise.all([
    fetchBytes("/fixtures/prior/anneal/prior.safetensors"),
    fetchBytes("/fixtures/ve/ve.safetensors"),
  ]);
  const prior = decodePrior(priorBytes, "prior.safetensors");
  const ve = decodeVE(veBytes, "ve.safetensors");
  prior.config.classNames.forEach((name, i) => form.cls.add(new Option(name, String(i))));
  const want = params.get("class");
  if (want !== null) {
    const byName = prior.config.classNames.indexOf(want);
    form.cls.value = String(byName >= 0 ? byName : Number(want));
  }
  for (
    const [key, input] of [["n", form.count], ["steps", form.steps], [
      "eta",
      form.eta,
    ]] as const
  ) {
    const v = params.get(key);
    if (v !== null) input.value = v;
  }
  for (const key of ["beta", "seed"] as const) {
    const v = params.get(key);
    if (v !== null) form[key].value = v;
  }
  state.status = "ready";
  info.textContent = `${state.adapter}: ready (prior: ${prior.step} training steps; VE: ` +
    `${ve.classes} classes)`;
  form.run.disabled = false;
  form.run.onclick = () => run(prior, ve).catch(fail);
  if (params.get("run") === "1") await run(prior, ve);
}

main().catch(fail);
