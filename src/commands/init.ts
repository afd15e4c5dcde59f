/** `crisp init [dir] [--sample]`: a new ledger in a git repository, with its first commit. */
import { existsSync, mkdirSync, readdirSync, realpathSync } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';
import { packagePath } from '../paths.js';
import type { Command } from 'commander';
import { CrispError, usageError } from '../errors.js';
import { initRepo, isRepo, topLevel } from '../git/index.js';
import { parseYamlMap } from '../ledger/codec.js';
import { CI_WORKFLOW_PATH, ciWorkflowText } from '../render/ci-workflow.js';
import { crispPackageName, crispVersion } from '../version.js';
import { defaultConfigText } from '../ledger/default-config.js';
import { CONFIG_SCHEMA_FILE, configSchemaText } from '../model/json-schema.js';
import { readFileSync } from 'node:fs';
import { withLedgerLock } from '../ledger/lock.js';
import { CONFIG_FILE, enclosingLedger } from '../ledger/root.js';
import { applyChange, Change, commitMessage } from '../ledger/transaction.js';
import type { Output } from '../output/index.js';
import type { Context } from './context.js';
import { action } from './run.js';
import { appliedNotes } from './records.js';

export const SAMPLE_DIR = packagePath('data', 'sample') + sep;

/** Every file of a folder, relative, with `/`. */
function filesUnder(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const path = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? filesUnder(dir, path) : [path];
  });
}

async function init(ctx: Context, dir: string | undefined, flags: { sample?: boolean; name?: string }): Promise<Output> {
  const root = resolve(ctx.cwd, dir ?? '.');
  if (existsSync(join(root, CONFIG_FILE))) {
    throw new CrispError('ledger-exists', `${root} is already a crisp ledger`, { hint: 'use it as it is, or choose another folder' });
  }
  // A ledger inside a ledger: its files would be stray files of the outer one, and its commits mixed in.
  const outer = enclosingLedger(root);
  if (outer) {
    throw new CrispError('inside-ledger', `${root} is inside the crisp ledger at ${outer}, and a ledger cannot hold another`, {
      hint: `choose a folder outside ${outer}, or work in that ledger (crisp --ledger ${outer} ...)`,
    });
  }
  mkdirSync(root, { recursive: true });
  const commit = ctx.opts.commit !== false;
  if (!isRepo(root)) initRepo(root);
  const change = new Change(commitMessage('crisp', 'init', flags.name ?? basename(root)));
  if (flags.sample) {
    for (const f of filesUnder(SAMPLE_DIR)) change.write(f, readFileSync(join(SAMPLE_DIR, f), 'utf8'));
    // The sample collective under the name given (the sample's settings hold one top-level `name:` line).
    if (flags.name !== undefined) change.write(CONFIG_FILE, change.files.get(CONFIG_FILE)!.replace(/^name: .*$/m, `name: ${JSON.stringify(flags.name)}`));
  } else {
    change.write(CONFIG_FILE, defaultConfigText(flags.name ?? basename(root)));
  }
  change.write(CONFIG_SCHEMA_FILE, configSchemaText());
  const notes: string[] = [];
  // The CI workflow only works at the repository's top level, where GitHub looks for it.
  if (atTopLevel(root) && !existsSync(join(root, CI_WORKFLOW_PATH))) {
    change.write(CI_WORKFLOW_PATH, workflowFor(change.files.get(CONFIG_FILE) ?? ''));
  } else if (!existsSync(join(root, CI_WORKFLOW_PATH))) {
    notes.push(`note: no ${CI_WORKFLOW_PATH} written: the ledger is not at the top of its git repository`);
  }
  const ignore = join(root, '.gitignore');
  const ignoreText = existsSync(ignore) ? readFileSync(ignore, 'utf8') : '';
  if (!/^\/?\.crisp\/?$/m.test(ignoreText)) change.write('.gitignore', `${ignoreText}${ignoreText && !ignoreText.endsWith('\n') ? '\n' : ''}.crisp/\n`);
  const applied = await withLedgerLock(root, () => applyChange(root, change, commit));
  const json = { path: root, files: applied.paths.sort(), commit: applied.commit ?? null, sample: Boolean(flags.sample) };
  return {
    json,
    human: `Created a crisp ledger in ${root}\nNext: cd ${dir ?? '.'} && crisp person add --name "Your Name" --email "$(git config user.email)"`,
    notes: [...notes, ...appliedNotes(applied, change.message)],
  };
}

