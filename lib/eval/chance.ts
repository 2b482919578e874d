/**
 * Accuracy at chance level is an error, never a result: a classifier that scores what
 * guessing scores (1/classes) has learnt nothing, which on a working adapter means a
 * broken set or settings, and on a broken one garbage arithmetic (wgpu's GL backend once
 * gave 10% everywhere). Stages call {@link assertAboveChance} before recording anything.
 *
 * @example
 * assertAboveChance(10.1, 10, "runs/x/eval/ddpm-ipc1"); // throws: at chance level
 * @module
 */

/**
 * How far above chance an accuracy must be: 1.2 x chance (12% with 10 classes). A constant
 * prediction on a class-balanced test set scores exactly chance.
 */
export const CHANCE_MARGIN = 1.2;

/**
 * Throws an error naming `what` (a stage folder, a file) when `accuracyPercent` is at or
 * below {@link CHANCE_MARGIN} x chance for `classes` classes.
 *
 * @example
 * assertAboveChance(54.0, 10, "runs/x/eval/igds-ipc1"); // fine
 */
export function assertAboveChance(accuracyPercent: number, classes: number, what: string): void {
  const chance = 100 / classes;
  if (!(accuracyPercent > CHANCE_MARGIN * chance)) {
    throw new Error(
      `${what}: accuracy ${accuracyPercent.toFixed(2)}% is at chance level (${classes} ` +
        `classes: ${chance.toFixed(1)}%; needs more than ${(CHANCE_MARGIN * chance).toFixed(1)}%)` +
        `; not recorded. Either the adapter computes wrong answers (try another backend: ` +
        `DENO_WEBGPU_BACKEND=vulkan or gl) or this stage's images or settings carry no ` +
        `class information`,
    );
  }
}
