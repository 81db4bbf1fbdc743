// Backend selection: `auto` = tfjs-node ("tensorflow") when installed, else `native` (the N-API
// addon of native/, runtime/kernels/native/) when built, else wasm, and says which and why; cpu;
// webgpu through the optional `@tensorflow/tfjs-backend-webgpu` and `webgpu` (Dawn) packages.
// Failures are RuntimeUserErrors.
import * as tf from "./tf.ts";
import { createRequire } from "node:module";
import { dirname, sep } from "node:path";
import { RuntimeUserError } from "./errors.ts";
import { enableWasmMatmul, FAST_CPU_BACKEND, registerFastCpuBackend } from "./kernels/index.ts";
import { loadAddon } from "./kernels/native/addon.ts";
import { NATIVE_BACKEND, registerNativeBackend } from "./kernels/native/register.ts";
import { installWasmKernels, wasmKernelsWanted } from "./kernels/wasm-install.ts";
import { BACKEND_NAMES, type BackendName } from "./backend-names.ts";

/** Imports an optional package by name (a variable specifier, so TypeScript does not require it). */
async function importOptional(spec: string): Promise<unknown> {
  return import(spec);
}

function firstLine(err: unknown): string {
  return String((err as Error | null)?.message ?? err).split("\n")[0]!;
}

/** True when `spec` failed to import because the package itself is not installed (not a file it needs). */
function isMissing(err: unknown, spec: string): boolean {
  const code = (err as { code?: string } | null)?.code;
  if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") return false;
  try {
    createRequire(import.meta.url).resolve(spec);
    return false; // installed: what is missing is something it loads (tfjs-node's native binding)
  } catch {
    return true;
  }
}

async function activate(name: string): Promise<boolean> {
  try {
    const ok = await tf.setBackend(name);
    if (ok) await tf.ready();
    return ok && tf.getBackend() === name;
  } catch {
    return false;
  }
}

/** Starts tfjs-node's backend; on failure, why (a sentence), whether it is installed, and what was thrown. */
async function tryTensorflow(): Promise<{
  why: string;
  installed: boolean;
  cause?: unknown;
} | null> {
  try {
    await importOptional("@tensorflow/tfjs-node");
  } catch (err) {
    return isMissing(err, "@tensorflow/tfjs-node")
      ? { why: "@tensorflow/tfjs-node is not installed", installed: false, cause: err }
      : {
          why: `@tensorflow/tfjs-node is installed but did not load (${firstLine(err)})`,
          installed: true,
          cause: err,
        };
  }
  if (await activate("tensorflow")) return null;
  return {
    why: "@tensorflow/tfjs-node is installed but its 'tensorflow' backend did not start",
    installed: true,
  };
}

/** The note that an installed tfjs-node could not load (`auto` then tries native, then wasm) is printed once. */
let tensorflowNoteShown = false;

async function useTensorflow(): Promise<void> {
  const failed = await tryTensorflow();
  if (failed === null) return;
  throw new RuntimeUserError(
    !failed.installed
      ? "The 'tensorflow' backend needs the optional package @tensorflow/tfjs-node, which is not installed " +
          "(its install downloads libtensorflow). Install it with `npm install @tensorflow/tfjs-node@4.22.0`, " +
          "or choose --backend wasm."
      : `The 'tensorflow' backend failed: ${failed.why}.`,
    { cause: failed.cause },
  );
}

let wasmLoaded = false;
/** The note that archc's wasm kernels could not be installed is printed once per process. */
let wasmNoteShown = false;

async function useWasm(): Promise<void> {
  if (!wasmLoaded) {
    const mod =
      (await import("@tensorflow/tfjs-backend-wasm")) as typeof import("@tensorflow/tfjs-backend-wasm");
    // In Node the .wasm files are read from the package's dist folder; point there explicitly.
    try {
      const require = createRequire(import.meta.url);
      const dist = dirname(require.resolve("@tensorflow/tfjs-backend-wasm"));
      mod.setWasmPaths(dist + sep);
    } catch {
      // Keep the package's own lookup.
    }
    wasmLoaded = true;
  }
  wasmKernelsWanted(); // a bad ARCHC_WASM_KERNELS value fails before the backend starts
  if (!(await activate("wasm"))) {
    throw new RuntimeUserError(
      "The wasm backend failed to start (could not load the tfjs-backend-wasm .wasm files).",
    );
  }
  // checked on the started backend: where its internals differ, the stock kernels run (a note)
  const { note } = installWasmKernels(tf.backend());
  if (note !== undefined && !wasmNoteShown) process.stderr.write(`note: ${note}\n`);
  wasmNoteShown ||= note !== undefined;
}

