/** Run the built CLI as a user would, in real temporary git repositories. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const BIN = resolve(__dirname, '../../bin/crisp.js');
export const REPO_ROOT = resolve(__dirname, '../..');
export const NOW = '2026-11-23T10:00:00Z';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  json: <T = any>() => T;
}

/** A clean environment: no inherited ledger, user, colour or clock; git identity fixed. */
export function testEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['CRISP_LEDGER', 'CRISP_USER', 'CRISP_NOW', 'NO_COLOR', 'GIT_DIR', 'GIT_WORK_TREE']) delete env[k];
  Object.assign(env, {
    GIT_AUTHOR_NAME: 'Test Author',
    GIT_AUTHOR_EMAIL: 'author@example.com',
    GIT_COMMITTER_NAME: 'Test Author',
    GIT_COMMITTER_EMAIL: 'author@example.com',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    CRISP_NOW: NOW,
    CI: 'true',
    ...extra,
  });
  for (const [k, v] of Object.entries(extra)) if (v === undefined) delete env[k];
  return env;
}

export function crisp(cwd: string, args: string[], opts: { env?: Record<string, string | undefined>; input?: string } = {}): RunResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env: testEnv(opts.env), input: opts.input ?? '', encoding: 'utf8' });
  return {
    code: r.status ?? -1,
    stdout: r.stdout,
    stderr: r.stderr,
    json: () => JSON.parse(r.stdout),
  };
}

export function git(cwd: string, args: string[]): string {
  const r = spawnSync('git', args, { cwd, env: testEnv(), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

export function tempDir(prefix = 'crisp-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A fresh ledger made by `crisp init` (or from the sample), with git identity set. */
export function makeLedger(opts: { sample?: boolean } = {}): string {
  const dir = join(tempDir(), 'ledger');
  const r = crisp(dirname(dir), ['init', 'ledger', ...(opts.sample ? ['--sample'] : []), '--name', 'Test Collective']);
  if (r.code !== 0) throw new Error(`crisp init failed: ${r.stderr}`);
  return dir;
}

export function commitCount(dir: string): number {
  return Number(git(dir, ['rev-list', '--count', 'HEAD']).trim());
}

/** Files changed by the last commit. */
export function lastCommitFiles(dir: string): string[] {
  return git(dir, ['show', '--name-only', '--format=', 'HEAD']).split('\n').filter(Boolean).sort();
}

export function lastCommitMessage(dir: string): string {
  return git(dir, ['log', '-1', '--format=%B']).trim();
}

export function read(dir: string, path: string): string {
  return readFileSync(join(dir, path), 'utf8');
}

export function write(dir: string, path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

/** A ledger with two people (alice, bob) and a client (acme), ready for lead work. */
export function makeTeamLedger(): string {
  const dir = makeLedger();
  const run = (args: string[]) => {
    const r = crisp(dir, args);
    if (r.code !== 0) throw new Error(`crisp ${args.join(' ')} failed: ${r.stderr}`);
  };
  run(['person', 'add', '--name', 'Alice Andersson', '--email', 'alice@example.com', '--id', 'alice', '--skill', 'coaching', '--capacity', '16']);
  run(['person', 'add', '--name', 'Bob Berg', '--email', 'bob@example.com', '--id', 'bob']);
  run(['client', 'add', '--name', 'Acme Learning', '--id', 'acme', '--sector', 'private', '--segment', 'A', '--owner', 'alice']);
  return dir;
}
