// Throughput and time left of a training run. The first steps of a process (graph building, kernel
// compilation, wasm and allocator warm-up) are often several times slower than the rest, and how
// many there are depends on the backend and the machine (2 to 4 on wasm, measured). So warm-up is
// judged, not counted: it lasts at least MIN_WARMUP_STEPS and ends when SETTLE_STEPS consecutive
// step times agree within SETTLE_TOLERANCE of their median (or at MAX_WARMUP_STEPS, whatever the
// times). Until then the ETA is unknown; after it the rate shown and the ETA use the mean over the
// last RATE_WINDOW steps since warm-up ended. The end-of-run mean counts every step of the process.

/** Steps at the start of a process that never count toward the rate and the ETA. */
export const MIN_WARMUP_STEPS = 2;
/** Consecutive step times that must agree for warm-up to end. */
export const SETTLE_STEPS = 3;
/** How far (a fraction of their median) those step times may be from their median. */
export const SETTLE_TOLERANCE = 0.25;
/** Warm-up ends after this many steps even if the step times never settle (a noisy machine). */
export const MAX_WARMUP_STEPS = 12;
/** Steps the shown rate and the ETA average over. */
export const RATE_WINDOW = 20;

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** True when every time is within SETTLE_TOLERANCE of the times' median. */
function agree(times: readonly number[]): boolean {
  const m = median(times);
  return times.every((t) => Math.abs(t - m) <= SETTLE_TOLERANCE * m);
}

export class StepRate {
  /** Step times since warm-up ended (the last RATE_WINDOW); empty during warm-up. */
  private recent: number[] = [];
  /** The last SETTLE_STEPS step times of warm-up after its minimum. */
  private candidates: number[] = [];
  private warm = false;
  private steps = 0;
  private seconds = 0;

  constructor(private readonly tokensPerStep: number) {}

  /** Records one step that took `seconds`. */
  add(seconds: number): void {
    this.steps++;
    this.seconds += seconds;
    if (this.warm) {
      this.recent.push(seconds);
      if (this.recent.length > RATE_WINDOW) this.recent.shift();
      return;
    }
    if (this.steps <= MIN_WARMUP_STEPS) return;
    this.candidates.push(seconds);
    if (this.candidates.length > SETTLE_STEPS) this.candidates.shift();
    const settled = this.candidates.length === SETTLE_STEPS && agree(this.candidates);
    if (settled || this.steps >= MAX_WARMUP_STEPS) {
      // the agreeing steps (or, unsettled, the latest ones) start the window
      this.warm = true;
      this.recent = this.candidates;
      this.candidates = [];
    }
  }

  /** Whether warm-up is over (then the ETA is known). */
  get warmedUp(): boolean {
    return this.warm;
  }

  /** Tokens per second now: the window's mean, or during warm-up the mean so far. */
  rate(): number {
    const s = this.warm ? mean(this.recent) : this.steps > 0 ? this.seconds / this.steps : 0;
    return s > 0 ? this.tokensPerStep / s : 0;
  }

  /** Seconds the `remaining` steps will take; undefined during warm-up. */
  eta(remaining: number): number | undefined {
    return this.warm ? remaining * mean(this.recent) : undefined;
  }

  /** Steps measured, their total seconds and mean tokens per second (warm-up included). */
  totals(): { steps: number; seconds: number; tokensPerSec: number } {
    const tokensPerSec = this.seconds > 0 ? (this.steps * this.tokensPerStep) / this.seconds : 0;
    return { steps: this.steps, seconds: this.seconds, tokensPerSec };
  }
}
