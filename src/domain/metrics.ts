/**
 * Leading and lagging metrics per period (seed 002: "set targets for leading and lagging metrics",
 * weekly, monthly and quarterly reports; DESIGN.md §6 "Reports" names the keys). Weeks start on
 * Monday; quarters start in January, April, July and October. Pure.
 */
import type { Stage } from '../model/fields.js';
import { median, toMinor } from './numbers.js';
import { addDays, addMonths, daysBetween, weekdayOf, type IsoDate } from './time.js';

export const PERIOD_KINDS = ['week', 'month', 'quarter'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface Period {
  kind: PeriodKind;
  start: IsoDate;
  /** Inclusive. */
  end: IsoDate;
}

/** The period of `kind` that holds `date`. */
export function periodOf(kind: PeriodKind, date: IsoDate): Period {
  if (kind === 'week') {
    const back = (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).indexOf(weekdayOf(date) as 'mon');
    const start = addDays(date, -back);
    return { kind, start, end: addDays(start, 6) };
  }
  const [y, m] = date.split('-').map(Number) as [number, number];
  const firstMonth = kind === 'month' ? m : Math.floor((m - 1) / 3) * 3 + 1;
  const start = `${String(y).padStart(4, '0')}-${String(firstMonth).padStart(2, '0')}-01`;
  return { kind, start, end: addDays(addMonths(start, kind === 'month' ? 1 : 3), -1) };
}

/** The period just before. */
export function previousPeriod(p: Period): Period {
  return periodOf(p.kind, addDays(p.start, -1));
}

export const METRIC_KEYS = ['new_leads', 'touches', 'intro_meetings', 'discoveries_started', 'proposals_sent', 'deals_won', 'value_won', 'win_rate', 'cycle_days'] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];
export const LEADING: readonly MetricKey[] = ['new_leads', 'touches', 'intro_meetings', 'discoveries_started'];
/** Lower is better for these: a target is met at or below it. */
export const LOWER_IS_BETTER: readonly MetricKey[] = ['cycle_days'];

export interface MetricLead {
  id: string;
  owner?: string;
  stage: Stage;
  stage_entered: string;
  created?: string;
  value?: number;
  stage_history?: { stage: Stage; date: string; by?: string }[];
  touches?: { date: string; by?: string; kind?: string }[];
}

export interface MetricDiscovery {
  lead?: string;
  assignee?: string;
  started?: string;
}

export interface MetricProposal {
  lead?: string;
  sent?: { version?: number; at?: string; by?: string }[];
}

export interface MetricInput {
  leads: readonly MetricLead[];
  /** The ledger's discovery records (none: every discovery counts from its stage move). */
  discoveries?: readonly MetricDiscovery[];
  /** The ledger's proposal records (none: every proposal counts from its stage move). */
  proposals?: readonly MetricProposal[];
  /** Only this person's work: leads they own, touches they made, discoveries they ran, proposals they sent. */
  person?: string;
}

/** Money in minor units; win_rate a fraction; cycle_days a median; null when nothing to measure. */
export type Metrics = Record<MetricKey, number | null>;

const inPeriod = (date: string | undefined, p: Period) => Boolean(date) && date!.slice(0, 10) >= p.start && date!.slice(0, 10) <= p.end;

/** The moves of a lead into `stage` within the period (its history; else its current stage's date). */
function movesInto(l: MetricLead, stage: Stage, p: Period): { date: IsoDate; by?: string }[] {
  const history = l.stage_history?.length ? l.stage_history : l.stage === stage ? [{ stage, date: l.stage_entered }] : [];
  return history.filter((h) => h.stage === stage && inPeriod(h.date, p));
}

/** A discovery started or a proposal first sent, as a record tells it: which lead, when, by whom. */
interface Step {
  lead?: string;
  date?: string;
  by?: string;
}

/**
 * How many leads took a step (discovery, proposal) in the period, each lead once: from its records
 * when it has a dated one, else from its moves into the stage (`lead stage` writes no record). A
 * record naming no lead counts on its own. A step is the person's when they did it (`by`, else the
 * lead's owner).
 */
function stepsIn(leads: readonly MetricLead[], records: readonly Step[], stage: Stage, p: Period, who: string | undefined): number {
  const dated = records.filter((r) => r.date);
  const recorded = new Set(dated.flatMap((r) => (r.lead ? [r.lead] : [])));
  const mineNow = (by: string | undefined) => !who || by === who;
  const fromRecords = dated.filter((r) => inPeriod(r.date, p) && mineNow(r.by));
  const fromMoves = leads.filter((l) => !recorded.has(l.id) && movesInto(l, stage, p).some((h) => mineNow(h.by ?? l.owner)));
  const leadsRecorded = new Set(fromRecords.flatMap((r) => (r.lead ? [r.lead] : [])));
  return leadsRecorded.size + fromRecords.filter((r) => !r.lead).length + fromMoves.length;
}

export function metricsFor(input: MetricInput, p: Period): Metrics {
  const who = input.person;
  const leads = input.leads;
  const mine = who ? leads.filter((l) => l.owner === who) : leads;
  const ownerOf = new Map(leads.map((l) => [l.id, l.owner]));
  const touches = leads.flatMap((l) => (l.touches ?? []).filter((t) => inPeriod(t.date, p) && (!who || (t.by ?? l.owner) === who)));
  const discoveries = stepsIn(leads, (input.discoveries ?? []).map((d) => ({ lead: d.lead, date: d.started, by: d.assignee })), 'discovery', p, who);
  const proposals = stepsIn(
    leads,
    (input.proposals ?? []).map((x) => ({ lead: x.lead, date: x.sent?.[0]?.at, by: x.sent?.[0]?.by ?? ownerOf.get(x.lead ?? '') })),
    'proposal',
    p,
    who,
  );
  const won = mine.flatMap((l) => movesInto(l, 'won', p).slice(-1).map((h) => ({ l, date: h.date })));
  const lost = mine.filter((l) => movesInto(l, 'lost', p).length > 0).length;
  const cycles = won.filter((w) => w.l.created).map((w) => daysBetween(w.l.created!, w.date));
  return {
    new_leads: mine.filter((l) => inPeriod(l.created, p)).length,
    touches: touches.length,
    intro_meetings: touches.filter((t) => t.kind === 'intro').length,
    discoveries_started: discoveries,
    proposals_sent: proposals,
    deals_won: won.length,
    value_won: won.reduce((s, w) => s + toMinor(w.l.value), 0),
    win_rate: won.length + lost ? Math.round((won.length / (won.length + lost)) * 10000) / 10000 : null,
    cycle_days: median(cycles),
  };
}

export interface MetricRow {
  metric: MetricKey;
  kind: 'leading' | 'lagging';
  value: number | null;
  previous: number | null;
  target: number | null;
  met: boolean | null;
}

/** Targets are in crisp.yaml's units: money in major units (converted here), rates as fractions. */
export function metricRows(current: Metrics, previous: Metrics, targets: Record<string, number> = {}): MetricRow[] {
  return METRIC_KEYS.map((metric) => {
    const raw = targets[metric];
    const target = raw === undefined ? null : metric === 'value_won' ? toMinor(raw) : raw;
    const value = current[metric];
    const met = target === null || value === null ? null : LOWER_IS_BETTER.includes(metric) ? value <= target : value >= target;
    return { metric, kind: LEADING.includes(metric) ? 'leading' : 'lagging', value, previous: previous[metric], target, met };
  });
}
