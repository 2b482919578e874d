/**
 * The stage graph of a distill config, as units of work that workers share: the VE, each
 * distilled set (method x IPC), each evaluation run (one stage per seed) and the report. A
 * stage's id is its folder under the run folder. Shards take the stages in plan order,
 * round-robin (stage i falls to shard i mod N), so the assignment is stable for a config.
 *
 * @example
 * const plan = distillPlan(config);
 * const mine = plan.filter((s, i) => s.kind !== "report" && shardOfIndex(i, 3) === 1);
 * @module
 */
import type { DistillConfig } from "./distill_config.ts";
import { type Method, METHOD_TABLE } from "./methods.ts";
import { perIpc } from "./stage.ts";

/** One stage of a distill run. */
export interface PlannedStage {
  /** The stage's folder under the run folder ("ve", "distilled/igds/ipc1", ...). */
  id: string;
  kind: "ve" | "distilled" | "eval" | "report";
  /** The ids of the stages it needs. */
  dependsOn: string[];
  method?: string;
  ipc?: number;
  /** Evaluation stages: the seed of the run (config seed + run index); sets: of the draw. */
  seed?: number;
}

/** A shard of a run: `index` in 0..count-1. */
export interface Shard {
  index: number;
  count: number;
}

/**
 * Whether a method needs the VE (guidance or its features).
 *
 * @example
 * needsVE("kcenter"); // true
 */
export function needsVE(m: string): boolean {
  return METHOD_TABLE[m as Method]?.needs.ve ?? false;
}

/**
 * The id (folder) of the set that evaluation run `seed` trains on. A method whose set is a
 * random draw ({@link MethodSpec.drawn}) has one set per run, drawn with the run's seed, so
 * that its spread includes the draw; the first run's set keeps the plain folder.
 *
 * @example
 * setStageId("random", 10, 2, 0); // "distilled/random/ipc10-seed2"
 * setStageId("igds", 10, 2, 0); // "distilled/igds/ipc10"
 */
export function setStageId(method: string, ipc: number, seed: number, baseSeed: number): string {
  const drawn = METHOD_TABLE[method as Method]?.drawn ?? false;
  return drawn && seed !== baseSeed
    ? `distilled/${method}/ipc${ipc}-seed${seed}`
    : `distilled/${method}/ipc${ipc}`;
}

/**
 * The method of the run whose set (and evaluation runs) `method` shares at the `ipcIndex`-th
 * entry of `c.ipc` ({@link MethodSpec.sameSetAs}; igds at IPC 1 without the merge is
 * igds-beta0), or null. Such a method has no stages of its own.
 *
 * @example
 * sharedSetOf({ ...config, methods: ["igds-beta0", "igds"], ipc: [1, 10] }, "igds", 0);
 * // "igds-beta0"
 */
export function sharedSetOf(c: DistillConfig, method: string, ipcIndex: number): Method | null {
  const spec = METHOD_TABLE[method as Method];
  if (!spec?.sameSetAs) return null;
  const beta = perIpc(c.igds.beta, ipcIndex, "igds.beta", c.ipc.length, "distill");
  const other = spec.sameSetAs(c, c.ipc[ipcIndex], beta);
  return other && other !== method && c.methods.includes(other) ? other : null;
}

/**
 * The stages of a config in the order a single process runs them (dependencies first); the
 * report last. A method that shares another's set ({@link sharedSetOf}) has none.
 *
 * @example
 * distillPlan(config).map((s) => s.id); // ["ve", "distilled/random/ipc1", ...]
 */
