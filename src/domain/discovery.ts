/**
 * Discovery billing (seed 004, DESIGN.md §1 "Pipeline" and the table in §6 "Discovery billing").
 *
 * "RFPs (private) and tenders (public) need unpaid bid work, so they are answered only for High
 * leads, with discovery billed on acceptance. Everyone else must go through the normal paid
 * discovery (or we decline)." "Any High lead may defer its discovery billing until it accepts the
 * terms." Waived billing: only a government client whose tender rules forbid billing discovery,
 * with a recorded reason and a business developer's assessment; never private or non-profit.
 */
export const BILLINGS = ['billable', 'on-acceptance', 'waived'] as const;
export type Billing = (typeof BILLINGS)[number];

export interface BillingInput {
  source: string;
  /** The lead's priority level; undefined when unscored. */
  priority?: string;
  /** The client's sector; undefined for an `org` lead or a client without one. */
  sector?: string;
  requested?: Billing;
  reason?: string;
  /** Whether `--assessed-by` names a person holding the business-developer role (undefined: not given). */
  assessedByBusinessDeveloper?: boolean;
}

export type BillingDecision =
  | { ok: true; billing: Billing }
  | { ok: false; code: string; why: string; hint: string; allowed: Billing[] };

const isBid = (source: string) => source === 'rfp' || source === 'tender';

/** The billings a lead may have, the first being the default (DESIGN.md §6 table). */
export function allowedBillings(source: string, priority: string | undefined): Billing[] {
  const high = priority === 'High';
  if (isBid(source)) return high ? ['on-acceptance', 'waived'] : ['billable'];
  return high ? ['billable', 'on-acceptance'] : ['billable'];
}

export function decideDiscoveryBilling(input: BillingInput): BillingDecision {
  const allowed = allowedBillings(input.source, input.priority);
  const billing = input.requested ?? allowed[0]!;
  const high = input.priority === 'High';
  const level = input.priority ? `${input.priority} priority` : 'unscored';
  const no = (code: string, why: string, hint: string): BillingDecision => ({ ok: false, code, why, hint, allowed });
  if (billing === 'waived') {
    if (input.source !== 'tender' || !high) {
      return no('billing-refused', `waived discovery billing is only for a High-priority tender of a government client (this is a ${level} ${input.source} lead)`, `use --billing ${allowed[0]}`);
    }
    if (input.sector !== 'government') {
      const what = input.sector === 'private' || input.sector === 'nonprofit' ? `a ${input.sector} client never gets waived discovery billing` : `waived billing needs a government client (the client's sector is ${input.sector ?? 'not recorded'})`;
      return no('billing-refused', what, 'use --billing on-acceptance');
    }
    if (!input.reason?.trim()) return no('billing-needs-reason', 'waived discovery billing needs the legal reason (the tender rules that forbid billing it)', 'add --reason "..." --assessed-by <business developer>');
    if (input.assessedByBusinessDeveloper === undefined) return no('billing-needs-assessment', 'waived discovery billing needs the assessment of a business developer', 'add --assessed-by <person holding the business-developer role>');
    if (!input.assessedByBusinessDeveloper) return no('billing-needs-assessment', '--assessed-by must name a person holding the business-developer role', 'give them the role with `crisp person set`, or name the business developer who assessed it');
    return { ok: true, billing };
  }
  if (!allowed.includes(billing)) {
    if (isBid(input.source) && !high) {
      return no('billing-refused', `we bid on ${input.source === 'rfp' ? 'RFPs' : 'tenders'} only for High-priority leads (this one is ${level}), so its discovery cannot be billed ${billing}`, 'start a normal paid discovery with --billing billable, or decline the bid');
    }
    if (isBid(input.source)) return no('billing-refused', `a High-priority ${input.source} is billed on acceptance, not ${billing}`, 'use --billing on-acceptance');
    return no('billing-refused', `only a High-priority lead may defer its discovery billing (this one is ${level})`, 'use --billing billable, or score the lead with `crisp lead score` first');
  }
  return { ok: true, billing };
}

/** Discovery hours not yet billed: those of an on-acceptance discovery, spent (or else budgeted). */
export function unbilledDiscoveryHours(d: { billing: string; hours_spent?: number; budget_hours?: number; status?: string }): number {
  if (d.billing !== 'on-acceptance' || d.status === 'cancelled') return 0;
  return d.hours_spent ?? d.budget_hours ?? 0;
}

/** The hours a discovery used: hours_spent when done, else its budget. */
export function discoveryHours(d: { hours_spent?: number; budget_hours?: number }): number | undefined {
  return d.hours_spent ?? d.budget_hours;
}

export interface EstimateItem {
  task: string;
  hours: number;
  notes?: string;
}

/** Add a task, change it (same name, case-insensitive), or remove it. */
export function updateEstimates(list: readonly EstimateItem[], change: { task: string; hours?: number; notes?: string; remove?: boolean }): { estimates: EstimateItem[]; action: 'added' | 'changed' | 'removed' | 'missing' } {
  const key = change.task.trim().toLowerCase();
  const i = list.findIndex((e) => e.task.trim().toLowerCase() === key);
  if (change.remove) {
    if (i < 0) return { estimates: [...list], action: 'missing' };
    return { estimates: list.filter((_, j) => j !== i), action: 'removed' };
  }
  const item: EstimateItem = { task: i >= 0 ? list[i]!.task : change.task.trim(), hours: change.hours ?? list[i]?.hours ?? 0, ...((change.notes ?? list[i]?.notes) !== undefined && { notes: change.notes ?? list[i]!.notes }) };
  if (i < 0) return { estimates: [...list, item], action: 'added' };
  return { estimates: list.map((e, j) => (j === i ? item : e)), action: 'changed' };
}

/** Rows of a `task,hours[,notes]` CSV (a header row naming `task` is skipped); quoted fields allowed. */
export function parseEstimatesCsv(text: string): { rows: EstimateItem[]; errors: string[] } {
  const rows: EstimateItem[] = [];
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((line, n) => {
    if (!line.trim()) return;
    const cells = splitCsvLine(line);
    if (n === 0 && cells[0]?.trim().toLowerCase() === 'task') return;
    const [task, hoursText, notes] = cells.map((c) => c.trim());
    const hours = Number(hoursText);
    if (!task || hoursText === undefined || hoursText === '' || !Number.isFinite(hours) || hours < 0) {
      errors.push(`line ${n + 1}: expected task,hours[,notes], got "${line}"`);
      return;
    }
    rows.push({ task, hours, ...(notes && { notes }) });
  });
  return { rows, errors };
}

function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}
