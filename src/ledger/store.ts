/**
 * The generic record store: every kind is read, looked up and written the same way, driven by
 * the kind table in model/kinds.ts.
 *
 * Reading a whole kind goes through the parse cache when the ledger is a git work tree: git says
 * which blob each file holds (and which few files differ from the index), and only files whose
 * blob the cache has not seen are read and parsed. A lookup of one exact id reads just that file.
 * A record's text, body and line numbers are read lazily, so bulk reads hold only the data.
 */
import { closeSync, constants, existsSync, fstatSync, lstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { CrispError } from '../errors.js';
import { indexEntries, scanWorktree, scanWorktreeAsync, takeWorktreeScan, type WorktreeScan } from '../git/index.js';
import { DERIVED_FOLDER, scanFolders } from '../model/folders.js';
import { KINDS, KIND_NAMES, recordPath, type KindName } from '../model/kinds.js';
import { problem, type Problem } from '../model/problems.js';
import { crispVersion } from '../version.js';
import { bunEventFromEntry, bunEventPaths, isEventName, makeBunEvent, readBunEvents, type BunEventFile } from './bun-log.js';
import { blobId, cacheFile, entryProblemsAt, entryText, fewChanged, ParseCache, type CacheEntry } from './cache.js';
import { frontmatterKeyLine, MAX_FILE_BYTES, parseRecordText, type ParsedRecord } from './codec.js';
import { linkedFolderOn } from './files.js';
import { BUN_EVENT, makeEntry, type EntryJob } from './parse-entry.js';
import { shareJobs, warmParseWorker, warmParseWorkerFor } from './parse-pool.js';
import { byText } from '../domain/order.js';

export interface LedgerRecord {
  kind: KindName;
  id: string;
  /** Relative to the ledger root, with `/`. */
  path: string;
  data: Record<string, unknown>;
  readonly body: string;
  readonly text: string;
  lineOf: (path: readonly (string | number)[]) => number;
  /** Problems found while reading (parse level). */
  problems: Problem[];
  /** Parse and schema problems of the record on its own (`checkRecord`), when already known. */
  checked?: Problem[];
}

// ignoreBOM keeps a byte order mark in the text, so an edit writes it back (hand edits survive).
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export interface ReadOptions {
  /** Only the frontmatter, through its closing line, becomes `text` (all of it when there is none): what a bulk read parses. */
  head?: boolean;
  /**
   * The file is one git lists as tracked and unchanged. git reports a tracked file behind a folder
   * that is now a symbolic link as deleted (it checks every path's leading folders), so no folder
   * on this path is a link and the check is not repeated here.
   */
  gitClean?: boolean;
}

/** The buffer bulk reads go through (no allocation per file); one per thread. */
let scratch: Buffer | undefined;

/**
 * Read one ledger file safely: no symlinks, a size cap, UTF-8 only, no binary. With `head`, the
 * whole file is checked the same way but `text` is only its frontmatter; the body is never turned
 * into a string, and the values parsed out of the frontmatter do not keep the whole file's text
 * alive. With `head` or `gitClean` the file is read through one reused buffer, so `bytes` is not
 * returned: a caller that hashes them reads without these options.
 */
export function readLedgerFile(root: string, path: string, opts: ReadOptions = {}): { text?: string; bytes?: Buffer; problem?: Problem } {
  const linked = opts.gitClean ? undefined : linkedFolderOn(root, path);
  if (linked) {
    return { problem: problem('error', path, 1, 'symlink', `folder ${linked} is a symbolic link, so crisp will not read or write through it`, `replace the link ${linked} with a real folder`) };
  }
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO named like a record must not hang the reader (it is refused below).
    fd = openSync(`${root}/${path}`, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') {
      return { problem: problem('error', path, 1, 'symlink', 'ledger files may not be symbolic links', 'replace the link with the file itself') };
    }
    throw e;
  }
  const transient = opts.head || opts.gitClean;
  let bytes: Buffer | undefined;
  let refused: Problem | undefined;
  try {
    if (transient) bytes = readInto((scratch ??= Buffer.allocUnsafe(MAX_FILE_BYTES + 1)), fd);
    // A read that fails or fills the buffer, or finds nothing, is looked at closer: a folder, a
    // FIFO or a device is not a record, and a regular file may be too large (or empty).
    if (!bytes || bytes.length === 0 || bytes.length > MAX_FILE_BYTES) {
      const st = fstatSync(fd);
      if (!st.isFile()) refused = problem('error', path, 1, 'not-a-file', 'this is not a regular file', 'ledger records are plain text files');
      else if (st.size > MAX_FILE_BYTES) refused = problem('error', path, 1, 'file-too-large', `file is ${Math.round(st.size / 1024)} KiB; the cap is ${MAX_FILE_BYTES / 1024} KiB`, 'move long prose out of the ledger, or split the record');
      else if (!bytes || bytes.length > MAX_FILE_BYTES) bytes = readInto(Buffer.allocUnsafe(st.size), fd, false);
    }
  } finally {
    closeSync(fd);
  }
  if (refused) return { problem: refused };
  const read = decodeLedgerBytes(path, bytes!, opts.head);
  return transient ? { text: read.text, problem: read.problem } : read;
}

