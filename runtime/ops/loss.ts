// Token-level cross-entropy with a fused, numerically stable gradient: d logits = (softmax − onehot)/N.
// On the native backend both directions are one C++ kernel each (kernels/native/fused-xent.ts).
import * as tf from "../tf.ts";
import { check, fmtShape } from "../errors.ts";
import { nativeCrossEntropy } from "../kernels/native/fused-xent.ts";
import { withGrad } from "./grad.ts";
import { oneHotF } from "./onehot.ts";

/** logits [..., V], targets [...] int32 → mean over tokens of −log softmax(logits)[target]. */
export function crossEntropy(logits: tf.Tensor, targets: tf.Tensor): tf.Scalar {
  const V = logits.shape[logits.rank - 1]!;
  check(
    logits.rank === targets.rank + 1 && targets.shape.every((s, i) => s === logits.shape[i]),
    () =>
      `crossEntropy: targets ${fmtShape(targets.shape)} do not match logits ${fmtShape(logits.shape)}`,
  );
  const native = nativeCrossEntropy(logits, targets);
  if (native !== null) return native;
  const n = targets.size;
  return withGrad(logits, (lg, save) => {
    const [logp, oh, value] = tf.tidy((): [tf.Tensor, tf.Tensor, tf.Tensor] => {
      const l2 = lg.reshape([n, V]); // [N, V]
      const o = oneHotF(targets.reshape([n]), V); // [N, V]
      const shifted = tf.sub(l2, tf.max(l2, 1, true)); // [N, V]
      const lp = tf.sub(shifted, tf.log(tf.sum(tf.exp(shifted), 1, true))); // log-softmax [N, V]
      return [lp, o, tf.neg(tf.mean(tf.sum(tf.mul(lp, o), 1)))];
    });
    save([logp, oh]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor => {
      const [lp, o] = saved as [tf.Tensor, tf.Tensor];
      return tf.mul(tf.sub(tf.exp(lp), o), tf.div(dy, n)).reshape(lg.shape); // [..., V]
    };
    return { value, gradFunc };
  }) as tf.Scalar;
}
