/**
 * Seeded dropout (kernels/dropout.wgsl): the keep mask is a pure function of the Rng's seed
 * and counter, drawn in-kernel, so no mask is stored and the backward pass redraws it.
 *
 * @example
 * const y = dropout(x, 0.1, rng);   // training; identity when rate is 0
 */
import { record } from "../autodiff/tape.ts";
import { dispatchKernel, KERNELS } from "../gpu/kernel_dispatch.ts";
import { Tensor } from "../tensor.ts";
import type { Rng } from "./random.ts";
import { grid } from "./util.ts";

function launch(x: Tensor, rate: number, seed: number, block: number): Tensor {
  const y = new Tensor(x.shape);
  dispatchKernel(KERNELS.dropout.main, {
    buffers: [x.buffer, y.buffer],
    params: { n: x.size, rate, seedLo: seed % 2 ** 32, seedHi: Math.floor(seed / 2 ** 32), block },
    workgroups: grid(x.size),
  });
  return y;
}

/**
 * Zeroes each element with probability `rate` and scales the rest by 1 / (1 - rate).
 *
 * @example
 * const rng = new Rng(0);
 * const h = dropout(relu(x), 0.1, rng); // zeros 10%, scales the rest by 1 / 0.9
 */
export function dropout(x: Tensor, rate: number, rng: Rng): Tensor {
  if (!(rate >= 0 && rate < 1)) throw new RangeError(`dropout: rate ${rate} must be in [0, 1)`);
  const { seed, counter } = rng.state();
  rng.counter += Math.ceil(x.size / 4) * 4; // consume the words this mask uses
  const y = launch(x, rate, seed, counter / 4);
  record("dropout", [x], y, (g) => [launch(g, rate, seed, counter / 4)]);
  return y;
}
