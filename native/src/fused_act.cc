// The activations runtime/ops/activations.ts gives a hand-written gradient, as one forward and one
// backward kernel each (op codes: ACT_OPS in runtime/kernels/native/fused-act.ts): the forward
// y = f(x); the backward dx = dy·f'(x) from the saved x, in one pass instead of 5–9 tfjs kernels.
//   gelu       y = x·Φ(x), Φ = ½(1 + erf(x/√2));        f' = Φ + x·exp(−x²/2)/√(2π)
//   gelu_tanh  y = ½x(1 + t), t = tanh(√(2/π)(x + 0.044715x³));
//              f' = ½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²)
//   silu       y = x·σ(x);                               f' = σ(1 + x(1 − σ))
#include "args.h"
#include "fused.h"
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

// One branch-free loop per op, so gcc vectorises it.
template <int OP>
static void forwardLoop(const float* x, float* y, size_t n) {
  for (size_t i = 0; i < n; i++) y[i] = forward1<OP>(x[i]);
}
template <int OP>
static void backwardLoop(const float* x, const float* dy, float* dx, size_t n) {
  for (size_t i = 0; i < n; i++) dx[i] = dy[i] * slope<OP>(x[i]);
}

napi_value ActFwd(napi_env env, napi_callback_info info) {
  Args a(env, info);
  size_t nx = 0, ny = 0;
  const int op = int(a.integer(0));
  const float* x = a.f32(1, &nx);
  float* y = a.f32(2, &ny);
  if (!a.ok || nx != ny || op < 0 || op >= NUM_ACT) return a.result(-1);
  if (op == GELU) forwardLoop<GELU>(x, y, nx);
  else if (op == GELU_TANH) forwardLoop<GELU_TANH>(x, y, nx);
  else forwardLoop<SILU>(x, y, nx);
  return a.result(0);
}

napi_value ActBwd(napi_env env, napi_callback_info info) {
  Args a(env, info);
  size_t nx = 0, ndy = 0, ndx = 0;
  const int op = int(a.integer(0));
  const float* x = a.f32(1, &nx);
  const float* dy = a.f32(2, &ndy);
  float* dx = a.f32(3, &ndx);
  if (!a.ok || nx != ndy || nx != ndx || op < 0 || op >= NUM_ACT) return a.result(-1);
  if (op == GELU) backwardLoop<GELU>(x, dy, dx, nx);
  else if (op == GELU_TANH) backwardLoop<GELU_TANH>(x, dy, dx, nx);
  else backwardLoop<SILU>(x, dy, dx, nx);
  return a.result(0);
}

}  // namespace archc
