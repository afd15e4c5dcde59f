/**
 * What a valid ledger is, in one place. Every problem is collected (like bean-check): parse errors,
 * schema violations per field, unknown fields, broken references, duplicate ids, people sharing
 * an email, file name ≠ id, stage rules, files outside the known layout.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isValidId } from '../ledger/ids.js';
import type { Ledger, LedgerRecord } from '../ledger/store.js';
import { KINDS, kindOfPath, type KindName } from './kinds.js';
import { problem, type Problem } from './problems.js';
import { zodProblems } from './zod-problems.js';
import { schemaError } from './fast-check.js';
import { leadRules } from './lead-rules.js';
import { duplicateEmailProblem, emailKey, personRules } from './person-rules.js';
import { bunLogRules } from './bun-rules.js';
import { proposalRules } from './proposal-rules.js';
import { revenueRules } from './revenue-rules.js';
import { teamProblems } from './team-rules.js';

/** A reference from a field of one kind to records of other kinds. */
interface Reference {
  /** Field path inside the record; `*` walks every item of a list. */
  path: string[];
  to: KindName[];
}

const REFERENCES: Partial<Record<KindName, Reference[]>> = {
  person: [{ path: ['roles', '*', 'client'], to: ['client'] }],
  client: [
    { path: ['owner'], to: ['person'] },
    { path: ['coach'], to: ['person'] },
    { path: ['happiness', '*', 'by'], to: ['person'] },
  ],
  lead: [
    { path: ['client'], to: ['client'] },
    { path: ['owner'], to: ['person'] },
    { path: ['touches', '*', 'by'], to: ['person'] },
    { path: ['stage_history', '*', 'by'], to: ['person'] },
    { path: ['previous'], to: ['lead'] },
  ],
  discovery: [
    { path: ['lead'], to: ['lead'] },
    { path: ['assignee'], to: ['person'] },
    { path: ['assessed_by'], to: ['person'] },
  ],
  proposal: [
    { path: ['lead'], to: ['lead'] },
    { path: ['discovery'], to: ['discovery'] },
    { path: ['sent', '*', 'by'], to: ['person'] },
    { path: ['signed', 'by'], to: ['person'] },
    { path: ['lost', 'by'], to: ['person'] },
  ],
  bun: [
    { path: ['received_by'], to: ['person'] },
    { path: ['client'], to: ['client'] },
    { path: ['lead'], to: ['lead'] },
  ],
  revenue: [{ path: ['person'], to: ['person'] }],
};

/** Extra per-kind rules that need more than the schema (a won lead needs a client, ...). */
export type RecordRule = (rec: LedgerRecord, ledger: Ledger, opts: { now?: Date }) => Problem[];
const RULES: Partial<Record<KindName, RecordRule[]>> = {
  lead: [leadRules],
  person: [personRules],
  bun: [bunLogRules],
  proposal: [proposalRules],
  revenue: [revenueRules],
};

/**
 * Report each string at the reference's path (`*` stands for each item of a list) that names no
 * record of its kinds. `at` is where the walk is, shared: copied only for a problem. This runs for
 * every reference of every record, so it makes no function per value.
 */
function walkReference(value: unknown, ref: Reference, rec: LedgerRecord, ledger: Ledger, out: Problem[], depth = 0, at: (string | number)[] = []): void {
  const path = ref.path;
  if (depth === path.length) {
    if (typeof value === 'string' && !namesRecord(ledger, ref.to, value)) out.push(brokenReference(rec, ref, at.slice(), value));
    return;
  }
  const head = path[depth]!;
  if (head === '*') {
    if (!Array.isArray(value)) return;
    for (let i = 0; i < value.length; i++) {
      at.push(i);
      walkReference(value[i], ref, rec, ledger, out, depth + 1, at);
      at.pop();
    }
    return;
  }
  if (value === null || typeof value !== 'object') return;
  at.push(head);
  walkReference((value as Record<string, unknown>)[head], ref, rec, ledger, out, depth + 1, at);
  at.pop();
}

function namesRecord(ledger: Ledger, kinds: readonly KindName[], id: string): boolean {
  for (const kind of kinds) if (ledger.get(kind, id)) return true;
  return false;
}

