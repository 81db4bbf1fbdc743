// Custom-gradient helpers: a typed one-input tf.customGrad, stop-gradient and detached computation.
import * as tf from "../tf.ts";

/** The forward of a one-input custom gradient: value and d input from (dy, saved). */
export type Forward1 = (
  x: tf.Tensor,
  save: tf.GradSaveFunc,
) => { value: tf.Tensor; gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor };

/** tf.customGrad for one input, typed. Ops inside `forward` are not recorded on the gradient tape. */
export function withGrad(x: tf.Tensor, forward: Forward1): tf.Tensor {
  const f = tf.customGrad(((t: tf.Tensor, save: tf.GradSaveFunc) =>
    forward(t, save)) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(x);
}

/** The forward of a many-input custom gradient: value and one gradient per input. */
export type ForwardN = (
  xs: tf.Tensor[],
  save: tf.GradSaveFunc,
) => { value: tf.Tensor; gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor[] };

/** tf.customGrad for several inputs, typed. */
export function withGradN(xs: readonly tf.Tensor[], forward: ForwardN): tf.Tensor {
  const f = tf.customGrad(((...args: unknown[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    return forward(args.slice(0, -1) as tf.Tensor[], save);
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(...xs);
}

/**
 * Σ over every axis but the last: t [..., d] → [d]. On wasm a reduction over a leading axis is
 * ~60× slower than the same sum as a matmul with a row of ones (measured, tfjs 4.22), so use that.
 */
export function sumLeading(t: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    const d = t.shape[t.rank - 1]!;
    const t2 = (t.rank === 2 ? t : t.reshape([-1, d])) as tf.Tensor2D; // [N, d]
    if (tf.getBackend() !== "wasm") return tf.sum(t2, 0) as tf.Tensor1D;
    return tf.matMul(tf.ones([1, t2.shape[0]]) as tf.Tensor2D, t2).reshape([d]) as tf.Tensor1D; // [1, N] · [N, d]
  });
}

/** Identity forward, zero gradient (tfjs has no stop-gradient op). */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  return withGrad(x, (t) => ({ value: tf.clone(t), gradFunc: (dy) => tf.zeros(dy.shape) })) as T;
}

/**
 * fn(x) computed off the gradient tape, with zero gradient to x: for index work (top-k, argmax,
 * capacity) whose kernels have no gradient. (Gradient functions must not read captured tensors,
 * which an inner tf.tidy may have disposed by then: use `save`, or shapes only, as here.)
 */
export function detached(x: tf.Tensor, fn: (x: tf.Tensor) => tf.Tensor): tf.Tensor {
  const shape = x.shape;
  return withGrad(x, (t) => ({ value: fn(t), gradFunc: () => tf.zeros(shape) }));
}
