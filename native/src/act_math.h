// The per-element math of the activations with hand-written gradients, shared by fused_act.cc
// (ArchcActFwd/Bwd: y = f(x), dx = dy·f'(x)) and fused_linear_act.cc (the same f after a linear's
// product, with its bias): forward1<OP>(v) = f(v), slope<OP>(v) = f'(v). Op codes: ACT_OPS in
// runtime/kernels/native/fused-act.ts.
//   gelu       y = x·Φ(x), Φ = ½(1 + erf(x/√2));        f' = Φ + x·exp(−x²/2)/√(2π)
//   gelu_tanh  y = ½x(1 + t), t = tanh(√(2/π)(x + 0.044715x³));
//              f' = ½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²)
//   silu       y = x·σ(x);                               f' = σ(1 + x(1 − σ))
#pragma once
#include "vmath.h"

namespace archc {

enum ActOp { GELU, GELU_TANH, SILU, NUM_ACT };

static const float GELU_C = 0.79788456080286536f;  // √(2/π)
static const float GELU_A = 0.044715f;

/** tanh(√(2/π)(x + 0.044715x³)) as 1 − 2/(e^{2u} + 1): one vexp (vtanh's small-|u| polynomial
 *  and select cost ~35% more here, and GELU needs only absolute accuracy). */
static inline float tanhPart(float x) {
  const float u2 = 2.0f * GELU_C * (x + GELU_A * x * x * x);
  return 1.0f - 2.0f / (vexp(u2) + 1.0f);
}

template <int OP>
static inline float forward1(float v) {
  if (OP == GELU) return v * vnormal(v).cdf;
  if (OP == GELU_TANH) return 0.5f * v * (1.0f + tanhPart(v));
  return v * vsigmoid(v);  // SILU
}

template <int OP>
static inline float slope(float v) {
  if (OP == GELU) {
    const VNormal p = vnormal(v);
    return p.cdf + v * p.pdf;
  }
  if (OP == GELU_TANH) {
    const float t = tanhPart(v);
    return 0.5f * (1.0f + t) + 0.5f * v * (1.0f - t * t) * GELU_C * (1.0f + 3.0f * GELU_A * v * v);
  }
  const float s = vsigmoid(v);  // SILU
  return s * (1.0f + v * (1.0f - s));
}

}  // namespace archc
