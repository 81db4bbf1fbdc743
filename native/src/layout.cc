// Data movement on 4-byte elements (float32 or int32): general transposes (rank ≤ 8, the last
// output axis as a strided inner loop), gathers along an axis, and the scatter-add of
// UnsortedSegmentSum (the gradient of a gather).
#include <cstring>

#include "kernels.h"

namespace archc {

int transpose(const uint32_t* x, uint32_t* out, const int32_t* shape, const int32_t* perm,
              int rank) {
  if (rank < 1 || rank > 8) return 1;
  size_t inStride[8];
  size_t acc = 1;
  for (int d = rank - 1; d >= 0; d--) {
    inStride[d] = acc;
    acc *= size_t(shape[d]);
  }
  const size_t total = acc;
  if (total == 0) return 0;
  size_t oShape[8], oStride[8];  // output dim d reads input dim perm[d]
  for (int d = 0; d < rank; d++) {
    oShape[d] = size_t(shape[perm[d]]);
    oStride[d] = inStride[perm[d]];
  }
  const int last = rank - 1;
  const size_t n = oShape[last], step = oStride[last];
  size_t idx[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  size_t p = 0;
  for (size_t o = 0; o < total; o += n) {
    uint32_t* dst = out + o;
    if (step == 1) std::memcpy(dst, x + p, n * sizeof(uint32_t));
    else
      for (size_t j = 0; j < n; j++) dst[j] = x[p + j * step];
    for (int d = last - 1; d >= 0; d--) {
      idx[d]++;
      p += oStride[d];
      if (idx[d] < oShape[d]) break;
      p -= oStride[d] * oShape[d];
      idx[d] = 0;
    }
  }
  return 0;
}

int gather(const uint32_t* x, const int32_t* idx, uint32_t* out, size_t outer, size_t n,
           size_t axisLen, size_t inner) {
  for (size_t i = 0; i < n; i++)
    if (idx[i] < 0 || size_t(idx[i]) >= axisLen) return 1;  // the stock kernel reports it
  for (size_t o = 0; o < outer; o++) {
    const uint32_t* xo = x + o * axisLen * inner;
    uint32_t* oo = out + o * n * inner;
    for (size_t i = 0; i < n; i++)
      std::memcpy(oo + i * inner, xo + size_t(idx[i]) * inner, inner * sizeof(uint32_t));
  }
  return 0;
}

void segmentSum(const float* x, const int32_t* seg, float* out, size_t n, size_t inner,
                size_t segments) {
  std::memset(out, 0, segments * inner * sizeof(float));
  for (size_t i = 0; i < n; i++) {
    const int32_t s = seg[i];
    if (s < 0 || size_t(s) >= segments) continue;
    float* dst = out + size_t(s) * inner;
    const float* src = x + i * inner;
    for (size_t j = 0; j < inner; j++) dst[j] += src[j];
  }
}

}  // namespace archc
