// Kernels of the `native` backend: tfjs kernel functions that run the addon's C++ on the cpu
// backend's own typed arrays (native/src). Each takes the kernel it replaces (the cpu-fast JS one,
// which itself falls back to stock) and calls it for anything the addon does not cover or declines.
// Shape logic is shared with the JS kernels (collapseBroadcast, reduceLayout, collapsePerm).
import * as tf from "../../tf.ts";
import { BINARY_OPS, type BinaryOp } from "../binary.ts";
import { makeBatchMatMul, makeFusedMatMul, type BatchGemm } from "../matmul.ts";
import { parseAxes, reduceLayout, type ReduceOp } from "../reduce.ts";
import { collapsePerm } from "../transpose.ts";
import {
  broadcastShapes,
  collapseBroadcast,
  f32,
  rawValues,
  sizeOf,
  type CpuBackend,
  type KernelArgs,
  type KernelFn,
  type TensorInfo,
} from "../util.ts";
import type { NativeAddon } from "./addon.ts";
import { take } from "./pool.ts";

/** Unary ops in the order of native/src/kernels.h's UnaryOp. */
export const NATIVE_UNARY = [
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
  "Erf",
] as const;
const REDUCE_CODES: readonly ReduceOp[] = ["Sum", "Mean", "Max", "Min"];

/** BLAS products for matmul.ts (one addon call per product, all batches). */
export function blasGemm(addon: NativeAddon): BatchGemm {
  return (M, N, K, tA, tB, a, b, c, offsets) =>
    addon.gemm(a, b, c, M, N, K, tA ? 1 : 0, tB ? 1 : 0, offsets) === 0;
}

export function nativeMatMul(addon: NativeAddon, stock: KernelFn): KernelFn {
  return makeBatchMatMul(stock, blasGemm(addon), take);
}

/**
 * _FusedMatMul: the BLAS product, then (linear activation) the bias added in place by the addon's
 * broadcasting Add (matmul.ts adds it in a JS loop, ~10 ms of a gpt.arch step; the same float sums).
 */
export function nativeFusedMatMul(addon: NativeAddon, stock: KernelFn): KernelFn {
  const fused = makeFusedMatMul(stock, blasGemm(addon), take);
  const ADD = BINARY_OPS.indexOf("Add");
  return (args: KernelArgs) => {
    const backend = args.backend as CpuBackend;
    const { a, b, bias, preluActivationWeights } = args.inputs;
    const linear = (args.attrs?.["activation"] ?? "linear") === "linear";
    if (!a || !b || !bias || preluActivationWeights || !linear) return fused(args);
    const biasV = f32(backend, bias);
    if (biasV === null) return fused(args);
    const p = fused({ ...args, inputs: { a, b } }) as TensorInfo; // a · b, [..., M, N]
    const pv = f32(backend, p);
    const outShape = broadcastShapes(p.shape, bias.shape);
    if (pv !== null && outShape !== null && tf.util.arraysEqual(outShape, p.shape)) {
      if (binaryInto(addon, ADD, pv, p.shape, biasV, bias.shape, pv, outShape)) return p;
    }
    backend.disposeIntermediateTensorInfo(p);
    return fused(args);
  };
}

export function nativeBinary(addon: NativeAddon, op: BinaryOp, stock: KernelFn): KernelFn {
  const code = BINARY_OPS.indexOf(op); // the C enum follows BINARY_OPS
  return (args: KernelArgs) => {
    const backend = args.backend as CpuBackend;
    const { a, b } = args.inputs;
    if (!a || !b || a.dtype !== "float32" || b.dtype !== "float32") return stock(args);
    const outShape = broadcastShapes(a.shape, b.shape);
    const av = f32(backend, a);
    const bv = f32(backend, b);
    if (outShape === null || av === null || bv === null) return stock(args);
    const out = take(sizeOf(outShape));
    if (out.length === 0) return stock(args);
    return binaryInto(addon, code, av, a.shape, bv, b.shape, out, outShape)
      ? backend.makeTensorInfo(outShape, "float32", out)
      : stock(args);
  };
}

/**
 * out = a op b broadcast to outShape by the addon (op a BINARY_OPS index); false when the collapsed
 * broadcast has more than the addon's 8 dimensions or the addon declines (out then unspecified).
 */
