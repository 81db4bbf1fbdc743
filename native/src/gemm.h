// Matrix products and BLAS configuration (gemm.cc).
#pragma once
#include <cstdint>

namespace archc {

/** offsets: batches × [A offset, B offset, C offset] in elements; C is [M, N] per batch. */
void gemmBatch(int M, int N, int K, bool transA, bool transB, const float* A, const float* B,
               float* C, const int32_t* offsets, int batches);
/** C = alpha·op(A)·op(B) + beta·C, one product; lda, ldb, ldc: the row strides (row-major). */
void gemmStrided(int M, int N, int K, bool transA, bool transB, float alpha, const float* A,
                 int lda, const float* B, int ldb, float beta, float* C, int ldc);
void setThreads(int n);
int getThreads();
const char* blasName();

}  // namespace archc
