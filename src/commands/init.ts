/** `crisp init [dir] [--sample]`: a new ledger in a git repository, with its first commit. */
import { existsSync, mkdirSync, readdirSync, realpathSync } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';
import { packagePath } from '../paths.js';
import type { Command } from 'commander';
import { CrispError } from '../errors.js';
import { initRepo, isRepo, topLevel } from '../git/index.js';
import { parseYamlMap } from '../ledger/codec.js';
import { CI_WORKFLOW_PATH, ciWorkflowText } from '../render/ci-workflow.js';
import { crispPackageName, crispVersion } from '../version.js';
import { defaultConfigText } from '../ledger/default-config.js';
import { CONFIG_SCHEMA_FILE, configSchemaText } from '../model/json-schema.js';
import { readFileSync } from 'node:fs';
import { withLedgerLock } from '../ledger/lock.js';
import { CONFIG_FILE } from '../ledger/root.js';
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
  mkdirSync(root, { recursive: true });
  const commit = ctx.opts.commit !== false;
  if (!isRepo(root)) initRepo(root);
  const change = new Change(commitMessage('crisp', 'init', flags.name ?? basename(root)));
  if (flags.sample) {
    for (const f of filesUnder(SAMPLE_DIR)) change.write(f, readFileSync(join(SAMPLE_DIR, f), 'utf8'));
  } else {
    change.write(CONFIG_FILE, defaultConfigText(flags.name ?? basename(root)));
  }
  change.write(CONFIG_SCHEMA_FILE, configSchemaText());
  const notes: string[] = [];
  // The CI workflow only works at the repository's top level, where GitHub looks for it.
  if (topLevel(root) === realpathSync(root) && !existsSync(join(root, CI_WORKFLOW_PATH))) {
    const config = parseYamlMap(change.files.get(CONFIG_FILE) ?? '', CONFIG_FILE).data as { ci?: { install?: unknown } };
    const spec = typeof config.ci?.install === 'string' ? config.ci.install : `${crispPackageName()}@${crispVersion()}`;
    change.write(CI_WORKFLOW_PATH, ciWorkflowText({ packageSpec: spec }));
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

export function register(program: Command): void {
  program
    .command('init [dir]')
    .description('create a ledger: git init if needed, a commented crisp.yaml, .gitignore, a CI workflow for pull requests, first commit')
    .option('--sample', 'start from the sample ledger (a small collective with people, clients and leads)')
    .option('--name <name>', 'the collective\'s name (default: the folder name)')
    .action(action((ctx, dir: string | undefined, flags: { sample?: boolean; name?: string }) => init(ctx, dir, flags)));
}

