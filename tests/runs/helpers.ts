// Shared by the run tests: a tiny Pre-LN GPT in a temp project (one file importing a local block
// and the stdlib), trained for a few steps by `archc train` in this process.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { runCli } from "../support/cli.ts";

export function tempDir(prefix = "archc-runs-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The tiny model's entry file (imports `blocks/layer.arch`, which imports the stdlib). */
export const TINY_ENTRY = (name: string, steps = 2): string => `import "./blocks/layer.arch".{Layer}

const d = 16
const ctx = 8

model ${name} {
  input tokens: int[batch, ctx]
  embed TokenEmbedding(256, d) + LearnedPositions(ctx, d)
  repeat 2 { Layer(d, 2) }
  norm layernorm
  head tied
}

train ${name} {
  data text(sotu, tokenizer: bytes, validation: 0.05)
  batch 2
  steps ${steps}
  optimizer adamw(lr: 1e-2)
  checkpoint every 1 steps
  seed 3
}
`;

export const TINY_LAYER = `import std.attention.{CausalSelfAttention}
import std.ffn.{MLP}

block Layer(d: int, heads: int) {
  residual(pre, layernorm) { CausalSelfAttention(d, heads) }
  residual(pre, layernorm) { MLP(d, 4 * d, act: gelu) }
}
`;

/** Writes the tiny project (`depth` layers) under a new temp folder; returns the entry file's path. */
export function tinyProject(name: string, steps = 2, depth = 2): string {
  const root = tempDir("archc-project-");
  mkdirSync(join(root, "blocks"));
  writeFileSync(join(root, "blocks", "layer.arch"), TINY_LAYER);
  const entry = join(root, `${name.toLowerCase()}.arch`);
  writeFileSync(entry, TINY_ENTRY(name, steps).replace("repeat 2", `repeat ${depth}`));
  return entry;
}

/** Trains `entry` with `archc train` into `out`; returns the CLI's output. */
export async function trainInto(entry: string, out: string, ...flags: string[]): Promise<string> {
  const r = await runCli([
    "train",
    entry,
    "--backend",
    "cpu",
    "--out",
    out,
    "--sample",
    "0",
    "--quiet",
    ...flags,
  ]);
  expect(r.code, r.out + r.err).toBe(0);
  return r.out + r.err;
}
