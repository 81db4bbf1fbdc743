// AdamW's per-parameter update in one loop (the native backend's ArchcAdamWUpdate,
// runtime/optim/adamw-kernel.ts): the same arithmetic as that file's JS loop, in double with m and
// v rounded to float32 where the JS rounds them, so both give the same bits. The clipped gradient
// g·factor is the float32 product tf.mul gives (a factor of 1 leaves g as it is); sumSquares is the
// global norm's Σg² (runtime/optim/adamw-all.ts).
#include <cmath>

#include "kernels.h"

namespace archc {

// No FMA contraction here (-march=native allows it elsewhere): a fused multiply-add rounds
// differently from the JS loop's separate products and sums.
__attribute__((optimize("fp-contract=off"))) void adamw(const float* p, const float* m, const float* v, const float* g, float* outP,
           float* outM, float* outV, size_t n, const AdamWStep& s) {
  const double c1 = 1.0 - s.beta1, c2 = 1.0 - s.beta2;
  const float scale = float(s.gradScale);
  for (size_t i = 0; i < n; i++) {
    const double gi = g[i] * scale;  // float32 product
    const float mi = float(s.beta1 * double(m[i]) + c1 * gi);
    const float vi = float(s.beta2 * double(v[i]) + c2 * gi * gi);
    outM[i] = mi;
    outV[i] = vi;
    outP[i] = float(double(p[i]) * s.decay -
                    (s.stepSize * double(mi)) / (std::sqrt(double(vi)) / s.sqrtBc2 + s.eps));
  }
}

double sumSquares(const float* x, size_t n) {
  double sum = 0;
  for (size_t i = 0; i < n; i++) sum += double(x[i]) * double(x[i]);
  return sum;
}

}  // namespace archc