/**
 * Read an open file from its start into `into` until it is full or the file ends: the part read.
 * A read that fails is undefined when `quiet` (a folder, EISDIR, or a FIFO with a writer, EAGAIN:
 * the caller's fstat tells), and throws otherwise.
 */
function readInto(into: Buffer, fd: number, quiet = true): Buffer | undefined {
  let off = 0;
  try {
    while (off < into.length) {
      const n = readSync(fd, into, off, into.length - off, off);
      if (n === 0) break;
      off += n;
    }
  } catch (e) {
    if (quiet) return undefined;
    throw e;
  }
  return into.subarray(0, off);
}

/** A ledger file's bytes as text (from disk or from a git commit): UTF-8 only, no binary, a size cap. */
export function decodeLedgerBytes(path: string, bytes: Buffer, head = false): { text?: string; bytes?: Buffer; problem?: Problem } {
  if (bytes.length > MAX_FILE_BYTES) {
    return { problem: problem('error', path, 1, 'file-too-large', `file is ${Math.round(bytes.length / 1024)} KiB; the cap is ${MAX_FILE_BYTES / 1024} KiB`, 'move long prose out of the ledger, or split the record') };
  }
  if (bytes.includes(0)) {
    return { bytes, problem: problem('error', path, 1, 'binary-file', 'file holds binary data (a NUL byte)', 'ledger records are UTF-8 text') };
  }
  try {
    if (head) {
      if (!isUtf8(bytes)) throw new Error('not UTF-8');
      const end = frontmatterEnd(bytes);
      if (end !== -1) return { bytes, text: utf8.decode(bytes.subarray(0, end)) };
    }
    return { bytes, text: utf8.decode(bytes) };
  } catch {
    return { bytes, problem: problem('error', path, 1, 'invalid-utf8', 'file is not valid UTF-8', 're-save it as UTF-8') };
  }
}

/**
 * The byte just past the first line after the first that is `---` or `...` (then spaces or tabs,
 * a CR), or -1: where codec.ts `splitFile` ends the frontmatter. It may find an earlier end (it
 * also splits lines at a lone CR), which lies inside this prefix all the same.
 */
export function frontmatterEnd(bytes: Buffer): number {
  let end = bytes.indexOf(10);
  while (end !== -1) {
    const start = end + 1;
    end = bytes.indexOf(10, start);
    const stop = end === -1 ? bytes.length : end;
    const c = bytes[start];
    if ((c === 45 || c === 46) && bytes[start + 1] === c && bytes[start + 2] === c) {
      let i = start + 3;
      while (i < stop && (bytes[i] === 32 || bytes[i] === 9)) i++;
      if (i === stop || (i === stop - 1 && bytes[i] === 13)) return end === -1 ? bytes.length : end + 1;
    }
  }
  return -1;
}

export class StoredRecord implements LedgerRecord {
  checked?: Problem[];
  constructor(
    readonly kind: KindName,
    readonly id: string,
    readonly path: string,
    readonly data: Record<string, unknown>,
    readonly problems: Problem[],
    private readonly root: string | undefined,
    private _text?: string,
    private _parsed?: ParsedRecord,
  ) {}

