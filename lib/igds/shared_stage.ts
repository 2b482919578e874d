/**
 * A {@link stage} in a run folder that several workers share: a finished stage is read; an
 * unfinished one is claimed with its lock (`<dir>.lock`, see lock.ts) and computed, and its
 * record is written only while the lock is still this worker's. A stage that another live
 * worker computes is waited for (`wait`) or an error naming the folder and the stage.
 *
 * @example
 * const rec = await sharedStage("runs/x", "eval/igds-ipc1/seed0", key, work, { wait: true });
 * @module
 */
import { claimLock, type LockOptions } from "./lock.ts";
import { stage, stageDone, type StageRecord } from "./stage.ts";

/**
 * Reads stage `id` of run folder `out` when done, else claims and computes it.
 *
 * @example
 * const rec = await sharedStage("runs/x", "ve", veKey, trainIt, { wait: false });
 */
export async function sharedStage<T>(
  out: string,
  id: string,
  key: unknown,
  work: () => Promise<T>,
  o: LockOptions = {},
): Promise<StageRecord<T> & { cached: boolean; redone?: string }> {
  const dir = `${out}/${id}`;
  const done = await stageDone<T>(dir, key);
  if (done) return { ...done, cached: true };
  const lock = await claimLock(`${dir}.lock`, `${id} (run folder ${out})`, {
    ...o,
    done: async () => (await stageDone(dir, key)) !== null,
  });
  if (!lock) {
    const rec = await stageDone<T>(dir, key);
    if (rec) return { ...rec, cached: true };
    return await sharedStage(out, id, key, work, o);
  }
  try {
    return await stage(dir, key, work, { beforeRecord: () => lock.assertHeld() });
  } finally {
    lock.releaseSync();
  }
}
