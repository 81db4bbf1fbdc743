// The elementwise, reduction, softmax, layout and optimizer kernels (elementwise.cc, reduce.cc,
// layout.cc, optim.cc).
// Each returns 0 when done, nonzero to decline (the JS caller then runs the fallback kernel).
#pragma once
#include <cstddef>
#include <cstdint>

namespace archc {

/** Binary ops, in the order of BINARY_CODES in runtime/kernels/native/kernels-elementwise.ts. */
enum BinaryOp { ADD, SUB, MUL, DIV, MAX, MIN, SQDIFF, POW, NUM_BINARY };
/** Unary ops, in the order of UNARY_CODES there. */
enum UnaryOp {
  EXP, LOG, TANH, SQRT, RSQRT, NEG, SQUARE, RECIP, RELU, SIGMOID, ABS, ERF, NUM_UNARY
};
enum ReduceOp { R_SUM, R_MEAN, R_MAX, R_MIN, NUM_REDUCE };

/** out = a ⊕ b over collapsed broadcast dims (rank ≤ 8) with per-dim element strides sa, sb. */
int binary(int op, const float* a, const float* b, float* out, const int32_t* dims,
           const int32_t* sa, const int32_t* sb, int rank);
int unary(int op, const float* x, float* out, size_t n);
/** x viewed as [outer, r, inner] → out [outer, inner]. */
int reduce(int op, const float* x, float* out, size_t outer, size_t r, size_t inner);
/** Row softmax of x [rows, cols]. */
void softmax(const float* x, float* out, size_t rows, size_t cols);
/** Permutes 4-byte elements: out[perm-order] = x, shape rank ≤ 8. */
int transpose(const uint32_t* x, uint32_t* out, const int32_t* shape, const int32_t* perm,
              int rank);
/** x [outer, axisLen, inner] gathered at idx[n] → out [outer, n, inner] (4-byte elements). */
int gather(const uint32_t* x, const int32_t* idx, uint32_t* out, size_t outer, size_t n,
           size_t axisLen, size_t inner);
/** out [segments, inner] = Σ rows of x [n, inner] by seg[n] (negative/out-of-range ids drop). */
void segmentSum(const float* x, const int32_t* seg, float* out, size_t n, size_t inner,
                size_t segments);

/** One AdamW step's constants (runtime/optim/adamw-kernel.ts AdamWStep). */
struct AdamWStep {
  double beta1, beta2, eps, stepSize, sqrtBc2, decay;
  /** The gradient is first scaled by this, in float32 (global-norm clipping's factor; 1: none). */
  double gradScale = 1.0;
};
/** In float32, with g ← g·gradScale: m' = β1·m + (1−β1)·g; v' = β2·v + (1−β2)·g²;
 *  p' = p·decay − (m' / (√v'/sqrtBc2 + ε))·stepSize. Outputs may be the inputs, else disjoint. */
void adamw(const float* p, const float* m, const float* v, const float* g, float* outP,
           float* outM, float* outV, size_t n, const AdamWStep& s);
/** Σ x² in double, in 16 lanes (the global gradient norm's squares). */
double sumSquares(const float* x, size_t n);

}  // namespace archc
