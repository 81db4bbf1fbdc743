// The element-wise activations of the language (`act` type), the runtime function generated code
// calls for each, and the ones tf.fused.matMul can apply inside a matrix product (the IR's
// fusedLinear, the runtime's fusedLinear). Two GELUs: `gelu` is the exact x·Φ(x) (erf form,
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

/** Activations a fused matmul applies (of the language's: relu and sigmoid; not the GELUs, silu, tanh). */
export const FUSED_ACTIVATIONS = ["linear", "relu", "sigmoid"] as const;
export type FusedActivation = (typeof FUSED_ACTIVATIONS)[number];
