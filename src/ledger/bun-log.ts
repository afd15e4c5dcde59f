/**
 * A bun's event log on disk: `buns/<id>/events/*.md`, one immutable file per protocol step
 * (DESIGN.md §2). Reading is safe like every ledger read; files are never edited once written.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BunEvent } from '../domain/buns.js';
import { KINDS } from '../model/kinds.js';
import type { Problem } from '../model/problems.js';
import { parseRecordText, serializeRecord } from './codec.js';
import { readLedgerFile } from './store.js';

export interface BunEventFile {
  /** Ledger-relative path. */
  path: string;
  event: BunEvent;
  data: Record<string, unknown>;
  body: string;
  lineOf: (path: readonly (string | number)[]) => number;
  problems: Problem[];
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

export function readBunEvents(root: string, bunId: string): BunEventFile[] {
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
    .filter((name) => name.endsWith('.md') && !name.startsWith('.'))
    .sort()
    .map((name) => {
      const path = `${folder}/${name}`;
      const { text, problem } = readLedgerFile(root, path);
      if (text === undefined) return { path, event: bunEventOf(name, {}), data: {}, body: '', lineOf: () => 1, problems: [problem!] };
      const parsed = parseRecordText(text, path);
      const event = bunEventOf(name, parsed.data);
      // What the actor wrote below the frontmatter stands in for a note on the timeline.
      const firstLine = parsed.body.trim().split('\n')[0];
      if (!event.note && !event.reason && firstLine) event.note = firstLine;
      return { path, event, data: parsed.data, body: parsed.body, lineOf: parsed.lineOf, problems: parsed.problems };
    });
}

/** A new event file's text: `after` is a single name when there is one head, a list otherwise. */
export function bunEventText(event: BunEvent, body = ''): string {
  const { file: _file, after, ...rest } = event;
  const { verb, by, at, ...more } = rest;
  return serializeRecord({ verb, by, at, after: after.length === 1 ? after[0] : after, ...more }, body);
}
