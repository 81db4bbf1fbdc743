// The attention core softmax(scale·q·kᵀ + causal mask)·v as one forward and one backward kernel,
// per (batch b, K/V head g) block of r query heads sharing that K/V head, T queries and S keys each,
// over one of two layouts (Layout: element strides, so one home for the math):
//   blocked (attentionFwd/Bwd): q, out [B·G, r·T, dh], k, v [B·G, S, dh], q already scaled;
//   packed (attentionPackedFwd/Bwd): qkv [B, T, (H + 2G)·dh] as the merged q/k/v projection gives
//     it (query head h = g·r + j at columns h·dh, key head g at (H + g)·dh, value at (H + G + g)·dh),
//     out [B, T, H·dh], d qkv written packed; S = T.
// The forward saves only the row log-sum-exp lse [B·G, r·T], not the probabilities; the backward
// recomputes p = exp(scale·q·kᵀ − lse) (flash-attention style) and gives
//   dv = pᵀ·dy,  dp = dy·vᵀ,  ds = p ⊙ (dp − Σ_s dp ⊙ p),  dq = scale·ds·k,  dk = scale·dsᵀ·q,
// dk and dv summed over the block's r query heads. Causal: query t sees keys s ≤ t + (S − T)
// (runtime/ops/causal-mask.ts); masked probabilities are exactly 0, as exp(−1e9 − max) is there.
// Products through gemm.h, reading and writing the strided rows in place.
#include <cmath>
#include <cstdint>
#include <vector>

#include "args.h"
#include "vmath.h"
#include "fused.h"
#include "gemm.h"

