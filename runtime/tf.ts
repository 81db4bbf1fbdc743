// The one home of TensorFlow.js in archc: tfjs-core (one copy: engine, kernel and gradient
// registries) with every gradient and the chained tensor methods (x.add(y) style) registered,
// and the cpu backend. Everything else imports `* as tf` from here (eslint forbids importing
// @tensorflow/tfjs-core elsewhere, and the @tensorflow/tfjs umbrella anywhere); the wasm,
// webgpu and tfjs-node backends load on demand in backend.ts. tfjs-core's own registration files
// are ES modules plain Node cannot load, so tf-registrations.generated.js carries them
// (scripts/gen-tf-registrations.ts).
import "./tf-registrations.generated.js";
import "@tensorflow/tfjs-backend-cpu";

export * from "@tensorflow/tfjs-core";
