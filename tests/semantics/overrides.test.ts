// `--set NAME=VALUE`: constants and train settings replaced before checking, re-checked like the
// file itself, every error pointing at the flag (the `--set` pseudo file, one line per flag).
import { describe, expect, it } from "vitest";
import { analyzeFile } from "../../compiler/analyze.ts";
import { trainOverrideNames } from "../../compiler/lower/overrides.ts";
import { formatDiagnostic } from "../../grammar/core/format-diagnostic.ts";
import { NUMERIC_SETTINGS } from "../../spec/train.ts";

const text = `import std.transformer.{PreLNBlock}
const layers = 2
const lr0 = 1e-3
model G {
  input tokens: int[batch, 16]
  embed TokenEmbedding(256, 32) + LearnedPositions(16, 32)
  repeat layers { PreLNBlock(32, 4) }
  norm layernorm
  head tied
}
train G {
  data text(sotu)
  steps 200
  optimizer adamw(lr: lr0, weight_decay: 0.1)
  schedule warmup_cosine(30, 1e-4)
  eval every 20 steps
}
`;

const analyze = (overrides: string[]) =>
  analyzeFile("tests/semantics/virtual.arch", { text, overrides });

/** The formatted errors of `overrides`. */
function errors(...overrides: string[]): string[] {
  const r = analyze(overrides);
  return r.diagnostics
    .filter((d) => d.severity === "error")
    .map((d) => formatDiagnostic(d, { sources: (p) => r.sources.get(p) }));
}

describe("--set", () => {
  it("replaces constants and train settings, nested arguments included", () => {
    const r = analyze([
      "layers=3",
      "lr=5e-4",
      "warmup=10",
      "steps=50",
      "batch=8",
      "eval=5",
      "seed=7",
      "validation=0.1",
    ]);
    expect(r.diagnostics).toEqual([]);
    const params = r.program!.graph.nodes.flatMap((n) => (n.params ?? []).map((p) => p.name));
    const blocks = new Set(params.map((p) => /^blocks\.(\d+)\./.exec(p)?.[1]));
    expect([...blocks].filter((b) => b !== undefined).sort()).toEqual(["0", "1", "2"]);
    expect(r.program!.train).toMatchObject({
      steps: 50,
      batch: 8,
      evalEvery: 5,
      seed: 7,
      data: { validation: 0.1 },
      optimizer: { lr: 5e-4, weightDecay: 0.1 },
      schedule: { kind: "warmup_cosine", warmup: 10, minLr: 1e-4 },
    });
  });

  it("takes .arch expressions: arithmetic, other constants, whole options", () => {
    const r = analyze(["layers=1 + 2", "lr=lr0 / 2", "schedule=constant"]);
    expect(r.diagnostics).toEqual([]);
    expect(r.program!.train).toMatchObject({
      optimizer: { lr: 5e-4 },
      schedule: { kind: "constant" },
    });
  });

  it("adds the default optimizer when a section has none", () => {
    const noOpt = text.replace("  optimizer adamw(lr: lr0, weight_decay: 0.1)\n", "");
    const r = analyzeFile("tests/semantics/virtual.arch", { text: noOpt, overrides: ["clip=1"] });
    expect(r.diagnostics).toEqual([]);
    expect(r.program!.train?.optimizer).toEqual({ kind: "adamw", lr: 3e-4, clip: 1 });
  });

  it("points every error at the flag", () => {
    expect(errors("steps=5", "layers=x")).toEqual([
      "--set:2:8 error ARCH2001: unknown name `x`\n  |\n2 | layers=x\n  |        ^\n  = hint: did you mean `G`?",
    ]);
    expect(errors("layers=1.5")[0]).toBe(
      "--set:1:8 error ARCH3535: `layers` is an integer in the file, so its value must be too, not a number\n  |\n1 | layers=1.5\n  |        ^^^",
    );
    expect(errors("steps=-1")[0]).toContain("`steps` expects an integer from 1 to 1000000000");
    expect(errors("steps=2.5")[0]).toMatch(/^--set:1:7 error ARCH3503/);
    expect(errors("layers=2 3")[0]).toMatch(
      /^--set:1:10 error ARCH1010: expected the end of the value/,
    );
    expect(errors("layers")[0]).toMatch(/ARCH3530: `--set` expects NAME=VALUE, got `layers`/);
    expect(errors("layers=1", "layers=2")[0]).toMatch(/^--set:2:1 error ARCH3532/);
  });

  it("lists the valid names with a did-you-mean for an unknown one", () => {
    const [e] = errors("lyers=3");
    expect(e).toContain(
      "`lyers` is neither a constant of tests/semantics/virtual.arch nor a train setting",
    );
    expect(e).toContain(
      "did you mean `layers`? (the constants: layers, lr0; the train settings: data, batch",
    );
  });

  it("refuses an option's argument the section's option lacks, and an imported name", () => {
    expect(errors("warmup=3", "schedule=constant")).toEqual([]);
    const constant = text.replace("warmup_cosine(30, 1e-4)", "constant");
    const r = analyzeFile("tests/semantics/virtual.arch", {
      text: constant,
      overrides: ["warmup=3"],
    });
    expect(r.diagnostics.map((d) => [d.code, d.hint])).toEqual([
      [
        "ARCH3537",
        "`warmup` belongs to `schedule warmup_linear(…)` or `schedule warmup_cosine(…)`; this section has `schedule constant`",
      ],
    ]);
    expect(errors("PreLNBlock=1")[0]).toContain("ARCH3533: `PreLNBlock` is imported");
  });

  it("the program's numeric settings are train-setting names of the compiler", () => {
    const names = trainOverrideNames();
    for (const n of Object.keys(NUMERIC_SETTINGS)) expect(names).toContain(n);
  });
});
