/**
 * Numbers as en-US writes them (12,345 and 1,234.50), by hand: toLocaleString loads ICU's number
 * formatter, about 12 ms, for a comma every three digits.
 */

/** A whole number with thousands separators; anything else as toLocaleString('en-US') has it. */
export function grouped(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n));
  let out = '';
  for (let end = digits.length; end > 0; end -= 3) out = `${digits.slice(Math.max(0, end - 3), end)}${out ? `,${out}` : ''}`;
  return n < 0 ? `-${out}` : out;
}

/** Minor units (cents) in major ones: 123456 → 1,234.56, 120000 → 1,200 (cents only when there are some). */
export function minorUnitsText(minor: number): string {
  if (!Number.isSafeInteger(minor)) return (minor / 100).toLocaleString('en-US', { minimumFractionDigits: minor % 100 ? 2 : 0, maximumFractionDigits: 2 });
  const cents = Math.abs(minor) % 100;
  const major = grouped(Math.trunc(Math.abs(minor) / 100));
  const sign = minor < 0 ? '-' : '';
  return cents ? `${sign}${major}.${String(cents).padStart(2, '0')}` : `${sign}${major}`;
}
