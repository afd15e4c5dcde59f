/**
 * `crisp report`: queries over the ledger (Beancount's habit: the text is the truth, reports are
 * derived). Every report runs on the work tree or, with `--as-of`, on the ledger as it was in git
 * history, and comes out as a table, JSON, CSV or Markdown. Adding a report is one `ReportSpec`
 * in REPORTS (or `registerReport` from another module): the flags, the format and the as-of
 * handling are shared.
 */
import type { Command } from 'commander';
import { barsSvg, funnelSvg, reportPage, type HtmlSection } from '../render/report-html.js';
import { CrispError, usageError } from '../errors.js';
import { capacityReport, type CapacityPerson, type CapacityRow, type TeamEvent } from '../domain/capacity.js';
import { followUps, type FollowUpClient, type FollowUpLead, type FollowUpRow } from '../domain/followups.js';
import { metricRows, metricsFor, periodOf, previousPeriod, PERIOD_KINDS, type MetricDiscovery, type MetricLead, type MetricProposal } from '../domain/metrics.js';
import { pipelineReport, type PipelineLead, type PipelineRow } from '../domain/pipeline.js';
import { isActiveStage } from '../domain/stages.js';
import { happinessState, type HappinessAnswer } from '../domain/happiness.js';
import { dateIn, type IsoDate } from '../domain/time.js';
import { commitSnapshot, REPORT_LEADS, REPORT_OPEN_LEADS, resolveAsOf, workTreeSnapshot, type LedgerSnapshot } from '../ledger/snapshot.js';
import type { Config } from '../model/config.js';
import { STAGES, type Stage } from '../model/fields.js';
import { renderTable, type Output } from '../output/index.js';
import { bar, csvText, markdownTable } from '../output/report-formats.js';
import { choice, dateArg } from './args.js';
import type { Context } from './context.js';
import { writeOutFile } from './out-file.js';
import { action } from './run.js';
import { byText } from '../domain/order.js';
import { minorUnitsText } from '../output/numbers.js';

/** What a report computes from: the ledger (now or at a commit), its settings and its clock. */
export interface ReportInput {
  snapshot: LedgerSnapshot;
  config: Config;
  now: Date;
  today: IsoDate;
  commit?: string;
}

export interface ReportColumn {
  key: string;
  header: string;
  align?: 'left' | 'right';
  /** Integer minor units: shown to people in major units. */
  money?: boolean;
  /** How people see the cell, when not the row's `key` field as it is. */
  text?: (row: Record<string, unknown>) => string;
}

export interface ReportResult {
  period?: Record<string, unknown>;
  rows: Record<string, unknown>[];
  totals?: Record<string, unknown>;
  /** Every row field, in order: the CSV header, the same whether or not there are rows. */
  fields: readonly string[];
  /** What people see, in order (the table and Markdown); JSON and CSV carry every row field. */
  columns: ReportColumn[];
  /** A numeric column drawn as a bar beside the table on a terminal. */
  bar?: string;
  /** Lines above the table (the period, the verdict) and below it (rotting deals). */
  heading?: string[];
  footer?: string[];
  /** More top-level JSON fields of this report (the crisplet's rates), before the rows. */
  extra?: Record<string, unknown>;
}

export interface ReportSpec<F = Record<string, unknown>> {
  name: string;
  summary: string;
  /** Report-specific flags. */
  options?: (cmd: Command) => Command;
  /** Help text after the options: examples and the row fields. */
  help: string;
  /** Reads only the open and on-hold leads (snapshot.openLeads): its cache is about half the size. */
  openLeadsOnly?: boolean;
  build: (input: ReportInput, flags: F) => ReportResult;
}

export const FORMATS = ['table', 'json', 'csv', 'md'] as const;
export type Format = (typeof FORMATS)[number];

const AS_OF_HELP = 'the ledger as it was at the end of that day (or at a git commit, tag or branch)';

/**
 * The output format a report was asked for: `--json` is `--format json`, and a table when neither
 * is given. Both at once must agree: `--json --format csv` would otherwise print one of the two.
 */
function formatOf(ctx: Context, format: string | undefined): Format {
  const asked = format === undefined ? undefined : choice(format, FORMATS, '--format')!;
  if (ctx.opts.json && asked !== undefined && asked !== 'json') {
    throw usageError('format-conflict', `--json and --format ${asked} ask for two different outputs`, `use one of them: --json, or --format ${asked}`);
  }
  return ctx.opts.json ? 'json' : (asked ?? 'table');
}

