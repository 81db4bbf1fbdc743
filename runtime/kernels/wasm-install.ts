// Installs this folder's replacements for tfjs-backend-wasm 4.22 kernels that copy element by
// element or through the whole tensor (Transpose of large matrices, Slice, SplitV). Each falls
// back to the stock kernel for cases it does not cover. Idempotent; call after importing the
// wasm backend (runtime/backend.ts does, before starting it).
import { overrideWasmKernel } from "./wasm-heap.ts";
import { makeWasmSlice, makeWasmSplitV } from "./wasm-slice.ts";
import { makeWasmTranspose } from "./wasm-transpose.ts";

let installed = false;

export function installWasmKernels(): void {
  if (installed) return;
  overrideWasmKernel("Transpose", makeWasmTranspose);
  overrideWasmKernel("Slice", makeWasmSlice);
  overrideWasmKernel("SplitV", makeWasmSplitV);
  installed = true;
}
