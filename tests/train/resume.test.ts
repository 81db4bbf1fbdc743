// Kill-and-resume in child processes (cpu): SIGKILL mid-run, SIGKILL inside the checkpoint writer,
// and Ctrl-C (SIGINT). Each resumed run's metrics must equal an uninterrupted run's exactly.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { startChild } from "./child.ts";
import { tempDir } from "./helpers.ts";
import { readMetrics, type MetricRecord } from "../../runtime/train/metrics.ts";

/** The deterministic part of the metrics (no timings). */
function curve(runDir: string): unknown[] {
  return readMetrics(join(runDir, "metrics.jsonl")).map((r: MetricRecord) =>
    r.type === "train"
      ? [r.step, r.loss, r.ce, r.lr, r.gradNorm]
      : r.type === "eval"
        ? [r.step, "eval", r.valLoss, r.valBpb]
        : [r.step, r.type],
  );
}

async function resume(runDir: string, fromStep: number): Promise<void> {
  const child = startChild(["--resume", runDir]);
  const r = await child.done;
  expect(r.code, r.stdout + r.stderr).toBe(0);
  expect(r.stdout).toContain(`(step ${fromStep})`);
  expect(r.stdout).toMatch(/final validation loss .* \(step 30\)/);
}

/** The uninterrupted run's curve; started at once, runs alongside the first test's child. */
let reference: Promise<unknown[]>;

beforeAll(() => {
  const dir = tempDir();
  reference = startChild(["--out", dir, "--sample", "0"]).done.then((r) => {
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const c = curve(dir);
    expect(c).toHaveLength(33); // 30 train records + 3 evaluations
    return c;
  });
});

describe("kill and resume", () => {
  it("resumes after SIGKILL mid-run with exactly the uninterrupted loss curve", async () => {
    const dir = tempDir();
    const child = startChild(["--out", dir, "--sample", "0"], { ARCHC_TEST_STEP_DELAY_MS: "60" });
    await child.waitFor(/step 16\/30/);
    child.proc.kill("SIGKILL");
    expect((await child.done).signal).toBe("SIGKILL");
    const latest = readFileSync(join(dir, "checkpoints", "latest"), "utf8").trim();
    expect(["step-000010", "step-000020"]).toContain(latest); // step-000010 unless the machine is very slow
    const from = Number(latest.slice(5));
    expect(curve(dir).length).toBeGreaterThan(from + 1); // steps after the checkpoint were logged, then cut back
    await resume(dir, from);
    expect(curve(dir)).toEqual(await reference);
  });

  it("resumes from the previous checkpoint after SIGKILL inside the checkpoint writer", async () => {
    const dir = tempDir();
    const child = startChild(["--out", dir, "--sample", "0"], {
      ARCHC_TEST_CHECKPOINT_PAUSE_MS: "60000",
      ARCHC_TEST_CHECKPOINT_PAUSE_STEP: "20",
    });
    await child.waitFor(/checkpoint writer paused at step 20/);
    child.proc.kill("SIGKILL");
    await child.done;
    const names = readdirSync(join(dir, "checkpoints"));
    expect(names.some((n) => n.startsWith(".tmp-step-000020-"))).toBe(true); // the torn write is there…
    expect(names).not.toContain("step-000020");
    expect(readFileSync(join(dir, "checkpoints", "latest"), "utf8").trim()).toBe("step-000010"); // …but not pointed at
    await resume(dir, 10);
    expect(curve(dir)).toEqual(await reference);
    expect(readdirSync(join(dir, "checkpoints")).some((n) => n.startsWith(".tmp-"))).toBe(false);
  });

  it("saves a checkpoint on SIGINT, exits 130, and resumes exactly", async () => {
    const dir = tempDir();
    const child = startChild(["--out", dir, "--sample", "0"], { ARCHC_TEST_STEP_DELAY_MS: "100" });
    await child.waitFor(/step 4\/30/);
    child.proc.kill("SIGINT");
    const r = await child.done;
    expect(r.code, r.stdout + r.stderr).toBe(130);
    const m = /Saved checkpoint (\S+) at step (\d+); continue with --resume/.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    const step = Number(m![2]);
    expect(step).toBeGreaterThanOrEqual(4);
    expect(step).toBeLessThan(10);
    expect(existsSync(join(m![1]!, "manifest.json"))).toBe(true);
    expect(r.stdout).toContain("Interrupted: saving a checkpoint after this step");
    expect(existsSync(join(dir, "report.svg"))).toBe(true);
    await resume(dir, step);
    expect(curve(dir)).toEqual(await reference);
  });
});
