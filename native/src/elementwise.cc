// Broadcasting binary ops and unary ops on float32, matching tfjs's cpu kernels (Math.max/min
// propagate NaN; relu keeps NaN; exp, tanh, sigmoid and erf are vmath.h's vectorisable versions).
// The broadcast arrives collapsed (runtime/kernels/util.ts collapseBroadcast): an odometer over
// the outer dims and one inner loop with strides 0 or 1, specialised so the compiler vectorises the
// common same-shape, scalar and row cases.
#include <cmath>

#include "kernels.h"
#include "vmath.h"

namespace archc {

static inline float apply(int op, float x, float y) {
  switch (op) {
    case ADD: return x + y;
    case SUB: return x - y;
    case MUL: return x * y;
    case DIV: return x / y;
    case MAX: return (std::isnan(x) || std::isnan(y)) ? NAN : (x > y ? x : y);
    case MIN: return (std::isnan(x) || std::isnan(y)) ? NAN : (x < y ? x : y);
    case SQDIFF: { const float d = x - y; return d * d; }
    default: return static_cast<float>(std::pow(double(x), double(y)));
  }
}

template <int OP>
static void rowT(const float* a, int ia, const float* b, int ib, float* out, int n) {
  if (ia == 1 && ib == 1) {
    for (int j = 0; j < n; j++) out[j] = apply(OP, a[j], b[j]);
  } else if (ia == 1 && ib == 0) {
    const float s = b[0];
    for (int j = 0; j < n; j++) out[j] = apply(OP, a[j], s);
  } else if (ia == 0 && ib == 1) {
    const float s = a[0];
    for (int j = 0; j < n; j++) out[j] = apply(OP, s, b[j]);
  } else {
    const float s = apply(OP, a[0], b[0]);
    for (int j = 0; j < n; j++) out[j] = s;
  }
}

typedef void (*RowFn)(const float*, int, const float*, int, float*, int);
static const RowFn ROWS[NUM_BINARY] = {rowT<ADD>, rowT<SUB>, rowT<MUL>, rowT<DIV>,
                                       rowT<MAX>, rowT<MIN>, rowT<SQDIFF>, rowT<POW>};

int binary(int op, const float* a, const float* b, float* out, const int32_t* dims,
           const int32_t* sa, const int32_t* sb, int rank) {
  if (op < 0 || op >= NUM_BINARY || rank < 1 || rank > 8) return 1;
  for (int d = 0; d < rank; d++)
    if ((sa[d] != 0 && rank - 1 == d && sa[d] != 1) || (sb[d] != 0 && rank - 1 == d && sb[d] != 1))
      return 1;  // the inner stride is 0 or 1 by construction
  const RowFn row = ROWS[op];
  const int last = rank - 1;
  const int n = dims[last];
  size_t rows = 1;
  for (int d = 0; d < last; d++) rows *= size_t(dims[d]);
  int idx[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  size_t pa = 0, pb = 0;
  for (size_t r = 0; r < rows; r++) {
    row(a + pa, sa[last], b + pb, sb[last], out + r * size_t(n), n);
    for (int d = last - 1; d >= 0; d--) {
      idx[d]++;
      pa += sa[d];
      pb += sb[d];
      if (idx[d] < dims[d]) break;
      pa -= size_t(sa[d]) * dims[d];
      pb -= size_t(sb[d]) * dims[d];
      idx[d] = 0;
    }
  }
  return 0;
}

template <typename F>
static void each(const float* x, float* out, size_t n, F f) {
  for (size_t i = 0; i < n; i++) out[i] = f(x[i]);
}

int unary(int op, const float* x, float* out, size_t n) {
  switch (op) {
    case EXP: each(x, out, n, [](float v) { return vexp(v); }); return 0;
    case LOG: each(x, out, n, [](float v) { return std::log(v); }); return 0;
    case TANH: each(x, out, n, [](float v) { return vtanh(v); }); return 0;
    case SQRT: each(x, out, n, [](float v) { return std::sqrt(v); }); return 0;
    case RSQRT: each(x, out, n, [](float v) { return 1.0f / std::sqrt(v); }); return 0;
    case NEG: each(x, out, n, [](float v) { return -v; }); return 0;
    case SQUARE: each(x, out, n, [](float v) { return v * v; }); return 0;
    case RECIP: each(x, out, n, [](float v) { return 1.0f / v; }); return 0;
    case RELU: each(x, out, n, [](float v) { return v < 0.0f ? 0.0f : v; }); return 0;
    case SIGMOID: each(x, out, n, [](float v) { return vsigmoid(v); }); return 0;
    case ABS: each(x, out, n, [](float v) { return std::fabs(v); }); return 0;
    case ERF: each(x, out, n, [](float v) { return verf(v); }); return 0;
    default: return 1;
  }
}

}  // namespace archc