function binaryInto(
  addon: NativeAddon,
  op: number,
  av: Float32Array,
  aShape: readonly number[],
  bv: Float32Array,
  bShape: readonly number[],
  out: Float32Array,
  outShape: readonly number[],
): boolean {
  const { dims, sa, sb } = collapseBroadcast(aShape, bShape, outShape);
  if (dims.length > 8) return false;
  const code = addon.binary(
    op,
    av,
    bv,
    out,
    Int32Array.from(dims),
    Int32Array.from(sa),
    Int32Array.from(sb),
  );
  return code === 0;
}

export function nativeUnary(
  addon: NativeAddon,
  op: (typeof NATIVE_UNARY)[number],
  stock: KernelFn,
): KernelFn {
  const code = NATIVE_UNARY.indexOf(op);
  return (args: KernelArgs) => {
    const backend = args.backend as CpuBackend;
    const x = args.inputs["x"];
    const xv = x ? f32(backend, x) : null;
    if (!x || xv === null) return stock(args);
    const out = take(xv.length);
    if (addon.unary(code, xv, out) !== 0) return stock(args);
    return backend.makeTensorInfo(x.shape, "float32", out);
  };
}

export function nativeReduce(addon: NativeAddon, op: ReduceOp, stock: KernelFn): KernelFn {
  const code = REDUCE_CODES.indexOf(op);
  return (args: KernelArgs) => {
    const backend = args.backend as CpuBackend;
    const x = args.inputs["x"];
    const attrs = args.attrs ?? {};
    const xv = x ? f32(backend, x) : null;
    if (!x || xv === null || xv.length === 0) return stock(args);
    const axes = parseAxes(
      op === "Max" ? attrs["reductionIndices"] : attrs["axis"],
      x.shape.length,
    );
    const layout = reduceLayout(x.shape, axes);
    if (layout === null) return stock(args);
    const out = take(layout.O * layout.I);
    if (addon.reduce(code, xv, out, layout.O, layout.R, layout.I) !== 0) return stock(args);
    const shape =
      attrs["keepDims"] === true
        ? x.shape.map((s, d) => (axes.includes(d) ? 1 : s))
        : x.shape.filter((_, d) => !axes.includes(d));
    return backend.makeTensorInfo(shape, "float32", out);
  };
}

export function nativeSoftmax(addon: NativeAddon, stock: KernelFn): KernelFn {
  return (args: KernelArgs) => {
    const backend = args.backend as CpuBackend;
    const logits = args.inputs["logits"];
    const dim = (args.attrs ?? {})["dim"] as number;
    const xv = logits ? f32(backend, logits) : null;
    if (!logits || xv === null || logits.shape.length === 0 || xv.length === 0) return stock(args);
    const rank = logits.shape.length;
    if (dim !== -1 && dim !== rank - 1) return stock(args); // stock raises the error
    const out = take(xv.length);
    if (addon.softmax(xv, out, logits.shape[rank - 1]!) !== 0) return stock(args);
    return backend.makeTensorInfo(logits.shape, "float32", out);
  };
}

/** The tensor's values as a 4-byte typed array (float32, int32), or null. */
function words(backend: CpuBackend, t: tf.TensorInfo): Float32Array | Int32Array | null {
  if (t.dtype === "float32") return f32(backend, t);
  const v = t.dtype === "int32" ? rawValues(backend, t) : null;
  return v instanceof Int32Array ? v : null;
}

export function nativeTranspose(addon: NativeAddon, stock: KernelFn): KernelFn {
  return (args: KernelArgs) => {
    const backend = args.backend as CpuBackend;
    const x = args.inputs["x"];
    const perm = (args.attrs ?? {})["perm"] as number[];
    const xv = x ? words(backend, x) : null;
    if (!x || xv === null || xv.length === 0) return stock(args);
    const c = collapsePerm(x.shape, perm);
    const outShape = perm.map((p) => x.shape[p]!);
    const out = xv instanceof Float32Array ? take(xv.length) : new Int32Array(xv.length);
    if (c.shape.length <= 1) out.set(xv);
    else if (addon.transpose(xv, out, Int32Array.from(c.shape), Int32Array.from(c.perm)) !== 0)
      return stock(args);
    return backend.makeTensorInfo(outShape, x.dtype, out);
  };
}