export function distillPlan(c: DistillConfig): PlannedStage[] {
  const plan: PlannedStage[] = [];
  const veId = c.ve.path ? "ve-given" : "ve";
  if (c.methods.some(needsVE)) plan.push({ id: veId, kind: "ve", dependsOn: [] });
  const evals: string[] = [];
  for (const [i, ipc] of c.ipc.entries()) {
    for (const method of c.methods) {
      if (sharedSetOf(c, method, i)) continue;
      const sets = new Set<string>();
      for (let run = 0; run < c.eval.runs; run++) {
        const seed = c.seed + run;
        const set = setStageId(method, ipc, seed, c.seed);
        if (!sets.has(set)) {
          sets.add(set);
          plan.push({
            id: set,
            kind: "distilled",
            dependsOn: needsVE(method) ? [veId] : [],
            method,
            ipc,
            seed,
          });
        }
        const id = evalStageId(method, ipc, seed);
        plan.push({ id, kind: "eval", dependsOn: [set], method, ipc, seed });
        evals.push(id);
      }
    }
  }
  const ve = plan.some((s) => s.kind === "ve") ? [veId] : [];
  plan.push({ id: "report", kind: "report", dependsOn: [...ve, ...evals] });
  return plan;
}

/**
 * The id (folder) of one evaluation run's stage.
 *
 * @example
 * evalStageId("igds", 10, 2); // "eval/igds-ipc10/seed2"
 */
export function evalStageId(method: string, ipc: number, seed: number): string {
  return `eval/${method}-ipc${ipc}/seed${seed}`;
}

/**
 * The shard a stage falls to, by its index in the plan (round-robin).
 *
 * @example
 * shardOfIndex(4, 3); // 1
 */
export function shardOfIndex(index: number, count: number): number {
  return index % count;
}

/**
 * The stages of the plan that fall to `shard` (the report falls to none: any worker that
 * finds every stage done writes it).
 *
 * @example
 * shardStages(distillPlan(config), { index: 0, count: 3 }); // ["ve", ...]
 */
export function shardStages(plan: PlannedStage[], shard: Shard): string[] {
  return plan.filter((s) => s.kind !== "report")
    .filter((_, i) => shardOfIndex(i, shard.count) === shard.index).map((s) => s.id);
}

/**
 * Parses `K/N` (shard K of N, K in 0..N-1); an error names the run folder.
 *
 * @example
 * parseShard("1/3", "runs/x"); // { index: 1, count: 3 }
 */
export function parseShard(text: string, folder: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) {
    throw new Error(
      `distill: --shard takes K/N (shard K of N, K from 0), got "${text}" ` +
        `(run folder ${folder})`,
    );
  }
  const index = Number(m[1]), count = Number(m[2]);
  if (count < 1 || index >= count) {
    throw new Error(
      `distill: --shard ${text}: the shard index must be in 0..${count - 1} ` +
        `(N = ${count}); run folder ${folder}, no stage started`,
    );
  }
  return { index, count };
}

/**
 * The plan as `deno task distill --plan` prints it: each stage with its dependencies, and
 * with `shard` its shard.
 *
 * @example
 * console.log(JSON.stringify(planJson(config, { index: 0, count: 3 }), null, 2));
 */
export function planJson(c: DistillConfig, shard?: Shard): Record<string, unknown> {
  const plan = distillPlan(c);
  const work = plan.filter((s) => s.kind !== "report");
  return {
    folder: c.out,
    ...(shard ? { shards: shard.count } : {}),
    stages: plan.map((s) => ({
      id: s.id,
      kind: s.kind,
      dependsOn: s.dependsOn,
      ...(shard && s.kind !== "report"
        ? { shard: shardOfIndex(work.indexOf(s), shard.count) }
        : {}),
    })),
  };
}

/**
 * The order in which pool workers take free stages (longest work first, so that the run ends
 * on short stages that balance the workers): the VE, then the sets, larger IPC first, then
 * the evaluation runs, larger IPC first; plan order within each. The report is left out.
 *
 * @example
 * poolOrder(distillPlan(config)).map((s) => s.id); // ["ve", "distilled/random/ipc10", ...]
 */
export function poolOrder(plan: PlannedStage[]): PlannedStage[] {
  const rank = { ve: 0, distilled: 1, eval: 2, report: 3 } as const;
  return plan.map((s, i) => ({ s, i }))
    .filter(({ s }) => s.kind !== "report")
    .sort((a, b) => rank[a.s.kind] - rank[b.s.kind] || (b.s.ipc ?? 0) - (a.s.ipc ?? 0) || a.i - b.i)
    .map(({ s }) => s);
}
