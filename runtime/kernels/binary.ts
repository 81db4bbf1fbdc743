// Broadcasting binary elementwise kernels (Add, Sub, Multiply, RealDiv, Maximum, Minimum,
// SquaredDifference, Pow) for float32 on the cpu backend. The stock path computes a full
// multi-index per element whenever shapes differ, and calls the op through one shared (thus
// megamorphic) callback. Here the broadcast is collapsed to the fewest dims (see collapseBroadcast):
// the common cases, same shape, scalar, last-axis ([B,T,d]+[d]) and row-broadcast ([B,T,d]·[B,T,1]),
// become an outer loop over rows and one inner loop with unit or zero strides, one loop per op.
import {
  broadcastShapes,
  collapseBroadcast,
  f32,
  sizeOf,
  type CpuBackend,
  type KernelArgs,
  type KernelFn,
} from "./util.ts";

export type BinaryOp =
  "Add" | "Sub" | "Multiply" | "RealDiv" | "Maximum" | "Minimum" | "SquaredDifference" | "Pow";
export const BINARY_OPS: readonly BinaryOp[] = [
  "Add",
  "Sub",
  "Multiply",
  "RealDiv",
  "Maximum",
  "Minimum",
  "SquaredDifference",
  "Pow",
];

/**
 * out[o+j] = a[pa + j*ia] ⊕ b[pb + j*ib] for j < n, strides 0 or 1. One specialised loop per op
 * keeps each monomorphic; the hottest ops also get unit-stride and scalar-operand loops without
 * the stride bookkeeping (these dominate a training step: activations, layernorm, Adam updates).
 */
function row(
  op: BinaryOp,
  a: Float32Array,
  pa: number,
  ia: number,
  b: Float32Array,
  pb: number,
  ib: number,
  out: Float32Array,
  o: number,
  n: number,
): void {
  const end = o + n;
  const d = pa - o,
    e = pb - o; // unit strides: a[o + d], b[o + e]
  if (ia === 1 && ib === 1) {
    switch (op) {
      case "Add":
        for (; o < end; o++) out[o] = a[o + d]! + b[o + e]!;
        return;
      case "Sub":
        for (; o < end; o++) out[o] = a[o + d]! - b[o + e]!;
        return;
      case "Multiply":
        for (; o < end; o++) out[o] = a[o + d]! * b[o + e]!;
        return;
      case "RealDiv":
        for (; o < end; o++) out[o] = a[o + d]! / b[o + e]!;
        return;
      default:
        break;
    }
  } else if (ia === 1 && ib === 0) {
    const s = b[pb]!;
    switch (op) {
      case "Add":
        for (; o < end; o++) out[o] = a[o + d]! + s;
        return;
      case "Sub":
        for (; o < end; o++) out[o] = a[o + d]! - s;
        return;
      case "Multiply":
        for (; o < end; o++) out[o] = a[o + d]! * s;
        return;
      case "RealDiv":
        for (; o < end; o++) out[o] = a[o + d]! / s;
        return;
      default:
        break;
    }
  } else if (ia === 0 && ib === 1) {
    const s = a[pa]!;
    switch (op) {
      case "Add":
        for (; o < end; o++) out[o] = s + b[o + e]!;
        return;
      case "Sub":
        for (; o < end; o++) out[o] = s - b[o + e]!;
        return;
      case "Multiply":
        for (; o < end; o++) out[o] = s * b[o + e]!;
        return;
      case "RealDiv":
        for (; o < end; o++) out[o] = s / b[o + e]!;
        return;
      default:
        break;
    }
  }
  strided(op, a, pa, ia, b, pb, ib, out, o, n);
}

function strided(
  op: BinaryOp,
  a: Float32Array,
  pa: number,
  ia: number,
  b: Float32Array,
  pb: number,
  ib: number,
  out: Float32Array,
  o: number,
  n: number,
): void {
  const end = o + n;
  switch (op) {
    case "Add":
      for (; o < end; o++, pa += ia, pb += ib) out[o] = a[pa]! + b[pb]!;
      return;
    case "Sub":
      for (; o < end; o++, pa += ia, pb += ib) out[o] = a[pa]! - b[pb]!;
      return;
    case "Multiply":
      for (; o < end; o++, pa += ia, pb += ib) out[o] = a[pa]! * b[pb]!;
      return;
    case "RealDiv":
      for (; o < end; o++, pa += ia, pb += ib) out[o] = a[pa]! / b[pb]!;
      return;
    case "Maximum":
      for (; o < end; o++, pa += ia, pb += ib) out[o] = Math.max(a[pa]!, b[pb]!);
      return;
    case "Minimum":
      for (; o < end; o++, pa += ia, pb += ib) out[o] = Math.min(a[pa]!, b[pb]!);
      return;
    case "SquaredDifference":
      for (; o < end; o++, pa += ia, pb += ib) {
        const d = a[pa]! - b[pb]!;
        out[o] = d * d;
      }
      return;
    case "Pow":
      for (; o < end; o++, pa += ia, pb += ib) out[o] = Math.pow(a[pa]!, b[pb]!);
      return;
  }
}

/** Elementwise a ⊕ b with numpy broadcasting; exported for tests and for other kernels. */
export function broadcastBinary(
  op: BinaryOp,
  av: Float32Array,
  aShape: readonly number[],
  bv: Float32Array,
  bShape: readonly number[],
  outShape: readonly number[],
): Float32Array {
  const out = new Float32Array(sizeOf(outShape));
  if (out.length === 0) return out;
  const { dims, sa, sb } = collapseBroadcast(aShape, bShape, outShape);
  const last = dims.length - 1;
  const n = dims[last]!,
    ia = sa[last]!,
    ib = sb[last]!;
  const rows = out.length / n;
  if (last === 0) {
    row(op, av, 0, ia, bv, 0, ib, out, 0, n);
    return out;
  }
  // Odometer over the outer (collapsed) dims, tracking each operand's offset.
  const idx = new Array<number>(last).fill(0);
  let pa = 0,
    pb = 0;
  for (let r = 0; r < rows; r++) {
    row(op, av, pa, ia, bv, pb, ib, out, r * n, n);
    for (let d = last - 1; d >= 0; d--) {
      idx[d]!++;
      pa += sa[d]!;
      pb += sb[d]!;
      if (idx[d]! < dims[d]!) break;
      pa -= sa[d]! * dims[d]!;
      pb -= sb[d]! * dims[d]!;
      idx[d] = 0;
    }
  }
  return out;
}

export function makeBinary(op: BinaryOp, stock: KernelFn): KernelFn {
  return (args: KernelArgs) => {
    const backend = args.backend as CpuBackend;
    const { a, b } = args.inputs;
    if (!a || !b || a.dtype !== "float32" || b.dtype !== "float32") return stock(args);
    const outShape = broadcastShapes(a.shape, b.shape);
    const av = f32(backend, a);
    const bv = f32(backend, b);
    if (outShape === null || av === null || bv === null) return stock(args);
    return backend.makeTensorInfo(
      outShape,
      "float32",
      broadcastBinary(op, av, a.shape, bv, b.shape, outShape),
    );
  };
}
