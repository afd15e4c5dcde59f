/**
 * The sales crisplet (seed 000/001; DESIGN.md §6 "Crisplet revenue"): members pay a flat monthly fee
 * plus a share of the revenue they billed, pro rata for the days they were members. Nobody else pays
 * anything: no finder's fees, passing a bun or a client never moves money.
 * Money is computed in integer minor units (cents), rounding half up once per step. Pure.
 */
import { addDays, type IsoDate } from './time.js';
import { byText } from './order.js';
import { formatMinor } from './pricing.js';

/** One entry of a person's `crisplet:` list: `{ on: date }` opts in, `{ off: date }` opts out. */
export interface CrispletEntry {
  on?: IsoDate;
  off?: IsoDate;
}

export type MonthId = string; // yyyy-mm

export const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(s: string): boolean {
  return MONTH_PATTERN.test(s);
}

export function daysInMonth(month: MonthId): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function monthOf(date: IsoDate): MonthId {
  return date.slice(0, 7);
}

/** The entries in date order; each is one switch (on or off) from its date. */
function switches(entries: readonly CrispletEntry[] | undefined): { date: IsoDate; on: boolean }[] {
  const out: { date: IsoDate; on: boolean }[] = [];
  for (const e of entries ?? []) {
    if (e?.on) out.push({ date: e.on, on: true });
    if (e?.off) out.push({ date: e.off, on: false });
  }
  return out.sort((a, b) => byText(a.date, b.date));
}

/** Is the person a member on this date? `on` counts from its date, `off` from its date on. */
export function isMemberOn(entries: readonly CrispletEntry[] | undefined, date: IsoDate): boolean {
  let on = false;
  for (const s of switches(entries)) {
    if (s.date > date) break;
    on = s.on;
  }
  return on;
}

/** The days of the month the person was a member. */
export function memberDays(entries: readonly CrispletEntry[] | undefined, month: MonthId): number {
  let n = 0;
  const days = daysInMonth(month);
  for (let d = `${month}-01`, i = 0; i < days; i++, d = addDays(d, 1)) if (isMemberOn(entries, d)) n++;
  return n;
}

/**
 * Why a new switch may not be added (already on, off before on, a date before the last switch), or
 * undefined. Keeps the list a simple alternation in date order.
 */
export function crispletSwitchRefusal(entries: readonly CrispletEntry[] | undefined, on: boolean, from: IsoDate): string | undefined {
  const list = switches(entries);
  const last = list[list.length - 1];
  if (last && from < last.date) return `the last change was on ${last.date}; a new one must not be earlier`;
  const current = last ? last.on : false;
  if (current === on) return on ? `already a crisplet member since ${last!.date}` : last ? `already out of the crisplet since ${last.date}` : 'not a crisplet member';
  return undefined;
}

/** Round half up to an integer (for non-negative amounts). */
const roundHalfUp = (x: number) => Math.floor(x + 0.5 + 1e-9);

export const toMinor = (major: number) => roundHalfUp(major * 100);

/** Money in the arithmetic as pricing writes it (1,234.50, always with cents). */
export { formatMinor };

export interface CrispletFeeInput {
  /** crisp.yaml crisplet.monthly_fee, major units. */
  monthlyFee: number;
  /** crisp.yaml crisplet.revenue_share, 0-1. */
  revenueShare: number;
  /** The member's billed revenue that month, major units. */
  revenue: number;
  memberDays: number;
  daysInMonth: number;
}

export interface CrispletFee {
  fee_minor: number;
  share_minor: number;
  full_month_minor: number;
  revenue_minor: number;
  monthly_fee_minor: number;
  member_days: number;
  days_in_month: number;
  /** The arithmetic, for people: (150.00 + 3% × 20,000.00) × 20/30 = 500.00 */
  arithmetic: string;
}

/**
 * fee = (monthly_fee + revenue_share × revenue) × member days ÷ days in the month.
 * Each step is rounded half up to a cent: the share, then the pro-rated fee.
 */
export function crispletFee(input: CrispletFeeInput): CrispletFee {
  const monthlyFeeMinor = toMinor(input.monthlyFee);
  const revenueMinor = toMinor(input.revenue);
  const shareMinor = roundHalfUp(revenueMinor * input.revenueShare);
  const fullMonth = monthlyFeeMinor + shareMinor;
  const fee = input.memberDays >= input.daysInMonth ? fullMonth : roundHalfUp((fullMonth * input.memberDays) / input.daysInMonth);
  const pct = `${+(input.revenueShare * 100).toFixed(4)}%`;
  const arithmetic = `(${formatMinor(monthlyFeeMinor)} + ${pct} × ${formatMinor(revenueMinor)}) × ${input.memberDays}/${input.daysInMonth} = ${formatMinor(fee)}`;
  return {
    fee_minor: fee,
    share_minor: shareMinor,
    full_month_minor: fullMonth,
    revenue_minor: revenueMinor,
    monthly_fee_minor: monthlyFeeMinor,
    member_days: input.memberDays,
    days_in_month: input.daysInMonth,
    arithmetic,
  };
}
