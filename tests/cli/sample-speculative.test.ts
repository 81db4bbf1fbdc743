// `archc sample RUN --speculate K --draft DRAFTRUN` on two tiny runs trained here (the target 3
// steps, the draft 1 step: same vocabulary and tokenizer): greedy text equals plain greedy
// sampling's, past the context's window restarts; stderr reports the acceptance; a seeded
// temperature sample is reproducible; bad flags and a bad draft run are clear errors.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.ts";
import { tempDir, tinyProject, trainInto } from "../runs/helpers.ts";

let root = "";
let target = "";
let draft = "";
let skip = "";

// a tiny LayerSkip model: exits after layers 0 and 1 through the shared norm and head
const LAYERSKIP = `import std.transformer.{PreLNBlock}

model Skip {
  input tokens: int[batch, 8]
  embed TokenEmbedding(256, 16) + LearnedPositions(8, 16)
  repeat 3 with layerskip(p_max: 0.1) { PreLNBlock(16, 2) }
  norm layernorm
  head tied
}

train Skip {
  data text(sotu, tokenizer: bytes, validation: 0.05)
  batch 2
  steps 2
  optimizer adamw(lr: 1e-2)
  checkpoint every 1 steps
  seed 3
}
`;

beforeAll(async () => {
  root = tempDir("archc-speculate-");
  target = join(root, "runs", "Target");
  draft = join(root, "runs", "Draft");
  await trainInto(tinyProject("Target", 3), target);
  await trainInto(tinyProject("Draft", 1), draft);
  skip = join(root, "runs", "Skip");
  const entry = join(root, "skip.arch");
  writeFileSync(entry, LAYERSKIP);
  await trainInto(entry, skip);
}, 180_000);

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
    expect(noDraft.err).toMatch(/--speculate needs a draft: --draft DRAFTRUN .* or --draft-exit L/);
    const both = await sample(target, "--draft", draft, "--draft-exit", "0");
    expect([both.code, both.err]).toEqual([1, expect.stringMatching(/not both/)]);
    const noExits = await sample(target, "--draft-exit", "0", "--tokens", "2");
    expect(noExits.code).toBe(1);
    expect(noExits.err).toMatch(/^error: Target has no early exits/m);
    const badExit = await sample(skip, "--draft-exit", "2", "--tokens", "2");
    expect(badExit.err).toMatch(/no exit after layer 2; its exit layers are 0, 1/);
    const zero = await sample(target, "--speculate", "0", "--draft", draft);
    expect(zero.code).toBe(1);
    expect(zero.err).toMatch(/--speculate must be an integer ≥ 1, got `0`/);
    const missing = await sample(target, "--speculate", "2", "--draft", join(root, "nope"));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^error: the draft run \(--draft\): .*nope.*does not exist/m);
    expect(missing.err).not.toMatch(/\n\s+at /);
  });

  it("--draft-exit: a LayerSkip run drafts with its own early exit; greedy text is plain's", async () => {
    const args = ["--prompt", "Hi", "--tokens", "20", "--temperature", "0"];
    const plain = await sample(skip, ...args);
    expect(plain.code, plain.err).toBe(0);
    const self = await sample(skip, ...args, "--speculate", "3", "--draft-exit", "0");
    expect(self.code, self.err).toBe(0);
    expect(self.out).toBe(plain.out);
    expect(self.err).toMatch(/speculative: K 3, \d+ of \d+ draft tokens accepted/);
  });
});
