/**
 * What the parse cache holds for one record file, made from the file itself: read it safely,
 * parse it, check it on its own. One function for the main thread and the parse worker, so an
 * entry is the same whichever made it.
 */
import type { KindName } from '../model/kinds.js';
import { checkRecord } from '../model/validate.js';
import type { CacheEntry } from './cache.js';
import { parseRecordText } from './codec.js';
import { readLedgerFile, StoredRecord } from './store.js';

export interface EntryJob {
  kind: KindName;
  id: string;
  path: string;
  blob: string;
}

/** The record read from disk, with its own problems; `entry` is what the cache keeps (none for an unreadable file). */
export function makeEntry(root: string, job: EntryJob, read = readLedgerFile(root, job.path, true)): { record: StoredRecord; entry?: CacheEntry } {
  const { kind, id, path, blob } = job;
  let record: StoredRecord;
  if (read.text === undefined) {
    record = new StoredRecord(kind, id, path, {}, [read.problem!], root, '');
  } else {
    const parsed = parseRecordText(read.text, path);
    record = new StoredRecord(kind, id, path, parsed.data, parsed.problems, root, undefined, parsed.problems.length ? parsed : undefined);
  }
  record.checked = checkRecord(record);
  const entry = blob.startsWith('unreadable:') ? undefined : { b: blob, d: record.data, p: record.checked.map(({ path: _p, ...rest }) => rest) };
  return { record, entry };
}
