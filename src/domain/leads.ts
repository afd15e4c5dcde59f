/**
 * Lead rules that lists, shows and reports share: follow-up dates, the next-step state, rotting,
 * the rule of seven touches and short emails (seed 002: "it takes seven touches", "keep emails
 * under 400 characters").
 */
import type { Stage } from '../model/fields.js';
import { addDays, daysBetween, isIsoDate, type IsoDate } from './time.js';

export interface TouchLike {
  date: string;
  channel: string;
  direction?: string;
  kind?: string;
}

export interface LeadLike {
  stage: Stage;
  stage_entered: string;
  follow_up?: string;
  touches?: TouchLike[];
}

/** `7d`, `2w`, `today`, `tomorrow` or an ISO date → an ISO date; undefined when unreadable. */
export function parseFollowUp(spec: string, today: IsoDate): IsoDate | undefined {
  const s = spec.trim().toLowerCase();
  if (s === 'today') return today;
  if (s === 'tomorrow') return addDays(today, 1);
  const m = /^(\d{1,3})([dw])$/.exec(s);
  if (m) return addDays(today, Number(m[1]) * (m[2] === 'w' ? 7 : 1));
  return isIsoDate(s) ? s : undefined;
}

export type NextStep = 'overdue' | 'due today' | 'scheduled' | 'nothing scheduled';

export function nextStep(lead: Pick<LeadLike, 'follow_up'>, today: IsoDate): NextStep {
  if (!lead.follow_up) return 'nothing scheduled';
  if (lead.follow_up < today) return 'overdue';
  if (lead.follow_up === today) return 'due today';
  return 'scheduled';
}

export function lastTouchDate(lead: Pick<LeadLike, 'touches'>): IsoDate | undefined {
  let last: string | undefined;
  for (const t of lead.touches ?? []) if (!last || t.date > last) last = t.date;
  return last;
}

/**
 * Rotting: the lead sat in its stage longer than the stage's `rotting_days` without a touch.
 * Counts from the later of entering the stage and the last touch. On-hold and closed leads never rot.
 */
export function isRotting(lead: LeadLike, rottingDays: number | undefined, today: IsoDate): boolean {
  return rotsSince(lead.stage_entered, lastTouchDate(lead), rottingDays, today);
}

/** isRotting from the two dates it depends on (what a lead's listing keeps). */
export function rotsSince(stageEntered: IsoDate, lastTouch: IsoDate | undefined, rottingDays: number | undefined, today: IsoDate): boolean {
  if (rottingDays === undefined) return false;
  const since = lastTouch && lastTouch > stageEntered ? lastTouch : stageEntered;
  return daysBetween(since, today) > rottingDays;
}

export function touchCount(lead: Pick<LeadLike, 'touches'>): number {
  return lead.touches?.length ?? 0;
}

export function emailTooLong(channel: string, note: string | undefined, max: number): boolean {
  return channel === 'email' && (note?.length ?? 0) > max;
}

/** The follow-up an intro meeting sets: a week out by default (handbook: follow up a week later). */
export function introFollowUp(date: IsoDate, days: number): IsoDate {
  return addDays(date, days);
}
