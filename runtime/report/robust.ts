// A y-range that a few outliers cannot flatten: isolated spikes (a point far above or below the
// points on both sides of it) are left out of the range, and the chart draws them clipped at its
// edge with a marker. A point is a spike when it lies beyond the median of its WINDOW neighbours
// on each side by more than SPIKE_MADS robust standard deviations of the series' local noise and
// by more than SPIKE_SPAN of the range of the series. Trends (a falling loss, a warm-up) are never
// spikes: such a point lies between its two neighbourhoods. The first and last WINDOW points have
// no two-sided neighbourhood and are never spikes.

const WINDOW = 5;
const SPIKE_MADS = 6;
const SPIKE_SPAN = 0.1;
/** Fraction of the range added above and below. */
const PAD = 0.05;

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Which entries of `values` (finite ones; others are false) are isolated spikes. */
export function spikes(values: readonly number[]): boolean[] {
  const idx = values.flatMap((v, i) => (Number.isFinite(v) ? [i] : []));
  const ys = idx.map((i) => values[i]!);
  const out = values.map(() => false);
  if (ys.length < 2 * WINDOW + 1) return out;
  const local = ys.map((y, i) =>
    Math.abs(y - median(ys.slice(Math.max(0, i - WINDOW), i + WINDOW + 1))),
  );
  const noise = 1.4826 * median(local);
  const span = Math.max(...ys) - Math.min(...ys);
  const limit = Math.max(SPIKE_MADS * noise, SPIKE_SPAN * span);
  for (let i = WINDOW; i < ys.length - WINDOW; i++) {
    const left = median(ys.slice(i - WINDOW, i));
    const right = median(ys.slice(i + 1, i + 1 + WINDOW));
    const y = ys[i]!;
    if (y - Math.max(left, right) > limit || Math.min(left, right) - y > limit) out[idx[i]!] = true;
  }
  return out;
}

/** [lo, hi] covering every finite value of every series except their spikes, padded; null without data. */
export function robustRange(series: readonly (readonly number[])[]): [number, number] | null {
  const kept = series.flatMap((vs) => {
    const s = spikes(vs);
    return vs.filter((v, i) => Number.isFinite(v) && !s[i]);
  });
  return paddedRange(kept);
}

/** [lo, hi] of the finite values, padded (a constant gets a range around it); null without any. */
export function paddedRange(values: readonly number[]): [number, number] | null {
  const kept = values.filter(Number.isFinite);
  if (kept.length === 0) return null;
  let lo = Math.min(...kept);
  let hi = Math.max(...kept);
  if (hi === lo)
    [lo, hi] = lo === 0 ? [-0.5, 0.5] : [lo - Math.abs(lo) * 0.1, hi + Math.abs(hi) * 0.1];
  const pad = (hi - lo) * PAD;
  return [lo - pad, hi + pad];
}

/** robustRange of the positive values on a log scale (in the values' own units); null without any. */
export function robustLogRange(series: readonly (readonly number[])[]): [number, number] | null {
  const logs = series.map((vs) => vs.map((v) => (v > 0 ? Math.log10(v) : NaN)));
  const r = robustRange(logs);
  return r === null ? null : [Math.pow(10, r[0]), Math.pow(10, r[1])];
}
