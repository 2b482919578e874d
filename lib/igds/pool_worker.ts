/**
 * The process of one pool worker (see workers.ts), started by `distill` with `workers`:
 *
 *   deno run -A --unstable-webgpu lib/igds/pool_worker.ts <run folder>/workers/config.json \
 *     [--checked-adapter NAME]
 *
 * Opens the GPU (with the known-answer self-check, as every task does, unless the launcher
 * passed it on the same adapter, `--checked-adapter`, with the same environment), reads the validated
 * distill config that the launcher wrote, and computes free stages of its run folder until
 * every stage is done ({@link distillPoolWorker}). SIGTERM / SIGINT release its stage locks.
 * @module
 */
import { handleErrors, startGpu } from "../io/cli.ts";
import { validateConfig } from "../io/config.ts";
import { DISTILL_SCHEMA, distillPoolWorker } from "./distill.ts";
import { releaseLocksOnSignal } from "./lock.ts";

if (import.meta.main) {
  handleErrors();
  const args = Deno.args.filter((a) => a !== "--debug");
  const at = args.indexOf("--checked-adapter");
  const checkedAdapter = at >= 0 ? args.splice(at, 2)[1] : undefined;
  const [path] = args;
  if (!path) throw new Error("pool_worker: give the config file the launcher wrote");
  const config = validateConfig(DISTILL_SCHEMA, JSON.parse(await Deno.readTextFile(path)), path);
  const g = await startGpu("distill worker", { checkedAdapter });
  const t0 = performance.now();
  const log = (line: string) =>
    console.log(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(5)} s] ${line}`);
  releaseLocksOnSignal(log);
  await distillPoolWorker(config, { adapter: g.adapterName, log });
  Deno.exit(0);
}
