/**
 * The registry of conformance cases: each case file calls {@link test} at import time, and
 * every host (Deno's test runner, a Node program, a browser page) runs the same list.
 *
 * @example
 * test("unary exp: forward", async () => { ... });
 * @module
 */

/** One conformance case. */
export interface ConformanceCase {
  name: string;
  fn: () => void | Promise<void>;
}

/** Every registered case, in registration order. */
export const CASES: ConformanceCase[] = [];

/** Registers a case (called like Deno's test registration: a name and a function). */
export function test(name: string, fn: () => void | Promise<void>): void {
  if (CASES.some((c) => c.name === name)) {
    throw new Error(`conformance: duplicate case "${name}"`);
  }
  CASES.push({ name, fn });
}
