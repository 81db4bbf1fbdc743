// The early-exit examples (layerskip.arch, early-exits.arch), shrunk to d 32 and context 16, train a
// few steps on cpu and on wasm with finite, falling objectives; a 4-step runMain run logs the
// multi-exit objective (`loss`) beside the model's own cross-entropy (`ce`) in metrics.jsonl.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "../../runtime/tf.ts";
import { describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/compile.ts";
import { selectBackend } from "../../runtime/backend.ts";
import type { CompiledModel } from "../../runtime/model.ts";
import { runMain } from "../../runtime/run/main.ts";
import type { TrainConfig } from "../../runtime/train/config.ts";
import { readMetrics, type TrainRecord } from "../../runtime/train/metrics.ts";
import { importProgram, REPO, writeProgram } from "../codegen/support.ts";
import { trainFixedBatch } from "./support.ts";

const EXAMPLES = ["layerskip.arch", "early-exits.arch"];
const DIR = join(REPO, "out", "tests", "e2e-exits");

interface Program {
  readonly model: CompiledModel;
  readonly trainConfig: TrainConfig;
}

async function compileShrunk(file: string): Promise<Program> {
  const text = readFileSync(join(REPO, "examples", file), "utf8")
    .replace(/^const d = \d+/m, "const d = 32")
    .replace(/^const ctx = \d+/m, "const ctx = 16");
  mkdirSync(DIR, { recursive: true });
  const path = join(DIR, file);
  writeFileSync(path, text);
  const out = join(DIR, file.replace(/\.arch$/, ""));
  const r = await compileFile(path, { cwd: REPO, outDir: out });
  const code = r.files?.find((f) => f.path === "model.ts")?.text;
  if (code === undefined)
    throw new Error(`${file}: ${r.diagnostics.map((d) => d.message).join("; ")}`);
  return (await importProgram(writeProgram(out, code))) as unknown as Program;
}

for (const backend of ["cpu", "wasm"] as const) {
  describe(`early-exit examples train on ${backend} (shrunk)`, () => {
    for (const file of EXAMPLES) {
      it(
        file,
        async () => {
          await selectBackend(backend);
          const { model } = await compileShrunk(file);
          const losses = await trainFixedBatch(model, 5, 2, 16);
          expect(losses.every(Number.isFinite), losses.join(", ")).toBe(true);
          expect(losses[4]!, losses.join(", ")).toBeLessThan(losses[0]!);
        },
        60_000,
      );
    }
  });
}

describe("a short run logs the multi-exit objective", () => {
  for (const file of EXAMPLES) {
    it(
      file,
      async () => {
        await tf.setBackend("cpu");
        const { model, trainConfig } = await compileShrunk(file);
        const out = join(mkdtempSync(join(tmpdir(), "archc-e2e-exits-")), "run");
        const sink = { write: (): boolean => true };
        const argv = ["node", file, "--steps", "4", "--batch", "2", "--backend", "cpu"];
        const code = await runMain(
          model,
          { ...trainConfig, evalBatches: 1 },
          [...argv, "--out", out, "--sample", "0", "--quiet"],
          { out: sink, err: sink },
        );
        expect(code).toBe(0);
        const train = readMetrics(join(out, "metrics.jsonl")).filter(
          (r): r is TrainRecord => r.type === "train",
        );
        expect(train).toHaveLength(4);
        for (const r of train) {
          expect(Number.isFinite(r.loss) && Number.isFinite(r.ce)).toBe(true);
          // the exits' losses enter the objective: it is not the model's own cross-entropy
          expect(Math.abs(r.loss - r.ce)).toBeGreaterThan(1e-6);
        }
      },
      60_000,
    );
  }
});