/** The help of the --format option every report but html takes (no default value: see formatOf). */
const FORMAT_HELP = `${FORMATS.join('|')} (default: table)`;

interface CommonFlags {
  asOf?: string;
  format?: string;
}

/**
 * The ledger to report on: the work tree, or the commit `--as-of` names. `caches`: the parse caches
 * the report reads most of (the leads, for most reports), read while git scans the work tree.
 */
export async function reportInput(ctx: Context, asOf: string | undefined, caches: readonly string[] = [REPORT_LEADS]): Promise<ReportInput> {
  if (asOf === undefined) {
    await ctx.ledger.prepare('all', caches);
    return { snapshot: workTreeSnapshot(ctx.root, ctx.config, ctx.ledger), config: ctx.config, now: ctx.now(), today: ctx.today() };
  }
  const at = resolveAsOf(ctx.root, asOf, ctx.config.timezone);
  const snapshot = commitSnapshot(ctx.root, at.commit);
  return { snapshot, config: snapshot.config, now: at.now, today: dateIn(at.now, snapshot.config.timezone), commit: at.commit };
}

const moneyText = (minor: unknown) => (typeof minor === 'number' ? minorUnitsText(minor) : '');

/** Each row as people read it: money in major units, lists joined, the columns' own text. */
export function shownRows(result: ReportResult): Record<string, string>[] {
  return result.rows.map((r) => {
    const out: Record<string, string> = {};
    for (const c of result.columns) {
      const v = r[c.key];
      out[c.key] = c.text ? c.text(r) : c.money ? moneyText(v) : v === null || v === undefined ? '' : Array.isArray(v) ? v.join(', ') : String(v);
    }
    return out;
  });
}

/** `as of 2026-09-30`, and the commit when the report reads one: what each report's title says. */
export const asOfText = (input: Pick<ReportInput, 'today' | 'commit'>): string => `as of ${input.today}${input.commit ? ` (commit ${input.commit.slice(0, 7)})` : ''}`;

/** The report's JSON (DESIGN.md §5 "Report JSON") and its text in the chosen format. */
export function reportOutput(name: string, input: ReportInput, result: ReportResult, format: Format, tty = Boolean(process.stdout.isTTY)): Output {
  const json = {
    report: name,
    as_of: input.today,
    ...(input.commit && { commit: input.commit }),
    currency: input.config.currency,
    ...(result.period && { period: result.period }),
    ...result.extra,
    rows: result.rows,
    ...(result.totals && { totals: result.totals }),
  };
  if (format === 'json') return { json, human: JSON.stringify(json, null, 2) };
  if (format === 'csv') return { json, human: csvText(result.fields, result.rows) };
  const shown: Record<string, unknown>[] = shownRows(result);
  const asOf = asOfText(input);
  if (format === 'md') {
    const lines = [`## ${name} ${asOf}`, '', ...(result.heading ?? []).map((l) => `${l}  `), ...(result.heading?.length ? [''] : []), markdownTable(result.columns, shown), ...(result.footer ?? [])];
    return { json, human: lines.join('\n') };
  }
  const columns = [...result.columns];
  if (tty && result.bar && result.rows.length) {
    const max = Math.max(...result.rows.map((r) => Number(r[result.bar!]) || 0));
    // The bar sits beside the column it draws.
    const at = columns.findIndex((c) => c.key === result.bar);
    columns.splice(at < 0 ? columns.length : at + 1, 0, { key: '__bar', header: '' });
    result.rows.forEach((r, i) => (shown[i]!.__bar = bar(Number(r[result.bar!]) || 0, max)));
  }
  const heading = tty ? [`${name} ${asOf}`, ...(result.heading ?? [])] : result.heading ?? [];
  const table = renderTable({ columns, rows: shown }, tty);
  return { json, human: [...heading, ...(heading.length ? [''] : []), table.trimEnd(), ...(result.footer?.length ? ['', ...result.footer] : [])].join('\n') };
}

