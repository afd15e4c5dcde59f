/**
 * The ledger as reports read it: records of each kind, the loose files of folders that are not
 * records (team and bun events), and the settings. Either the work tree as it is now, or the ledger
 * as it was at a commit, read from git's object store without touching the work tree (`--as-of`).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { authorDate, filesAtCommit, firstParentCommits, resolveRef } from '../git/index.js';
import { endOfDayIn, isIsoDate } from '../domain/time.js';
import { isActiveStage } from '../domain/stages.js';
import type { Stage } from '../model/fields.js';
import { KINDS, kindOfPath, type KindName } from '../model/kinds.js';
import type { Config } from '../model/config.js';
import { configFromText, usableConfig } from './config.js';
import { CONFIG_FILE } from './root.js';
import { decodeLedgerBytes, parseLedgerRecord, readLedgerFile, type Ledger, type LedgerRecord } from './store.js';
import { parseRecordText } from './codec.js';
import { CrispError, usageError } from '../errors.js';
import { byText } from '../domain/order.js';

export interface LooseFile {
  path: string;
  data: Record<string, unknown>;
}

export interface LedgerSnapshot {
  config: Config;
  /** Records that parse (a file with parse errors is `validate`'s business, not a report's). */
  records(kind: KindName): LedgerRecord[];
  /** The leads that parse, as reports read them (reportLead), sorted by id. */
  leads(): { id: string; data: Record<string, unknown> }[];
  /** The same, of the open and on-hold leads only: what the pipeline and the follow-ups read. */
  openLeads(): { id: string; data: Record<string, unknown> }[];
  /** Markdown files with frontmatter under `folder` (any depth) that parse, sorted by path. */
  files(folder: string): LooseFile[];
}

/**
 * A lead as reports read it: every field but the touches' notes, free text no report reads and
 * most of a lead's bytes. The work tree's are cached under this name by blob id (Ledger.summaries),
 * so a warm report parses a cache about 40 % smaller than the whole lead cache; the name changes
 * whenever reportLead does.
 */
export const REPORT_LEADS = 'lead.report-1';

/**
 * The open and on-hold leads as reports read them, cached under a name of their own: a closed
 * lead's entry there holds only its blob id, so reports about the open pipeline parse about half
 * as much (bench/README.md).
 */
export const REPORT_OPEN_LEADS = 'lead.report-open-1';

const openReportLead = (rec: LedgerRecord): Record<string, unknown> | null => (isActiveStage(rec.data.stage as Stage) ? reportLead(rec) : null);

export function reportLead(rec: LedgerRecord): Record<string, unknown> {
  const touches = rec.data.touches;
  if (!Array.isArray(touches)) return rec.data;
  const noNote = (t: unknown) => {
    if (!t || typeof t !== 'object' || Array.isArray(t) || !('note' in t)) return t;
    const { note: _note, ...rest } = t as Record<string, unknown>;
    return rest;
  };
  return { ...rec.data, touches: touches.map(noNote) };
}

function markdownUnder(root: string, folder: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const dir = join(root, rel);
    if (!existsSync(dir)) return;
    for (const ent of readdirSync(dir, { withFileTypes: true })) {
      if (ent.name.startsWith('.')) continue;
      const path = `${rel}/${ent.name}`;
      if (ent.isDirectory()) walk(path);
      else if (ent.isFile() && ent.name.endsWith('.md')) out.push(path);
    }
  };
  walk(folder);
  return out.sort();
}

function looseFile(path: string, text: string | undefined): LooseFile | undefined {
  if (text === undefined) return undefined;
  const parsed = parseRecordText(text, path);
  return parsed.problems.length ? undefined : { path, data: parsed.data };
}

