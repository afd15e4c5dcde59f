/**
 * Whom to call (DESIGN.md §5 "report follow-ups", seed 002's sales hygiene): follow-ups due by the
 * end of the window (today unless widened), emails with no reply for a few days (resend), open
 * leads under seven touches gone quiet, partner referrals whose status report is due (every sprint,
 * seed 004), and clients whose latest happiness answer is 1 or 2 (a call for help).
 */
import { isActiveStage } from './stages.js';
import { lastTouchDate, type LeadLike } from './leads.js';
import { addDays, type IsoDate } from './time.js';
import { byText } from './order.js';

export interface FollowUpLead extends LeadLike {
  id: string;
  title?: string;
  owner?: string;
  source?: string;
  created?: string;
  client?: string;
  partner?: { name?: string; reported?: string };
}

export interface FollowUpClient {
  id: string;
  name?: string;
  owner?: string;
  happiness?: { date: string; score: number; note?: string }[];
}

export interface FollowUpSettings {
  resend_after_days: number;
  touches_goal: number;
  quiet_after_days: number;
  partner_report_every_days: number;
}

export const FOLLOW_UP_REASONS = ['overdue', 'due today', 'due', 'no reply: resend', 'partner status due', 'under seven touches and quiet', 'unhappy client'] as const;
export type FollowUpReason = (typeof FOLLOW_UP_REASONS)[number];

export interface FollowUpRow {
  owner: string | null;
  reason: FollowUpReason;
  /** The date the follow-up fell or falls due. */
  due: IsoDate;
  overdue: boolean;
  lead: string | null;
  title: string | null;
  client: string | null;
  detail: string;
}

/**
 * Every follow-up due on or before `until` (≥ today), overdue first within each owner.
 * A lead may appear once per reason: each names a different thing to do.
 */
export function followUps(leads: readonly FollowUpLead[], clients: readonly FollowUpClient[], s: FollowUpSettings, today: IsoDate, until: IsoDate = today): FollowUpRow[] {
  const rows: FollowUpRow[] = [];
  const push = (l: FollowUpLead, reason: FollowUpReason, due: IsoDate, detail: string) =>
    rows.push({ owner: l.owner ?? null, reason, due, overdue: due < today, lead: l.id, title: l.title ?? null, client: l.client ?? null, detail });
  for (const l of leads) {
    if (!isActiveStage(l.stage)) continue;
    if (l.follow_up && l.follow_up <= until) {
      const reason: FollowUpReason = l.follow_up < today ? 'overdue' : l.follow_up === today ? 'due today' : 'due';
      push(l, reason, l.follow_up, `follow-up set for ${l.follow_up}`);
    }
    const touches = l.touches ?? [];
    const last = lastTouchDate(l);
    // The last touch is ours, by email, and nobody answered (seed 002: resend after a few days).
    const latest = touches.filter((t) => t.date === last);
    const unanswered = latest.length > 0 && latest.every((t) => t.channel === 'email' && t.direction !== 'in');
    if (last && unanswered) {
      const due = addDays(last, s.resend_after_days);
      if (due <= until) push(l, 'no reply: resend', due, `our email of ${last} has no answer`);
    }
    // "It takes seven touches": an open lead short of them that nobody touched lately.
    if (l.stage !== 'on-hold' && touches.length < s.touches_goal) {
      const since = last ?? l.created ?? l.stage_entered;
      const due = addDays(since, s.quiet_after_days);
      if (due <= until) push(l, 'under seven touches and quiet', due, `${touches.length} of ${s.touches_goal} touches, none since ${since}`);
    }
    if (l.source === 'partner-referral' || l.partner) {
      const since = l.partner?.reported ?? l.created ?? l.stage_entered;
      const due = addDays(since, s.partner_report_every_days);
      if (due <= until) push(l, 'partner status due', due, `${l.partner?.name ?? 'the partner'} last heard from us ${since}`);
    }
  }
  for (const c of clients) {
    const answers = [...(c.happiness ?? [])].sort((a, b) => byText(a.date, b.date));
    const latest = answers[answers.length - 1];
    if (latest && latest.score <= 2) {
      rows.push({ owner: c.owner ?? null, reason: 'unhappy client', due: latest.date, overdue: latest.date < today, lead: null, title: c.name ?? null, client: c.id, detail: `happiness ${latest.score} on ${latest.date}${latest.note ? `: ${latest.note}` : ''}` });
    }
  }
  const rank = (r: FollowUpReason) => FOLLOW_UP_REASONS.indexOf(r);
  return rows.sort(
    (a, b) =>
      byText(a.owner ?? '\uffff', b.owner ?? '\uffff') ||
      Number(b.overdue) - Number(a.overdue) ||
      byText(a.due, b.due) ||
      rank(a.reason) - rank(b.reason) ||
      byText(a.lead ?? a.client ?? '', b.lead ?? b.client ?? ''),
  );
}