  get text(): string {
    if (this._text === undefined) this._text = (this.root !== undefined && readLedgerFile(this.root, this.path).text) || '';
    return this._text;
  }

  private get parsed(): ParsedRecord {
    return (this._parsed ??= parseRecordText(this.text, this.path));
  }

  get body(): string {
    return this.problems.length ? '' : this.parsed.body;
  }

  lineOf = (p: readonly (string | number)[]): number => {
    if (this.problems.length) return this.problems[0]!.line;
    // A top-level field of a record made from its cache entry (a warning's line, say): a line
    // scan of the file finds it without parsing the file again.
    if (!this._parsed && p.length === 1 && typeof p[0] === 'string' && Object.hasOwn(this.data, p[0])) {
      const line = frontmatterKeyLine(this.text, p[0]);
      if (line !== undefined) return line;
    }
    return this.parsed.lineOf(p);
  };
}

/** A record from its text (for a file about to be written, or one read on its own). */
export function parseLedgerRecord(kind: KindName, id: string, path: string, text: string): LedgerRecord {
  const parsed = parseRecordText(text, path);
  return new StoredRecord(kind, id, path, parsed.data, parsed.problems, undefined, text, parsed);
}

function loadRecord(root: string, kind: KindName, id: string, path: string, read = readLedgerFile(root, path)): LedgerRecord {
  const { text, problem: p } = read;
  if (text === undefined) return new StoredRecord(kind, id, path, {}, [p!], root, '');
  const parsed = parseRecordText(text, path);
  return new StoredRecord(kind, id, path, parsed.data, parsed.problems, root, text, parsed);
}

/**
 * The files of one kind and their ids, by listing its folder (no reads): also what shell
 * completion offers. A nested kind's file is there when git's scan `tree` lists it as tracked and
 * not deleted; else the disk is asked.
 */
export function listFiles(root: string, kind: KindName, tree?: WorktreeScan | null): { path: string; id: string }[] {
  const spec = KINDS[kind];
  const dir = join(root, spec.folder);
  // A linked folder is never listed (validate reports the link itself).
  if (!existsSync(dir) || linkedFolderOn(root, `${spec.folder}/x`)) return [];
  const out: { path: string; id: string }[] = [];
  for (const ent of readdirSync(dir, { withFileTypes: true })) {
    const name = ent.name;
    if (name.startsWith('.')) continue;
    if (spec.nested) {
      const path = recordPath(kind, name);
      const present = tree ? tree.tracked.has(path) && !tree.deleted.has(path) : false;
      if (ent.isDirectory() && (present || existsSync(join(root, path)))) out.push({ path, id: name });
    } else if (!ent.isDirectory() && name.endsWith('.md')) {
      out.push({ path: `${spec.folder}/${name}`, id: name.slice(0, -3) });
    }
  }
  return out;
}

/** A scan git answered, or null: no git here, or git failed (then every file is read). */
const scanOrNull = (scan: Promise<WorktreeScan | undefined>): Promise<WorktreeScan | null> => scan.then((s) => s ?? null, () => null);

const byId = (a: LedgerRecord, b: LedgerRecord) => byText(a.id, b.id);

export class Ledger {
  private readonly cache = new Map<KindName, LedgerRecord[]>();
  private readonly index = new Map<KindName, Map<string, LedgerRecord>>();
  private readonly single = new Map<string, LedgerRecord | null>();
  /** git's view of one kind's folder (or of all of them, key `*`) and of the whole work tree; null without git. */
  private readonly scans = new Map<string, WorktreeScan | null>();
  private fullScan?: WorktreeScan | null;
  /** Every bun's event files by bun id, once read in bulk; null: read per bun (no git). */
  private events?: Map<string, BunEventFile[]> | null;

  private derivedInGit?: string[];

  constructor(readonly root: string, private readonly useCache = true) {}

  /** Tracked files under `.crisp/` (derived data must never come from a commit). */
  committedDerivedFiles(): string[] {
    if (this.derivedInGit === undefined) this.indexed();
    return this.derivedInGit ?? [];
  }