/** Register one report as `crisp report <name>` with the shared flags. */
export function registerReport<F>(group: Command, spec: ReportSpec<F>): void {
  const cmd = group.command(spec.name).description(spec.summary);
  (spec.options ? spec.options(cmd) : cmd)
    .option('--as-of <date|ref>', AS_OF_HELP)
    .option('--format <format>', FORMAT_HELP)
    .addHelpText('after', spec.help)
    .action(
      action(async (ctx, flags: F & CommonFlags) => {
        const format = formatOf(ctx, flags.format);
        const input = await reportInput(ctx, flags.asOf, [spec.openLeadsOnly ? REPORT_OPEN_LEADS : REPORT_LEADS]);
        return reportOutput(spec.name, input, spec.build(input, flags), format);
      }),
    );
}

// ---------------------------------------------------------------------------------------------
// Reading the snapshot into the shapes the domain functions take. Records may be hand-edited
// and schema-invalid; anything without the fields a report needs is skipped.

function leadsOf(s: LedgerSnapshot, which: 'all' | 'open' = 'all'): (PipelineLead & FollowUpLead & MetricLead)[] {
  return (which === 'open' ? s.openLeads() : s.leads())
    .filter((r) => (STAGES as readonly string[]).includes(String(r.data.stage)) && typeof r.data.stage_entered === 'string')
    .map((r) => ({ ...(r.data as object), id: r.id }) as PipelineLead & FollowUpLead & MetricLead);
}

function clientsOf(s: LedgerSnapshot): (FollowUpClient & { owner?: string })[] {
  return s.records('client').map((r) => ({ ...(r.data as object), id: r.id }) as FollowUpClient);
}

function peopleOf(s: LedgerSnapshot): CapacityPerson[] {
  return s.records('person').map((r) => ({ ...(r.data as object), id: r.id }) as CapacityPerson);
}

/** Team events on leads that are open or won (DESIGN.md §6 "Capacity"). */
function teamEventsOf(s: LedgerSnapshot, leads: readonly { id: string; stage: Stage }[]): TeamEvent[] {
  const live = new Set(leads.filter((l) => isActiveStage(l.stage) || l.stage === 'won').map((l) => l.id));
  return s
    .files('teams')
    .map((f) => ({ lead: f.path.split('/')[1]!, ...f.data }) as TeamEvent)
    .filter((e) => live.has(e.lead) && typeof e.verb === 'string');
}

// ---------------------------------------------------------------------------------------------

const pipeline: ReportSpec = {
  name: 'pipeline',
  summary: 'per stage: count, value, weighted forecast, median age, rotting deals',
  help: `
Rows (--json): stage, count, value, weighted (money in minor units), probability, median_age_days,
rotting; totals over the open pipeline; rotting deals are listed below the table.

Examples:
  crisp report pipeline
  crisp report pipeline --as-of 2026-09-30 --format md`,
  openLeadsOnly: true,
  build(input) {
    const leads = leadsOf(input.snapshot, 'open');
    const p = pipelineReport(leads, input.config.stages, input.today);
    const deals = dealsWithClientHappiness(input, leads);
    return {
      rows: p.rows.map((r) => ({ ...r, currency: input.config.currency })),
      totals: { ...p.totals, currency: input.config.currency, rotting_deals: p.rotting, deals },
      fields: ['stage', 'count', 'value', 'weighted', 'probability', 'median_age_days', 'rotting', 'currency'] satisfies (keyof PipelineRow | 'currency')[],
      columns: [
        { key: 'stage', header: 'STAGE' },
        { key: 'count', header: 'LEADS', align: 'right' },
        { key: 'value', header: `VALUE ${input.config.currency}`, align: 'right', money: true },
        { key: 'weighted', header: 'WEIGHTED', align: 'right', money: true },
        { key: 'median_age_days', header: 'MEDIAN DAYS', align: 'right' },
        { key: 'rotting', header: 'ROTTING', align: 'right' },
      ],
      bar: 'weighted',
      footer: [
        `total: ${p.totals.count} leads, ${moneyText(p.totals.value)} ${input.config.currency}, weighted ${moneyText(p.totals.weighted)} ${input.config.currency}`,
        ...(p.rotting.length
          ? ['rotting (no touch for longer than the stage allows):', ...p.rotting.map((d) => `  ${d.id}  ${d.stage}, ${d.days_quiet} days quiet (limit ${d.rotting_days})${d.owner ? `, ${d.owner}` : ''}`)]
          : ['nothing is rotting']),
        ...(deals.length
          ? ['biggest open deals, with their client\'s happiness:', ...deals.slice(0, 5).map((d) => `  ${d.id}  ${moneyText(d.value)} ${input.config.currency}, ${d.stage}, ${d.client}: ${d.client_happiness === null ? 'no answer' : `${d.client_happiness} (${d.client_happiness_state}${d.client_happiness <= 2 ? ', call them' : ''})`}`)]
          : []),
      ],
    };
  },
};

