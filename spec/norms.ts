// Normalisation defaults shared by compiler and runtime: ε of LayerNorm and RMSNorm when a file
// does not set one (`LayerNorm(d)`, `norm rmsnorm`, `residual(pre, layernorm)`).

/** LayerNorm ε (as PyTorch's nn.LayerNorm). */
export const LAYER_NORM_EPS = 1e-5;
/** RMSNorm ε (as LLaMA's). */
export const RMS_NORM_EPS = 1e-6;