  /**
   * The index's blob ids for a kind's files (or every kind's), asked of git once per Ledger;
   * null without git, or when derived data came from git (then every file is read).
   */
  private indexed(kind?: KindName): WorktreeScan | null {
    const key = this.scanKey(kind);
    if (!this.scans.has(key)) {
      let scan: WorktreeScan | null = null;
      try {
        scan = this.useCache ? (this.fullScan ?? scanWorktree(this.root, scanFolders(kind)) ?? null) : null;
      } catch {
        scan = null;
      }
      this.adoptScan(key, scan);
    }
    return this.scans.get(key)!;
  }

  /** Which scan serves a kind: a wider one already made serves it too. */
  private scanKey(kind?: KindName): string {
    return this.fullScan ? '.' : this.scans.has('*') ? '*' : (kind ?? '*');
  }

  private adoptScan(key: string, scan: WorktreeScan | null): void {
    // Derived data that came from git (a pull request can force-add `.crisp/cache/*.json`)
    // would let a crafted cache vouch for records it never checked: then read everything.
    if (scan) this.derivedInGit = [...scan.tracked.keys()].filter(isDerivedPath);
    this.scans.set(key, this.derivedInGit?.length ? null : scan);
  }

  /**
   * Start git's scan of the whole work tree now, its listings side by side, while the caller does
   * other work; the ledger then uses it (see worktree()). A failed scan is taken as no git.
   */
  async scanAhead(): Promise<void> {
    if (this.fullScan !== undefined) return;
    this.warmIfCold();
    const scan = await scanOrNull(takeWorktreeScan(this.root));
    this.fullScan ??= scan;
  }

  /**
   * Start the parse worker now, while git scans, when the whole ledger is about to be read cold:
   * no parse cache of leads (the most numerous kind), and git's index holds thousands of files.
   * Starting it takes the worker ~0.07 s, which then overlaps the scan instead of the batch's start.
   */
  private warmIfCold(): void {
    if (!this.useCache || existsSync(cacheFile(this.root, 'lead'))) return;
    warmParseWorkerFor(indexEntries(this.root));
  }

  /** Parse caches read by prepare(), each waiting for the first load that wants it. */
  private readonly preread = new Map<string, ParseCache<unknown>>();

  /**
   * For a command that reads whole kinds (one, or every kind): git's scan of their folders runs
   * on another core while these parse caches (a kind, or a derivation such as `lead.list-1`) are
   * read here, so neither waits for the other. Measured: `lead list` at 50k ~13 % faster; the
   * reports no slower (bench/README.md).
   */
  async prepare(kind: KindName | 'all', caches: readonly string[]): Promise<void> {
    if (!this.useCache) return;
    const of = kind === 'all' ? undefined : kind;
    const key = this.scanKey(of);
    // Bun events are listed from git's scan when it names untracked files too (see eventBlobs).
    const untracked = caches.includes(BUN_EVENT);
    const pending = this.scans.has(key) || key === '.' ? undefined : scanOrNull(scanWorktreeAsync(this.root, scanFolders(of), { untracked }));
    for (const name of caches) if (!this.preread.has(name)) this.preread.set(name, new ParseCache(this.root, name, crispVersion()));
    if (!pending) return;
    const scan = await pending;
    if (!this.scans.has(key)) this.adoptScan(key, scan);
  }

  /** The parse cache `name`, as prepare() read it or from disk now; taken once. */
  private parseCache<D>(name: string): ParseCache<D> {
    const read = this.preread.get(name) as ParseCache<D> | undefined;
    this.preread.delete(name);
    return read ?? new ParseCache<D>(this.root, name, crispVersion());
  }

  /** Every file of the work tree that git does not ignore, with untracked ones; undefined without git. */
  private worktree(): WorktreeScan | undefined {
    if (this.fullScan === undefined) {
      try {
        this.fullScan = scanWorktree(this.root, ['.'], { untracked: true }) ?? null;
      } catch {
        this.fullScan = null;
      }
    }
    return this.fullScan ?? undefined;
  }

