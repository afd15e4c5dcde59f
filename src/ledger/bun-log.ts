/**
 * A bun's event log on disk: `buns/<id>/events/*.md`, one immutable file per protocol step
 * (DESIGN.md §2). Reading is safe like every ledger read; files are never edited once written.
 * A whole ledger's events go through the parse cache like records do (Ledger.bunEvents); one
 * bun's are read straight from its folder (readBunEvents).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BunEvent } from '../domain/buns.js';
import { KINDS } from '../model/kinds.js';
import type { Problem } from '../model/problems.js';
import { bunEventSchema } from '../model/schemas.js';
import { zodProblems } from '../model/zod-problems.js';
import { schemaError } from '../model/fast-check.js';
import { entryProblems, entryProblemsAt, type CacheEntry } from './cache.js';
import { parseRecordText, serializeRecord } from './codec.js';
import { isParseProblem, readLedgerFile } from './store.js';

export interface BunEventFile {
  /** Ledger-relative path. */
  path: string;
  event: BunEvent;
  data: Record<string, unknown>;
  readonly body: string;
  lineOf: (path: readonly (string | number)[]) => number;
  /** Problems found while reading (the file did not parse: `data` is empty). */
  problems: Problem[];
  /** The event's problems on its own: the reading problems, else what the event schema finds. */
  checked: Problem[];
}

export function bunEventsFolder(bunId: string): string {
  return `${KINDS.bun.folder}/${bunId}/events`;
}

/** The event as the fold sees it; fields of the wrong type are left out (validate reports them). */
export function bunEventOf(file: string, data: Record<string, unknown>): BunEvent {
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const after = Array.isArray(data.after) ? data.after.filter((x): x is string => typeof x === 'string') : typeof data.after === 'string' ? [data.after] : [];
  const to = Array.isArray(data.to) ? data.to.filter((x): x is string => typeof x === 'string') : str(data.to);
  const into = data.into === 'bun' || data.into === 'lead' ? data.into : undefined;
  return {
    file,
    verb: str(data.verb) ?? '',
    by: str(data.by) ?? '',
    at: str(data.at) ?? '',
    after,
    ...(to !== undefined ? { to } : {}),
    ...(str(data.until) ? { until: str(data.until) } : {}),
    ...(str(data.reason) ? { reason: str(data.reason) } : {}),
    ...(str(data.note) ? { note: str(data.note) } : {}),
    ...(into ? { into } : {}),
    ...(str(data.lead) ? { lead: str(data.lead) } : {}),
  };
}

/** The paths of one bun's event files, in name order, by listing its events folder. */
export function bunEventPaths(root: string, bunId: string): string[] {
  const folder = bunEventsFolder(bunId);
  let names: string[];
  try {
    names = readdirSync(join(root, folder));
  } catch (e) {
    // A bun nobody has acted on yet has no events folder.
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  return names
    .filter(isEventName)
    .sort()
    .map((name) => `${folder}/${name}`);
}

/** The event files of one bun, in name order (each read and checked on its own). */
export function readBunEvents(root: string, bunId: string): BunEventFile[] {
  return bunEventPaths(root, bunId).map((path) => makeBunEvent(root, path).file);
}

/** The files of an events folder that are events (anything else there is not read). */
export const isEventName = (name: string): boolean => name.endsWith('.md') && !name.startsWith('.');

/**
 * One event file read and checked on its own, and what the parse cache keeps of it when `blob`
 * names its content. Without `read`, the file is read here: a `blob` then says it is git's, of a
 * file git lists as tracked and unchanged (see ReadOptions.gitClean).
 */
export function makeBunEvent(root: string, path: string, blob?: string, read = readLedgerFile(root, path, { gitClean: blob !== undefined })): { file: BunEventFile; entry?: CacheEntry } {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (read.text === undefined) {
    const problems = [read.problem!];
    const file = { path, event: bunEventOf(name, {}), data: {}, body: '', lineOf: () => 1, problems, checked: problems };
    return { file, entry: blob ? { b: blob, d: {}, p: entryProblems(problems) } : undefined };
  }
  const parsed = parseRecordText(read.text, path);
  const event = bunEventOf(name, parsed.data);
  // What the actor wrote below the frontmatter stands in for a note on the timeline.
  const firstLine = parsed.body.trim().split('\n')[0];
  const note = !event.note && !event.reason && firstLine ? firstLine : undefined;
  if (note) event.note = note;
  let checked = parsed.problems;
  if (!checked.length) {
    const error = schemaError(bunEventSchema, parsed.data);
    if (error) checked = zodProblems(error, path, parsed.lineOf, parsed.data);
  }
  const file = { path, event, data: parsed.data, body: parsed.body, lineOf: parsed.lineOf, problems: parsed.problems, checked };
  return { file, entry: blob ? { b: blob, d: parsed.data, p: entryProblems(checked), ...(note ? { n: note } : {}) } : undefined };
}

/** An event file as the parse cache remembers it; its body and lines are read only when asked for. */
export function bunEventFromEntry(root: string, path: string, entry: CacheEntry): BunEventFile {
  const event = bunEventOf(path.slice(path.lastIndexOf('/') + 1), entry.d);
  if (entry.n) event.note = entry.n;
  const checked = entryProblemsAt(entry, path);
  let parsed: ReturnType<typeof parseRecordText> | undefined;
  const reread = () => (parsed ??= parseRecordText(readLedgerFile(root, path).text ?? '', path));
  return {
    path,
    event,
    data: entry.d,
    get body() {
      return reread().body;
    },
    lineOf: (p) => reread().lineOf(p),
    problems: checked.filter((p) => isParseProblem(p.code)),
    checked,
  };
}

/** A new event file's text: `after` is a single name when there is one head, a list otherwise. */
export function bunEventText(event: BunEvent, body = ''): string {
  const { file: _file, after, ...rest } = event;
  const { verb, by, at, ...more } = rest;
  return serializeRecord({ verb, by, at, after: after.length === 1 ? after[0] : after, ...more }, body);
}
