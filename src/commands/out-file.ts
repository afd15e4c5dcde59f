/**
 * `--out`: the one way a command writes a file where the user says (proposal render, report html).
 * Never through a link (the file is written beside it and renamed over it); a path that cannot be
 * written is a usage error naming it and what is wrong.
 */
import { lstatSync, mkdirSync, statSync, type Stats } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { CrispError, usageError } from '../errors.js';
import { writeFileAtomic } from '../ledger/files.js';

export interface OutFile {
  /** --out as the user gave it. */
  out: string;
  /** --out names a folder (made if missing) to write this file into; without it --out names the file. */
  into?: string;
  /** The command, for hints: `proposal render`. */
  command: string;
  /** A file name to suggest when --out names a folder. */
  example?: string;
}

/** Write `text` where --out says; returns the absolute path written. */
export function writeOutFile(where: { cwd: string }, spec: OutFile, text: string): string {
  const base = resolve(where.cwd, spec.out);
  const target = spec.into ? join(base, spec.into) : base;
  /** A path as the user would write it: relative to where crisp runs when --out was relative. */
  const shown = (p: string) => (isAbsolute(spec.out) ? p : relative(where.cwd, p) || '.');
  const cannot = (code: string, why: string, hint: string) => usageError(code, `cannot write ${shown(target)}: ${why}`, hint);
  try {
    const folder = dirname(target);
    const found = nearestExisting(folder);
    if (found && !found.stats.isDirectory()) {
      throw cannot('out-not-folder', `${shown(found.path)} is a file, not a folder`, spec.into
        ? `${spec.command} writes ${spec.into} into the folder --out names (made if missing): name a folder`
        : `name a file in a folder, not below ${shown(found.path)}`);
    }
    if (found?.path !== folder) {
      if (!spec.into) throw cannot('out-no-folder', `the folder ${shown(folder)} does not exist`, `make it first (mkdir -p ${shown(folder)}), or name a file in a folder that exists`);
      mkdirSync(folder, { recursive: true });
    }
    if (lstatOrUndefined(target)) {
      if (statOrUndefined(target)?.isDirectory()) {
        throw cannot('out-is-folder', 'it is a folder', spec.into
          ? `remove that folder, or name another --out folder`
          : `name a file in it, e.g. --out ${join(spec.out, spec.example ?? 'out.md')}`);
      }
    }
    writeFileAtomic(target, text);
    return target;
  } catch (e) {
    if (e instanceof CrispError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw cannot('out-not-writable', code === 'EROFS' ? 'the file system is read-only' : 'permission denied', 'name a file in a folder you may write to');
    }
    throw new CrispError('out-write-failed', `cannot write ${shown(target)}: ${(e as Error).message}`, { hint: 'check the disk and the path, then run the command again' });
  }
}

/** The nearest of `path` and its parents that exists (links followed). */
function nearestExisting(path: string): { path: string; stats: Stats } | undefined {
  for (let at = path; ; at = dirname(at)) {
    const stats = statOrUndefined(at);
    if (stats) return { path: at, stats };
    if (dirname(at) === at) return undefined;
  }
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw e;
  }
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw e;
  }
}