/**
 * Open deals with a client record, biggest first, with the client's latest happiness beside the
 * value (seed 003: service over sales; a deal with an unhappy client is a deal at risk).
 */
function dealsWithClientHappiness(input: ReportInput, leads: readonly (PipelineLead & { client?: string })[]) {
  const clients = new Map(input.snapshot.records('client').map((c) => [c.id, c.data]));
  return leads
    .filter((l) => isActiveStage(l.stage) && l.client && clients.has(l.client) && typeof l.value === 'number')
    .map((l) => {
      const h = happinessState(clients.get(l.client!)!.happiness as HappinessAnswer[] | undefined, input.today, input.config.happiness.client_stale_after_months);
      return {
        id: l.id,
        stage: l.stage,
        client: l.client!,
        value: Math.round((l.value as number) * 100),
        currency: input.config.currency,
        client_happiness: h.lowest ?? null,
        client_happiness_state: h.state,
      };
    })
    .sort((a, b) => b.value - a.value || byText(a.id, b.id));
}

interface FollowUpFlags {
  until?: string;
  week?: boolean;
  owner?: string;
}

const followUpsReport: ReportSpec<FollowUpFlags> = {
  name: 'follow-ups',
  summary: 'whom to call: follow-ups due and overdue, resends, quiet leads, partner reports, unhappy clients',
  options: (c) =>
    c
      .option('--until <date>', 'also what falls due up to this date')
      .option('--week', 'also what falls due by Sunday')
      .option('--owner <person>', "only this person's"),
  help: `
By default lists what is due by the end of today, overdue first, per owner. Reasons: overdue,
due today, due (with --until/--week), no reply: resend, partner status due, under seven touches
and quiet, unhappy client (names the client and its owner).
Rows (--json): owner, reason, due, overdue, lead, title, client, detail.

Examples:
  crisp report follow-ups
  crisp report follow-ups --week --owner alice`,
  openLeadsOnly: true,
  build(input, flags) {
    const until = dateArg(flags.until, '--until') ?? (flags.week ? periodOf('week', input.today).end : input.today);
    if (until < input.today) throw usageError('bad-date', `--until ${until} is before today (${input.today})`, 'overdue follow-ups are always listed; --until only widens the window');
    let rows = followUps(leadsOf(input.snapshot, 'open'), clientsOf(input.snapshot), input.config.followups, input.today, until);
    if (flags.owner) {
      // A name nobody has is a typo, not "nothing due" (lead list says the same).
      if (!input.snapshot.records('person').some((p) => p.id === flags.owner)) throw new CrispError('unknown-id', `no person "${flags.owner}"`, { hint: 'list them with `crisp person list`' });
      rows = rows.filter((r) => r.owner === flags.owner);
    }
    return {
      period: { start: input.today, end: until },
      rows: rows as unknown as Record<string, unknown>[],
      totals: { count: rows.length, overdue: rows.filter((r) => r.overdue).length },
      fields: ['owner', 'reason', 'due', 'overdue', 'lead', 'title', 'client', 'detail'] satisfies (keyof FollowUpRow)[],
      columns: [
        { key: 'owner', header: 'OWNER' },
        { key: 'due', header: 'DUE' },
        { key: 'reason', header: 'WHY' },
        { key: 'lead', header: 'LEAD / CLIENT', text: (r) => String(r.lead ?? r.client ?? '') },
        { key: 'detail', header: 'DETAIL' },
      ],
      footer: [rows.length ? `${rows.length} to do, ${rows.filter((r) => r.overdue).length} overdue` : `nothing due by ${until}`],
    };
  },
};

interface MetricFlags {
  period?: string;
  person?: string;
}

