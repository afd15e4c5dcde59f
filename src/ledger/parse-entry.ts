/**
 * What the parse cache holds for one file, made from the file itself: read it safely, parse it,
 * check it on its own. One function for the main thread and the parse worker, so an entry is the
 * same whichever made it. A job is a record of a kind, or a bun's event file.
 */
import type { KindName } from '../model/kinds.js';
import { checkRecord } from '../model/validate.js';
import { makeBunEvent } from './bun-log.js';
import { entryProblems, type CacheEntry } from './cache.js';
import { parseRecordText } from './codec.js';
import { readLedgerFile, StoredRecord } from './store.js';

/** The job kind of a bun's event file (`buns/<id>/events/*.md`); its `id` is the bun's. */
export const BUN_EVENT = 'bun-event';

export interface EntryJob {
  kind: KindName | typeof BUN_EVENT;
  id: string;
  path: string;
  blob: string;
}

/**
 * The record, with its own problems; `entry` is what the cache keeps (none for an unreadable
 * file). Without `read`, the job is a file git lists as tracked and unchanged, with git's blob id
 * (see ReadOptions.gitClean), and only its frontmatter is decoded.
 */
export function makeEntry(root: string, job: EntryJob & { kind: KindName }, read = readLedgerFile(root, job.path, { head: true, gitClean: true })): { record: StoredRecord; entry?: CacheEntry } {
  const { kind, id, path, blob } = job;
  let record: StoredRecord;
  if (read.text === undefined) {
    record = new StoredRecord(kind, id, path, {}, [read.problem!], root, '');
  } else {
    const parsed = parseRecordText(read.text, path);
    record = new StoredRecord(kind, id, path, parsed.data, parsed.problems, root, undefined, parsed.problems.length ? parsed : undefined);
  }
  record.checked = checkRecord(record);
  const entry = blob.startsWith('unreadable:') ? undefined : { b: blob, d: record.data, p: entryProblems(record.checked) };
  return { record, entry };
}

/** The cache entry of any job (what the parse worker makes), or undefined when the file could not be read. */
export function entryOf(root: string, job: EntryJob): CacheEntry | undefined {
  return job.kind === BUN_EVENT ? makeBunEvent(root, job.path, job.blob).entry : makeEntry(root, job as EntryJob & { kind: KindName }).entry;
}
