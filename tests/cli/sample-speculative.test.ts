// `archc sample RUN --speculate K --draft DRAFTRUN` on two tiny runs trained here (the target 3
// steps, the draft 1 step: same vocabulary and tokenizer): greedy text equals plain greedy
// sampling's, past the context's window restarts; stderr reports the acceptance; a seeded
// temperature sample is reproducible; bad flags and a bad draft run are clear errors.
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.ts";
import { tempDir, tinyProject, trainInto } from "../runs/helpers.ts";

let root = "";
let target = "";
let draft = "";

beforeAll(async () => {
  root = tempDir("archc-speculate-");
  target = join(root, "runs", "Target");
  draft = join(root, "runs", "Draft");
  await trainInto(tinyProject("Target", 3), target);
  await trainInto(tinyProject("Draft", 1), draft);
}, 120_000);

const sample = (...args: string[]) => runCli(["sample", ...args, "--backend", "cpu"]);

describe("archc sample --speculate", () => {
  it("greedy: the same text as plain greedy sampling, for several K", async () => {
    const args = ["--prompt", "The ", "--tokens", "30", "--temperature", "0"];
    const plain = await sample(target, ...args);
    expect(plain.code, plain.err).toBe(0);
    for (const k of ["1", "3", "6"]) {
      const spec = await sample(target, ...args, "--speculate", k, "--draft", draft);
      expect(spec.code, spec.err).toBe(0);
      expect(spec.out, `K ${k}`).toBe(plain.out);
      expect(spec.err).toMatch(
        new RegExp(
          `speculative: K ${k}, \\d+ of \\d+ draft tokens accepted \\([\\d.]+%\\), [\\d.]+ tokens per target forward`,
        ),
      );
    }
    // without the KV cache (every forward recomputes the window) the text is the same
    const noCache = await sample(
      target,
      ...args,
      "--speculate",
      "3",
      "--draft",
      draft,
      "--no-cache",
    );
    expect(noCache.out).toBe(plain.out);
    expect(noCache.err).toMatch(/no cache/);
    // the target as its own draft: every draft token is accepted
    const self = await sample(target, ...args, "--speculate", "4", "--draft", target);
    expect(self.out).toBe(plain.out);
    expect(self.err).toMatch(/(\d+) of \1 draft tokens accepted \(100\.0%\)/);
  });

  it("a seeded temperature sample is reproducible; --draft alone uses K = 4", async () => {
    const args = ["--tokens", "20", "--temperature", "1", "--seed", "7", "--draft", draft];
    const a = await sample(target, ...args);
    const b = await sample(target, ...args);
    expect(a.code, a.err).toBe(0);
    expect(a.out).toBe(b.out);
    expect(a.err).toMatch(/speculative: K 4,/);
  });

  it("reports bad flags and a bad draft run", async () => {
    const noDraft = await sample(target, "--speculate", "3");
    expect(noDraft.code).toBe(1);
    expect(noDraft.err).toMatch(/--speculate needs --draft DRAFTRUN/);
    const zero = await sample(target, "--speculate", "0", "--draft", draft);
    expect(zero.code).toBe(1);
    expect(zero.err).toMatch(/--speculate must be an integer ≥ 1, got `0`/);
    const missing = await sample(target, "--speculate", "2", "--draft", join(root, "nope"));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^error: the draft run \(--draft\): .*nope.*does not exist/m);
    expect(missing.err).not.toMatch(/\n\s+at /);
  });
});
