// The beta and H(X|Y) sweeps on tiny settings: their files, one VE per sweep folder (reused by
// a rerun), H(X|Y) following the target, and the errors that come before any long work.
import assert from "node:assert/strict";
import { dispose } from "../lib/autodiff/scope.ts";
import { FASHION_MNIST_CLASSES, loadDataset } from "../lib/data/datasets.ts";
import { subsetDataset } from "../lib/igds/baselines.ts";
import { writeImageFolder } from "../lib/io/images.ts";
import { savePrior } from "../lib/diffusion/prior_file.ts";
import { DISTILL_SCHEMA } from "../lib/igds/distill.ts";
import { classQuantiles, sweepBeta, sweepH } from "../lib/igds/sweep.ts";
import { parseSweepArgs } from "../lib/igds/sweep_cli.ts";
import { gridPoints, pointName, sweepIgds } from "../lib/igds/sweep_igds.ts";
import { validateConfig } from "../lib/io/config.ts";
import { uNet, type UNetConfig } from "../lib/nn/unet.ts";
import { Rng } from "../lib/ops/random.ts";
import { gpuReady } from "./helpers.ts";

await gpuReady;

async function tinyPrior(dir: string): Promise<string> {
  const unet: UNetConfig = { channels: 1, size: 28, base: 8, mult: [1, 2], groups: 4, classes: 10 };
  const net = uNet(unet, new Rng(0));
  const path = await savePrior(
    `${dir}/prior`,
    { unet, schedule: "linear", T: 1000, classNames: FASHION_MNIST_CLASSES },
    net.params,
    1,
  );
  dispose(net.params);
  return path;
}

/**
 * A tiny ImageFolder copy of the bundled Fashion-MNIST subset (`train/`: 40 images per class,
 * `test/`: 20), made once for the whole file: every pass over the data stays short.
 */
const tinyData = (async () => {
  const root = await Deno.makeTempDir();
  globalThis.addEventListener("unload", () => Deno.removeSync(root, { recursive: true }));
  for (const [split, per] of [["train", 40], ["test", 20]] as const) {
    const ds = await loadDataset("fashion-mnist", split, { bundled: true });
    const taken = new Array<number>(10).fill(0);
    const idx = Int32Array.from(
      Array.from(ds.labels.keys()).filter((i) => taken[ds.labels[i]]++ < per),
    );
    await writeImageFolder(`${root}/${split}`, subsetDataset(ds, idx));
  }
  return root;
})();

const tiny = (data: string, prior: string, extra: Record<string, unknown> = {}) =>
  validateConfig(DISTILL_SCHEMA, {
    data: { name: data },
    prior: { path: prior, steps: 2, method: "ddim" },
    ve: { width: 4, depth: 3, dim: 16, epochs: 1, batch: 64, queue: 128, classifierEpochs: 60 },
    ipc: [1],
    igds: { eta: 0.05 },
    eval: { width: 4, epochs: [1], runs: 1, chanceCheck: false },
    ...extra,
  });

const isPng = async (path: string) =>
  (await Deno.readFile(path)).subarray(1, 4).every((b, i) => b === "PNG".charCodeAt(i));

/** Markdown table rows (not the header or the rule) of a file. */
const tableRows = (md: string) =>
  md.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| ---"));

