/** `crisp diff <base>[..<head>]`: what changed in the ledger, in words and money, as markdown. */
import type { Command } from 'commander';
import { ledgerDiffMarkdown, type RecordVersion } from '../domain/record-diff.js';
import { usageError } from '../errors.js';
import { assertSafeRef, changedFiles, resolveRef, showFile } from '../git/index.js';
import { parseRecordText } from '../ledger/codec.js';
import { readLedgerFile } from '../ledger/store.js';
import { KINDS, kindOfPath } from '../model/kinds.js';
import type { Output } from '../output/index.js';
import type { Context } from './context.js';
import { action } from './run.js';

const OTHER_FOLDERS = ['sent', 'templates'];

function dataOf(text: string | undefined, path: string): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  const parsed = parseRecordText(text, path);
  return parsed.problems.length ? { '(unreadable)': parsed.problems[0]!.message } : parsed.data;
}

export function parseRange(range: string): { base: string; head?: string } {
  if (range.includes('...')) throw usageError('bad-range', `"${range}": use base..head (two dots)`, 'e.g. crisp diff main..deal/acme-lms-p8r1');
  const [base, head, ...rest] = range.split('..');
  if (!base || rest.length || head === '') throw usageError('bad-range', `"${range}" is not <base> or <base>..<head>`, 'e.g. crisp diff main, or crisp diff main..HEAD');
  return { base: assertSafeRef(base), head: head === undefined ? undefined : assertSafeRef(head) };
}

function diff(ctx: Context, range: string): Output {
  const { base, head } = parseRange(range);
  const root = ctx.root;
  const short = (ref: string) => resolveRef(root, ref).slice(0, 7);
  const label = `${base} (${short(base)})..${head ? `${head} (${short(head)})` : 'work tree'}`;
  const folders = Object.values(KINDS).map((k) => k.folder);
  const records: RecordVersion[] = [];
  const others: { status: 'A' | 'M' | 'D'; path: string }[] = [];
  const read = (rev: string | undefined, path: string) => (rev ? showFile(root, rev, `./${path}`) : readLedgerFile(root, path).text);
  for (const f of changedFiles(root, base, head, folders)) {
    const k = kindOfPath(f.path);
    if (!k) continue;
    records.push({
      kind: k.kind,
      id: k.id,
      path: f.path,
      before: f.status === 'A' ? undefined : dataOf(read(base, f.path), f.path),
      after: f.status === 'D' ? undefined : dataOf(read(head, f.path), f.path),
    });
  }
  others.push(...changedFiles(root, base, head, OTHER_FOLDERS));
  const markdown = ledgerDiffMarkdown({ range: label, currency: ctx.config.currency, records, others });
  return {
    json: { base: resolveRef(root, base), head: head ? resolveRef(root, head) : null, records: records.map((r) => ({ kind: r.kind, id: r.id, path: r.path, status: !r.before ? 'added' : !r.after ? 'removed' : 'changed' })), others, markdown },
    human: markdown,
  };
}

export function register(program: Command): void {
  program
    .command('diff <range>')
    .description('a semantic diff of the ledger as markdown: records added/removed, fields old → new, stage moves, pricing in hours and money')
    .addHelpText('after', '\n<range> is <base> (against the work tree) or <base>..<head>.\n\nExamples:\n  crisp diff main\n  crisp diff main..deal/acme-lms-p8r1\n  crisp diff HEAD~3..HEAD --json')
    .action(action((ctx, range: string) => diff(ctx, range)));
}
