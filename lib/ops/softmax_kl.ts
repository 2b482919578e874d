/**
 * Fused KL(softmax(z / tau) || Q) per row (kernels/softmax_kl.wgsl), the diversity term of
 * IGDS (eq. 17) and of the variational estimator (eq. 16). Q is either given, one row of
 * log-probabilities per class (`klToGiven`), or the mean of softmax(z / tau) over each
 * group of `groupSize` consecutive rows (`klToGroupMean`), in which case the gradient also
 * flows through Q.
 *
 * @example
 * const kl = klToGroupMean(features, ipc, 0.07);          // [n] per image
 * const kl2 = klToGiven(features, logQ, labels, 0.07);     // Q^y: row labels[n] of logQ
 */
import { record } from "../autodiff/tape.ts";
import { dispatchKernel, KERNELS } from "../gpu/kernel_dispatch.ts";
import { shapeText, Tensor } from "../tensor.ts";
import { checkLoop, grid } from "./util.ts";

interface KlSetup {
  z: Tensor;
  logQin: Tensor;
  qIndex: Tensor;
  grouped: boolean;
  groupSize: number;
  tau: number;
}

function softmaxKl(s: KlSetup): Tensor {
  const [n, dim] = s.z.shape;
  const gs = s.grouped ? s.groupSize : 1;
  checkLoop("softmaxKl", `${dim} features`, dim);
  checkLoop("softmaxKl", `groups of ${gs}`, gs);
  const params = { n, dim, gs, invTau: 1 / s.tau };
  const lse = new Tensor([n]);
  const logQ = new Tensor([s.grouped ? (n / gs) * dim : 1]);
  const a = new Tensor([s.grouped ? (n / gs) * dim : 1]);
  const loss = new Tensor([n]);
  const pass = (p: number, g: Tensor, out: Tensor) =>
    dispatchKernel(KERNELS.softmax_kl.main, {
      constants: { PASS: p, GROUPED: s.grouped ? 1 : 0 },
      buffers: [
        s.z.buffer,
        s.logQin.buffer,
        s.qIndex.buffer,
        g.buffer,
        lse.buffer,
        logQ.buffer,
        a.buffer,
        out.buffer,
      ],
      params,
      workgroups: grid(p === 2 || p === 4 ? (n / gs) * dim : n),
    });
  pass(1, s.z, loss);
  if (s.grouped) pass(2, s.z, loss);
  pass(3, s.z, loss);
  record("softmaxKl", [s.z], loss, (g) => {
    const dz = new Tensor(s.z.shape);
    if (s.grouped) pass(4, g, dz);
    pass(5, g, dz);
    return [dz];
  }, [lse, logQ, a]);
  return loss;
}

function check2d(op: string, z: Tensor): void {
  if (z.rank !== 2 || z.dtype !== "f32") {
    throw new Error(`${op}: z must be an f32 [n, dim] tensor, got ${shapeText(z.shape)}`);
  }
}

/**
 * KL(softmax(z_n / tau) || Q_g) per row, Q_g the mean of softmax(z / tau) over the group of
 * `groupSize` consecutive rows that holds row n. Returns [n].
 *
 * @example
 * const z = new Rng(0).normal([20, 64]); // 10 classes x IPC 2, features
 * const kl = klToGroupMean(z, 2, 0.07); // [20]: each row against its pair's mean
 */
export function klToGroupMean(z: Tensor, groupSize: number, tau: number): Tensor {
  check2d("klToGroupMean", z);
  if (!Number.isInteger(groupSize) || groupSize < 1 || z.shape[0] % groupSize !== 0) {
    throw new Error(
      `klToGroupMean: ${z.shape[0]} rows of ${
        shapeText(z.shape)
      } do not split into groups of ${groupSize}`,
    );
  }
  // logQin and qIndex are never read in grouped mode: any buffer will do
  return softmaxKl({ z, logQin: z, qIndex: z, grouped: true, groupSize, tau });
}

/**
 * KL(softmax(z_n / tau) || Q_{index[n]}) per row, with `logQ` [classes, dim] holding
 * log-probabilities (no gradient flows to Q). `index` is i32 [n]. Returns [n].
 *
 * @example
 * const kl = klToGiven(z, ve.logQ, labels, ve.tau); // z [n, dim], labels i32 [n]: KL to Q^y
 */
export function klToGiven(z: Tensor, logQ: Tensor, index: Tensor, tau: number): Tensor {
  check2d("klToGiven", z);
  if (
    logQ.rank !== 2 || logQ.shape[1] !== z.shape[1] || index.dtype !== "i32" ||
    index.size !== z.shape[0]
  ) {
    throw new Error(
      `klToGiven: z ${shapeText(z.shape)}, logQ ${shapeText(logQ.shape)} and i32 index ${
        shapeText(index.shape)
      } ` +
        "must be [n, dim], [classes, dim] and [n]",
    );
  }
  return softmaxKl({ z, logQin: logQ, qIndex: index, grouped: false, groupSize: 1, tau });
}
