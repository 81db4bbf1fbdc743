// `--moe dense|dispatch` on archc compile and train, and `archc train --no-opt`: the program it
// compiles and runs has no optimization passes applied.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { defaultOutDir } from "../../compiler/compile.ts";
import { runCli } from "../support/cli.ts";

const dir = mkdtempSync(join(tmpdir(), "archc-moe-cli-"));
const trainFile = join(dir, "tiny-noopt.arch");
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(defaultOutDir(trainFile), { recursive: true, force: true });
});

describe("--moe and train --no-opt", () => {
  it("archc compile --moe forces the strategy; a bad value is an error", async () => {
    const d = await runCli([
      "compile",
      "examples/moe-topk.arch",
      "-o",
      join(dir, "d"),
      "--moe",
      "dispatch",
    ]);
    const n = await runCli([
      "compile",
      "examples/moe-switch.arch",
      "-o",
      join(dir, "n"),
      "--moe",
      "dense",
    ]);
    expect([d.code, n.code]).toEqual([0, 0]);
    expect(readFileSync(join(dir, "d", "model.ts"), "utf8")).toContain("moeDispatchExpert(");
    expect(readFileSync(join(dir, "n", "model.ts"), "utf8")).not.toContain("moeDispatchExpert(");
    const bad = await runCli([
      "compile",
      "examples/moe-topk.arch",
      "-o",
      join(dir, "b"),
      "--moe",
      "x",
    ]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("--moe must be `dense` or `dispatch`");
  });

  it("archc train --no-opt trains the unoptimized program", async () => {
    const file = trainFile;
    writeFileSync(
      file,
      `import std.attention.{CausalSelfAttention}
model Tiny {
  input tokens: int[batch, 8]
  embed TokenEmbedding(256, 16) + LearnedPositions(8, 16)
  residual(pre, layernorm) { CausalSelfAttention(16, 2) }
  norm layernorm
  head tied
}
train Tiny {
  data text(sotu, tokenizer: bytes, validation: 0.05)
  batch 2
  steps 1
}
`,
    );
    const r = await runCli([
      "train",
      file,
      "--no-opt",
      "--backend",
      "cpu",
      "--quiet",
      "--out",
      join(dir, "run"),
      "--sample",
      "0",
    ]);
    expect(r.code, r.err).toBe(0);
    const code = readFileSync(join(defaultOutDir(file), "model.ts"), "utf8");
    expect(code).toContain("attend(");
    expect(code).not.toContain("attendPacked(");
  }, 60_000);
});
