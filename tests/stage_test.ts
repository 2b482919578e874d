// Cached stages: what computed them, folders the toolkit did not make, chance-level results.
import assert from "node:assert/strict";
import { kernelSource, registerKernel } from "../lib/gpu/kernel_source.ts";
import { assertAboveChance } from "../lib/eval/chance.ts";
import { stage, STAGE_MARKER } from "../lib/igds/stage.ts";
import { gpuReady } from "./helpers.ts";

await gpuReady;

Deno.test("stage: a folder with files the toolkit did not write is never emptied", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(`${dir}/ve`);
  await Deno.writeTextFile(`${dir}/ve/notes.txt`, "x");
  let ran = false;
  await assert.rejects(
    stage(`${dir}/ve`, { k: 1 }, () => Promise.resolve(ran = true)),
    new RegExp(`${dir}/ve holds files that this toolkit did not write \\(notes\\.txt`),
  );
  assert.equal(ran, false);
  assert.equal(await Deno.readTextFile(`${dir}/ve/notes.txt`), "x");
  // the shipped fixtures as a run folder (deno task distill --out fixtures)
  const shipped = new URL("../fixtures/ve", import.meta.url).pathname;
  await assert.rejects(stage(shipped, { k: 1 }, () => Promise.resolve(0)), /did not write/);
  await Deno.stat(`${shipped}/ve.safetensors`);
  // an empty folder, and the toolkit's own interrupted stage, are fine
  await Deno.mkdir(`${dir}/empty`);
  assert.equal((await stage(`${dir}/empty`, { k: 1 }, () => Promise.resolve(1))).value, 1);
  await Deno.mkdir(`${dir}/interrupted`);
  await Deno.writeTextFile(`${dir}/interrupted/${STAGE_MARKER}`, "{}");
  await Deno.writeTextFile(`${dir}/interrupted/partial.png`, "half");
  assert.equal((await stage(`${dir}/interrupted`, { k: 1 }, () => Promise.resolve(2))).value, 2);
  await assert.rejects(Deno.stat(`${dir}/interrupted/partial.png`), Deno.errors.NotFound);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("stage: records its adapter and kernels; another adapter or other kernels redo it", async () => {
  const dir = `${await Deno.makeTempDir()}/s`;
  let runs = 0;
  const work = () => Promise.resolve(++runs);
  const first = await stage(dir, { k: 1 }, work);
  assert.equal(first.cached, false);
  assert.match(first.computedBy.adapter, /backend/);
  assert.match(first.computedBy.kernels, /^[0-9a-f]{24}$/);
  assert.equal((await stage(dir, { k: 1 }, work)).cached, true);
  // the same record, computed elsewhere
  const rec = JSON.parse(await Deno.readTextFile(`${dir}/stage.json`));
  rec.computedBy.adapter = "llvmpipe (LLVM 15.0.6, 256 bits); Mesa driver; GL backend (broken)";
  await Deno.writeTextFile(`${dir}/stage.json`, JSON.stringify(rec));
  const again = await stage(dir, { k: 1 }, work);
  assert.equal(again.cached, false);
  assert.match(again.redone!, /computed on another adapter \(.*GL backend \(broken\)\)/);
  assert.equal(runs, 2);
  // a changed kernel
  const source = kernelSource("fill");
  registerKernel("fill", source + "\n// changed\n");
  try {
    const changed = await stage(dir, { k: 1 }, work);
    assert.equal(changed.cached, false);
    assert.match(changed.redone!, /other kernel sources/);
  } finally {
    registerKernel("fill", source);
  }
  assert.equal(
    (await stage(dir, { k: 1 }, work)).redone,
    "it was computed with other kernel sources",
  );
  assert.equal((await stage(dir, { k: 1 }, work)).cached, true);
  await Deno.remove(dir.slice(0, -2), { recursive: true });
});

Deno.test("stage: an accuracy at chance level is an error naming the stage, never recorded", async () => {
  const dir = `${await Deno.makeTempDir()}/eval`;
  await assert.rejects(
    stage(dir, { k: 1 }, () => {
      assertAboveChance(10.4, 10, `evaluation stage ${dir}`);
      return Promise.resolve(10.4);
    }),
    new RegExp(`evaluation stage ${dir}: accuracy 10\\.40% is at chance level`),
  );
  await assert.rejects(Deno.stat(`${dir}/stage.json`), Deno.errors.NotFound);
  assert.doesNotThrow(() => assertAboveChance(12.5, 10, "x"));
  assert.throws(() => assertAboveChance(NaN, 10, "x"), /chance level/);
  await Deno.remove(dir.slice(0, -5), { recursive: true });
});
