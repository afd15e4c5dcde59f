/**
 * The sales crisplet report: what each member owes for a month, with the arithmetic shown
 * (DESIGN.md §6 "Crisplet revenue"). Only members pay; nobody else appears with money, and nothing
 * here moves money for passing a bun or a client (no finder's fees, seed 000/001).
 * `crispletReport` is the report; `crisp report crisplet` calls it, now or `--as-of` a date or
 * commit, in any of the reports' formats.
 */
import { usageError } from '../errors.js';
import { crispletFee, daysInMonth, formatMinor, isMonth, memberDays, monthOf, type CrispletEntry, type CrispletFee } from '../domain/crisplet.js';
import type { Output } from '../output/index.js';
import type { Context } from './context.js';
import { reportInput, reportOutput, type Format } from './report.js';

export interface CrispletRow {
  person: string;
  name: string;
  member_days: number;
  days_in_month: number;
  revenue_minor: number;
  monthly_fee_minor: number;
  share_minor: number;
  fee_minor: number;
  currency: string;
  arithmetic: string;
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export async function crispletReport(ctx: Context, opts: { month?: string; asOf?: string; format?: Format }): Promise<Output> {
  if (opts.month !== undefined && !isMonth(opts.month)) throw usageError('bad-month', `--month takes a month like 2026-11, not "${opts.month}"`, 'e.g. --month 2026-11');
  // The ledger now, or as it was at --as-of: its members, its revenue and its rates then.
  const input = await reportInput(ctx, opts.asOf, ['revenue']);
  const month = opts.month ?? monthOf(input.today);
  const { monthly_fee: monthlyFee, revenue_share: revenueShare } = input.config.crisplet;
  const currency = input.config.currency;
  const days = daysInMonth(month);
  const revenue = new Map<string, number>();
  const notes: string[] = [];
  for (const r of input.snapshot.records('revenue')) {
    const d = r.data as { month?: string; person?: string; amount?: number; currency?: string };
    if (d.month !== month || typeof d.person !== 'string' || typeof d.amount !== 'number') continue;
    if (d.currency && d.currency !== currency) {
      notes.push(`${r.path}: amount in ${d.currency}, the ledger counts in ${currency}; left out`);
      continue;
    }
    revenue.set(d.person, (revenue.get(d.person) ?? 0) + d.amount);
  }
  const rows: CrispletRow[] = [];
  for (const p of input.snapshot.records('person')) {
    const mdays = memberDays(p.data.crisplet as CrispletEntry[] | undefined, month);
    const billed = revenue.get(p.id) ?? 0;
    if (!mdays) {
      if (billed) notes.push(`${p.id} billed ${formatMinor(Math.round(billed * 100))} ${currency} in ${month} but was not a crisplet member: owes nothing`);
      continue;
    }
    const fee: CrispletFee = crispletFee({ monthlyFee, revenueShare, revenue: billed, memberDays: mdays, daysInMonth: days });
    rows.push({
      person: p.id,
      name: String(p.data.name ?? p.id),
      member_days: mdays,
      days_in_month: days,
      revenue_minor: fee.revenue_minor,
      monthly_fee_minor: fee.monthly_fee_minor,
      share_minor: fee.share_minor,
      fee_minor: fee.fee_minor,
      currency,
      arithmetic: fee.arithmetic,
    });
  }
  const totals = {
    members: rows.length,
    revenue_minor: rows.reduce((s, r) => s + r.revenue_minor, 0),
    fee_minor: rows.reduce((s, r) => s + r.fee_minor, 0),
    currency,
  };
  const [y, m] = month.split('-').map(Number) as [number, number];
  const head = `Sales crisplet, ${MONTH_NAMES[m - 1]} ${y} (${days} days): ${formatMinor(Math.round(monthlyFee * 100))} ${currency} a month + ${+(revenueShare * 100).toFixed(4)}% of billed revenue, pro rata by member days`;
  // Money in the table always with its cents, as the arithmetic writes it.
  const money = (key: keyof CrispletRow) => (row: Record<string, unknown>) => formatMinor(Number(row[key]));
  const output = reportOutput(
    'crisplet',
    input,
    {
      period: { month, start: `${month}-01`, end: `${month}-${String(days).padStart(2, '0')}`, days },
      extra: { rates: { monthly_fee_minor: Math.round(monthlyFee * 100), revenue_share: revenueShare, currency } },
      rows: rows as unknown as Record<string, unknown>[],
      totals,
      fields: ['person', 'name', 'member_days', 'days_in_month', 'revenue_minor', 'monthly_fee_minor', 'share_minor', 'fee_minor', 'currency', 'arithmetic'] satisfies (keyof CrispletRow)[],
      columns: [
        { key: 'person', header: 'PERSON' },
        { key: 'member_days', header: 'DAYS', align: 'right', text: (r) => `${r.member_days}/${r.days_in_month}` },
        { key: 'revenue_minor', header: 'REVENUE', align: 'right', text: money('revenue_minor') },
        { key: 'fee_minor', header: 'FEE', align: 'right', text: money('fee_minor') },
        { key: 'arithmetic', header: 'ARITHMETIC' },
      ],
      heading: [head],
      footer: [
        rows.length
          ? `total: ${formatMinor(totals.fee_minor)} ${currency} from ${rows.length} member${rows.length === 1 ? '' : 's'} (billed ${formatMinor(totals.revenue_minor)} ${currency})`
          : `no crisplet members in ${month} (crisp person set <id> --crisplet on --from <date>)`,
      ],
    },
    opts.format ?? 'table',
  );
  return { ...output, notes };
}
