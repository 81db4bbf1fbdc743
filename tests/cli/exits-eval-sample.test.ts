// `archc train`, `archc eval` and `archc sample` on a tiny LayerSkip model (3 steps): eval and
// sample report the mean exit layer under the exit rule; --exit-threshold 0 exits at the first
// layer, above 1 at the last (the full model); the flag is refused for a model without exits.
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.ts";
import { tempDir, tinyProject, trainInto } from "../runs/helpers.ts";

const ENTRY = `import std.transformer.{PreLNBlock}

model Skip {
  input tokens: int[batch, 8]
  embed TokenEmbedding(256, 16) + LearnedPositions(8, 16)
  repeat 3 with layerskip(p_max: 0.2, curriculum: rotational, threshold: 0.5) {
    PreLNBlock(16, 2)
  }
  norm layernorm
  head tied
}

train Skip {
  data text(sotu, tokenizer: bytes, validation: 0.05)
  batch 2
  steps 3
  optimizer adamw(lr: 1e-2)
  seed 3
}
`;

let run = "";
let plain = "";
let text = "";

beforeAll(async () => {
  const root = tempDir("archc-exits-");
  const entry = join(root, "skip.arch");
  writeFileSync(entry, ENTRY);
  run = join(root, "runs", "Skip-1");
  await trainInto(entry, run);
  plain = join(root, "runs", "Tiny-1");
  await trainInto(tinyProject("Tiny", 1), plain);
  text = join(root, "text.txt");
  writeFileSync(
    text,
    "Four score and seven years ago our fathers brought forth on this continent.\n",
  );
}, 180_000);

const cli = (cmd: string, ...args: string[]) => runCli([cmd, ...args, "--backend", "cpu"]);

describe("archc eval with early exits", () => {
  it("reports the mean exit layer under the model's rule and under --exit-threshold", async () => {
    const own = await cli("eval", run, "--data", text);
    expect(own.code, own.err).toBe(0);
    expect(own.out).toMatch(/^mean exit layer \d\.\d\d of 3 \(exit rule: max posterior ≥ 0\.5\)$/m);
    const first = await cli("eval", run, "--data", text, "--exit-threshold", "0");
    expect(first.out).toMatch(/^mean exit layer 1\.00 of 3 \(exit rule: max posterior ≥ 0\)$/m);
    const full = await cli("eval", run, "--data", text, "--exit-threshold", "1.5");
    expect(full.out).toMatch(/^mean exit layer 3\.00 of 3/m);
    const loss = (out: string): string => /loss ([\d.]+) nats/.exec(out)?.[1] ?? "";
    expect(loss(first.out)).not.toBe(loss(full.out));
  });

  it("refuses a negative threshold, and the flag on a model without exits", async () => {
    const neg = await cli("eval", run, "--data", text, "--exit-threshold=-1");
    expect(neg.code).toBe(1);
    expect(neg.err).toMatch(/--exit-threshold must be a number ≥ 0/);
    const none = await cli("eval", plain, "--data", text, "--exit-threshold", "0.5");
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/applies to a model with early exits/);
    const plainEval = await cli("eval", plain, "--data", text);
    expect(plainEval.out).not.toMatch(/exit layer/);
  });
});

describe("archc sample with early exits", () => {
  it("reports the mean exit layer with the speed; the limits of the threshold", async () => {
    const args = ["--tokens", "12", "--temperature", "0"];
    const own = await cli("sample", run, ...args);
    expect(own.code, own.err).toBe(0);
    expect(own.err).toMatch(
      /; mean exit layer \d\.\d\d of 3 \(exit rule: max posterior ≥ 0\.5\)$/m,
    );
    const first = await cli("sample", run, ...args, "--exit-threshold", "0");
    expect(first.err).toMatch(/mean exit layer 1\.00 of 3/);
    const full = await cli("sample", run, ...args, "--exit-threshold", "2");
    expect(full.err).toMatch(/mean exit layer 3\.00 of 3/);
    // the cache and the full window agree under the rule too
    const window = await cli("sample", run, ...args, "--exit-threshold", "0", "--no-cache");
    expect(window.out).toBe(first.out);
  });
});
