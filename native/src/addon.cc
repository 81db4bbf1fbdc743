// N-API entry points of archc's native backend (runtime/kernels/native/addon.ts loads them).
// Tensors arrive as typed arrays (views of the tfjs cpu backend's storage); the JS side checks
// sizes, so each function here checks only what would make it read or write out of bounds.
// Kernels return 0 when done, nonzero to decline.
#include <cstring>

#include "args.h"
#include "fused.h"
#include "gemm.h"
#include "kernels.h"

namespace archc {

// gemm(A, B, C, M, N, K, transA, transB, offsets: Int32Array[3·batches])
static napi_value Gemm(napi_env env, napi_callback_info info) {
  Args a(env, info);
  size_t na = 0, nb = 0, nc = 0, no = 0;
  const float* A = a.f32(0, &na);
  const float* B = a.f32(1, &nb);
  float* C = a.f32(2, &nc);
  const int64_t M = a.integer(3), N = a.integer(4), K = a.integer(5);
  const bool tA = a.integer(6) != 0, tB = a.integer(7) != 0;
  const int32_t* off = a.i32(8, &no);
  if (!a.ok) return a.result(-1);
  const size_t batches = no / 3;
  for (size_t b = 0; b < batches; b++) {
    if (off[3 * b] < 0 || size_t(off[3 * b]) + size_t(M * K) > na ||
        off[3 * b + 1] < 0 || size_t(off[3 * b + 1]) + size_t(K * N) > nb ||
        off[3 * b + 2] < 0 || size_t(off[3 * b + 2]) + size_t(M * N) > nc)
      return a.result(1);
  }
  gemmBatch(int(M), int(N), int(K), tA, tB, A, B, C, off, int(batches));
  return a.result(0);
}

// binary(op, a, b, out, dims, sa, sb): dims and strides from collapseBroadcast (util.ts).
static napi_value Binary(napi_env env, napi_callback_info info) {
  Args a(env, info);
  size_t rank = 0, r2 = 0, r3 = 0, nx = 0, ny = 0, no = 0;
  const int op = int(a.integer(0));
  const float* x = a.f32(1, &nx);
  const float* y = a.f32(2, &ny);
  float* out = a.f32(3, &no);
  const int32_t* dims = a.i32(4, &rank);
  const int32_t* sa = a.i32(5, &r2);
  const int32_t* sb = a.i32(6, &r3);
  if (!a.ok || rank != r2 || rank != r3 || rank == 0) return a.result(-1);
  size_t total = 1, lastA = 0, lastB = 0;  // the element count and each operand's last index
  for (size_t d = 0; d < rank; d++) {
    if (dims[d] <= 0 || sa[d] < 0 || sb[d] < 0) return a.result(1);
    total *= size_t(dims[d]);
    lastA += size_t(dims[d] - 1) * size_t(sa[d]);
    lastB += size_t(dims[d] - 1) * size_t(sb[d]);
  }
  if (total != no || lastA >= nx || lastB >= ny) return a.result(1);
  return a.result(binary(op, x, y, out, dims, sa, sb, int(rank)));
}

// unary(op, x, out)
static napi_value Unary(napi_env env, napi_callback_info info) {
  Args a(env, info);
  size_t nx = 0, no = 0;
  const int op = int(a.integer(0));
  const float* x = a.f32(1, &nx);
  float* out = a.f32(2, &no);
  if (!a.ok || nx != no) return a.result(-1);
  return a.result(unary(op, x, out, nx));
}

// reduce(op, x, out, outer, r, inner)
static napi_value Reduce(napi_env env, napi_callback_info info) {
  Args a(env, info);
  size_t nx = 0, no = 0;
  const int op = int(a.integer(0));
  const float* x = a.f32(1, &nx);
  float* out = a.f32(2, &no);
  const int64_t outer = a.integer(3), r = a.integer(4), inner = a.integer(5);
  if (!a.ok || size_t(outer * r * inner) != nx || size_t(outer * inner) != no)
    return a.result(-1);
  return a.result(reduce(op, x, out, size_t(outer), size_t(r), size_t(inner)));
}

// softmax(x, out, cols)
static napi_value Softmax(napi_env env, napi_callback_info info) {
  Args a(env, info);
  size_t nx = 0, no = 0;
  const float* x = a.f32(0, &nx);
  float* out = a.f32(1, &no);
  const int64_t cols = a.integer(2);
  if (!a.ok || nx != no || cols <= 0 || nx % size_t(cols) != 0) return a.result(-1);
  softmax(x, out, nx / size_t(cols), size_t(cols));
  return a.result(0);
}

// transpose(x, out, shape, perm): x and out are 4-byte typed arrays of equal length.
static napi_value Transpose(napi_env env, napi_callback_info info) {
  Args a(env, info);
  size_t nx = 0, no = 0, rank = 0, rp = 0;
  const void* x = a.array(0, &nx);
  void* out = a.array(1, &no);
  const int32_t* shape = a.i32(2, &rank);
  const int32_t* perm = a.i32(3, &rp);
  if (!a.ok || nx != no || rank != rp) return a.result(-1);
  return a.result(transpose(static_cast<const uint32_t*>(x), static_cast<uint32_t*>(out), shape,
                            perm, int(rank)));
}

// gather(x, idx, out, outer, axisLen, inner)
static napi_value Gather(napi_env env, napi_callback_info info) {
  Args a(env, info);
  size_t nx = 0, ni = 0, no = 0;
  const void* x = a.array(0, &nx);
  const int32_t* idx = a.i32(1, &ni);
  void* out = a.array(2, &no);
  const int64_t outer = a.integer(3), axisLen = a.integer(4), inner = a.integer(5);
  if (!a.ok || size_t(outer * axisLen * inner) != nx || size_t(outer) * ni * size_t(inner) != no)
    return a.result(-1);
  return a.result(gather(static_cast<const uint32_t*>(x), idx, static_cast<uint32_t*>(out),
                         size_t(outer), ni, size_t(axisLen), size_t(inner)));
}

// segmentSum(x, seg, out, inner, segments)
static napi_value SegmentSum(napi_env env, napi_callback_info info) {
  Args a(env, info);
  size_t nx = 0, ns = 0, no = 0;
  const float* x = a.f32(0, &nx);
  const int32_t* seg = a.i32(1, &ns);
  float* out = a.f32(2, &no);
  const int64_t inner = a.integer(3), segments = a.integer(4);
  if (!a.ok || ns * size_t(inner) != nx || size_t(segments * inner) != no) return a.result(-1);
  segmentSum(x, seg, out, ns, size_t(inner), size_t(segments));
  return a.result(0);
}

// adamw(p, m, v, g, outP, outM, outV, beta1, beta2, eps, stepSize, sqrtBc2, decay); adamwScaled
// takes gradScale after decay (g scaled by it first, in float32)
static napi_value AdamWWith(napi_env env, napi_callback_info info, bool scaled) {
  Args a(env, info);
  size_t n[7] = {0, 0, 0, 0, 0, 0, 0};
  float* t[7];
  for (size_t i = 0; i < 7; i++) t[i] = a.f32(i, &n[i]);
  AdamWStep s;
  s.beta1 = a.number(7);
  s.beta2 = a.number(8);
  s.eps = a.number(9);
  s.stepSize = a.number(10);
  s.sqrtBc2 = a.number(11);
  s.decay = a.number(12);
  if (scaled) s.gradScale = a.number(13);
  if (!a.ok) return a.result(-1);
  for (size_t i = 1; i < 7; i++)
    if (n[i] != n[0]) return a.result(-1);
  adamw(t[0], t[1], t[2], t[3], t[4], t[5], t[6], n[0], s);
  return a.result(0);
}
static napi_value AdamW(napi_env env, napi_callback_info info) {
  return AdamWWith(env, info, false);
}
static napi_value AdamWScaled(napi_env env, napi_callback_info info) {
  return AdamWWith(env, info, true);
}

// sumSquares(x) → Σ x² (a number, summed in double)
static napi_value SumSquares(napi_env env, napi_callback_info info) {
  Args a(env, info);
  size_t n = 0;
  const float* x = a.f32(0, &n);
  if (!a.ok) return nullptr;
  napi_value v;
  napi_create_double(env, sumSquares(x, n), &v);
  return v;
}

// setThreads(n) → the BLAS thread count now in force
static napi_value SetThreads(napi_env env, napi_callback_info info) {
  Args a(env, info);
  const int64_t n = a.integer(0);
  if (a.ok && n > 0) setThreads(int(n));
  return a.result(getThreads());
}

static napi_value BlasName(napi_env env, napi_callback_info) {
  napi_value v;
  napi_create_string_utf8(env, blasName(), NAPI_AUTO_LENGTH, &v);
  return v;
}

static napi_value Init(napi_env env, napi_value exports) {
  const napi_property_descriptor fns[] = {
      {"gemm", nullptr, Gemm, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"binary", nullptr, Binary, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"unary", nullptr, Unary, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"reduce", nullptr, Reduce, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"softmax", nullptr, Softmax, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"transpose", nullptr, Transpose, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"gather", nullptr, Gather, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"segmentSum", nullptr, SegmentSum, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"adamw", nullptr, AdamW, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"adamwScaled", nullptr, AdamWScaled, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"sumSquares", nullptr, SumSquares, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"setThreads", nullptr, SetThreads, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"attentionFwd", nullptr, AttentionFwd, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"attentionBwd", nullptr, AttentionBwd, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"xentFwd", nullptr, XentFwd, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"xentBwd", nullptr, XentBwd, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"normFwd", nullptr, NormFwd, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"normBwd", nullptr, NormBwd, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"actFwd", nullptr, ActFwd, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"actBwd", nullptr, ActBwd, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"addNormFwd", nullptr, AddNormFwd, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"addNormBwd", nullptr, AddNormBwd, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"blasName", nullptr, BlasName, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"biasActFwd", nullptr, BiasActFwd, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"biasActBwd", nullptr, BiasActBwd, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"attentionPackedFwd", nullptr, AttentionPackedFwd, nullptr, nullptr, nullptr, napi_default,
       nullptr},
      {"attentionPackedBwd", nullptr, AttentionPackedBwd, nullptr, nullptr, nullptr, napi_default,
       nullptr},
  };
  napi_define_properties(env, exports, sizeof(fns) / sizeof(fns[0]), fns);
  return exports;
}

}  // namespace archc

NAPI_MODULE(NODE_GYP_MODULE_NAME, archc::Init)
