/**
 * Scopes: `tidy(fn)` frees every tensor created inside `fn` that `fn` does not return.
 *
 * @example
 * const y = tidy(() => exp(add(x, x))); // the intermediate x + x is freed
 */
import { scopeStack, Tensor } from "../tensor.ts";

/**
 * A tensor, or arrays and plain objects of them (a named parameter tree).
 *
 * @example
 * const params: Tree = { conv: { weight: zeros([8, 1, 3, 3]), bias: zeros([8]) }, head: [zeros([10])] };
 */
export type Tree = Tensor | readonly Tree[] | { readonly [key: string]: Tree };

/** Every tensor in a tree (or any value: non-tensors are ignored), in a stable order. */
export function leaves(tree: unknown, out: Tensor[] = []): Tensor[] {
  if (tree instanceof Tensor) out.push(tree);
  else if (Array.isArray(tree)) { for (const t of tree) leaves(t, out); }
  else if (tree && typeof tree === "object" && Object.getPrototypeOf(tree) === Object.prototype) {
    for (const k of Object.keys(tree)) leaves((tree as Record<string, unknown>)[k], out);
  }
  return out;
}

/** Builds a tree of the same structure, mapping each tensor leaf. */
export function mapTree<T extends Tree>(
  tree: T,
  f: (t: Tensor, path: string) => Tensor,
  path = "",
): T {
  if (tree instanceof Tensor) return f(tree, path) as T;
  if (Array.isArray(tree)) {
    return tree.map((t, i) => mapTree(t, f, `${path}[${i}]`)) as unknown as T;
  }
  const out: Record<string, Tree> = {};
  for (const [k, v] of Object.entries(tree)) out[k] = mapTree(v, f, path ? `${path}.${k}` : k);
  return out as T;
}

/**
 * Disposes every tensor in a tree.
 *
 * @example
 * const { value, grads } = valueAndGrad(lossFn)(params, x, y);
 * dispose([value, grads]); // every tensor of the tree
 */
export function dispose(tree: unknown): void {
  for (const t of leaves(tree)) t.dispose();
}

/**
 * Runs `fn` in a scope: tensors it creates and does not return are disposed when it
 * ends; returned tensors move to the enclosing scope. `fn` must be synchronous.
 *
 * @example
 * const y = tidy(() => relu(add(matmul(x, w), b))); // the matmul's and add's outputs are freed
 */
export function tidy<T>(fn: () => T): T {
  const scope = new Set<Tensor>();
  scopeStack.push(scope);
  let result: T;
  try {
    result = fn();
    if (result instanceof Promise) throw new Error("tidy: the function must not be async");
  } catch (e) {
    for (const t of scope) t.dispose();
    throw e;
  } finally {
    scopeStack.pop();
  }
  const kept = new Set(leaves(result));
  const parent = scopeStack.at(-1);
  for (const t of scope) {
    if (kept.has(t)) parent?.add(t);
    else t.dispose();
  }
  return result;
}

/**
 * Removes a tensor from every open scope, so that only an explicit dispose frees it.
 *
 * @example
 * let best: Tensor | null = null;
 * tidy(() => { best = keep(mul(x, 2)); }); // survives the scope
 */
export function keep<T extends Tree>(tree: T): T {
  for (const t of leaves(tree)) for (const s of scopeStack) s.delete(t);
  return tree;
}
