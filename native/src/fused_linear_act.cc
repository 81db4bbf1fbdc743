// The epilogue of a linear followed by gelu, gelu_tanh or silu (runtime/ops/fused.ts fusedLinear
// through runtime/kernels/native/fused-linear-act.ts): after the BLAS product z = x·W [rows, cols],
//   forward   one pass: z ← z + b (kept for the backward), y = f(z)
//   backward  one pass: dz = dy·f'(z) and db = Σ_rows dz together
// (today's separate bias Add, activation, activation gradient and bias Sum: four passes over
// [rows, cols]). f and f' are act_math.h's, the same as fused_act.cc's. A bias of length 0: none.
#include "act_math.h"
#include "args.h"
#include "fused.h"

namespace archc {

// Branch-free inner loops over one row's columns, so gcc vectorises them.
template <int OP>
static void forwardRows(float* z, const float* b, float* y, size_t rows, size_t cols) {
  for (size_t r = 0; r < rows; r++) {
    float* zr = z + r * cols;
    float* yr = y + r * cols;
    if (b != nullptr)
      for (size_t j = 0; j < cols; j++) zr[j] += b[j];
    for (size_t j = 0; j < cols; j++) yr[j] = forward1<OP>(zr[j]);
  }
}

template <int OP>
static void backwardRows(const float* z, const float* dy, float* dz, float* db, size_t rows,
                         size_t cols) {
  if (db != nullptr)
    for (size_t j = 0; j < cols; j++) db[j] = 0.0f;
  for (size_t r = 0; r < rows; r++) {
    const size_t o = r * cols;
    for (size_t j = 0; j < cols; j++) dz[o + j] = dy[o + j] * slope<OP>(z[o + j]);
    if (db != nullptr)
      for (size_t j = 0; j < cols; j++) db[j] += dz[o + j];
  }
}

/** rows when n is a positive multiple of cols and the bias is cols long (or empty); else 0. */
static size_t rowsOf(size_t n, size_t nb, int64_t cols) {
  if (cols <= 0 || n == 0 || n % size_t(cols) != 0 || (nb != 0 && nb != size_t(cols))) return 0;
  return n / size_t(cols);
}

napi_value BiasActFwd(napi_env env, napi_callback_info info) {
  Args a(env, info);
  size_t nz = 0, nb = 0, ny = 0;
  const int op = int(a.integer(0));
  float* z = a.f32(1, &nz);
  const float* b = a.f32(2, &nb);
  float* y = a.f32(3, &ny);
  const int64_t cols = a.integer(4);
  if (!a.ok || op < 0 || op >= NUM_ACT || ny != nz) return a.result(-1);
  const size_t rows = rowsOf(nz, nb, cols);
  if (rows == 0) return a.result(1);
  const float* bias = nb == 0 ? nullptr : b;
  const size_t c = size_t(cols);
  if (op == GELU) forwardRows<GELU>(z, bias, y, rows, c);
  else if (op == GELU_TANH) forwardRows<GELU_TANH>(z, bias, y, rows, c);
  else forwardRows<SILU>(z, bias, y, rows, c);
  return a.result(0);
}

napi_value BiasActBwd(napi_env env, napi_callback_info info) {
  Args a(env, info);
  size_t nz = 0, ndy = 0, ndz = 0, ndb = 0;
  const int op = int(a.integer(0));
  const float* z = a.f32(1, &nz);
  const float* dy = a.f32(2, &ndy);
  float* dz = a.f32(3, &ndz);
  float* db = a.f32(4, &ndb);
  const int64_t cols = a.integer(5);
  if (!a.ok || op < 0 || op >= NUM_ACT || ndy != nz || ndz != nz) return a.result(-1);
  const size_t rows = rowsOf(nz, ndb, cols);
  if (rows == 0) return a.result(1);
  float* bias = ndb == 0 ? nullptr : db;
  const size_t c = size_t(cols);
  if (op == GELU) backwardRows<GELU>(z, dy, dz, bias, rows, c);
  else if (op == GELU_TANH) backwardRows<GELU_TANH>(z, dy, dz, bias, rows, c);
  else backwardRows<SILU>(z, dy, dz, bias, rows, c);
  return a.result(0);
}

}  // namespace archc
