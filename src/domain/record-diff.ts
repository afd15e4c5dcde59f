/**
 * A semantic diff of ledger records, in words and money, as markdown for a pull request: records
 * added and removed, fields old → new, stage moves, and pricing deltas in hours and money.
 * Pure: it takes the records' data before and after.
 */
import { canonicalJson, formatHours, formatMoney, pricingTotals, toCents, type PricingFacts } from './pricing.js';
import { byText } from './order.js';

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
}

export function ledgerDiffMarkdown(input: DiffInput): string {
  const lines: string[] = [`## crisp diff ${code(input.range)}`, ''];
  const records = input.records.filter((r) => r.before || r.after);
  const added = records.filter((r) => !r.before).length;
  const removed = records.filter((r) => !r.after).length;
  const changed = records.length - added - removed;
  if (!records.length && !input.others?.length) return [...lines, 'No ledger records changed.', ''].join('\n');
  lines.push(`${records.length} record${records.length === 1 ? '' : 's'}: ${added} added, ${changed} changed, ${removed} removed.`, '');
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
  if (input.others?.length) {
    lines.push('### Other files', '');
    const word = { A: 'added', M: 'changed', D: 'removed' } as const;
    for (const o of input.others) lines.push(`- ${word[o.status]} ${code(o.path)}`);
    lines.push('');
  }
  return lines.join('\n');
}
