/**
 * One crisp process at a time per ledger for read-modify-write-commit. The lock is a file created
 * with O_EXCL under `.crisp/`; a lock whose process is dead (same host) is taken over.
 */
import { existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { untrackedPaths } from '../git/index.js';
import { processAlive, removeDeadTemps } from './files.js';
import { randomSuffix } from './ids.js';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { CrispError } from '../errors.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function holderAlive(text: string): boolean {
  const [pidText, host] = text.split('\n');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (host && host !== hostname()) return true; // cannot tell: trust it
  return processAlive(pid);
}

/**
 * Create the lock file with its content in one step: write a private file, then hard-link it to
 * the lock's name (which fails if the lock exists). A process killed at any point leaves either no
 * lock or a complete one naming it, never an empty file that looks like a lock being written.
 */
function claimLock(dir: string, path: string): void {
  const mine = join(dir, `lock.${process.pid}.${randomSuffix(6)}`);
  writeFileSync(mine, `${process.pid}\n${hostname()}\n`, { flag: 'wx' });
  try {
    linkSync(mine, path);
  } finally {
    rmSync(mine, { force: true });
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** How long to wait for another crisp's lock: a minute, or CRISP_LOCK_TIMEOUT_MS (tests, scripts that would rather fail fast). */
function lockTimeoutMs(): number {
  const raw = process.env.CRISP_LOCK_TIMEOUT_MS;
  const set = raw ? Number(raw) : NaN;
  return Number.isFinite(set) && set >= 0 ? set : 60_000;
}

/**
 * Run `fn` holding the ledger lock. `tookOver` tells it the lock was a dead crisp's: that crisp may
 * have written files it never committed (see Context.mutate).
 */
export async function withLedgerLock<T>(root: string, fn: (lock: { tookOver: boolean }) => Promise<T> | T, timeoutMs = lockTimeoutMs()): Promise<T> {
  const dir = join(root, '.crisp');
  if (existsSync(dir) && lstatSync(dir).isSymbolicLink()) {
    throw new CrispError('unsafe-path', '.crisp is a symbolic link, so crisp will not keep its lock or cache through it', {
      hint: 'remove the link (git rm --cached .crisp if it was committed); crisp makes the folder itself',
    });
  }
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'lock');
  const start = Date.now();
  let wait = 5;
  /** Whether a dead process's lock was taken over: it was killed, maybe halfway through a write. */
  let tookOver = false;
  for (;;) {
    try {
      claimLock(dir, path);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let text = '';
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        continue; // released between our open and read
      }
      // A dead holder's lock is taken over; so is an empty one old enough that nobody is still
      // writing it (crisp before this version created the file first and wrote the pid after).
      if (text ? !holderAlive(text) : ageMs(path) > 2000) {
        // Rename-free takeover: only remove if it is still the same dead holder's file.
        try {
          if (readFileSync(path, 'utf8') === text) rmSync(path, { force: true });
        } catch {
          /* gone already */
        }
        tookOver = true;
        continue;
      }
      if (Date.now() - start > timeoutMs) {
        const [pid, host] = text.split('\n');
        const elsewhere = host && host !== hostname();
        throw new CrispError(
          'ledger-locked',
          elsewhere
            ? `the ledger is locked by crisp process ${pid} on ${host}; crisp waited ${timeoutMs / 1000} s and cannot tell from here whether that process still runs`
            : `another crisp process (${pid || '?'}) has held the ledger lock for over ${timeoutMs / 1000} s`,
          {
            hint: elsewhere
              ? `if no crisp runs on ${host} on this ledger (a folder shared between machines), delete ${join('.crisp', 'lock')}`
              : `wait for it to finish; if no crisp is running, delete ${join('.crisp', 'lock')}`,
            exit: 3,
          },
        );
      }
      await sleep(wait);
      wait = Math.min(wait * 2, 100);
    }
  }
  try {
    if (tookOver) cleanUpAfterCrash(root);
    return await fn({ tookOver });
  } finally {
    rmSync(path, { force: true });
  }
}

/** The temp files killed crisps left: in the ledger (untracked, so git lists them) and in the cache. */
function cleanUpAfterCrash(root: string): void {
  let paths: string[] = [];
  try {
    paths = untrackedPaths(root);
  } catch {
    /* no git: the writes it made are the user's to look at */
  }
  const cache = join(root, '.crisp', 'cache');
  if (existsSync(cache)) paths.push(...readdirSync(cache).map((name) => `.crisp/cache/${name}`));
  removeDeadTemps(root, paths);
}
