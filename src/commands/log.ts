/** `crisp log <id>`: a record's history from git, as events with the fields each commit changed. */
import type { Command } from 'commander';
import { logForPaths, showFile } from '../git/index.js';
import { parseRecordText } from '../ledger/codec.js';
import { KIND_NAMES } from '../model/kinds.js';
import type { Output } from '../output/index.js';
import type { Context } from './context.js';
import { action } from './run.js';

/** Top-level fields whose values differ between two versions of a record (body as `body`). */
export function changedFields(before: string | undefined, after: string | undefined, path: string): string[] {
  const a = before === undefined ? undefined : parseRecordText(before, path);
  const b = after === undefined ? undefined : parseRecordText(after, path);
  if (!a || !b) return [];
  const keys = new Set([...Object.keys(a.data), ...Object.keys(b.data)]);
  const changed = [...keys].filter((k) => JSON.stringify(a.data[k]) !== JSON.stringify(b.data[k]));
  if (a.body !== b.body) changed.push('body');
  return changed;
}

function log(ctx: Context, ref: string): Output {
  const rec = ctx.ledger.find(KIND_NAMES, ref);
  const entries = logForPaths(ctx.root, [rec.path]);
  const rows = entries.map((e) => {
    const after = showFile(ctx.root, e.commit, rec.path);
    const before = showFile(ctx.root, `${e.commit}^`, rec.path);
    const fields = before === undefined ? ['(created)'] : after === undefined ? ['(deleted)'] : changedFields(before, after, rec.path);
    return { commit: e.commit, date: e.date, author: e.author, email: e.email, message: e.subject, fields };
  });
  return {
    json: { id: rec.id, path: rec.path, history: rows },
    human: {
      columns: [{ key: 'short', header: 'COMMIT' }, { key: 'day', header: 'DATE' }, { key: 'author', header: 'AUTHOR' }, { key: 'message', header: 'MESSAGE' }, { key: 'fields', header: 'CHANGED' }],
      rows: rows.map((r) => ({ ...r, short: r.commit.slice(0, 7), day: r.date.slice(0, 16).replace('T', ' ') })),
    },
  };
}

export function register(program: Command): void {
  program
    .command('log <id>')
    .description("a record's history from git: date, author, message, fields changed")
    .action(action((ctx, ref: string) => log(ctx, ref)));
}
