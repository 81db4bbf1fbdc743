// AdamW's per-parameter update in one loop (the native backend's ArchcAdamWUpdate,
// runtime/optim/adamw-kernel.ts) in float32, as PyTorch computes it: the operations and order of
// that file's JS loop (Math.fround after each) and of its tfjs-op form adamWOps, so all three give
// the same bits. The clipped gradient g·factor is the float32 product tf.mul gives (a factor of 1
// leaves g as it is); sumSquares is the global norm's Σg² (runtime/optim/adamw-all.ts). Both loops
// vectorise (-fopt-info-vec): the update reads its constants from locals (loads through `s` may
// alias the outputs) under ivdep (seven arrays are too many for gcc's runtime alias checks); the
// sum runs in lanes.
#include <cmath>

#include "kernels.h"

namespace archc {

// No FMA contraction here (-march=native allows it elsewhere): a fused multiply-add rounds
// differently from the JS loop's separate products and sums.
__attribute__((optimize("fp-contract=off"))) void adamw(const float* p, const float* m,
                                                        const float* v, const float* g,
                                                        float* outP, float* outM, float* outV,
                                                        size_t n, const AdamWStep& s) {
  const float b1 = float(s.beta1), b2 = float(s.beta2);
  const float c1 = float(1.0 - s.beta1), c2 = float(1.0 - s.beta2);
  const float decay = float(s.decay), stepSize = float(s.stepSize);
  const float sqrtBc2 = float(s.sqrtBc2), eps = float(s.eps), scale = float(s.gradScale);
#pragma GCC ivdep
  for (size_t i = 0; i < n; i++) {
    const float gi = g[i] * scale;
    const float mi = b1 * m[i] + c1 * gi;
    const float vi = b2 * v[i] + c2 * (gi * gi);
    outM[i] = mi;
    outV[i] = vi;
    outP[i] = p[i] * decay - (mi / (std::sqrt(vi) / sqrtBc2 + eps)) * stepSize;
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
