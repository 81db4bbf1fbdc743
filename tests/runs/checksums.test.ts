// Checkpoints are checked on every read: a flipped byte, a truncated tensors.bin and a manifest
// that disagrees with the data are reported by `archc export`, `archc train --resume` and loadRun,
// naming the last good checkpoint; a checkpoint from before checksums still reads, with a note.
import * as tf from "../../runtime/tf.ts";
import { cpSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CorruptCheckpointError } from "../../runtime/checkpoint/index.ts";
import { loadRun } from "../../cli/runs/load.ts";
import { runCli } from "../support/cli.ts";
import { tempDir, tinyProject, trainInto } from "./helpers.ts";

const trained = join(tempDir(), "run");
let entry = "";

beforeAll(async () => {
  await tf.setBackend("cpu");
  entry = tinyProject("SumTiny", 3);
  await trainInto(entry, trained); // checkpoints at steps 1, 2, 3
}, 120_000);

function copyRun(): string {
  const dir = join(tempDir(), "run");
  cpSync(trained, dir, { recursive: true });
  return dir;
}
const ckpt = (run: string, step: number): string =>
  join(run, "checkpoints", `step-${String(step).padStart(6, "0")}`);

function flipByte(run: string, step: number, at = 100): void {
  const path = join(ckpt(run, step), "tensors.bin");
  const bytes = readFileSync(path);
  bytes[at] = bytes[at]! ^ 0x40;
  writeFileSync(path, bytes);
}

function editManifest(run: string, step: number, edit: (m: ManifestJson) => void): void {
  const path = join(ckpt(run, step), "manifest.json");
  const m = JSON.parse(readFileSync(path, "utf8")) as ManifestJson;
  edit(m);
  writeFileSync(path, JSON.stringify(m));
}
interface ManifestJson {
  version: number;
  tensors: { name: string; shape: number[]; sha256?: string }[];
}

const noStack = (s: string): void => expect(s).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);

describe("checkpoint checksums", () => {
  it("a flipped byte in the newest checkpoint: export, resume and loadRun name the last good one", async () => {
    const run = copyRun();
    flipByte(run, 3);
    const want =
      /step-000003 is corrupt \(tensor token_embedding\.table checksum mismatch\); the last good checkpoint is step-000002: use `archc export .*step-000002`/;
    const exp = await runCli(["export", run]);
    expect(exp.code).toBe(1);
    expect(exp.err).toMatch(want);
    noStack(exp.err);
    const resume = await runCli(["train", entry, "--backend", "cpu", "--out", run, "--resume", "--quiet"]);
    expect(resume.code, resume.err).toBe(1);
    expect(resume.err).toMatch(want);
    noStack(resume.err);
    const load = await loadRun(run).catch((e: unknown) => e);
    expect(load).toBeInstanceOf(CorruptCheckpointError);
    expect((load as Error).message).toMatch(want);
    // the advice works: the last good checkpoint exports, into the run directory
    const good = await runCli(["export", ckpt(run, 2)]);
    expect(good.code, good.err).toBe(0);
    expect(good.err).toContain(`wrote ${join(run, "model.safetensors")}`);
    expect(good.err).toContain("(step 2)");
  });

  it("a truncated tensors.bin is reported as truncated", async () => {
    const run = copyRun();
    truncateSync(join(ckpt(run, 3), "tensors.bin"), 1000);
    const r = await runCli(["export", run]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/step-000003 is corrupt \(tensors\.bin has 1000 bytes where the manifest says \d+ \(truncated\)\)/);
  });

  it("a manifest whose shapes disagree with the data is a user error, also for a named checkpoint", async () => {
    const run = copyRun();
    editManifest(run, 3, (m) => void (m.tensors[0]!.shape = [3, 3]));
    const r = await runCli(["export", ckpt(run, 3)]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /Checkpoint .*step-000003 is corrupt \(tensor token_embedding\.table of shape \[3, 3\] needs 36 bytes, the manifest says 16384\)/,
    );
    noStack(r.err);
    const bad = copyRun();
    writeFileSync(join(ckpt(bad, 3), "manifest.json"), "{ not json");
    const r2 = await runCli(["export", bad]);
    expect(r2.code).toBe(1);
    expect(r2.err).toMatch(/step-000003 is corrupt \(manifest\.json is not valid JSON/);
  });

  it("a checkpoint written before checksums still reads, with a note", async () => {
    const run = copyRun();
    editManifest(run, 3, (m) => {
      m.version = 1;
      for (const t of m.tensors) delete t.sha256;
    });
    const r = await runCli(["export", run]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/note: checkpoint .*step-000003 has no checksums \(written by an older archc\)/);
    const notes: string[] = [];
    const loaded = await loadRun(run, { io: { err: (t) => void notes.push(t) } });
    expect(loaded.checkpoint.step).toBe(3);
    loaded.dispose();
    expect(notes.join("")).toContain("has no checksums");
  });
});
