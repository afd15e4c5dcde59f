/** `crisp diff <base>[..<head>]`: what changed in the ledger, in words and money, as markdown; bun and team events with the state each led to. */
import type { Command } from 'commander';
import type { BunKind, BunPost } from '../domain/buns.js';
import { eventGroups, ledgerDiffMarkdown, type EventFileVersion, type EventLogVersion, type RecordVersion } from '../domain/record-diff.js';
import { usageError } from '../errors.js';
import { assertSafeRef, changedFiles, filesAtCommit, resolveRef, showFile } from '../git/index.js';
import { bunEventPaths, bunEventsFolder, isEventName, makeBunEvent, type BunEventFile } from '../ledger/bun-log.js';
import { parseRecordText } from '../ledger/codec.js';
import { decodeLedgerBytes, readLedgerFile } from '../ledger/store.js';
import { readTeamEventFiles, TEAMS_FOLDER, teamEventFileOf, teamEventsFolder, type TeamEventFile } from '../ledger/team-events.js';
import { KINDS, kindOfPath, recordPath } from '../model/kinds.js';
import type { Output } from '../output/index.js';
import { foldOptionsOf } from './bun-view.js';
import type { Context } from './context.js';
import { action } from './run.js';

const OTHER_FOLDERS = ['sent', 'templates'];
/** `buns/<id>/events/<name>` or `teams/<lead>/events/<name>`: an event file of a bun or of a lead's team. */
const EVENT_PATH = /^(buns|teams)\/([^/]+)\/events\/([^/]+)$/;

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

/** The event files of one log on one side of the range: at a commit (from git's objects) or in the work tree. */
function eventFilesAt<F>(root: string, rev: string | undefined, folder: string, inWorkTree: () => F[], parse: (path: string, read: ReturnType<typeof decodeLedgerBytes>) => F): F[] {
  if (!rev) return inWorkTree();
  return [...filesAtCommit(root, rev, [folder])]
    .filter(([path]) => path.lastIndexOf('/') === folder.length && isEventName(path.slice(folder.length + 1)))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, bytes]) => parse(path, decodeLedgerBytes(path, bytes)));
}

function diff(ctx: Context, range: string): Output {
  const { base, head } = parseRange(range);
  const root = ctx.root;
  const short = (ref: string) => resolveRef(root, ref).slice(0, 7);
  const label = `${base} (${short(base)})..${head ? `${head} (${short(head)})` : 'work tree'}`;
  const baseRev = resolveRef(root, base);
  const headRev = head ? resolveRef(root, head) : undefined;
  const folders = Object.values(KINDS).map((k) => k.folder);
  const records: RecordVersion[] = [];
  const others: { status: 'A' | 'M' | 'D'; path: string }[] = [];
  const read = (rev: string | undefined, path: string) => (rev ? showFile(root, rev, `./${path}`) : readLedgerFile(root, path).text);
  /** Changed event files by log: `bun:<id>` or `team:<lead>`. */
  const logs = new Map<string, { kind: 'bun' | 'team'; id: string; files: { status: 'A' | 'M' | 'D'; path: string }[] }>();
  const strays: { status: 'A' | 'M' | 'D'; path: string }[] = [];
  for (const f of changedFiles(root, base, head, [...folders, TEAMS_FOLDER])) {
    const k = kindOfPath(f.path);
    const e = EVENT_PATH.exec(f.path);
    if (k) {
      records.push({
        kind: k.kind,
        id: k.id,
        path: f.path,
        before: f.status === 'A' ? undefined : dataOf(read(base, f.path), f.path),
        after: f.status === 'D' ? undefined : dataOf(read(head, f.path), f.path),
      });
    } else if (e && isEventName(e[3]!)) {
      const kind = e[1] === 'buns' ? 'bun' : 'team';
      const key = `${kind}:${e[2]}`;
      if (!logs.has(key)) logs.set(key, { kind, id: e[2]!, files: [] });
      logs.get(key)!.files.push(f);
    } else if (f.path.startsWith(`${KINDS.bun.folder}/`) || f.path.startsWith(`${TEAMS_FOLDER}/`)) {
      // Neither a record nor an event (a stray file in a bun's or a team's folder): still shown.
      strays.push(f);
    }
  }
  others.push(...changedFiles(root, base, head, OTHER_FOLDERS), ...strays);
  const eventLogs = [...logs.values()].map((l) => (l.kind === 'bun' ? bunLog(root, l, baseRev, headRev, read) : teamLog(root, l, baseRev, headRev, read)));
  const groups = eventGroups(eventLogs, foldOptionsOf(ctx.config));
  const markdown = ledgerDiffMarkdown({ range: label, currency: ctx.config.currency, records, others, events: groups });
  return {
    json: {
      base: baseRev,
      head: headRev ?? null,
      records: records.map((r) => ({ kind: r.kind, id: r.id, path: r.path, status: !r.before ? 'added' : !r.after ? 'removed' : 'changed' })),
      others,
      events: groups.flatMap((g) => g.changes),
      markdown,
    },
    human: markdown,
  };
}

