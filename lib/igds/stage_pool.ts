/**
 * Running a distillation plan's stages in a pool of worker processes: each worker takes the
 * first stage in pool order whose dependencies are done and that no other worker holds
 * (stage locks in lock.ts); the launcher starts the workers when anything is left to compute.
 *
 * @example
 * const workers = workerPlan("auto", gpu().adapterName, 2);
 * await computeInWorkers(config, plan, units, workers, console.log, undefined);
 * @module
 */
import { writeFileAtomic } from "../io/atomic.ts";
import type { DistillConfig } from "./distill_config.ts";
import type { DistillStages } from "./distill_stages.ts";
import { StageLockedError } from "./lock.ts";
import { type PlannedStage, poolOrder } from "./plan.ts";
import { stageDone } from "./stage.ts";
import { runPoolWorkers, type WorkerPlan } from "./workers.ts";

/**
 * A pool worker's loop: the first stage in pool order that is not done, whose dependencies
 * are done and that no other worker holds is claimed and computed; when none is free, wait
 * `pollMs` and look again. Ends when every stage is done.
 */
export async function takeStagesAsTheyFree(
  plan: PlannedStage[],
  units: DistillStages["units"],
  out: string,
  pollMs: number,
): Promise<void> {
  const done = new Set<string>();
  const isDone = async (id: string) => {
    if (done.has(id)) return true;
    if (!(await unitDone(out, units, id))) return false;
    done.add(id);
    return true;
  };
  let pending = poolOrder(plan);
  while (pending.length) {
    let took = false;
    for (const s of pending) {
      if (await isDone(s.id)) continue;
      if (!(await everyAsync(s.dependsOn, isDone))) continue;
      try {
        await units.get(s.id)!.get();
        done.add(s.id);
        took = true;
        break; // back to the first pending stage: pool order is the priority
      } catch (e) {
        if (!(e instanceof StageLockedError)) throw e;
      }
    }
    const left: PlannedStage[] = [];
    for (const s of pending) if (!(await isDone(s.id))) left.push(s);
    pending = left;
    if (!took && pending.length) await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Runs the pool workers when some stage of the plan is not done yet. */
export async function computeInWorkers(
  c: DistillConfig,
  plan: PlannedStage[],
  units: DistillStages["units"],
  workers: WorkerPlan,
  log: (line: string) => void,
  checkedAdapter: string | undefined,
): Promise<void> {
  let left = 0;
  for (const s of plan) if (s.kind !== "report" && !(await unitDone(c.out, units, s.id))) left++;
  if (!left) return;
  const threads = workers.threads === null ? "" : `, ${workers.threads} llvmpipe thread(s) each`;
  log(`${left} stage(s) to compute: ${workers.workers} worker processes${threads}`);
  const path = `${c.out}/workers/config.json`;
  await Deno.mkdir(`${c.out}/workers`, { recursive: true });
  await writeFileAtomic(path, JSON.stringify(c, null, 2) + "\n");
  await runPoolWorkers({
    script: new URL("./pool_worker.ts", import.meta.url).pathname,
    args: [
      path,
      ...(checkedAdapter ? ["--checked-adapter", checkedAdapter] : []),
      ...(Deno.args.includes("--debug") ? ["--debug"] : []),
    ],
    ...workers,
    log,
  });
  log("every stage done; assembling the report");
}

/** Whether stage `id` of run folder `out` has its record, under its current key. */
export async function unitDone(out: string, units: DistillStages["units"], id: string) {
  return (await stageDone(`${out}/${id}`, await units.get(id)!.key)) !== null;
}

async function everyAsync(ids: string[], test: (id: string) => Promise<boolean>) {
  for (const id of ids) if (!(await test(id))) return false;
  return true;
}
