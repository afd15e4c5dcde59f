/**
 * `--out`: the one way a command writes a file where the user says (proposal render, report html).
 * Never into the ledger's own folders or over crisp.yaml (--force or not), never over an existing
 * file without --force, never through a link (the file is written beside it and renamed over it);
 * a path that cannot be written is a usage error naming it and what is wrong.
 */
import { lstatSync, mkdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CrispError, usageError } from '../errors.js';
import { writeFileAtomic } from '../ledger/files.js';
import { CONFIG_FILE } from '../ledger/root.js';
import { TEAMS_FOLDER } from '../ledger/team-events.js';
import { DERIVED_FOLDER } from '../model/folders.js';
import { CONFIG_SCHEMA_FILE } from '../model/json-schema.js';
import { KIND_NAMES, KINDS } from '../model/kinds.js';

/** The ledger's folders that crisp writes and commits itself (records, sent versions, team events), its cache and git's own. */
const LEDGER_FOLDERS = new Set([...KIND_NAMES.map((k) => KINDS[k].folder), 'sent', TEAMS_FOLDER, DERIVED_FOLDER, '.git', 'templates', '.github']);
/** The ledger's own files at its top: settings, their schema, and the ignore list that keeps .crisp/ out of git. */
const LEDGER_FILES = new Set([CONFIG_FILE, CONFIG_SCHEMA_FILE, '.gitignore']);

export interface OutFile {
  /** --out as the user gave it. */
  out: string;
  force?: boolean;
  /** --out names a folder (made if missing) to write this file into; without it --out names the file. */
  into?: string;
  /** The command, for hints: `proposal render`. */
  command: string;
  /** A file name to suggest when --out names a folder. */
  example?: string;
}

/** Write `text` where --out says; returns the absolute path written. */
export function writeOutFile(where: { cwd: string; root: string }, spec: OutFile, text: string): string {
  const base = resolve(where.cwd, spec.out);
  const target = spec.into ? join(base, spec.into) : base;
  /** A path as the user would write it: relative to where crisp runs when --out was relative. */
  const shown = (p: string) => (isAbsolute(spec.out) ? p : relative(where.cwd, p) || '.');
  const cannot = (code: string, why: string, hint: string) => usageError(code, `cannot write ${shown(target)}: ${why}`, hint);
  try {
    const inLedger = ledgerPart(where.root, target);
    if (inLedger !== undefined) {
      throw cannot(
        'out-in-ledger',
        LEDGER_FILES.has(inLedger) ? `it is the ledger's ${inLedger}` : `it is in the ledger's ${inLedger}/ folder`,
        `--out never writes the ledger's records, sent versions, templates, CI workflow, ${CONFIG_FILE} or ${CONFIG_SCHEMA_FILE}, --force or not: name a file outside those`,
      );
    }
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
    const existing = statsOrUndefined(target, false);
    if (existing) {
      if (statsOrUndefined(target)?.isDirectory()) {
        throw cannot('out-is-folder', 'it is a folder', spec.into
          ? `remove that folder, or name another --out folder`
          : `name a file in it, e.g. --out ${join(spec.out, spec.example ?? 'out.md')}`);
      }
      if (!spec.force) throw usageError('out-exists', `${shown(target)} exists already`, `add --force to replace it, or name another file`);
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

/** The ledger folder (or top-level file of the ledger's own) `path` is in, where links and `..` lead; undefined when none of those. */
function ledgerPart(root: string, path: string): string | undefined {
  const real = join(realLocation(dirname(path)), basename(path));
  const rel = relative(realpathSync.native(root), real);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  // Case folded: on a case-insensitive disk `Leads/` is `leads/`.
  const first = rel.split(sep)[0]!.toLowerCase();
  if (LEDGER_FILES.has(rel.toLowerCase())) return rel.toLowerCase();
  return LEDGER_FOLDERS.has(first) ? first : undefined;
}

/** Where a path really is: its nearest existing folder with links resolved, then the rest as written. */
function realLocation(path: string): string {
  const rest: string[] = [];
  for (let at = path; ; at = dirname(at)) {
    try {
      return join(realpathSync.native(at), ...rest.reverse());
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || dirname(at) === at) return path;
      rest.push(basename(at));
    }
  }
}

/** The nearest of `path` and its parents that exists (links followed). */
function nearestExisting(path: string): { path: string; stats: Stats } | undefined {
  for (let at = path; ; at = dirname(at)) {
    const stats = statsOrUndefined(at);
    if (stats) return { path: at, stats };
    if (dirname(at) === at) return undefined;
  }
}

/** What `stat` (links followed) or `lstat` says of `path`, or undefined when nothing is there. */
function statsOrUndefined(path: string, follow = true): Stats | undefined {
  try {
    return follow ? statSync(path) : lstatSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw e;
  }
}
