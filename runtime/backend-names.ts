// The names `--backend` accepts, apart from backend.ts (which starts them and loads tfjs), so that
// flag tables and help text (runtime/run/args.ts, archc's commands) load no tensor library.
export type BackendName = "auto" | "tensorflow" | "native" | "wasm" | "cpu" | "cpu-fast" | "webgpu";
export const BACKEND_NAMES: readonly BackendName[] = [
  "auto",
  "tensorflow",
  "native",
  "wasm",
  "cpu",
  "cpu-fast",
  "webgpu",
];
