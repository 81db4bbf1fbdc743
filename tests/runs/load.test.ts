// loadRun (cli/runs/load.ts): a run trained by `archc train` is rebuilt from its own source
// snapshot (a local import and the stdlib), at its newest checkpoint or a named one, with the
// checkpoint's values; every problem is a RuntimeUserError with a clear message.
import * as tf from "../../runtime/tf.ts";
import { createHash } from "node:crypto";
import { appendFileSync, cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadRun } from "../../cli/runs/load.ts";
import { checkpointAt, readCheckpoint, runDirOf } from "../../runtime/checkpoint/index.ts";
import { RuntimeUserError } from "../../runtime/errors.ts";
import { readRunInfo } from "../../runtime/run/info.ts";
import { tempDir, tinyProject, trainInto } from "./helpers.ts";

const run = join(tempDir(), "run");
let entry = "";

beforeAll(async () => {
  await tf.setBackend("cpu");
  entry = tinyProject("LoadTiny");
  await trainInto(entry, run);
}, 120_000);

/** A copy of the trained run to break. */
function copyRun(): string {
  const dir = join(tempDir(), "copy");
  cpSync(run, dir, { recursive: true });
  return dir;
}

async function loadError(path: string): Promise<string> {
  const e = await loadRun(path).then(
    (r) => {
      r.dispose();
      return undefined;
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(RuntimeUserError);
  return (e as Error).message;
}

describe("loadRun", () => {
  it("keeps the sources in the run and rebuilds the model with the newest checkpoint's values", async () => {
    const info = readRunInfo(run);
    expect(info.build?.entry).toBe("project/loadtiny.arch");
    const paths = info.build!.files.map((f) => f.path);
    expect(paths).toContain("project/blocks/layer.arch");
    expect(paths).toContain("stdlib/attention/causal-self-attention.arch");
    expect(readFileSync(join(run, "source", "project", "loadtiny.arch"), "utf8")).toBe(
      readFileSync(entry, "utf8"),
    );
    const loaded = await loadRun(run);
    expect(loaded.checkpoint.step).toBe(2);
    expect(loaded.checkpoint.growStage).toBe(0);
    expect(loaded.model.meta.name).toBe("LoadTiny");
    expect(loaded.tokenizer).toBe("bytes");
    const { tensors } = readCheckpoint(loaded.checkpoint.dir);
    const emb = tensors.find((t) => t.group === "param" && t.name === "token_embedding.table");
    expect(emb).toBeDefined();
    expect(loaded.params.get("token_embedding.table")!.dataSync()).toEqual(emb!.values);
    expect([...loaded.params.keys()]).toEqual(loaded.model.params.map((p) => p.name));
    const logits = tf.tidy(() =>
      loaded.model.forward(loaded.params, tf.tensor2d([[1, 2, 3]], [1, 3], "int32"), {
        training: false,
        step: 0,
        seed: 0,
        aux: { addLoss: () => undefined, addStat: () => undefined },
      }),
    );
    expect(logits.shape).toEqual([1, 3, 256]);
    logits.dispose();
    loaded.dispose();
    // loading and disposing leaves no tensor behind (the forward may keep cached masks)
    const before = tf.memory().numTensors;
    (await loadRun(run)).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("loads a named checkpoint folder", async () => {
    const loaded = await loadRun(join(run, "checkpoints", "step-000001"));
    expect(loaded.checkpoint.step).toBe(1);
    expect(loaded.dir).toBe(run);
    loaded.dispose();
  });

  it("locates a checkpoint by one rule: a checkpoint folder itself, or a run's newest", () => {
    const step1 = join(run, "checkpoints", "step-000001");
    expect(checkpointAt(step1)).toBe(step1);
    expect(checkpointAt(run)).toBe(join(run, "checkpoints", "step-000002"));
    expect(runDirOf(step1)).toBe(run);
    expect(runDirOf(run)).toBe(run);
    const bare = copyRun();
    rmSync(join(bare, "checkpoints"), { recursive: true });
    expect(checkpointAt(bare)).toBeNull();
  });

  it("refuses a missing path, a folder that is no run, and a run without checkpoints", async () => {
    expect(await loadError(join(run, "nope"))).toMatch(/does not exist/);
    expect(await loadError(tempDir())).toMatch(/is not a run directory/);
    const dir = copyRun();
    rmSync(join(dir, "checkpoints"), { recursive: true });
    expect(await loadError(dir)).toMatch(/has no complete checkpoint/);
  });

  it("refuses a run whose source is missing or was edited", async () => {
    const missing = copyRun();
    rmSync(join(missing, "source", "project", "blocks", "layer.arch"));
    expect(await loadError(missing)).toMatch(/missing its source file source\/project\/blocks\/layer\.arch/);
    const edited = copyRun();
    appendFileSync(join(edited, "source", "project", "loadtiny.arch"), "\n// edited\n");
    expect(await loadError(edited)).toMatch(/was changed after training/);
  });

  it("refuses a run without a source snapshot (an older run)", async () => {
    const old = copyRun();
    const info = JSON.parse(readFileSync(join(old, "run.json"), "utf8")) as Record<string, unknown>;
    delete info["build"];
    rmSync(join(old, "run.json"));
    writeFileSync(join(old, "config.json"), JSON.stringify(info));
    expect(await loadError(old)).toMatch(/has no source snapshot/);
  });

  it("refuses a checkpoint that does not fit the rebuilt model", async () => {
    const other = copyRun();
    const path = join(other, "run.json");
    const info = JSON.parse(readFileSync(path, "utf8")) as {
      build: { files: { path: string; sha256: string }[] };
    };
    // the snapshot says d = 24: every parameter's shape differs from the checkpoint's
    const file = join(other, "source", "project", "loadtiny.arch");
    const text = readFileSync(file, "utf8").replace("const d = 16", "const d = 24");
    writeFileSync(file, text);
    const entry = info.build.files.find((f) => f.path === "project/loadtiny.arch")!;
    entry.sha256 = createHash("sha256").update(text).digest("hex");
    writeFileSync(path, JSON.stringify(info));
    expect(await loadError(other)).toMatch(/stores '.*' as \[.*\], but the run's model has \[.*24/);
  });

  it("rebuilds a run trained with --set using the same overrides", async () => {
    const wide = join(tempDir(), "run");
    await trainInto(entry, wide, "--steps", "1", "--set", "d=24", "--set", "lr=5e-3");
    expect(readRunInfo(wide).build?.settings.overrides).toEqual(["d=24", "lr=5e-3"]);
    const loaded = await loadRun(wide);
    expect(loaded.params.get("token_embedding.table")!.shape).toEqual([256, 24]);
    loaded.dispose();
  });

  it("rebuilds a run whose data file is gone (sample and eval read no training data)", async () => {
    const own = tinyProject("DataTiny");
    const text = readFileSync(own, "utf8").replace("text(sotu,", 'text("corpus.txt",');
    writeFileSync(own, text);
    const corpus = join(dirname(own), "corpus.txt");
    writeFileSync(corpus, "the quick brown fox jumps over the lazy dog. ".repeat(200));
    const gone = join(tempDir(), "run");
    await trainInto(own, gone, "--steps", "1");
    rmSync(corpus);
    const loaded = await loadRun(gone);
    expect(loaded.model.meta.name).toBe("DataTiny");
    loaded.dispose();
  });
});
