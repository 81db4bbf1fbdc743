// Token-level cross-entropy as two native kernels (native/src/fused_xent.cc) for
// runtime/ops/loss.ts on the `native` backend: ArchcXentFwd gives the mean loss and the row
// log-sum-exp [N]; ArchcXentBwd gives dlogits = (exp(logits − lse) − onehot)·dy/N in one pass. The
// composed ops keep the [N, V] log-probabilities and a one-hot [N, V] for backward; this keeps N floats.
import * as tf from "../../tf.ts";
import { withGrad } from "../../ops/grad.ts";
import { rawValues, type CpuBackend } from "../util.ts";
import { addon, check, fusedKernels, views, type FusedArgs } from "./fused-common.ts";
import { take } from "./pool.ts";

export const XENT_FWD = "ArchcXentFwd";
export const XENT_BWD = "ArchcXentBwd";

/** The int32 targets' values (a copy when the cpu backend keeps them in another array type). */
function targetsOf(args: FusedArgs): Int32Array {
  const v = rawValues(args.backend as CpuBackend, args.inputs["targets"]!);
  return v instanceof Int32Array ? v : Int32Array.from(v ?? []);
}

function forwardKernel(args: FusedArgs): tf.TensorInfo[] {
  const be = args.backend as CpuBackend;
  const [logits] = views(args, ["logits"]);
  const targets = targetsOf(args);
  const lse = take(targets.length); // [N]
  const loss = new Float32Array(1);
  check(XENT_FWD, addon().xentFwd(logits!, targets, lse, loss));
  return [
    be.makeTensorInfo([], "float32", loss),
    be.makeTensorInfo([targets.length], "float32", lse),
  ];
}

function backwardKernel(args: FusedArgs): tf.TensorInfo {
  const be = args.backend as CpuBackend;
  const [logits, lse, dy] = views(args, ["logits", "lse", "dy"]);
  const dlogits = take(logits!.length); // every element written
  check(XENT_BWD, addon().xentBwd(logits!, targetsOf(args), lse!, dy![0]!, dlogits));
  return be.makeTensorInfo([...args.inputs["logits"]!.shape], "float32", dlogits);
}

/**
 * logits [..., V] float32, targets [...] int32 → mean over tokens of −log softmax(logits)[target],
 * with its own gradient, on the native backend; null elsewhere (the caller runs the composed ops).
 */
export function nativeCrossEntropy(logits: tf.Tensor, targets: tf.Tensor): tf.Scalar | null {
  if (logits.dtype !== "float32" || targets.dtype !== "int32") return null;
  if (targets.size === 0 || logits.shape[logits.rank - 1] === 0) return null;
  if (!fusedKernels(["xentFwd", "xentBwd"], [XENT_FWD, forwardKernel], [XENT_BWD, backwardKernel]))
    return null;
  return withGrad(logits, (lg, save) => {
    const [loss, lse] = tf.engine().runKernel(XENT_FWD, { logits: lg, targets }) as tf.Tensor[];
    save([lg, targets, lse!]);
    return {
      value: loss!,
      gradFunc: (dy, saved) => {
        const [sl, st, slse] = saved;
        const inputs = { logits: sl!, targets: st!, lse: slse!, dy };
        return tf.engine().runKernel(XENT_BWD, inputs) as tf.Tensor;
      },
    };
  }) as tf.Scalar;
}
