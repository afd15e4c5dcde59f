/** File writes that never leave half a file: temp file in the same folder, fsync, rename. */
import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { randomSuffix } from './ids.js';

/**
 * `durable: false` skips the fsync: for derived data (caches), where a file lost to a power cut
 * is only rebuilt, never missed, and a sync of tens of megabytes would cost more than the rebuild.
 */
export function writeFileAtomic(path: string, text: string, { durable = true }: { durable?: boolean } = {}): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomSuffix(6)}.tmp`);
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    writeSync(fd, text);
    if (durable) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

const linkedFolders = new Map<string, boolean>();

/**
 * The first folder between the ledger root and `path` (ledger-relative) that is a symbolic link,
 * or undefined. A pull request can commit `leads` as a link to any folder on the reader's disk;
 * following it would read and write files outside the ledger (the file itself is opened with
 * O_NOFOLLOW by the reader and replaced, never followed, by writeFileAtomic).
 */
export function linkedFolderOn(root: string, path: string): string | undefined {
  const parts = path.split('/').slice(0, -1);
  let rel = '';
  for (const part of parts) {
    rel = rel ? `${rel}/${part}` : part;
    const abs = join(root, rel);
    let linked = linkedFolders.get(abs);
    if (linked === undefined) {
      try {
        const st = lstatSync(abs);
        linked = st.isSymbolicLink();
        // A real folder stays one for this run (a folder not there yet is asked again).
        linkedFolders.set(abs, linked);
      } catch {
        linked = false; // not there (yet): nothing to follow
      }
    }
    if (linked) return rel;
  }
  return undefined;
}
