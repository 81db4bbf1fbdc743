// Fast plain-JS kernels for tfjs's `cpu` backend, installed with tf.registerKernel over the stock
// ones. Two ways to use them:
//   enableFastCpuKernels()    replaces the kernels of the `cpu` backend itself (idempotent);
//                             disableFastCpuKernels() puts the stock ones back (tests compare both).
//   registerFastCpuBackend()  registers a separate backend, FAST_CPU_BACKEND ("cpu-fast"), with every
//                             stock cpu kernel plus the fast ones, leaving `cpu` stock; then
//                             `await tf.setBackend("cpu-fast")`.
// Every fast kernel checks its inputs and calls the stock kernel for cases it does not cover.
import * as tf from "../tf.ts";
import { BINARY_OPS, makeBinary } from "./binary.ts";
import { makeGatherV2, makeUnsortedSegmentSum } from "./gather.ts";
import { makeBatchMatMul, makeFusedMatMul } from "./matmul.ts";
import { makeReduce } from "./reduce.ts";
import { makeSlice, makeSplitV } from "./slice.ts";
import { makeSoftmax } from "./softmax.ts";
import { makeTranspose } from "./transpose.ts";
import { makeCast, makeUnary, UNARY_OPS } from "./unary.ts";
import type { KernelFn } from "./util.ts";

export const FAST_CPU_BACKEND = "cpu-fast";

/** Kernel name → factory taking the stock kernel (the fallback) and returning the fast one. */
const FACTORIES: ReadonlyMap<string, (stock: KernelFn) => KernelFn> = new Map<
  string,
  (stock: KernelFn) => KernelFn
>([
  ["BatchMatMul", makeBatchMatMul],
  ["_FusedMatMul", makeFusedMatMul],
  ["GatherV2", makeGatherV2],
  ["UnsortedSegmentSum", makeUnsortedSegmentSum],
  ["Softmax", makeSoftmax],
  ["Slice", makeSlice],
  ["SplitV", makeSplitV],
  ["Transpose", makeTranspose],
  ["Sum", (s) => makeReduce("Sum", s)],
  ["Mean", (s) => makeReduce("Mean", s)],
  ["Max", (s) => makeReduce("Max", s)],
  ["Min", (s) => makeReduce("Min", s)],
  ["Cast", makeCast],
  ...BINARY_OPS.map((op) => [op, (s: KernelFn) => makeBinary(op, s)] as const),
  ...UNARY_OPS.map((op) => [op, (s: KernelFn) => makeUnary(op, s)] as const),
]);

/** Names of the kernels this module replaces. */
export const FAST_CPU_KERNELS: readonly string[] = [...FACTORIES.keys()];

const stockCpu = new Map<string, tf.KernelConfig>();
let enabled = false;

function stockConfig(name: string): tf.KernelConfig | undefined {
  const saved = stockCpu.get(name);
  if (saved !== undefined) return saved;
  const cfg = tf.getKernel(name, "cpu");
  if (cfg !== undefined) stockCpu.set(name, cfg);
  return cfg;
}

function install(backendName: string, name: string, make: (stock: KernelFn) => KernelFn): void {
  const stock = stockConfig(name);
  if (stock === undefined) return;
  if (tf.getKernel(name, backendName) !== undefined) tf.unregisterKernel(name, backendName);
  tf.registerKernel({
    ...stock,
    backendName,
    kernelFunc: make(stock.kernelFunc as unknown as KernelFn) as unknown as tf.KernelFunc,
  });
}

/** Replaces the hot kernels of the `cpu` backend with the fast ones. Idempotent. */
export function enableFastCpuKernels(): void {
  if (enabled) return;
  for (const [name, make] of FACTORIES) install("cpu", name, make);
  enabled = true;
}

/** Restores the stock `cpu` kernels (for comparisons). Idempotent. */
export function disableFastCpuKernels(): void {
  if (!enabled) return;
  for (const name of FACTORIES.keys()) {
    const stock = stockCpu.get(name);
    if (stock === undefined) continue;
    tf.unregisterKernel(name, "cpu");
    tf.registerKernel(stock);
  }
  enabled = false;
}

/**
 * Registers FAST_CPU_BACKEND: tfjs's cpu backend class with all stock cpu kernels and the fast ones
 * on top (priority below every real backend, so it is never picked implicitly). Idempotent.
 */
export function registerFastCpuBackend(): string {
  if (tf.findBackendFactory(FAST_CPU_BACKEND) != null) return FAST_CPU_BACKEND;
  const factory = tf.findBackendFactory("cpu");
  if (factory == null) throw new Error("tfjs has no cpu backend registered");
  for (const cfg of tf.getKernelsForBackend("cpu")) {
    const stock = stockConfig(cfg.kernelName) ?? cfg;
    const make = FACTORIES.get(cfg.kernelName);
    if (make !== undefined) install(FAST_CPU_BACKEND, cfg.kernelName, make);
    else tf.registerKernel({ ...stock, backendName: FAST_CPU_BACKEND });
  }
  tf.registerBackend(FAST_CPU_BACKEND, factory, -1);
  return FAST_CPU_BACKEND;
}

export { disableWasmMatmul, enableWasmMatmul } from "./wasm-matmul.ts";