const metrics: ReportSpec<MetricFlags> = {
  name: 'metrics',
  summary: 'leading and lagging metrics for a week, month or quarter, next to the targets and the period before',
  options: (c) => c.option('--period <period>', PERIOD_KINDS.join('|'), 'week').option('--person <person>', "only this person's work"),
  help: `
Leading: new_leads, touches, intro_meetings, discoveries_started. Lagging: proposals_sent,
deals_won, value_won (minor units), win_rate (won / (won + lost) closed in the period),
cycle_days (median days from created to won). Targets come from crisp.yaml \`targets.<period>\`
under the same names. Weeks start on Monday; quarters in January, April, July and October.
Rows (--json): metric, kind, value, previous, target, met, unit, currency.

Examples:
  crisp report metrics --period quarter
  crisp report metrics --period week --person alice --as-of 2026-09-30`,
  build(input, flags) {
    const kind = choice(flags.period ?? 'week', PERIOD_KINDS, '--period')!;
    const period = periodOf(kind, input.today);
    const before = previousPeriod(period);
    const s = input.snapshot;
    const data = {
      leads: leadsOf(s),
      discoveries: s.records('discovery').map((r) => r.data as MetricDiscovery),
      proposals: s.records('proposal').map((r) => r.data as MetricProposal),
      person: flags.person,
    };
    const rows = metricRows(metricsFor(data, period), metricsFor(data, before), input.config.targets[kind]).map((r) => ({
      ...r,
      unit: r.metric === 'value_won' ? 'minor' : r.metric === 'win_rate' ? 'ratio' : r.metric === 'cycle_days' ? 'days' : 'count',
      currency: r.metric === 'value_won' ? input.config.currency : null,
    }));
    return {
      period: { kind, start: period.start, end: period.end, previous: { start: before.start, end: before.end }, ...(flags.person && { person: flags.person }) },
      rows,
      fields: ['metric', 'kind', 'value', 'previous', 'target', 'met', 'unit', 'currency'] satisfies (keyof (typeof rows)[number])[],
      columns: [
        { key: 'metric', header: 'METRIC' },
        { key: 'kind', header: 'KIND' },
        { key: 'value', header: 'NOW', align: 'right', text: (r) => metricText(r.value, r.unit) },
        { key: 'target', header: 'TARGET', align: 'right', text: (r) => metricText(r.target, r.unit) },
        { key: 'previous', header: 'BEFORE', align: 'right', text: (r) => metricText(r.previous, r.unit) },
        { key: 'met', header: '', text: (r) => (r.met === null ? '' : r.met ? 'met' : 'below') },
      ],
      heading: [`${kind} ${period.start} – ${period.end}${flags.person ? `, ${flags.person}` : ''} (before: ${before.start} – ${before.end})`],
    };
  },
};

function metricText(v: unknown, unit: unknown): string {
  if (typeof v !== 'number') return '-';
  return unit === 'minor' ? moneyText(v) : unit === 'ratio' ? `${Math.round(v * 100)}%` : String(v);
}

const capacity: ReportSpec = {
  name: 'capacity',
  summary: 'open to new work? roles held, role load, free hours and happiness per person, and a verdict',
  help: `
Role load (roles in people files in force, plus client ownerships from clients' \`owner\`) is
weighed first: above capacity.role_load_limit = no, at it = careful. Then free hours (capacity
minus accepted team hours): none = no, under capacity.careful_below_hours = careful. The team is
open (yes) if anyone is. People whose latest happiness has a 1 or 2 (a call for help) come first.
Rows (--json): person, name, roles, role_load, role_load_limit, capacity_hours, committed_hours,
free_hours, happiness (call for help|stale|fresh|none), happiness_date, happiness_lowest, wants,
verdict (yes|careful|no), reasons; totals: verdict, reasons, free_hours.

Examples:
  crisp report capacity
  crisp report capacity --json`,
  build(input) {
    const s = input.snapshot;
    const leads = leadsOf(s);
    const c = capacityReport(peopleOf(s), clientsOf(s), teamEventsOf(s, leads), { ...input.config.capacity, stale_after_months: input.config.happiness.stale_after_months }, input.today);
    return {
      rows: c.rows as unknown as Record<string, unknown>[],
      totals: { verdict: c.verdict, reasons: c.reasons, free_hours: c.rows.reduce((n, r) => n + Math.max(0, r.free_hours), 0), people: c.rows.length },
      fields: [
        'person', 'name', 'roles', 'role_load', 'role_load_limit', 'capacity_hours', 'committed_hours', 'free_hours',
        'happiness', 'happiness_date', 'happiness_lowest', 'wants', 'verdict', 'reasons',
      ] satisfies (keyof CapacityRow)[],
      columns: [
        { key: 'person', header: 'PERSON' },
        { key: 'role_load', header: 'ROLES', align: 'right' },
        { key: 'free_hours', header: 'FREE H/WK', align: 'right' },
        { key: 'happiness', header: 'HAPPINESS' },
        { key: 'verdict', header: 'OPEN?' },
        { key: 'reasons', header: 'WHY', text: (r) => (r.reasons as string[]).join('; ') },
      ],
      bar: 'free_hours',
      heading: [`open to new work: ${c.verdict}`, ...c.reasons.map((r) => `  ${r}`)],
    };
  },
};

