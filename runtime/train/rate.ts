// Throughput and time left of a training run. The first WARMUP steps of a process (graph building,
// kernel compilation, wasm and allocator warm-up: often several times slower than the rest) are
// left out of the rate; the rate shown and the ETA use the mean over the last WINDOW steps after
// them. The end-of-run mean counts every step of this process.

/** Steps at the start of a process that do not count toward the rate and the ETA. */
export const WARMUP_STEPS = 2;
/** Steps the shown rate averages over. */
export const RATE_WINDOW = 20;

export class StepRate {
  private readonly recent: number[] = [];
  private steps = 0;
  private seconds = 0;

  constructor(
    private readonly tokensPerStep: number,
    private readonly warmup = WARMUP_STEPS,
    private readonly window = RATE_WINDOW,
  ) {}

  /** Records one step that took `seconds`. */
  add(seconds: number): void {
    this.steps++;
    this.seconds += seconds;
    if (this.steps <= this.warmup) return;
    this.recent.push(seconds);
    if (this.recent.length > this.window) this.recent.shift();
  }

  /** Mean seconds per step over the window; undefined while only warm-up steps were measured. */
  private stepSeconds(): number | undefined {
    if (this.recent.length === 0) return undefined;
    return this.recent.reduce((a, b) => a + b, 0) / this.recent.length;
  }

  /** Tokens per second now: the window's, or during warm-up the mean so far. */
  rate(): number {
    const s = this.stepSeconds() ?? (this.steps > 0 ? this.seconds / this.steps : undefined);
    return s === undefined ? 0 : this.tokensPerStep / Math.max(s, 1e-9);
  }

  /** Seconds the `remaining` steps will take; undefined until a step after warm-up is measured. */
  eta(remaining: number): number | undefined {
    const s = this.stepSeconds();
    return s === undefined ? undefined : remaining * s;
  }

  /** Steps measured, their total seconds and mean tokens per second (warm-up included). */
  totals(): { steps: number; seconds: number; tokensPerSec: number } {
    const tokensPerSec = this.seconds > 0 ? (this.steps * this.tokensPerStep) / this.seconds : 0;
    return { steps: this.steps, seconds: this.seconds, tokensPerSec };
  }
}
