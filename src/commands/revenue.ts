/**
 * `crisp revenue`: billed revenue per person and month, `revenue/<yyyy-mm>--<person>.md`, which the
 * sales crisplet's share is computed from (DESIGN.md §6 "Crisplet revenue").
 */
import type { Command } from 'commander';
import { CrispError, usageError } from '../errors.js';
import { isMonth } from '../domain/crisplet.js';
import { editFrontmatter, serializeRecord } from '../ledger/codec.js';
import { Change, commitMessage } from '../ledger/transaction.js';
import { recordPath, revenueId } from '../model/kinds.js';
import type { Output } from '../output/index.js';
import { numberArg } from './args.js';
import type { Context } from './context.js';
import { appliedNotes, checkedRecord, recordJson, showOutput } from './records.js';
import { crispletReport } from './report-crisplet.js';
import { action } from './run.js';

interface AddFlags {
  person?: string;
  month?: string;
  amount?: string;
  note?: string;
  replace?: boolean;
}

function monthArg(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!isMonth(value)) throw usageError('bad-month', `--month takes a month like 2026-11, not "${value}"`, 'e.g. --month 2026-11');
  return value;
}

async function add(ctx: Context, flags: AddFlags): Promise<Output> {
  const missing = [!flags.person && '--person', !flags.month && '--month', flags.amount === undefined && '--amount'].filter(Boolean);
  if (missing.length) throw usageError('missing-flags', `revenue add needs ${missing.join(', ')}`, 'e.g. crisp revenue add --person alice --month 2026-11 --amount 20000');
  const month = monthArg(flags.month)!;
  const amount = numberArg(flags.amount, '--amount', '20000')!;
  const person = ctx.ledger.find('person', flags.person!).id;
  const id = revenueId(month, person);
  const path = recordPath('revenue', id);
  let message = '';
  let text = '';
  const applied = await ctx.mutate(() => {
    const existing = ctx.ledger.get('revenue', id);
    if (existing && !flags.replace) {
      throw new CrispError('revenue-exists', `${person} already has revenue for ${month} (${String(existing.data.amount)} ${String(existing.data.currency ?? '')})`, {
        hint: `pass --replace to set the new amount, or edit ${path}`,
      });
    }
    text = existing
      ? editFrontmatter(existing.text, [{ op: 'set', key: 'amount', value: amount }, ...(flags.note !== undefined ? [{ op: 'set' as const, key: 'note', value: flags.note }] : [])])
      : serializeRecord({ month, person, amount, currency: ctx.config.currency, note: flags.note, created: ctx.today() });
    checkedRecord(ctx, 'revenue', id, text);
    message = commitMessage('revenue', existing ? 'set' : 'add', `${person} ${month}: ${amount} ${ctx.config.currency}`, id);
    return new Change(message).write(path, text);
  });
  ctx.ledger.invalidate('revenue');
  const rec = checkedRecord(ctx, 'revenue', id, text);
  return { json: recordJson(rec), human: `${person} billed ${amount} ${String(rec.data.currency)} in ${month}`, notes: appliedNotes(applied, message) };
}

function list(ctx: Context, flags: { month?: string; person?: string }): Output {
  const month = monthArg(flags.month);
  const person = flags.person === undefined ? undefined : ctx.ledger.find('person', flags.person).id;
  const rows = ctx.ledger
    .all('revenue')
    .filter((r) => (!month || r.data.month === month) && (!person || r.data.person === person))
    .map((r) => ({ id: r.id, path: r.path, month: r.data.month, person: r.data.person, amount: r.data.amount, currency: r.data.currency, note: r.data.note ?? null }));
  return {
    json: rows,
    human: {
      columns: [
        { key: 'month', header: 'MONTH' },
        { key: 'person', header: 'PERSON' },
        { key: 'amount', header: 'AMOUNT', align: 'right' },
        { key: 'currency', header: 'CUR' },
        { key: 'note', header: 'NOTE' },
      ],
      rows,
    },
  };
}

export function register(program: Command): void {
  const revenue = program.command('revenue').description('billed revenue per person and month (the sales crisplet)');
  revenue
    .command('add')
    .description("record what a person billed in a month (one record per person and month)")
    .option('--person <id>', 'who billed it')
    .option('--month <yyyy-mm>', 'the month')
    .option('--amount <amount>', 'billed, in the ledger currency (major units, at most 2 decimals)')
    .option('--note <text>', 'what it was for')
    .option('--replace', 'set a new amount for a month already recorded')
    .addHelpText('after', '\nExample:\n  crisp revenue add --person alice --month 2026-11 --amount 20000 --note "Acme LMS, 160 h"')
    .action(action((ctx, flags: AddFlags) => add(ctx, flags)));
  revenue
    .command('list')
    .alias('ls')
    .description('revenue records, optionally for one month or person')
    .option('--month <yyyy-mm>', 'only this month')
    .option('--person <id>', 'only this person')
    .action(action((ctx, flags: { month?: string; person?: string }) => list(ctx, flags)));
  revenue
    .command('show <id>')
    .description('one revenue record (<yyyy-mm>--<person>)')
    .action(action((ctx, ref: string) => showOutput(ctx.ledger.find('revenue', ref))));
  // Until `crisp report crisplet` is wired to crispletReport, the report runs from here.
  revenue
    .command('report', { hidden: true })
    .description('the sales crisplet report for a month')
    .option('--month <yyyy-mm>', 'the month (default: this month)')
    .action(action((ctx, flags: { month?: string }) => crispletReport(ctx, flags)));
}
