// The `native` backend: tfjs's cpu backend class (so tensors live in the cpu backend's typed
// arrays and every kernel without a native version runs as on cpu-fast, then stock cpu) with the
// addon's kernels registered on top: matrix products through the BLAS, elementwise, reductions,
// softmax, transpose, concat, split, pad, gather and scatter-add. Their outputs come from pool.ts
// and return there when disposed (the backend instance's disposeData/read/readSync are wrapped for it; every
// other kernel marks its inputs escaped). registerNativeBackend() returns null when it is
// registered, else the one-line reason the addon is unavailable.
import * as tf from "../../tf.ts";
import { BINARY_OPS } from "../binary.ts";
import { FAST_CPU_BACKEND, registerFastCpuBackend } from "../index.ts";
import type { CpuBackend, KernelArgs, KernelFn } from "../util.ts";
import { loadAddon, type NativeAddon } from "./addon.ts";
import { fastConcat } from "./concat.ts";
import { escape, escapeInputs, recycle } from "./pool.ts";
import { nativeGather, nativeSegmentSum } from "./gather.ts";
import { fastPadV2, fastSplitV } from "./split-pad.ts";
import {
  NATIVE_UNARY,
  nativeBinary,
  nativeFusedMatMul,
  nativeMatMul,
  nativeReduce,
  nativeSoftmax,
  nativeTranspose,
  nativeUnary,
} from "./kernels.ts";

export const NATIVE_BACKEND = "native";

type Factory = (addon: NativeAddon, fallback: KernelFn) => KernelFn;

/** Kernel name → native factory (taking the cpu-fast kernel as its fallback). */
const NATIVE_FACTORIES: ReadonlyMap<string, Factory> = new Map<string, Factory>([
  ["BatchMatMul", nativeMatMul],
  ["_FusedMatMul", nativeFusedMatMul],
  ["Softmax", nativeSoftmax],
  ["Transpose", nativeTranspose],
  ["Concat", (_a, s) => fastConcat(s)],
  ["SplitV", (_a, s) => fastSplitV(s)],
  ["PadV2", (_a, s) => fastPadV2(s)],
  ["GatherV2", nativeGather],
  ["UnsortedSegmentSum", nativeSegmentSum],
  ...(["Sum", "Mean", "Max", "Min"] as const).map(
    (op) => [op, (a: NativeAddon, s: KernelFn) => nativeReduce(a, op, s)] as const,
  ),
  ...BINARY_OPS.map((op) => [op, (a: NativeAddon, s: KernelFn) => nativeBinary(a, op, s)] as const),
  ...NATIVE_UNARY.map(
    (op) => [op, (a: NativeAddon, s: KernelFn) => nativeUnary(a, op, s)] as const,
  ),
]);

/** Kernels that only share their input's data by reference count (no views): inputs stay owned. */
const SHARING = new Set(["Reshape", "Identity", "ExpandDims", "Squeeze"]);

/** The kernel with its inputs' buffers marked escaped first (it may keep views of them). */
function escaping(fn: KernelFn): KernelFn {
  return (args: KernelArgs) => {
    escapeInputs(args.backend as CpuBackend, args.inputs as Record<string, unknown>);
    return fn(args);
  };
}

interface PooledBackend extends CpuBackend {
  disposeData(dataId: object, force?: boolean): boolean;
  readSync(dataId: object): unknown;
  read(dataId: object): Promise<unknown>;
}

/** Wraps a new backend instance: disposed data returns to the pool, data read by users escapes. */
function pooled(backend: PooledBackend): PooledBackend {
  const dispose = backend.disposeData.bind(backend);
  const readSync = backend.readSync.bind(backend);
  const read = backend.read.bind(backend);
  backend.disposeData = (dataId, force) => {
    const values = backend.data.get(dataId)?.values;
    const gone = dispose(dataId, force);
    if (gone) recycle(values);
    return gone;
  };
  backend.readSync = (dataId) => {
    escape(backend.data.get(dataId)?.values);
    return readSync(dataId);
  };
  backend.read = (dataId) => {
    escape(backend.data.get(dataId)?.values);
    return read(dataId);
  };
  return backend;
}

/** Names of the kernels the native backend runs in C++. */
export const NATIVE_KERNELS: readonly string[] = [...NATIVE_FACTORIES.keys()];

/** The addon when the native backend can run, else the reason it cannot (one line). */
export function nativeAvailable(): NativeAddon | string {
  return loadAddon();
}

/** Registers NATIVE_BACKEND (idempotent); null when registered, else why not. */
export function registerNativeBackend(): string | null {
  if (tf.findBackendFactory(NATIVE_BACKEND) != null) return null;
  const addon = loadAddon();
  if (typeof addon === "string") return addon;
  registerFastCpuBackend();
  const factory = tf.findBackendFactory(FAST_CPU_BACKEND);
  if (factory == null) return "tfjs has no cpu backend registered";
  for (const cfg of tf.getKernelsForBackend(FAST_CPU_BACKEND)) {
    if (tf.getKernel(cfg.kernelName, NATIVE_BACKEND) !== undefined) continue; // registered for native itself
    const make = NATIVE_FACTORIES.get(cfg.kernelName);
    const js = cfg.kernelFunc as unknown as KernelFn;
    const fn =
      make === undefined
        ? SHARING.has(cfg.kernelName)
          ? js
          : escaping(js)
        : make(addon, escaping(js));
    const kernelFunc = fn as unknown as tf.KernelFunc;
    tf.registerKernel({ ...cfg, backendName: NATIVE_BACKEND, kernelFunc });
  }
  tf.registerBackend(
    NATIVE_BACKEND,
    () => pooled(factory() as unknown as PooledBackend) as unknown as tf.KernelBackend,
    -1,
  );
  return null;
}
