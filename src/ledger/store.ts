/**
 * The generic record store: every kind is read, looked up and written the same way, driven by
 * the kind table in model/kinds.ts. Records keep their source text so edits can be spliced.
 */
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CrispError } from '../errors.js';
import { KINDS, KIND_NAMES, recordPath, type KindName } from '../model/kinds.js';
import { problem, type Problem } from '../model/problems.js';
import { MAX_FILE_BYTES, parseRecordText } from './codec.js';

export interface LedgerRecord {
  kind: KindName;
  id: string;
  /** Relative to the ledger root, with `/`. */
  path: string;
  data: Record<string, unknown>;
  body: string;
  text: string;
  lineOf: (path: readonly (string | number)[]) => number;
  /** Problems found while reading (parse level); schema checks are the validator's. */
  problems: Problem[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Read one ledger file safely: no symlinks, a size cap, UTF-8 only, no binary. */
export function readLedgerFile(root: string, path: string): { text?: string; problem?: Problem } {
  const abs = join(root, path);
  const st = lstatSync(abs);
  if (st.isSymbolicLink()) {
    return { problem: problem('error', path, 1, 'symlink', 'ledger files may not be symbolic links', 'replace the link with the file itself') };
  }
  if (st.size > MAX_FILE_BYTES) {
    return { problem: problem('error', path, 1, 'file-too-large', `file is ${Math.round(st.size / 1024)} KiB; the cap is ${MAX_FILE_BYTES / 1024} KiB`, 'move long prose out of the ledger, or split the record') };
  }
  const bytes = readFileSync(abs);
  if (bytes.includes(0)) {
    return { problem: problem('error', path, 1, 'binary-file', 'file holds binary data (a NUL byte)', 'ledger records are UTF-8 text') };
  }
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    return { problem: problem('error', path, 1, 'invalid-utf8', 'file is not valid UTF-8', 're-save it as UTF-8') };
  }
}

export function parseLedgerRecord(kind: KindName, id: string, path: string, text: string): LedgerRecord {
  const parsed = parseRecordText(text, path);
  return { kind, id, path, text, ...parsed };
}

function loadRecord(root: string, kind: KindName, id: string, path: string): LedgerRecord {
  const { text, problem: p } = readLedgerFile(root, path);
  if (text === undefined) return { kind, id, path, text: '', data: {}, body: '', lineOf: () => 1, problems: [p!] };
  return parseLedgerRecord(kind, id, path, text);
}

/** Ids of records of a kind, from the file names on disk. */
function listIds(root: string, kind: KindName): { id: string; path: string }[] {
  const spec = KINDS[kind];
  const dir = join(root, spec.folder);
  if (!existsSync(dir)) return [];
  const out: { id: string; path: string }[] = [];
  for (const ent of readdirSync(dir, { withFileTypes: true })) {
    if (ent.name.startsWith('.')) continue;
    if (spec.nested) {
      if (ent.isDirectory() && existsSync(join(dir, ent.name, spec.nested))) out.push({ id: ent.name, path: recordPath(kind, ent.name) });
    } else if ((ent.isFile() || ent.isSymbolicLink()) && ent.name.endsWith('.md')) {
      out.push({ id: ent.name.slice(0, -3), path: `${spec.folder}/${ent.name}` });
    }
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export class Ledger {
  private readonly cache = new Map<KindName, LedgerRecord[]>();
  constructor(readonly root: string) {}

  all(kind: KindName): LedgerRecord[] {
    let recs = this.cache.get(kind);
    if (!recs) {
      recs = listIds(this.root, kind).map(({ id, path }) => loadRecord(this.root, kind, id, path));
      this.cache.set(kind, recs);
    }
    return recs;
  }

  everything(): LedgerRecord[] {
    return KIND_NAMES.flatMap((k) => this.all(k));
  }

  get(kind: KindName, id: string): LedgerRecord | undefined {
    return this.all(kind).find((r) => r.id === id);
  }

  /** Forget what was read (after a write), so the next read sees the disk. */
  invalidate(kind?: KindName): void {
    if (kind) this.cache.delete(kind);
    else this.cache.clear();
  }

  /**
   * Find a record by id or unique id prefix among the given kinds. Unknown: "did you mean";
   * ambiguous: the candidates. Both exit 1 (the ledger says no).
   */
  find(kinds: KindName | readonly KindName[], ref: string): LedgerRecord {
    const list = (Array.isArray(kinds) ? kinds : [kinds]) as KindName[];
    const words = list.map((k) => KINDS[k].label).join(' or ');
    if (!ref || ref.startsWith('-') || ref.includes('/') || ref.includes('..')) {
      throw new CrispError('bad-id', `"${ref}" is not a valid id`, { hint: 'ids are lowercase words joined by "-", like acme-lms-7f3k' });
    }
    const pool = list.flatMap((k) => this.all(k));
    const exact = pool.filter((r) => r.id === ref);
    if (exact.length === 1) return exact[0]!;
    const prefixed = pool.filter((r) => r.id.startsWith(ref));
    if (prefixed.length === 1) return prefixed[0]!;
    if (prefixed.length > 1) {
      throw new CrispError('ambiguous-id', `"${ref}" matches ${prefixed.length} ${list.length === 1 ? KINDS[list[0]!].plural : 'records'}`, {
        hint: 'type more of the id',
        details: prefixed.slice(0, 10).map((r) => `${r.id}  ${String(r.data[KINDS[r.kind].titleField] ?? '')}`),
      });
    }
    const near = closest(ref, pool.map((r) => r.id));
    throw new CrispError('unknown-id', `no ${words} "${ref}"`, {
      hint: near.length ? `did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : `list them with \`crisp ${list[0]} list\``,
    });
  }
}

/** Ids close to `ref`: containing it, or within a small edit distance. */
function closest(ref: string, ids: string[]): string[] {
  const scored = ids
    .map((id) => ({ id, d: id.includes(ref) ? 0 : editDistance(ref, id.slice(0, Math.max(ref.length, id.lastIndexOf('-')))) }))
    .filter((x) => x.d <= Math.max(2, Math.floor(ref.length / 3)))
    .sort((a, b) => a.d - b.d || a.id.localeCompare(b.id));
  return scored.slice(0, 3).map((x) => x.id);
}

function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}
