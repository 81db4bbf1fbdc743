// Compiling twice gives identical bytes (no timestamps, no absolute paths, stable names and order).
import { describe, expect, it } from "vitest";
import { generateModule } from "../../compiler/codegen/index.ts";
import { handGpt } from "./hand-graphs.ts";
import { compileExample, REPO } from "./support.ts";

describe("codegen is deterministic", () => {
  it("examples/gpt.arch compiles to the same bytes twice, with no absolute path in them", async () => {
    const a = await compileExample("gpt.arch");
    const b = await compileExample("gpt.arch");
    expect(b.code).toBe(a.code);
    expect(a.code).not.toContain(REPO);
    expect(a.code.startsWith("// Generated from examples/gpt.arch by archc; do not edit.\n")).toBe(
      true,
    );
  });

  it("a hand-made graph generates the same text twice", async () => {
    const opts = { layers: 4, postLayers: 1, moe: true, dropout: 0.1 };
    const locate = (s: { file: string; start: number }) => `${s.file}:${s.start}`;
    const a = await generateModule({ graph: handGpt(opts), locate });
    const b = await generateModule({ graph: handGpt(opts), locate });
    expect(b).toBe(a);
  });
});
