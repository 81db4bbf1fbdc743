// Token-level softmax cross-entropy as one forward and one backward kernel: logits [N, V], targets
// int32 [N]. Forward: lse[n] = log Σ_v exp(logits[n, v]) and loss = mean_n (lse[n] − logits[n,
// target n]); backward: dlogits = (exp(logits − lse) − onehot(target)) · dy / N. A target outside
// [0, V) has an all-zero one-hot row (runtime/ops/onehot.ts): it adds 0 to the loss but still
// counts in N, and its gradient row is the softmax alone, as in the composed ops.
#include <cmath>
#include <cstdint>
#include <vector>

#include "args.h"
#include "fused.h"
#include "softmax_row.h"
#include "vmath.h"

namespace archc {

static bool inRange(int32_t t, int64_t V) { return t >= 0 && t < V; }

napi_value XentFwd(napi_env env, napi_callback_info info) {
  Args a(env, info);
  size_t nl = 0, nt = 0, ns = 0, no = 0;
  const float* logits = a.f32(0, &nl);
  const int32_t* targets = a.i32(1, &nt);
  float* lse = a.f32(2, &ns);
  float* loss = a.f32(3, &no);
  if (!a.ok || nt == 0 || nl % nt != 0 || ns != nt || no != 1) return a.result(-1);
  const size_t N = nt, V = nl / nt;
  if (V == 0) return a.result(1);
  double total = 0;
  std::vector<float> scratch(V);
  for (size_t n = 0; n < N; n++) {
    const float* row = logits + n * V;
    const ExpRow r = expRow(row, scratch.data(), V);  // the exps themselves unused
    lse[n] = r.max + float(std::log(r.sum));
    if (inRange(targets[n], int64_t(V))) total += double(lse[n]) - double(row[targets[n]]);
  }
  loss[0] = float(total / double(N));
  return a.result(0);
}

napi_value XentBwd(napi_env env, napi_callback_info info) {
  Args a(env, info);
  size_t nl = 0, nt = 0, ns = 0, nd = 0;
  const float* logits = a.f32(0, &nl);
  const int32_t* targets = a.i32(1, &nt);
  const float* lse = a.f32(2, &ns);
  const double dy = a.number(3);
  float* dlogits = a.f32(4, &nd);
  if (!a.ok || nt == 0 || nl % nt != 0 || ns != nt || nd != nl) return a.result(-1);
  const size_t N = nt, V = nl / nt;
  const float scale = float(dy / double(N));
  for (size_t n = 0; n < N; n++) {
    const float* row = logits + n * V;
    float* d = dlogits + n * V;
    const float l = lse[n];
    for (size_t v = 0; v < V; v++) d[v] = vexp(row[v] - l) * scale;
    if (inRange(targets[n], int64_t(V))) d[targets[n]] -= scale;
  }
  return a.result(0);
}

}  // namespace archc
