// Unary float32 kernels (Exp, Log, Tanh, Sqrt, Rsqrt, Neg, Square, Reciprocal, Relu, Sigmoid, Abs)
// and Cast to float32. The stock unary kernels share one loop that calls the op through a callback,
// which V8 cannot inline once several ops use it; here each op has its own loop. Cast from int32 or
// bool to float32 produces a real Float32Array (stock keeps the integer array underneath, which sends
// every later kernel on that tensor down a slower, polymorphic path).
import { f32, rawValues, type CpuBackend, type KernelArgs, type KernelFn } from "./util.ts";

export type UnaryOp =
  | "Exp"
  | "Log"
  | "Tanh"
  | "Sqrt"
  | "Rsqrt"
  | "Neg"
  | "Square"
  | "Reciprocal"
  | "Relu"
  | "Sigmoid"
  | "Abs";
export const UNARY_OPS: readonly UnaryOp[] = [
  "Exp",
  "Log",
  "Tanh",
  "Sqrt",
  "Rsqrt",
  "Neg",
  "Square",
  "Reciprocal",
  "Relu",
  "Sigmoid",
  "Abs",
];

function apply(op: UnaryOp, x: Float32Array, out: Float32Array): void {
  const n = x.length;
  switch (op) {
    case "Exp":
      for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]!);
      return;
    case "Log":
      for (let i = 0; i < n; i++) out[i] = Math.log(x[i]!);
      return;
    case "Tanh":
      for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]!);
      return;
    case "Sqrt":
      for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i]!);
      return;
    case "Rsqrt":
      for (let i = 0; i < n; i++) out[i] = 1 / Math.sqrt(x[i]!);
      return;
    case "Neg":
      for (let i = 0; i < n; i++) out[i] = -x[i]!;
      return;
    case "Square":
      for (let i = 0; i < n; i++) out[i] = x[i]! * x[i]!;
      return;
    case "Reciprocal":
      for (let i = 0; i < n; i++) out[i] = 1 / x[i]!;
      return;
    case "Relu":
      for (let i = 0; i < n; i++) out[i] = x[i]! < 0 ? 0 : x[i]!;
      return;
    case "Sigmoid":
      for (let i = 0; i < n; i++) out[i] = 1 / (1 + Math.exp(-x[i]!));
      return;
    case "Abs":
      for (let i = 0; i < n; i++) out[i] = Math.abs(x[i]!);
      return;
  }
}

export function makeUnary(op: UnaryOp, stock: KernelFn): KernelFn {
  return (args: KernelArgs) => {
    const backend = args.backend as CpuBackend;
    const x = args.inputs["x"];
    const xv = x ? f32(backend, x) : null;
    if (!x || xv === null) return stock(args);
    const out = new Float32Array(xv.length);
    apply(op, xv, out);
    return backend.makeTensorInfo(x.shape, "float32", out);
  };
}

export function makeCast(stock: KernelFn): KernelFn {
  return (args: KernelArgs) => {
    const backend = args.backend as CpuBackend;
    const x = args.inputs["x"];
    const dtype = (args.attrs ?? {})["dtype"];
    if (!x || dtype !== "float32" || (x.dtype !== "int32" && x.dtype !== "bool"))
      return stock(args);
    const v = rawValues(backend, x);
    if (v === null) return stock(args);
    return backend.makeTensorInfo(x.shape, "float32", Float32Array.from(v));
  };
}
