/**
 * A diffusion prior as bytes: one safetensors file holding the (EMA) U-Net weights, with the
 * U-Net and schedule config in its metadata, so that the file alone rebuilds the model.
 * Decoding checks every tensor's name and shape against the config. Host-agnostic; files on
 * disk are `prior_file.ts` (`loadPrior`, `savePrior`).
 *
 * @example
 * const bytes = new Uint8Array(await (await fetch("fashion-mnist-prior.safetensors")).arrayBuffer());
 * const prior = decodePrior(bytes, "fashion-mnist-prior.safetensors");
 * const x = await sample(prior.denoiser, prior.denoiser.params, prior.schedule, { labels });
 * @module
 */
import { dispose } from "../autodiff/scope.ts";
import { decodeCheckpoint, encodeCheckpoint } from "../io/checkpoint.ts";
import { treeFromTensorMap, treeToTensorMap } from "../io/params.ts";
import type { TensorMap } from "../io/safetensors.ts";
import { uNet, type UNetConfig, type UNetParams } from "../nn/unet.ts";
import { Rng } from "../ops/random.ts";
import { type Denoiser, unetDenoiser } from "./denoiser.ts";
import { type NoiseSchedule, noiseSchedule, type ScheduleKind } from "./schedule.ts";

/** What rebuilds a prior: the U-Net, the schedule, and the data it was trained on. */
export interface PriorConfig {
  unet: UNetConfig;
  schedule: ScheduleKind;
  T: number;
  /** Class names, in label order (empty for an unconditional prior). */
  classNames: string[];
  /** Data set the prior was trained on, for reports. */
  data?: string;
}

/**
 * A loaded prior.
 *
 * @example
 * const prior: Prior = await loadPrior(SHIPPED_PRIOR);
 * const x = await sample(prior.denoiser, prior.denoiser.params, prior.schedule, {
 *   labels: Int32Array.from([8]), steps: 25, method: "ddim",
 * }); // one Bag, [1, 1, 28, 28] in [-1, 1]
 */
export interface Prior {
  config: PriorConfig;
  denoiser: Denoiser<UNetParams>;
  schedule: NoiseSchedule;
  /** Training steps the weights have seen. */
  step: number;
}

/**
 * Serialises `params` (usually the EMA weights) and the config to the bytes of a prior file.
 *
 * @example
 * const bytes = await encodePrior(config, ema.params, 1000);
 */
export async function encodePrior(
  config: PriorConfig,
  params: UNetParams,
  step: number,
  extra: Record<string, string> = {},
): Promise<Uint8Array> {
  return encodeCheckpoint({
    tensors: await treeToTensorMap(params),
    step,
    config,
    rng: null,
    metadata: { kind: "igds-prior", ...extra },
  });
}

/**
 * Rebuilds a prior from the bytes of a prior file (`file` names it in errors); a tensor that
 * is missing, has another shape than the config says, or holds NaN or Inf is an error.
 *
 * @example
 * const prior = decodePrior(bytes, "fashion-mnist-prior.safetensors");
 */
export function decodePrior(bytes: Uint8Array, file = "<prior>"): Prior {
  const head = decodeCheckpoint(bytes, file);
  const config = head.config as PriorConfig;
  if (!config?.unet || !config.schedule) {
    throw new Error(`${file}: no prior config in the metadata (not a prior file?)`);
  }
  checkFinite(head.tensors, file);
  const net = uNet(config.unet, new Rng(0));
  try {
    // names the tensor and both shapes when the weights do not fit the config
    const params = treeFromTensorMap(net.params, head.tensors, file);
    dispose(net.params);
    net.params = params;
  } catch (e) {
    dispose(net.params);
    throw e;
  }
  return {
    config,
    denoiser: unetDenoiser(net),
    schedule: noiseSchedule(config.schedule, config.T),
    step: head.step,
  };
}

/**
 * Throws when an F32 tensor holds NaN or Inf (a diverged training run), naming the file, the
 * tensor, the first bad value and how many there are: such weights sample black images.
 */
function checkFinite(tensors: TensorMap, file: string): void {
  for (const [name, t] of Object.entries(tensors)) {
    if (t.dtype !== "F32") continue; // treeFromTensorMap rejects other dtypes, naming them
    const values = t.data as Float32Array;
    const first = values.findIndex((v) => !Number.isFinite(v));
    if (first < 0) continue;
    const count = values.reduce((n, v) => n + (Number.isFinite(v) ? 0 : 1), 0);
    throw new Error(
      `${file}: tensor "${name}" [${t.shape}] holds ${count} NaN or Inf value` +
        `${count > 1 ? "s" : ""} (the first, ${values[first]}, at flat index ${first}); the ` +
        `weights are broken (a diverged training run?): use an earlier checkpoint or retrain`,
    );
  }
}
