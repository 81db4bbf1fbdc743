// `archc train` on a real terminal (a pseudo-terminal from util-linux `script`): redraw codes only
// on the stream that is a terminal (stdout to a file stays plain even when stderr is a terminal),
// NO_COLOR drops colour but keeps the redraw, the bar fits a 40-column terminal, the final bar
// line stays, an end-of-run summary is printed, and `auto` says what it picked and why.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { visibleWidth } from "../../runtime/terminal.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const BIN = join(ROOT, "bin/archc.mjs");
const GPT = join(ROOT, "examples/gpt.arch");
const hasScript = spawnSync("script", ["--version"]).status === 0;
const SGR = /\x1b\[[0-9;]*m/;

/** Runs `shell` under a pseudo-terminal in a fresh folder; returns what the terminal received. */
function onTerminal(
  shell: string,
  env: Record<string, string | undefined>,
): { dir: string; screen: string } {
  const dir = mkdtempSync(join(tmpdir(), "archc-tty-"));
  const log = join(dir, "screen.log");
  const r = spawnSync("script", ["-qec", shell, log], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  expect(r.status, r.stderr).toBe(0);
  return { dir, screen: readFileSync(log, "utf8") };
}

const train = (dir: string, backend = "wasm"): string =>
  `node ${BIN} train ${GPT} --steps 3 --eval-every 3 --sample 0 --backend ${backend} --out ${join(dir, "run")}`;

describe.skipIf(!hasScript)("archc train on a terminal", () => {
  it("writes no redraw codes to a stdout file when stderr is the terminal", () => {
    const dir = mkdtempSync(join(tmpdir(), "archc-tty-"));
    const file = join(dir, "out.txt");
    const { screen } = onTerminal(`${train(dir)} > ${file}`, { NO_COLOR: undefined });
    const text = readFileSync(file, "utf8");
    expect(text).not.toMatch(/[\r\x1b]/);
    expect(text).toMatch(/^step 3\/3 {2}loss \d+\.\d{4} {2}\d+ tok\/s {2}ETA /m);
    expect(text).toMatch(/^trained 3 steps in \d+s: [\d,]+ tok\/s mean, final loss \d+\.\d{4}$/m);
    expect(screen).not.toContain("step 3/3");
  }, 150_000);

  it("redraws with NO_COLOR set (without colour), fits 40 columns and keeps the last line", () => {
    const dir = mkdtempSync(join(tmpdir(), "archc-tty-"));
    const { screen } = onTerminal(`stty cols 40; NO_COLOR=1 ${train(dir, "auto")}`, {});
    expect(screen).toContain("\r\x1b[2K");
    expect(screen).not.toMatch(SGR);
    const drawn = screen.split(/[\r\n]/).map((s) => s.replace(/^\x1b\[2K/, ""));
    const bars = drawn.filter((s) => /^step \d+\/3 /.test(s));
    expect(bars.length).toBeGreaterThanOrEqual(3);
    for (const s of bars) expect(visibleWidth(s), JSON.stringify(s)).toBeLessThanOrEqual(39);
    // the last bar state is followed by a line end, not erased: then the summary
    expect(screen).toMatch(/step 3\/3 [^\r\n]*\r?\n[^\r\n]*trained 3 steps in /);
    // one line: what auto picked and why
    expect(screen).toMatch(
      /backend: (wasm|native|tensorflow) \(auto: @tensorflow\/tfjs-node is (not )?installed[^\r\n]*\)\r?\n/,
    );
  }, 150_000);
});
