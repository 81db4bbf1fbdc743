// `archc drop` of a hash-routing MoE run (cli/runs/drop-run.ts): the dropped layer's recorded
// token → expert table leaves the checkpoint with it, the kept layer's table is copied unchanged
// (so the kept layer routes as it was trained), and the dropped run loads and samples.
import * as tf from "../../runtime/tf.ts";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadRun } from "../../cli/runs/load.ts";
import { readCheckpoint } from "../../runtime/checkpoint/index.ts";
import { runCli } from "../support/cli.ts";
import { tempDir, tinyProject, trainInto } from "./helpers.ts";

const HASH_LAYER = `import std.attention.{CausalSelfAttention}
import std.ffn.{MLP}

block Layer(d: int, heads: int) {
  residual(pre, layernorm) { CausalSelfAttention(d, heads) }
  residual(pre, layernorm) { moe(experts: 4, router: hash, balance: 0.0) { MLP(d, 2 * d) } }
}
`;

const root = tempDir("archc-drop-hash-");
const run = join(root, "run");

beforeAll(async () => {
  await tf.setBackend("cpu");
  const entry = tinyProject("DropHash"); // 2 layers
  writeFileSync(join(entry, "..", "blocks", "layer.arch"), HASH_LAYER);
  await trainInto(entry, run);
}, 120_000);

const tablesOf = async (dir: string): Promise<Record<string, unknown>> => {
  const r = await loadRun(dir);
  const { manifest } = readCheckpoint(r.checkpoint.dir);
  r.dispose();
  return manifest.hashTables ?? {};
};

describe("dropping a hash-routing layer", () => {
  it("drops its table and keeps the other layer's as recorded", async () => {
    const out = join(root, "d0");
    const r = await runCli(["drop", run, "--layers", "0", "--out", out]);
    expect(r.code, r.err).toBe(0);
    const before = await tablesOf(run);
    const after = await tablesOf(out);
    const kept = Object.keys(before).filter((n) => n.startsWith("blocks.1."));
    expect(kept).toHaveLength(1);
    expect(Object.keys(before).some((n) => n.startsWith("blocks.0."))).toBe(true);
    expect(Object.keys(after)).toEqual(kept);
    expect(after[kept[0]!]).toEqual(before[kept[0]!]);
    const sample = await runCli(["sample", out, "--tokens", "3", "--backend", "cpu"]);
    expect(sample.code, sample.err).toBe(0);
  });
});
