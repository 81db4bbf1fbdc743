// The activations with hand-written gradients (runtime/ops/activations.ts: gelu, geluTanh, silu)
// as two native kernels (native/src/fused_act.cc) on the `native` backend: ArchcActFwd gives y;
// ArchcActBwd gives dx = dy·f'(x) from the saved x in one pass (the composed ops run 5–9 kernels
// and keep an [..., d] intermediate besides x).
import * as tf from "../../tf.ts";
import { withGrad } from "../../ops/grad.ts";
import type { CpuBackend } from "../util.ts";
import { addon, check, fusedKernels, views, type FusedArgs } from "./fused-common.ts";
import { take } from "./pool.ts";

export const ACT_FWD = "ArchcActFwd";
export const ACT_BWD = "ArchcActBwd";

/** The activations the kernels compute, in the order of native/src/fused_act.cc's ActOp. */
export const ACT_OPS = ["gelu", "gelu_tanh", "silu"] as const;
export type NativeActivation = (typeof ACT_OPS)[number];

function opOf(args: FusedArgs): number {
  return ACT_OPS.indexOf((args.attrs as { op: NativeActivation }).op);
}

function forwardKernel(args: FusedArgs): tf.TensorInfo {
  const be = args.backend as CpuBackend;
  const [x] = views(args, ["x"]);
  const y = take(x!.length); // every element written
  check(ACT_FWD, addon().actFwd(opOf(args), x!, y));
  return be.makeTensorInfo([...args.inputs["x"]!.shape], "float32", y);
}

function backwardKernel(args: FusedArgs): tf.TensorInfo {
  const be = args.backend as CpuBackend;
  const [x, dy] = views(args, ["x", "dy"]);
  const dx = take(x!.length);
  check(ACT_BWD, addon().actBwd(opOf(args), x!, dy!, dx));
  return be.makeTensorInfo([...args.inputs["x"]!.shape], "float32", dx);
}

/** op(x) with its own gradient on the native backend; null elsewhere (the caller's composed ops). */
export function nativeActivation<T extends tf.Tensor>(op: NativeActivation, x: T): T | null {
  if (x.dtype !== "float32" || x.size === 0) return null;
  if (!fusedKernels(["actFwd", "actBwd"], [ACT_FWD, forwardKernel], [ACT_BWD, backwardKernel]))
    return null;
  const attrs = { op } as unknown as tf.NamedAttrMap;
  return withGrad(x, (xi, save) => {
    save([xi]);
    return {
      value: tf.engine().runKernel(ACT_FWD, { x: xi }, attrs) as tf.Tensor,
      gradFunc: (dy, [sx]) => tf.engine().runKernel(ACT_BWD, { x: sx!, dy }, attrs) as tf.Tensor,
    };
  }) as T;
}