  /**
   * The files git sees in the ledger (tracked and present, or untracked and not ignored), and
   * those of them that are symbolic links; undefined without git. What `validate` checks the
   * layout against, without walking every folder.
   */
  files(): { paths: string[]; links: string[] } | undefined {
    const scan = this.worktree();
    if (!scan) return undefined;
    const paths = [...scan.tracked.keys()].filter((p) => !scan.deleted.has(p)).concat([...scan.untracked!]);
    // A link is whatever the index holds as one, or a file that changed (or is new) and is one now.
    const links = new Set([...scan.links].filter((p) => !scan.deleted.has(p) && !scan.modified.has(p)));
    for (const p of [...scan.modified, ...scan.untracked!]) {
      try {
        if (lstatSync(join(this.root, p)).isSymbolicLink()) links.add(p);
      } catch {
        /* gone meanwhile */
      }
    }
    return { paths, links: [...links] };
  }

  all(kind: KindName): LedgerRecord[] {
    if (!this.cache.has(kind)) this.load([kind], false);
    return this.cache.get(kind)!;
  }

  /**
   * A bun's event files, in name order. The first call reads every bun's at once, through the
   * parse cache (without git, each bun's folder is read when asked for).
   */
  bunEvents(bunId: string): BunEventFile[] {
    if (this.events === undefined) this.load([], true);
    return this.events ? (this.events.get(bunId) ?? []) : readBunEvents(this.root, bunId);
  }

  /** Each file of a kind and the blob id it holds now (read and hashed only when git does not know it). */
  private blobs(kind: KindName, tree: WorktreeScan): { path: string; id: string; blob: string; read?: ReturnType<typeof readLedgerFile> }[] {
    const out = [];
    for (const { path, id } of listFiles(this.root, kind, tree)) {
      const file = this.blobOf(path, tree);
      if (file.blob) out.push({ path, id, ...file });
    }
    return out;
  }

  /**
   * A file's blob id: the index's when git says the file is unchanged; else (changed, untracked,
   * or one git takes as deleted, as it does a file behind a linked folder) it is read and hashed
   * here. '' when it is gone.
   */
  private blobOf(path: string, tree: WorktreeScan): { blob: string; read?: ReturnType<typeof readLedgerFile> } {
    const blob = tree.modified.has(path) || tree.deleted.has(path) ? undefined : tree.tracked.get(path);
    if (blob) return { blob };
    if (!existsSync(join(this.root, path))) return { blob: '' };
    const read = readLedgerFile(this.root, path);
    return { blob: read.bytes ? blobId(read.bytes) : `unreadable:${path}`, read };
  }

