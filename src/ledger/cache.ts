/**
 * The parse cache under `.crisp/cache/`: what a record file parsed to, keyed by its git blob id, so
 * a warm `validate` or `lead list` reads one JSON file per kind instead of parsing every record.
 * Derived data only: versioned, written atomically, safe to delete, and never trusted when stale
 * (an entry is used only when the file's current blob id equals the one it was made from).
 */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Problem } from '../model/problems.js';
import { writeFileAtomicSoon } from './files.js';
import { writeInWorker } from './parse-pool.js';

/** Bump when what is cached changes shape or meaning (parser, schemas, checks). */
const FORMAT = 1;

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

export class ParseCache<D = Record<string, unknown>> {
  private readonly file: string;
  private entries: Record<string, CacheEntry<D>> = {};

  /** `name`: the kind (`lead`), or a kind and what is derived from its records (`lead.list`). */
  constructor(root: string, name: string, private readonly version: string) {
    this.file = join(root, '.crisp', 'cache', `${name}.json`);
    try {
      const data = JSON.parse(readFileSync(this.file, 'utf8')) as CacheFile<D>;
      if (data.format === FORMAT && data.version === version && data.entries && typeof data.entries === 'object') this.entries = data.entries;
    } catch {
      /* no cache, or an unreadable one: start empty */
    }
  }

  get(path: string, blob: string): CacheEntry<D> | undefined {
    const e = this.entries[path];
    return e && e.b === blob ? e : undefined;
  }

  /**
   * Replace the cache with exactly these entries (entries of files that are gone drop out), plus
   * those in `more`: entries already written as JSON (`"path":{...}`, see entryText), spliced in as
   * they are instead of being turned into objects and back.
   */
  save(entries: Record<string, CacheEntry<D>>, more: readonly string[] = []): void {
    try {
      const parts = [JSON.stringify(entries).slice(1, -1), ...more].filter(Boolean);
      const head = `{"format":${FORMAT},"version":${JSON.stringify(this.version)},"entries":{`;
      // A big cache is joined and written by the parse worker, if one is up, while this thread goes on.
      if (!writeInWorker(this.file, head, parts, '}}')) writeFileAtomicSoon(this.file, `${head}${parts.join(',')}}}`);
    } catch {
      rmSync(this.file, { force: true });
    }
  }
}

/** One entry of a cache file as JSON text (`"path":{...}`), for ParseCache.save's `more`. */
export const entryText = (path: string, entryJson: string): string => `${JSON.stringify(path)}:${entryJson}`;
