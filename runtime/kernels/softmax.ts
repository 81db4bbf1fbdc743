// Softmax over the last axis for float32 on the cpu backend: one pass per row (max, exp and sum,
// scale) instead of the stock chain of six kernels (Max, Reshape, Sub, Exp, Sum, RealDiv), each
// allocating a full-size intermediate.
import { f32, type CpuBackend, type KernelArgs, type KernelFn } from "./util.ts";

export function softmaxRows(x: Float32Array, n: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let o = 0; o < x.length; o += n) {
    let m = -Infinity;
    for (let j = 0; j < n; j++) if (x[o + j]! > m) m = x[o + j]!;
    let s = 0;
    for (let j = 0; j < n; j++) {
      const e = Math.fround(Math.exp(x[o + j]! - m)); // float32 like the stock Exp output
      out[o + j] = e;
      s += e;
    }
    const inv = Math.fround(s);
    for (let j = 0; j < n; j++) out[o + j] = out[o + j]! / inv;
  }
  return out;
}

export function makeSoftmax(stock: KernelFn): KernelFn {
  return (args: KernelArgs) => {
    const backend = args.backend as CpuBackend;
    const logits = args.inputs["logits"];
    const dim = (args.attrs ?? {})["dim"] as number;
    const xv = logits ? f32(backend, logits) : null;
    if (!logits || xv === null || logits.shape.length === 0) return stock(args);
    const rank = logits.shape.length;
    if (dim !== -1 && dim !== rank - 1) return stock(args); // stock raises the error
    const n = logits.shape[rank - 1]!;
    if (n === 0 || xv.length === 0) return stock(args);
    return backend.makeTensorInfo(logits.shape, "float32", softmaxRows(xv, n));
  };
}
