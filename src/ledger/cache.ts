/**
 * The parse cache under `.crisp/cache/`: what a record file parsed to, keyed by its git blob id, so
 * a warm `validate` or `lead list` reads one JSON file per kind instead of parsing every record.
 * Derived data only: versioned, written atomically, safe to delete, and never trusted when stale
 * (an entry is used only when the file's current blob id equals the one it was made from).
 */
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Problem } from '../model/problems.js';
import { writeFileAtomicSoon } from './files.js';
import { writeInWorker } from './parse-pool.js';

/** Bump when what is cached changes shape or meaning (parser, schemas, checks). 2: a summary of a file that does not parse keeps one problem. */
export const CACHE_FORMAT = 2;

export interface CacheEntry<D = Record<string, unknown>> {
  /** git blob id of the file the entry was made from */
  b: string;
  /** frontmatter data (or, in a summary cache, what was worked out from it) */
  d: D;
  /** problems of the record on its own (parse + schema), without the path */
  p: Omit<Problem, 'path'>[];
  /** a bun event's note taken from the first line of its body (see bun-log.ts) */
  n?: string;
}

interface CacheFile<D> {
  format: number;
  version: string;
  entries: Record<string, CacheEntry<D>>;
}

/** The id git gives a blob with this content. */
export function blobId(bytes: Buffer): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/**
 * A cache is one file of entries plus a small journal beside it (`<name>.more.json`) for the few
 * files that changed since the big one was written: a command run after one edit rewrites the
 * journal, not 50 MB. The big file is written anew once the journal and the big file's stale
 * entries are more than this many, or a twentieth of all entries.
 */
const JOURNAL_MIN = 500;

/** Whether `changed` of `total` entries are few enough for the journal (and for reading just those files). */
export const fewChanged = (changed: number, total: number): boolean => changed <= Math.max(JOURNAL_MIN, total / 20);

/** Where the parse cache `name` lives. */
export const cacheFile = (root: string, name: string): string => join(root, '.crisp', 'cache', `${name}.json`);

export class ParseCache<D = Record<string, unknown>> {
  private readonly file: string;
  private readonly journal: string;
  private entries: Record<string, CacheEntry<D>> = {};
  private more: Record<string, CacheEntry<D>> = {};
  /** No entries at all (a cold cache): get() answers at once, without looking each path up. */
  private readonly empty: boolean;

  /** `name`: the kind (`lead`), or a kind and what is derived from its records (`lead.list`). */
  constructor(root: string, name: string, private readonly version: string) {
    this.file = cacheFile(root, name);
    this.journal = join(root, '.crisp', 'cache', `${name}.more.json`);
    this.entries = this.read(this.file);
    // A journal without its big file is worth nothing (and never trusted more than any entry).
    this.empty = !Object.keys(this.entries).length;
    if (!this.empty) this.more = this.read(this.journal);
  }

  private read(file: string): Record<string, CacheEntry<D>> {
    try {
      const data = JSON.parse(cacheText(readFileSync(file))) as CacheFile<D>;
      if (data.format === CACHE_FORMAT && data.version === this.version && data.entries && typeof data.entries === 'object') return data.entries;
    } catch {
      /* no cache, or an unreadable one: start empty */
    }
    return {};
  }

  /** The entry made from exactly this blob of the file, from the journal or the big file. */
  get(path: string, blob: string): CacheEntry<D> | undefined {
    if (this.empty) return undefined;
    const j = this.more[path];
    if (j && j.b === blob) return j;
    const e = this.entries[path];
    return e && e.b === blob ? e : undefined;
  }

  /**
   * Make the cache hold exactly these entries (`hits`, as get() gave them) plus those in `made`:
   * entries already written as JSON (`"path":{...}`, see entryText), spliced in as they are
   * instead of being turned into objects and back; plus `theirs`, jobs of the batch just done whose
   * entries the parse worker made and keeps (it writes the file then). When few changed, only
   * the journal is written.
   */
  save(hits: Record<string, CacheEntry<D>>, made: readonly string[] = [], theirs: readonly number[] = []): void {
    const head = `{"format":${CACHE_FORMAT},"version":${JSON.stringify(this.version)},"entries":{`;
    try {
      let fromBig = 0;
      const kept: Record<string, CacheEntry<D>> = {};
      for (const path in hits) {
        if (hits[path] === this.entries[path]) fromBig++;
        else kept[path] = hits[path]!;
      }
      const big = Object.keys(this.entries).length;
      const changed = Object.keys(kept).length + made.length + theirs.length + (big - fromBig);
      if (big > 0 && fewChanged(changed, fromBig + changed)) {
        write(this.journal, head, [JSON.stringify(kept).slice(1, -1), ...made].filter(Boolean), theirs);
        return;
      }
      rmSync(this.journal, { force: true });
      write(this.file, head, [JSON.stringify(hits).slice(1, -1), ...made].filter(Boolean), theirs);
    } catch {
      rmSync(this.file, { force: true });
      rmSync(this.journal, { force: true });
    }
  }
}

/**
 * A cache file of these entries, written atomically in the background. The parse worker, if one
 * is up, joins them (with the entries it kept, `theirs`), makes them ASCII and writes the file
 * while this thread goes on; without it, this thread does, and entries only the worker had are
 * left out (they are made again next time).
 */
function write(file: string, head: string, parts: readonly string[], theirs: readonly number[]): void {
  if (!writeInWorker(file, head, parts, '}}', theirs)) writeFileAtomicSoon(file, asciiOnly(`${head}${parts.join(',')}}}`));
}

/**
 * JSON text with each character past ASCII written as an escape (`\u00e5`): the same JSON, in a
 * file that cacheText reads without decoding UTF-8 (a tenth of the time for a 50 MB cache).
 */
export function asciiOnly(json: string): string {
  return HAS_NON_ASCII.test(json) ? json.replace(NON_ASCII, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : json;
}
const HAS_NON_ASCII = /[^\u0000-\u007f]/;
const NON_ASCII = /[^\u0000-\u007f]/g;

/** A cache file's text: all ASCII (as asciiOnly writes it) is taken byte for byte; anything else is decoded as UTF-8. */
function cacheText(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

/** One entry of a cache file as JSON text (`"path":{...}`), for ParseCache.save's `made`. */
export const entryText = (path: string, entryJson: string): string => `${JSON.stringify(path)}:${entryJson}`;

/** A file's problems as an entry keeps them: without the path, which is the entry's key. */
export const entryProblems = (problems: readonly Problem[]): Omit<Problem, 'path'>[] => problems.map(({ path: _p, ...rest }) => rest);

/** An entry's problems as a file's again, at `path` (entryProblems, undone). */
export const entryProblemsAt = (entry: CacheEntry<unknown>, path: string): Problem[] => entry.p.map((p) => ({ ...p, path }));
