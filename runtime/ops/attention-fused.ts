// The attention core as one op with a hand-written gradient (what the optimizer's fuseAttention
// pass selects): softmax(q·kᵀ + mask)·v forward, saving only the probabilities p; backward
//   dv = pᵀ·dy,  dp = dy·vᵀ,  ds = p ⊙ (dp − Σ_s dp ⊙ p),  dq = ds·k,  dk = dsᵀ·q.
// Every product goes through kernels/wasm-batch-matmul.ts, which on wasm makes transposes explicit
// and runs one XNNPACK product per matrix instead of wasm's scalar batched loop. Same math as
// attention.ts groupedAttention, which autodiff differentiates. On the native backend the core is
// instead two C++ kernels (runtime/kernels/native/fused-attention.ts): one op, two implementations.
import * as tf from "../tf.ts";
import { groupedSizes, mergeHeads } from "./attention-sizes.ts";
import { nativeAttentionCore } from "../kernels/native/fused-attention.ts";
import { batchMatMul } from "../kernels/wasm-batch-matmul.ts";
import { causalScores } from "./causal-mask.ts";
import { withGradN } from "./grad.ts";

/**
 * qh [B·G, r·T, dh] (scaled, grouped by K/V head), kh and vh [B·G, S, dh] → [B, T, H·dh].
 * Equal to groupedAttention(qh, kh, vh, B, H, G, causal) in value and gradient.
 */
export function fusedAttention(
  qh: tf.Tensor3D,
  kh: tf.Tensor3D,
  vh: tf.Tensor3D,
  B: number,
  H: number,
  G: number,
  causal: boolean,
): tf.Tensor3D {
  const { T, dh } = groupedSizes(qh, kh, H, G);
  const core = nativeAttentionCore(qh, kh, vh, T, causal) ?? composedCore(qh, kh, vh, T, causal);
  return mergeHeads(core, B, H, T, dh);
}

/**
 * The core of fusedAttention as tfjs ops (every backend but native; nativeAttentionCore's
 * arguments): qh [B·G, r·T, dh], kh and vh [B·G, S, dh] → [B·G, r·T, dh].
 */
function composedCore(
  qh: tf.Tensor3D,
  kh: tf.Tensor3D,
  vh: tf.Tensor3D,
  T: number,
  causal: boolean,
): tf.Tensor3D {
  const blocks = (qh.shape[0] * qh.shape[1]) / T; // B·G·r blocks of T queries
  const S = kh.shape[1];
  return withGradN([qh, kh, vh], ([q, k, v], save) => {
    const q3 = q as tf.Tensor3D;
    const v3 = v as tf.Tensor3D;
    let scores: tf.Tensor = batchMatMul(q3, k as tf.Tensor3D, false, true); // [B·G, r·T, S]
    if (causal) scores = causalScores(scores, blocks, T, S);
    const p = tf.softmax(scores, -1) as tf.Tensor3D; // [B·G, r·T, S]
    save([q3, k!, v3, p]);
    return {
      value: batchMatMul(p, v3), // [B·G, r·T, dh]
      gradFunc: (dy, saved) => {
        const [sq, sk, sv, sp] = saved as tf.Tensor3D[];
        const dy3 = dy as tf.Tensor3D; // [B·G, r·T, dh]
        const dp = batchMatMul(dy3, sv!, false, true); // [B·G, r·T, S]
        const dv = batchMatMul(sp!, dy3, true, false); // [B·G, S, dh]
        const rowDot = tf.sum(tf.mul(dp, sp!), -1, true); // [B·G, r·T, 1]
        const ds = tf.mul(sp!, tf.sub(dp, rowDot)) as tf.Tensor3D; // [B·G, r·T, S]
        const dq = batchMatMul(ds, sk!); // [B·G, r·T, dh]
        const dk = batchMatMul(ds, sq!, true, false); // [B·G, S, dh]
        return [dq, dk, dv];
      },
    };
  }) as tf.Tensor3D;
}
