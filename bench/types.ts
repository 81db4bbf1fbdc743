// The contract between bench/run.ts and the benchmarks it runs. A benchmark is a file
// bench/<name>.ts exporting `benchmark: Benchmark`; run.ts discovers every such file (no
// registration needed), runs them in `order`, and writes all their rows to bench/results.md.
// Benchmarks measure; they never assert (timings on shared machines are noisy: report ratios
// measured within one run, and the spread over repeats).

export interface BenchContext {
  /** --quick: fewer repeats, for a smoke run of the harness. */
  readonly quick: boolean;
  /** Progress line on stderr (results go to the report, not the console). */
  log(msg: string): void;
}

export interface BenchRow {
  /** What was measured, e.g. "hand-written GPT, cpu-fast". */
  readonly name: string;
  /** The median over repeats. */
  readonly value: number;
  readonly unit: string;
  /** Spread over repeats, e.g. "812–905 (n=3)". */
  readonly spread?: string;
  /** A ratio against a baseline measured in the same run, e.g. "7.1× wasm". */
  readonly ratio?: string;
  readonly note?: string;
}

export interface Benchmark {
  /** Short id, used by --only. */
  readonly name: string;
  /** Section title in results.md. */
  readonly title: string;
  /** One paragraph: what is measured and how. */
  readonly description: string;
  /** Lower runs first (default 100). */
  readonly order?: number;
  run(ctx: BenchContext): Promise<BenchRow[]>;
}

export interface Stats {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly n: number;
}

export function stats(samples: readonly number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const n = s.length;
  const median = n === 0 ? NaN : n % 2 === 1 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
  return { median, min: s[0] ?? NaN, max: s[n - 1] ?? NaN, n };
}

/** Formats a number with about three significant digits. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  return x.toPrecision(3);
}

export function spread(st: Stats): string {
  return st.n <= 1 ? `n=${st.n}` : `${fmt(st.min)}–${fmt(st.max)} (n=${st.n})`;
}

/**
 * The rows of two variants timed in alternation, `ms` one sample per round for each: its median ms
 * and spread, the first's speed-up over the second per round (`× faster than <than>`, median and
 * range), and `note(variant)`.
 */
export function pairedRows(
  label: string,
  ms: ReadonlyMap<string, readonly number[]>,
  variants: readonly [string, string],
  than: string,
  note: (variant: string) => string,
): BenchRow[] {
  const [first, second] = variants.map((v) => ms.get(v)!);
  const ratio = stats(second!.map((x, i) => x / first![i]!));
  return variants.map((v) => {
    const s = stats(ms.get(v)!);
    return {
      name: `${label}: ${v}`,
      value: s.median,
      unit: "ms",
      spread: spread(s),
      ratio:
        v === variants[0]
          ? `${fmt(ratio.median)}× faster than ${than} (${fmt(ratio.min)}–${fmt(ratio.max)})`
          : "",
      note: note(v),
    };
  });
}

export interface Timing {
  /** Wall-clock seconds. */
  readonly wall: number;
  /** CPU seconds of this process (user + system, all its threads). */
  readonly cpu: number;
}

/**
 * Times fn by wall clock and by this process's CPU time. On a shared machine the process is often
 * descheduled, so wall time measures the neighbours as much as the code; for single-threaded work
 * (the cpu backends, and wasm, which runs one thread under Node) CPU time is close to what the wall
 * time would be on an idle core. It includes V8's GC helper threads, so it errs slightly high.
 */
export function timeIt(fn: () => void): Timing {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1e6 };
}

/** CPU seconds of this process so far (user + system; see timeIt for why CPU, not wall, time). */
export function cpuSeconds(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
}

/** CPU seconds of each of `n` awaited calls of fn, after one untimed warm-up call. */
export async function cpuTimesAsync(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  await fn();
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = cpuSeconds();
    await fn();
    xs.push(cpuSeconds() - t0);
  }
  return xs;
}
