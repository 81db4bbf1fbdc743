// The optimizer on the command line: `archc compile` optimizes by default, `--no-opt` skips the
// passes, `--dump-ir=after-all` prints the IR after lowering and after each pass (compile: stderr;
// `archc ir`: stdout), an unknown --dump-ir value is an error, and `archc ir --opt` prints the result.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PIPELINE } from "../../compiler/passes/pipeline.ts";
import { runCli } from "../support/cli.ts";

const dir = mkdtempSync(join(tmpdir(), "archc-passes-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const headers = (text: string): string[] =>
  [...text.matchAll(/^\/\/ ---- after (\w+) ----$/gm)].map((m) => m[1]!);

describe("archc compile and archc ir with the optimizer", () => {
  it("optimizes by default; --no-opt does not", async () => {
    const a = await runCli(["compile", "examples/gpt.arch", "-o", join(dir, "opt")]);
    const b = await runCli(["compile", "examples/gpt.arch", "-o", join(dir, "plain"), "--no-opt"]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(readFileSync(join(dir, "opt", "model.ts"), "utf8")).toMatch(/attendPacked\(\s*qkv/);
    expect(readFileSync(join(dir, "plain", "model.ts"), "utf8")).toContain("attend(q, k, v");
  });

  it("--dump-ir=after-all prints the IR after lowering and after each pass", async () => {
    const c = await runCli([
      "compile",
      "examples/gpt.arch",
      "-o",
      join(dir, "dump"),
      "--dump-ir=after-all",
    ]);
    expect(c.code).toBe(0);
    expect(headers(c.err)).toEqual(["lower", ...PIPELINE.map((p) => p.name)]);
    const i = await runCli(["ir", "examples/gpt.arch", "--dump-ir=after-all"]);
    expect(headers(i.out)).toEqual(["lower", ...PIPELINE.map((p) => p.name)]);
    expect(i.out).toContain("attention[heads=4,kvHeads=4,headDim=32,causal,packed,prescaled]");
  });

  it("rejects an unknown --dump-ir value", async () => {
    const r = await runCli(["ir", "examples/gpt.arch", "--dump-ir=sometimes"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("--dump-ir takes `after-all`");
  });

  it("archc ir --opt prints the optimized graph", async () => {
    const r = await runCli(["ir", "examples/gpt.arch", "--opt"]);
    expect(r.out).toContain("fusedLinear[in=128,outs=(128,128,128),bias,activation=linear");
  });
});