namespace archc {

/** Keys row i sees: all S, or under the causal mask those s ≤ i mod T + S − T. */
static int visible(int i, int T, int S, bool causal) {
  if (!causal || T <= 1) return S;
  const int n = i % T + S - T + 1;
  return n < 0 ? 0 : (n > S ? S : n);
}

/** Element strides of one operand's rows (columns contiguous): batch b, K/V head g, head j, row t. */
struct Strides {
  int64_t batch, group, head, row;
  size_t at(int64_t b, int64_t g, int64_t j) const { return size_t(b * batch + g * group + j * head); }
};

/** One call's sizes and layout: q (and dq), k and v (and dk, dv), out (and dy); lse [B, G, r·T]. */
struct Layout {
  int64_t B, G, r, T, S, dh;
  bool causal;
  float scale;
  Strides q, kv, o;
  /** One product for the block's r heads when their rows follow each other (blocked layout). */
  bool merged() const { return r == 1 || (q.head == T * q.row && o.head == T * o.row); }
};

/** P [n, S] ← softmax rows of the scores in P (masked entries 0); lse[i] ← log Σ exp. */
static void softmaxRows(float* P, float* lse, int n, const Layout& l) {
  const int S = int(l.S);
  for (int i = 0; i < n; i++) {
    float* row = P + size_t(i) * S;
    const int m = visible(i, int(l.T), S, l.causal);
    float mx = -INFINITY;
    for (int j = 0; j < m; j++) mx = row[j] > mx ? row[j] : mx;
    for (int j = 0; j < m; j++) row[j] = vexp(row[j] - mx);  // (vectorised)
    double sum = 0;
    for (int j = 0; j < m; j++) sum += row[j];
    const float inv = float(1.0 / sum);
    for (int j = 0; j < m; j++) row[j] *= inv;
    for (int j = m; j < S; j++) row[j] = 0.0f;
    lse[i] = mx + float(std::log(sum));
  }
}

/** P [n, S] ← exp(scores − lse) (masked entries 0): the forward's probabilities again. */
static void recomputeRows(float* P, const float* lse, int n, const Layout& l) {
  const int S = int(l.S);
  for (int i = 0; i < n; i++) {
    float* row = P + size_t(i) * S;
    const int m = visible(i, int(l.T), S, l.causal);
    const float e = lse[i];
    for (int j = 0; j < m; j++) row[j] = vexp(row[j] - e);
    for (int j = m; j < S; j++) row[j] = 0.0f;
  }
}

/** out and lse from q, k, v in layout l: per block, per head (or all r heads at once if merged). */
static void forward(const Layout& l, const float* q, const float* k, const float* v, float* out,
                    float* lse) {
  const int heads = l.merged() ? 1 : int(l.r), n = int(l.r * l.T) / heads;  // n rows per product
  const int S = int(l.S), dh = int(l.dh);
  std::vector<float> P(size_t(n) * S);  // [n, S] scores, then probabilities
  for (int64_t b = 0; b < l.B; b++)
    for (int64_t g = 0; g < l.G; g++)
      for (int j = 0; j < heads; j++) {
        const float *qb = q + l.q.at(b, g, j), *kb = k + l.kv.at(b, g, 0), *vb = v + l.kv.at(b, g, 0);
        float* lb = lse + size_t(((b * l.G + g) * heads + j) * n);
        gemmStrided(n, S, dh, false, true, l.scale, qb, int(l.q.row), kb, int(l.kv.row), 0.0f,
                    P.data(), S);  // scale·q·kᵀ [n, S]
        softmaxRows(P.data(), lb, n, l);
        gemmStrided(n, dh, S, false, false, 1.0f, P.data(), S, vb, int(l.kv.row), 0.0f,
                    out + l.o.at(b, g, j), int(l.o.row));  // p·v [n, dh]
      }
}

/** dq, dk, dv from q, k, v, lse and dy in layout l (dk, dv summed over a block's heads). */
static void backward(const Layout& l, const float* q, const float* k, const float* v,
                     const float* lse, const float* dy, float* dq, float* dk, float* dv) {
  const int heads = l.merged() ? 1 : int(l.r), n = int(l.r * l.T) / heads;  // n rows per product
  const int S = int(l.S), dh = int(l.dh), qr = int(l.q.row), kr = int(l.kv.row), orow = int(l.o.row);
  std::vector<float> P(size_t(n) * S), dP(size_t(n) * S);  // [n, S] each
  for (int64_t b = 0; b < l.B; b++)
    for (int64_t g = 0; g < l.G; g++)
      for (int j = 0; j < heads; j++) {
        const size_t qo = l.q.at(b, g, j), ko = l.kv.at(b, g, 0), oo = l.o.at(b, g, j);
        const float beta = j == 0 ? 0.0f : 1.0f;  // dk, dv: the block's first head, then sums
        gemmStrided(n, S, dh, false, true, l.scale, q + qo, qr, k + ko, kr, 0.0f, P.data(), S);
        recomputeRows(P.data(), lse + size_t(((b * l.G + g) * heads + j) * n), n, l);
        gemmStrided(S, dh, n, true, false, 1.0f, P.data(), S, dy + oo, orow, beta, dv + ko,
                    kr);  // dv (+)= pᵀ·dy [S, dh]
        gemmStrided(n, S, dh, false, true, 1.0f, dy + oo, orow, v + ko, kr, 0.0f, dP.data(),
                    S);  // dp = dy·vᵀ [n, S]
        for (int i = 0; i < n; i++) {  // ds = p ⊙ (dp − Σ_s dp ⊙ p), in dP
          const float* p = P.data() + size_t(i) * S;
          float* d = dP.data() + size_t(i) * S;
          double dot = 0;
          for (int s = 0; s < S; s++) dot += double(p[s]) * d[s];
          const float D = float(dot);
          for (int s = 0; s < S; s++) d[s] = p[s] * (d[s] - D);
        }
        gemmStrided(n, dh, S, false, false, l.scale, dP.data(), S, k + ko, kr, 0.0f, dq + qo,
                    qr);  // dq = scale·ds·k [n, dh]
        gemmStrided(S, dh, n, true, false, l.scale, dP.data(), S, q + qo, qr, beta, dk + ko,
                    kr);  // dk (+)= scale·dsᵀ·q [S, dh]
      }
}

/** The blocked layout from (blocks, R, T, S, dh, causal) at argument i; valid() false if bad. */
static Layout blocked(Args& a, size_t i) {
  const int64_t blocks = a.integer(i), R = a.integer(i + 1), T = a.integer(i + 2);
  const int64_t S = a.integer(i + 3), dh = a.integer(i + 4);
  const bool causal = a.integer(i + 5) != 0;
  const int64_t r = T > 0 ? R / T : 0;
  Layout l{blocks, 1, r, T, S, dh, causal, 1.0f, {}, {}, {}};
  l.q = l.o = Strides{R * dh, 0, T * dh, dh};
  l.kv = Strides{S * dh, 0, 0, dh};
  if (!(blocks > 0 && T > 0 && S > 0 && dh > 0 && R > 0 && R % T == 0 && (!causal || S >= T)))
    l.B = 0;
  return l;
}

/** The packed layout from (B, T, H, G, dh, causal, scale) at argument i; B = 0 if bad. */
static Layout packed(Args& a, size_t i) {
  const int64_t B = a.integer(i), T = a.integer(i + 1), H = a.integer(i + 2);
  const int64_t G = a.integer(i + 3), dh = a.integer(i + 4);
  const bool causal = a.integer(i + 5) != 0;
  const float scale = float(a.number(i + 6));
  const bool ok = B > 0 && T > 0 && H > 0 && G > 0 && dh > 0 && H % G == 0;
  const int64_t r = ok ? H / G : 0, W = (H + 2 * G) * dh;
  Layout l{ok ? B : 0, G, r, T, T, dh, causal, scale, {}, {}, {}};
  l.q = Strides{T * W, r * dh, dh, W};
  l.kv = Strides{T * W, dh, 0, W};
  l.o = Strides{T * H * dh, r * dh, dh, H * dh};
  return l;
}

static size_t qkvSize(const Layout& l) { return size_t(l.B * l.T * (l.G * (l.r + 2)) * l.dh); }
static size_t outSize(const Layout& l) { return size_t(l.B * l.T * l.G * l.r * l.dh); }
static size_t lseSize(const Layout& l) { return size_t(l.B * l.G * l.r * l.T); }

napi_value AttentionFwd(napi_env env, napi_callback_info info) {
  Args a(env, info);
  size_t nq = 0, nk = 0, nv = 0, no = 0, nl = 0;
  const float* q = a.f32(0, &nq);
  const float* k = a.f32(1, &nk);
  const float* v = a.f32(2, &nv);
  float* out = a.f32(3, &no);
  float* lse = a.f32(4, &nl);
  const Layout l = blocked(a, 5);
  if (!a.ok || l.B == 0) return a.result(-1);
  const size_t qs = outSize(l), ks = size_t(l.B * l.S * l.dh);
  if (nq != qs || nk != ks || nv != ks || no != qs || nl != lseSize(l)) return a.result(1);
  forward(l, q, k, v, out, lse);
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
  const Layout l = blocked(a, 8);
  if (!a.ok || l.B == 0) return a.result(-1);
  const size_t qs = outSize(l), ks = size_t(l.B * l.S * l.dh);
  const size_t want[8] = {qs, ks, ks, lseSize(l), qs, qs, ks, ks};
  for (int i = 0; i < 8; i++)
    if (n[i] != want[i]) return a.result(1);
  backward(l, q, k, v, lse, dy, dq, dk, dv);
  return a.result(0);
}

napi_value AttentionPackedFwd(napi_env env, napi_callback_info info) {
  Args a(env, info);
  size_t nqkv = 0, no = 0, nl = 0;
  const float* qkv = a.f32(0, &nqkv);
  float* out = a.f32(1, &no);
  float* lse = a.f32(2, &nl);
  const Layout l = packed(a, 3);
  if (!a.ok || l.B == 0) return a.result(-1);
  if (nqkv != qkvSize(l) || no != outSize(l) || nl != lseSize(l)) return a.result(1);
  const size_t kOff = size_t(l.G * l.r * l.dh), vOff = kOff + size_t(l.G * l.dh);
  forward(l, qkv, qkv + kOff, qkv + vOff, out, lse);
  return a.result(0);
}

napi_value AttentionPackedBwd(napi_env env, napi_callback_info info) {
  Args a(env, info);
  size_t nqkv = 0, nl = 0, ndy = 0, nd = 0;
  const float* qkv = a.f32(0, &nqkv);
  const float* lse = a.f32(1, &nl);
  const float* dy = a.f32(2, &ndy);
  float* dqkv = a.f32(3, &nd);
  const Layout l = packed(a, 4);
  if (!a.ok || l.B == 0) return a.result(-1);
  if (nqkv != qkvSize(l) || nl != lseSize(l) || ndy != outSize(l) || nd != qkvSize(l))
    return a.result(1);
  const size_t kOff = size_t(l.G * l.r * l.dh), vOff = kOff + size_t(l.G * l.dh);
  backward(l, qkv, qkv + kOff, qkv + vOff, lse, dy, dqkv, dqkv + kOff, dqkv + vOff);
  return a.result(0);
}

}  // namespace archc
