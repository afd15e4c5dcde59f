/**
 * `crisp log <id>`: a record's history from git, as events with the fields each commit changed; for a
 * bun or a lead, with the event files beside it (claims, offers, team answers) and who committed them.
 */
import type { Command } from 'commander';
import { logForPaths, showFile } from '../git/index.js';
import { parseRecordText } from '../ledger/codec.js';
import { bunEventsFolder } from '../ledger/bun-log.js';
import { teamEventsFolder } from '../ledger/team-events.js';
import { KIND_NAMES, type KindName } from '../model/kinds.js';
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

/** Where a record's event files live: a bun's events, a lead's team answers (consent). */
function eventFolderOf(kind: KindName, id: string): string | undefined {
  return kind === 'bun' ? bunEventsFolder(id) : kind === 'lead' ? teamEventsFolder(id) : undefined;
}

/** What an event file a commit added, changed or removed says, as a log line shows it (`claim by bob`). */
function eventChange(root: string, commit: string, file: { status: string; path: string }): { path: string; change: string; verb?: string; by?: string } {
  const name = file.path.slice(file.path.lastIndexOf('/') + 1);
  if (file.status !== 'A') return { path: file.path, change: `${file.status === 'D' ? 'removed' : 'edited'} ${name}` };
  const data = parseRecordText(showFile(root, commit, file.path) ?? '', file.path).data;
  const verb = typeof data.verb === 'string' ? data.verb : 'event';
  const by = typeof data.by === 'string' ? data.by : undefined;
  return { path: file.path, change: by ? `${verb} by ${by}` : verb, verb, ...(by && { by }) };
}

function log(ctx: Context, ref: string): Output {
  const rec = ctx.ledger.find(KIND_NAMES, ref);
  // A bun's claims and a lead's consent are event files beside the record: their commits count too.
  const events = eventFolderOf(rec.kind, rec.id);
  const entries = logForPaths(ctx.root, events ? [rec.path, events] : [rec.path]);
  const rows = entries.map((e) => {
    let fields: string[] = [];
    if (e.files.some((f) => f.path === rec.path)) {
      const after = showFile(ctx.root, e.commit, rec.path);
      const before = showFile(ctx.root, `${e.commit}^`, rec.path);
      fields = before === undefined ? ['(created)'] : after === undefined ? ['(deleted)'] : changedFields(before, after, rec.path);
    }
    const changes = e.files.filter((f) => f.path !== rec.path).map((f) => eventChange(ctx.root, e.commit, f));
    return { commit: e.commit, date: e.date, author: e.author, email: e.email, message: e.subject, fields, events: changes.map(({ change: _c, ...ev }) => ev), changed: [...fields, ...changes.map((c) => c.change)] };
  });
  return {
    json: { id: rec.id, path: rec.path, ...(events && { events_folder: events }), history: rows.map(({ changed: _c, ...r }) => r) },
    human: {
      columns: [{ key: 'short', header: 'COMMIT' }, { key: 'day', header: 'DATE' }, { key: 'author', header: 'AUTHOR' }, { key: 'message', header: 'MESSAGE' }, { key: 'changed', header: 'CHANGED' }],
      rows: rows.map((r) => ({ ...r, short: r.commit.slice(0, 7), day: r.date.slice(0, 16).replace('T', ' ') })),
    },
  };
}

export function register(program: Command): void {
  program
    .command('log <id>')
    .description("a record's history from git: date, author, message, fields changed (a bun's or a lead's events too)")
    .action(action((ctx, ref: string) => log(ctx, ref)));
}
