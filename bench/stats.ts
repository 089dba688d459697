// The summaries every benchmark reports, one way.

/** The middle value (upper middle for an even count); NaN for none. */
export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** Median, p90, min and max (rounded to 0.1) and the count. */
export function stats(xs: readonly number[]): { median: number; p90: number; min: number; max: number; n: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number): number => Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))]! * 10) / 10;
  return { median: at(0.5), p90: at(0.9), min: at(0), max: at(0.999), n: s.length };
}