const atTopLevel = (root: string): boolean => topLevel(root) === realpathSync(root);

/** The workflow this crisp writes for a ledger with these settings: it installs `ci.install`, else this very version. */
function workflowFor(configText: string): string {
  const config = parseYamlMap(configText, CONFIG_FILE).data as { ci?: { install?: unknown } };
  const spec = typeof config.ci?.install === 'string' ? config.ci.install : `${crispPackageName()}@${crispVersion()}`;
  return ciWorkflowText({ packageSpec: spec });
}

/**
 * `crisp init --ci`: (re)write the CI workflow of an existing ledger, say after upgrading crisp (the
 * workflow installs the version that wrote it) or for a ledger made without one. A workflow that
 * differs from what this crisp writes may hold someone's own steps: it is replaced only with --force.
 */
async function initCi(ctx: Context, dir: string | undefined, flags: { force?: boolean }): Promise<Output> {
  const root = dir === undefined ? ctx.root : resolve(ctx.cwd, dir);
  const configPath = join(root, CONFIG_FILE);
  if (!existsSync(configPath)) throw new CrispError('not-a-ledger', `${root} has no ${CONFIG_FILE}`, { hint: 'crisp init (without --ci) creates a ledger, with its workflow' });
  if (!isRepo(root) || !atTopLevel(root)) {
    throw new CrispError('not-top-level', `GitHub reads workflows only from the top of a repository, and ${root} is not one`, { hint: `write ${CI_WORKFLOW_PATH} at the repository's top by hand, with the working-directory of its steps set to the ledger's folder` });
  }
  const text = workflowFor(readFileSync(configPath, 'utf8'));
  const file = join(root, CI_WORKFLOW_PATH);
  const before = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (before === text) return { json: { path: CI_WORKFLOW_PATH, written: false, commit: null }, human: `${CI_WORKFLOW_PATH} is up to date` };
  if (before !== undefined && !flags.force) {
    throw new CrispError('workflow-differs', `${CI_WORKFLOW_PATH} differs from the workflow this crisp writes (an older crisp wrote it, or someone edited it)`, {
      hint: 'pass --force to replace it; the commit keeps the old one in git history (git show HEAD~1:' + CI_WORKFLOW_PATH + ')',
    });
  }
  const change = new Change(commitMessage('crisp', 'init', before === undefined ? 'CI workflow' : 'CI workflow replaced'));
  change.write(CI_WORKFLOW_PATH, text);
  const applied = await withLedgerLock(root, () => applyChange(root, change, ctx.opts.commit !== false));
  return {
    json: { path: CI_WORKFLOW_PATH, written: true, commit: applied.commit ?? null },
    human: `wrote ${CI_WORKFLOW_PATH}: on every pull request it validates the changed files and posts crisp diff`,
    notes: appliedNotes(applied, change.message),
  };
}

export function register(program: Command): void {
  program
    .command('init [dir]')
    .description('create a ledger: git init if needed, a commented crisp.yaml, .gitignore, a CI workflow for pull requests, first commit')
    .option('--sample', 'start from the sample ledger (a small collective with people, clients and leads)')
    .option('--name <name>', 'the collective\'s name (default: the folder name)')
    .option('--ci', 'in an existing ledger, write its CI workflow anew (after upgrading crisp, or when it has none)')
    .option('--force', 'with --ci: replace a workflow that differs from the one this crisp writes')
    .addHelpText('after', `\nA folder inside another ledger (a parent folder holds crisp.yaml) is refused: a ledger cannot hold another.\n\nExamples:\n  crisp init sales --name "Our Collective"\n  crisp init --ci          (in a ledger: ${CI_WORKFLOW_PATH} for this version of crisp)`)
    .action(
      action((ctx, dir: string | undefined, flags: { sample?: boolean; name?: string; ci?: boolean; force?: boolean }) => {
        if (flags.ci && (flags.sample || flags.name !== undefined)) throw usageError('bad-flags', '--ci works on an existing ledger: it takes neither --sample nor --name', 'crisp init --ci [dir] [--force]');
        if (flags.force && !flags.ci) throw usageError('bad-flags', '--force goes with --ci', 'crisp init --ci --force');
        return flags.ci ? initCi(ctx, dir, flags) : init(ctx, dir, flags);
      }),
    );
}