async function useWebgpu(): Promise<void> {
  const g = globalThis as { navigator?: { gpu?: unknown } };
  if (g.navigator?.gpu === undefined) {
    let dawn: { create: (opts: string[]) => unknown; globals: object };
    try {
      dawn = (await importOptional("webgpu")) as typeof dawn;
    } catch (err) {
      throw new RuntimeUserError(
        "The 'webgpu' backend needs the optional packages `webgpu` and `@tensorflow/tfjs-backend-webgpu` " +
          "(npm install webgpu @tensorflow/tfjs-backend-webgpu@4.22.0), a GPU and a Vulkan loader (libvulkan1).",
        { cause: err },
      );
    }
    Object.assign(globalThis, dawn.globals);
    const gpu = dawn.create([]);
    if (g.navigator === undefined) g.navigator = { gpu };
    else Object.defineProperty(g.navigator, "gpu", { value: gpu, configurable: true });
  }
  try {
    await importOptional("@tensorflow/tfjs-backend-webgpu");
  } catch (err) {
    throw new RuntimeUserError(
      "The 'webgpu' backend needs the optional package @tensorflow/tfjs-backend-webgpu " +
        "(npm install @tensorflow/tfjs-backend-webgpu@4.22.0).",
      { cause: err },
    );
  }
  const gpu = g.navigator?.gpu as { requestAdapter(): Promise<unknown> } | undefined;
  const adapter = gpu === undefined ? null : await gpu.requestAdapter().catch(() => null);
  if (adapter == null) {
    throw new RuntimeUserError(
      "The 'webgpu' backend found no GPU adapter (no GPU, or no Vulkan loader: install libvulkan1). Choose --backend wasm.",
    );
  }
  if (!(await activate("webgpu")))
    throw new RuntimeUserError("The 'webgpu' backend did not start on this GPU.");
}

/** Starts the native backend; quiet: returns the reason it is unavailable instead of throwing. */
async function useNative(quiet: boolean): Promise<string | null> {
  const why = registerNativeBackend();
  if (why === null && (await activate(NATIVE_BACKEND))) return null;
  const reason = why ?? "the native backend did not start";
  if (quiet) return reason;
  throw new RuntimeUserError(
    `The 'native' backend is unavailable: ${reason}. Choose --backend wasm.`,
  );
}

/** The plain-JS fast kernels of runtime/kernels as their own backend, with wasm's 2-D matmul. */
async function useFastCpu(): Promise<void> {
  registerFastCpuBackend();
  if (!(await activate(FAST_CPU_BACKEND))) {
    throw new RuntimeUserError("The cpu-fast backend did not start.");
  }
  await enableWasmMatmul();
}

/** The backend started and, for `auto`, why it was picked (one clause). */
export interface BackendChoice {
  readonly name: string;
  readonly reason?: string;
}

/** `wasm (auto: @tensorflow/tfjs-node is not installed)`: what `backend:` lines print. */
export function describeBackend(choice: BackendChoice): string {
  return choice.reason === undefined ? choice.name : `${choice.name} (${choice.reason})`;
}

/**
 * Selects and initialises a backend; returns the name of the active tfjs backend.
 * auto = tensorflow (tfjs-node) if importable, else native if built, else wasm. Any other name already registered with
 * tf.registerBackend is started as is.
 */
export async function selectBackend(name: BackendName | string): Promise<string> {
  return (await chooseBackend(name)).name;
}

/** selectBackend, also saying why `auto` picked what it did. */
export async function chooseBackend(name: BackendName | string): Promise<BackendChoice> {
  // Production mode silences tfjs's "install tfjs-node" banner; the chosen backend is printed instead.
  tf.enableProdMode();
  switch (name) {
    case "auto": {
      const failed = await tryTensorflow();
      if (failed === null)
        return { name: tf.getBackend(), reason: "auto: @tensorflow/tfjs-node is installed" };
      // installed but broken (its install script, which downloads libtensorflow, did not run or
      // failed offline): said once, with how to fix it; not installed is the usual case
      if (failed.installed && !tensorflowNoteShown)
        process.stderr.write(
          `note: ${failed.why}; the next backend is used. Reinstall it with network access to use the 'tensorflow' backend.\n`,
        );
      tensorflowNoteShown ||= failed.installed;
      const noNative = await useNative(true);
      if (noNative === null) {
        const addon = loadAddon();
        const blas =
          typeof addon === "string" ? "" : addon.blasName().split(" ").slice(0, 2).join(" ");
        return {
          name: tf.getBackend(),
          reason: `auto: ${failed.why}; the native addon is built (${blas})`,
        };
      }
      await useWasm();
      return {
        name: tf.getBackend(),
        reason: `auto: ${failed.why}; ${noNative}; wasm is the fastest backend left`,
      };
    }
    case "native":
      await useNative(false);
      break;
    case "tensorflow":
      await useTensorflow();
      break;
    case "wasm":
      await useWasm();
      break;
    case "cpu":
      if (!(await activate("cpu"))) throw new RuntimeUserError("The cpu backend did not start.");
      break;
    case "cpu-fast":
      await useFastCpu();
      break;
    case "webgpu":
      await useWebgpu();
      break;
    default:
      // Another registered backend (e.g. one an extension registered): start it by name.
      if (tf.findBackendFactory(name) !== null && (await activate(name))) break;
      throw new RuntimeUserError(
        `Unknown backend '${name}'. Choose one of: ${BACKEND_NAMES.join(", ")}.`,
      );
  }
  return { name: tf.getBackend() };
}
