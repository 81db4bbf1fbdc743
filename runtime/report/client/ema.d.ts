// Types of ./ema.js (plain JavaScript, because the interactive report inlines it into its page).

/** Exponential moving average with bias correction; null and non-finite entries pass through. */
export function smooth<T extends number | null>(values: readonly T[], alpha?: number): T[];
