// The attention core softmax(q·kᵀ + causal mask)·v as one forward and one backward kernel, per
// (batch, K/V head) block: q [blocks, R, dh] (R = r·T rows: r query heads sharing the block's K/V
// head, T queries each; q already scaled), k and v [blocks, S, dh]. The forward saves only the row
// log-sum-exp lse [blocks, R], not the probabilities; the backward recomputes p = exp(q·kᵀ − lse)
// (flash-attention style) and gives
//   dv = pᵀ·dy,  dp = dy·vᵀ,  ds = p ⊙ (dp − Σ_s dp ⊙ p),  dq = ds·k,  dk = dsᵀ·q.
// Causal: row i is query t = i mod T, which sees keys s ≤ t + (S − T) (runtime/ops/causal-mask.ts);
// masked probabilities are exactly 0, as exp(−1e9 − max) is there. Products through gemm.h.
#include <cmath>
#include <cstdint>
#include <vector>

#include "args.h"
#include "fused.h"
#include "gemm.h"
#include "softmax_row.h"
#include "vmath.h"

namespace archc {

static const int32_t ZERO_OFFSETS[3] = {0, 0, 0};

/** C [M, N] = op(A)·op(B) for one matrix pair. */
static void gemm1(int M, int N, int K, bool tA, bool tB, const float* A, const float* B, float* C) {
  gemmBatch(M, N, K, tA, tB, A, B, C, ZERO_OFFSETS, 1);
}

/** Keys row i sees: all S, or under the causal mask those s ≤ i mod T + S − T. */
static int visible(int i, int T, int S, bool causal) {
  if (!causal || T <= 1) return S;
  const int n = i % T + S - T + 1;
  return n < 0 ? 0 : (n > S ? S : n);
}

struct Sizes {
  int64_t blocks, R, T, S, dh;
  bool causal;
  bool valid() const {
    return blocks > 0 && R > 0 && T > 0 && S > 0 && dh > 0 && R % T == 0 && (!causal || S >= T);
  }
};

/** Reads the trailing size arguments starting at argument i. */
static Sizes sizes(Args& a, size_t i) {
  Sizes s;
  s.blocks = a.integer(i);
  s.R = a.integer(i + 1);
  s.T = a.integer(i + 2);
  s.S = a.integer(i + 3);
  s.dh = a.integer(i + 4);
  s.causal = a.integer(i + 5) != 0;
  return s;
}

/** P [R, S] ← softmax rows of the scores in P (masked entries 0); lse[i] ← log Σ exp. */
static void softmaxRows(float* P, float* lse, const Sizes& s) {
  const int S = int(s.S);
  for (int i = 0; i < int(s.R); i++) {
    float* row = P + size_t(i) * S;
    const int n = visible(i, int(s.T), S, s.causal);
    const ExpRow r = expRow(row, row, size_t(n));
    const float inv = float(1.0 / r.sum);
    for (int j = 0; j < n; j++) row[j] *= inv;
    for (int j = n; j < S; j++) row[j] = 0.0f;
    lse[i] = r.max + float(std::log(r.sum));
  }
}

/** P [R, S] ← exp(scores − lse) (masked entries 0): the forward's probabilities again. */
static void recomputeRows(float* P, const float* lse, const Sizes& s) {
  const int S = int(s.S);
  for (int i = 0; i < int(s.R); i++) {
    float* row = P + size_t(i) * S;
    const int n = visible(i, int(s.T), S, s.causal);
    const float l = lse[i];
    for (int j = 0; j < n; j++) row[j] = vexp(row[j] - l);
    for (int j = n; j < S; j++) row[j] = 0.0f;
  }
}

napi_value AttentionFwd(napi_env env, napi_callback_info info) {
  Args a(env, info);
  size_t nq = 0, nk = 0, nv = 0, no = 0, nl = 0;
  const float* q = a.f32(0, &nq);
  const float* k = a.f32(1, &nk);
  const float* v = a.f32(2, &nv);
  float* out = a.f32(3, &no);
  float* lse = a.f32(4, &nl);
  const Sizes s = sizes(a, 5);
  if (!a.ok || !s.valid()) return a.result(-1);
  const size_t qs = size_t(s.R * s.dh), ks = size_t(s.S * s.dh), B = size_t(s.blocks);
  if (nq != B * qs || nk != B * ks || nv != B * ks || no != B * qs || nl != B * size_t(s.R))
    return a.result(1);
  std::vector<float> P(size_t(s.R * s.S));  // [R, S] scores, then probabilities
  const int R = int(s.R), S = int(s.S), dh = int(s.dh);
  for (size_t b = 0; b < B; b++) {
    gemm1(R, S, dh, false, true, q + b * qs, k + b * ks, P.data());  // q·kᵀ [R, S]
    softmaxRows(P.data(), lse + b * size_t(R), s);
    gemm1(R, dh, S, false, false, P.data(), v + b * ks, out + b * qs);  // p·v [R, dh]
  }
  return a.result(0);
}

napi_value AttentionBwd(napi_env env, napi_callback_info info) {
  Args a(env, info);
  size_t n[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  const float* q = a.f32(0, &n[0]);
  const float* k = a.f32(1, &n[1]);
  const float* v = a.f32(2, &n[2]);
  const float* lse = a.f32(3, &n[3]);
  const float* dy = a.f32(4, &n[4]);
  float* dq = a.f32(5, &n[5]);
  float* dk = a.f32(6, &n[6]);
  float* dv = a.f32(7, &n[7]);
  const Sizes s = sizes(a, 8);
  if (!a.ok || !s.valid()) return a.result(-1);
  const size_t qs = size_t(s.R * s.dh), ks = size_t(s.S * s.dh), B = size_t(s.blocks);
  const size_t want[8] = {B * qs, B * ks, B * ks, B * size_t(s.R), B * qs, B * qs, B * ks, B * ks};
  for (int i = 0; i < 8; i++)
    if (n[i] != want[i]) return a.result(1);
  const int R = int(s.R), S = int(s.S), dh = int(s.dh);
  std::vector<float> P(size_t(R) * S), dP(size_t(R) * S);  // [R, S] each
  for (size_t b = 0; b < B; b++) {
    const float *qb = q + b * qs, *kb = k + b * ks, *vb = v + b * ks, *dyb = dy + b * qs;
    gemm1(R, S, dh, false, true, qb, kb, P.data());  // q·kᵀ [R, S]
    recomputeRows(P.data(), lse + b * size_t(R), s);
    gemm1(S, dh, R, true, false, P.data(), dyb, dv + b * ks);  // dv = pᵀ·dy [S, dh]
    gemm1(R, S, dh, false, true, dyb, vb, dP.data());          // dp = dy·vᵀ [R, S]
    for (int i = 0; i < R; i++) {  // ds = p ⊙ (dp − Σ_s dp ⊙ p), in dP
      const float* p = P.data() + size_t(i) * S;
      float* d = dP.data() + size_t(i) * S;
      double dot = 0;
      for (int j = 0; j < S; j++) dot += double(p[j]) * d[j];
      const float D = float(dot);
      for (int j = 0; j < S; j++) d[j] = p[j] * (d[j] - D);
    }
    gemm1(R, dh, S, false, false, dP.data(), kb, dq + b * qs);  // dq = ds·k [R, dh]
    gemm1(S, dh, R, true, false, dP.data(), qb, dk + b * ks);   // dk = dsᵀ·q [S, dh]
  }
  return a.result(0);
}

}  // namespace archc
