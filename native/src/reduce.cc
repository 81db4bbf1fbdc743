// Reductions over the middle axis of [outer, r, inner] (Sum, Mean, Max, Min; Max/Min propagate
// NaN as tfjs does) and the row softmax (max-subtracted, as tfjs's cpu Softmax; softmax_row.h).
#include <cmath>
#include <cstring>
#include <vector>

#include "kernels.h"
#include "softmax_row.h"

namespace archc {

/** Rows per pass over acc in sumRows: each column's sum still adds its rows in order. */
constexpr size_t ROW_BLOCK = 8;

/**
 * acc[j] += Σ_k x[k·inner + j] for the r rows of x [r, inner], vectorised over j (the contiguous
 * axis). ROW_BLOCK rows per pass keep acc[j] in a register across them, one load and store of acc
 * per block instead of per row (the loads and stores of acc, not the adds, bound the one-row loop).
 */
static void sumRows(const float* x, size_t r, size_t inner, double* __restrict acc) {
  size_t k = 0;
  for (; k + ROW_BLOCK <= r; k += ROW_BLOCK) {
    const float* rows = x + k * inner;  // [ROW_BLOCK, inner]
    for (size_t j = 0; j < inner; j++) {
      double a = acc[j];
      for (size_t q = 0; q < ROW_BLOCK; q++) a += rows[q * inner + j];
      acc[j] = a;
    }
  }
  for (; k < r; k++) {
    const float* row = x + k * inner;
    for (size_t j = 0; j < inner; j++) acc[j] += row[j];
  }
}

int reduce(int op, const float* x, float* out, size_t outer, size_t r, size_t inner) {
  if (op < 0 || op >= NUM_REDUCE) return 1;
  std::vector<double> acc;
  for (size_t o = 0; o < outer; o++) {
    const float* xo = x + o * r * inner;
    float* oo = out + o * inner;
    if (op == R_SUM || op == R_MEAN) {
      if (inner == 1) {
        double s = 0;  // a long row: accumulate in double (tfjs sums in double too)
        for (size_t k = 0; k < r; k++) s += xo[k];
        oo[0] = float(op == R_MEAN ? s / double(r) : s);
        continue;
      }
      acc.assign(inner, 0.0);  // whole rows, accumulated in double as the stock kernel does
      sumRows(xo, r, inner, acc.data());
      for (size_t j = 0; j < inner; j++)
        oo[j] = float(op == R_MEAN ? acc[j] / double(r) : acc[j]);
      continue;
    }
    const bool isMax = op == R_MAX;
    for (size_t j = 0; j < inner; j++) oo[j] = r > 0 ? xo[j] : (isMax ? -INFINITY : INFINITY);
    for (size_t k = 1; k < r; k++) {
      const float* row = xo + k * inner;
      for (size_t j = 0; j < inner; j++) {
        const float v = row[j];
        if (std::isnan(v) || (isMax ? v > oo[j] : v < oo[j])) oo[j] = std::isnan(oo[j]) ? oo[j] : v;
      }
    }
  }
  return 0;
}

void softmax(const float* x, float* out, size_t rows, size_t cols) {
  for (size_t i = 0; i < rows; i++) {
    float* orow = out + i * cols;
    const ExpRow r = expRow(x + i * cols, orow, cols);
    const float inv = float(1.0 / r.sum);
    for (size_t j = 0; j < cols; j++) orow[j] *= inv;
  }
}

}  // namespace archc
