// The distill pipeline end to end on tiny settings: stages, caching and resume, the report,
// and the errors that must come before any long work.
import assert from "node:assert/strict";
import { dispose } from "../lib/autodiff/scope.ts";
import { savePrior } from "../lib/diffusion/prior_file.ts";
import { distill, DISTILL_SCHEMA } from "../lib/igds/distill.ts";
import { distillPlan, sharedSetOf } from "../lib/igds/plan.ts";
import { validateConfig } from "../lib/io/config.ts";
import { FASHION_MNIST_CLASSES } from "../lib/data/datasets.ts";
import { uNet, type UNetConfig } from "../lib/nn/unet.ts";
import { Rng } from "../lib/ops/random.ts";
import { affine } from "../lib/ops/unary.ts";
import { gpuReady } from "./helpers.ts";

await gpuReady;

async function tinyPrior(dir: string, size = 28): Promise<string> {
  const unet: UNetConfig = { channels: 1, size, base: 8, mult: [1, 2], groups: 4, classes: 10 };
  const net = uNet(unet, new Rng(0));
  // a random output layer instead of the zeroed one, so that the prediction (and guidance by
  // the class) changes the samples
  const zeroed = net.params.out.weight;
  const noise = new Rng(1).normal(zeroed.shape);
  net.params.out.weight = affine(noise, 0.05);
  dispose([zeroed, noise]);
  const path = await savePrior(
    `${dir}/prior`,
    {
      unet,
      schedule: "linear",
      T: 1000,
      classNames: FASHION_MNIST_CLASSES,
    },
    net.params,
    1,
  );
  dispose(net.params);
  return path;
}

const tiny = (dir: string, prior: string, extra: Record<string, unknown> = {}) =>
  validateConfig(DISTILL_SCHEMA, {
    data: { bundled: true },
    prior: { path: prior, steps: 2, method: "ddim" },
    ve: { width: 4, depth: 3, dim: 8, epochs: 1, batch: 256, queue: 256, classifierEpochs: 1 },
    methods: ["random", "kcenter", "ddpm", "igds"],
    ipc: [1],
    igds: { beta: [0.1], eta: 0.05 },
    eval: { width: 4, epochs: [1], runs: 1, chanceCheck: false },
    out: dir + "/run",
    ...extra,
  });

