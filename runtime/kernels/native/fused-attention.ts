// The attention core as two native kernels (native/src/fused_attention.cc) for
// runtime/ops/attention-fused.ts on the `native` backend: ArchcAttentionFwd gives the output and
// the row log-sum-exp; ArchcAttentionBwd recomputes the probabilities from it and gives dq, dk, dv.
// So a layer's attention is two addon calls (one forward, one backward) instead of ~12 tfjs kernels,
// and keeps [B·G, r·T] floats for backward instead of the [B·G, r·T, S] probabilities.
import * as tf from "../../tf.ts";
import { withGradN } from "../../ops/grad.ts";
import type { CpuBackend } from "../util.ts";
import type { AttentionSizes } from "./addon.ts";
import { addon, check, fusedKernels, views, type FusedArgs } from "./fused-common.ts";
import { take } from "./pool.ts";

export const ATTENTION_FWD = "ArchcAttentionFwd";
export const ATTENTION_BWD = "ArchcAttentionBwd";

/** The kernels' sizes from q [blocks, R, dh], k [blocks, S, dh] and the attrs {T, causal}. */
function sizesOf(args: FusedArgs): AttentionSizes {
  const [blocks, R, dh] = args.inputs["q"]!.shape as [number, number, number];
  const S = args.inputs["k"]!.shape[1]!;
  const { T, causal } = args.attrs as { T: number; causal: boolean };
  return [blocks, R, T, S, dh, causal ? 1 : 0];
}

function forwardKernel(args: FusedArgs): tf.TensorInfo[] {
  const be = args.backend as CpuBackend;
  const [q, k, v] = views(args, ["q", "k", "v"]);
  const sizes = sizesOf(args);
  const out = take(q!.length); // [blocks, R, dh], every element written
  const lse = take(sizes[0] * sizes[1]); // [blocks, R]
  check(ATTENTION_FWD, addon().attentionFwd(q!, k!, v!, out, lse, ...sizes));
  return [
    be.makeTensorInfo([...args.inputs["q"]!.shape], "float32", out),
    be.makeTensorInfo([sizes[0], sizes[1]], "float32", lse),
  ];
}

function backwardKernel(args: FusedArgs): tf.TensorInfo[] {
  const be = args.backend as CpuBackend;
  const [q, k, v, lse, dy] = views(args, ["q", "k", "v", "lse", "dy"]);
  const sizes = sizesOf(args);
  const [dq, dk, dv] = [q!.length, k!.length, v!.length].map(take);
  check(ATTENTION_BWD, addon().attentionBwd(q!, k!, v!, lse!, dy!, dq!, dk!, dv!, ...sizes));
  return (["q", "k", "v"] as const).map((n, i) =>
    be.makeTensorInfo([...args.inputs[n]!.shape], "float32", [dq, dk, dv][i]!),
  );
}

/**
 * softmax(q·kᵀ + causal mask)·v per block on the native backend, with its own gradient:
 * q [blocks, r·T, dh] (scaled), k and v [blocks, S, dh] → [blocks, r·T, dh]. Null elsewhere (not
 * the native backend, the addon missing, ARCHC_NATIVE_FUSED=off, non-float32 inputs, or a causal
 * mask with fewer keys than queries), where the caller runs the composed ops.
 */
export function nativeAttentionCore(
  q: tf.Tensor3D,
  k: tf.Tensor3D,
  v: tf.Tensor3D,
  T: number,
  causal: boolean,
): tf.Tensor3D | null {
  if ([q, k, v].some((t) => t.dtype !== "float32" || t.size === 0)) return null;
  if (q.shape[1] % T !== 0 || (causal && k.shape[1] < T)) return null;
  const fwd = [ATTENTION_FWD, forwardKernel] as const;
  if (!fusedKernels(["attentionFwd", "attentionBwd"], fwd, [ATTENTION_BWD, backwardKernel]))
    return null;
  const attrs = { T, causal } as unknown as tf.NamedAttrMap;
  return withGradN([q, k, v], ([qi, ki, vi], save) => {
    const inputs = { q: qi!, k: ki!, v: vi! };
    const [out, lse] = tf.engine().runKernel(ATTENTION_FWD, inputs, attrs) as tf.Tensor[];
    save([qi!, ki!, vi!, lse!]);
    return {
      value: out!, // [blocks, r·T, dh]
      gradFunc: (dy, saved) => {
        const [sq, sk, sv, sl] = saved;
        const grads = { q: sq!, k: sk!, v: sv!, lse: sl!, dy };
        return tf.engine().runKernel(ATTENTION_BWD, grads, attrs) as tf.Tensor[];
      },
    };
  }) as tf.Tensor3D;
}
