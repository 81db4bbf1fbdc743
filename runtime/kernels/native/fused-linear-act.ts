// A linear followed by gelu, gelu_tanh or silu (runtime/ops/fused.ts fusedLinear) as two native
// kernels on the `native` backend (native/src/fused_linear_act.cc): ArchcLinearActFwd runs the BLAS
// product z = x·W (the native _FusedMatMul kernel, no bias), then one pass adds the bias into z and
// writes y = f(z); ArchcLinearActBwd gives dz = dy·f'(z) and the bias gradient Σ_rows dz in one
// pass. The two matmul gradients follow (linear.ts matMulGrads). Replaces _FusedMatMul (bias added),
// ArchcActFwd, ArchcActBwd and the bias Sum: two kernel calls and two passes over [N, out] fewer.
import * as tf from "../../tf.ts";
import { withGradN } from "../../ops/grad.ts";
import { matMulGrads } from "../../ops/linear.ts";
import { f32, type CpuBackend, type KernelFn, type TensorInfo } from "../util.ts";
import { ACT_OPS, type NativeActivation } from "./fused-act.ts";
import {
  addon,
  check,
  fusedKernels,
  views,
  type FusedArgs,
  type FusedKernel,
} from "./fused-common.ts";
import { take } from "./pool.ts";
import { NATIVE_BACKEND } from "./register.ts";

export const LINEAR_ACT_FWD = "ArchcLinearActFwd";
export const LINEAR_ACT_BWD = "ArchcLinearActBwd";

const NONE = new Float32Array(0);
const PRODUCT = { transposeA: false, transposeB: false, activation: "linear", leakyreluAlpha: 0.2 };

type LinearActAttrs = { op: NativeActivation; hasBias: boolean };

function attrsOf(args: FusedArgs): { code: number; hasBias: boolean } {
  const { op, hasBias } = args.attrs as unknown as LinearActAttrs;
  return { code: ACT_OPS.indexOf(op), hasBias };
}

/** [y, z]: z = x·W + b [N, out] (kept for the backward), y = f(z). */
function forwardKernel(args: FusedArgs): tf.TensorInfo[] {
  const be = args.backend as CpuBackend;
  const { code, hasBias } = attrsOf(args);
  const { x, w } = args.inputs;
  const product = tf.getKernel("_FusedMatMul", NATIVE_BACKEND)!.kernelFunc as unknown as KernelFn;
  // a fresh [N, out] buffer of the native product: this kernel's own, so the bias goes in in place
  const z = product({ inputs: { a: x!, b: w! }, backend: be, attrs: PRODUCT }) as TensorInfo;
  const zv = f32(be, z)!; // float32: the product of float32 operands
  const bias = hasBias ? views(args, ["bias"])[0]! : NONE;
  const cols = z.shape[z.shape.length - 1]!;
  const y = take(zv.length); // every element written
  check(LINEAR_ACT_FWD, addon().biasActFwd(code, zv, bias, y, cols));
  return [be.makeTensorInfo([...z.shape], "float32", y), z];
}

/** [dz, dbias] (dz only without a bias) from the forward's z and dy. */
function backwardKernel(args: FusedArgs): tf.TensorInfo[] {
  const be = args.backend as CpuBackend;
  const { code, hasBias } = attrsOf(args);
  const [z, dy] = views(args, ["z", "dy"]);
  const shape = [...args.inputs["z"]!.shape];
  const cols = shape[shape.length - 1]!;
  const dz = take(z!.length);
  const db = hasBias ? take(cols) : NONE;
  check(LINEAR_ACT_BWD, addon().biasActBwd(code, z!, dy!, dz, db, cols));
  const out = be.makeTensorInfo(shape, "float32", dz);
  return hasBias ? [out, be.makeTensorInfo([cols], "float32", db)] : [out];
}

/**
 * op(x [N, in] · w [in, out] + bias [out]) [N, out] with its own gradient on the native backend
 * (fused kernels on); null elsewhere (the caller runs linear, then the activation's op).
 */
export function nativeLinearActivation(
  op: NativeActivation,
  x: tf.Tensor2D,
  w: tf.Tensor2D,
  bias: tf.Tensor1D | null,
): tf.Tensor2D | null {
  if ([x, w, bias ?? x].some((t) => t.dtype !== "float32") || x.size === 0 || w.size === 0)
    return null;
  const kernels: [string, FusedKernel][] = [
    [LINEAR_ACT_FWD, forwardKernel],
    [LINEAR_ACT_BWD, backwardKernel],
  ];
  if (!fusedKernels(["biasActFwd", "biasActBwd"], ...kernels)) return null;
  const hasBias = bias !== null;
  const attrs = { op, hasBias } as unknown as tf.NamedAttrMap;
  const inputs = hasBias ? [x, w, bias] : [x, w];
  return withGradN(inputs, ([xi, wi, bi], save) => {
    const named = hasBias ? { x: xi!, w: wi!, bias: bi! } : { x: xi!, w: wi! };
    const [y, z] = tf.engine().runKernel(LINEAR_ACT_FWD, named, attrs) as tf.Tensor[];
    save([xi!, wi!, z!]);
    return {
      value: y!,
      gradFunc: (dy, [sx, sw, sz]) => {
        const [dz, db] = tf
          .engine()
          .runKernel(LINEAR_ACT_BWD, { z: sz!, dy }, attrs) as tf.Tensor[];
        // [N, in], [in, out]
        const grads = matMulGrads(dz as tf.Tensor2D, sx as tf.Tensor2D, sw as tf.Tensor2D);
        tf.dispose(dz!);
        return hasBias ? [...grads, db!] : grads;
      },
    };
  }) as tf.Tensor2D;
}
