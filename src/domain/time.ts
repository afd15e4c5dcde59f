/**
 * Calendar dates and working days in the ledger's timezone (DESIGN.md §6 "Time").
 * Pure: the clock is always passed in.
 */
export type IsoDate = string; // YYYY-MM-DD

export const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
export const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number written by the ASCII digits s[from..to), or NaN. */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    n = n * 10 + c;
  }
  return n;
}

/** Whether `s` is a real calendar date written YYYY-MM-DD (ISO_DATE, checked by hand: every date field of every record comes here). */
export function isIsoDate(s: string): boolean {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 7);
  const d = digits(s, 8, 10);
  // NaN fails every comparison below.
  if (!(y >= 0 && mo >= 1 && mo <= 12 && d >= 1)) return false;
  const leap = mo === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= DAYS_IN_MONTH[mo - 1]! + (leap ? 1 : 0);
}

export function isIsoDateTime(s: string): boolean {
  return ISO_DATETIME.test(s) && isIsoDate(s.slice(0, 10)) && !Number.isNaN(Date.parse(s));
}

const formatters = new Map<string, { format: Intl.DateTimeFormat; memo: Map<number, IsoDate> }>();

const QUARTER_HOUR = 15 * 60_000;

/**
 * What reads a timezone's rules: for a zone, a function that gives how many milliseconds the wall
 * clock there is ahead of UTC at an instant (undefined where it cannot say); undefined for a zone
 * it does not read. Without one, dates go through Intl's formatter, whose first use in a process
 * costs about 11 ms of loading ICU's locale data; the command line installs a reader of the same
 * ICU zone rules that needs none (commands/context.ts, zoneOffsetsByTz). This module stays pure:
 * a reader only answers questions about a zone.
 */
export type ZoneReader = (timeZone: string) => ((ms: number) => number | undefined) | undefined;

let zoneReader: ZoneReader | undefined;
const zoneOffsets = new Map<string, ((ms: number) => number | undefined) | undefined>();

/** Read zones with `reader` from now on (undefined: with Intl's formatter). */
export function readZonesWith(reader: ZoneReader | undefined): void {
  zoneReader = reader;
  zoneOffsets.clear();
}

/** dateIn's last answer from a reader's offset. */
let last: { ms: number; timeZone: string; reader: ZoneReader | undefined; date: IsoDate } = { ms: NaN, timeZone: '', reader: undefined, date: '' };

/** The installed reader's offset of `timeZone` at `ms`, if it has one. */
function readOffset(ms: number, timeZone: string): number | undefined {
  if (!zoneReader || !Number.isFinite(ms)) return undefined;
  let offsets = zoneOffsets.get(timeZone);
  if (offsets === undefined && !zoneOffsets.has(timeZone)) zoneOffsets.set(timeZone, (offsets = zoneReader(timeZone)));
  return offsets?.(ms);
}

/**
 * The calendar date of an instant in a timezone: from the zone's offset at that instant when a
 * reader gives it (see ZoneReader), else from Intl's formatter. Formatting is slow and reports ask
 * for thousands of dates, so each quarter hour of UTC is formatted once: a day starts on a quarter
 * hour of UTC in every timezone of today. Where one did not (an old offset in seconds, a clock
 * change at one minute past midnight), the quarter hour's first and last millisecond fall on
 * different dates, and that quarter hour is formatted for every instant instead.
 */
export function dateIn(instant: Date, timeZone = 'UTC'): IsoDate {
  const ms = instant.getTime();
  // The same instant asked again (today's date, once per record a rule checks) is answered at once.
  if (ms === last.ms && timeZone === last.timeZone && last.reader === zoneReader) return last.date;
  const offset = readOffset(ms, timeZone);
  if (offset !== undefined) {
    const wall = new Date(ms + offset);
    const year = wall.getUTCFullYear();
    // Four-digit years only, written as the formatter writes them.
    if (year >= 1000 && year <= 9999) return (last = { ms, timeZone, reader: zoneReader, date: wall.toISOString().slice(0, 10) }).date;
  }
  let f = formatters.get(timeZone);
  if (!f) {
    f = { format: new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }), memo: new Map() };
    formatters.set(timeZone, f);
  }
  if (!Number.isFinite(ms)) return f.format.format(instant);
  const quarter = Math.floor(ms / QUARTER_HOUR);
  let date = f.memo.get(quarter);
  if (date === undefined) {
    const first = f.format.format(quarter * QUARTER_HOUR);
    if (first !== f.format.format(quarter * QUARTER_HOUR + QUARTER_HOUR - 1)) return f.format.format(instant);
    if (f.memo.size >= 100_000) f.memo.clear();
    f.memo.set(quarter, (date = first));
  }
  return date;
}

