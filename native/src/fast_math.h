// Inline float exp and the normal CDF for the fused kernels (fused_*.cc), written so that gcc
// vectorises loops that call them (std::exp is a scalar libm call: it dominated the softmax rows
// and the activations). fastExp is Cephes's expf: e^x = 2^n · e^r, n = round(x/ln 2), r = x − n·ln 2
// (two-part ln 2), e^r by a degree-5 polynomial; relative error ≈ 2e-7 (1–2 ulp) on [−87, 88],
// 0 below, +inf above. normal() uses Abramowitz–Stegun 7.1.26 for erf (|error| ≤ 1.5e-7, the
// formula of tfjs's cpu Erf kernel), whose e^{−z²} at z = x/√2 is also the density's exponential.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>

namespace archc {

static inline float fastExp(float x) {
  x = x < -87.0f ? -87.0f : x;
  x = x > 88.0f ? 88.0f : x;
  const float magic = 12582912.0f;  // 1.5·2²³: adding it rounds to an integer
  const float n = (x * 1.44269504088896341f + magic) - magic;
  const float r = (x - n * 0.693359375f) + n * 2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  const float er = p * r * r + r + 1.0f;
  const int32_t bits = (int32_t(n) + 127) << 23;  // 2^n
  float scale;
  std::memcpy(&scale, &bits, sizeof(scale));
  return er * scale;
}

struct Normal {
  float cdf, pdf;
};

/** Φ(x) = ½(1 + erf(x/√2)) and φ(x) = e^{−x²/2}/√(2π), with one exp. */
static inline Normal normal(float x) {
  const float z = std::fabs(x) * 0.70710678118654752f;
  const float t = 1.0f / (1.0f + 0.3275911f * z);
  const float e = fastExp(-z * z);
  float poly = 1.061405429f;
  poly = poly * t - 1.453152027f;
  poly = poly * t + 1.421413741f;
  poly = poly * t - 0.284496736f;
  poly = poly * t + 0.254829592f;
  const float erfAbs = 1.0f - poly * t * e;
  return {0.5f * (1.0f + std::copysign(erfAbs, x)), e * 0.39894228040143268f};
}

}  // namespace archc
