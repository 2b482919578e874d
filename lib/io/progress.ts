/**
 * Progress for long loops: a bar with rate and ETA, redrawn in place, when stdout is a terminal;
 * plain periodic lines (for logs and CI) when it is not.
 * @module
 */

/** Options for {@link Progress}. */
export interface ProgressOptions {
  /** Text before the bar, e.g. "train". */
  label?: string;
  /** Unit of the rate; default "it" (items per second: "it/s"). */
  unit?: string;
  /** Redraw a bar in place (true) or print plain lines (false); default: stdout is a terminal. */
  tty?: boolean;
  /** Plain mode: seconds between lines; default 10. */
  every?: number;
  /** Where text goes; default stdout. */
  write?: (text: string) => void;
  /** Clock in milliseconds; default `performance.now`. */
  now?: () => number;
}

const encoder = new TextEncoder();

function writeStdout(text: string) {
  const bytes = encoder.encode(text);
  let done = 0;
  while (done < bytes.length) done += Deno.stdout.writeSync(bytes.subarray(done));
}

/**
 * Formats seconds as `m:ss` or `h:mm:ss`.
 *
 * @example
 * ```ts
 * formatDuration(65); // "1:05"
 * ```
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.max(0, Math.round(seconds));
  const [h, m, r] = [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60];
  const mm = h > 0 ? String(m).padStart(2, "0") : String(m);
  return `${h > 0 ? h + ":" : ""}${mm}:${String(r).padStart(2, "0")}`;
}

const fmtValue = (v: number | string) =>
  typeof v === "number" ? (Number.isInteger(v) ? String(v) : v.toPrecision(4)) : v;

/**
 * A progress display for a loop of `total` steps (0 if unknown).
 *
 * @example
 * ```ts
 * const p = new Progress(steps, { label: "train" });
 * for (let i = 0; i < steps; i++) {
 *   // ... one step ...
 *   p.tick(1, { loss });
 * }
 * p.done();
 * ```
 */
export class Progress {
  #done = 0;
  #start: number;
  #lastDraw = -Infinity;
  #info: Record<string, number | string> = {};
  #finished = false;
  readonly #o: Required<ProgressOptions>;

  constructor(readonly total: number, opts: ProgressOptions = {}) {
    const now = opts.now ?? (() => performance.now());
    let tty = opts.tty;
    if (tty === undefined) {
      try {
        tty = Deno.stdout.isTerminal();
      } catch {
        tty = false;
      }
    }
    this.#o = {
      label: opts.label ?? "",
      unit: opts.unit ?? "it",
      tty,
      every: opts.every ?? 10,
      write: opts.write ?? writeStdout,
      now,
    };
    this.#start = now();
    if (!tty) this.#lastDraw = this.#start; // first plain line after `every` seconds
  }

  /** Steps done so far. */
  get count(): number {
    return this.#done;
  }

  /** Records `n` more steps and optional values to show (e.g. `{ loss }`). */
  tick(n = 1, info?: Record<string, number | string>): void {
    this.#done += n;
    if (info) Object.assign(this.#info, info);
    const t = this.#o.now();
    const gap = this.#o.tty ? 100 : this.#o.every * 1000;
    if (t - this.#lastDraw >= gap) {
      this.#lastDraw = t;
      this.#draw(t, false);
    }
  }

  /** Ends the display with a final line (total time instead of ETA). Idempotent. */
  done(info?: Record<string, number | string>): void {
    if (this.#finished) return;
    this.#finished = true;
    if (info) Object.assign(this.#info, info);
    this.#draw(this.#o.now(), true);
  }

  /** The status text: count, percentage, rate, ETA (or total time) and info values. */
  line(t = this.#o.now(), final = false): string {
    const elapsed = (t - this.#start) / 1000;
    const rate = elapsed > 0 ? this.#done / elapsed : 0;
    const parts: string[] = [];
    if (this.#o.label) parts.push(this.#o.label);
    if (this.total > 0) {
      const frac = Math.min(1, this.#done / this.total);
      if (this.#o.tty) {
        const w = 24, full = Math.round(frac * w);
        parts.push(`|${"█".repeat(full)}${"░".repeat(w - full)}|`);
      }
      parts.push(`${this.#done}/${this.total}`, `${(frac * 100).toFixed(0)}%`);
    } else parts.push(`${this.#done}`);
    parts.push(`${rate >= 10 ? rate.toFixed(0) : rate.toPrecision(2)} ${this.#o.unit}/s`);
    if (final) parts.push(`in ${formatDuration(elapsed)}`);
    else if (this.total > 0) {
      parts.push(`ETA ${formatDuration(rate > 0 ? (this.total - this.#done) / rate : NaN)}`);
    }
    for (const [k, v] of Object.entries(this.#info)) parts.push(`${k}=${fmtValue(v)}`);
    return parts.join(" ");
  }

  #draw(t: number, final: boolean) {
    const text = this.line(t, final);
    this.#o.write(this.#o.tty ? `\r\x1b[2K${text}${final ? "\n" : ""}` : `${text}\n`);
  }
}

/**
 * Wraps an iterable with a {@link Progress} (total from `.length` when there is one).
 *
 * @example
 * ```ts
 * for (const batch of track(batches, { label: "eval" })) evaluate(batch);
 * ```
 */
export function* track<T>(
  items: Iterable<T>,
  opts: ProgressOptions & { total?: number } = {},
): Generator<T> {
  const total = opts.total ?? (items as { length?: number }).length ?? 0;
  const p = new Progress(total, opts);
  try {
    for (const item of items) {
      yield item;
      p.tick();
    }
  } finally {
    p.done();
  }
}
