// LayerNorm and RMSNorm over the last axis as one forward and one backward kernel: x [rows, d],
// scale [d], optional bias [d] (a zero-length array for none). `center` picks LayerNorm (subtract
// the row mean) or RMSNorm (mean taken as 0). The forward saves only the row mean and 1/√(σ² + ε)
// (two floats a row); the backward recomputes x̂ = (x − μ)·r and gives, with g = dy·scale,
//   LayerNorm dx = r·(g − mean(g) − x̂·mean(g·x̂)),  RMSNorm dx = r·(g − x̂·mean(g·x̂)),
//   d scale = Σ_rows dy·x̂,  d bias = Σ_rows dy   (runtime/ops/norms.ts, the same formulas).
#include <cmath>
#include <cstdint>
#include <vector>

#include "args.h"
#include "fused.h"

namespace archc {

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
  for (size_t i = 0; i < rows; i++) {
    const float* xi = x + i * d;
    double mu = 0;
    if (center) {
      for (size_t j = 0; j < d; j++) mu += xi[j];
      mu /= double(d);
    }
    double var = 0;
    for (size_t j = 0; j < d; j++) var += (xi[j] - mu) * (xi[j] - mu);
    const float r = float(1.0 / std::sqrt(var / double(d) + eps));
    const float m = float(mu);
    float* yi = y + i * d;
    for (size_t j = 0; j < d; j++) {
      const float xh = (xi[j] - m) * r;
      yi[j] = nb == 0 ? xh * scale[j] : xh * scale[j] + bias[j];
    }
    mean[i] = m;
    rstd[i] = r;
  }
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
  for (size_t i = 0; i < rows; i++) {
    const float *xi = x + i * d, *gi = dy + i * d;
    const float m = mean[i], r = rstd[i];
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
    float* o = dx + i * d;
    for (size_t j = 0; j < d; j++) {
      const float xh = (xi[j] - m) * r;
      o[j] = r * (gi[j] * scale[j] - mg - xh * mgx);
    }
  }
  for (size_t j = 0; j < d; j++) dscale[j] = float(ds[j]);
  for (size_t j = 0; j < ndb; j++) dbias[j] = float(db[j]);
  return a.result(0);
}

}  // namespace archc