function brokenReference(rec: LedgerRecord, ref: Reference, at: (string | number)[], value: string): Problem {
  const what = ref.to.map((k) => KINDS[k].label).join(' or ');
  return problem('error', rec.path, rec.lineOf(at), 'broken-reference', `${at.join('.')} names ${what} "${value}", which does not exist`, `fix the id, or add the ${what} (crisp ${ref.to[0]} list shows them)`);
}

const fieldsByKind = new Map<KindName, Set<string>>();
/** The fields a kind's schema names (asked once per record, so made once per kind). */
function knownFields(kind: KindName): Set<string> {
  let fields = fieldsByKind.get(kind);
  if (!fields) fieldsByKind.set(kind, (fields = new Set(Object.keys(KINDS[kind].schema.shape))));
  return fields;
}

/** Problems of one record on its own: parse, schema, unknown fields, id = file name, kind rules. */
export function checkRecord(rec: LedgerRecord): Problem[] {
  if (rec.problems.length) return rec.problems;
  const out: Problem[] = [];
  const spec = KINDS[rec.kind];
  if (!(spec.validFileId ?? isValidId)(rec.id)) {
    out.push(problem('error', rec.path, 1, 'bad-file-name', spec.validFileId ? `"${rec.id}" is not a valid file name for a ${spec.label}` : `"${rec.id}" is not a valid id for a file name`, spec.validFileId ? 'name it <yyyy-mm>--<person id>.md, like 2026-11--alice.md' : 'rename the file to a lowercase id like acme-lms-7f3k (no "..", "/" or leading "-")'));
  }
  const error = schemaError(spec.schema, rec.data);
  if (error) out.push(...zodProblems(error, rec.path, rec.lineOf, rec.data));
  if (typeof rec.data.id === 'string' && rec.data.id !== rec.id) {
    out.push(problem('error', rec.path, rec.lineOf(['id']), 'id-mismatch', `id "${rec.data.id}" differs from the file name "${rec.id}"`, `set \`id: ${rec.id}\` or rename the file to match`));
  }
  out.push(...unknownFieldProblems(rec));
  return out;
}

/**
 * Fields the kind's schema does not name: a warning, never an error (people may keep fields of
 * their own). `keys` narrows it to some fields (those a command just wrote); by default, all.
 */
export function unknownFieldProblems(rec: LedgerRecord, keys: Iterable<string> = Object.keys(rec.data)): Problem[] {
  const out: Problem[] = [];
  const known = knownFields(rec.kind);
  for (const key of keys) {
    if (!known.has(key) && Object.hasOwn(rec.data, key)) {
      out.push(problem('warning', rec.path, rec.lineOf([key]), 'unknown-field', `unknown field "${key}" in a ${KINDS[rec.kind].label}`, `known fields: ${[...known].join(', ')}`));
    }
  }
  return out;
}

export function checkReferences(rec: LedgerRecord, ledger: Ledger): Problem[] {
  const out: Problem[] = [];
  for (const ref of REFERENCES[rec.kind] ?? []) walkReference(rec.data, ref, rec, ledger, out);
  return out;
}

/** Folders crisp writes besides the record kinds; anything else that is markdown gets a warning. */
const OTHER_FOLDERS = new Set(['templates', 'sent', 'teams', 'revenue', '.github', '.crisp', '.git', 'node_modules']);

function isKnownExtraFile(path: string): boolean {
  const parts = path.split('/');
  if (parts.length === 1) return !path.endsWith('.md') || /^(readme|changelog|contributing|license)\.md$/i.test(path);
  if (OTHER_FOLDERS.has(parts[0]!)) return true;
  if (parts[0] === 'buns' && parts[2] === 'events') return true;
  return false;
}

/**
 * Files the ledger layout does not know (warnings, only with `stray`), and every symbolic link
 * (errors, always): a link committed in a pull request could make crisp read or write outside the
 * ledger. Record files that are links are reported by the reader, so they are skipped here.
 * In a git work tree the files are git's (tracked, or untracked and not ignored: what a commit can
 * bring); without git every folder is walked.
 */
