// Matrix products and BLAS configuration (gemm.cc).
#pragma once
#include <cstdint>

namespace archc {

/** offsets: batches × [A offset, B offset, C offset] in elements; C is [M, N] per batch. */
void gemmBatch(int M, int N, int K, bool transA, bool transB, const float* A, const float* B,
               float* C, const int32_t* offsets, int batches);
void setThreads(int n);
int getThreads();
const char* blasName();

}  // namespace archc