type Read = (rev: string | undefined, path: string) => string | undefined;
type ChangedLog = { id: string; files: { status: 'A' | 'M' | 'D'; path: string }[] };

/** A changed file's frontmatter on both sides, from the files each side's log read. */
function fileVersions<F extends { path: string }>(log: ChangedLog, before: F[], after: F[], data: (f: F) => Record<string, unknown>, problem: (f: F) => string | undefined): EventFileVersion[] {
  const at = (files: F[], path: string) => files.find((x) => x.path === path);
  return log.files.map((f) => {
    const b = at(before, f.path);
    const a = at(after, f.path);
    const why = a && problem(a);
    return { status: f.status, path: f.path, ...(b && { before: data(b) }), ...(a && { after: data(a) }), ...(why && { problem: why }) };
  });
}

/** The bun's post on one side, as the fold takes it (what bun-view.ts folds), or undefined when bun.md is missing or does not parse. */
function bunPostAt(read: Read, rev: string | undefined, id: string): BunPost | undefined {
  const path = recordPath('bun', id);
  const text = read(rev, path);
  if (text === undefined) return undefined;
  const parsed = parseRecordText(text, path);
  if (parsed.problems.length) return undefined;
  const d = parsed.data as { title?: string; kind?: BunKind; received_by?: string; received?: string };
  return { id, title: String(d.title ?? id), kind: d.kind ?? 'bun', received_by: String(d.received_by ?? ''), received: String(d.received ?? '') };
}

function bunLog(root: string, log: ChangedLog, base: string, head: string | undefined, read: Read): EventLogVersion {
  const folder = bunEventsFolder(log.id);
  const side = (rev: string | undefined) =>
    eventFilesAt<BunEventFile>(
      root,
      rev,
      folder,
      () => bunEventPaths(root, log.id).map((path) => makeBunEvent(root, path).file),
      (path, r) => makeBunEvent(root, path, undefined, r).file,
    );
  const before = side(base);
  const after = side(head);
  const beforePost = bunPostAt(read, base, log.id);
  const afterPost = bunPostAt(read, head, log.id);
  const unreadable = (f: BunEventFile) => (f.problems.length ? f.problems[0]!.message : undefined);
  return {
    kind: 'bun',
    id: log.id,
    title: afterPost?.title ?? beforePost?.title,
    before: { ...(beforePost && { post: beforePost }), events: before.map((f) => f.event) },
    after: { ...(afterPost && { post: afterPost }), events: after.map((f) => f.event) },
    files: fileVersions(log, before, after, (f) => (unreadable(f) ? { '(unreadable)': unreadable(f) } : f.data), unreadable),
  };
}

function teamLog(root: string, log: ChangedLog, base: string, head: string | undefined, read: Read): EventLogVersion {
  const side = (rev: string | undefined) => eventFilesAt<TeamEventFile>(root, rev, teamEventsFolder(log.id), () => readTeamEventFiles(root, log.id), (path, r) => teamEventFileOf(path, r));
  const before = side(base);
  const after = side(head);
  const title = (rev: string | undefined) => {
    const d = dataOf(read(rev, recordPath('lead', log.id)), recordPath('lead', log.id));
    return typeof d?.title === 'string' ? d.title : undefined;
  };
  return {
    kind: 'team',
    id: log.id,
    title: title(head) ?? title(base),
    before: { events: before.flatMap((f) => (f.event ? [f.event] : [])) },
    after: { events: after.flatMap((f) => (f.event ? [f.event] : [])) },
    files: fileVersions(log, before, after, (f) => f.data ?? { '(unreadable)': f.problems[0]?.message ?? 'unreadable' }, (f) => (f.event ? undefined : f.problems[0]?.message)),
  };
}

export function register(program: Command): void {
  program
    .command('diff <range>')
    .description('a semantic diff of the ledger as markdown: records added/removed, fields old → new, stage moves, pricing in hours and money, bun and team events')
    .addHelpText('after', '\n<range> is <base> (against the work tree) or <base>..<head>.\n\nExamples:\n  crisp diff main\n  crisp diff main..deal/acme-lms-p8r1\n  crisp diff HEAD~3..HEAD --json')
    .action(action((ctx, range: string) => diff(ctx, range)));
}
