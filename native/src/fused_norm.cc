// LayerNorm and RMSNorm over the last axis as one forward and one backward kernel: x [rows, d],
// scale [d], optional bias [d] (a zero-length array for none). `center` picks LayerNorm (subtract
// the row mean) or RMSNorm (mean taken as 0). The forward saves only the row mean and 1/√(σ² + ε)
// (two floats a row); the backward recomputes x̂ = (x − μ)·r and gives, with g = dy·scale,
//   LayerNorm dx = r·(g − mean(g) − x̂·mean(g·x̂)),  RMSNorm dx = r·(g − x̂·mean(g·x̂)),
//   d scale = Σ_rows dy·x̂,  d bias = Σ_rows dy   (runtime/ops/norms.ts, the same formulas).
// The residual-add variants (addNormFwd/addNormBwd, runtime/ops/add-norm.ts) take a and b, write
// the sum s = a + b and norm(s) in one pass over each row; their backward adds d s from the
// residual stream to the norm's dx in the same pass (d a = d b = d s + dx).
#include <cmath>
#include <cstdint>
#include <vector>

#include "args.h"
#include "fused.h"

namespace archc {
namespace {

/** One row of the forward: y = x̂·scale (+ bias); returns the row's mean and 1/√(σ² + ε). */
inline void normRowFwd(const float* xi, const float* scale, const float* bias, size_t d,
                       double eps, bool center, float* yi, float* mean, float* rstd) {
  double mu = 0;
  if (center) {
    for (size_t j = 0; j < d; j++) mu += xi[j];
    mu /= double(d);
  }
  double var = 0;
  for (size_t j = 0; j < d; j++) var += (xi[j] - mu) * (xi[j] - mu);
  const float r = float(1.0 / std::sqrt(var / double(d) + eps));
  const float m = float(mu);
  for (size_t j = 0; j < d; j++) {
    const float xh = (xi[j] - m) * r;
    yi[j] = bias == nullptr ? xh * scale[j] : xh * scale[j] + bias[j];
  }
  *mean = m;
  *rstd = r;
}

/** One row of the backward: o = dx (+ dsi when not null); accumulates d scale and d bias. */
inline void normRowBwd(const float* xi, const float* scale, float m, float r, const float* gi,
                       const float* dsi, size_t d, bool center, float* o, double* ds,
                       double* db) {
  double sg = 0, sgx = 0;  // Σ g, Σ g·x̂
  for (size_t j = 0; j < d; j++) {
    const float xh = (xi[j] - m) * r;
    const float g = gi[j] * scale[j];
    sg += g;
    sgx += double(g) * xh;
    ds[j] += double(gi[j]) * xh;
    db[j] += gi[j];
  }
  const float mg = center ? float(sg / double(d)) : 0.0f, mgx = float(sgx / double(d));
  for (size_t j = 0; j < d; j++) {
    const float xh = (xi[j] - m) * r;
    const float dx = r * (gi[j] * scale[j] - mg - xh * mgx);
    o[j] = dsi == nullptr ? dx : dsi[j] + dx;
  }
}

}  // namespace

napi_value NormFwd(napi_env env, napi_callback_info info) {
  Args a(env, info);
  size_t nx = 0, ns = 0, nb = 0, ny = 0, nm = 0, nr = 0;
  const float* x = a.f32(0, &nx);
  const float* scale = a.f32(1, &ns);
  const float* bias = a.f32(2, &nb);
  float* y = a.f32(3, &ny);
  float* mean = a.f32(4, &nm);
  float* rstd = a.f32(5, &nr);
  const double eps = a.number(6);
  const bool center = a.integer(7) != 0;
  if (!a.ok || ns == 0 || nx % ns != 0 || (nb != 0 && nb != ns) || ny != nx) return a.result(-1);
  const size_t d = ns, rows = nx / d;
  if (nm != rows || nr != rows) return a.result(1);
  for (size_t i = 0; i < rows; i++)
    normRowFwd(x + i * d, scale, nb == 0 ? nullptr : bias, d, eps, center, y + i * d, mean + i,
               rstd + i);
  return a.result(0);
}

napi_value NormBwd(napi_env env, napi_callback_info info) {
  Args a(env, info);
  size_t nx = 0, ns = 0, nm = 0, nr = 0, ndy = 0, ndx = 0, nds = 0, ndb = 0;
  const float* x = a.f32(0, &nx);
  const float* scale = a.f32(1, &ns);
  const float* mean = a.f32(2, &nm);
  const float* rstd = a.f32(3, &nr);
  const float* dy = a.f32(4, &ndy);
  float* dx = a.f32(5, &ndx);
  float* dscale = a.f32(6, &nds);
  float* dbias = a.f32(7, &ndb);
  const bool center = a.integer(8) != 0;
  if (!a.ok || ns == 0 || nx % ns != 0 || ndy != nx || ndx != nx || nds != ns ||
      (ndb != 0 && ndb != ns))
    return a.result(-1);
  const size_t d = ns, rows = nx / d;
  if (nm != rows || nr != rows) return a.result(1);
  std::vector<double> ds(d, 0.0), db(d, 0.0);
  for (size_t i = 0; i < rows; i++)
    normRowBwd(x + i * d, scale, mean[i], rstd[i], dy + i * d, nullptr, d, center, dx + i * d,
               ds.data(), db.data());
  for (size_t j = 0; j < d; j++) dscale[j] = float(ds[j]);
  for (size_t j = 0; j < ndb; j++) dbias[j] = float(db[j]);
  return a.result(0);
}

napi_value AddNormFwd(napi_env env, napi_callback_info info) {
  Args a(env, info);
  size_t na = 0, nb2 = 0, ns = 0, nb = 0, nsum = 0, ny = 0, nm = 0, nr = 0;
  const float* xa = a.f32(0, &na);
  const float* xb = a.f32(1, &nb2);
  const float* scale = a.f32(2, &ns);
  const float* bias = a.f32(3, &nb);
  float* sum = a.f32(4, &nsum);
  float* y = a.f32(5, &ny);
  float* mean = a.f32(6, &nm);
  float* rstd = a.f32(7, &nr);
  const double eps = a.number(8);
  const bool center = a.integer(9) != 0;
  if (!a.ok || ns == 0 || na % ns != 0 || nb2 != na || (nb != 0 && nb != ns) || nsum != na ||
      ny != na)
    return a.result(-1);
  const size_t d = ns, rows = na / d;
  if (nm != rows || nr != rows) return a.result(1);
  for (size_t i = 0; i < rows; i++) {
    const float *ai = xa + i * d, *bi = xb + i * d;
    float* si = sum + i * d;
    for (size_t j = 0; j < d; j++) si[j] = ai[j] + bi[j];
    normRowFwd(si, scale, nb == 0 ? nullptr : bias, d, eps, center, y + i * d, mean + i,
               rstd + i);
  }
  return a.result(0);
}

napi_value AddNormBwd(napi_env env, napi_callback_info info) {
  Args a(env, info);
  size_t nx = 0, ns = 0, nm = 0, nr = 0, ndy = 0, ndsum = 0, ndx = 0, nds = 0, ndb = 0;
  const float* x = a.f32(0, &nx);
  const float* scale = a.f32(1, &ns);
  const float* mean = a.f32(2, &nm);
  const float* rstd = a.f32(3, &nr);
  const float* dy = a.f32(4, &ndy);
  const float* dsum = a.f32(5, &ndsum);
  float* dx = a.f32(6, &ndx);
  float* dscale = a.f32(7, &nds);
  float* dbias = a.f32(8, &ndb);
  const bool center = a.integer(9) != 0;
  if (!a.ok || ns == 0 || nx % ns != 0 || ndy != nx || (ndsum != 0 && ndsum != nx) ||
      ndx != nx || nds != ns || (ndb != 0 && ndb != ns))
    return a.result(-1);
  const size_t d = ns, rows = nx / d;
  if (nm != rows || nr != rows) return a.result(1);
  std::vector<double> ds(d, 0.0), db(d, 0.0);
  for (size_t i = 0; i < rows; i++)
    normRowBwd(x + i * d, scale, mean[i], rstd[i], dy + i * d,
               ndsum == 0 ? nullptr : dsum + i * d, d, center, dx + i * d, ds.data(), db.data());
  for (size_t j = 0; j < d; j++) dscale[j] = float(ds[j]);
  for (size_t j = 0; j < ndb; j++) dbias[j] = float(db[j]);
  return a.result(0);
}

}  // namespace archc