Deno.test("sweepBeta: one distill run per beta on one VE, json/md/png, a rerun is all cached", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const prior = await tinyPrior(dir);
    const data = await tinyData;
    const out = `${dir}/sweep`;
    const lines: string[] = [];
    const r = await sweepBeta(tiny(data, prior), [0, 0.2], { out, log: (l) => lines.push(l) });
    assert.deepEqual(r.points.map((p) => [p.ipc, p.beta]), [[1, 0], [1, 0.2]]);
    for (const p of r.points) assert.ok(p.mean >= 0 && p.mean <= 100 && p.accuracies.length === 1);
    assert.equal(r.best.length, 1);
    assert.equal(r.best[0].mean, Math.max(...r.points.map((p) => p.mean)));
    // the VE is trained once, in <out>/ve, and every beta's distill run uses that file
    assert.equal(lines.filter((l) => /VE: training/.test(l)).length, 1, lines.join("\n"));
    assert.equal(r.ve.source, "trained");
    assert.equal(r.ve.path, `${out}/ve/ve.safetensors`);
    for (const b of ["0", "0.2"]) {
      const s = JSON.parse(await Deno.readTextFile(`${out}/beta-${b}/results.json`));
      assert.equal(s.config.ve.path, r.ve.path);
      assert.deepEqual(s.config.methods, ["igds"]);
      await assert.rejects(Deno.stat(`${out}/beta-${b}/ve`));
    }
    // the files: one table row per beta (+ the best-per-IPC table's row), a PNG plot
    const json = JSON.parse(await Deno.readTextFile(`${out}/sweep-beta.json`));
    assert.equal(json.points.length, 2);
    const md = await Deno.readTextFile(`${out}/sweep-beta.md`);
    const rows = tableRows(md);
    assert.ok(rows[0].startsWith("| β | IPC 1 |"), md);
    assert.match(rows[1], /^\| 0 \| (\*\*)?[\d.]+ ± [\d.]+/);
    assert.match(rows[2], /^\| 0\.2 \| (\*\*)?[\d.]+ ± [\d.]+/);
    assert.equal(md.match(/\*\*/g)?.length, 2, "one best cell per IPC");
    assert.ok(await isPng(`${out}/sweep-beta.png`));
    // a rerun trains, samples and evaluates nothing
    const again: string[] = [];
    const r2 = await sweepBeta(tiny(data, prior), [0, 0.2], { out, log: (l) => again.push(l) });
    assert.ok(
      !again.some((l) => /VE: training|making the distilled set|evaluating/.test(l)),
      again.join("\n"),
    );
    assert.equal(r2.ve.source, "cached");
    assert.deepEqual(r2.points.map((p) => p.mean), r.points.map((p) => p.mean));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("sweepH: weighted subsets, H(X|Y) follows the target, json/md/png, cached rerun", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const out = `${dir}/sweep-h`;
    const config = tiny(await tinyData, "", { ipc: [1, 2] });
    const lines: string[] = [];
    // the tiny VE's KL values spread over less than a nat: a sharper kernel than eq. 18's
    const r = await sweepH(config, {
      out,
      quantiles: [0.1, 0.5, 0.9],
      sharpness: 10,
      log: (l) => lines.push(l),
    });
    assert.equal(lines.filter((l) => /VE: training/.test(l)).length, 1);
    assert.equal(r.points.length, 6);
    assert.deepEqual(r.points.map((p) => `${p.ipc}-${p.target}`), [
      "1-q0.1",
      "1-q0.5",
      "1-q0.9",
      "2-q0.1",
      "2-q0.5",
      "2-q0.9",
    ]);
    for (const p of r.points) {
      assert.equal(p.indices.length, 10 * p.ipc);
      assert.ok(p.mean >= 0 && p.mean <= 100);
      assert.ok(Number.isFinite(p.H) && p.H >= 0);
    }
    // H(X|Y) of the subsets increases with the target, for every IPC
    for (const ipc of [1, 2]) {
      const [lo, mid, hi] = r.points.filter((p) => p.ipc === ipc);
      const hs = `IPC ${ipc}: H ${lo.H}, ${mid.H}, ${hi.H} at q0.1, q0.5, q0.9`;
      assert.ok(lo.H < mid.H && mid.H < hi.H, hs);
      assert.ok(lo.alpha < mid.alpha && mid.alpha < hi.alpha);
    }
    assert.deepEqual(r.best.map((b) => b.ipc), [1, 2]);
    const json = JSON.parse(await Deno.readTextFile(`${out}/sweep-h.json`));
    assert.equal(json.points.length, 6);
    const md = await Deno.readTextFile(`${out}/sweep-h.md`);
    const rows = tableRows(md.split("## Best")[0]);
    assert.ok(rows[0].startsWith("| IPC | target |"), md);
    assert.equal(rows.filter((l) => /^\| \d+ \| q0\.\d \|/.test(l)).length, 6, md);
    assert.equal(md.match(/\*\*/g)?.length, 4, "one best cell per IPC");
    assert.ok(await isPng(`${out}/sweep-h.png`));
    assert.ok(await isPng(`${out}/eval/ipc2-q0.9/grid.png`));
    // absolute targets and eq. 18 as it is, on the same VE (cached)
    const again: string[] = [];
    const a = await sweepH({ ...config, ipc: [2] }, {
      out,
      alphas: [0, 100],
      log: (l) => again.push(l),
    });
    assert.ok(!again.some((l) => /VE: training/.test(l)), again.join("\n"));
    assert.equal(a.ve.source, "cached");
    assert.ok(a.points[0].H < a.points[1].H, `${a.points[0].H} vs ${a.points[1].H}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("classQuantiles: per-class quantiles over the correctly classified examples", () => {
  const kl = new Float64Array([0, 1, 2, 3, 10, 20, 30]);
  const labels = new Int32Array([0, 0, 0, 0, 1, 1, 1]);
  const correct = [1, 1, 1, 0, 1, 1, 0];
  assert.deepEqual(classQuantiles(kl, labels, correct, 3, 0.5).slice(0, 2), [1, 15]);
  assert.deepEqual(classQuantiles(kl, labels, correct, 3, 0.25).slice(0, 2), [0.5, 12.5]);
  assert.ok(Number.isNaN(classQuantiles(kl, labels, correct, 3, 0.5)[2]));
});

Deno.test("sweeps: bad input fails before any long work, naming what is wrong", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const out = `${dir}/sweep`;
    const config = tiny("fashion-mnist", `${dir}/no-prior.safetensors`, {
      data: { name: "fashion-mnist", bundled: true },
    });
    await assert.rejects(sweepBeta(config, [], { out }), /sweepBeta: no beta values given/);
    await assert.rejects(
      sweepBeta(config, [0.1, -0.5], { out }),
      /sweepBeta: beta must be >= 0, got -0\.5/,
    );
    await assert.rejects(sweepBeta(config, [0.1, 0.1], { out }), /beta 0\.1 is listed twice/);
    await assert.rejects(sweepBeta(config, [NaN], { out }), /beta must be finite numbers/);
    await assert.rejects(sweepBeta(config, [0.1], { out: "" }), /give the sweep folder as out/);
    await assert.rejects(
      sweepBeta({ ...config, ipc: [0] }, [0.1], { out }),
      /ipc must be positive integers, got 0/,
    );
    await assert.rejects(
      sweepBeta({ ...config, ipc: [1, 2], eval: { ...config.eval, epochs: [1, 2, 3] } }, [0.1], {
        out,
      }),
      /eval\.epochs needs one value or one per entry of ipc \(2\), got 3/,
    );
    await assert.rejects(
      sweepBeta(config, [0.1], { out }),
      /no-prior\.safetensors: prior not found/,
    );
    await assert.rejects(sweepH(config, { out, quantiles: [] }), /no quantile values given/);
    await assert.rejects(
      sweepH(config, { out, quantiles: [0.5, 1.5] }),
      /quantile must be in \[0, 1\], got 1\.5/,
    );
    await assert.rejects(sweepH(config, { out, alphas: [-1] }), /alpha must be >= 0, got -1/);
    await assert.rejects(
      sweepH(config, { out, sharpness: 0 }),
      /sharpness must be a positive number/,
    );
    await assert.rejects(
      sweepH(config, { out, alphas: [1], quantiles: [0.5] }),
      /alphas or quantiles, not both/,
    );
    await assert.rejects(
      sweepH({ ...config, ipc: [301] }, { out }),
      /ipc 301 is larger than class "T-shirt\/top" \(300 images\)/,
    );
    await assert.rejects(
      sweepH({ ...config, ve: { ...config.ve, path: `${dir}/none.safetensors` } }, { out }),
      /none\.safetensors: VE not found/,
    );
    await assert.rejects(Deno.stat(`${out}/ve`), "nothing was trained");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parseSweepArgs: distill's presets and flags, number lists, --out", async () => {
  const a = await parseSweepArgs(
    ["--betas", "0,0.05", "--ipc=1,10", "--out", "runs/x", "--eval.runs", "2"],
    { task: "sweep-beta", flags: ["betas"], defaultOut: "runs/sweep-beta" },
  );
  assert.deepEqual(a.numbers.betas, [0, 0.05]);
  assert.deepEqual(a.config.ipc, [1, 10]);
  assert.equal(a.config.eval.runs, 2);
  assert.equal(a.config.preset, "quick");
  assert.equal(a.out, "runs/x");
  const d = await parseSweepArgs(["--preset=standard", "--alphas=0.5"], {
    task: "sweep-h",
    flags: ["alphas", "quantiles"],
    defaultOut: "runs/sweep-h",
  });
  assert.equal(d.out, "runs/sweep-h");
  assert.deepEqual(d.numbers, { alphas: [0.5], quantiles: undefined });
  assert.equal(d.config.preset, "standard");
  const o = { task: "sweep-beta", flags: ["betas"], defaultOut: "o" };
  await assert.rejects(parseSweepArgs(["--betas", "0,x"], o), /--betas: "x" is not a number/);
  await assert.rejects(parseSweepArgs(["--betas"], o), /--betas needs a value/);
  await assert.rejects(parseSweepArgs(["--preset", "huge"], o), /unknown preset "huge"/);
  await assert.rejects(parseSweepArgs(["--ipcc", "1"], o), /unknown flag --ipcc/);
  assert.equal((await parseSweepArgs(["--help"], o)).help, true);
});

Deno.test("sweepIgds: a grid on a validation split, one VE, json/md/png, best per IPC; no split is an error", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const prior = await tinyPrior(dir);
    const data = await tinyData;
    const out = `${dir}/sweep`;
    const base = tiny(data, prior, {
      data: { name: data, validation: 100 },
      igds: { eta: 0.05, beta: [0.1] },
    });
    const lines: string[] = [];
    // each point's distill run in 2 worker processes (lib/igds/workers.ts)
    const r = await sweepIgds(base, { eta: [0.05, 0.1], window: [[0, 1]] }, {
      out,
      log: (l) => lines.push(l),
      workers: { workers: 2, threads: 1 },
    });
    assert.ok(lines.some((l) => /2 worker processes, 1 llvmpipe thread/.test(l)));
    assert.ok(
      lines.some((l) => /w1\| .*igds\/ipc1: (making|evaluating)/.test(l)) ||
        lines.some((l) => /w0\| .*igds\/ipc1: (making|evaluating)/.test(l)),
    );
    assert.deepEqual(r.points.map(pointName), [
      "eta0.05-betacfg-w0-1-xt-cfg0",
      "eta0.1-betacfg-w0-1-xt-cfg0",
    ]);
    assert.equal(r.scores.length, 2);
    assert.equal(r.best[0].mean, Math.max(...r.scores.map((s) => s.mean)));
    assert.ok(lines.some((l) => /evaluated on 100 held out of the training set/.test(l)));
    assert.ok(await isPng(r.files.png));
    const md = await Deno.readTextFile(r.files.md);
    assert.match(md, /scored on 100 images held out of the training set/);
    assert.equal(tableRows(md).length, 2 + 2 + 1); // two headers, two grid rows, one chosen
    assert.equal(gridPoints(base, { eta: [1, 2], beta: [0, 0.1], wrt: ["xt", "x0"] }).length, 8);
    const merged = gridPoints(base, { eta: [1], merge: [false, true] });
    assert.deepEqual(merged.map(pointName), [
      "eta1-betacfg-w0-1-xt-cfg0",
      "eta1-betacfg-w0-1-xt-cfg0-merge",
    ]);
    await assert.rejects(
      sweepIgds(tiny(data, prior), { eta: [1] }, { out }),
      /chosen on a validation split, never on the test set: give data\.validation/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
