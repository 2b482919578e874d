/**
 * Scaled dot-product attention: s = scale * q k^T (matmul), then the softmax and the
 * weighted sum fused in one kernel (kernels/attention_pv.wgsl), which never stores the
 * probabilities. The backward pass recomputes them from the scores with the softmax
 * kernel and uses matmuls and the softmax backward kernel:
 *   dv = P^T dO,  dP = dO v^T,  dS = P (dP - rowsum(dP P)),  dq = scale dS k,  dk = scale dS^T q
 *
 * @example
 * const o = attention(q, k, v);   // [b, heads, t, d] each; scale 1/sqrt(d)
 */
import { dispose, tidy } from "../autodiff/scope.ts";
import { noGrad, record } from "../autodiff/tape.ts";
import { FLAT_TEXTURE_WIDTH, gpu } from "../gpu/gpu.ts";
import { dispatchKernel, KERNELS } from "../gpu/kernel_dispatch.ts";
import { viewOf } from "../gpu/texture_pool.ts";
import { shapeText, Tensor } from "../tensor.ts";
import { mul } from "./binary.ts";
import { matmul } from "./matmul.ts";
import { logsumexp } from "./reduce.ts";
import { reshape } from "./shape.ts";
import { softmax, softmaxBackward } from "./softmax.ts";
import { arrayView, checkLoop, grid, releaseTextures, sameShape, textureOf } from "./util.ts";

/**
 * softmax(q k^T * scale) v over the last two axes; q, k, v share one shape [..., t, d].
 *
 * @example
 * const q = new Rng(0).normal([2, 49, 16]); // [batch * heads, tokens, head size]
 * const o = attention(q, q, q); // [2, 49, 16], scale 1 / sqrt(16)
 */
export function attention(q: Tensor, k: Tensor, v: Tensor, scale?: number): Tensor {
  if (!sameShape(q.shape, k.shape) || !sameShape(q.shape, v.shape) || q.rank < 2) {
    throw new Error(
      `attention: q ${shapeText(q.shape)}, k ${shapeText(k.shape)} and v ${shapeText(v.shape)} ` +
        "must share one shape [..., t, d]",
    );
  }
  const [t, d] = q.shape.slice(-2);
  const bh = q.size / (t * d);
  checkLoop("attention", `${t} tokens`, t * Math.max(1, d % 4));
  const sc = scale ?? 1 / Math.sqrt(d);
  const [s, lse] = noGrad(() =>
    tidy(() => {
      const q3 = reshape(q, [bh, t, d]);
      const k3 = reshape(k, [bh, t, d]);
      const scores = matmul(mul(q3, sc), k3, { transB: true });
      return [scores, logsumexp(scores, -1)];
    })
  );
  const o = new Tensor(q.shape);
  // whole vec4s of v per row: s and v read through textures (the same sums)
  const fits = Math.ceil(s.size / FLAT_TEXTURE_WIDTH) <= gpu().limits.maxTextureDimension2D;
  const st = d % 4 === 0 && fits ? gpu().flatTexture(s.buffer, s.size) : null;
  const vt = st ? textureOf(v, 0) : null;
  dispatchKernel(KERNELS.attention_pv[st && vt ? "main4" : "main"], {
    buffers: st && vt
      ? [viewOf(st), lse.buffer, arrayView(vt), o.buffer]
      : [s.buffer, lse.buffer, v.buffer, o.buffer],
    params: { bh, t, d },
    workgroups: grid(bh * t * Math.ceil(d / 4)),
  });
  releaseTextures(st, vt);
  lse.dispose();
  record("attention", [q, k, v], o, (g) => {
    const q3 = reshape(q, [bh, t, d]);
    const k3 = reshape(k, [bh, t, d]);
    const v3 = reshape(v, [bh, t, d]);
    const g3 = reshape(g, [bh, t, d]);
    const p = softmax(s, -1);
    const dv = matmul(p, g3, { transA: true });
    const dp = matmul(g3, v3, { transB: true });
    const ds = softmaxBackward(p, dp, -1, false);
    const dq = matmul(mul(ds, sc), k3);
    const dk = matmul(mul(ds, sc), q3, { transA: true });
    dispose([q3, k3, v3, g3, p, dp, ds]);
    return [reshape(dq, q.shape), reshape(dk, q.shape), reshape(dv, q.shape)];
  }, [s]);
  return o;
}
