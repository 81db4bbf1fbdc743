// Installs this folder's kernels on a started tfjs-backend-wasm 4.22 backend: replacements for
// Transpose (large matrices), Slice, SplitV and Identity, and the new per-matrix batched product
// (wasm-batch-matmul.ts). Each replacement keeps the stock kernel's config and falls back to the
// stock function for cases it does not cover. Checked once here: where the backend's internals
// differ from what wasm-heap.ts reads, nothing is installed and a one-line note says why.
// ARCHC_WASM_KERNELS=off turns every override off (the stock tfjs kernels run).
import * as tf from "../tf.ts";
import { RuntimeUserError } from "../errors.ts";
import { PER_MATRIX_KERNEL, perMatrixKernel, perMatrixRegistered } from "./wasm-batch-matmul.ts";
import { shareData, wasmInternalsMismatch, type WasmBackendInternals } from "./wasm-heap.ts";
import { makeWasmSlice, makeWasmSplitV } from "./wasm-slice.ts";
import { makeWasmTranspose } from "./wasm-transpose.ts";

/** The environment variable that switches the overrides: on (default) or off. */
export const WASM_KERNELS_ENV = "ARCHC_WASM_KERNELS";

type Factory = (stock: tf.KernelFunc) => tf.KernelFunc;

/**
 * Identity shares the input's memory (one more reference) instead of copying it: tfjs clones every
 * tensor a gradient saves through Identity, and the stock wasm kernel copies each one (1.4 GB a
 * step for d 512, 6 layers, context 256, batch 8). Tensors are immutable, so sharing is safe, and
 * tfjs's cpu backend does the same.
 */
function makeWasmIdentity(stock: tf.KernelFunc): tf.KernelFunc {
  return ((args: { inputs: tf.NamedTensorInfoMap; backend: unknown }) => {
    const x = args.inputs["x"]!;
    if (x.dtype === "string") return stock(args as Parameters<tf.KernelFunc>[0]);
    return shareData(args.backend as WasmBackendInternals, x);
  }) as unknown as tf.KernelFunc;
}

const OVERRIDES: readonly (readonly [string, Factory])[] = [
  ["Transpose", makeWasmTranspose],
  ["Slice", makeWasmSlice],
  ["SplitV", makeWasmSplitV],
  ["Identity", makeWasmIdentity],
];

/** Names of the stock wasm kernels this folder replaces. */
export const WASM_OVERRIDES: readonly string[] = OVERRIDES.map(([name]) => name);

/** The stock configs replaced, kept to put them back (uninstallWasmKernels). */
const stock = new Map<string, tf.KernelConfig>();

/** Whether ARCHC_WASM_KERNELS asks for the overrides (a RuntimeUserError for another value). */
export function wasmKernelsWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  const raw = env[WASM_KERNELS_ENV];
  const value = raw?.trim().toLowerCase() ?? "";
  if (["", "on", "1", "true"].includes(value)) return true;
  if (["off", "0", "false"].includes(value)) return false;
  throw new RuntimeUserError(
    `${WASM_KERNELS_ENV} must be 'on' or 'off' (got '${raw}'); 'off' runs the stock tfjs wasm kernels.`,
  );
}

export interface WasmKernelStatus {
  /** Whether this folder's kernels are installed now. */
  readonly active: boolean;
  /** One line for the user where they were wanted but are not installed. */
  readonly note?: string;
}

/**
 * Installs the kernels on `backend` (the started wasm backend) unless ARCHC_WASM_KERNELS is off or
 * the backend's internals differ from what this folder reads. Idempotent.
 */
export function installWasmKernels(
  backend: unknown,
  env: NodeJS.ProcessEnv = process.env,
): WasmKernelStatus {
  if (!wasmKernelsWanted(env)) {
    uninstallWasmKernels();
    return { active: false };
  }
  if (wasmKernelsActive()) return { active: true };
  const mismatch = wasmInternalsMismatch(backend);
  if (mismatch !== null)
    return {
      active: false,
      note: `archc's wasm kernels are off (tfjs-backend-wasm internals differ from 4.22: ${mismatch}); the stock tfjs kernels run`,
    };
  for (const [name, make] of OVERRIDES) {
    const config = tf.getKernel(name, "wasm");
    if (config === undefined) continue;
    stock.set(name, config);
    tf.unregisterKernel(name, "wasm");
    tf.registerKernel({ ...config, kernelFunc: make(config.kernelFunc) });
  }
  tf.registerKernel({
    kernelName: PER_MATRIX_KERNEL,
    backendName: "wasm",
    kernelFunc: perMatrixKernel as unknown as tf.KernelFunc,
  });
  return { active: true };
}

/** Puts the stock wasm kernels back and removes the per-matrix product (tests compare both). */
export function uninstallWasmKernels(): void {
  for (const [name, config] of stock) {
    tf.unregisterKernel(name, "wasm");
    tf.registerKernel(config);
  }
  stock.clear();
  if (perMatrixRegistered()) tf.unregisterKernel(PER_MATRIX_KERNEL, "wasm");
}

/** Whether the kernels are installed (the per-matrix product is registered with them). */
export function wasmKernelsActive(): boolean {
  return perMatrixRegistered();
}
