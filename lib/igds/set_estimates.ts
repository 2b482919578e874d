/**
 * The VE's information estimates on distilled sets (issue: does a generated set carry what a
 * real subset does?): for each set folder, the VE classifier's accuracy on the set, the
 * lower bound on I(X;Y) (eq. 7) and H(X|Y) as the mean KL to the VE's class prototypes
 * (eq. 12), as `estimateInformation` computes them on the training set; a method with one
 * set per run (random) gets the mean over its draws.
 *
 * @example
 * const e = await setEstimates(ve, ["runs/x/distilled/igds/ipc10"], train.classes);
 * e.I; // nats
 * @module
 */
import { loadDataset } from "../data/datasets.ts";
import { alignClasses } from "../eval/classes.ts";
import type { VarEstimator } from "./ve.ts";
import { estimateInformation } from "./ve_estimates.ts";

/** The VE's estimates on a distilled set (means over its draws). */
export interface SetEstimates {
  /** Share of the set's images the VE classifier labels as their class (0..1). */
  accuracy: number;
  /** Lower bound on I(X;Y), nats. */
  I: number;
  /** H(X|Y): mean KL of an image's code to its class prototype, nats. */
  H: number;
  /** How many sets (draws) the means are over. */
  draws: number;
}

/**
 * The VE's estimates on the sets in `dirs` (ImageFolders), averaged over them.
 *
 * @example
 * await setEstimates(ve, dirs, ["T-shirt/top", "Trouser"]); // { accuracy, I, H, draws }
 */
export async function setEstimates(
  ve: VarEstimator,
  dirs: string[],
  classes: string[],
): Promise<SetEstimates> {
  if (!dirs.length) throw new Error("setEstimates: no set folder given");
  let accuracy = 0, I = 0, H = 0;
  for (const dir of dirs) {
    const { dataset } = alignClasses(await loadDataset(dir, "train"), classes);
    const e = await estimateInformation(ve, dataset);
    accuracy += e.accuracy / dirs.length;
    I += e.I / dirs.length;
    H += e.H / dirs.length;
  }
  return { accuracy, I, H, draws: dirs.length };
}
