// `archc drop` compiles the source run's snapshot once and reads its checkpoint once
// (cli/runs/drop-source.ts, drop-run.ts): counted through the DropReads seam, whose functions are
// the real ones (the counts wrap them; nothing is mocked), on the same steps the command takes;
// the run written that way is the command's, byte for byte in its checkpoint.
import * as tf from "../../runtime/tf.ts";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DROP_READS, openDropSource, type DropReads } from "../../cli/runs/drop-source.ts";
import { writeDroppedRun } from "../../cli/runs/drop-run.ts";
import { nextDrop } from "../../cli/runs/run-layers.ts";
import { readRunInfo } from "../../runtime/run/info.ts";
import { runCli } from "../support/cli.ts";
import { tempDir, tinyProject, trainInto } from "./helpers.ts";

const root = tempDir("archc-drop-reads-");
const run = join(root, "run");

beforeAll(async () => {
  await tf.setBackend("cpu");
  await trainInto(tinyProject("DropReads", 2, 3), run); // 3 layers
}, 120_000);

/** The real reads, counted. */
function counted(): { reads: DropReads; compiles: () => number; checkpointReads: () => number } {
  let compiles = 0;
  let checkpointReads = 0;
  const reads: DropReads = {
    analyze: (entry, options) => (compiles++, DROP_READS.analyze(entry, options)),
    readCheckpoint: (dir, opts) => (checkpointReads++, DROP_READS.readCheckpoint(dir, opts)),
  };
  return { reads, compiles: () => compiles, checkpointReads: () => checkpointReads };
}

/** A run's run.json without the fields that name the moment or the command line. */
function record(dir: string): unknown {
  const info: Record<string, unknown> = { ...readRunInfo(dir) };
  delete info["createdAt"];
  delete info["argv"];
  return info;
}

const tensorsOf = (dir: string): Buffer =>
  readFileSync(join(dir, "checkpoints", "step-000002", "tensors.bin"));

describe("archc drop's reads", () => {
  it("one compile of the snapshot and one checkpoint read make the command's run", async () => {
    const c = counted();
    const src = await openDropSource(run, {}, c.reads);
    expect([c.compiles(), c.checkpointReads()]).toEqual([1, 1]);
    const spec = nextDrop(src.layers, { layers: [1], attention: [2] });
    const out = join(root, "counted");
    const r = await writeDroppedRun(src, src.layers, spec, out, undefined, c.reads);
    expect([c.compiles(), c.checkpointReads()]).toEqual([1, 1]);
    expect(r.paramCount).toBeLessThan(src.paramCount);

    const viaCli = join(root, "cli");
    const d = await runCli(["drop", run, "--layers", "1", "--attention", "2", "--out", viaCli]);
    expect(d.code, d.err).toBe(0);
    expect(d.out).toContain(`${r.paramCount.toLocaleString("en-US")} parameters (was `);
    expect(record(out)).toEqual(record(viaCli));
    expect(tensorsOf(out).equals(tensorsOf(viaCli))).toBe(true);
  }, 60_000);
});
