// `archc upcycle` (BAM, constructs.md §7.5) on real runs of the tiny Pre-LN GPT: from two copies of
// one dense run, the upcycled mixture model (2 attention experts with shared K/V, 2 MoE FFN experts)
// computes the dense logits whatever its routers; from two different runs, expert j holds run j's
// weights (query heads in spec/moa.ts order, MLPs as they are) and the shared weights their mean;
// a run count that does not fit the experts, other heads, a missing --out and a missing run are
// clear errors.
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import * as tf from "../../runtime/tf.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/compile.ts";
import type { CompiledModel } from "../../runtime/model.ts";
import { createParams } from "../../runtime/init.ts";
import { initFrom } from "../../runtime/run/init-from.ts";
import { readSafetensors } from "../../runtime/export/safetensors-read.ts";
import { moaHeadIndex } from "../../spec/moa.ts";
import { importProgram, writeProgram } from "../codegen/support.ts";
import { runCli } from "../support/cli.ts";
import { logits, maxDiff } from "../constructs/support.ts";
import { tempDir, tinyProject, trainInto } from "./helpers.ts";

const root = tempDir("archc-upcycle-");
const runA = join(root, "a");
const runB = join(root, "b");
let entry = "";
let target = "";

/** The tiny model with a mixture of attention and an MoE FFN of `experts` experts per layer. */
const MIXTURE = (experts: number): string => `import std.attention.{MixtureOfAttention}
import std.moe.{MoeFFN}

const d = 16
const ctx = 8

model Mixed {
  input tokens: int[batch, ctx]
  embed TokenEmbedding(256, d) + LearnedPositions(ctx, d)
  repeat 2 {
    residual(pre, layernorm) { MixtureOfAttention(d, 2, experts: ${experts}) }
    residual(pre, layernorm) { MoeFFN(d, 4 * d, experts: ${experts}, top_k: 2, capacity: 4.0) }
  }
  norm layernorm
  head tied
}
`;

async function compiled(file: string): Promise<CompiledModel> {
  const out = join(root, "programs", file.replace(/\W+/g, "-"));
  const r = await compileFile(file, { outDir: out, skipDataFiles: true });
  const code = r.files?.find((f) => f.path === "model.ts")?.text;
  if (code === undefined) throw new Error(r.diagnostics.map((d) => d.message).join("; "));
  return (await importProgram(writeProgram(out, code))).model;
}

const toks = (): tf.Tensor2D =>
  tf.tensor2d([[84, 104, 101, 32, 115, 116, 97, 116]], [1, 8], "int32");

beforeAll(async () => {
  await tf.setBackend("cpu");
  entry = tinyProject("Dense");
  await trainInto(entry, runA);
  await trainInto(entry, runB, "--seed", "9");
  for (const run of [runA, runB]) expect((await runCli(["export", run])).code).toBe(0); // by name
  target = join(root, "mixed.arch");
  writeFileSync(target, MIXTURE(2));
}, 180_000);

describe("archc upcycle", () => {
  it("two copies of one dense run: the upcycled model computes the dense logits", async () => {
    const file = join(root, "same.safetensors");
    const r = await runCli(["upcycle", target, runA, runA, "--out", file]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain("4 routers left to the model's init");
    const dense = await compiled(entry);
    const dp = createParams(dense.params, 1);
    expect(initFrom(dp, runA, false).fresh).toEqual([]);
    const mixed = await compiled(target);
    const mp = createParams(mixed.params, 1);
    const rep = initFrom(mp, file, false);
    expect(rep.fresh.every((n) => /router/.test(n)), rep.fresh.join(", ")).toBe(true);
    for (const n of rep.fresh) mp.get(n)!.assign(tf.randomNormal(mp.get(n)!.shape, 0, 2, "float32", 4));
    const t = toks();
    const want = logits(dense, dp, t);
    expect(maxDiff(logits(mixed, mp, t), want)).toBeLessThan(1e-4);
    // the mixture at its own init computes something else: the test can fail
    const fresh = createParams(mixed.params, 1);
    expect(maxDiff(logits(mixed, fresh, t), want)).toBeGreaterThan(1e-3);
    t.dispose();
  });

  it("two different runs: expert j holds run j's weights, shared weights their mean", async () => {
    const file = join(root, "two.safetensors");
    const r = await runCli(["upcycle", target, runA, runB, "--out", file]);
    expect(r.code, r.err).toBe(0);
    const up = new Map(readSafetensors(file).map((t) => [t.name, t]));
    const runs = [runA, runB].map(
      (run) => new Map(readSafetensors(join(run, "model.safetensors")).map((t) => [t.name, t])),
    );
    const at = "blocks.1";
    // MLP experts as they are
    for (const j of [0, 1])
      expect(up.get(`${at}.moe_ffn.experts.${j}.linear_0.kernel`)!.values).toEqual(
        runs[j]!.get(`${at}.mlp.linear_0.kernel`)!.values,
      );
    // query heads: expert e's head h at column block moaHeadIndex("head", e, h, 2, 2) of 8
    const q = up.get(`${at}.mixture_of_attention.q.kernel`)!; // [16, 32]
    for (const e of [0, 1])
      for (const h of [0, 1]) {
        const src = runs[e]!.get(`${at}.causal_self_attention.q.kernel`)!; // [16, 16]
        const to = moaHeadIndex("head", e, h, 2, 2) * 8;
        for (let row = 0; row < 16; row++)
          for (let c = 0; c < 8; c++)
            expect(q.values[row * 32 + to + c]).toBe(src.values[row * 16 + h * 8 + c]);
      }
    // shared K and the norms: the mean of the two runs
    for (const [mine, theirs] of [
      [`${at}.mixture_of_attention.k.kernel`, `${at}.causal_self_attention.k.kernel`],
      ["ln_f.scale", "ln_f.scale"],
    ] as const) {
      const a = runs[0]!.get(theirs)!.values;
      const b = runs[1]!.get(theirs)!.values;
      up.get(mine)!.values.forEach((v, i) => expect(v).toBeCloseTo((a[i]! + b[i]!) / 2, 6));
      expect(a).not.toEqual(b); // the runs differ: the test can fail
    }
  });

  it("refuses runs that do not number the experts, a missing --out and a missing run", async () => {
    const three = await runCli(["upcycle", target, runA, runA, runB, "--out", join(root, "x.safetensors")]);
    expect(three.code).toBe(1);
    expect(three.err).toMatch(/error: upcycle: .*(3 dense runs|one expert per run|give 2 dense runs)/);
    expect(three.err).not.toMatch(/\n\s+at /); // no stack trace
    // same shapes, other heads: the head slices would not be the dense model's heads
    const oneHead = join(root, "one-head.arch");
    writeFileSync(oneHead, MIXTURE(2).replace("MixtureOfAttention(d, 2,", "MixtureOfAttention(d, 1,"));
    const heads = await runCli(["upcycle", oneHead, runA, runB, "--out", join(root, "h.safetensors")]);
    expect(heads.code).toBe(1);
    expect(heads.err).toMatch(/have 1 heads each, but the attention of .* has 2/);
    const noOut = await runCli(["upcycle", target, runA]);
    expect(noOut.code).toBe(1);
    expect(noOut.err).toMatch(/--out/);
    const missing = await runCli(["upcycle", target, join(root, "nope"), "--out", join(root, "y.safetensors")]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/nope.*does not exist/);
  });
});