/** The reports `crisp report` offers; other modules add theirs with `registerReport`. */
export const REPORTS: ReportSpec<never>[] = [pipeline, followUpsReport, metrics, capacity] as ReportSpec<never>[];

interface HtmlFlags {
  out?: string;
  force?: boolean;
  asOf?: string;
  period?: string;
}

/** Buns received and taken per person (the bun flow people like to see), read defensively. */
function bunFlow(s: LedgerSnapshot): { person: string; received: number; taken: number; thrown: number }[] {
  const flow = new Map<string, { person: string; received: number; taken: number; thrown: number }>();
  const of = (p: string) => flow.get(p) ?? flow.set(p, { person: p, received: 0, taken: 0, thrown: 0 }).get(p)!;
  for (const b of s.records('bun')) if (typeof b.data.received_by === 'string') of(b.data.received_by).received++;
  for (const e of s.files('buns')) {
    if (!/\/events\//.test(e.path) || typeof e.data.by !== 'string') continue;
    if (e.data.verb === 'claim') of(e.data.by).taken++;
    if (e.data.verb === 'throw') of(e.data.by).thrown++;
  }
  return [...flow.values()].sort((a, b) => b.taken - a.taken || byText(a.person, b.person));
}

async function html(ctx: Context, flags: HtmlFlags): Promise<Output> {
  if (!flags.out) throw usageError('missing-flags', 'report html needs --out <dir>', 'e.g. crisp report html --out reports/ (writes reports/index.html)');
  const input = await reportInput(ctx, flags.asOf);
  const kind = choice(flags.period ?? 'quarter', PERIOD_KINDS, '--period')!;
  const cur = input.config.currency;
  const p = pipeline.build(input, {});
  const m = metrics.build(input, { period: kind });
  const f = followUpsReport.build(input, {});
  const c = capacity.build(input, {});
  const rowsOf = (r: ReportResult) => r.rows.map((raw, i) => ({ raw, shown: shownRows(r)[i]! }));
  const section = (id: string, heading: string, r: ReportResult, extra: Partial<HtmlSection> = {}): HtmlSection => ({ id, heading, columns: r.columns, rows: rowsOf(r), ...extra });
  const sections: HtmlSection[] = [
    section('pipeline', 'Pipeline', p, {
      lead: (p.footer ?? []).slice(0, 1).map((text) => ({ text, id: 'pipeline-total', data: String((p.totals as { weighted: number }).weighted) })),
      svg: funnelSvg(p.rows.map((r) => ({ label: String(r.stage), value: Number(r.value), text: `${r.count} · ${moneyText(r.value)} ${cur}` }))),
    }),
    section('metrics', `Metrics this ${kind}`, m, {
      lead: (m.heading ?? []).map((text) => ({ text })),
      svg: barsSvg(
        m.rows
          .filter((r) => r.unit === 'count' && typeof r.value === 'number')
          .map((r) => ({ label: String(r.metric), value: Number(r.value), target: r.target as number | null, text: `${r.value}${r.target !== null ? ` / ${r.target}` : ''}` })),
      ),
    }),
    section('follow-ups', 'Follow-ups due today', f, { empty: 'nothing due today' }),
    section('capacity', 'Capacity: open to new work?', c, {
      lead: [
        { text: `open to new work: ${(c.totals as { verdict: string }).verdict}`, id: 'verdict', tone: (c.totals as { verdict: string }).verdict, data: (c.totals as { verdict: string }).verdict },
        ...((c.totals as { reasons: string[] }).reasons.map((text) => ({ text }))),
      ],
    }),
  ];
  const flow = bunFlow(input.snapshot);
  if (flow.length) {
    sections.push({
      id: 'buns',
      heading: 'Bun flow',
      svg: barsSvg(flow.map((b) => ({ label: b.person, value: b.taken, text: `${b.taken} taken, ${b.received} received` }))),
      columns: [{ key: 'person', header: 'PERSON' }, { key: 'received', header: 'RECEIVED', align: 'right' }, { key: 'taken', header: 'TAKEN', align: 'right' }, { key: 'thrown', header: 'THROWN', align: 'right' }],
      rows: flow.map((raw) => ({ raw, shown: Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, String(v)])) })),
    });
  }
  const page = reportPage({
    title: `${input.config.name}: sales report`,
    subtitle: `${asOfText(input)}, money in ${cur}`,
    sections,
  });
  const path = writeOutFile(ctx, { out: flags.out, force: flags.force, into: 'index.html', command: 'report html' }, page);
  return {
    json: { report: 'html', as_of: input.today, ...(input.commit && { commit: input.commit }), path, sections: sections.map((x) => x.id) },
    human: `wrote ${path} (${sections.map((x) => x.id).join(', ')}); open it in a browser`,
  };
}

