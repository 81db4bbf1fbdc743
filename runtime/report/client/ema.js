// Exponential moving average with bias correction (as TensorBoard's smoothing). The one definition:
// the SVG report imports it (types in ema.d.ts) and the interactive HTML report inlines this file,
// so the page's smoothing slider draws the same curve. Entries that are null or not finite stay as
// they are and do not count (runs overlaid on a common step axis have gaps).
export function smooth(values, alpha = 0.9) {
  let avg = 0;
  let n = 0;
  return values.map((v) => {
    if (v === null || !Number.isFinite(v)) return v;
    n++;
    avg = alpha * avg + (1 - alpha) * v;
    return alpha === 0 ? v : avg / (1 - Math.pow(alpha, n));
  });
}
