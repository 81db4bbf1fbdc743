// The progress display (runtime/train/progress.ts) on fake streams and a fake clock: the bar fits
// 40/60/80/200 columns, redraws only on a terminal, keeps its colour codes to a terminal without
// NO_COLOR, keeps its last line; plain lines in a file. The rate and ETA: tests/train/rate.test.ts.
import { describe, expect, it } from "vitest";
import { Progress, type Output } from "../../runtime/train/progress.ts";
import { visibleWidth } from "../../runtime/terminal.ts";

function stream(isTTY: boolean, columns?: number): Output & { text: () => string } {
  let text = "";
  return {
    write: (s) => void (text += s),
    isTTY,
    ...(columns === undefined ? {} : { columns }),
    text: () => text,
  };
}

/** What a terminal shows per row: each `\r` returns to the row's start, `\x1b[2K` erases it. */
function rows(text: string): string[] {
  return text.split("\n").map((line) => {
    const parts = line.split("\r");
    return parts[parts.length - 1]!.replace(/^\x1b\[2K/, "");
  });
}

/** Every line segment drawn (between `\r`s and `\n`s), without the erase code. */
const segments = (text: string): string[] =>
  text.split(/[\r\n]/).map((s) => s.replace(/^\x1b\[2K/, ""));

const SGR = /\x1b\[[0-9;]*m/;

function drive(p: Progress, total: number): void {
  for (let step = 1; step <= total; step++) {
    p.update(step, 5 - step / 100, 12345.6, step < 3 ? undefined : (total - step) * 0.7);
    if (step % 25 === 0) p.log(`step ${step}: validation loss 4.1234, 5.948 bits per byte`);
  }
  p.finish();
}

describe("the progress bar on a terminal", () => {
  it.each([40, 60, 80, 200])("never draws wider than %i columns minus one", (columns) => {
    const out = stream(true, columns);
    drive(new Progress(out, 100, false, { env: {} }), 100);
    for (const s of segments(out.text()).filter((s) => s.startsWith("step ") && s.includes("/")))
      expect(visibleWidth(s), JSON.stringify(s)).toBeLessThanOrEqual(columns - 1);
    // the loss is always there; the bar where there is room for it
    expect(out.text()).toContain("loss 4.0000");
    if (columns >= 80) expect(out.text()).toContain("█".repeat(24));
    if (columns >= 60) expect(out.text()).toContain("tok/s");
  });

  it("keeps the last state on screen and prints messages above it", () => {
    const out = stream(true, 80);
    drive(new Progress(out, 50, false, { env: {} }), 50);
    const shown = rows(out.text());
    expect(shown.at(-1)).toBe(""); // ends the line
    expect(shown.at(-2)).toMatch(/^step 50\/50 .*loss 4\.5000 .*ETA 0s$/);
    expect(shown.at(-3)).toBe("step 50: validation loss 4.1234, 5.948 bits per byte");
    expect(shown.at(-4)).toBe("step 25: validation loss 4.1234, 5.948 bits per byte");
  });

  it("colours the bar unless NO_COLOR is set, and redraws either way", () => {
    const coloured = stream(true, 80);
    drive(new Progress(coloured, 10, false, { env: {} }), 10);
    expect(coloured.text()).toMatch(SGR);
    const plain = stream(true, 80);
    drive(new Progress(plain, 10, false, { env: { NO_COLOR: "1" } }), 10);
    expect(plain.text()).not.toMatch(SGR);
    expect(plain.text()).toContain("\r\x1b[2K");
    // NO_COLOR="" means not set (no-color.org)
    const empty = stream(true, 80);
    drive(new Progress(empty, 10, false, { env: { NO_COLOR: "" } }), 10);
    expect(empty.text()).toMatch(SGR);
  });
});

describe("the progress lines in a file or a pipe", () => {
  it("write plain lines about every 5% and at least every 30 s, with no control codes", () => {
    const out = stream(false);
    let ms = 0;
    const p = new Progress(out, 100, false, { now: () => ms, env: {} });
    for (let step = 1; step <= 100; step++) {
      ms += step === 7 ? 31_000 : 10; // one slow step: a line after it although 7 is not a 5% step
      p.update(step, 4, 1000, 10);
    }
    p.finish();
    expect(out.text()).not.toMatch(/[\r\x1b]/);
    const steps = out
      .text()
      .trim()
      .split("\n")
      .map((l) => Number(/^step (\d+)\/100 /.exec(l)?.[1]));
    expect(steps).toEqual([
      5, 7, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 95, 100,
    ]);
  });

  it("quiet prints nothing but what must be said", () => {
    const out = stream(true, 80);
    const p = new Progress(out, 10, true, { env: {} });
    p.update(1, 4, 1000, 10);
    p.log("not shown");
    p.log("shown", true);
    p.finish();
    expect(out.text()).toBe("shown\n");
  });
});
