/**
 * Stage locks on a shared run folder: a worker claims a stage by creating `<stage dir>.lock`
 * with exclusive create (host, process id, start time and a random token inside), and keeps
 * it alive with a heartbeat (the file's mtime, refreshed every few seconds). A lock whose
 * heartbeat is older than `staleMs`, or whose process is gone from this host, is stale: the
 * next worker moves it aside (atomically, by rename) and claims the stage itself. The
 * heartbeat also checks that the lock is still the worker's own, so that a worker whose lock
 * was taken over never records its stage.
 *
 * SIGTERM (Slurm's preemption, `scancel`) and SIGINT release every held lock and end the
 * process (status 143 / 130) once {@link releaseLocksOnSignal} is installed: a stage's record
 * is written last, so the stopped stage leaves no record and the next worker redoes it.
 * Hooks registered with {@link beforeSignalExit} run first (workers.ts stops its workers).
 *
 * @example
 * const lock = await claimLock("runs/x/ve.lock", "ve", { wait: true });
 * try { await work(); lock.assertHeld(); } finally { await lock.release(); }
 * @module
 */

/** What a lock file holds. */
export interface LockHolder {
  host: string;
  pid: number;
  /** When the holder claimed the stage (ISO time). */
  started: string;
  token: string;
}

/** Options of {@link claimLock}. */
export interface LockOptions {
  /** Wait (poll) while a live worker holds the lock (default false: an error). */
  wait?: boolean;
  /** Resolves to true once waiting is pointless (the stage was finished by the holder). */
  done?: () => Promise<boolean>;
  /** Heartbeat period (default 5 s, or IGDS_LOCK_HEARTBEAT_S). */
  heartbeatMs?: number;
  /** A heartbeat older than this is stale (default 60 s, or IGDS_LOCK_STALE_S). */
  staleMs?: number;
  /** Poll period while waiting (default 2 s). */
  pollMs?: number;
  log?: (line: string) => void;
}

/** A lock held by a live worker, when {@link LockOptions.wait} is false. */
export class StageLockedError extends Error {
  constructor(readonly path: string, readonly holder: LockHolder, stageName: string) {
    super(
      `${path}: stage ${stageName} is being computed by process ${holder.pid} on host ` +
        `${holder.host} (since ${holder.started}, heartbeat fresh); wait for it, stop it, or ` +
        `run this worker with --shard so that it waits. If that worker is dead, its lock goes ` +
        `stale after the heartbeat timeout and is taken over. Nothing finished was removed.`,
    );
  }
}

const envSeconds = (name: string, fallback: number) => {
  const v = Number(Deno.env.get(name));
  return Number.isFinite(v) && v > 0 ? v * 1000 : fallback;
};

/** Locks this process holds, released on SIGTERM / SIGINT. */
const held = new Set<StageLock>();

/** Set when SIGTERM / SIGINT is ending the process: {@link claimLock} claims nothing more. */
let stopping = false;

/** What runs before a signal ends the process (see {@link beforeSignalExit}). */
const stopHooks = new Set<() => Promise<void>>();

/**
 * Runs `hook` (say, stopping and waiting for worker processes) when SIGTERM / SIGINT ends the
 * process through {@link releaseLocksOnSignal}, for at most 20 s; returns its remover.
 *
 * @example
 * const remove = beforeSignalExit(async () => { child.kill("SIGTERM"); await child.status; });
 */
export function beforeSignalExit(hook: () => Promise<void>): () => void {
  stopHooks.add(hook);
  return () => stopHooks.delete(hook);
}

/** A claimed stage lock: a heartbeat runs until {@link StageLock.release}. */
export class StageLock {
  #timer: ReturnType<typeof setInterval>;
  #lost: string | null = null;
  constructor(
    readonly path: string,
    readonly holder: LockHolder,
    readonly stageName: string,
    heartbeatMs: number,
  ) {
    this.#timer = setInterval(() => this.#beat(), heartbeatMs);
    held.add(this);
  }

  #beat(): void {
    try {
      const now = readHolderSync(this.path);
      if (now?.token !== this.holder.token) {
        this.#lost = now ? `taken over by ${now.host} pid ${now.pid}` : "its lock file vanished";
        clearInterval(this.#timer);
        return;
      }
      const t = new Date();
      Deno.utimeSync(this.path, t, t);
    } catch (e) {
      this.#lost = `its heartbeat failed: ${(e as Error).message}`;
    }
  }

  /** Throws when the lock is no longer this worker's (checked before a record is written). */
  assertHeld(): void {
    if (!this.#lost && readHolderSync(this.path)?.token !== this.holder.token) {
      this.#lost = "its lock is no longer this worker's";
    }
    if (this.#lost) {
      throw new Error(
        `${this.path}: stage ${this.stageName} was not recorded: ${this.#lost} (a stale ` +
          `heartbeat; raise IGDS_LOCK_STALE_S if the machine is this busy)`,
      );
    }
  }

