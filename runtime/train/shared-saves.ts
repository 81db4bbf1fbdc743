// Tensors saved for the backward pass, shared instead of cloned through the engine. tfjs-core's
// engine saves each tensor a gradient needs (a kernel's inputsToSave/outputsToSave, a customGrad's
// save()) with engine.clone: an Identity kernel run through the whole runKernel path plus one more
// tape node (the clone's own gradient, for gradients of gradients). A first-order walk never reads
// those nodes (no clone reaches the loss), so inside variableGrads's forward the clone is one more
// reference to the same data: the value the Identity kernel of cpu, native and archc's wasm gives,
// without the kernel call and the tape node (examples/gpt.arch: 215 Identity calls a step on
// native). ARCHC_SAVES=clone, a nested gradient, or a backend without incRef keeps tfjs's clone.
import * as tf from "../tf.ts";

/** A backend that counts references to its data (tfjs cpu, archc native, tfjs wasm). */
interface RefCounting {
  incRef(dataId: object): void;
}

/** The engine members the shared save reads (tfjs-core engine.ts, tfjs 4.x). */
interface SaveEngine {
  clone(x: tf.Tensor): tf.Tensor;
  state: {
    gradientDepth: number;
    tensorInfo: { get(dataId: object): { backend: unknown } | undefined };
  };
  makeTensorFromTensorInfo(info: tf.TensorInfo, backend?: unknown): tf.Tensor;
}

function refCounting(backend: unknown): backend is RefCounting {
  return typeof (backend as Partial<RefCounting> | null)?.incRef === "function";
}

/** f() with the engine's saves for the backward pass sharing data (see the header). */
export function withSharedSaves<T>(f: () => T): T {
  if (process.env["ARCHC_SAVES"] === "clone") return f();
  const engine = tf.engine() as unknown as SaveEngine;
  const own = Object.prototype.hasOwnProperty.call(engine, "clone");
  const stock = engine.clone;
  engine.clone = function share(x: tf.Tensor): tf.Tensor {
    const backend = engine.state.tensorInfo.get(x.dataId)?.backend;
    // a gradient taken inside the forward (depth > 1) may differentiate through the clone
    if (engine.state.gradientDepth > 1 || !refCounting(backend)) return stock.call(engine, x);
    backend.incRef(x.dataId);
    return engine.makeTensorFromTensorInfo(
      { dataId: x.dataId, shape: x.shape, dtype: x.dtype },
      backend,
    );
  };
  try {
    return f();
  } finally {
    if (own) engine.clone = stock;
    else delete (engine as Partial<SaveEngine>).clone;
  }
}
