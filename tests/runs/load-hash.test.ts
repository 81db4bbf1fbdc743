// loadRun of a hash-layers run (cli/runs/load.ts; #15 item 5): `archc sample` and `archc eval` use
// the model loadRun returns, so its hash layers must route by the tables the run recorded in its
// checkpoint (built from the training data's frequencies), not by id-balanced ones.
import * as tf from "../../runtime/tf.ts";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadRun } from "../../cli/runs/load.ts";
import { MANIFEST_FILE, readCheckpoint } from "../../runtime/checkpoint/index.ts";
import type { AuxSink } from "../../runtime/model.ts";
import { tempDir, tinyProject, trainInto } from "./helpers.ts";

const HASH_LAYER = `import std.attention.{CausalSelfAttention}
import std.ffn.{MLP}

block Layer(d: int, heads: int) {
  residual(pre, layernorm) { CausalSelfAttention(d, heads) }
  residual(pre, layernorm) { moe(experts: 4, router: hash, balance: 0.0) { MLP(d, 2 * d) } }
}
`;

const run = join(tempDir(), "run");

beforeAll(async () => {
  await tf.setBackend("cpu");
  const entry = tinyProject("HashLoad");
  writeFileSync(join(entry, "..", "blocks", "layer.arch"), HASH_LAYER);
  await trainInto(entry, run);
}, 120_000);

/** Each hash layer's expert load [E] for `tokens` under the loaded run (a training-mode forward). */
async function loads(tokens: number[]): Promise<Record<string, number[]>> {
  const loaded = await loadRun(run);
  const stats: Record<string, number[]> = {};
  const aux: AuxSink = {
    addLoss: (_n, v) => v.dispose(),
    addStat: (n, v) => {
      stats[n] = [...v.dataSync()];
      v.dispose();
    },
  };
  tf.tidy(() => {
    const x = tf.tensor2d([tokens], [1, tokens.length], "int32");
    loaded.model.forward(loaded.params, x, { training: true, step: 0, seed: 0, aux });
  });
  loaded.dispose();
  return stats;
}

describe("loadRun of a hash-layers run", () => {
  it("routes by the checkpoint's recorded tables", async () => {
    const loaded = await loadRun(run);
    const ckpt = loaded.checkpoint.dir;
    loaded.dispose();
    const { manifest } = readCheckpoint(ckpt);
    const tables = manifest.hashTables ?? {};
    expect(Object.keys(tables)).toHaveLength(2);
    for (const t of Object.values(tables)) expect(t.source).toBe("frequency");
    const tokens = [...Array(8).keys()].map((i) => 97 + i);

    // the recorded table as the run built it: the loads follow it
    const first = Object.entries(tables)[0]!;
    const want = [0, 0, 0, 0];
    for (const id of tokens) want[first[1].table[id]!]! += 1 / tokens.length;
    const got = (await loads(tokens))[`${first[0]}.load`]!;
    got.forEach((v, e) => expect(v).toBeCloseTo(want[e]!, 6));

    // a recorded table that sends every id to expert 2: every token goes there
    const path = join(ckpt, MANIFEST_FILE);
    const edited = JSON.parse(readFileSync(path, "utf8")) as typeof manifest;
    const all2 = Object.fromEntries(
      Object.entries(tables).map(([n, t]) => [n, { ...t, table: t.table.map(() => 2) }]),
    );
    writeFileSync(path, JSON.stringify({ ...edited, hashTables: all2 }));
    const stats = await loads(tokens);
    expect(Object.keys(stats)).toHaveLength(2);
    for (const v of Object.values(stats)) expect(v).toEqual([0, 0, 1, 0]);
  }, 60_000);
});