  /** Stops the heartbeat and removes the lock file when it is still this worker's. */
  releaseSync(): void {
    clearInterval(this.#timer);
    held.delete(this);
    try {
      if (readHolderSync(this.path)?.token === this.holder.token) Deno.removeSync(this.path);
    } catch {
      // gone already
    }
  }

  /** {@link StageLock.releaseSync}, as a promise. */
  release(): Promise<void> {
    this.releaseSync();
    return Promise.resolve();
  }
}

function readHolderSync(path: string): LockHolder | null {
  try {
    return JSON.parse(Deno.readTextFileSync(path)) as LockHolder;
  } catch {
    return null;
  }
}

/** Whether a process id exists on this host (Linux only: through /proc). */
function pidAlive(pid: number): boolean {
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch (e) {
    return !(e instanceof Deno.errors.NotFound);
  }
}

/**
 * Why a lock is stale, or null when its holder looks alive: for a holder on this host (Linux),
 * only a process that is gone; for one elsewhere, a heartbeat older than `staleMs`.
 *
 * @example
 * staleReason(holder, mtime, 60_000); // "process 123 on this host is gone"
 */
export function staleReason(
  holder: LockHolder | null,
  mtime: Date,
  staleMs: number,
): string | null {
  // on this host (Linux) the process table decides: a live worker starved of CPU on a busy
  // machine may miss its heartbeats, and taking its stage over would waste its work
  if (holder && holder.host === Deno.hostname() && Deno.build.os === "linux") {
    return pidAlive(holder.pid) ? null : `process ${holder.pid} on this host is gone`;
  }
  const age = Date.now() - mtime.getTime();
  return age > staleMs ? `heartbeat ${(age / 1000).toFixed(0)} s old` : null;
}

/**
 * Claims the lock file `path` for `stageName`: exclusive create; a stale lock is taken over;
 * a live one is waited for (`wait`) or a {@link StageLockedError}. Returns null when `done`
 * reports that the stage was finished while waiting.
 *
 * @example
 * const lock = await claimLock(`${dir}.lock`, "eval/igds-ipc1/seed0", { wait: true });
 */
export async function claimLock(
  path: string,
  stageName: string,
  o: LockOptions = {},
): Promise<StageLock | null> {
  const heartbeatMs = o.heartbeatMs ?? envSeconds("IGDS_LOCK_HEARTBEAT_S", 5000);
  const staleMs = o.staleMs ?? envSeconds("IGDS_LOCK_STALE_S", 60_000);
  const pollMs = o.pollMs ?? 2000;
  const log = o.log ?? (() => {});
  const me: LockHolder = {
    host: Deno.hostname(),
    pid: Deno.pid,
    started: new Date().toISOString(),
    token: crypto.randomUUID(),
  };
  let announced = "";
  for (;;) {
    // a signal is ending this process: claim nothing more (the exit comes)
    if (stopping) return new Promise<never>(() => {});
    try {
      // synchronous from the exclusive create to `held`, so that a signal handler (which runs
      // between tasks) never sees a lock file this process made but does not yet hold
      const slash = path.lastIndexOf("/");
      if (slash > 0) Deno.mkdirSync(path.slice(0, slash), { recursive: true });
      const f = Deno.openSync(path, { createNew: true, write: true });
      try {
        const bytes = new TextEncoder().encode(JSON.stringify(me) + "\n");
        for (let at = 0; at < bytes.length;) at += f.writeSync(bytes.subarray(at));
      } finally {
        f.close();
      }
      return new StageLock(path, me, stageName, heartbeatMs);
    } catch (e) {
      if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
    }
    let mtime: Date;
    try {
      mtime = (await Deno.stat(path)).mtime ?? new Date();
    } catch {
      continue; // released meanwhile
    }
    const holder = readHolderSync(path);
    const stale = staleReason(holder, mtime, staleMs);
    if (stale) {
      // move it aside atomically; only the worker whose rename moved this very lock goes on
      const aside = `${path}.stale-${me.token}`;
      try {
        await Deno.rename(path, aside);
      } catch {
        continue;
      }
      const moved = readHolderSync(aside);
      if (holder && moved?.token !== holder.token) {
        // another worker claimed it between our read and the rename: give it back
        await Deno.link(aside, path).catch(() => {});
      } else {
        log(
          `${stageName}: taking over from ${holder?.host ?? "?"} pid ${holder?.pid ?? "?"} ` +
            `(${stale})`,
        );
      }
      await Deno.remove(aside).catch(() => {});
      continue;
    }
    if (!holder) {
      // being written right now
      await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    if (!o.wait) throw new StageLockedError(path, holder, stageName);
    if (await o.done?.()) return null;
    const who = `${holder.host} pid ${holder.pid}`;
    if (announced !== who) {
      log(`${stageName}: waiting for ${who}, which computes it`);
      announced = who;
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/**
 * Makes SIGTERM and SIGINT release every held lock and end the process (143 / 130), so that
 * a preempted worker's stages are taken over at once and leave no record.
 *
 * @example
 * releaseLocksOnSignal((line) => console.log(line));
 */
export function releaseLocksOnSignal(log: (line: string) => void = console.log): void {
  if (Deno.build.os === "windows") return;
  for (const [sig, code] of [["SIGTERM", 143], ["SIGINT", 130]] as const) {
    Deno.addSignalListener(sig, () => {
      stopping = true;
      const names = [...held].map((l) => l.stageName);
      for (const l of [...held]) l.releaseSync();
      log(`${sig}: stopped; released ${names.length ? names.join(", ") : "no stage"}`);
      const hooks = Promise.all([...stopHooks].map((h) => h().catch(() => {})));
      const limit = new Promise((r) => setTimeout(r, 20_000));
      Promise.race([hooks, limit]).finally(() => Deno.exit(code));
    });
  }
}
