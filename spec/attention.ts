// Scaled dot-product attention's score factor, shared by compiler and runtime: the attention
// multiplies q·kᵀ by 1/√dh (runtime/ops/attention-sizes.ts queryScale), or the IR's
// foldAttentionScale pass moves that factor into the query projection (compiler/passes/).

/** The factor on q·kᵀ for head size dh: 1/√dh (Vaswani et al. 2017). */
export function attentionScale(dh: number): number {
  return 1 / Math.sqrt(dh);
}
