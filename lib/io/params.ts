/**
 * Parameter trees to and from named host tensors (safetensors names are the tree paths,
 * e.g. `down[0].res[0].conv1.weight`), for checkpoints and shipped models.
 *
 * @example
 * const named = await treeToTensorMap(net.params);
 * const params = treeFromTensorMap(net.params, named, "prior.safetensors");
 * @module
 */
import { mapTree, type Tree } from "../autodiff/scope.ts";
import { fromArray } from "../ops/creation.ts";
import { shapeText, type Tensor } from "../tensor.ts";
import type { ExpectedTensors } from "./checkpoint.ts";
import type { TensorMap } from "./safetensors.ts";

/** Every f32 leaf of `tree` read back, keyed by its path. */
export async function treeToTensorMap(tree: Tree): Promise<TensorMap> {
  const out: TensorMap = {};
  const pending: Promise<void>[] = [];
  mapTree(tree, (t: Tensor, path) => {
    pending.push(
      t.data().then((d) => {
        out[path] = {
          dtype: "F32",
          shape: [...t.shape],
          data: Float32Array.from(d as Float32Array),
        };
      }),
    );
    return t;
  });
  await Promise.all(pending);
  return out;
}

/** The names and shapes of a tree's leaves, for `loadCheckpoint`'s shape check. */
export function expectedTensors(tree: Tree): ExpectedTensors {
  const out: ExpectedTensors = {};
  mapTree(tree, (t: Tensor, path) => {
    out[path] = { shape: [...t.shape], dtype: "F32" };
    return t;
  });
  return out;
}

/**
 * A new tree shaped like `like`, each leaf uploaded from `named[path]`; a missing tensor or
 * a shape that differs is an error naming the tensor and `source`.
 */
export function treeFromTensorMap<T extends Tree>(like: T, named: TensorMap, source: string): T {
  // check everything first, so that a bad file uploads nothing
  mapTree(like, (t: Tensor, path) => {
    const h = named[path];
    if (!h) throw new Error(`${source}: missing tensor "${path}" ${shapeText(t.shape)}`);
    if (h.shape.join() !== t.shape.join() || h.shape.length !== t.shape.length) {
      throw new Error(
        `${source}: tensor "${path}" has shape [${h.shape}], the model expects ${
          shapeText(t.shape)
        }`,
      );
    }
    if (!(h.data instanceof Float32Array)) {
      throw new Error(`${source}: tensor "${path}" is ${h.dtype}, expected F32`);
    }
    return t;
  });
  return mapTree(like, (t: Tensor, path) => fromArray(named[path].data as Float32Array, t.shape));
}

/**
 * Names with a prefix prepended, to store several trees in one file.
 *
 * @example
 * withPrefix("ema.", { "out.bias": t }); // { "ema.out.bias": t }
 */
export function withPrefix<T>(prefix: string, map: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [prefix + k, v]));
}

/**
 * The entries whose names start with `prefix`, with the prefix removed (undoes
 * {@link withPrefix}).
 *
 * @example
 * underPrefix("ema.", { "ema.out.bias": t, "params.out.bias": u }); // { "out.bias": t }
 */
export function underPrefix<T>(prefix: string, map: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.entries(map).filter(([k]) => k.startsWith(prefix)).map((
      [k, v],
    ) => [k.slice(prefix.length), v]),
  );
}
