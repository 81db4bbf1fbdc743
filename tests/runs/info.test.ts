// run.json (runtime/run/info.ts) after `archc train`: the resolved config, archc/tfjs/node versions,
// the backend used, the command line, created/resumed times and the source snapshot listing (each
// file's sha256 matching the run's copy); an older run's config.json still resumes.
import * as tf from "../../runtime/tf.ts";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readRunInfo } from "../../runtime/run/info.ts";
import { runCli } from "../support/cli.ts";
import { tempDir, tinyProject, trainInto } from "./helpers.ts";

const version = (JSON.parse(readFileSync("package.json", "utf8")) as { version: string }).version;
let entry = "";

beforeAll(async () => {
  await tf.setBackend("cpu");
  entry = tinyProject("InfoTiny");
}, 60_000);

describe("run.json", () => {
  it("records config, versions, backend, command line, times and the source snapshot", async () => {
    const run = join(tempDir(), "run");
    await trainInto(entry, run, "--steps", "1");
    expect(existsSync(join(run, "config.json"))).toBe(false);
    const info = readRunInfo(run);
    expect(info.config.steps).toBe(1);
    expect(info.config.batch).toBe(2);
    expect(info.backend).toBe("cpu");
    expect(info.versions).toEqual({ archc: version, tfjs: tf.version_core, node: process.version });
    expect(info.argv).toContain("--steps=1");
    expect(info.argv[0]).toBe("infotiny.arch");
    expect(Date.parse(info.createdAt)).toBeGreaterThan(0);
    expect(info.resumedAt).toBeUndefined();
    expect(info.build?.settings).toEqual({ optimize: true, overrides: [] });
    expect(info.build?.archc).toBe(version);
    for (const f of info.build!.files) {
      const bytes = readFileSync(join(run, "source", f.path));
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(f.sha256);
      expect(bytes.length).toBe(f.bytes);
    }
    expect(info.build!.files.find((f) => f.path === "project/infotiny.arch")?.origin).toBe(entry);
  });

  it("records --no-opt and --moe in the build settings", async () => {
    const run = join(tempDir(), "run");
    await trainInto(entry, run, "--steps", "1", "--no-opt", "--moe", "dense");
    expect(readRunInfo(run).build?.settings).toEqual({
      optimize: false,
      moe: "dense",
      overrides: [],
    });
  });

  it("resumes an older run whose record is config.json, and then writes run.json", async () => {
    const run = join(tempDir(), "run");
    await trainInto(entry, run, "--steps", "1");
    const created = readRunInfo(run).createdAt;
    renameSync(join(run, "run.json"), join(run, "config.json"));
    const r = await runCli(["train", entry, "--backend", "cpu", "--resume", run, "--steps", "2"]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/resuming from .*step-000001 \(step 1\)/);
    const info = readRunInfo(run);
    expect(existsSync(join(run, "run.json"))).toBe(true);
    expect(existsSync(join(run, "config.json"))).toBe(false); // superseded by run.json
    expect(info.createdAt).toBe(created);
    expect(info.resumedAt).toBeDefined();
    expect(info.config.steps).toBe(2);
  });
});