/** The work tree as it is. */
export function workTreeSnapshot(root: string, config: Config, ledger: Ledger): LedgerSnapshot {
  return {
    config,
    records: (kind) => ledger.all(kind).filter((r) => !r.problems.length),
    leads: () => ledger.summaries('lead', REPORT_LEADS, reportLead).map((l) => ({ id: l.id, data: l.value })),
    openLeads: () => ledger.summaries('lead', REPORT_OPEN_LEADS, openReportLead).map((l) => ({ id: l.id, data: l.value })),
    files: (folder) =>
      markdownUnder(root, folder)
        .map((path) => looseFile(path, readLedgerFile(root, path).text))
        .filter((f): f is LooseFile => Boolean(f)),
  };
}

/**
 * The ledger at `commit`, from git objects only. Each folder is read from git the first time a
 * report asks for it, so the bun flow or the crisplet at a past commit reads neither the leads nor
 * the proposals.
 */
export function commitSnapshot(root: string, commit: string): LedgerSnapshot {
  const configBytes = filesAtCommit(root, commit, [CONFIG_FILE]).get(CONFIG_FILE);
  if (!configBytes) throw new CrispError('no-config-at-commit', `the ledger had no crisp.yaml at commit ${commit.slice(0, 7)}`, { hint: 'pick a later date or commit' });
  const config = usableConfig(configFromText(decodeLedgerBytes(CONFIG_FILE, configBytes).text ?? ''));
  const folders = new Map<string, Map<string, string | undefined>>();
  /** The texts of the files under `folder` at the commit, by path. */
  const textsUnder = (folder: string) => {
    let texts = folders.get(folder);
    if (!texts) {
      texts = new Map();
      for (const [path, bytes] of filesAtCommit(root, commit, [folder])) texts.set(path, decodeLedgerBytes(path, bytes).text);
      folders.set(folder, texts);
    }
    return texts;
  };
  const byKind = new Map<KindName, LedgerRecord[]>();
  const records = (kind: KindName) => {
    let list = byKind.get(kind);
    if (!list) {
      list = [];
      for (const [path, text] of textsUnder(KINDS[kind].folder)) {
        const where = kindOfPath(path);
        if (where?.kind !== kind || text === undefined) continue;
        const rec = parseLedgerRecord(kind, where.id, path, text);
        if (!rec.problems.length) list.push(rec);
      }
      list.sort((a, b) => byText(a.id, b.id));
      byKind.set(kind, list);
    }
    return list;
  };
  return {
    config,
    records,
    leads: () => records('lead').map((r) => ({ id: r.id, data: reportLead(r) })),
    openLeads: () => records('lead').filter((r) => isActiveStage(r.data.stage as Stage)).map((r) => ({ id: r.id, data: reportLead(r) })),
    files: (folder) => {
      const texts = textsUnder(folder);
      return [...texts.keys()]
        .filter((p) => p.startsWith(`${folder}/`) && p.endsWith('.md'))
        .sort()
        .map((p) => looseFile(p, texts.get(p)))
        .filter((f): f is LooseFile => Boolean(f));
    },
  };
}

export interface AsOf {
  commit: string;
  /** The clock for the report: the end of the named day, or the commit's author date. */
  now: Date;
}

/**
 * `--as-of <date|ref>` (DESIGN.md §6 "Time"): a date means the last commit on the first-parent
 * history whose author date is at or before the end of that day in the ledger's timezone, with the
 * clock set to that end; anything else is a git ref, with the clock at its author date.
 */
export function resolveAsOf(root: string, spec: string, timeZone: string): AsOf {
  if (isIsoDate(spec)) {
    const end = endOfDayIn(spec, timeZone);
    const hit = firstParentCommits(root).find((c) => Date.parse(c.authored) <= end.getTime());
    if (!hit) {
      throw new CrispError('no-commit-by-date', `the ledger has no commit made by the end of ${spec}`, { hint: 'pick a later date; `git log --first-parent --reverse` shows the first one' });
    }
    return { commit: hit.commit, now: end };
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(spec)) throw usageError('bad-date', `--as-of "${spec}" is not a valid date`, 'e.g. --as-of 2026-09-30, or a git ref like v1.0 or HEAD~3');
  const commit = resolveRef(root, spec);
  return { commit, now: new Date(authorDate(root, commit)) };
}
