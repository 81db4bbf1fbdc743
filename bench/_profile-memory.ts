// What is alive at the peak of one training step (not a benchmark; run by hand):
//   npx tsx bench/_profile-memory.ts [backend] [small|gpt] [variableGrads]
// Tracks every data buffer of the backend (kernel outputs by kernel name, output shape and phase —
// forward, backward or optimizer —, and tensors written from JS values) and, at the step's peak of
// distinct live buffer bytes, prints the holders grouped by producer, largest first. Distinct
// buffers: tf.profile's peakBytes counts a buffer once per tensor sharing it (the gradient tape's
// clones), so it reads higher. The third argument (any value) trains with tf.variableGrads instead
// of the runtime's gradient walk (runtime/train/grads.ts), for a before/after.
import * as tf from "../runtime/tf.ts";
import { benchModel, programStepper } from "./optimizer-programs.ts";
import { useBackend, wrapKernels } from "./backends.ts";

const backend = process.argv[2] ?? "native";
const which = process.argv[3] ?? "gpt";
if (process.argv[4] !== undefined) process.env["ARCHC_GRADS"] = "tfjs";
tf.env().set("PROD", true);
await useBackend(backend);

interface Holder {
  label: string;
  bytes: number;
}
const live = new Map<object, Holder>();
let liveBytes = 0;
let peakBytes = 0;
let peakSnapshot: Holder[] = [];
let calls = 0;
let peakCall = 0;
let tracking = false;
let depth = 0; // inside a kernel: its outputs are labelled by the kernel, not by write()

function phase(): string {
  const stack = (tf.engine().state as unknown as { scopeStack: { name: string }[] }).scopeStack;
  if (stack.some((s) => s.name === "backward")) return "backward";
  if (stack.some((s) => s.name === "forward")) return "forward";
  return "other";
}

function add(dataId: object, label: string, bytes: number): void {
  if (!tracking || live.has(dataId)) return;
  live.set(dataId, { label, bytes });
  liveBytes += bytes;
  if (liveBytes > peakBytes) {
    peakBytes = liveBytes;
    peakCall = calls;
    peakSnapshot = [...live.values()];
  }
}

const b = tf.backend() as unknown as {
  disposeData(id: object, force?: boolean): boolean;
  write(values: unknown, shape: number[], dtype: string): object;
};
const dispose = b.disposeData.bind(b);
b.disposeData = (id, force) => {
  const gone = dispose(id, force);
  const h = live.get(id);
  if (gone && h !== undefined) {
    live.delete(id);
    liveBytes -= h.bytes;
  }
  return gone;
};
const write = b.write.bind(b);
b.write = (values, shape, dtype) => {
  const id = write(values, shape, dtype);
  if (depth > 0) return id;
  const n = shape.reduce((s, d) => s * d, 1);
  add(
    id,
    `${phase()} values ${dtype}[${shape.join(",")}]`,
    n * (dtype === "float32" || dtype === "int32" ? 4 : 1),
  );
  return id;
};
wrapKernels(backend, (kernelName, inner) => (args) => {
  depth++;
  let r;
  try {
    r = inner(args);
  } finally {
    depth--;
  }
  calls++;
  for (const t of Array.isArray(r) ? r : [r]) {
    const n = t.shape.reduce((s, d) => s * d, 1);
    add(t.dataId, `${phase()} ${kernelName} ${t.dtype}[${t.shape.join(",")}]`, n * 4);
  }
  return r;
});

const { model, batch } = await benchModel(which, "profile");
const stepper = programStepper(model, batch);
tracking = true; // parameters and optimizer state count from here
await stepper.step();
await stepper.step();
peakBytes = 0;
calls = 0;
await stepper.step(); // the measured step (Adam state exists already)
const by = new Map<string, { n: number; bytes: number }>();
for (const h of peakSnapshot) {
  const e = by.get(h.label) ?? { n: 0, bytes: 0 };
  e.n++;
  e.bytes += h.bytes;
  by.set(h.label, e);
}
const MiB = (x: number): string => (x / 2 ** 20).toFixed(1);
console.log(
  `${backend} ${which}: peak ${MiB(peakBytes)} MiB of distinct buffers at kernel call ${peakCall}/${calls}; after the step ${MiB(liveBytes)} MiB`,
);
for (const [label, e] of [...by].sort((x, y) => y[1].bytes - x[1].bytes).slice(0, 30))
  console.log(`${MiB(e.bytes).padStart(7)} MiB ${String(e.n).padStart(4)}×  ${label}`);
stepper.dispose();
