// The element-wise activations of the language (`act` type), and the ones tf.fused.matMul can
// apply inside a matrix product (the IR's fusedLinear, the runtime's fusedLinear).

export const ACTIVATIONS = ["gelu", "relu", "silu", "tanh", "sigmoid", "identity"] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/** Activations a fused matmul applies (of the language's: relu and sigmoid; not gelu, silu, tanh). */
export const FUSED_ACTIVATIONS = ["linear", "relu", "sigmoid"] as const;
export type FusedActivation = (typeof FUSED_ACTIVATIONS)[number];