export function layoutProblems(root: string, opts: { stray: boolean } = { stray: true }, files?: { paths: string[]; links: string[] }): Problem[] {
  const { paths, links } = files ?? walkFiles(root);
  const out: Problem[] = [];
  const linked = new Set(links);
  for (const path of links) {
    if (path.startsWith('node_modules/') || kindOfPath(path)) continue;
    out.push(problem('error', path, 1, 'symlink', 'symbolic links are not allowed in a ledger', 'replace the link with the file or folder itself, or remove it'));
  }
  if (!opts.stray) return out;
  for (const path of paths) {
    if (linked.has(path) || !path.endsWith('.md') || kindOfPath(path) || isKnownExtraFile(path)) continue;
    // A bun's folder holds bun.md and events/; the bun log checks own what is inside.
    if (path.startsWith('buns/') && path.split('/').length > 2) continue;
    out.push(problem('warning', path, 1, 'stray-file', 'file is outside the ledger layout and is not checked', 'move it into people/, clients/, leads/, ... or out of the ledger'));
  }
  return out;
}

/** Every file and symbolic link under `root`, by walking its folders (no git, no .git, no node_modules). */
function walkFiles(root: string): { paths: string[]; links: string[] } {
  const paths: string[] = [];
  const links: string[] = [];
  const visit = (rel: string) => {
    let entries;
    try {
      entries = readdirSync(join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (!rel && (e.name === '.git' || e.name === 'node_modules')) continue;
      if (e.isSymbolicLink()) links.push(path);
      else if (e.isDirectory()) visit(path);
      else paths.push(path);
    }
  };
  visit('');
  return { paths, links };
}

/** Files under `.crisp/` that a commit brought: derived data is never trusted from git. */
export function committedDerivedProblems(ledger: Ledger): Problem[] {
  return ledger.committedDerivedFiles().map((path) =>
    problem('error', path, 1, 'committed-cache', `${path} is derived data and must not be committed (crisp ignores it)`, 'remove it from git: git rm -r --cached .crisp (.crisp/ belongs in .gitignore)'),
  );
}

export interface ValidateOptions {
  /** Only check these records (paths), resolving their references against the whole ledger. */
  only?: Set<string>;
  /** Called as records are checked (for a progress line on a terminal). */
  onProgress?: (done: number, total: number) => void;
  /** The clock, for rules about age (stale buns); without it those rules are skipped. */
  now?: Date;
}

export function validateLedger(ledger: Ledger, opts: ValidateOptions = {}): { problems: Problem[]; records: number } {
  const problems: Problem[] = [];
  const all = ledger.everything({ bunEvents: true });
  const seen = new Map<string, LedgerRecord>();
  const emails = new Map<string, LedgerRecord>();
  let records = 0;
  // A bun is its post plus its event files: a changed event selects the bun (issue 4, validation).
  const changedBuns = new Set([...(opts.only ?? [])].map((p) => /^buns\/([^/]+)\/events\//.exec(p)?.[1]).filter((x): x is string => !!x));
  let done = 0;
  for (const rec of all) {
    opts.onProgress?.(++done, all.length);
    const selected = !opts.only || opts.only.has(rec.path) || (rec.kind === 'bun' && changedBuns.has(rec.id));
    const first = seen.get(rec.id);
    if (first && (selected || opts.only?.has(first.path))) {
      problems.push(problem('error', rec.path, 1, 'duplicate-id', `id "${rec.id}" is also used by ${first.path}`, 'ids are unique across all kinds; rename one of them'));
    }
    if (!first) seen.set(rec.id, rec);
    // Two people with one email: who acts (git's user.email) would be ambiguous.
    const email = rec.kind === 'person' ? emailKey(rec.data.email) : undefined;
    if (email) {
      const owner = emails.get(email);
      if (owner && (selected || opts.only?.has(owner.path))) problems.push(duplicateEmailProblem(rec, owner));
      if (!owner) emails.set(email, rec);
    }
    if (!selected) continue;
    records++;
    const own = rec.checked ?? checkRecord(rec);
    problems.push(...own);
    if (own.some((p) => p.severity === 'error')) continue;
    problems.push(...checkReferences(rec, ledger));
    for (const rule of RULES[rec.kind] ?? []) problems.push(...rule(rec, ledger, { now: opts.now }));
  }
  problems.push(...teamProblems(ledger).filter((p) => !opts.only || opts.only.has(p.path)));
  return { problems, records };
}
