// The element-wise activations of the language (`act` type), the runtime function generated code
// calls for each, and the ones a fused linear applies to its product (the IR's fusedLinear, the
// runtime's fusedLinear): relu and sigmoid inside tf.fused.matMul, the GELUs and silu after the
// matmul (one native pass with the bias, else the activation's own op). Two GELUs: `gelu` is the exact x·Φ(x) (erf form,
// PyTorch's nn.GELU() default), `gelu_tanh` the tanh approximation of GPT-2 (PyTorch's
// approximate="tanh").

export const ACTIVATIONS = [
  "gelu",
  "gelu_tanh",
  "relu",
  "silu",
  "tanh",
  "sigmoid",
  "identity",
] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/** The runtime function of each activation (`identity` emits nothing). */
export const ACTIVATION_FUNCTIONS: Readonly<Record<Activation, string>> = {
  gelu: "gelu",
  gelu_tanh: "geluTanh",
  relu: "relu",
  silu: "silu",
  tanh: "tanh",
  sigmoid: "sigmoid",
  identity: "identity",
};

/** Activations tf.fused.matMul applies inside the matrix product (and "linear": none). */
export const MATMUL_ACTIVATIONS = ["linear", "relu", "sigmoid"] as const;
export type MatMulActivation = (typeof MATMUL_ACTIVATIONS)[number];

/**
 * Activations a fused linear applies: tf.fused.matMul's, then the GELUs and silu, applied with the
 * bias in one pass after the product (runtime/ops/fused.ts; not tanh, which has no such kernel).
 */
export const FUSED_ACTIVATIONS = [...MATMUL_ACTIVATIONS, "gelu", "gelu_tanh", "silu"] as const;
export type FusedActivation = (typeof FUSED_ACTIVATIONS)[number];

/** The fused-linear activation of a language activation, or null where a linear cannot take it. */
export function fusedActivationOf(fn: Activation): Exclude<FusedActivation, "linear"> | null {
  const found = FUSED_ACTIVATIONS.find((a) => a === fn);
  return found === undefined || found === "linear" ? null : found;
}

/** Whether tf.fused.matMul applies it itself (else the fused linear applies it after the product). */
export function isMatMulActivation(a: FusedActivation): a is MatMulActivation {
  return (MATMUL_ACTIVATIONS as readonly string[]).includes(a);
}
