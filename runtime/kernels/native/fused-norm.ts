// LayerNorm and RMSNorm as two native kernels (native/src/fused_norm.cc) for runtime/ops/norms.ts
// on the `native` backend: ArchcNormFwd gives y and the row statistics (mean, 1/√(σ² + ε));
// ArchcNormBwd recomputes x̂ from them and gives dx, d scale, d bias in one pass. The composed ops
// keep x̂ [rows, d] for backward and run ~12 kernels; this keeps x (already alive) and 2 floats a row.
import * as tf from "../../tf.ts";
import { withGradN } from "../../ops/grad.ts";
import type { CpuBackend } from "../util.ts";
import { addon, check, fusedKernels, views, type FusedArgs } from "./fused-common.ts";
import { take } from "./pool.ts";

export const NORM_FWD = "ArchcNormFwd";
export const NORM_BWD = "ArchcNormBwd";

const NONE = new Float32Array(0);

/** The attributes of the norm kernels (and of fused-add-norm.ts's). */
export type NormAttrs = { eps: number; center: boolean; hasBias: boolean };

function forwardKernel(args: FusedArgs): tf.TensorInfo[] {
  const be = args.backend as CpuBackend;
  const { eps, center, hasBias } = args.attrs as unknown as NormAttrs;
  const [x, scale] = views(args, ["x", "scale"]);
  const bias = hasBias ? views(args, ["bias"])[0]! : NONE;
  const rows = x!.length / scale!.length;
  const [y, mean, rstd] = [take(x!.length), take(rows), take(rows)]; // every element written
  check(NORM_FWD, addon().normFwd(x!, scale!, bias, y, mean, rstd, eps, center ? 1 : 0));
  return [
    be.makeTensorInfo([...args.inputs["x"]!.shape], "float32", y),
    be.makeTensorInfo([rows], "float32", mean),
    be.makeTensorInfo([rows], "float32", rstd),
  ];
}

function backwardKernel(args: FusedArgs): tf.TensorInfo[] {
  const be = args.backend as CpuBackend;
  const { center, hasBias } = args.attrs as unknown as NormAttrs;
  const [x, scale, mean, rstd, dy] = views(args, ["x", "scale", "mean", "rstd", "dy"]);
  const d = scale!.length;
  const [dx, ds] = [take(x!.length), take(d)];
  const db = hasBias ? take(d) : NONE;
  check(NORM_BWD, addon().normBwd(x!, scale!, mean!, rstd!, dy!, dx, ds, db, center ? 1 : 0));
  const out = [
    be.makeTensorInfo([...args.inputs["x"]!.shape], "float32", dx),
    be.makeTensorInfo([d], "float32", ds),
  ];
  return hasBias ? [...out, be.makeTensorInfo([d], "float32", db)] : out;
}

/**
 * LayerNorm (center) or RMSNorm over the last axis of x [..., d] with scale [d] and optional bias
 * [d], with its own gradient, on the native backend; null elsewhere (the caller runs the composed
 * ops). Shapes are checked by the caller.
 */
export function nativeNorm(
  x: tf.Tensor,
  scale: tf.Tensor,
  bias: tf.Tensor | null | undefined,
  eps: number,
  center: boolean,
): tf.Tensor | null {
  if (x.size === 0 || x.rank === 0) return null;
  if ([x, scale, bias ?? x].some((t) => t.dtype !== "float32")) return null;
  if (!fusedKernels(["normFwd", "normBwd"], [NORM_FWD, forwardKernel], [NORM_BWD, backwardKernel]))
    return null;
  const hasBias = bias != null;
  const attrs = { eps, center, hasBias } as unknown as tf.NamedAttrMap;
  const inputs = hasBias ? [x, scale, bias] : [x, scale];
  return withGradN(inputs, ([xi, si, bi], save) => {
    const named = hasBias ? { x: xi!, scale: si!, bias: bi! } : { x: xi!, scale: si! };
    const [y, mean, rstd] = tf.engine().runKernel(NORM_FWD, named, attrs) as tf.Tensor[];
    save([xi!, si!, mean!, rstd!]);
    return {
      value: y!,
      gradFunc: (dy, [sx, ss, sm, sr]) => {
        const grads = { x: sx!, scale: ss!, mean: sm!, rstd: sr!, dy };
        return tf.engine().runKernel(NORM_BWD, grads, attrs) as tf.Tensor[];
      },
    };
  });
}
