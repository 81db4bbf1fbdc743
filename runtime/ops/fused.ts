// Ops the IR optimizer's fused nodes compile to (compiler/passes/): fusedLinear (merged Q/K/V,
// linear + an activation, the attention scale folded into the query projection) and attendPacked
// (attention reading one packed qkv tensor). Gradients go through linear.ts matMulGrads (explicit
// transposes on wasm, where transposed matmuls are up to 20× slower; BLAS flags on native).
import * as tf from "../tf.ts";
import {
  isMatMulActivation,
  type FusedActivation,
  type MatMulActivation,
} from "../../spec/activations.ts";
import { check, fmtShape } from "../errors.ts";
import type { ForwardContext } from "../model.ts";
import { attend, groupedAttention, type AttendOptions } from "./attention.ts";
import { nativeLinearActivation } from "../kernels/native/fused-linear-act.ts";
import { activation } from "./activations.ts";
import { fusedAttention } from "./attention-fused.ts";
import { sumLeading, withGradN } from "./grad.ts";
import { fusedMatMul2d, linear, matMulGrads } from "./linear.ts";

export interface FusedLinearOptions {
  /**
   * Applied to the product (default linear): relu and sigmoid inside tf.fused.matMul; gelu,
   * gelu_tanh and silu on native (fused kernels on) by one pass with the bias, forward and backward
   * (kernels/native/fused-linear-act.ts), elsewhere by their own op after the linear (activations.ts).
   */
  readonly activation?: FusedActivation;
  /** A constant factor per part (default 1): part i computes x·(kernel_i·s_i) + bias_i·s_i. */
  readonly scales?: readonly number[];
}

/** The parts side by side along the last axis, each times its factor (no copy for one unscaled part). */
function joined(parts: readonly tf.Tensor[], scales: readonly number[] | undefined): tf.Tensor {
  const scaled = parts.map((t, i) => {
    const s = scales?.[i] ?? 1;
    return s === 1 ? t : tf.mul(t, s);
  });
  return scaled.length === 1 ? scaled[0]! : tf.concat(scaled, scaled[0]!.rank - 1);
}

/** x2 [N, in] · w [in, out] (+ b) → act(...) [N, out], act applied by tf.fused.matMul. */
function matMulLinear(
  x2: tf.Tensor2D,
  w: tf.Tensor2D,
  b: tf.Tensor1D | null,
  act: MatMulActivation,
): tf.Tensor2D {
  const inputs = b === null ? [x2, w] : [x2, w, b];
  return withGradN(inputs, ([a, k, bb], save) => {
    const value = fusedMatMul2d(a as tf.Tensor2D, k as tf.Tensor2D, bb, act);
    save([a!, k!, value]);
    return {
      value,
      gradFunc: (dy, [sa, sk, sy]) => {
        // d pre-activation from the output: relu' = [y > 0], sigmoid' = y(1 − y)
        const dz =
          act === "relu"
            ? tf.mul(dy, tf.step(sy!))
            : act === "sigmoid"
              ? tf.mul(dy, tf.mul(sy!, tf.sub(1, sy!)))
              : dy;
        // [N, in], [in, out]
        const grads = matMulGrads(dz as tf.Tensor2D, sa as tf.Tensor2D, sk as tf.Tensor2D);
        return bb === undefined ? grads : [...grads, sumLeading(dz)];
      },
    };
  }) as tf.Tensor2D;
}

/**
 * x [..., in] · (kernels concatenated [in, Σout]) (+ biases) → act(...) [..., Σout], one matmul.
 * The kernels stay separate parameters (checkpoint names unchanged); concatenating them costs one
 * [in, Σout] copy per call, small next to the [N, in]·[in, Σout] product it replaces three of.
 */
export function fusedLinear<R extends tf.Rank>(
  x: tf.Tensor<R>,
  kernels: readonly tf.Tensor[],
  biases: readonly tf.Tensor[] | null,
  opts: FusedLinearOptions = {},
): tf.Tensor<R> {
  const inDim = x.shape[x.rank - 1]!;
  check(
    kernels.length > 0 && kernels.every((k) => k.rank === 2 && k.shape[0] === inDim),
    () =>
      `fusedLinear: input ${fmtShape(x.shape)} does not match kernels ${kernels.map((k) => fmtShape(k.shape)).join(", ")}`,
  );
  const act = opts.activation ?? "linear";
  return tf.tidy(() => {
    const w = joined(kernels, opts.scales) as tf.Tensor2D; // [in, Σout]
    const b = biases === null ? null : (joined(biases, opts.scales) as tf.Tensor1D); // [Σout]
    const outDim = w.shape[1];
    const x2 = x.reshape([-1, inDim]) as tf.Tensor2D; // [N, in]
    const y2 = isMatMulActivation(act)
      ? matMulLinear(x2, w, b, act)
      : (nativeLinearActivation(act, x2, w, b) ?? activation(act)(linear(x2, w, b))); // [N, Σout]
    return y2.reshape([...x.shape.slice(0, -1), outDim]) as tf.Tensor<R>;
  });
}

/** attend's options (heads, kvHeads, causal, prescaled, fused, rope, alibi, memory). */
export type PackedAttendOptions = AttendOptions;

/**
 * qkv [B, T, (H + 2G)·dh] (q ‖ k ‖ v, as fusedLinear makes it) → [B, T, H·dh]. The same math as
 * attend(q, k, v): one reshape and transpose of the packed tensor instead of three. While decoding
 * (ctx.decode), and with RoPE, ALiBi or memory, the parts go to attend (KV cache, positions).
 */
export function attendPacked(
  qkv: tf.Tensor,
  opts: PackedAttendOptions,
  ctx?: ForwardContext,
): tf.Tensor3D {
  const H = opts.heads;
  const G = opts.kvHeads ?? H;
  check(
    qkv.rank === 3 && H % G === 0,
    () => `attendPacked: qkv ${fmtShape(qkv.shape)}, heads ${H}, kvHeads ${G}`,
  );
  const [B, T, W] = qkv.shape as [number, number, number];
  const dh = W / (H + 2 * G);
  check(Number.isInteger(dh), () => `attendPacked: width ${W} is not (${H} + 2·${G})·dh`);
  const r = H / G;
  const positional = opts.rope !== undefined || opts.alibi === true || opts.memory !== undefined;
  if (ctx?.decode !== undefined || positional)
    return tf.tidy(() => {
      // [B, T, (H + 2G)·dh] → q [B, T, H·dh], k and v [B, T, G·dh]
      const [q, k, v] = tf.split(qkv, [H * dh, G * dh, G * dh], 2);
      return attend(q!, k!, v!, opts, ctx);
    });
  return tf.tidy(() => {
    // [B, T, H+2G, dh] → [B, H+2G, T, dh] → q [B, H, T, dh], k and v [B, G, T, dh]
    const all = qkv.reshape([B, T, H + 2 * G, dh]).transpose([0, 2, 1, 3]);
    const [q4, k4, v4] = tf.split(all, [H, G, G], 1);
    const q0 = q4!.reshape([B * G, r * T, dh]) as tf.Tensor3D; // heads grouped by their K/V head
    const qh = opts.prescaled === true ? q0 : (tf.mul(q0, 1 / Math.sqrt(dh)) as tf.Tensor3D);
    const kh = k4!.reshape([B * G, T, dh]) as tf.Tensor3D;
    const vh = v4!.reshape([B * G, T, dh]) as tf.Tensor3D;
    const core = opts.fused === true ? fusedAttention : groupedAttention;
    return core(qh, kh, vh, B, H, G, opts.causal ?? true);
  });
}
