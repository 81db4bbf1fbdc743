// The attention core as native kernels (native/src/fused_attention.cc) on the `native` backend, in
// two layouts: ArchcAttentionFwd/Bwd for runtime/ops/attention-fused.ts (q [B·G, r·T, dh], k, v
// [B·G, S, dh]) and ArchcAttentionPackedFwd/Bwd for runtime/ops/fused.ts attendPacked (the merged
// projection's qkv [B, T, (H + 2G)·dh] read in place, the output written as [B, T, H·dh], d qkv
// written packed: no transposes, splits or concats). The forwards give the output and the row
// log-sum-exp; the backwards recompute the probabilities from it. So a layer's attention is two
// addon calls instead of ~12 tfjs kernels, and keeps [B·G, r·T] floats for backward instead of the
// [B·G, r·T, S] probabilities.
import * as tf from "../../tf.ts";
import { withGrad, withGradN } from "../../ops/grad.ts";
import type { CpuBackend } from "../util.ts";
import type { AttentionSizes, PackedAttentionSizes } from "./addon.ts";
import { addon, check, fusedKernels, views, type FusedArgs } from "./fused-common.ts";
import { take } from "./pool.ts";

export const ATTENTION_FWD = "ArchcAttentionFwd";
export const ATTENTION_BWD = "ArchcAttentionBwd";
export const ATTENTION_PACKED_FWD = "ArchcAttentionPackedFwd";
export const ATTENTION_PACKED_BWD = "ArchcAttentionPackedBwd";

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

/** The packed kernels' sizes from qkv [B, T, (H + 2G)·dh] and the attrs {H, G, causal, scale}. */
function packedSizesOf(args: FusedArgs): PackedAttentionSizes {
  const [B, T, W] = args.inputs["qkv"]!.shape as [number, number, number];
  const { H, G, causal, scale } = args.attrs as {
    H: number;
    G: number;
    causal: boolean;
    scale: number;
  };
  return [B, T, H, G, W / (H + 2 * G), causal ? 1 : 0, scale];
}

function packedForwardKernel(args: FusedArgs): tf.TensorInfo[] {
  const be = args.backend as CpuBackend;
  const [qkv] = views(args, ["qkv"]);
  const sizes = packedSizesOf(args);
  const [B, T, H, , dh] = sizes;
  const out = take(B * T * H * dh); // [B, T, H·dh], every element written
  const lse = take(B * H * T); // [B, H, T] = [B·G, r·T] (heads grouped by K/V head)
  check(ATTENTION_PACKED_FWD, addon().attentionPackedFwd(qkv!, out, lse, ...sizes));
  return [
    be.makeTensorInfo([B, T, H * dh], "float32", out),
    be.makeTensorInfo([B, H, T], "float32", lse),
  ];
}

function packedBackwardKernel(args: FusedArgs): tf.TensorInfo {
  const be = args.backend as CpuBackend;
  const [qkv, lse, dy] = views(args, ["qkv", "lse", "dy"]);
  const dqkv = take(qkv!.length); // [B, T, (H + 2G)·dh]: every query, key and value column written
  check(
    ATTENTION_PACKED_BWD,
    addon().attentionPackedBwd(qkv!, lse!, dy!, dqkv, ...packedSizesOf(args)),
  );
  return be.makeTensorInfo([...args.inputs["qkv"]!.shape], "float32", dqkv);
}

/**
 * softmax(scale·q·kᵀ + causal mask)·v of every query head on the native backend, reading the
 * packed qkv [B, T, (H + 2G)·dh] (query head h at columns h·dh, key head g at (H + g)·dh, value
 * head g at (H + G + g)·dh; query head h uses K/V head ⌊h / (H/G)⌋) → [B, T, H·dh], with its own
 * gradient (d qkv packed). Null where nativeAttentionCore would be (not native, the addon missing
 * or without these entry points, ARCHC_NATIVE_FUSED=off, not float32): the caller composes.
 */
export function nativePackedAttention(
  qkv: tf.Tensor3D,
  H: number,
  G: number,
  causal: boolean,
  scale: number,
): tf.Tensor3D | null {
  if (qkv.dtype !== "float32" || qkv.size === 0) return null;
  const fwd = [ATTENTION_PACKED_FWD, packedForwardKernel] as const;
  const bwd = [ATTENTION_PACKED_BWD, packedBackwardKernel] as const;
  if (!fusedKernels(["attentionPackedFwd", "attentionPackedBwd"], fwd, bwd)) return null;
  const attrs = { H, G, causal, scale } as unknown as tf.NamedAttrMap;
  return withGrad(qkv, (x, save) => {
    const [out, lse] = tf
      .engine()
      .runKernel(ATTENTION_PACKED_FWD, { qkv: x }, attrs) as tf.Tensor[];
    save([x, lse!]);
    return {
      value: out!, // [B, T, H·dh]
      gradFunc: (dy, [sx, sl]) =>
        tf.engine().runKernel(ATTENTION_PACKED_BWD, { qkv: sx!, lse: sl!, dy }, attrs) as tf.Tensor,
    };
  }) as tf.Tensor3D;
}
