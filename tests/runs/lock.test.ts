// The run directory lock (runtime/run/lock.ts): a second training into a directory that a live
// training holds (a real child process) is refused, for a new run and for --resume alike; the
// lock of a killed process is reported and taken over; a finished training leaves no lock.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runMain } from "../../runtime/run/main.ts";
import { bigramModel } from "../train/bigram.ts";
import { startChild } from "../train/child.ts";
import { childConfig } from "../train/child-config.ts";
import { captureIO, tempDir } from "../train/helpers.ts";

const train = async (...flags: string[]): Promise<{ code: number; text: string }> => {
  const io = captureIO();
  const cfg = { ...childConfig, steps: 2, checkpointEvery: 1 };
  const argv = ["node", "t", "--backend", "cpu", "--sample", "0", "--quiet", ...flags];
  const code = await runMain(bigramModel(), cfg, argv, io);
  return { code, text: io.text() };
};

describe("run directory lock", () => {
  it("refuses a second training while one runs, and takes over the lock once it was killed", async () => {
    const dir = tempDir();
    const child = startChild(["--out", dir, "--sample", "0"], { ARCHC_TEST_STEP_DELAY_MS: "200" });
    await child.waitFor(/step 2\/30/, 60_000);
    const pid = child.proc.pid!;
    const owner = JSON.parse(readFileSync(join(dir, "lock"), "utf8")) as { pid: number };
    expect(owner.pid).toBe(pid);
    const inUse = new RegExp(`is in use by another training \\(process ${pid}, started `);
    const resume = await train("--out", dir, "--resume");
    expect(resume.code).toBe(1);
    expect(resume.text).toMatch(inUse);
    const fresh = await train("--out", dir);
    expect(fresh.code).toBe(1);
    expect(fresh.text).toMatch(inUse);
    child.proc.kill("SIGKILL");
    await child.done;
    const after = await train("--out", dir, "--resume", "--steps", "31");
    expect(after.code, after.text).toBe(0);
    expect(after.text).toContain(`note: taking over the stale lock of run directory '${dir}'`);
    expect(after.text).toContain(`(process ${pid}, started`);
    expect(after.text).toContain("no longer running");
    expect(existsSync(join(dir, "lock"))).toBe(false);
  }, 120_000);

  it("takes over a lock whose pid is not alive (a fake pid), and leaves none behind", async () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    const dead = spawnSync(process.execPath, ["-e", ""]).pid;
    const lock = { pid: dead, host: hostname(), startedAt: "2026-01-01T00:00:00.000Z", argv: [] };
    writeFileSync(join(dir, "lock"), JSON.stringify(lock));
    const r = await train("--out", dir);
    expect(r.code, r.text).toBe(0);
    expect(r.text).toContain(`(process ${dead}, started 2026-01-01T00:00:00.000Z, no longer running)`);
    expect(existsSync(join(dir, "lock"))).toBe(false);
  });

  it("counts a lock held by this very process as held", async () => {
    const dir = tempDir();
    const lock = { pid: process.pid, host: hostname(), startedAt: "now", argv: [] };
    writeFileSync(join(dir, "lock"), JSON.stringify(lock));
    const r = await train("--out", dir);
    expect(r.code).toBe(1);
    expect(r.text).toContain(`is in use by another training (process ${process.pid}, started now)`);
  });
});
