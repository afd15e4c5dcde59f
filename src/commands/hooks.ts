/**
 * `crisp hooks install`: a pre-commit hook so hand-made commits get the checks crisp's own commits
 * get. It validates the ledger files staged for the commit (the fast path of `validate`) and skips
 * crisp's own commits, which set CRISP_COMMITTING=1 after validating (DESIGN.md §2).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join, relative } from 'node:path';
import { packagePath } from '../paths.js';
import type { Command } from 'commander';
import { CrispError } from '../errors.js';
import { hooksDir, isRepo, topLevel } from '../git/index.js';
import { writeFileAtomic } from '../ledger/files.js';
import type { Output } from '../output/index.js';
import type { Context } from './context.js';
import { action } from './run.js';

/** The line that marks a hook as crisp's own: crisp overwrites only hooks that carry it. */
export const HOOK_MARK = '# crisp pre-commit hook: written by `crisp hooks install`';

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The hook script. It prefers the crisp that installed it (same version as the ledger's checks),
 * then any crisp on PATH. `ledgerDir` is the ledger relative to the repository's top level.
 */
export function preCommitHook(ledgerDir: string, node: string, bin: string): string {
  return `#!/bin/sh
${HOOK_MARK}
# Checks the ledger files staged for this commit (crisp validate --staged) and refuses the commit
# on any error. crisp's own commits set CRISP_COMMITTING=1: they were validated already.
# Skip it once with: git commit --no-verify
[ "$CRISP_COMMITTING" = 1 ] && exit 0
if [ -f ${shellQuote(bin)} ] && [ -x ${shellQuote(node)} ]; then
  set -- ${shellQuote(node)} ${shellQuote(bin)}
elif command -v crisp >/dev/null 2>&1; then
  set -- crisp
else
  echo "crisp pre-commit hook: crisp is not installed (npm install -g crisp-ledger); commit skipped the checks" >&2
  exit 0
fi
"$@" --ledger ${shellQuote(ledgerDir)} --no-input validate --staged >&2 || {
  echo "crisp: the commit was refused because the ledger would not be valid (see above; \\\`crisp help ledger\\\`)" >&2
  exit 1
}
`;
}

function install(ctx: Context, flags: { force?: boolean }): Output {
  const root = ctx.root;
  if (!isRepo(root)) {
    throw new CrispError('not-a-repo', `${root} is not in a git repository, so there is no commit to hook into`, { hint: 'run `git init` there first', exit: 3 });
  }
  const dir = hooksDir(root);
  const path = join(dir, 'pre-commit');
  const notes: string[] = [];
  let backup: string | undefined;
  if (existsSync(path)) {
    const current = readFileSync(path, 'utf8');
    if (!current.includes(HOOK_MARK)) {
      if (!flags.force) {
        throw new CrispError('foreign-hook', `${path} is a pre-commit hook crisp did not write, so it was left alone`, {
          hint: 'add a line running `crisp validate --staged` to it yourself, or run `crisp hooks install --force` (your hook is kept as pre-commit.before-crisp)',
        });
      }
      backup = `${path}.before-crisp`;
      renameSync(path, backup);
      notes.push(`moved your hook to ${backup}`);
    }
  }
  mkdirSync(dir, { recursive: true });
  const bin = packagePath('bin', 'crisp.js');
  const ledgerDir = relative(topLevel(root), root) || '.';
  writeFileAtomic(path, preCommitHook(ledgerDir, process.execPath, bin));
  chmodSync(path, 0o755);
  notes.push(`installed ${path}: hand-made commits are now validated (skip once with git commit --no-verify)`);
  return { json: { hook: path, ledger: ledgerDir, backup: backup ?? null }, human: '', notes };
}

export function register(program: Command): void {
  const hooks = program.command('hooks').description('git hooks for the ledger');
  hooks
    .command('install')
    .description('add a pre-commit hook that validates the ledger files each hand-made commit changes')
    .option('--force', 'replace a pre-commit hook crisp did not write (it is kept as pre-commit.before-crisp)')
    .addHelpText(
      'after',
      `
The hook runs \`crisp validate --staged\` (only the staged files are checked; references
still resolve against the whole ledger; a deleted or renamed record means every record is checked)
and refuses the commit on any error. crisp's own commits
skip it (they set CRISP_COMMITTING=1 and were checked before writing). It honours core.hooksPath.

Example:
  crisp hooks install && git commit -am "hand edit"`,
    )
    .action(action((ctx, flags: { force?: boolean }) => install(ctx, flags)));
}
