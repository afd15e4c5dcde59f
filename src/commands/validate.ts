/** `crisp validate`: every problem of the ledger in one run, like bean-check. */
import type { Command } from 'commander';
import { addedByEmail, changedSince, stagedChanges } from '../git/index.js';
import { claimAuthorProblems, consentAuthorProblems } from '../model/author-rules.js';
import { TEAMS_FOLDER } from '../ledger/team-events.js';
import { loadConfig, type LoadedConfig } from '../ledger/config.js';
import { CONFIG_FILE } from '../ledger/root.js';
import { KINDS, kindOfPath } from '../model/kinds.js';
import type { Problem } from '../model/problems.js';
import { committedDerivedProblems, layoutProblems, validateLedger, type ValidateOptions } from '../model/validate.js';
import { startProgress } from '../output/progress.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSoon } from '../ledger/files.js';
import { crispVersion } from '../version.js';
import { escapeControl, paint, type Output } from '../output/index.js';
import type { Context } from './context.js';
import { action } from './run.js';
import { grouped } from '../output/numbers.js';
import { dateIn } from '../domain/time.js';

const count = (n: number, word: string) => `${grouped(n)} ${word}${n === 1 ? '' : 's'}`;

export function problemLines(problems: Problem[]): string[] {
  return problems.flatMap((p) => [
    `${escapeControl(p.path)}:${p.line}: ${p.severity === 'warning' ? paint('yellow', p.code) : paint('red', p.code)}: ${escapeControl(p.message)}`,
    `  hint: ${escapeControl(p.hint)}`,
  ]);
}

/**
 * The whole ledger's record problems, reused from the last run when no record file, setting, day
 * or crisp version changed; files outside the layout are always looked at afresh.
 */
function validateWhole(ctx: Context, config: LoadedConfig, onProgress?: ValidateOptions['onProgress']): { problems: Problem[]; records: number } {
  const ledger = ctx.rawLedger;
  // A memo that came from git (or through a linked .crisp) could vouch for anything: not used then.
  // (The fingerprint's scan of the work tree serves the check for committed derived data too.)
  const scanned = ledger.fingerprint();
  const fingerprint = ledger.committedDerivedFiles().length ? undefined : scanned;
  const file = join(ctx.root, '.crisp', 'cache', 'validate.json');
  // Rules may read settings and the clock (stale buns), so both are part of the key.
  const key = `${crispVersion()} ${fingerprint} ${dateIn(ctx.now(), config.config.timezone)} ${JSON.stringify(config.config)}`;
  if (fingerprint) {
    try {
      const memo = JSON.parse(readFileSync(file, 'utf8')) as { key: string; problems: Problem[]; records: number };
      if (memo.key === key) return { problems: memo.problems, records: memo.records };
    } catch {
      /* no memo yet */
    }
  }
  const result = validateLedger(ledger, { now: ctx.now(), onProgress });
  if (fingerprint) {
    try {
      writeFileAtomicSoon(file, JSON.stringify({ key, problems: result.problems.filter((p) => p.code !== 'stray-file'), records: result.records }));
    } catch {
      /* the memo is an optimisation only */
    }
  }
  return result;
}

async function validate(ctx: Context, flags: { strict?: boolean; changedSince?: string; staged?: boolean }): Promise<Output> {
  const root = ctx.root;
  const changed = flags.staged ? stagedChanges(root) : flags.changedSince ? changedSince(root, flags.changedSince) : undefined;
  // A removed path still selects what it belonged to (a deleted bun event, its bun).
  const only = changed && new Set([...changed.paths, ...changed.removed]);
  // Any record may name a record that was deleted or renamed away: then every record is checked.
  const gone = changed?.removed.filter((p) => kindOfPath(p)) ?? [];
  const notes = gone.length
    ? [`note: ${gone.length === 1 ? `${gone[0]} was` : `${gone.length} record files were`} deleted or renamed, so every record is checked for references to ${gone.length === 1 ? 'it' : 'them'}`]
    : [];
  const wholeRecords = !only || gone.length > 0;
  // git looks at the whole work tree while the settings are read.
  const scanned = only ? undefined : ctx.rawLedger.scanAhead();
  const config = loadConfig(root);
  await scanned;
  const progress = startProgress({ json: ctx.opts.json, quiet: ctx.opts.quiet });
  const onProgress = (done: number, total: number) => progress.update('checking records', done, total);
  let result: { problems: Problem[]; records: number };
  try {
    result = wholeRecords ? validateWhole(ctx, config, onProgress) : validateLedger(ctx.rawLedger, { only, now: ctx.now(), onProgress });
  } finally {
    progress.done();
  }
  const { problems, records } = result;
  // Consent given and buns claimed in someone's name by another committer (git queries, so only when strict).
  const authors = flags.strict
    ? [...consentAuthorProblems(ctx.rawLedger, addedByEmail(root, TEAMS_FOLDER)), ...claimAuthorProblems(ctx.rawLedger, addedByEmail(root, KINDS.bun.folder))].filter((p) => !only || only.has(p.path))
    : [];
  // Links and committed derived data are looked at afresh on every run, whatever was changed.
  const layout = [...layoutProblems(root, { stray: !only }, ctx.rawLedger.files()), ...committedDerivedProblems(ctx.rawLedger)];
  const all = [...(!only || only.has(CONFIG_FILE) ? config.problems : []), ...problems, ...authors, ...layout].sort(
    (a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line),
  );
  const errors = all.filter((p) => p.severity === 'error');
  const warnings = all.filter((p) => p.severity === 'warning');
  const ok = errors.length === 0 && (!flags.strict || warnings.length === 0);
  const summary = ok
    ? `ok: ${count(records, 'record')}, ${count(errors.length, 'error')}, ${count(warnings.length, 'warning')}`
    : `failed: ${count(errors.length, 'error')}, ${count(warnings.length, 'warning')} in ${count(records, 'record')}`;
  const strip = ({ severity: _s, ...p }: Problem) => p;
  return {
    json: { ok, records, errors: errors.map(strip), warnings: warnings.map(strip) },
    human: [...problemLines(all), summary].join('\n'),
    notes,
    exitCode: ok ? 0 : 1,
    showsUnreadable: true,
  };
}

export function register(program: Command): void {
  program
    .command('validate')
    .description('check every ledger file: YAML, fields, references, ids, stages, dates')
    .option('--strict', 'fail on warnings too')
    .option('--changed-since <ref>', 'check only files changed since a git ref (references still resolve against the whole ledger; a deleted or renamed record means every record is checked)')
    .option('--staged', 'check only files staged for the next commit, as the pre-commit hook of `crisp hooks install` does (a deleted or renamed record means every record is checked)')
    .addHelpText('after', '\nOutput: one problem per line as path:line: code: message, with a hint; then a summary line.\nExit 1 when there is any error (with --strict, any warning).')
    .action(action((ctx, flags: { strict?: boolean; changedSince?: string; staged?: boolean }) => validate(ctx, flags)));
}
