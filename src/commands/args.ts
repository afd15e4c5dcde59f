/** Reading flag values: every bad value is a usage error (exit 2) that shows a good one. */
import { usageError } from '../errors.js';
import { parseFollowUp } from '../domain/leads.js';
import { isIsoDate, type IsoDate } from '../domain/time.js';

export function choice<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw usageError('bad-choice', `${flag} must be one of ${allowed.join(', ')}, not "${value}"`, `e.g. ${flag} ${allowed[0]}`);
  return value as T;
}

/** A flag's number: 0 or more (amounts, hours, counts); a usage error says what is wrong with it. */
export function numberArg(value: string | undefined, flag: string, example = '16'): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw usageError('bad-number', `${flag} takes a number, not "${value}"`, `e.g. ${flag} ${example}`);
  if (n < 0) throw usageError('bad-number', `${flag} must not be negative (found "${value}")`, `give 0 or more, e.g. ${flag} ${example}`);
  return n;
}

export function dateArg(value: string | undefined, flag: string): IsoDate | undefined {
  if (value === undefined) return undefined;
  if (!isIsoDate(value)) throw usageError('bad-date', `${flag} takes an ISO date, not "${value}"`, `e.g. ${flag} 2026-11-23`);
  return value;
}

/**
 * The date of something that happened (a touch, a happiness answer): an ISO date, not after
 * `today` (Context.today(), in the ledger's timezone). A later date would count as the latest.
 */
export function pastDateArg(value: string | undefined, flag: string, today: IsoDate): IsoDate | undefined {
  const date = dateArg(value, flag);
  if (date !== undefined && date > today) {
    throw usageError('future-date', `${flag} ${date} is after today (${today}): it records something that happened`, `give today or an earlier date, e.g. ${flag} ${today}, or leave --date out for today`);
  }
  return date;
}

export function followUpArg(value: string | undefined, today: IsoDate): IsoDate | undefined {
  if (value === undefined) return undefined;
  const d = parseFollowUp(value, today);
  if (!d) throw usageError('bad-follow-up', `--follow-up takes 7d, 2w, today, tomorrow or an ISO date, not "${value}"`, 'e.g. --follow-up 7d or --follow-up 2026-12-01');
  return d;
}