  /**
   * Read whole kinds (and, with `events`, every bun's event files) through the parse cache: files
   * it has not seen are parsed and checked on two cores in one batch (parse-pool.ts), and each
   * cache that missed any is written anew.
   */
  private load(kinds: readonly KindName[], events: boolean): void {
    const tree = this.indexed(kinds.length === 1 ? kinds[0] : kinds.length ? undefined : 'bun');
    if (!tree) {
      for (const kind of kinds) this.setKind(kind, listFiles(this.root, kind).map(({ path, id }) => loadRecord(this.root, kind, id, path)));
      if (events) this.events = null;
      return;
    }
    const caches: { cache: ParseCache; hits: Record<string, CacheEntry>; made: string[]; theirs: number[]; misses: number }[] = [];
    const records = new Map<KindName, LedgerRecord[]>(kinds.map((k) => [k, []]));
    const eventsByBun = new Map<string, BunEventFile[]>();
    const jobs: (EntryJob & { at: number; read?: ReturnType<typeof readLedgerFile> })[] = [];
    const take = (name: string, files: ReturnType<Ledger['blobs']>, kind: EntryJob['kind'], hit: (file: (typeof files)[number], entry: CacheEntry) => void) => {
      const cache = this.parseCache<Record<string, unknown>>(name);
      const at = caches.push({ cache, hits: {}, made: [], theirs: [], misses: 0 }) - 1;
      for (const file of files) {
        const entry = cache.get(file.path, file.blob);
        if (entry) {
          caches[at]!.hits[file.path] = entry;
          hit(file, entry);
        } else {
          caches[at]!.misses++;
          jobs.push({ kind, id: file.id, path: file.path, blob: file.blob, at, read: file.read });
        }
      }
      // Most of a first kind unparsed: the batch will be big, so the worker starts loading now.
      warmParseWorker(caches[at]!.misses);
    };
    for (const kind of kinds) take(kind, this.blobs(kind, tree), kind, (f, entry) => records.get(kind)!.push(recordFromEntry(this.root, kind, f.id, f.path, entry)));
    const addEvent = (bun: string, file: BunEventFile) => (eventsByBun.get(bun) ?? eventsByBun.set(bun, []).get(bun)!).push(file);
    if (events) take(BUN_EVENT, this.eventBlobs(tree), BUN_EVENT, (f, entry) => addEvent(f.id, bunEventFromEntry(this.root, f.path, entry)));

    // The few files read already (git does not know their content) stay on this thread.
    const shared = jobs.filter((j) => !j.read);
    const mine = (job: (typeof jobs)[number]) => {
      if (job.kind === BUN_EVENT) {
        const { file, entry } = makeBunEvent(this.root, job.path, job.blob.startsWith('unreadable:') ? undefined : job.blob, job.read);
        addEvent(job.id, file);
        if (entry) caches[job.at]!.made.push(entryText(job.path, JSON.stringify(entry)));
      } else {
        const { record, entry } = makeEntry(this.root, job as typeof job & { kind: KindName }, job.read);
        records.get(job.kind)!.push(record);
        if (entry) caches[job.at]!.made.push(entryText(job.path, JSON.stringify(entry)));
      }
    };
    shareJobs(
      this.root,
      shared.map(({ kind, id, path, blob }) => ({ kind, id, path, blob })),
      (i) => mine(shared[i]!),
      (i, json) => {
        const job = shared[i]!;
        const entry = JSON.parse(json) as CacheEntry;
        if (job.kind === BUN_EVENT) addEvent(job.id, bunEventFromEntry(this.root, job.path, entry));
        else records.get(job.kind)!.push(recordFromEntry(this.root, job.kind, job.id, job.path, entry));
        // The worker keeps the entry's text for the cache file (see ParseCache.save).
        caches[job.at]!.theirs.push(i);
      },
    );
    jobs.filter((j) => j.read).forEach(mine);
    for (const { cache, hits, made, theirs, misses } of caches) if (misses > 0) cache.save(hits, made, theirs);
    for (const [kind, recs] of records) this.setKind(kind, recs);
    if (events) {
      for (const list of eventsByBun.values()) list.sort((a, b) => byText(a.path, b.path));
      this.events = eventsByBun;
    }
  }

  /** Record files read so far that do not parse (lists and reports leave them out; see unreadable()). */
  private readonly broken = new Set<string>();

  /** The record files this ledger has read so far that do not parse, sorted. */
  unreadable(): string[] {
    return [...this.broken].sort(byText);
  }

  private setKind(kind: KindName, recs: LedgerRecord[]): void {
    for (const r of recs) if (r.problems.length) this.broken.add(r.path);
    recs.sort(byId);
    this.cache.set(kind, recs);
    this.index.set(kind, new Map(recs.map((r) => [r.id, r])));
  }

  /**
   * Every bun's event files as git sees them (tracked and present, or untracked and not ignored)
   * with their blob ids; without git's list of untracked files, each bun's events folder is listed.
   */
  private eventBlobs(tree: WorktreeScan): ReturnType<Ledger['blobs']> {
    const paths: string[] = [];
    if (tree.untracked) {
      for (const list of [tree.tracked.keys(), tree.untracked]) for (const path of list) if (isEventPath(path) && !tree.deleted.has(path)) paths.push(path);
    } else {
      for (const bun of this.cache.get('bun') ?? listFiles(this.root, 'bun', tree)) {
        try {
          paths.push(...bunEventPaths(this.root, bun.id));
        } catch {
          /* an events folder that cannot be listed has no events to read */
        }
      }
    }
    return paths.map((path) => ({ path, id: path.split('/')[1]!, ...this.blobOf(path, tree) })).filter((f) => f.blob !== '');
  }

