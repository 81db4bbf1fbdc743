// A cache-blocked single-precision GEMM in plain JS: C[M,N] += op(A)·op(B) for any strides, so
// transposes are only a matter of how the panels are packed. Shape of the loop (GotoBLAS style):
//   for each K block (KC): pack B's columns into 4-wide panels (k-major, zero padded);
//     for each M block (MC): pack A's rows into 4-tall panels;
//       for each B panel (stays in L1) × each A panel (streams from L2): a 4×4 register tile.
// The 4×4 tile does 16 multiply-adds per 8 contiguous loads and keeps 16 independent accumulator
// chains, which is what lets V8's scalar code approach the FPU's throughput (the stock kernel does
// 2 strided loads per multiply-add into one dependent chain). Accumulation is in double precision.

const KC = 256;
const MC = 64;

let packA = new Float64Array(MC * KC);
let packB = new Float64Array(4 * KC);

/**
 * C[cOff + i*N + j] += Σ_k A(i,k)·B(k,j), where A(i,k) = a[aOff + i*ars + k*aks] and
 * B(k,j) = b[bOff + k*bks + j*bjs]. C is row-major [M, N].
 */
export function gemm(
  M: number,
  N: number,
  K: number,
  a: Float32Array,
  aOff: number,
  ars: number,
  aks: number,
  b: Float32Array,
  bOff: number,
  bks: number,
  bjs: number,
  c: Float32Array,
  cOff: number,
): void {
  const Np = (N + 3) >> 2;
  for (let pc = 0; pc < K; pc += KC) {
    const kc = Math.min(KC, K - pc);
    const bNeed = Np * 4 * kc;
    if (packB.length < bNeed) packB = new Float64Array(bNeed);
    const Bp = packB;
    // Pack B: panel jp holds columns 4jp..4jp+3, laid out [k][4].
    for (let jp = 0; jp < Np; jp++) {
      const base = jp * kc * 4;
      for (let cc = 0; cc < 4; cc++) {
        const j = jp * 4 + cc;
        if (j < N) {
          let src = bOff + pc * bks + j * bjs;
          for (let k = 0, d = base + cc; k < kc; k++, d += 4, src += bks) Bp[d] = b[src]!;
        } else {
          for (let k = 0, d = base + cc; k < kc; k++, d += 4) Bp[d] = 0;
        }
      }
    }
    for (let ic = 0; ic < M; ic += MC) {
      const mc = Math.min(MC, M - ic);
      const Mp = (mc + 3) >> 2;
      const aNeed = Mp * 4 * kc;
      if (packA.length < aNeed) packA = new Float64Array(aNeed);
      const Ap = packA;
      // Pack A: panel ip holds rows 4ip..4ip+3 of this block, laid out [k][4].
      for (let ip = 0; ip < Mp; ip++) {
        const base = ip * kc * 4;
        for (let r = 0; r < 4; r++) {
          const i = ip * 4 + r;
          if (i < mc) {
            let src = aOff + (ic + i) * ars + pc * aks;
            for (let k = 0, d = base + r; k < kc; k++, d += 4, src += aks) Ap[d] = a[src]!;
          } else {
            for (let k = 0, d = base + r; k < kc; k++, d += 4) Ap[d] = 0;
          }
        }
      }
      for (let jp = 0; jp < Np; jp++) {
        const j0 = jp * 4;
        const bBase = jp * kc * 4;
        for (let ip = 0; ip < Mp; ip++) {
          let pa = ip * kc * 4;
          let pb = bBase;
          let c00 = 0,
            c01 = 0,
            c02 = 0,
            c03 = 0;
          let c10 = 0,
            c11 = 0,
            c12 = 0,
            c13 = 0;
          let c20 = 0,
            c21 = 0,
            c22 = 0,
            c23 = 0;
          let c30 = 0,
            c31 = 0,
            c32 = 0,
            c33 = 0;
          for (let k = 0; k < kc; k++) {
            const a0 = Ap[pa]!,
              a1 = Ap[pa + 1]!,
              a2 = Ap[pa + 2]!,
              a3 = Ap[pa + 3]!;
            const b0 = Bp[pb]!,
              b1 = Bp[pb + 1]!,
              b2 = Bp[pb + 2]!,
              b3 = Bp[pb + 3]!;
            c00 += a0 * b0;
            c01 += a0 * b1;
            c02 += a0 * b2;
            c03 += a0 * b3;
            c10 += a1 * b0;
            c11 += a1 * b1;
            c12 += a1 * b2;
            c13 += a1 * b3;
            c20 += a2 * b0;
            c21 += a2 * b1;
            c22 += a2 * b2;
            c23 += a2 * b3;
            c30 += a3 * b0;
            c31 += a3 * b1;
            c32 += a3 * b2;
            c33 += a3 * b3;
            pa += 4;
            pb += 4;
          }
          const i0 = ic + ip * 4;
          let o = cOff + i0 * N + j0;
          if (i0 + 4 <= M && j0 + 4 <= N) {
            c[o] = c[o]! + c00;
            c[o + 1] = c[o + 1]! + c01;
            c[o + 2] = c[o + 2]! + c02;
            c[o + 3] = c[o + 3]! + c03;
            o += N;
            c[o] = c[o]! + c10;
            c[o + 1] = c[o + 1]! + c11;
            c[o + 2] = c[o + 2]! + c12;
            c[o + 3] = c[o + 3]! + c13;
            o += N;
            c[o] = c[o]! + c20;
            c[o + 1] = c[o + 1]! + c21;
            c[o + 2] = c[o + 2]! + c22;
            c[o + 3] = c[o + 3]! + c23;
            o += N;
            c[o] = c[o]! + c30;
            c[o + 1] = c[o + 1]! + c31;
            c[o + 2] = c[o + 2]! + c32;
            c[o + 3] = c[o + 3]! + c33;
          } else {
            // Edge tile: write only the rows/columns inside C.
            const tile = [
              c00,
              c01,
              c02,
              c03,
              c10,
              c11,
              c12,
              c13,
              c20,
              c21,
              c22,
              c23,
              c30,
              c31,
              c32,
              c33,
            ];
            for (let r = 0; r < 4 && i0 + r < M; r++) {
              for (let cc = 0; cc < 4 && j0 + cc < N; cc++)
                c[o + r * N + cc] = c[o + r * N + cc]! + tile[r * 4 + cc]!;
            }
          }
        }
      }
    }
  }
}
