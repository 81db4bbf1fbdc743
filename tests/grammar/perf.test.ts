// Throughput guard for the front end: a large spec (the examples repeated) must parse at a useful
// rate and in time linear in its size. CPU time is measured, so a loaded machine does not fail it;
// the floors are far below the measured rate (see the report) and catch only real regressions.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "../../grammar/parse.ts";
import { archFiles } from "../property/arch-files.ts";

const sources = archFiles(["examples", "stdlib"]).map((p) => readFileSync(p, "utf8"));
const spec = (size: number): string => {
  let text = "";
  for (let i = 0; text.length < size; i++)
    text += (sources[i % sources.length] ?? "const d = 1\n") + "\n";
  return text;
};

/** CPU milliseconds per parse of `text`, the best of a few runs. */
function cpuMs(text: string, runs = 3): number {
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const { diagnostics } = parse(text, "big.arch");
    const c = process.cpuUsage(c0);
    expect(diagnostics).toEqual([]);
    best = Math.min(best, (c.user + c.system) / 1000);
  }
  return best;
}

describe("parse throughput", () => {
  it("parses a 300 kB spec at more than 1 MB/s of CPU time", () => {
    const text = spec(300_000);
    cpuMs(text, 2); // warm up the JIT
    const ms = cpuMs(text);
    const mbPerS = text.length / 1000 / ms;
    expect(mbPerS, `${mbPerS.toFixed(2)} MB/s`).toBeGreaterThan(1);
  });

  it("takes time linear in the size of the input", () => {
    // 8x the input: linear is about 8x the time, quadratic 64x. Measured 15-25x: the small spec's
    // CST and AST fit in V8's young generation, the large one's are copied out by the scavenger
    // (linear, but twice the cost per byte); the bound leaves room for that and for GC noise.
    const small = spec(50_000);
    const large = spec(400_000);
    cpuMs(small, 2);
    const ratio = cpuMs(large) / cpuMs(small, 5);
    expect(ratio, `8x the input took ${ratio.toFixed(1)}x the time`).toBeLessThan(32);
  });
});
