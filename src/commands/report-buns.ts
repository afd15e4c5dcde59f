/**
 * The flow of buns (issue 4, "Flow"): per person, buns received, passed on, eaten, thrown, the
 * median hours to deal with a received bun, and stale buns held then. No money: "what goes around
 * comes around" is about seeing the flow. `crisp report buns`; `--as-of` and `--format` as the
 * other reports.
 */
import { usageError } from '../errors.js';
import { bunFlowRows, periodAround, type FlowPeriod } from '../domain/bun-flow.js';
import type { BunEvent } from '../domain/buns.js';
import type { Output, Table } from '../output/index.js';
import { csvText, markdownTable } from '../output/report-formats.js';
import { bunEventOf, isEventName } from '../ledger/bun-log.js';
import { BUN_EVENT } from '../ledger/parse-entry.js';
import { allBunViews, foldedBun } from './bun-view.js';
import type { Context } from './context.js';
import { asOfText, reportInput, type Format, type ReportInput } from './report.js';

export async function bunFlowReport(ctx: Context, opts: { period?: string; format?: Format; asOf?: string }): Promise<Output> {
  const name = (opts.period ?? 'month') as FlowPeriod;
  if (name !== 'month' && name !== 'quarter') throw usageError('bad-choice', `--period must be month or quarter, not "${opts.period}"`, 'e.g. --period quarter');
  const input = await reportInput(ctx, opts.asOf, ['bun', BUN_EVENT]);
  const today = input.today;
  const period = periodAround(today, name);
  const views = input.commit ? bunsAtCommit(input) : allBunViews(ctx);
  const people = input.snapshot.records('person').map((p) => p.id);
  const { rows, totals } = bunFlowRows(
    views.map((v) => ({ bun: v.bun, received: String(v.record.data.received ?? ''), stale: v.freshness === 'stale' })),
    people,
    period,
    input.config.timezone,
  );
  const table: Table = {
    columns: [
      { key: 'person', header: 'PERSON' },
      { key: 'received', header: 'RECEIVED', align: 'right' },
      { key: 'passed_on', header: 'PASSED ON', align: 'right' },
      { key: 'eaten', header: 'EATEN', align: 'right' },
      { key: 'thrown', header: 'THROWN', align: 'right' },
      { key: 'median_hours_to_deal', header: 'MEDIAN H TO DEAL', align: 'right' },
      { key: 'stale', header: 'STALE NOW', align: 'right' },
    ],
    rows: [...rows, { person: 'total', ...totals, median_hours_to_deal: totals.median_hours_to_deal ?? '' }].map((r) => ({ ...r, median_hours_to_deal: r.median_hours_to_deal ?? '' })),
  };
  const json = { report: 'buns', as_of: today, ...(input.commit && { commit: input.commit }), period: { name, from: period.from, to: period.to }, rows, totals };
  const notes = [`buns ${period.from} to ${period.to}${input.commit ? `, ${asOfText(input)}` : ''}`];
  // The formats of the other reports: CSV of the row fields, Markdown for a pull request.
  if (opts.format === 'json') return { json, human: JSON.stringify(json, null, 2) };
  if (opts.format === 'csv') return { json, human: csvText(table.columns.map((c) => c.key), rows.map((r) => ({ ...r }))) };
  if (opts.format === 'md') return { json, human: [`## buns ${asOfText(input)} (${period.from} to ${period.to})`, '', markdownTable(table.columns, table.rows)].join('\n') };
  return { json, human: table, notes };
}

/** Every bun at the commit a report reads (`--as-of`): its post and its event files, from git's objects. */
function bunsAtCommit(input: ReportInput): ReturnType<typeof foldedBun>[] {
  const events = new Map<string, BunEvent[]>();
  // files() gives them in path order, so each bun's events come in name order, as the work tree's do.
  for (const f of input.snapshot.files('buns')) {
    const [, bun, folder, name, ...deeper] = f.path.split('/');
    if (folder !== 'events' || !bun || !name || deeper.length || !isEventName(name)) continue;
    (events.get(bun) ?? events.set(bun, []).get(bun)!).push(bunEventOf(name, f.data));
  }
  return input.snapshot.records('bun').map((r) => foldedBun(input.config, r, input.today, events.get(r.id) ?? []));
}
