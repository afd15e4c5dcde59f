/** Money and statistics that every report shares. */

/** Major units on disk (at most 2 decimals) → integer minor units (DESIGN.md §6 "Pricing"). */
export function toMinor(amount: number | undefined | null): number {
  return typeof amount === 'number' && Number.isFinite(amount) ? Math.round(amount * 100) : 0;
}

/** The median of a list (the mean of the middle two for an even count), or null when empty. */
export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
