/**
 * The flow of buns (issue 4, "Flow"): per person, buns received, passed on, eaten, thrown, the
 * median hours to deal with a received bun, and stale buns held now. No money: "what goes around
 * comes around" is about seeing the flow. `crisp report buns`; `--format` as the other reports (no `--as-of`).
 */
import { usageError } from '../errors.js';
import { bunFlowRows, periodAround, type FlowPeriod } from '../domain/bun-flow.js';
import type { Output, Table } from '../output/index.js';
import { csvText, markdownTable } from '../output/report-formats.js';
import { BUN_EVENT } from '../ledger/parse-entry.js';
import { allBunViews } from './bun-view.js';
import type { Context } from './context.js';

export async function bunFlowReport(ctx: Context, opts: { period?: string; format?: 'table' | 'json' | 'csv' | 'md' }): Promise<Output> {
  const name = (opts.period ?? 'month') as FlowPeriod;
  if (name !== 'month' && name !== 'quarter') throw usageError('bad-choice', `--period must be month or quarter, not "${opts.period}"`, 'e.g. --period quarter');
  await ctx.ledger.prepare('all', ['bun', BUN_EVENT]);
  const today = ctx.today();
  const period = periodAround(today, name);
  const views = allBunViews(ctx);
  const people = ctx.ledger.all('person').map((p) => p.id);
  const { rows, totals } = bunFlowRows(
    views.map((v) => ({ bun: v.bun, received: String(v.record.data.received ?? ''), stale: v.freshness === 'stale' })),
    people,
    period,
    ctx.config.timezone,
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
  const json = { report: 'buns', as_of: today, period: { name, from: period.from, to: period.to }, rows, totals };
  const notes = [`buns ${period.from} to ${period.to}`];
  // The formats of the other reports: CSV of the row fields, Markdown for a pull request.
  if (opts.format === 'json') return { json, human: JSON.stringify(json, null, 2) };
  if (opts.format === 'csv') return { json, human: csvText(table.columns.map((c) => c.key), rows.map((r) => ({ ...r }))) };
  if (opts.format === 'md') return { json, human: [`## buns as of ${today} (${period.from} to ${period.to})`, '', markdownTable(table.columns, table.rows)].join('\n') };
  return { json, human: table, notes };
}
