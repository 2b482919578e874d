/**
 * A VE as the bytes of one safetensors file (encoder, classifier, log Q^y; config, geometry
 * and class names in the metadata), and back. Host-agnostic; lib/igds/ve_file.ts reads and
 * writes files.
 *
 * @example
 * const ve2 = decodeVE(await encodeVE(ve));
 * @module
 */
import { dispose, keep } from "../autodiff/scope.ts";
import { decodeCheckpoint, encodeCheckpoint } from "../io/checkpoint.ts";
import { validateConfig } from "../io/schema.ts";
import {
  expectedTensors,
  treeFromTensorMap,
  treeToTensorMap,
  underPrefix,
  withPrefix,
} from "../io/params.ts";
import type { TensorMap } from "../io/safetensors.ts";
import { linearLayer } from "../nn/layers.ts";
import { fromArray } from "../ops/creation.ts";
import { Rng } from "../ops/random.ts";

import {
  encoderModel,
  FILE_KIND,
  type VarEstimator,
  VE_SCHEMA,
  type VEFileConfig,
} from "./ve_model.ts";

/**
 * Serialises the VE (encoder, classifier, log Q^y; the config, geometry and class names in
 * the metadata) to the bytes of one safetensors file. The momentum encoder is not saved.
 *
 * @example
 * const bytes = await encodeVE(ve); // saveVE (ve_file.ts) writes them to a file
 */
export async function encodeVE(ve: VarEstimator): Promise<Uint8Array> {
  const tensors: TensorMap = {
    ...withPrefix("encoder.", await treeToTensorMap(ve.encoder)),
    ...withPrefix("classifier.", await treeToTensorMap(ve.classifier)),
    ...(await treeToTensorMap({ logQ: ve.logQ })),
  };
  const config: VEFileConfig = {
    ve: ve.config,
    channels: ve.channels,
    size: ve.size,
    classNames: ve.classNames,
  };
  return encodeCheckpoint({
    tensors,
    step: ve.steps,
    config,
    rng: null,
    metadata: {
      kind: FILE_KIND,
      input: "NCHW images in [-1, 1] (pixel * 2 - 1)",
      features: "q = encoder(x); classifier and Q^y read q / |q|; softmax(q / |q| / tau)",
      tau: String(ve.tau),
    },
  });
}

/**
 * Rebuilds a VE from the bytes {@link encodeVE} wrote (`path` names them in errors). Every
 * tensor's name and shape is checked against the shapes its config implies; the error names
 * each tensor that is missing, unexpected or of another shape.
 *
 * @example
 * const ve = decodeVE(new Uint8Array(await (await fetch("ve.safetensors")).arrayBuffer()));
 * const logits = veLogits(ve, x);
 */
export function decodeVE(bytes: Uint8Array, path = "<VE>"): VarEstimator {
  const ck = decodeCheckpoint(bytes, path);
  const fc = ck.config as VEFileConfig | null;
  if (ck.metadata?.kind !== FILE_KIND || !fc?.ve || !Array.isArray(fc.classNames)) {
    throw new Error(`${path}: not a VE file (metadata kind ${JSON.stringify(ck.metadata?.kind)})`);
  }
  const config = validateConfig(VE_SCHEMA, fc.ve, `${path} (config)`);
  const C = fc.classNames.length;
  const dim = config.encoder.dim;
  const rng = new Rng(0);
  const model = encoderModel(config, fc.channels, fc.size, rng);
  const like = { encoder: model.params, classifier: linearLayer(dim, C, rng) };
  try {
    const want = {
      ...withPrefix("encoder.", expectedTensors(like.encoder)),
      ...withPrefix("classifier.", expectedTensors(like.classifier)),
      logQ: { shape: [C, dim] },
    };
    const problems: string[] = [];
    for (const [name, w] of Object.entries(want)) {
      const got = ck.tensors[name];
      if (!got) problems.push(`missing tensor "${name}" [${w.shape}]`);
      else if (got.shape.length !== w.shape.length || got.shape.join() !== w.shape.join()) {
        problems.push(`tensor "${name}" has shape [${got.shape}], the config implies [${w.shape}]`);
      } else if (!(got.data instanceof Float32Array)) {
        problems.push(`tensor "${name}" is ${got.dtype}, expected F32`);
      }
    }
    for (const name of Object.keys(ck.tensors)) {
      if (!(name in want)) problems.push(`unexpected tensor "${name}"`);
    }
    if (problems.length) {
      throw new Error(`${path}: the VE file does not match its config: ${problems.join("; ")}`);
    }
    const encoder = keep(
      treeFromTensorMap(like.encoder, underPrefix("encoder.", ck.tensors), path),
    );
    const classifier = keep(
      treeFromTensorMap(like.classifier, underPrefix("classifier.", ck.tensors), path),
    );
    const logQ = keep(fromArray(ck.tensors.logQ.data as Float32Array, [C, dim]));
    model.params = encoder;
    return {
      config,
      channels: fc.channels,
      size: fc.size,
      classes: C,
      classNames: fc.classNames,
      featureSize: dim,
      tau: config.train.tau,
      model,
      encoder,
      classifier,
      logQ,
      steps: ck.step,
      history: [],
    };
  } finally {
    dispose(like);
  }
}
