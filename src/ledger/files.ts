/** File writes that never leave half a file: temp file in the same folder, fsync, rename. */
import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';

let temps = 0;
/**
 * A temporary file beside `path`, named for this process, the time and a counter: unique among
 * running processes, and opened with `wx`, so a leftover of a crashed run is never written through.
 * (No random bytes: the first call to the random source costs milliseconds.)
 */
export function tempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}${(++temps).toString(36)}.tmp`);
}

/**
 * Remove the temporary files (named by tempPath) that processes no longer running left beside the
 * files they were writing: a crisp killed between writing one and renaming it into place. Never
 * part of the ledger, so nothing is lost. `paths` are ledger-relative.
 */
export function removeDeadTemps(root: string, paths: readonly string[]): void {
  for (const path of paths) {
    const pid = Number(/(?:^|\/)\.[^/]+\.(\d+)\.[0-9a-z]+\.tmp$/.exec(path)?.[1]);
    if (pid && pid !== process.pid && !processAlive(pid)) rmSync(join(root, path), { force: true });
  }
}

/** Whether a process with this id runs on this machine (one we may not signal counts). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Write `text` to `path` whole or not at all. `fsync: false` for derived data (a cache lost in a
 * crash is made again), and `tmp` for a temp name chosen by another thread (the parse worker
 * writes what the main thread named: each thread counts its own temp files).
 */
export function writeFileAtomic(path: string, text: string, opts: { fsync?: boolean; tmp?: string } = {}): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = opts.tmp ?? tempPath(path);
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    try {
      writeSync(fd, text);
      if (opts.fsync !== false) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

const pending = new Set<Promise<void>>();

/**
 * writeFileAtomic for derived data (caches) that this run will not read back: the write goes on
 * in the background (temp file, then rename) while the command works on, and settleWrites()
 * waits for every such write before the process ends. A write that fails leaves no file behind.
 */
export function writeFileAtomicSoon(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tempPath(path);
  const write = writeFile(tmp, text, { flag: 'wx', mode: 0o644 })
    .then(() => rename(tmp, path))
    .catch(() => rm(tmp, { force: true }).catch(() => undefined));
  pending.add(write);
  void write.finally(() => pending.delete(write));
}

/** Writes another thread is doing for this one: each a function that settles when it is done. */
const elsewhere: (() => Promise<void>)[] = [];

/** A write another thread does (see parse-pool.ts writeInWorker): settleWrites waits for it too. */
export function settleLater(wait: () => Promise<void>): void {
  elsewhere.push(wait);
}

/** Wait for the background writes of writeFileAtomicSoon, and those handed to another thread. */
export async function settleWrites(): Promise<void> {
  while (pending.size) await Promise.all([...pending]);
  for (const wait of elsewhere.splice(0)) await wait();
}

const linkedFolders = new Map<string, boolean>();
/** Folders (root and ledger-relative folder) whose every part is known to be a real folder. */
const realFolders = new Set<string>();

/**
 * The first folder between the ledger root and `path` (ledger-relative) that is a symbolic link,
 * or undefined. A pull request can commit `leads` as a link to any folder on the reader's disk;
 * following it would read and write files outside the ledger (the file itself is opened with
 * O_NOFOLLOW by the reader and replaced, never followed, by writeFileAtomic).
 */
export function linkedFolderOn(root: string, path: string): string | undefined {
  const slash = path.lastIndexOf('/');
  if (slash === -1) return undefined;
  const folder = `${root}\0${path.slice(0, slash)}`;
  if (realFolders.has(folder)) return undefined;
  const parts = path.slice(0, slash).split('/');
  let real = true;
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
        real = false;
      }
    }
    if (linked) return rel;
  }
  if (real) realFolders.add(folder);
  return undefined;
}
