// The residual add fused into the following LayerNorm / RMSNorm (native/src/fused_norm.cc) for
// runtime/ops/add-norm.ts on the `native` backend: ArchcAddNormFwd gives sum = a + b, y =
// norm(sum) and the row statistics in one pass over each row; its registered gradient runs
// ArchcAddNormBwd, which adds d sum (the residual stream's gradient) to the norm's dx in the same
// pass and gives d scale, d bias. The composed ops run Add, then the norm, and an Add of the two
// gradients of the sum in backward.
import * as tf from "../../tf.ts";
import type { CpuBackend } from "../util.ts";
import { addon, check, fusedKernels, views, type FusedArgs } from "./fused-common.ts";
import type { NormAttrs } from "./fused-norm.ts";
import { take } from "./pool.ts";

export const ADD_NORM_FWD = "ArchcAddNormFwd";
export const ADD_NORM_BWD = "ArchcAddNormBwd";

const NONE = new Float32Array(0);

function forwardKernel(args: FusedArgs): tf.TensorInfo[] {
  const be = args.backend as CpuBackend;
  const { eps, center, hasBias } = args.attrs as unknown as NormAttrs;
  const [a, b, scale] = views(args, ["a", "b", "scale"]);
  const bias = hasBias ? views(args, ["bias"])[0]! : NONE;
  const rows = a!.length / scale!.length;
  const [sum, y, mean, rstd] = [take(a!.length), take(a!.length), take(rows), take(rows)];
  const code = addon().addNormFwd(a!, b!, scale!, bias, sum, y, mean, rstd, eps, center ? 1 : 0);
  check(ADD_NORM_FWD, code);
  const shape = [...args.inputs["a"]!.shape];
  return [
    be.makeTensorInfo(shape, "float32", sum),
    be.makeTensorInfo(shape, "float32", y),
    be.makeTensorInfo([rows], "float32", mean),
    be.makeTensorInfo([rows], "float32", rstd),
  ];
}

function backwardKernel(args: FusedArgs): tf.TensorInfo[] {
  const be = args.backend as CpuBackend;
  const { center, hasBias } = args.attrs as unknown as NormAttrs;
  const [sum, scale, mean, rstd, dy, dsum] = views(args, [
    "sum",
    "scale",
    "mean",
    "rstd",
    "dy",
    "dsum",
  ]);
  const d = scale!.length;
  const [dx, ds] = [take(sum!.length), take(d)];
  const db = hasBias ? take(d) : NONE;
  const code = addon().addNormBwd(
    sum!,
    scale!,
    mean!,
    rstd!,
    dy!,
    dsum!,
    dx,
    ds,
    db,
    center ? 1 : 0,
  );
  check(ADD_NORM_BWD, code);
  const out = [
    be.makeTensorInfo([...args.inputs["sum"]!.shape], "float32", dx),
    be.makeTensorInfo([d], "float32", ds),
  ];
  return hasBias ? [...out, be.makeTensorInfo([d], "float32", db)] : out;
}

/**
 * The forward kernel's gradient. dys are [d sum, d y, d mean, d rstd] (the engine gives zeros for
 * an output the loss does not read; the statistics are never read). d a = d b = d sum + norm's dx.
 */
const gradient: tf.GradConfig = {
  kernelName: ADD_NORM_FWD,
  inputsToSave: ["scale"],
  outputsToSave: [true, false, true, true],
  gradFunc: (dys, saved, attrs) => {
    const [dsum, dy] = dys as tf.Tensor[];
    const [scale, sum, mean, rstd] = saved;
    const inputs = { sum: sum!, scale: scale!, mean: mean!, rstd: rstd!, dy: dy!, dsum: dsum! };
    const [dx, ds, db] = tf.engine().runKernel(ADD_NORM_BWD, inputs, attrs) as tf.Tensor[];
    const grads: Record<string, () => tf.Tensor> = {
      a: () => dx!,
      // its own handle on the same data (the tape may dispose a's accumulated gradient), as
      // tfjs's Add gradient does; a Reshape, not a clone's Identity kernel
      b: () => tf.reshape(dx!, dx!.shape),
      scale: () => ds!,
    };
    return db === undefined ? grads : { ...grads, bias: () => db };
  },
};

let gradientRegistered = false;

/**
 * [a + b, norm(a + b)] for a, b [..., d] (equal shapes), LayerNorm (center) or RMSNorm over the
 * last axis with scale [d] and optional bias [d], on the native backend; null elsewhere (the
 * caller runs the composed ops). Shapes are checked by the caller.
 */
export function nativeAddNorm(
  a: tf.Tensor,
  b: tf.Tensor,
  scale: tf.Tensor,
  bias: tf.Tensor | null | undefined,
  eps: number,
  center: boolean,
): [tf.Tensor, tf.Tensor] | null {
  if (a.size === 0 || a.rank === 0) return null;
  if ([a, b, scale, bias ?? a].some((t) => t.dtype !== "float32")) return null;
  const kernels = [
    [ADD_NORM_FWD, forwardKernel],
    [ADD_NORM_BWD, backwardKernel],
  ] as const;
  if (!fusedKernels(["addNormFwd", "addNormBwd"], ...kernels)) return null;
  if (!gradientRegistered) {
    if (tf.getGradient(ADD_NORM_FWD) === undefined) tf.registerGradient(gradient);
    gradientRegistered = true;
  }
  const attrs = { eps, center, hasBias: bias != null } as unknown as tf.NamedAttrMap;
  const inputs = bias == null ? { a, b, scale } : { a, b, scale, bias };
  const [sum, y, mean, rstd] = tf.engine().runKernel(ADD_NORM_FWD, inputs, attrs) as tf.Tensor[];
  mean!.dispose(); // the tape keeps its own references to the saved statistics
  rstd!.dispose();
  return [sum!, y!];
}
