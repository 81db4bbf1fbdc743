// The softmax row step that Softmax (reduce.cc), the attention core (fused_attention.cc) and the
// cross-entropy (fused_xent.cc) share: e = exp(x − max x) over one row, with the max and Σ e (in
// double) for each kernel's own ending (normalise, log-sum-exp, mask). Max and sum run in ROW_LANES
// independent lanes (element j in lane j % ROW_LANES, combined pairwise): gcc vectorises them,
// where a single running max or sum is one serial chain. The order is fixed by this code, the same
// on every vector width; the max is the same in any order, the sum within a few double ulps.
#pragma once
#include <cmath>
#include <cstddef>

#include "vmath.h"

namespace archc {

constexpr size_t ROW_LANES = 16;

struct ExpRow {
  float max;   // −inf for n = 0; NaN inputs are skipped here (their exp is NaN below)
  double sum;  // Σ exp(x − max)
};

/** e[j] = exp(x[j] − max) for j < n (e may be x); the max and Σ e. */
static inline ExpRow expRow(const float* x, float* e, size_t n) {
  float mx[ROW_LANES];
  for (size_t l = 0; l < ROW_LANES; l++) mx[l] = -INFINITY;
  size_t j = 0;
  for (; j + ROW_LANES <= n; j += ROW_LANES)
    for (size_t l = 0; l < ROW_LANES; l++) mx[l] = select(x[j + l] > mx[l], x[j + l], mx[l]);
  for (size_t l = 0; j < n; j++, l++) mx[l] = select(x[j] > mx[l], x[j], mx[l]);
  for (size_t w = ROW_LANES / 2; w > 0; w /= 2)
    for (size_t l = 0; l < w; l++) mx[l] = select(mx[l + w] > mx[l], mx[l + w], mx[l]);
  const float m = mx[0];
  for (j = 0; j < n; j++) e[j] = vexp(x[j] - m);  // (vectorised)
  double sum[ROW_LANES] = {};
  for (j = 0; j + ROW_LANES <= n; j += ROW_LANES)
    for (size_t l = 0; l < ROW_LANES; l++) sum[l] += e[j + l];
  for (size_t l = 0; j < n; j++, l++) sum[l] += e[j];
  for (size_t w = ROW_LANES / 2; w > 0; w /= 2)
    for (size_t l = 0; l < w; l++) sum[l] += sum[l + w];
  return {m, sum[0]};
}

}  // namespace archc
