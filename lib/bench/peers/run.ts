/**
 * The sitting of `deno task bench-peers`: our cases first, then each peer in turn: load it,
 * run the numerics check (check.ts; a peer that fails it is reported and not timed), time
 * every case. A case a peer cannot run ({@link CannotRun}) or that throws is reported in its
 * cell, never fatal. {@link peerTable} prints one table: each case's ms for us and for each
 * peer, and our speed-up over each peer (peer ms / our ms).
 *
 * @example
 * const sitting = await benchPeers({ cases: peerCases(true), peers: ["tfjs-wasm"] });
 * console.log(peerTable(sitting));
 * @module
 */
import type { BenchResult } from "../harness.ts";
import { checkPeer, type CheckResult, describeFailure } from "./check.ts";
import { ourCase } from "./ours.ts";
import { CannotRun, loadPeer, type Peer, type PeerCase, type PeerName } from "./peer.ts";
import { markdownTable } from "../../io/report.ts";

/** A case's outcome for one library: timed, cannot run, or failed (the error). */
export type Outcome =
  | { ms: number; result: BenchResult }
  | { cannot: string }
  | { failed: string };

/** How a peer fared before timing. */
export interface PeerStatus {
  peer: PeerName;
  /** Library, version, backend (when it loaded). */
  description?: string;
  checks?: CheckResult[];
  /** Why it was not timed: it failed to load, or failed the numerics check. */
  error?: string;
}

/** All outcomes of one sitting. */
export interface Sitting {
  cases: PeerCase[];
  /** Our outcome per case name; empty when our side was skipped. */
  ours: Map<string, Outcome>;
  peers: PeerStatus[];
  /** Per peer, its outcome per case name (absent when the peer was not timed). */
  outcomes: Map<PeerName, Map<string, Outcome>>;
}

/** Options of {@link benchPeers}. */
export interface BenchPeersOptions {
  cases: PeerCase[];
  peers: PeerName[];
  /** Run our side (needs the GPU started); default true. */
  ours?: boolean;
  /** Progress lines (each library and case as it starts); default none. */
  log?: (line: string) => void;
  /** Each outcome as it comes, as one JSON-ready object (--json). */
  emit?: (record: Record<string, unknown>) => void;
  /** How a peer is loaded (tests pass fakes); default {@link loadPeer}. */
  load?: (name: PeerName) => Promise<Peer>;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function attempt(run: () => Promise<BenchResult>): Promise<Outcome> {
  try {
    const result = await run();
    return { ms: result.ms, result };
  } catch (e) {
    return e instanceof CannotRun ? { cannot: e.message } : { failed: message(e) };
  }
}

function record(library: string, name: string, o: Outcome, ours?: Outcome) {
  if ("cannot" in o) return { name, library, cannot_run: o.cannot };
  if ("failed" in o) return { name, library, failed: o.failed };
  const speedup = ours && "ms" in ours && library !== "ours" ? { speedup: o.ms / ours.ms } : {};
  return { ...o.result, library, ...speedup };
}

/**
 * Runs one sitting (see the module comment).
 *
 * @example
 * const sitting = await benchPeers({ cases: peerCases(), peers: ["tfjs-webgpu", "jax-js"] });
 */
export async function benchPeers(options: BenchPeersOptions): Promise<Sitting> {
  const log = options.log ?? (() => {});
  const emit = options.emit ?? (() => {});
  const sitting: Sitting = {
    cases: options.cases,
    ours: new Map(),
    peers: [],
    outcomes: new Map(),
  };
  if (options.ours ?? true) {
    for (const c of options.cases) {
      log(`ours ${c.name}:`);
      const o = await attempt(() => ourCase(c).run());
      sitting.ours.set(c.name, o);
      emit(record("ours", c.name, o));
    }
  }
  for (const name of options.peers) {
    const status: PeerStatus = { peer: name };
    sitting.peers.push(status);
    let peer: Peer;
    try {
      log(`${name}: loading`);
      peer = await (options.load ?? loadPeer)(name);
      status.description = peer.description;
      const report = await checkPeer(peer);
      status.checks = report.checks;
      if (!report.ok) status.error = `numerics check failed: ${describeFailure(report)}`;
    } catch (e) {
      status.error = `failed to start: ${message(e)}`;
    }
    emit({
      library: name,
      description: status.description,
      checks: status.checks,
      error: status.error,
    });
    if (status.error) continue;
    const outcomes = new Map<string, Outcome>();
    sitting.outcomes.set(name, outcomes);
    for (const c of options.cases) {
      log(`${name} ${c.name}:`);
      const o = await attempt(() => peer.run(c, log));
      outcomes.set(c.name, o);
      emit(record(name, c.name, o, sitting.ours.get(c.name)));
    }
  }
  return sitting;
}

function msCell(o: Outcome | undefined): string {
  if (!o) return "-";
  if ("cannot" in o) return "cannot run";
  if ("failed" in o) return "failed";
  return o.ms.toFixed(o.ms < 10 ? 2 : 1);
}

/**
 * The sitting as text: each peer's description and check, the table (case | ours (ms) |
 * each peer (ms) | our speed-up over each peer), then every "cannot run" / "failed" reason.
 *
 * @example
 * console.log(peerTable(await benchPeers({ cases: peerCases(), peers: ["jax-js"] })));
 */
export function peerTable(s: Sitting): string {
  const lines: string[] = [];
  for (const p of s.peers) {
    lines.push(`${p.peer}: ${p.description ?? "(not loaded)"}`);
    for (const c of p.checks ?? []) {
      const why = c.error ? ` (${c.error})` : "";
      lines.push(
        `  check ${c.check}: worst error ${c.worst.toPrecision(3)} ${c.ok ? "ok" : "FAILED"}${why}`,
      );
    }
    if (p.error) lines.push(`  not timed: ${p.error}`);
  }
  const timed = s.peers.filter((p) => s.outcomes.has(p.peer)).map((p) => p.peer);
  const headers = [
    "case",
    "ours (ms)",
    ...timed.map((p) => `${p} (ms)`),
    ...timed.map((p) => `speed-up over ${p}`),
  ];
  const notes: string[] = [];
  const rows = s.cases.map((c) => {
    const ours = s.ours.get(c.name);
    const cells = timed.map((p) => s.outcomes.get(p)!.get(c.name));
    const speedups = cells.map((o) =>
      o && "ms" in o && ours && "ms" in ours ? `${(o.ms / ours.ms).toFixed(2)}x` : "-"
    );
    const libs: [string, Outcome | undefined][] = [
      ["ours", ours],
      ...timed.map((p, i) => [p, cells[i]] as [string, Outcome | undefined]),
    ];
    for (const [lib, o] of libs) {
      if (o && "cannot" in o) notes.push(`${lib} ${c.name}: cannot run: ${o.cannot}`);
      if (o && "failed" in o) notes.push(`${lib} ${c.name}: failed: ${o.failed}`);
    }
    return [c.name, msCell(ours), ...cells.map(msCell), ...speedups];
  });
  lines.push("", markdownTable({ headers, rows }).trimEnd());
  if (notes.length) lines.push("", ...notes);
  return lines.join("\n");
}
