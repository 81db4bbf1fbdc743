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
// (runtime/ops/causal-mask.ts); masked probabilities are exactly 0, as exp(−1e9 − max) is there,
// and the products run over row blocks, each with only the keys its rows see.
// Products through gemm.h, reading and writing the strided rows in place.
#include <cmath>
#include <cstdint>
#include <vector>

#include "args.h"
#include "fused.h"
#include "gemm.h"
#include "softmax_row.h"
#include "vmath.h"

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

/**
 * Rows per product under a causal mask: a block of query rows needs only the keys its last row
 * sees, so the products skip most masked scores. At T = 256 (batch 4, 4 heads, dh 32) forward +
 * backward took 5.6–6.1 CPU-ms with 32-row blocks against 7.5–8.0 unblocked; at T = 64 blocks of
 * 16, 32 or none measured the same (`npx tsx bench/_attention-layout.ts 20 256 4`).
 */
static const int ROW_BLOCK = 32;

/** Keys rows [i0, i0 + n) see between them (the most any one sees). */
static int keysSeen(int i0, int n, const Layout& l) {
  int m = 0;
  for (int i = i0; i < i0 + n; i++) {
    const int v = visible(i, int(l.T), int(l.S), l.causal);
    m = v > m ? v : m;
  }
  return m;
}

/** P [n, m] ← softmax rows of the scores of rows i0.. in P (masked entries 0); lse[i] ← log Σ exp. */
static void softmaxRows(float* P, int m, float* lse, int i0, int n, const Layout& l) {
  for (int i = 0; i < n; i++) {
    float* row = P + size_t(i) * m;
    const int vis = visible(i0 + i, int(l.T), int(l.S), l.causal);
    const ExpRow r = expRow(row, row, size_t(vis));
    const float inv = float(1.0 / r.sum);
    for (int j = 0; j < vis; j++) row[j] *= inv;
    for (int j = vis; j < m; j++) row[j] = 0.0f;
    lse[i] = r.max + float(std::log(r.sum));
  }
}

/** P [n, m] ← exp(scores − lse) of rows i0.. (masked entries 0): the forward's probabilities again. */
static void recomputeRows(float* P, int m, const float* lse, int i0, int n, const Layout& l) {
  for (int i = 0; i < n; i++) {
    float* row = P + size_t(i) * m;
    const int vis = visible(i0 + i, int(l.T), int(l.S), l.causal);
    const float e = lse[i];
    for (int j = 0; j < vis; j++) row[j] = vexp(row[j] - e);
    for (int j = vis; j < m; j++) row[j] = 0.0f;
  }
}

/** Rows per product (all n, or ROW_BLOCK under a causal mask) and per unit (a head, or all r). */
static void rowPlan(const Layout& l, int* heads, int* n, int* rb) {
  *heads = l.merged() ? 1 : int(l.r);
  *n = int(l.r * l.T) / *heads;
  *rb = l.causal && ROW_BLOCK < *n ? ROW_BLOCK : *n;
}

/** out and lse from q, k, v in layout l: per block, per head (or all r heads at once if merged). */
static void forward(const Layout& l, const float* q, const float* k, const float* v, float* out,
                    float* lse) {
  int heads, n, rb;
  rowPlan(l, &heads, &n, &rb);
  const int dh = int(l.dh), qr = int(l.q.row), kr = int(l.kv.row), orow = int(l.o.row);
  std::vector<float> P(size_t(rb) * l.S);  // [rows, keys] scores, then probabilities
  for (int64_t b = 0; b < l.B; b++)
    for (int64_t g = 0; g < l.G; g++)
      for (int j = 0; j < heads; j++) {
        const size_t qo = l.q.at(b, g, j), ko = l.kv.at(b, g, 0), oo = l.o.at(b, g, j);
        float* lb = lse + size_t(((b * l.G + g) * heads + j) * n);
        for (int i0 = 0; i0 < n; i0 += rb) {
          const int nb = n - i0 < rb ? n - i0 : rb, m = keysSeen(i0, nb, l);
          gemmStrided(nb, m, dh, false, true, l.scale, q + qo + size_t(i0) * qr, qr, k + ko, kr,
                      0.0f, P.data(), m);  // scale·q·kᵀ [nb, m]
          softmaxRows(P.data(), m, lb + i0, i0, nb, l);
          gemmStrided(nb, dh, m, false, false, 1.0f, P.data(), m, v + ko, kr, 0.0f,
                      out + oo + size_t(i0) * orow, orow);  // p·v [nb, dh]
        }
      }
}