Deno.test("distill: every stage runs, writes ImageFolders and a report, and a rerun is all cached", async () => {
  const dir = await Deno.makeTempDir();
  const prior = await tinyPrior(dir);
  const lines: string[] = [];
  const s = await distill(tiny(dir, prior), { log: (l) => lines.push(l) });
  assert.deepEqual(s.results.map((r) => r.method), ["random", "kcenter", "ddpm", "igds"]);
  for (const r of s.results) {
    assert.ok(r.mean >= 0 && r.mean <= 100 && r.accuracies.length === 1);
    const folders = [...Deno.readDirSync(`${dir}/run/distilled/${r.method}/ipc1`)]
      .filter((e) => e.isDirectory).length;
    assert.equal(folders, 10, r.method);
  }
  assert.equal(s.results.find((r) => r.method === "igds")!.beta, 0.1);
  const report = await Deno.readTextFile(`${dir}/run/report.md`);
  assert.match(report, /\| igds \| [\d.]+ ± [\d.]+ \(β 0\.1\) \|/);
  assert.match(report, /Differences from the paper's protocol/);
  // the VE on the evaluation images, which it did not train on
  const held = s.ve!.heldOut!;
  assert.ok(held.accuracy >= 0 && held.accuracy <= 1 && Number.isFinite(held.I + held.H));
  assert.match(report, /On the test set \(\d+ images it did not train on\) its classifier labels/);
  assert.match(report, /\| the test set \(real, held out\) \| [\d.]+% \|/);
  // each method's accuracy per class, one column per class, averaging to its accuracy
  assert.match(report, /## Accuracy per class \(%\)[\s\S]*\| method \| T-shirt\/top \| Trouser \|/);
  for (const r of s.results) {
    assert.equal(r.perClass!.length, 10);
    const mean = r.perClass!.reduce((a, b) => a + b, 0) / 10;
    assert.ok(Math.abs(mean - r.mean) < 0.5, `${r.method}: ${r.perClass} against ${r.mean}`);
  }
  const again: string[] = [];
  await distill(tiny(dir, prior), { log: (l) => again.push(l) });
  assert.ok(
    !again.some((l) => /making the distilled set|evaluating|VE: training/.test(l)),
    again.join("\n"),
  );
  // a changed setting reruns only what depends on it
  const changed: string[] = [];
  await distill(tiny(dir, prior, { igds: { beta: [0.2], eta: 0.05 } }), {
    log: (l) => changed.push(l),
  });
  const made = changed.filter((l) => /making the distilled set/.test(l));
  assert.deepEqual(made, ["igds/ipc1: making the distilled set ..."]);
  // classifier-free guidance remakes the generated sets only (other images), and the report
  // says so
  const firstImage = async () => {
    const first = (d: string) =>
      `${d}/${
        [...Deno.readDirSync(d)].map((e) => e.name)
          .filter((n) => !n.endsWith(".json") && !n.startsWith(".")).sort()[0]
      }`;
    const folder = first(`${dir}/run/distilled/ddpm/ipc1`);
    const name = first(folder).slice(folder.length + 1);
    return await Deno.readFile(`${folder}/${name}`);
  };
  const unguidedImage = await firstImage();
  const guided: string[] = [];
  const prior2 = { path: prior, steps: 2, method: "ddim", cfg: 2 };
  await distill(tiny(dir, prior, { prior: prior2 }), { log: (l) => guided.push(l) });
  assert.deepEqual(guided.filter((l) => /making the distilled set/.test(l)), [
    "ddpm/ipc1: making the distilled set ...",
    "igds/ipc1: making the distilled set ...",
  ]);
  assert.notDeepEqual(await firstImage(), unguidedImage);
  assert.match(
    await Deno.readTextFile(`${dir}/run/report.md`),
    /classifier-free guidance w 2 .*classifier-free guidance \(w 2\), which the paper does not use/s,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("distill: the IGDS options (set entropy, prototype diversity, x0 scaling, per-image normalisation) run and show in the report", async () => {
  const dir = await Deno.makeTempDir();
  const prior = await tinyPrior(dir);
  const lines: string[] = [];
  const igds = {
    beta: [0.1],
    eta: 0.05,
    wrt: "x0",
    entropy: "set",
    diversity: "prototype",
    x0Scale: "sqrt-acp",
    normalize: "per-image",
  };
  const config = tiny(dir, prior, { methods: ["igds"], igds });
  const summary = await distill(config, { log: (l) => lines.push(l) });
  assert.equal(summary.results[0].method, "igds");
  const report = await Deno.readTextFile(`${dir}/run/report.md`);
  for (
    const text of [
      "H(y_hat) over the whole generated set",
      "KL to the VE's class prototype",
      "scaled by sqrt(alpha_bar_{t-1})",
      "divided by its root mean square",
    ]
  ) assert.ok(report.includes(text), text);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("distill: data.validation scores on a split held out of the training set", async () => {
  const dir = await Deno.makeTempDir();
  const prior = await tinyPrior(dir);
  const lines: string[] = [];
  const config = tiny(dir, prior, {
    methods: ["random"],
    data: { bundled: true, validation: 500, validationSeed: 1 },
  });
  const summary = await distill(config, { log: (l) => lines.push(l) });
  assert.deepEqual(
    [summary.data.trainImages, summary.data.testImages, summary.data.validation],
    [2500, 500, 500],
  );
  assert.ok(lines.some((l) => /evaluated on 500 held out of the training set/.test(l)));
  const report = await Deno.readTextFile(`${dir}/run/report.md`);
  assert.match(report, /accuracy on the validation split held out of the training set/);
  assert.match(report, /\(500 images; scored on a validation split, not the test set/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("distill: bad input fails before any long work, naming what is wrong", async () => {
  const dir = await Deno.makeTempDir();
  const prior = await tinyPrior(dir);
  await assert.rejects(
    distill(tiny(dir, prior, { ipc: [301], methods: ["random"] })),
    /ipc 301 is larger than class "T-shirt\/top" \(300 images\)/,
  );
  await assert.rejects(
    distill(tiny(dir, `${dir}/nothing.safetensors`)),
    /nothing\.safetensors: prior not found/,
  );
  const small = await tinyPrior(`${dir}`, 16);
  await assert.rejects(
    distill(tiny(dir, small)),
    /makes 1x16x16 images, but fashion-mnist has 1x28x28/,
  );
  await assert.rejects(distill(tiny(dir, prior, { methods: ["magic"] })), /unknown method "magic"/);
  await assert.rejects(
    distill(tiny(dir, prior, { ipc: [1, 2], igds: { beta: [0.1, 0.2, 0.3] } })),
    /igds\.beta needs one value or one per entry of ipc \(2\), got 3/,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("distill: the random baseline draws a new subset for each evaluation run", async () => {
  const dir = await Deno.makeTempDir();
  const prior = await tinyPrior(dir);
  const config = (runs: number) =>
    tiny(dir, prior, {
      methods: ["random"],
      eval: { width: 4, epochs: [1], runs, chanceCheck: false },
    });
  await distill(config(1));
  const firstDraw = await Deno.readFile(`${dir}/run/distilled/random/ipc1/grid.png`);
  const lines: string[] = [];
  const s = await distill(config(3), { log: (l) => lines.push(l) });
  assert.equal(s.results[0].accuracies.length, 3);
  // the first draw is the one-run set, kept; runs 1 and 2 draw their own
  assert.deepEqual(lines.filter((l) => /making the distilled set/.test(l)), [
    "random/ipc1: making the distilled set (draw 1) ...",
    "random/ipc1: making the distilled set (draw 2) ...",
  ]);
  const grids = await Promise.all(
    ["ipc1", "ipc1-seed1", "ipc1-seed2"].map((d) =>
      Deno.readFile(`${dir}/run/distilled/random/${d}/grid.png`)
    ),
  );
  assert.deepEqual(grids[0], firstDraw);
  assert.notDeepEqual(grids[0], grids[1]);
  assert.notDeepEqual(grids[1], grids[2]);
  const report = await Deno.readTextFile(`${dir}/run/report.md`);
  assert.match(report, /random: a new class-balanced subset drawn for each run/);
});

Deno.test("distill: igds at IPC 1 without the merge is igds-beta0's set, computed once; alone it makes the same bits", async () => {
  const dir = await Deno.makeTempDir();
  const prior = await tinyPrior(dir);
  const both = tiny(dir, prior, { methods: ["igds-beta0", "igds"], ipc: [1, 2] });
  // the rule
  assert.equal(sharedSetOf(both, "igds", 0), "igds-beta0");
  assert.equal(sharedSetOf(both, "igds", 1), null); // IPC 2, β 0.1: the KL term is alive
  assert.equal(sharedSetOf(both, "igds-beta0", 0), null);
  assert.equal(sharedSetOf({ ...both, igds: { ...both.igds, merge: true } }, "igds", 0), null);
  assert.equal(
    sharedSetOf({ ...both, igds: { ...both.igds, diversity: "prototype" } }, "igds", 0),
    null,
  );
  assert.equal(
    sharedSetOf({ ...both, igds: { ...both.igds, beta: [0] } }, "igds", 1),
    "igds-beta0",
  );
  assert.equal(sharedSetOf({ ...both, methods: ["igds"] }, "igds", 0), null);
  const ids = distillPlan(both).map((s) => s.id);
  assert.ok(!ids.some((id) => id.includes("igds/ipc1") || id.includes("igds-ipc1/")), `${ids}`);
  assert.ok(ids.includes("distilled/igds/ipc2") && ids.includes("eval/igds-beta0-ipc1/seed0"));
  // the run: one set and one evaluation for the two rows at IPC 1
  const lines: string[] = [];
  const s = await distill(both, { log: (l) => lines.push(l) });
  assert.deepEqual(lines.filter((l) => /ipc1: (making|evaluating)/.test(l)), [
    "igds-beta0/ipc1: making the distilled set ...",
    "igds-beta0/ipc1: evaluating seed 0 (convnet3 width 4, 1 epochs) ...",
  ]);
  const at1 = (m: string) => s.results.find((r) => r.method === m && r.ipc === 1)!;
  assert.equal(at1("igds").sameSetAs, "igds-beta0");
  assert.deepEqual(at1("igds").accuracies, at1("igds-beta0").accuracies);
  assert.equal(at1("igds").beta, 0.1);
  assert.ok(!("distill igds/ipc1" in s.stages) && "distill igds-beta0/ipc1" in s.stages);
  const report = await Deno.readTextFile(`${dir}/run/report.md`);
  assert.match(
    report,
    /\| igds \| [\d.]+ ± [\d.]+ \(β 0\.1\) = igds-beta0 \| [\d.]+ ± [\d.]+ \(β 0\.1\) \|/,
  );
  assert.match(report, /igds at IPC 1 is igds-beta0's \(its β term/);
  // igds run alone makes and scores the same set, bit for bit
  const alone = await distill(
    tiny(dir, prior, { methods: ["igds"], ipc: [1], out: `${dir}/alone` }),
  );
  assert.deepEqual(alone.results[0].accuracies, at1("igds").accuracies);
  const files = async (d: string) => {
    const out: Record<string, Uint8Array> = {};
    for (const c of [...Deno.readDirSync(d)].filter((e) => e.isDirectory)) {
      for (const f of Deno.readDirSync(`${d}/${c.name}`)) {
        out[`${c.name}/${f.name}`] = await Deno.readFile(`${d}/${c.name}/${f.name}`);
      }
    }
    return out;
  };
  assert.deepEqual(
    await files(`${dir}/alone/distilled/igds/ipc1`),
    await files(`${dir}/run/distilled/igds-beta0/ipc1`),
  );
  await Deno.remove(dir, { recursive: true });
});