export function register(program: Command): void {
  const group = program
    .command('report')
    .description('reports: pipeline, follow-ups, metrics, capacity, buns, crisplet, html')
    .addHelpText('after', '\nEvery report takes --as-of <date|ref> (the ledger as it was then, read from git); all but html\ntake --format table|json|csv|md (--json = --format json).');
  for (const spec of REPORTS) registerReport(group, spec);
  group
    .command('buns')
    .description('the bun flow per person: received, passed on, eaten, thrown, median hours to deal, stale (no money)')
    .option('--period <period>', 'month or quarter', 'month')
    .option('--as-of <date|ref>', AS_OF_HELP)
    .option('--format <format>', FORMAT_HELP)
    .addHelpText('after', '\n"What goes around comes around": no fees, but everyone can see the flow of buns.\n\nExamples:\n  crisp report buns --period quarter\n  crisp report buns --as-of 2026-09-30 --format md')
    .action(
      action(async (ctx, flags: { period?: string; format?: string; asOf?: string }) => {
        const format = formatOf(ctx, flags.format);
        return (await import('./report-buns.js')).bunFlowReport(ctx, { period: flags.period, format, asOf: flags.asOf });
      }),
    );
  group
    .command('crisplet')
    .description("the sales crisplet: each member's fee for a month, with the arithmetic shown")
    .option('--month <yyyy-mm>', 'the month (default: the month of today, or of --as-of)')
    .option('--as-of <date|ref>', AS_OF_HELP)
    .option('--format <format>', FORMAT_HELP)
    .addHelpText(
      'after',
      '\nfee = (monthly_fee + revenue_share × billed revenue) × member days ÷ days in the month\n\nExamples:\n  crisp report crisplet --month 2026-11\n  crisp report crisplet --month 2026-10 --as-of 2026-11-05 --format csv   (what was billed by then)',
    )
    .action(
      action(async (ctx, flags: { month?: string; asOf?: string; format?: string }) => {
        const format = formatOf(ctx, flags.format);
        return (await import('./report-crisplet.js')).crispletReport(ctx, { month: flags.month, asOf: flags.asOf, format });
      }),
    );
  group
    .command('html')
    .description('one self-contained page (no network, inline SVG): pipeline funnel, metrics, follow-ups, capacity, bun flow')
    .option('--out <dir>', 'the folder to write index.html into (made if missing; never one of the ledger\'s record folders)')
    .option('--force', 'replace index.html in that folder if it is there')
    .option('--period <period>', `metrics period: ${PERIOD_KINDS.join('|')}`, 'quarter')
    .option('--as-of <date|ref>', AS_OF_HELP)
    .addHelpText('after', '\nThe page is derived data: crisp writes it but never commits it.\n\nExample:\n  crisp report html --out site/ && xdg-open site/index.html')
    .action(action((ctx, flags: HtmlFlags) => html(ctx, flags)));
}
