/**
 * The subset of `node:assert/strict` the conformance cases use, with no host API, so that the
 * cases run in Deno, Node and a browser page alike.
 *
 * @example
 * assert.deepEqual([1, 2], [1, 2]);
 * assert.throws(() => JSON.parse("{"), /JSON/);
 * @module
 */

/** A failed assertion. */
export class AssertionError extends Error {
  override name = "AssertionError";
}

const show = (v: unknown): string => {
  if (ArrayBuffer.isView(v)) {
    const items = Array.from(v as unknown as ArrayLike<unknown>);
    return `${v.constructor.name}(${items.length}) [${items.slice(0, 8).join(", ")}${
      items.length > 8 ? ", ..." : ""
    }]`;
  }
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
};

function deepEq(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (
    typeof a !== "object" || typeof b !== "object" || a === null || b === null
  ) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (ArrayBuffer.isView(a)) {
    const x = a as unknown as ArrayLike<unknown>,
      y = b as unknown as ArrayLike<unknown>;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
    return true;
  }
  const ka = Object.keys(a), kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) =>
    Object.hasOwn(b, k) &&
    deepEq((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])
  );
}

function matches(
  err: unknown,
  expected?: RegExp | ((e: Error) => boolean),
): void {
  if (expected === undefined) return;
  const message = err instanceof Error ? err.message : String(err);
  if (expected instanceof RegExp) {
    if (!expected.test(message)) {
      throw new AssertionError(
        `the error "${message}" does not match ${expected}`,
      );
    }
  } else if (!expected(err as Error)) {
    throw new AssertionError(
      `the error "${message}" fails the validation function`,
    );
  }
}

/** Assertions, named and behaving as in `node:assert/strict`. */
export const assert = {
  /** Fails with `message`. */
  fail(message = "failed"): never {
    throw new AssertionError(message);
  },
  /** `value` is truthy. */
  ok(value: unknown, message?: string): void {
    if (!value) {
      throw new AssertionError(
        message ?? `expected a truthy value, got ${show(value)}`,
      );
    }
  },
  /** `Object.is(actual, expected)`. */
  equal<T>(actual: T, expected: T, message?: string): void {
    if (!Object.is(actual, expected)) {
      throw new AssertionError(
        message ?? `expected ${show(expected)}, got ${show(actual)}`,
      );
    }
  },
  /** Same structure and values (typed arrays element by element, prototypes equal). */
  deepEqual<T>(actual: T, expected: T, message?: string): void {
    if (!deepEq(actual, expected)) {
      throw new AssertionError(
        message ?? `expected ${show(expected)}, got ${show(actual)}`,
      );
    }
  },
  /** Not {@link assert.deepEqual}. */
  notDeepEqual<T>(actual: T, expected: T, message?: string): void {
    if (deepEq(actual, expected)) {
      throw new AssertionError(
        message ?? `expected anything but ${show(expected)}`,
      );
    }
  },
  /** `fn` throws, with a message matching `expected` when given. */
  throws(fn: () => unknown, expected?: RegExp | ((e: Error) => boolean)): void {
    try {
      fn();
    } catch (e) {
      matches(e, expected);
      return;
    }
    throw new AssertionError(
      `expected an error${expected ? ` matching ${expected}` : ""}`,
    );
  },
  /** `p` rejects, with a message matching `expected` when given. */
  async rejects(
    p: Promise<unknown>,
    expected?: RegExp | ((e: Error) => boolean),
  ): Promise<void> {
    try {
      await p;
    } catch (e) {
      matches(e, expected);
      return;
    }
    throw new AssertionError(
      `expected a rejection${expected ? ` matching ${expected}` : ""}`,
    );
  },
};
