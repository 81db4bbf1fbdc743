// Element-wise activations of the language (`act` type), plus a lookup by name for generated code.
import * as tf from "@tensorflow/tfjs";

const GELU_C = Math.sqrt(2 / Math.PI);

/** GELU, tanh approximation: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
export function gelu<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => {
    const inner = tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), GELU_C);
    return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1)) as T;
  });
}

export function relu<T extends tf.Tensor>(x: T): T {
  return tf.relu(x);
}

/** SiLU / swish: x·σ(x). */
export function silu<T extends tf.Tensor>(x: T): T {
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

export type ActivationName = "gelu" | "relu" | "silu" | "tanh" | "sigmoid" | "identity";

const TABLE: Record<ActivationName, <T extends tf.Tensor>(x: T) => T> = {
  gelu,
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
