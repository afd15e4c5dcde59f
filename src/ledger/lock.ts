/**
 * One crisp process at a time per ledger for read-modify-write-commit. The lock is a file created
 * with O_EXCL under `.crisp/`; a lock whose process is dead (same host) is taken over.
 */
import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { CrispError } from '../errors.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function holderAlive(text: string): boolean {
  const [pidText, host] = text.split('\n');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (host && host !== hostname()) return true; // cannot tell: trust it
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function withLedgerLock<T>(root: string, fn: () => Promise<T> | T, timeoutMs = 60_000): Promise<T> {
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
  for (;;) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid}\n${hostname()}\n`);
      closeSync(fd);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let text = '';
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        continue; // released between our open and read
      }
      // An empty file is a lock being written right now; a dead holder's lock is taken over.
      if (text && !holderAlive(text)) {
        // Rename-free takeover: only remove if it is still the same dead holder's file.
        try {
          if (readFileSync(path, 'utf8') === text) rmSync(path, { force: true });
        } catch {
          /* gone already */
        }
        continue;
      }
      if (Date.now() - start > timeoutMs) {
        throw new CrispError('ledger-locked', `another crisp process (${text.split('\n')[0] || '?'}) has held the ledger lock for over ${Math.round(timeoutMs / 1000)} s`, {
          hint: `wait for it to finish; if no crisp is running, delete ${join('.crisp', 'lock')}`,
          exit: 3,
        });
      }
      await sleep(wait);
      wait = Math.min(wait * 2, 100);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(path, { force: true });
  }
}
