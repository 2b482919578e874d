/**
 * The record of a sharded run folder, `<out>/shards.json`: the hash of the config and the
 * number of shards N, written by the first worker (exclusive create). A worker with another
 * config or another N is refused with an error naming the folder, so that two arrays never
 * mix their stages in one folder; nothing in the folder is touched then.
 *
 * @example
 * await joinShardedRun("runs/x", await hashOf(configWithoutOut), 3, "ve");
 * @module
 */

/** What `<out>/shards.json` holds. */
export interface ShardedRun {
  config: string;
  shards: number;
  created: string;
}

/**
 * Records (first worker) or checks (every other) the config hash and shard count of a
 * sharded run folder. `firstStage` is named in the error (the stage the worker would start).
 *
 * @example
 * await joinShardedRun("runs/x", "3f9a...", 3, "ve");
 */
export async function joinShardedRun(
  out: string,
  config: string,
  shards: number,
  firstStage: string,
): Promise<ShardedRun> {
  const path = `${out}/shards.json`;
  const mine: ShardedRun = { config, shards, created: new Date().toISOString() };
  await Deno.mkdir(out, { recursive: true });
  const tmp = `${path}.tmp-${Deno.pid}-${crypto.randomUUID()}`;
  await Deno.writeTextFile(tmp, JSON.stringify(mine, null, 2) + "\n");
  try {
    await Deno.link(tmp, path); // exclusive: fails when another worker recorded it first
    return mine;
  } catch (e) {
    if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
  } finally {
    await Deno.remove(tmp).catch(() => {});
  }
  let run: ShardedRun;
  try {
    run = JSON.parse(await Deno.readTextFile(path)) as ShardedRun;
  } catch (e) {
    throw new Error(`${path}: unreadable (${(e as Error).message}); no stage started`);
  }
  const fix = `use another --out, or delete ${path} to start the folder over with this ` +
    `config (finished stages whose config is unchanged are kept)`;
  if (run.config !== config) {
    throw new Error(
      `run folder ${out} belongs to another config (hash ${run.config}, this worker's ` +
        `${config}); stage ${firstStage} was not started: ${fix}`,
    );
  }
  if (run.shards !== shards) {
    throw new Error(
      `run folder ${out} is split into ${run.shards} shards, this worker was given ` +
        `N = ${shards}; stage ${firstStage} was not started: every worker of a folder needs ` +
        `the same N (${fix})`,
    );
  }
  return run;
}