  /**
   * A small value worked out from each record of a kind that parsed (what a list shows of it),
   * cached by blob id beside the parse cache: a warm list reads these instead of every record's
   * data. `name` names the derivation (`lead.list`) and must change whenever `of` does. The few
   * files the summary cache has not seen (after an edit) are read on their own; when there are
   * many, the whole kind is read and every summary made afresh. A record `of` gives null for is
   * left out (so is one that does not parse).
   */
  summaries<T>(kind: KindName, name: string, of: (rec: LedgerRecord) => T | null): { id: string; path: string; value: T }[] {
    const fresh = () =>
      this.all(kind)
        .filter((r) => !r.problems.length)
        .map((r) => ({ id: r.id, path: r.path, value: of(r) }))
        .filter((x): x is { id: string; path: string; value: T } => x.value !== null);
    const tree = this.cache.has(kind) ? null : this.indexed(kind);
    if (!tree) return fresh();
    const files = this.blobs(kind, tree);
    const cache = this.parseCache<T | null>(name);
    const hits: Record<string, CacheEntry<T | null>> = {};
    const missed: typeof files = [];
    for (const file of files) {
      const hit = cache.get(file.path, file.blob);
      if (hit) hits[file.path] = hit;
      else missed.push(file);
    }
    const out: { id: string; path: string; value: T | null }[] = [];
    const made: string[] = [];
    // A summary of a file that does not parse is null with one problem, so a warm list still knows it left the file out.
    const keep = (path: string, blob: string | undefined, value: T | null, problems: readonly Problem[]) => {
      if (problems.length) this.broken.add(path);
      const p = problems.slice(0, 1).map(({ path: _, ...rest }) => rest);
      if (blob && !blob.startsWith('unreadable:')) made.push(entryText(path, JSON.stringify({ b: blob, d: value, p })));
    };
    if (missed.length && !fewChanged(missed.length, files.length)) {
      // Many files not seen yet: the whole kind is read (through its parse cache) and summed up afresh.
      const blobOf = new Map(files.map((f) => [f.path, f.blob]));
      for (const r of this.all(kind)) {
        const value = r.problems.length ? null : of(r);
        keep(r.path, blobOf.get(r.path), value, r.problems);
        out.push({ id: r.id, path: r.path, value });
      }
      cache.save({}, made);
    } else {
      // A few (after an edit, say): only those files are read.
      for (const { path, id } of files) {
        const hit = hits[path];
        if (!hit) continue;
        if (hit.p.length) this.broken.add(path);
        out.push({ id, path, value: hit.d });
      }
      for (const { path, id, blob, read } of missed) {
        const r = loadRecord(this.root, kind, id, path, read);
        const value = r.problems.length ? null : of(r);
        keep(path, blob, value, r.problems);
        out.push({ id, path, value });
      }
      if (missed.length) cache.save(hits, made);
    }
    return out.filter((x): x is { id: string; path: string; value: T } => x.value !== null).sort((a, b) => byText(a.id, b.id));
  }

  /**
   * A digest of every file of the ledger that git does not ignore (path and content, by blob id),
   * or undefined without git. Equal digests mean equal files, so anything computed from all of
   * them (records, bun events, templates, settings) can be reused.
   */
  fingerprint(): string | undefined {
    const scan = this.worktree();
    if (!scan) return undefined;
    const hash = createHash('sha1').update(scan.index);
    for (const path of [...scan.modified, ...scan.deleted, ...scan.untracked!].sort()) {
      const read = existsSync(join(this.root, path)) ? readLedgerFile(this.root, path) : undefined;
      hash.update(`${path}\0${read ? (read.bytes ? blobId(read.bytes) : read.problem?.code) : 'deleted'}\n`);
    }
    return hash.digest('hex');
  }

  /** Every record of every kind; with `bunEvents`, every bun's events are read in the same batch. */
  everything(opts: { bunEvents?: boolean } = {}): LedgerRecord[] {
    this.indexed();
    const missing = KIND_NAMES.filter((k) => !this.cache.has(k));
    const events = Boolean(opts.bunEvents) && this.events === undefined;
    if (missing.length || events) this.load(missing, events);
    return KIND_NAMES.flatMap((k) => this.all(k));
  }

  /** One record by exact id. Reads only that file unless the whole kind is already loaded. */
  get(kind: KindName, id: string): LedgerRecord | undefined {
    const loaded = this.index.get(kind);
    if (loaded) return loaded.get(id);
    const path = recordPath(kind, id);
    if (!this.single.has(path)) {
      const exists = /^[a-z0-9][a-z0-9-]*$/.test(id) && existsSync(join(this.root, path));
      this.single.set(path, exists ? loadRecord(this.root, kind, id, path) : null);
    }
    return this.single.get(path) ?? undefined;
  }