/** dk, dv rows [S, dh] of one block ← 0 (every product then adds to them). */
static void zeroRows(float* x, int64_t rows, int64_t cols, int64_t stride) {
  for (int64_t s = 0; s < rows; s++)
    for (int64_t c = 0; c < cols; c++) x[s * stride + c] = 0.0f;
}

/** dq, dk, dv from q, k, v, lse and dy in layout l (dk, dv summed over a block's heads). */
static void backward(const Layout& l, const float* q, const float* k, const float* v,
                     const float* lse, const float* dy, float* dq, float* dk, float* dv) {
  int heads, n, rb;
  rowPlan(l, &heads, &n, &rb);
  const int dh = int(l.dh), qr = int(l.q.row), kr = int(l.kv.row), orow = int(l.o.row);
  std::vector<float> P(size_t(rb) * l.S), dP(size_t(rb) * l.S);  // [rows, keys] each
  for (int64_t b = 0; b < l.B; b++)
    for (int64_t g = 0; g < l.G; g++) {
      const size_t ko = l.kv.at(b, g, 0);
      zeroRows(dk + ko, l.S, l.dh, l.kv.row);
      zeroRows(dv + ko, l.S, l.dh, l.kv.row);
      for (int j = 0; j < heads; j++)
        for (int i0 = 0; i0 < n; i0 += rb) {
          const int nb = n - i0 < rb ? n - i0 : rb, m = keysSeen(i0, nb, l);
          const size_t qo = l.q.at(b, g, j) + size_t(i0) * qr;
          const size_t oo = l.o.at(b, g, j) + size_t(i0) * orow;
          const float* lb = lse + size_t(((b * l.G + g) * heads + j) * n + i0);
          gemmStrided(nb, m, dh, false, true, l.scale, q + qo, qr, k + ko, kr, 0.0f, P.data(), m);
          recomputeRows(P.data(), m, lb, i0, nb, l);
          gemmStrided(m, dh, nb, true, false, 1.0f, P.data(), m, dy + oo, orow, 1.0f, dv + ko,
                      kr);  // dv += pᵀ·dy [m, dh]
          gemmStrided(nb, m, dh, false, true, 1.0f, dy + oo, orow, v + ko, kr, 0.0f, dP.data(),
                      m);  // dp = dy·vᵀ [nb, m]
          for (int i = 0; i < nb; i++) {  // ds = p ⊙ (dp − Σ_s dp ⊙ p), in dP
            const float* p = P.data() + size_t(i) * m;
            float* d = dP.data() + size_t(i) * m;
            double dot = 0;
            for (int s = 0; s < m; s++) dot += double(p[s]) * d[s];
            const float D = float(dot);
            for (int s = 0; s < m; s++) d[s] = p[s] * (d[s] - D);
          }
          gemmStrided(nb, dh, m, false, false, l.scale, dP.data(), m, k + ko, kr, 0.0f, dq + qo,
                      qr);  // dq = scale·ds·k [nb, dh]
          gemmStrided(m, dh, nb, true, false, l.scale, dP.data(), m, q + qo, qr, 1.0f, dk + ko,
                      kr);  // dk += scale·dsᵀ·q [m, dh]
        }
    }
}

/** The blocked layout from (blocks, R, T, S, dh, causal) at argument i; B = 0 if bad. */
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
