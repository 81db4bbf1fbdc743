// A model large enough that wasm memory passes 2 GiB in its first step (examples/gpt.arch at d 512,
// 8 heads, 6 layers, context 256, batch 8: 19M parameters) trains on wasm with archc's kernels
// (two one-step trainings): finite losses and no tensor left behind. Before the kernels used unsigned heap offsets
// (runtime/kernels/wasm-heap.ts) it died in its first step in tfjs's _dispose_data ("table index is
// out of bounds"). One of the slowest tests (about 35 s on 2 shared cores, more under load): two steps only.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "../../runtime/tf.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/compile.ts";
import { selectBackend } from "../../runtime/backend.ts";
import { wasmKernelsActive } from "../../runtime/kernels/wasm-install.ts";
import type { WasmBackendInternals } from "../../runtime/kernels/wasm-heap.ts";
import { importProgram, REPO, writeProgram } from "../codegen/support.ts";
import { trainFixedBatch } from "./support.ts";

const DIR = join(REPO, "out", "tests", "e2e-wasm-large");

/** examples/gpt.arch at the size of issue 15 item 10. */
function largeGpt(): string {
  const text = readFileSync(join(REPO, "examples", "gpt.arch"), "utf8")
    .replace(/^const d = \d+/m, "const d = 512")
    .replace(/^const heads = \d+/m, "const heads = 8")
    .replace(/^const layers = \d+/m, "const layers = 6")
    .replace(/^const ctx = \d+/m, "const ctx = 256");
  mkdirSync(DIR, { recursive: true });
  writeFileSync(join(DIR, "gpt-large.arch"), text);
  return join(DIR, "gpt-large.arch");
}

beforeAll(async () => {
  await selectBackend("wasm");
});

describe("a 19M-parameter GPT on wasm (d 512, 6 layers, context 256, batch 8)", () => {
  it("trains two steps: finite loss, no leak, wasm memory past 2 GiB", async () => {
    expect(wasmKernelsActive()).toBe(true);
    const r = await compileFile(largeGpt(), { cwd: REPO, outDir: join(DIR, "out") });
    const code = r.files?.find((f) => f.path === "model.ts")?.text;
    expect(code, r.diagnostics.map((d) => d.message).join("; ")).toBeDefined();
    const { model } = await importProgram(writeProgram(join(DIR, "out"), code!));
    expect(model.meta.context).toBe(256);

    // two one-step trainings: the first fills the runtime's caches (the causal mask), the second
    // must leave exactly as many tensors as it found
    const first = await trainFixedBatch(model, 1, 8, model.meta.context);
    const tensors = tf.memory().numTensors;
    const second = await trainFixedBatch(model, 1, 8, model.meta.context);
    const losses = [...first, ...second];
    expect(losses.every(Number.isFinite), `losses ${losses.join(", ")}`).toBe(true);
    expect(tf.memory().numTensors, "tensors left after a training").toBe(tensors);
    const heap = (tf.backend() as unknown as WasmBackendInternals).wasm.HEAPU8.length;
    expect(heap, "wasm heap bytes").toBeGreaterThan(2 ** 31);
  }, 600_000);
});
