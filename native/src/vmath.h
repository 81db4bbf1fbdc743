// Branch-free float32 exp, sigmoid, tanh and erf for the elementwise, softmax and fused kernels (and
// GELU's normal CDF and density with one exp, vnormal):
// straight-line polynomials and selects (no calls, no table lookups), so loops over them vectorise
// at -O3 (SSE2 4-wide without -march). Each is within 2 ulp of the correctly rounded value over the whole
// float range, denormal results included; NaN → NaN, ±inf → the limits
// (tests/kernels/native-vmath.test.ts checks against the double-precision functions).
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>

namespace archc {

static inline float bitsToFloat(uint32_t u) {
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}

static inline uint32_t floatToBits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}

/**
 * c ? a : b through bit masks: GCC if-converts this form into vector and/andnot/or, where a float
 * ternary (NaN-sensitive compares) leaves control flow that blocks vectorisation on SSE2.
 */
static inline float select(bool c, float a, float b) {
  const uint32_t m = 0u - uint32_t(c);
  return bitsToFloat((floatToBits(a) & m) | (floatToBits(b) & ~m));
}

/** 2^k for integer k in [-126, 127], built from the exponent bits. */
static inline float pow2i(int32_t k) { return bitsToFloat(uint32_t(k + 127) << 23); }

/**
 * e^x: x = n·ln2 + r with |r| ≤ ln2/2 (n rounded by the 1.5·2^23 trick, ln2 in two parts so
 * n·ln2 is exact), e^r by Cephes expf's degree-6 polynomial, times 2^n applied as two halves so
 * that results in the denormal range round once, correctly.
 */
static inline float vexp(float x) {
  const float hi = 88.7228394f, lo = -103.972084f;  // e^hi = FLT_MAX; e^lo < the least denormal / 2
  float c = select(x > hi, hi, x);
  c = select(c < lo, lo, c);  // NaN stays NaN here, fixed below
  const float shifter = 12582912.0f;  // 1.5·2^23: adding it rounds to an integer
  const float t = c * 1.44269504088896341f + shifter;
  const float n = t - shifter;
  const float r = (c - n * 0.693359375f) - n * -2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * (r * r) + r + 1.0f;
  const int32_t k = int32_t(n);
  const int32_t k1 = k / 2;  // both halves within [-76, 64]: normal powers of two
  const float y = p * pow2i(k1) * pow2i(k - k1);
  float out = select(x > hi, INFINITY, y);
  out = select(x < lo, 0.0f, out);
  return select(x != x, x, out);
}

/** 1/(1 + e^{-x}), as e/(1 + e) with e = e^{-|x|} for x < 0 (denormal results stay accurate). */
static inline float vsigmoid(float x) {
  const float e = vexp(-bitsToFloat(floatToBits(x) & 0x7fffffffu));  // NaN for NaN x
  const float d = 1.0f + e;
  return select(x < 0.0f, e / d, 1.0f / d);
}

/** tanh: odd polynomial (Cephes tanhf) below |x| 0.625, else sign(x)·(1 − 2/(e^{2|x|} + 1)). */
static inline float vtanh(float x) {
  const uint32_t sign = floatToBits(x) & 0x80000000u;
  const float a = bitsToFloat(floatToBits(x) & 0x7fffffffu);
  const float z = x * x;
  float p = -5.70498872745e-3f;
  p = p * z + 2.06390887954e-2f;
  p = p * z - 5.37397155531e-2f;
  p = p * z + 1.33314422036e-1f;
  p = p * z - 3.33332819422e-1f;
  const float small = p * z * x + x;
  const float big = 1.0f - 2.0f / (vexp(2.0f * a) + 1.0f);  // NaN for NaN x
  const float bigSigned = bitsToFloat(floatToBits(big) | sign);
  return select(a < 0.625f, small, bigSigned);
}

/**
 * erf (after N. Juffa's erff): x + x·P(x²) below |x| 0.927734375, else
 * sign(x)·(1 − e^{Q(|x|)}) with Q a degree-7 polynomial ≈ log(erfc).
 */
static inline float verf(float x) {
  const uint32_t sign = floatToBits(x) & 0x80000000u;
  const float t = bitsToFloat(floatToBits(x) & 0x7fffffffu);
  const float s = x * x;
  float r = -5.96761703e-4f;
  r = r * s + 4.99119423e-3f;
  r = r * s - 2.67681349e-2f;
  r = r * s + 1.12819925e-1f;
  r = r * s - 3.76125336e-1f;
  r = r * s + 1.28379166e-1f;
  const float small = r * x + x;
  const float tc = select(t < 10.0f, t, 10.0f);  // erf(10) = 1 in float; keeps the polynomial finite
  float u = -1.72853470e-5f * tc + 3.83197126e-4f;
  const float v = -3.88396438e-3f * tc + 2.42546219e-2f;
  u = u * (tc * tc) + v;
  u = u * tc - 1.06777877e-1f;
  u = u * tc - 6.34846687e-1f;
  u = u * tc - 1.28717512e-1f;
  u = u * tc - tc;
  const float big = 1.0f - vexp(u);
  const float bigSigned = bitsToFloat(floatToBits(big) | sign);
  const float out = select(t < 0.927734375f, small, bigSigned);
  return select(x != x, x, out);
}

/** Φ(x) = ½(1 + erf(x/√2)) and φ(x) = e^{−x²/2}/√(2π) together, for GELU (fused_act.cc). */
struct VNormal {
  float cdf, pdf;
};

/**
 * One exp for both: erf by Abramowitz–Stegun 7.1.26 (|error| ≤ 1.5e-7, the formula of tfjs's cpu
 * Erf kernel), whose e^{−z²} at z = |x|/√2 is also the density's exponential. Cheaper than verf
 * plus a second vexp, where GELU's forward and backward need both at every element.
 */
static inline VNormal vnormal(float x) {
  const uint32_t sign = floatToBits(x) & 0x80000000u;
  const float z = bitsToFloat(floatToBits(x) & 0x7fffffffu) * 0.70710678118654752f;
  const float t = 1.0f / (1.0f + 0.3275911f * z);
  const float e = vexp(-z * z);
  float poly = 1.061405429f;
  poly = poly * t - 1.453152027f;
  poly = poly * t + 1.421413741f;
  poly = poly * t - 0.284496736f;
  poly = poly * t + 0.254829592f;
  const float erfAbs = 1.0f - poly * t * e;
  const float erfSigned = bitsToFloat(floatToBits(erfAbs) | sign);
  return {0.5f * (1.0f + erfSigned), e * 0.39894228040143268f};
}

}  // namespace archc
