// Element-wise activations of the language (`act` type), plus a lookup by name for generated code.
// On the native backend gelu, geluTanh and silu are one C++ kernel each way (kernels/native/fused-act.ts).
import * as tf from "../tf.ts";
import type { Activation } from "../../spec/activations.ts";
import { nativeActivation } from "../kernels/native/fused-act.ts";
import { withGrad } from "./grad.ts";

const GELU_C = Math.sqrt(2 / Math.PI);
const INV_SQRT2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * GELU, exact (erf) form, PyTorch's nn.GELU() default: x·Φ(x) = 0.5·x·(1 + erf(x/√2)), with the
 * gradient Φ(x) + x·φ(x), φ(x) = exp(−x²/2)/√(2π) (written here: tf.erf's own gradient is not
 * needed, and one saved Φ serves the backward).
 */
export function gelu<T extends tf.Tensor>(x: T): T {
  const native = nativeActivation("gelu", x);
  if (native !== null) return native;
  return withGrad(x, (v, save) => {
    const [cdf, y] = tf.tidy((): [tf.Tensor, tf.Tensor] => {
      const phi = tf.mul(tf.add(tf.erf(tf.mul(v, INV_SQRT2)), 1), 0.5); // Φ(x)
      return [phi, tf.mul(v, phi)];
    });
    save([v, cdf]);
    const gradFunc = (dy: tf.Tensor, [sx, sc]: tf.Tensor[]): tf.Tensor =>
      tf.tidy(() => {
        const density = tf.mul(tf.exp(tf.mul(tf.square(sx!), -0.5)), INV_SQRT_2PI); // φ(x)
        return tf.mul(dy, tf.add(sc!, tf.mul(sx!, density)));
      });
    return { value: y, gradFunc };
  }) as T;
}

/**
 * GELU, tanh approximation (GPT-2; PyTorch's approximate="tanh"): 0.5·x·(1 + tanh(u)),
 * u = √(2/π)·(x + 0.044715·x³), with a fused gradient
 * 0.5·(1 + t) + 0.5·x·(1 − t²)·√(2/π)·(1 + 3·0.044715·x²), t = tanh(u).
 */
export function geluTanh<T extends tf.Tensor>(x: T): T {
  const native = nativeActivation("gelu_tanh", x);
  if (native !== null) return native;
  return withGrad(x, (v, save) => {
    const [t, y] = tf.tidy((): [tf.Tensor, tf.Tensor] => {
      const x2 = tf.square(v);
      // tanh(u) = 2σ(2u) − 1: the wasm Tanh kernel is ~16× slower than Sigmoid on [1024, 512]
      const u2 = tf.mul(v, tf.add(tf.mul(x2, 2 * 0.044715 * GELU_C), 2 * GELU_C)); // 2u
      const th = tf.sub(tf.mul(tf.sigmoid(u2), 2), 1);
      return [th, tf.mul(tf.mul(v, 0.5), tf.add(th, 1))];
    });
    save([v, t]);
    const gradFunc = (dy: tf.Tensor, [sx, st]: tf.Tensor[]): tf.Tensor =>
      tf.tidy(() => {
        const a = tf.mul(tf.add(st!, 1), 0.5); // 0.5·(1 + t)
        const du = tf.add(tf.mul(tf.square(sx!), 3 * 0.044715 * GELU_C), GELU_C); // du/dx
        const b = tf.mul(tf.mul(tf.mul(sx!, 0.5), tf.sub(1, tf.square(st!))), du);
        return tf.mul(dy, tf.add(a, b));
      });
    return { value: y, gradFunc };
  }) as T;
}

export function relu<T extends tf.Tensor>(x: T): T {
  return tf.relu(x);
}

/** SiLU / swish: x·σ(x). */
export function silu<T extends tf.Tensor>(x: T): T {
  const native = nativeActivation("silu", x);
  if (native !== null) return native;
  return tf.tidy(() => tf.mul(x, tf.sigmoid(x)) as T);
}

export function tanh<T extends tf.Tensor>(x: T): T {
  return tf.tanh(x);
}

export function sigmoid<T extends tf.Tensor>(x: T): T {
  return tf.sigmoid(x);
}

export function identity<T extends tf.Tensor>(x: T): T {
  return x;
}

/** The language's activations (spec/activations.ts). */
export type ActivationName = Activation;

const TABLE: Record<ActivationName, <T extends tf.Tensor>(x: T) => T> = {
  gelu,
  gelu_tanh: geluTanh,
  relu,
  silu,
  tanh,
  sigmoid,
  identity,
};

/** The activation function of a given name. */
export function activation(name: ActivationName): <T extends tf.Tensor>(x: T) => T {
  return TABLE[name];
}
