// The rate and ETA of a run (runtime/train/rate.ts) on step times from a fake clock: warm-up is
// judged from the step times, so the first ETA is close to the time the run really took, both on
// a made-up compile-heavy profile and on two profiles measured with `archc train` on wasm.
import { describe, expect, it } from "vitest";
import {
  MAX_WARMUP_STEPS,
  MIN_WARMUP_STEPS,
  RATE_WINDOW,
  StepRate,
} from "../../runtime/train/rate.ts";

const TOKENS = 1024;

/** Feeds `times` (seconds per step); returns the first step with an ETA, its ETA and the truth. */
function firstEta(times: readonly number[]): { step: number; eta: number; left: number } {
  const r = new StepRate(TOKENS);
  for (let i = 0; i < times.length; i++) {
    r.add(times[i]!);
    const eta = r.eta(times.length - i - 1);
    if (eta !== undefined) {
      return { step: i + 1, eta, left: leftAfter(times, i + 1) };
    }
  }
  throw new Error("no ETA during the whole run");
}

/** Seconds the steps after `step` (1-based) really took. */
const leftAfter = (times: readonly number[], step: number): number =>
  times.slice(step).reduce((a, b) => a + b, 0);

/** What the loop did before: an ETA from step 3 on, the steps after the first two averaged;
 *  its first ETA over the time really left then. */
const oldFirstRatio = (times: readonly number[]): number =>
  ((times.length - 3) * times[2]!) / leftAfter(times, 3);

// Seconds per step of `archc train examples/gpt.arch --backend wasm --steps 60` (metrics.jsonl
// `elapsed`, differenced) on the 2-core shared machine: four slow steps before the steady rate.
const MEASURED_SLOW_START = [
  9.23, 11.47, 8.5, 7.16, 3.72, 2.86, 2.95, 2.96, 2.95, 2.53, 2.18, 2.63, 2.71, 1.85, 2.15, 2.4,
  2.02, 1.84, 1.76, 1.66, 1.88, 2.18, 2.4, 2.56, 2.69, 2.68, 2.58, 2.06, 1.76, 1.89, 2.12, 1.58,
  1.57, 1.98, 1.93, 2.0, 1.86, 1.53, 1.28, 2.52, 1.95, 1.5, 1.9, 1.8, 2.32, 2.01, 2.31, 2.65, 2.01,
  3.63, 2.41, 2.73, 2.06, 2.11, 1.84, 2.29, 2.32, 2.21, 2.3, 2.33,
];
// The same with --steps 40 a minute later: one slow step.
const MEASURED_QUICK_START = [
  7.38, 2.62, 2.5, 2.19, 2.01, 1.82, 1.98, 1.55, 1.64, 1.46, 1.56, 1.6, 2.34, 2.52, 1.91, 1.79,
  2.15, 2.7, 2.75, 2.95, 2.48, 1.96, 2.17, 1.99, 1.74, 2.03, 1.92, 1.91, 3.11, 2.8, 1.86, 2.35,
  1.83, 2.41, 1.87, 1.58, 2.09, 2.14, 1.65, 1.32,
];

describe("the rate and the ETA", () => {
  it("wait out compile-heavy first steps: the first ETA is within 10% of the time left", () => {
    // 4 s (kernels compiled), 1.5 s, then 0.5 s a step
    const times = [4, 1.5, ...Array<number>(98).fill(0.5)];
    const first = firstEta(times);
    expect(first.step).toBe(MIN_WARMUP_STEPS + 3); // three agreeing steps after the minimum
    expect(first.eta / first.left).toBeCloseTo(1, 9);
    expect(oldFirstRatio(times)).toBeCloseTo(1, 9); // this profile the old rule got right too
    const r = new StepRate(TOKENS);
    for (const t of times) r.add(t);
    expect(r.rate()).toBeCloseTo(TOKENS / 0.5, 6);
    const totals = r.totals();
    expect(totals.steps).toBe(100);
    expect(totals.seconds).toBeCloseTo(4 + 1.5 + 98 * 0.5, 9);
    expect(totals.tokensPerSec).toBeCloseTo((100 * TOKENS) / totals.seconds, 9);
  });

  it("on the measured slow start, the first ETA is not ~4× off (the old rule's 3.7×)", () => {
    const t = MEASURED_SLOW_START;
    const first = firstEta(t);
    expect(first.step).toBe(8);
    expect(oldFirstRatio(t)).toBeGreaterThan(3.5);
    // the machine got faster later still (other jobs ended): no estimate from step 8 sees that
    expect(first.eta / first.left).toBeGreaterThan(0.8);
    expect(first.eta / first.left).toBeLessThan(1.4);
  });

  it("on the measured quick start, the first ETA is within 15%", () => {
    const first = firstEta(MEASURED_QUICK_START);
    expect(first.step).toBeLessThanOrEqual(MIN_WARMUP_STEPS + 3);
    expect(Math.abs(first.eta / first.left - 1)).toBeLessThan(0.15);
  });

  it("step times that never settle end warm-up at MAX_WARMUP_STEPS", () => {
    const times = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 1 : 3));
    expect(firstEta(times).step).toBe(MAX_WARMUP_STEPS);
  });

  it("keeps the ETA through a slow step after warm-up, and averages the last RATE_WINDOW steps", () => {
    const r = new StepRate(TOKENS);
    for (let i = 0; i < 10; i++) r.add(1);
    expect(r.warmedUp).toBe(true);
    r.add(30); // a checkpoint written inside the step, a GC pause
    expect(r.eta(10)).toBeDefined();
    for (let i = 0; i < RATE_WINDOW; i++) r.add(2);
    expect(r.rate()).toBeCloseTo(TOKENS / 2, 9);
    expect(r.eta(10)).toBeCloseTo(20, 9);
  });

  it("knows no rate before any step and no ETA during warm-up", () => {
    const r = new StepRate(TOKENS);
    expect(r.rate()).toBe(0);
    expect(r.eta(5)).toBeUndefined();
    r.add(2);
    expect(r.rate()).toBeCloseTo(TOKENS / 2, 9);
    expect(r.eta(5)).toBeUndefined();
    expect(r.warmedUp).toBe(false);
  });
});
