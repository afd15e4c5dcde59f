/**
 * A semantic diff of ledger records, in words and money, as markdown for a pull request: records
 * added and removed, fields old → new, stage moves, and pricing deltas in hours and money; and the
 * bun and team events added, changed or removed, with the state each led to.
 * Pure: it takes the records' data and the event logs before and after.
 */
import { canonicalJson, formatHours, formatMoney, pricingTotals, toCents, type PricingFacts } from './pricing.js';
import { byText } from './order.js';
import { DEFAULT_FOLD, foldBunEvents, orderBunEvents, type BunEvent, type BunPost, type BunState, type FoldedBun, type FoldOptions } from './buns.js';
import { foldTeamEvents, orderTeamEvents, teamEventRefusal, type MemberStatus, type TeamEvent, type TeamMember } from './teams.js';

export interface RecordVersion {
  kind: string;
  id: string;
  path: string;
  /** undefined: the record does not exist on that side. */
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

const TITLE_FIELDS = ['title', 'name'];
/** Fields that follow another change and would only repeat it. */
const FOLLOWERS: Record<string, string[]> = { stage: ['stage_entered', 'stage_history', 'on_hold_from'] };
const PRICING_FIELDS = ['lines', 'time_bank', 'instances', 'rate', 'months', 'budget_years'];
const MAX_VALUE = 80;

function valueText(v: unknown): string {
  if (v === undefined) return '(none)';
  const s = typeof v === 'string' ? v : canonicalJson(v);
  const flat = s.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return flat.length > MAX_VALUE ? `${flat.slice(0, MAX_VALUE - 1)}…` : flat;
}

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

function titleOf(data: Record<string, unknown> | undefined): string {
  for (const f of TITLE_FIELDS) if (typeof data?.[f] === 'string') return valueText(data[f]);
  return '';
}

const signed = (n: number, text: string) => (n > 0 ? `+${text}` : n < 0 ? text : '±0');

function moneyDelta(before: number | null, after: number | null, currency: string, suffix = ''): string | undefined {
  if (before === after) return undefined;
  const b = before === null ? '(none)' : formatMoney(before, currency) + suffix;
  const a = after === null ? '(none)' : formatMoney(after, currency) + suffix;
  const d = before !== null && after !== null ? ` (${signed(after - before, formatMoney(after - before, currency))})` : '';
  return `${b} → ${a}${d}`;
}

function hoursDelta(before: number | null, after: number | null, suffix = ''): string | undefined {
  if (before === after) return undefined;
  const b = before === null ? '(none)' : `${formatHours(before)} h${suffix}`;
  const a = after === null ? '(none)' : `${formatHours(after)} h${suffix}`;
  const d = before !== null && after !== null ? ` (${signed(after - before, `${formatHours(after - before)} h`)})` : '';
  return `${b} → ${a}${d}`;
}

/**
 * Pricing lines that changed, by label. A line relabelled where it stands (the same place in the
 * list, the same hours and rate, the old label gone and the new one new) is one line renamed, not
 * one removed and one added; with other hours or another rate it may be other work, so it is said
 * as a removal and an addition.
 */
function lineChanges(before: PricingFacts, after: PricingFacts, currency: string): string[] {
  const out: string[] = [];
  const at = (l: { hours: number; rate: number }) => `${formatHours(l.hours)} h × ${formatMoney(toCents(l.rate), currency)}`;
  const beforeLines = before.lines ?? [];
  const afterLines = after.lines ?? [];
  const b = new Map(beforeLines.map((l) => [l.label, l]));
  const a = new Map(afterLines.map((l) => [l.label, l]));
  const renamed = new Set<string>();
  afterLines.forEach((l, i) => {
    const old = b.get(l.label);
    const was = beforeLines[i];
    if (!old && was && !a.has(was.label) && was.hours === l.hours && was.rate === l.rate) {
      renamed.add(was.label);
      out.push(`line ${code(was.label)} renamed ${code(l.label)}`);
    } else if (!old) out.push(`line ${code(l.label)} added: ${at(l)}`);
    else if (old.hours !== l.hours || old.rate !== l.rate) out.push(`line ${code(l.label)}: ${at(old)} → ${at(l)}`);
  });
  for (const [label, l] of b) if (!a.has(label) && !renamed.has(label)) out.push(`line ${code(label)} removed (was ${at(l)})`);
  const bi = new Map((before.instances ?? []).map((i) => [i.name, i]));
  for (const i of after.instances ?? []) {
    const old = bi.get(i.name);
    if (old && old.tier !== i.tier) out.push(`instance ${code(i.name)}: tier ${old.tier} → ${i.tier}`);
  }
  return out;
}

function pricingChanges(before: Record<string, unknown>, after: Record<string, unknown>, currency: string): string[] {
  const b = before as unknown as PricingFacts;
  const a = after as unknown as PricingFacts;
  const tb = pricingTotals(b);
  const ta = pricingTotals(a);
  const out: string[] = [];
  const h = hoursDelta(tb.hours, ta.hours);
  const m = moneyDelta(tb.amount, ta.amount, currency);
  if (h || m) out.push(`**pricing**: ${[h, m].filter(Boolean).join(', ')}`);
  const mh = hoursDelta(tb.monthly_hours, ta.monthly_hours, '/month');
  const mm = moneyDelta(tb.monthly_amount, ta.monthly_amount, currency, '/month');
  if (mh || mm) out.push(`**monthly**: ${[mh, mm].filter(Boolean).join(', ')}`);
  return [...out, ...lineChanges(b, a, currency)];
}

function fieldChanges(v: RecordVersion, currency: string): string[] {
  const before = v.before!;
  const after = v.after!;
  const out: string[] = [];
  const skip = new Set<string>();
  if (before.stage !== after.stage && after.stage !== undefined) {
    out.push(`**stage**: ${valueText(before.stage)} → ${valueText(after.stage)}`);
    for (const f of ['stage', ...FOLLOWERS.stage!]) skip.add(f);
  }
  if (v.kind === 'proposal') {
    const priced = pricingChanges(before, after, currency);
    if (priced.length) {
      out.push(...priced);
      for (const f of PRICING_FIELDS) skip.add(f);
    }
  }
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  for (const k of keys) {
    if (skip.has(k)) continue;
    const a = before[k];
    const b = after[k];
    if (canonicalJson(a ?? null) === canonicalJson(b ?? null)) continue;
    if (Array.isArray(b) && b.length > (Array.isArray(a) ? a.length : 0) && canonicalJson(a ?? []) === canonicalJson(b.slice(0, Array.isArray(a) ? a.length : 0))) {
      for (const item of b.slice(Array.isArray(a) ? a.length : 0)) out.push(k === 'sent' ? sentText(item as Record<string, unknown>) : `${k} + ${valueText(item)}`);
      continue;
    }
    out.push(`${k}: ${valueText(a)} → ${valueText(b)}`);
  }
  return out;
}

/** A proposal's new sent version, in words. */
function sentText(v: Record<string, unknown>): string {
  return `**sent** version ${valueText(v.version)} (template ${valueText(v.template)}, by ${valueText(v.by)} at ${valueText(v.at)})`;
}

const KIND_ORDER = ['lead', 'discovery', 'proposal', 'client', 'person', 'bun'];
const KIND_HEADINGS: Record<string, string> = { lead: 'Leads', discovery: 'Discoveries', proposal: 'Proposals', client: 'Clients', person: 'People', bun: 'Buns' };

export interface DiffInput {
  range: string;
  currency: string;
  records: RecordVersion[];
  /** Other files that changed (e.g. sent/ versions, templates), by status. */
  others?: { status: 'A' | 'M' | 'D'; path: string }[];
  /** Bun and team event files that changed, by log (see eventGroups). */
  events?: EventGroup[];
}

export function ledgerDiffMarkdown(input: DiffInput): string {
  const lines: string[] = [`## crisp diff ${code(input.range)}`, ''];
  const records = input.records.filter((r) => r.before || r.after);
  const added = records.filter((r) => !r.before).length;
  const removed = records.filter((r) => !r.after).length;
  const changed = records.length - added - removed;
  const events = eventsMarkdown(input.events ?? []);
  if (!records.length && !input.others?.length && !events.summary.length) return [...lines, 'No ledger records changed.', ''].join('\n');
  if (records.length || input.others?.length) lines.push(`${records.length} record${records.length === 1 ? '' : 's'}: ${added} added, ${changed} changed, ${removed} removed.`, '');
  lines.push(...events.summary);
  const kinds = [...new Set(records.map((r) => r.kind))].sort((a, b) => KIND_ORDER.indexOf(a) - KIND_ORDER.indexOf(b));
  for (const kind of kinds) {
    lines.push(`### ${KIND_HEADINGS[kind] ?? kind}`, '');
    for (const r of records.filter((x) => x.kind === kind).sort((a, b) => byText(a.id, b.id))) {
      const title = titleOf(r.after ?? r.before);
      const name = `${code(r.id)}${title ? ` ${title}` : ''}`;
      if (!r.before) {
        const facts: string[] = [];
        if (r.after!.stage) facts.push(`stage ${valueText(r.after!.stage)}`);
        if (kind === 'proposal') {
          const t = pricingTotals(r.after as unknown as PricingFacts);
          facts.push(`${valueText(r.after!.kind)}`);
          if (t.amount !== null) facts.push(`${formatHours(t.hours!)} h, ${formatMoney(t.amount, input.currency)}`);
          if (t.monthly_amount !== null) facts.push(`${formatHours(t.monthly_hours!)} h/month, ${formatMoney(t.monthly_amount, input.currency)}/month`);
        }
        lines.push(`- **added** ${name}${facts.length ? ` (${facts.join(', ')})` : ''}`);
      } else if (!r.after) {
        lines.push(`- **removed** ${name}`);
      } else {
        const changes = fieldChanges(r, input.currency);
        lines.push(`- ${name}${changes.length ? '' : ': body changed'}`);
        for (const c of changes) lines.push(`  - ${c}`);
      }
    }
    lines.push('');
  }
  lines.push(...events.sections);
  if (input.others?.length) {
    lines.push('### Other files', '');
    const word = { A: 'added', M: 'changed', D: 'removed' } as const;
    for (const o of input.others) lines.push(`- ${word[o.status]} ${code(o.path)}`);
    lines.push('');
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Event logs: a bun's events (buns/<id>/events/) and a lead's team (teams/<lead>/events/). They are
// not records, so they are described apart: per event file added, changed or removed, who did
// what and when, and the state it led to, by the same folds the commands use.

/** An event file that differs between the two sides; its frontmatter on each side where it exists. */
export interface EventFileVersion {
  status: 'A' | 'M' | 'D';
  path: string;
  /** undefined: the file does not exist on that side; `{ '(unreadable)': message }`: it does not parse. */
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  /** Why the head's file is not among the events folded (it does not parse, or does not fit the event schema). */
  problem?: string;
}

/** One bun's or one lead team's log on both sides of the diff, with the files that changed. */
export type EventLogVersion =
  | {
      kind: 'bun';
      id: string;
      title?: string;
      /** The bun's post on each side (undefined: bun.md is not there or unreadable) and its events. */
      before: { post?: BunPost; events: BunEvent[] };
      after: { post?: BunPost; events: BunEvent[] };
      files: EventFileVersion[];
    }
  | { kind: 'team'; id: string; title?: string; before: { events: TeamEvent[] }; after: { events: TeamEvent[] }; files: EventFileVersion[] };

/** A bun as a reviewer needs it: its state and who holds it. */
export interface BunFacts {
  state: BunState;
  holder: string;
}

/** One person's place on a lead's team. */
export interface MemberFacts {
  status: MemberStatus;
  hours_per_week: number | null;
}

/** One changed event file, as `crisp diff --json` gives it (docs/proposals.md). */
export interface EventChange {
  kind: 'bun' | 'team';
  /** The bun's id, or the lead's whose team it is. */
  id: string;
  path: string;
  status: 'added' | 'changed' | 'removed';
  verb: string | null;
  by: string | null;
  /** Team events: whom the event is about. */
  person: string | null;
  at: string | null;
  hours_per_week: number | null;
  /**
   * Added: the bun, or the person's place on the team, just before and just after this event in the
   * fold. Changed and removed: at the base and at the head of the range. null: no bun (or not on the team).
   */
  before: BunFacts | MemberFacts | null;
  after: BunFacts | MemberFacts | null;
  /** `before → after` in words, or null when nothing changed (or there is no bun to fold). */
  change: string | null;
  /** Whether the fold at the head applied the event (null: removed). */
  applied: boolean | null;
  /** What the fold says is wrong with the event (kept but not applied, or applied to what it had not seen). */
  problem: string | null;
  /** Changed files: `field: old → new`, per field. */
  fields: string[];
}

/** One log's changes: for the markdown, the words of its state at both ends and a line per event. */
export interface EventGroup {
  kind: 'bun' | 'team';
  id: string;
  title: string;
  /** The log's state at the base and at the head, in words (shown when lines alone do not tell it). */
  state: { before: string; after: string; show: boolean };
  changes: EventChange[];
  lines: string[];
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** `2026-11-24 11:30 UTC`: an event's time to the minute, in UTC (what its file name says). */
function eventTime(at: string | null): string | null {
  if (at === null) return null;
  const t = Date.parse(at);
  if (Number.isNaN(t)) return valueText(at);
  const iso = new Date(t).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function bunWords(b: FoldedBun | undefined): string {
  if (!b) return 'no bun';
  const kind = b.kind === 'bun' ? '' : `${b.kind}, `;
  const holder = valueText(b.holder);
  switch (b.state) {
    case 'posted':
      return `${kind}held by ${holder}, not offered`;
    case 'offered': {
      const to = b.offer?.to === 'all' || !b.offer ? 'everyone' : valueText(b.offer.to.join(', '));
      return `${kind}held by ${holder}, ${b.offer?.escalated ? 'escalated' : 'offered'} to ${to}`;
    }
    case 'taken':
      return `${kind}taken by ${holder}`;
    case 'contested':
      return `${kind}contested: claimed by ${b.claims.map((c) => valueText(c.by)).join(' and ')}`;
    case 'thrown':
      return `${kind}thrown by ${valueText(b.thrown?.by ?? b.holder)}`;
    case 'converted':
      return `converted to lead ${valueText(b.lead ?? '(none)')}`;
  }
}

const memberWords = (m: TeamMember | undefined) => (m ? m.status : 'not on the team');
const teamWords = (members: readonly TeamMember[]) => (members.length ? members.map((m) => `${m.person} ${m.status}`).join(', ') : 'nobody asked');
const bunFacts = (b: FoldedBun | undefined): BunFacts | null => (b ? { state: b.state, holder: b.holder } : null);
const memberFacts = (m: TeamMember | undefined): MemberFacts | null => (m ? { status: m.status, hours_per_week: m.hours_per_week ?? null } : null);

/** What an event file says, in words: `claim by bob (2026-11-24 11:30 UTC)`, `propose carol by alice as developer (…)`. */
function eventWords(kind: 'bun' | 'team', d: Record<string, unknown>): string {
  if (d['(unreadable)'] !== undefined) return `unreadable (${valueText(d['(unreadable)'])})`;
  const verb = valueText(str(d.verb) ?? '(no verb)');
  const by = valueText(str(d.by) ?? '(nobody)');
  const details: string[] = [];
  let what: string;
  if (kind === 'team') {
    const person = valueText(str(d.person) ?? '(nobody)');
    const answer = verb === 'accept' || verb === 'decline';
    what = answer ? `${verb} by ${by}${person !== by ? ` for ${person}` : ''}` : `${verb} ${person} by ${by}`;
    if (typeof d.role === 'string') what += ` as ${valueText(d.role)}`;
    if (typeof d.hours_per_week === 'number') details.push(`${formatHours(d.hours_per_week)} h/week`);
  } else {
    what = `${verb} by ${by}`;
    const to = Array.isArray(d.to) ? d.to.map(String).join(', ') : str(d.to);
    if (to) what += ` to ${to === 'all' ? 'everyone' : valueText(to)}`;
    if (typeof d.into === 'string') what += ` into a ${valueText(d.into)}`;
    if (typeof d.until === 'string') details.push(`until ${valueText(d.until)}`);
  }
  const time = eventTime(str(d.at));
  if (time) details.push(time);
  return `${what}${details.length ? ` (${details.join(', ')})` : ''}`;
}

/** Per field, what a changed event file changed. */
function eventFieldChanges(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const k of [...new Set([...Object.keys(before), ...Object.keys(after)])]) {
    if (canonicalJson(before[k] ?? null) !== canonicalJson(after[k] ?? null)) out.push(`${k}: ${valueText(before[k])} → ${valueText(after[k])}`);
  }
  return out;
}

const STATUS_WORD = { A: 'added', M: 'changed', D: 'removed' } as const;

/**
 * Describe the event files that changed in each log. Added events are shown in the head's fold
 * order, each with the state just before and just after it (a prefix of the fold order is the fold
 * order of the prefix, so folding the first n events gives the state after the n-th); changed and
 * removed ones (history is append-only, so either needs a reason) with the log's state at both
 * ends. Pure.
 */
export function eventGroups(logs: readonly EventLogVersion[], opts: FoldOptions = DEFAULT_FOLD): EventGroup[] {
  const groups = logs.filter((l) => l.files.length).map((l) => (l.kind === 'bun' ? bunGroup(l, opts) : teamGroup(l)));
  return groups.sort((a, b) => byText(a.kind, b.kind) || byText(a.id, b.id));
}

function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The files in the order the lines show them: by the head's fold order, removed ones (by name) last. */
function inFoldOrder(files: readonly EventFileVersion[], order: readonly string[]): EventFileVersion[] {
  const at = new Map(order.map((f, i) => [f, i]));
  const rank = (f: EventFileVersion) => (f.status === 'D' ? order.length + 1 : at.get(fileName(f.path)) ?? order.length);
  return [...files].sort((a, b) => rank(a) - rank(b) || byText(a.path, b.path));
}

function changeBase(kind: 'bun' | 'team', id: string, f: EventFileVersion): Omit<EventChange, 'before' | 'after' | 'change' | 'applied' | 'problem' | 'fields'> {
  const d = (f.status === 'D' ? f.before : f.after) ?? {};
  return {
    kind,
    id,
    path: f.path,
    status: STATUS_WORD[f.status],
    verb: str(d.verb),
    by: str(d.by),
    person: kind === 'team' ? str(d.person) : null,
    at: str(d.at),
    hours_per_week: typeof d.hours_per_week === 'number' ? d.hours_per_week : null,
  };
}

const fieldsOf = (f: EventFileVersion) => (f.status === 'M' && f.before && f.after ? eventFieldChanges(f.before, f.after) : []);

/** The markdown line of one change. */
function changeLine(kind: 'bun' | 'team', f: EventFileVersion, c: EventChange): string {
  const words = eventWords(kind, (f.status === 'D' ? f.before : f.after) ?? {});
  if (f.status === 'A') {
    const tail = c.applied === false ? ` — kept, not applied${c.problem ? `: ${valueText(c.problem)}` : ''}` : `${c.change ? ` — ${c.change}` : ''}${c.problem ? ` (needs attention: ${valueText(c.problem)})` : ''}`;
    return `${words}${tail}`;
  }
  const file = `file ${code(fileName(f.path))}`;
  if (f.status === 'D') return `**removed** ${words}, ${file} (events are never removed)`;
  return `**changed** ${words}, ${file} (events are never edited)${c.fields.length ? `: ${c.fields.join('; ')}` : ''}`;
}

function bunGroup(l: Extract<EventLogVersion, { kind: 'bun' }>, opts: FoldOptions): EventGroup {
  const fold = (post: BunPost | undefined, events: readonly BunEvent[]) => (post ? foldBunEvents(post, events, opts) : undefined);
  const base = fold(l.before.post, l.before.events);
  const head = fold(l.after.post, l.after.events);
  const order = orderBunEvents(l.after.events);
  const changes: EventChange[] = [];
  const lines: string[] = [];
  let lastAdded: string | undefined;
  for (const f of inFoldOrder(l.files, order.map((e) => e.file))) {
    const i = order.findIndex((e) => e.file === fileName(f.path));
    let before: FoldedBun | undefined;
    let after: FoldedBun | undefined;
    let applied: boolean | null = null;
    let problem: string | null = null;
    if (f.status === 'A' && i !== -1) {
      before = fold(l.after.post, order.slice(0, i));
      after = fold(l.after.post, order.slice(0, i + 1));
      lastAdded = bunWords(after);
    } else {
      before = base;
      after = head;
    }
    if (f.status !== 'D' && head) {
      applied = i !== -1 && (head.timeline.find((t) => t.event === order[i]!.file)?.applied ?? false);
      problem = f.problem ?? (i !== -1 ? (head.attention.find((a) => a.event === order[i]!.file)?.reason ?? null) : 'the file is not an event the fold can read');
    }
    const change = before && after && bunWords(before) !== bunWords(after) ? `${bunWords(before)} → ${bunWords(after)}` : null;
    const c: EventChange = { ...changeBase('bun', l.id, f), before: bunFacts(before), after: bunFacts(after), change, applied, problem, fields: fieldsOf(f) };
    changes.push(c);
    lines.push(changeLine('bun', f, c));
  }
  const state = { before: l.before.post ? bunWords(base) : 'no bun', after: l.after.post ? bunWords(head) : 'no bun' };
  const show = l.files.some((f) => f.status !== 'A') || (lastAdded !== undefined && lastAdded !== state.after);
  return { kind: 'bun', id: l.id, title: l.title ?? '', state: { ...state, show: show && state.before !== state.after }, changes, lines };
}

function teamGroup(l: Extract<EventLogVersion, { kind: 'team' }>): EventGroup {
  const order = orderTeamEvents(l.after.events);
  const base = foldTeamEvents(l.before.events);
  const head = foldTeamEvents(l.after.events);
  const member = (members: readonly TeamMember[], person: string | null) => members.find((m) => m.person === person);
  const changes: EventChange[] = [];
  const lines: string[] = [];
  let lastAdded: string | undefined;
  for (const f of inFoldOrder(l.files, order.map((e) => e.file))) {
    const i = order.findIndex((e) => e.file === fileName(f.path));
    const c0 = changeBase('team', l.id, f);
    // The team as the fold had it just before this event (its place in the head's order).
    const prior = i !== -1 ? foldTeamEvents(order.slice(0, i)).members : undefined;
    let before: TeamMember | undefined;
    let after: TeamMember | undefined;
    let applied: boolean | null = null;
    let problem: string | null = null;
    if (f.status === 'A' && prior) {
      const then = foldTeamEvents(order.slice(0, i + 1)).members;
      before = member(prior, c0.person);
      after = member(then, c0.person);
      lastAdded = teamWords(then);
    } else {
      before = member(base.members, c0.person);
      after = member(head.members, c0.person);
    }
    if (f.status !== 'D') {
      applied = prior !== undefined && !teamEventRefusal(prior, order[i]!);
      problem = f.problem ?? (i !== -1 ? (head.problems.find((p) => p.file === order[i]!.file)?.message ?? null) : 'the file is not a team event the fold can read');
    }
    const change = c0.person !== null && memberWords(before) !== memberWords(after) ? `${valueText(c0.person)}: ${memberWords(before)} → ${memberWords(after)}` : null;
    const c: EventChange = { ...c0, before: memberFacts(before), after: memberFacts(after), change, applied, problem, fields: fieldsOf(f) };
    changes.push(c);
    lines.push(changeLine('team', f, c));
  }
  const state = { before: teamWords(base.members), after: teamWords(head.members) };
  const show = l.files.some((f) => f.status !== 'A') || (lastAdded !== undefined && lastAdded !== state.after);
  return { kind: 'team', id: l.id, title: l.title ?? '', state: { ...state, show: show && state.before !== state.after }, changes, lines };
}

/** The events part of the diff's markdown: the count (and a warning when history was rewritten) for the top, and a section per log kind. */
function eventsMarkdown(groups: readonly EventGroup[]): { summary: string[]; sections: string[] } {
  const changes = groups.flatMap((g) => g.changes);
  if (!changes.length) return { summary: [], sections: [] };
  const n = (s: EventChange['status']) => changes.filter((c) => c.status === s).length;
  const summary = [`${changes.length} event${changes.length === 1 ? '' : 's'}: ${n('added')} added, ${n('changed')} changed, ${n('removed')} removed.`, ''];
  if (n('changed') || n('removed')) {
    summary.push(`**Check the history**: ${n('changed')} event file${n('changed') === 1 ? '' : 's'} changed and ${n('removed')} removed. Events are append-only (a step is never edited or removed; a new event records a change of mind), so ask why.`, '');
  }
  const sections: string[] = [];
  for (const kind of ['bun', 'team'] as const) {
    const of = groups.filter((g) => g.kind === kind && g.changes.length);
    if (!of.length) continue;
    sections.push(kind === 'bun' ? '### Bun events' : '### Team events', '');
    for (const g of of) {
      sections.push(kind === 'bun' ? `- bun ${code(g.id)}${g.title ? ` ${valueText(g.title)}` : ''}` : `- lead ${code(g.id)} team${g.title ? `: ${valueText(g.title)}` : ''}`);
      if (g.state.show) sections.push(`  - **state**: ${g.state.before} → ${g.state.after}`);
      for (const line of g.lines) sections.push(`  - ${line}`);
    }
    sections.push('');
  }
  return { summary, sections };
}