  /** Forget what was read (after a write), so the next read sees the disk. */
  invalidate(kind?: KindName): void {
    this.scans.clear();
    this.fullScan = undefined;
    this.derivedInGit = undefined;
    this.preread.clear();
    this.events = undefined;
    if (kind) {
      this.cache.delete(kind);
      this.index.delete(kind);
    } else {
      this.cache.clear();
      this.index.clear();
    }
    this.single.clear();
  }

  /**
   * Find a record by id or unique id prefix among the given kinds. Unknown: "did you mean";
   * ambiguous: the candidates. Both exit 1 (the ledger says no).
   */
  find(kinds: KindName | readonly KindName[], ref: string): LedgerRecord {
    const list = (Array.isArray(kinds) ? kinds : [kinds]) as KindName[];
    const anyKind = list.length === KIND_NAMES.length;
    const words = anyKind ? 'record' : list.map((k) => KINDS[k].label).join(' or ');
    if (!ref || ref.startsWith('-') || ref.includes('/') || ref.includes('..')) {
      throw new CrispError('bad-id', `"${ref}" is not a valid id`, { hint: 'ids are lowercase words joined by "-", like acme-lms-7f3k (see `crisp help ledger`)' });
    }
    const exact = list.map((k) => this.get(k, ref)).filter((r): r is LedgerRecord => Boolean(r));
    if (exact.length === 1) return exact[0]!;
    const pool = list.flatMap((k) => this.all(k));
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
      hint: near.length ? `did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : listHint(list, anyKind),
    });
  }
}

/** Where to look up the ids a command takes: one kind's list, each of a few kinds', or any kind's. */
function listHint(list: readonly KindName[], anyKind: boolean): string {
  if (anyKind) return `any record's id will do (${list.map((k) => KINDS[k].label).join(', ')}); \`crisp <kind> list\` shows them, e.g. \`crisp lead list\``;
  return `list them with ${list.map((k) => `\`crisp ${k} list\``).join(' or ')}`;
}

export { DERIVED_FOLDER };
const isDerivedPath = (p: string) => p === DERIVED_FOLDER || p.startsWith(`${DERIVED_FOLDER}/`);

/** A record as the parse cache remembers it: its problems on their own are known already. */
function recordFromEntry(root: string, kind: KindName, id: string, path: string, entry: CacheEntry): LedgerRecord {
  const checked = entryProblemsAt(entry, path);
  const rec = new StoredRecord(kind, id, path, entry.d, checked.filter((p) => isParseProblem(p.code)), root);
  rec.checked = checked;
  return rec;
}

const BUNS_PREFIX = `${KINDS.bun.folder}/`;

const isEventPath = (path: string): boolean => {
  // Most paths git lists are not under buns/ at all: those are answered without splitting.
  if (!path.startsWith(BUNS_PREFIX)) return false;
  const parts = path.split('/');
  return parts.length === 4 && parts[2] === 'events' && isEventName(parts[3]!);
};

/** Whether a problem code means the file did not parse (its data is empty). */
export const isParseProblem = (code: string): boolean => PARSE_CODES.has(code);

const PARSE_CODES = new Set([
  'symlink', 'not-a-file', 'file-too-large', 'binary-file', 'invalid-utf8', 'frontmatter-engine', 'no-frontmatter', 'no-frontmatter-end',
  'yaml-syntax', 'yaml-tab', 'yaml-duplicate-key', 'yaml-tag', 'yaml-alias', 'yaml-anchor', 'yaml-number', 'yaml-key',
  'control-character', 'not-a-map',
]);

/** Ids close to `ref`: containing it, or within a small edit distance. */
function closest(ref: string, ids: string[]): string[] {
  const scored = ids
    .map((id) => ({ id, d: id.includes(ref) ? 0 : editDistance(ref, id.slice(0, Math.max(ref.length, id.lastIndexOf('-')))) }))
    .filter((x) => x.d <= Math.max(2, Math.floor(ref.length / 3)))
    .sort((a, b) => a.d - b.d || byText(a.id, b.id));
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
