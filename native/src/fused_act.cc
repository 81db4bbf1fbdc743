// The activations runtime/ops/activations.ts gives a hand-written gradient, as one forward and one
// backward kernel each (op codes: ACT_OPS in runtime/kernels/native/fused-act.ts): the forward
// y = f(x); the backward dx = dy·f'(x) from the saved x, in one pass instead of 5–9 tfjs kernels.
// The per-element f and f' (and their formulas) are in act_math.h.
#include "act_math.h"
#include "args.h"
#include "fused.h"

namespace archc {

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