/** The IANA names ICU knows, listed without building a formatter (a first formatter costs ~11 ms of ICU loading). */
let zoneNames: Set<string> | undefined;

export function isValidTimeZone(tz: string): boolean {
  // The default zone, which ICU's list leaves out as an alias: known without a formatter.
  if (tz === 'UTC') return true;
  zoneNames ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (zoneNames.has(tz)) return true;
  // Aliases (UTC, US/Pacific, Asia/Calcutta) are not in that list: a formatter knows them.
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * Days since 1970-01-01 of a real YYYY-MM-DD date, by arithmetic (Hinnant's days_from_civil):
 * what Date.parse says divided by a day, without parsing text. Reports ask this of every lead.
 */
function dayNumber(date: IsoDate): number {
  const m = digits(date, 5, 7);
  const y = digits(date, 0, 4) - (m <= 2 ? 1 : 0);
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + digits(date, 8, 10) - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

/** The YYYY-MM-DD date of a day number (Hinnant's civil_from_days), for years 0 to 9999. */
function dateOfDay(z: number): IsoDate | undefined {
  const shifted = z + 719_468;
  const era = Math.floor(shifted / 146_097);
  const doe = shifted - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (y < 0 || y > 9999) return undefined;
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** Date arithmetic on calendar dates (no timezone involved). */
export function addDays(date: IsoDate, days: number): IsoDate {
  const fast = isIsoDate(date) && Number.isInteger(days) ? dateOfDay(dayNumber(date) + days) : undefined;
  if (fast !== undefined) return fast;
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole calendar days from `a` to `b` (negative when b is earlier). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  if (isIsoDate(a) && isIsoDate(b)) return dayNumber(b) - dayNumber(a);
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** Same day-of-month `months` back (clamped to the month's end): "older than 2 months" counts from here. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total % 12;
  const last = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
  return `${String(ny).padStart(4, '0')}-${String(nm + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export function weekdayOf(date: IsoDate): Weekday {
  return WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]!;
}

export interface WorkCalendar {
  workingDays: readonly Weekday[];
  holidays: readonly IsoDate[];
}

export function isWorkingDate(date: IsoDate, cal: WorkCalendar): boolean {
  return cal.workingDays.includes(weekdayOf(date)) && !cal.holidays.includes(date);
}

/**
 * Working dates strictly after `from` up to and including `to` (posted Friday: Monday is 1).
 * Zero when `to` is not after `from`.
 */
export function workingDaysBetween(from: IsoDate, to: IsoDate, cal: WorkCalendar): number {
  const days = daysBetween(from, to);
  if (!(days > 0)) return 0;
  // Whole weeks hold every working weekday once; the days left over are counted one by one.
  const working = new Set(cal.workingDays);
  const first = new Date(`${from}T00:00:00Z`).getUTCDay();
  let n = Math.floor(days / 7) * working.size;
  for (let i = 1; i <= days % 7; i++) if (working.has(WEEKDAYS[(first + i) % 7]!)) n++;
  // Holidays are not working days when they fall on one.
  for (const h of new Set(cal.holidays)) if (h > from && h <= to && isIsoDate(h) && working.has(weekdayOf(h))) n--;
  return n;
}

/** The next working date after `date`. */
export function nextWorkingDate(date: IsoDate, cal: WorkCalendar): IsoDate {
  let d = addDays(date, 1);
  for (let i = 0; i < 400 && !isWorkingDate(d, cal); i++) d = addDays(d, 1);
  return d;
}

/** Milliseconds the wall clock in `timeZone` is ahead of UTC at `instant`. */
function zoneOffsetMs(instant: number, timeZone: string): number {
  const read = readOffset(instant, timeZone);
  if (read !== undefined) return read;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(instant));
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The instant a calendar date begins in a timezone (midnight there). */
export function startOfDayIn(date: IsoDate, timeZone = 'UTC'): Date {
  const wall = Date.parse(`${date}T00:00:00Z`);
  let t = wall;
  for (let i = 0; i < 3; i++) t = wall - zoneOffsetMs(t, timeZone);
  return new Date(t);
}

/** The last millisecond of a calendar date in a timezone (`--as-of <date>` sets the clock here). */
export function endOfDayIn(date: IsoDate, timeZone = 'UTC'): Date {
  return new Date(startOfDayIn(addDays(date, 1), timeZone).getTime() - 1);
}
