// Matrix products: C[b] = op(A[b]) · op(B[b]) (row-major, float32) for a list of batch offsets,
// through OpenBLAS's cblas_sgemm (ARCHC_OPENBLAS) or, without a BLAS, a bundled cache-blocked
// loop. Also the BLAS thread count and a one-line description of the BLAS in use.
#include "gemm.h"

#include <algorithm>
#include <cstring>

#ifdef ARCHC_OPENBLAS
#include <cblas.h>
#endif

namespace archc {

#ifndef ARCHC_OPENBLAS
// Bundled GEMM: C = alpha·op(A)·op(B) + beta·C (row i of C at C + i*ldc), blocked over k and j
// so rows of B stay in cache; op(A)(i,k) = A[i*ars + k*aks], op(B)(k,j) = B[k*bks + j*bjs]. The
// unit-stride inner loop vectorises.
static void bundled(int M, int N, int K, float alpha, const float* A, int ars, int aks,
                    const float* B, int bks, int bjs, float beta, float* C, int ldc) {
  for (int i = 0; i < M; i++) {
    float* c = C + size_t(i) * ldc;
    if (beta == 0.0f)
      std::memset(c, 0, sizeof(float) * size_t(N));
    else if (beta != 1.0f)
      for (int j = 0; j < N; j++) c[j] *= beta;
  }
  const int KB = 256, JB = 512;
  float* row = new float[JB];
  for (int k0 = 0; k0 < K; k0 += KB) {
    const int k1 = std::min(K, k0 + KB);
    for (int j0 = 0; j0 < N; j0 += JB) {
      const int j1 = std::min(N, j0 + JB);
      for (int i = 0; i < M; i++) {
        float* c = C + size_t(i) * ldc;
        for (int k = k0; k < k1; k++) {
          const float a = alpha * A[size_t(i) * ars + size_t(k) * aks];
          if (a == 0.0f) continue;
          const float* b = B + size_t(k) * bks;
          if (bjs == 1) {
            for (int j = j0; j < j1; j++) c[j] += a * b[j];
          } else {
            for (int j = j0; j < j1; j++) row[j - j0] = b[size_t(j) * bjs];
            for (int j = j0; j < j1; j++) c[j] += a * row[j - j0];
          }
        }
      }
    }
  }
  delete[] row;
}
#endif

#ifdef ARCHC_OPENBLAS
// BLAS threads: `threads` (OpenBLAS's default, all cores, or setThreads) for products of at least
// THREADED_MACS multiply-adds, one below that, where waking a second thread costs more than it
// gains (measured on 2 cores: see bench/results.md, OPENBLAS_NUM_THREADS=1/2 rows).
static int threads = 0;
static int current = 0;
static const double THREADED_MACS = double(1 << 26);

static void useThreads(double macs) {
  if (threads == 0) threads = current = openblas_get_num_threads();
  const int want = macs >= THREADED_MACS ? threads : 1;
  if (want != current) {
    openblas_set_num_threads(want);
    current = want;
  }
}
#endif

void gemmBatch(int M, int N, int K, bool transA, bool transB, const float* A, const float* B,
               float* C, const int32_t* offsets, int batches) {
#ifdef ARCHC_OPENBLAS
  useThreads(double(M) * double(N) * double(K));
#endif
  const int lda = transA ? M : K;
  const int ldb = transB ? K : N;
  for (int b = 0; b < batches; b++) {
    const float* a = A + offsets[3 * b];
    const float* bb = B + offsets[3 * b + 1];
    float* c = C + offsets[3 * b + 2];
    if (K == 0) {
      std::memset(c, 0, sizeof(float) * size_t(M) * size_t(N));
      continue;
    }
#ifdef ARCHC_OPENBLAS
    cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans,
                transB ? CblasTrans : CblasNoTrans, M, N, K, 1.0f, a, lda, bb, ldb, 0.0f, c, N);
#else
    bundled(M, N, K, 1.0f, a, transA ? 1 : lda, transA ? lda : 1, bb, transB ? 1 : ldb,
            transB ? ldb : 1, 0.0f, c, N);
#endif
  }
}

void gemmStrided(int M, int N, int K, bool transA, bool transB, float alpha, const float* A,
                 int lda, const float* B, int ldb, float beta, float* C, int ldc) {
#ifdef ARCHC_OPENBLAS
  useThreads(double(M) * double(N) * double(K));
  cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans,
              transB ? CblasTrans : CblasNoTrans, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
#else
  bundled(M, N, K, alpha, A, transA ? 1 : lda, transA ? lda : 1, B, transB ? 1 : ldb,
          transB ? ldb : 1, beta, C, ldc);
#endif
}

void setThreads(int n) {
#ifdef ARCHC_OPENBLAS
  openblas_set_num_threads(n);
  threads = current = n;
#else
  (void)n;
#endif
}

int getThreads() {
#ifdef ARCHC_OPENBLAS
  if (threads == 0) threads = current = openblas_get_num_threads();
  return threads;
#else
  return 1;
#endif
}

const char* blasName() {
#ifdef ARCHC_OPENBLAS
  return openblas_get_config();
#else
  return "bundled GEMM (no BLAS found at build time)";
#endif
}

}  // namespace archc
