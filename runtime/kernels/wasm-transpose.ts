// Transpose for the wasm backend: tfjs-backend-wasm 4.22 transposes a large matrix element by
// element in input order (a [1024, 512] float32 transpose takes ~3.8 ms, 7 ns per element), and
// every linear layer's weight gradient transposes its [N, in] input. This kernel runs the tiled
// JS transpose of transpose.ts directly on the wasm heap (no copies) for float32/int32 matrix
// transposes, batched or not (~1 ms for that [1024, 512]), and leaves every other permutation
// and small matrices, where the stock kernel is faster, to the stock kernel.
import type * as tf from "../tf.ts";
import { collapsePerm, transposeInto } from "./transpose.ts";
import { withViews, type WasmBackendInternals } from "./wasm-heap.ts";

/** Smaller matrices stay with the stock kernel (measured: faster than this one up to ~64×64). */
const MIN_MATRIX = 128 * 128;

function isMatrixTranspose(shape: readonly number[], perm: readonly number[]): boolean {
  const c = collapsePerm(shape, perm);
  const r = c.perm.length;
  if (r < 2 || c.shape[r - 1]! * c.shape[r - 2]! < MIN_MATRIX) return false;
  return (
    c.perm[r - 1] === r - 2 &&
    c.perm[r - 2] === r - 1 &&
    c.perm.slice(0, -2).every((p, d) => p === d)
  );
}

export function makeWasmTranspose(stock: tf.KernelFunc): tf.KernelFunc {
  return ((args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }) => {
    const x = args.inputs["x"]!;
    const perm = args.attrs?.["perm"] as number[] | undefined;
    const be = args.backend as WasmBackendInternals;
    if (
      perm === undefined ||
      (x.dtype !== "float32" && x.dtype !== "int32") ||
      !isMatrixTranspose(x.shape, perm)
    )
      return stock(args as Parameters<tf.KernelFunc>[0]);
    const out = be.makeOutput(
      perm.map((p) => x.shape[p]!),
      x.dtype,
    );
    withViews(be, [x, out], ([xv, ov]) => transposeInto(xv!, ov!, x.shape, perm));
    return out;
  }) as unknown as tf.KernelFunc;
}
