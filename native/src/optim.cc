// AdamW's per-parameter update in one loop (the native backend's ArchcAdamWUpdate,
// runtime/optim/adamw-kernel.ts): the same arithmetic as that file's JS loop, in double with m and
// v rounded to float32 where the JS rounds them, so both give the same bits. The clipped gradient
// g·factor is the float32 product tf.mul gives (a factor of 1 leaves g as it is); sumSquares is the
// global norm's Σg² (runtime/optim/adamw-all.ts). Both loops vectorise (-fopt-info-vec): the update
// reads its constants from locals (loads through `s` may alias the outputs) under ivdep (seven
// arrays are too many for gcc's runtime alias checks); the sum runs in lanes.
#include <cmath>

#include "kernels.h"

namespace archc {

// No FMA contraction here (-march=native allows it elsewhere): a fused multiply-add rounds
// differently from the JS loop's separate products and sums.
__attribute__((optimize("fp-contract=off"))) void adamw(const float* p, const float* m, const float* v, const float* g, float* outP,
           float* outM, float* outV, size_t n, const AdamWStep& s) {
  const double b1 = s.beta1, b2 = s.beta2, c1 = 1.0 - s.beta1, c2 = 1.0 - s.beta2;
  const double decay = s.decay, stepSize = s.stepSize, sqrtBc2 = s.sqrtBc2, eps = s.eps;
  const float scale = float(s.gradScale);
#pragma GCC ivdep
  for (size_t i = 0; i < n; i++) {
    const double gi = g[i] * scale;  // float32 product
    const float mi = float(b1 * double(m[i]) + c1 * gi);
    const float vi = float(b2 * double(v[i]) + c2 * gi * gi);
    outM[i] = mi;
    outV[i] = vi;
    outP[i] = float(double(p[i]) * decay -
                    (stepSize * double(mi)) / (std::sqrt(double(vi)) / sqrtBc2 + eps));
  }
}

// SUM_LANES independent partial sums, element i in lane i % SUM_LANES, added pairwise at the end: the
// order is fixed by this code (the same on every vector width), and gcc vectorises the lanes
// (a single running sum is one serial chain of dependent adds). x² of a float is exact in double,
// so FMA or not gives the same bits.
constexpr size_t SUM_LANES = 16;

double sumSquares(const float* x, size_t n) {
  double lane[SUM_LANES] = {};
  size_t i = 0;
  for (; i + SUM_LANES <= n; i += SUM_LANES)
    for (size_t j = 0; j < SUM_LANES; j++) lane[j] += double(x[i + j]) * double(x[i + j]);
  for (size_t j = 0; i < n; i++, j++) lane[j] += double(x[i]) * double(x[i]);
  for (size_t w = SUM_LANES / 2; w > 0; w /= 2)
    for (size_t j = 0; j < w; j++) lane[j] += lane[j + w];
  return lane[0];
}

}  // namespace archc
