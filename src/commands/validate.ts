/** `crisp validate`: every problem of the ledger in one run, like bean-check. */
import type { Command } from 'commander';
import { changedSince } from '../git/index.js';
import { loadConfig } from '../ledger/config.js';
import { CONFIG_FILE } from '../ledger/root.js';
import type { Problem } from '../model/problems.js';
import { validateLedger } from '../model/validate.js';
import { escapeControl, paint, type Output } from '../output/index.js';
import type { Context } from './context.js';
import { action } from './run.js';

const count = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

export function problemLines(problems: Problem[]): string[] {
  return problems.flatMap((p) => [
    `${escapeControl(p.path)}:${p.line}: ${p.severity === 'warning' ? paint('yellow', p.code) : paint('red', p.code)}: ${escapeControl(p.message)}`,
    `  hint: ${escapeControl(p.hint)}`,
  ]);
}

function validate(ctx: Context, flags: { strict?: boolean; changedSince?: string }): Output {
  const root = ctx.root;
  const config = loadConfig(root);
  const only = flags.changedSince ? new Set(changedSince(root, flags.changedSince)) : undefined;
  const { problems, records } = validateLedger(ctx.rawLedger, { only, now: ctx.now() });
  const all = [...(!only || only.has(CONFIG_FILE) ? config.problems : []), ...problems].sort(
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
    exitCode: ok ? 0 : 1,
  };
}

export function register(program: Command): void {
  program
    .command('validate')
    .description('check every ledger file: YAML, fields, references, ids, stages, dates')
    .option('--strict', 'fail on warnings too')
    .option('--changed-since <ref>', 'check only files changed since a git ref (references still resolve against the whole ledger)')
    .addHelpText('after', '\nOutput: one problem per line as path:line: code: message, with a hint; then a summary line.\nExit 1 when there is any error (with --strict, any warning).')
    .action(action((ctx, flags: { strict?: boolean; changedSince?: string }) => validate(ctx, flags)));
}
