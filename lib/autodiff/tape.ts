/**
 * The gradient tape. While a tape is active, every op whose inputs include a tracked
 * tensor records a node: its inputs, its output and a backward rule that maps the
 * output's gradient to its inputs' gradients. Ops call {@link record}; nothing else
 * in the toolkit needs to know about the tape.
 */
import type { Tensor } from "../tensor.ts";

/** Maps the gradient of an op's output to the gradients of its inputs (null: none). */
export type BackwardRule = (grad: Tensor) => (Tensor | null)[];

/** One recorded op. */
export interface TapeNode {
  op: string;
  inputs: Tensor[];
  output: Tensor;
  backward: BackwardRule;
}

/** An active recording. */
export class Tape {
  readonly nodes: TapeNode[] = [];
  readonly tracked = new Set<Tensor>();
  readonly pinned: Tensor[] = [];

  /** Marks a tensor as an input whose gradient is wanted. */
  watch(t: Tensor): void {
    this.tracked.add(t);
  }

  /** Lets go of every tensor the tape kept alive for the backward pass. */
  release(): void {
    for (const t of this.pinned) t.releaseTapeRef();
    this.pinned.length = 0;
  }
}

const tapes: Tape[] = [];
let noGradDepth = 0;

/** The innermost active tape, if recording is on. */
export function activeTape(): Tape | undefined {
  return noGradDepth > 0 ? undefined : tapes.at(-1);
}

/** Runs `fn` with `tape` as the active tape. */
export function withTape<T>(tape: Tape, fn: () => T): T {
  tapes.push(tape);
  try {
    return fn();
  } finally {
    tapes.pop();
  }
}

/**
 * Runs `fn` without recording anything on the tape.
 *
 * @example
 * const y = noGrad(() => mul(x, x)); // no gradient flows through y
 */
export function noGrad<T>(fn: () => T): T {
  noGradDepth++;
  try {
    return fn();
  } finally {
    noGradDepth--;
  }
}

/**
 * Whether an op on `inputs` would be recorded now (a tape is active and tracks one of them):
 * an op that fuses away an intermediate its backward rule needs checks this first.
 *
 * @example
 * const fused = !wouldRecord([x, gamma, beta]); // sampling under noGrad: fuse
 */
export function wouldRecord(inputs: Tensor[]): boolean {
  const tape = activeTape();
  return !!tape && inputs.some((t) => tape.tracked.has(t));
}

/**
 * Records `output = op(inputs)` with its backward rule if any input is tracked, and
 * returns whether it did. Inputs, output and the extra `saved` tensors (intermediates
 * the rule needs) stay alive (dispose is deferred) until the tape is released. When
 * nothing is recorded, `saved` tensors are disposed at once.
 */
export function record(
  op: string,
  inputs: Tensor[],
  output: Tensor,
  backward: BackwardRule,
  saved: Tensor[] = [],
): boolean {
  const tape = activeTape();
  if (!tape || !inputs.some((t) => tape.tracked.has(t))) {
    for (const t of saved) t.dispose();
    return false;
  }
  tape.tracked.add(output);
  tape.nodes.push({ op, inputs, output, backward });
  for (const t of [...inputs, output, ...saved]) {
    t.tapeRefs++;
    tape.pinned.push(t);
  }
  // saved intermediates belong to the tape, not to the caller's scope
  for (const t of saved) t.dispose();
  return true;
}
