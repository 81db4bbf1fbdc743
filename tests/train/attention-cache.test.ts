// A training run leaves no attention cache behind (runtime/run/main.ts): runMain, the entry point
// of a generated program and of `archc train`, clears the causal masks and position tables its
// forwards cached (runtime/ops/causal-mask.ts, positional.ts) when the run ends, so a long-lived
// process that trains twice holds no stale masks: tf.memory().numTensors returns to its start
// value after a finished run (sampling included: it asks for every length), after `archc train`
// and after a failed run.
import * as tf from "../../runtime/tf.ts";
import { join } from "node:path";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { clearAttentionCache } from "../../runtime/ops/attention.ts";
import type { CompiledModel } from "../../runtime/model.ts";
import { runMain } from "../../runtime/run/main.ts";
import type { TrainConfig } from "../../runtime/train/config.ts";
import { compileArch, writeArch } from "../growth/support.ts";
import { tinyProject } from "../runs/helpers.ts";
import { runCli } from "../support/cli.ts";
import { captureIO, tempDir } from "./helpers.ts";

const ARCH = `import std.attention.{CausalSelfAttention}
import std.ffn.{MLP}

model CacheTiny {
  input tokens: int[batch, 8]
  embed TokenEmbedding(256, 16)
  repeat 2 {
    residual(pre, layernorm) { CausalSelfAttention(16, 2, rope: true) }
    residual(pre, layernorm) { MLP(16, 32) }
  }
  norm layernorm
  head tied
}
`;

const config: TrainConfig = {
  name: "cache",
  data: { kind: "text", source: "sotu", validation: 0.05 },
  batch: 2,
  steps: 2,
  optimizer: { kind: "adamw", lr: 0.01, clip: 1 },
  evalEvery: 2,
  checkpointEvery: 2,
  seed: 7,
  evalBatches: 1,
};

let model: CompiledModel;
beforeAll(async () => {
  await tf.setBackend("cpu");
  model = (await compileArch("attention-cache", writeArch("attention-cache", ARCH))).model;
}, 60_000);

// each case starts as a fresh process does, with no mask cached (so each can fail on its own)
beforeEach(() => clearAttentionCache());

/** runMain on `m` into a new run folder; its exit code and output. */
async function train(
  m: CompiledModel,
  ...flags: string[]
): Promise<{ code: number; text: string }> {
  const out = join(tempDir("archc-cache-"), "run");
  const io = captureIO();
  const argv = ["node", "train", "--out", out, "--quiet", ...flags];
  return { code: await runMain(m, config, argv, io), text: io.text() };
}

describe("runMain and the attention cache", () => {
  it("a finished run, sampling included, leaves numTensors where it started; a second run too", async () => {
    const start = tf.memory().numTensors;
    for (const run of [1, 2]) {
      const r = await train(model, "--sample", "12");
      expect(r.code, r.text).toBe(0);
      expect(r.text).toMatch(/sample: /);
      expect(tf.memory().numTensors, `after run ${run}`).toBe(start);
    }
  }, 60_000);

  it("`archc train` in-process (it calls the program's runMain) leaves numTensors where it started", async () => {
    const start = tf.memory().numTensors;
    const out = join(tempDir("archc-cache-cli-"), "run");
    const argv = ["train", tinyProject("CacheCli", 2, 2), "--out", out, "--backend", "cpu"];
    const r = await runCli([...argv, "--sample", "8", "--quiet"]);
    expect(r.code, r.out + r.err).toBe(0);
    expect(tf.memory().numTensors).toBe(start);
  }, 60_000);

  it("a run that fails mid-training clears it too", async () => {
    let forwards = 0;
    const failing: CompiledModel = {
      ...model,
      forward: (p, x, ctx) => {
        const logits = model.forward(p, x, ctx); // caches the mask and the RoPE tables
        if (ctx.training && ++forwards === 2) throw new Error("boom in step 2");
        return logits;
      },
    };
    const start = tf.memory().numTensors;
    const r = await train(failing, "--sample", "0");
    expect(r.code, r.text).toBe(2);
    expect(r.text).toMatch(/boom in step 2/);
    expect(tf.memory().numTensors).toBe(start);
  }, 60_000);
});
