/**
 * The only module that runs git. Every path goes after `--`; refs that begin with `-` are refused,
 * so nothing from the ledger or the command line can become a git option.
 */
import { execFile, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { join, isAbsolute } from 'node:path';
import { CrispError, gitError, usageError } from '../errors.js';

export interface GitResult {
  status: number;
  stdout: string;
  stderr: string;
}

const GIT_ENV = { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };

export function runGit(cwd: string, args: readonly string[], opts: { env?: Record<string, string>; input?: string; maxBuffer?: number } = {}): GitResult {
  const r = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...GIT_ENV, ...opts.env },
    input: opts.input,
    maxBuffer: opts.maxBuffer ?? 512 * 1024 * 1024,
  });
  if (r.error) throw gitError('git-missing', `could not run git: ${r.error.message}`, 'install git and make sure it is on PATH');
  return { status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/** runGit without blocking: for git calls that can run beside each other and beside this process. */
export function runGitAsync(cwd: string, args: readonly string[]): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, encoding: 'utf8', env: GIT_ENV, maxBuffer: 512 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = (err as { code?: unknown } | null)?.code;
      if (err && typeof code !== 'number') reject(gitError('git-missing', `could not run git: ${err.message}`, 'install git and make sure it is on PATH'));
      else resolve({ status: typeof code === 'number' ? code : 0, stdout, stderr });
    });
  });
}

/** Run git and return stdout; a failure becomes a CrispError (exit 3) carrying git's own words. */
export function git(cwd: string, args: readonly string[], opts: Parameters<typeof runGit>[2] & { hint?: string } = {}): string {
  const r = runGit(cwd, args, opts);
  if (r.status !== 0) {
    const what = (r.stderr || r.stdout).trim().split('\n').slice(0, 6).join('\n');
    throw gitError('git-failed', `git ${args[0]} failed: ${what}`, opts.hint ?? 'run the git command yourself to see more');
  }
  return r.stdout;
}

export function assertSafeRef(ref: string): string {
  if (!ref || ref.startsWith('-') || /[\0-\x1f\x7f\s]/.test(ref)) {
    throw usageError('bad-ref', `"${ref.replace(/[\0-\x1f\x7f]/g, '?')}" is not a usable git ref`, 'name a branch, tag or commit (refs never start with "-")');
  }
  return ref;
}

export function isRepo(dir: string): boolean {
  return runGit(dir, ['rev-parse', '--is-inside-work-tree']).stdout.trim() === 'true';
}

export function topLevel(dir: string): string {
  return git(dir, ['rev-parse', '--show-toplevel']).trim();
}

export function initRepo(dir: string): void {
  git(dir, ['init', '-q']);
}

export function gitDir(cwd: string): string {
  const d = git(cwd, ['rev-parse', '--git-dir']).trim();
  return isAbsolute(d) ? d : join(cwd, d);
}

/** The git directory of the work tree `cwd` is in, or undefined outside one (one git call). */
export function workTreeGitDir(cwd: string): string | undefined {
  const r = runGit(cwd, ['rev-parse', '--is-inside-work-tree', '--absolute-git-dir']);
  const [inside, dir] = r.stdout.split('\n');
  return r.status === 0 && inside === 'true' && dir ? dir : undefined;
}

/** A merge, rebase, cherry-pick or revert in progress: crisp must not add commits on top of it. */
export function operationInProgress(cwd: string, dir = gitDir(cwd)): string | undefined {
  const marks: [string, string][] = [
    ['MERGE_HEAD', 'merge'],
    ['rebase-merge', 'rebase'],
    ['rebase-apply', 'rebase'],
    ['CHERRY_PICK_HEAD', 'cherry-pick'],
    ['REVERT_HEAD', 'revert'],
  ];
  return marks.find(([f]) => existsSync(join(dir, f)))?.[1];
}

/** Where git looks for hooks: core.hooksPath when set (relative to the top level), else <git-dir>/hooks. */
export function hooksDir(cwd: string): string {
  const d = git(cwd, ['rev-parse', '--git-path', 'hooks']).trim();
  return isAbsolute(d) ? d : join(cwd, d);
}

export function configValue(cwd: string, key: string): string | undefined {
  const r = runGit(cwd, ['config', '--get', key]);
  return r.status === 0 ? r.stdout.trim() || undefined : undefined;
}

export function hasCommits(cwd: string): boolean {
  return runGit(cwd, ['rev-parse', '--verify', '-q', 'HEAD']).status === 0;
}

export function headCommit(cwd: string): string | undefined {
  const r = runGit(cwd, ['rev-parse', '--verify', '-q', 'HEAD']);
  return r.status === 0 ? r.stdout.trim() : undefined;
}

export function stagedPaths(cwd: string): string[] {
  return git(cwd, ['diff', '--cached', '--name-only', '-z']).split('\0').filter(Boolean);
}

/**
 * Commit exactly `paths` (ledger-relative, already written). Other staged changes of the user are
 * left alone: then `commit -- <paths>` is used, else the cheaper `add && commit` (DESIGN.md §2).
 * crisp's own commits set CRISP_COMMITTING=1 so the pre-commit hook `crisp hooks install` writes
 * can skip validating again.
 */
export function commitPaths(cwd: string, paths: readonly string[], message: string, newPaths: readonly string[] = paths): string {
  const env = { CRISP_COMMITTING: '1' };
  const others = stagedPaths(cwd).filter((p) => !paths.includes(p));
  // New files must be added first; files git already tracks are staged by `commit --include`,
  // which saves a second pass over the index (it matters at 50k files).
  const add = (which: readonly string[]) => {
    const r = runGitWaitingForIndex(cwd, ['add', '-A', '--', ...which]);
    if (r.status !== 0) throw commitFailure(r);
  };
  if (newPaths.length) add(newPaths);
  const commit = () => runGitWaitingForIndex(cwd, ['commit', '-q', '-m', message, others.length ? '--only' : '--include', '--', ...paths], { env });
  let r = commit();
  // A file that was on disk but never added (written by hand, say): git stops before doing anything.
  if (r.status !== 0 && UNKNOWN_PATH.test(`${r.stderr}\n${r.stdout}`)) {
    add(paths);
    r = commit();
  }
  if (r.status !== 0) {
    runGitWaitingForIndex(cwd, ['reset', '-q', '--', ...paths]);
    throw commitFailure(r);
  }
  return headCommit(cwd) ?? '';
}

const INDEX_LOCKED = /index\.lock/;
const UNKNOWN_PATH = /did not match any file\(s\) known to git|nothing added to commit but untracked files present/;
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Run a git command that takes the index lock, waiting briefly while another git (an editor's
 * status poll, a second terminal) holds it. git gives up at once on a held lock, before changing
 * anything, so trying again is safe; after about `patienceMs` the failure goes to the user.
 */
export function runGitWaitingForIndex(cwd: string, args: readonly string[], opts: Parameters<typeof runGit>[2] = {}, patienceMs = 5000): GitResult {
  const start = Date.now();
  let wait = 20;
  for (;;) {
    const r = runGit(cwd, args, opts);
    if (r.status === 0 || !INDEX_LOCKED.test(r.stderr) || Date.now() - start > patienceMs) return r;
    pause(wait);
    wait = Math.min(wait * 2, 250);
  }
}

function commitFailure(r: GitResult): CrispError {
  const what = (r.stderr || r.stdout).trim();
  if (/Please tell me who you are|empty ident|user\.email/i.test(what)) {
    return gitError('git-identity', 'git does not know who you are, so it cannot commit', 'run: git config user.name "Your Name" && git config user.email you@example.com');
  }
  if (INDEX_LOCKED.test(what)) {
    return gitError('git-locked', 'another git process has held the index lock for over 5 seconds, so crisp could not commit; nothing was changed', 'wait for it to finish; if no git is running, remove .git/index.lock');
  }
  return gitError('commit-rejected', `git refused the commit: ${what.split('\n').slice(0, 8).join('\n') || 'no reason given (a hook?)'}`, 'fix what the hook or git says, then run the command again; nothing was changed');
}

export interface LogEntry {
  commit: string;
  date: string;
  author: string;
  email: string;
  subject: string;
  /** The files under the paths asked about that the commit added (A), modified (M) or deleted (D). */
  files: { status: string; path: string }[];
}

/** The commits that touched any of `paths`, newest first, with the files of theirs each touched. */
export function logForPaths(cwd: string, paths: readonly string[]): LogEntry[] {
  if (!hasCommits(cwd)) return [];
  // Each commit: RS, its fields split by US, then NUL-separated pairs of status and path.
  const out = git(cwd, ['log', '--no-renames', '--name-status', '-z', '--format=%x1e%H%x1f%aI%x1f%an%x1f%ae%x1f%s%x1f', '--', ...paths]);
  return out
    .split('\x1e')
    .filter((rec) => rec.trim())
    .map((rec) => {
      const [commit, date, author, email, subject, rest = ''] = rec.split('\x1f') as [string, string, string, string, string, string?];
      const parts = rest.split('\0').map((t) => t.replace(/^\n+/, ''));
      const files: LogEntry['files'] = [];
      for (let i = 0; i + 1 < parts.length; i++) {
        if (!/^[AMDT]$/.test(parts[i]!) || !parts[i + 1]) continue;
        files.push({ status: parts[i]!, path: parts[i + 1]! });
        i++;
      }
      return { commit, date, author, email, subject, files };
    });
}

/** A file's content at a commit, or undefined when it did not exist there. */
export function showFile(cwd: string, rev: string, path: string): string | undefined {
  const r = runGit(cwd, ['show', `${assertSafeRef(rev)}:${path}`]);
  return r.status === 0 ? r.stdout : undefined;
}

export function resolveRef(cwd: string, ref: string): string {
  const r = runGit(cwd, ['rev-parse', '--verify', '-q', `${assertSafeRef(ref)}^{commit}`]);
  if (r.status !== 0) throw new CrispError('unknown-ref', `git knows no commit called "${ref}"`, { hint: 'check the name with `git log --oneline` or `git branch -a`' });
  return r.stdout.trim();
}

/**
 * Changed files, relative to cwd: `paths` are the files that exist after the change (added,
 * modified, the new name of a renamed file), `removed` the files the change took away (deleted,
 * and the old name of a renamed file: git is asked with --no-renames, so a rename is a delete and
 * an add whatever diff.renames says).
 */
export interface ChangedPaths {
  paths: string[];
  removed: string[];
}

/** `git diff --name-status -z` output as files: A added, D deleted, anything else modified. */
function readNameStatus(out: string): ChangedFile[] {
  const parts = out.split('\0').filter(Boolean);
  const files: ChangedFile[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const s = parts[i]![0];
    files.push({ status: s === 'A' ? 'A' : s === 'D' ? 'D' : 'M', path: parts[i + 1]! });
  }
  return files;
}

const pathsAndRemoved = (files: readonly ChangedFile[]): ChangedPaths => ({
  paths: files.filter((f) => f.status !== 'D').map((f) => f.path),
  removed: files.filter((f) => f.status === 'D').map((f) => f.path),
});

/** Ledger files changed since `ref` (committed, staged, unstaged) plus untracked ones. */
export function changedSince(cwd: string, ref: string): ChangedPaths {
  return pathsAndRemoved(changedFiles(cwd, ref, undefined, ['.']));
}

/** Files staged for the next commit. */
export function stagedChanges(cwd: string): ChangedPaths {
  return pathsAndRemoved(readNameStatus(git(cwd, ['diff', '--cached', '--name-status', '--no-renames', '--relative', '-z', '--', '.'])));
}

/** Where the current branch syncs: its upstream, else `origin` (or the only remote) and the same branch name. */
export function syncTarget(cwd: string): { remote: string; branch: string; local: string } | undefined {
  const local = currentBranch(cwd);
  if (!local) return undefined;
  const remote = configValue(cwd, `branch.${local}.remote`);
  const merge = configValue(cwd, `branch.${local}.merge`);
  if (remote && merge && remote !== '.') return { remote, branch: merge.replace(/^refs\/heads\//, ''), local };
  const pick = pushRemote(cwd);
  return pick ? { remote: pick, branch: local, local } : undefined;
}

export function fetchRemote(cwd: string, remote: string): GitResult {
  return runGit(cwd, ['fetch', '-q', '--', assertSafeRef(remote)]);
}

export function remoteBranchExists(cwd: string, remote: string, branch: string): boolean {
  return runGit(cwd, ['rev-parse', '--verify', '-q', `refs/remotes/${assertSafeRef(remote)}/${assertSafeRef(branch)}^{commit}`]).status === 0;
}

/** Commits on `a` that `b` lacks. */
export function countAhead(cwd: string, a: string, b: string): number {
  return Number(git(cwd, ['rev-list', '--count', `${assertSafeRef(b)}..${assertSafeRef(a)}`]).trim());
}

/** Files git holds as unmerged (conflicted), relative to the top level. */
function unmergedPaths(cwd: string): string[] {
  return runGit(cwd, ['diff', '--name-only', '-z', '--diff-filter=U']).stdout.split('\0').filter(Boolean);
}

/**
 * Rebase the current branch onto `onto`, uncommitted changes set aside and put back (autostash).
 * On a conflict between commits, abort (keeping every local commit) and name the files. When the
 * commits went through but putting the uncommitted changes back conflicted, git keeps them in its
 * stash and leaves the files conflicted: `stashed` names them.
 */
export function rebaseOnto(cwd: string, onto: string): { ok: true } | { ok: false; files: string[]; message: string; stashed?: boolean } {
  const r = runGit(cwd, ['rebase', '-q', '--autostash', assertSafeRef(onto)], { env: { GIT_EDITOR: 'true' } });
  const files = unmergedPaths(cwd);
  if (r.status === 0) return files.length ? { ok: false, files, message: (r.stderr || r.stdout).trim(), stashed: true } : { ok: true };
  if (operationInProgress(cwd) === 'rebase') runGit(cwd, ['rebase', '--abort']);
  return { ok: false, files, message: (r.stderr || r.stdout).trim() };
}

/**
 * Files whose content differs from HEAD's, staged or not: every such file of the repository
 * (relative to its top level), or those among `paths` (relative to cwd). None before a first commit.
 */
export function uncommittedPaths(cwd: string, paths?: readonly string[]): string[] {
  if (paths && !paths.length) return [];
  const r = runGit(cwd, ['diff', '--name-only', '-z', ...(paths ? ['--relative'] : []), 'HEAD', '--', ...(paths ?? [])]);
  return r.status === 0 ? r.stdout.split('\0').filter(Boolean) : [];
}

/** Files with uncommitted changes (staged or not) that the commits of `upstream` not in HEAD change too, relative to the top level. */
export function uncommittedOverlap(cwd: string, upstream: string): string[] {
  const incoming = new Set(git(cwd, ['diff', '--name-only', '-z', `HEAD...${assertSafeRef(upstream)}`]).split('\0').filter(Boolean));
  if (!incoming.size) return [];
  return uncommittedPaths(cwd).filter((f) => incoming.has(f)).sort();
}

/** Commits of HEAD that no branch of `remote` has (what a push of a new branch sends). */
export function commitsNotOn(cwd: string, remote: string): number {
  return Number(git(cwd, ['rev-list', '--count', 'HEAD', '--not', `--remotes=${assertSafeRef(remote)}`]).trim());
}

/** Push a local branch to a remote branch; the caller reads the result (a rejected push is retried by sync). */
export function tryPush(cwd: string, remote: string, local: string, branch: string, setUpstream: boolean): GitResult {
  return runGit(cwd, ['push', '-q', ...(setUpstream ? ['-u'] : []), '--', assertSafeRef(remote), `refs/heads/${assertSafeRef(local)}:refs/heads/${assertSafeRef(branch)}`]);
}

/**
 * What git can say cheaply about the files under `folders` (paths relative to `cwd`):
 * - `tracked`: the index's blob id of every tracked file, and `links`, those the index holds as
 *   symbolic links (mode 120000);
 * - `modified` / `deleted`: the few tracked files whose work-tree state differs from the index
 *   (`git diff-files`, which checks the stat data of every file in parallel threads);
 * - `untracked` (only when asked; it walks every folder): files git neither tracks nor ignores;
 * - `index`: the raw index listing, so a digest of it plus the changed files names every file.
 * Undefined when `cwd` is not in a git work tree.
 */
export interface WorktreeScan {
  tracked: Map<string, string>;
  links: Set<string>;
  modified: Set<string>;
  deleted: Set<string>;
  untracked?: Set<string>;
  index: string;
}

export function scanWorktree(cwd: string, folders: readonly string[], opts: { untracked?: boolean } = {}): WorktreeScan | undefined {
  const listed = runGit(cwd, scanArgs.listed(folders));
  if (listed.status !== 0) return undefined;
  const diff = git(cwd, scanArgs.diff(folders));
  return readScan(listed.stdout, diff, opts.untracked ? git(cwd, scanArgs.untracked(folders)) : undefined);
}

/**
 * scanWorktree with git's three listings run at once (they read the index and the work tree, and
 * write nothing), while this process goes on with other work; for commands that read it all.
 */
export async function scanWorktreeAsync(cwd: string, folders: readonly string[], opts: { untracked?: boolean } = {}): Promise<WorktreeScan | undefined> {
  const [listed, diff, untracked] = await Promise.all([
    runGitAsync(cwd, scanArgs.listed(folders)),
    runGitAsync(cwd, scanArgs.diff(folders)),
    opts.untracked ? runGitAsync(cwd, scanArgs.untracked(folders)) : undefined,
  ]);
  if (listed.status !== 0) return undefined;
  for (const r of [diff, untracked]) {
    if (r && r.status !== 0) throw gitError('git-failed', `git failed: ${(r.stderr || r.stdout).trim().split('\n')[0]}`, 'run `git status` to see more');
  }
  return readScan(listed.stdout, diff.stdout, untracked?.stdout);
}

/** Files git neither tracks nor ignores, under `folders` (the whole work tree by default), relative to cwd. */
export function untrackedPaths(cwd: string, folders: readonly string[] = ['.']): string[] {
  return git(cwd, scanArgs.untracked(folders)).split('\0').filter(Boolean);
}

/** Whole-work-tree scans started early (see startWorktreeScan), by work tree folder. */
const startedScans = new Map<string, Promise<WorktreeScan | undefined>>();

/**
 * Start scanWorktreeAsync of a whole work tree (untracked files too) now, before the code that
 * wants it has loaded: git works on another core meanwhile. A scan nobody takes costs nothing but
 * that (git only reads).
 */
export function startWorktreeScan(cwd: string): void {
  if (startedScans.has(cwd)) return;
  const scan = scanWorktreeAsync(cwd, ['.'], { untracked: true });
  scan.catch(() => undefined); // whoever takes it sees the failure
  startedScans.set(cwd, scan);
}

/** The whole work tree's scan: the one startWorktreeScan started (handed over once), else a new one. */
export function takeWorktreeScan(cwd: string): Promise<WorktreeScan | undefined> {
  const scan = startedScans.get(cwd);
  startedScans.delete(cwd);
  return scan ?? scanWorktreeAsync(cwd, ['.'], { untracked: true });
}

const scanArgs = {
  listed: (folders: readonly string[]) => ['ls-files', '-s', '-z', '--', ...folders],
  diff: (folders: readonly string[]) => ['diff-files', '--name-status', '--relative', '-z', '--', ...folders],
  untracked: (folders: readonly string[]) => ['ls-files', '-o', '--exclude-standard', '-z', '--', ...folders],
};

function readScan(listed: string, diffFiles: string, others: string | undefined): WorktreeScan {
  const tracked = new Map<string, string>();
  const links = new Set<string>();
  for (const entry of listed.split('\0')) {
    if (!entry) continue;
    // "<mode> <blob> <stage>\t<path>"
    const tab = entry.indexOf('\t');
    const path = entry.slice(tab + 1);
    tracked.set(path, entry.slice(7, tab - 2));
    if (entry.startsWith('120000 ')) links.add(path);
  }
  const modified = new Set<string>();
  const deleted = new Set<string>();
  // "<status>\0<path>\0" pairs: M modified, T type changed, D deleted, U unmerged.
  const diff = diffFiles.split('\0');
  for (let i = 0; i + 1 < diff.length; i += 2) {
    if (diff[i] === 'D') deleted.add(diff[i + 1]!);
    else modified.add(diff[i + 1]!);
  }
  for (const p of deleted) modified.delete(p);
  const untracked = others === undefined ? undefined : new Set(others.split('\0').filter(Boolean));
  return { tracked, links, modified, deleted, untracked, index: listed };
}

/** The checked-out branch, or undefined on a detached HEAD. */
export function currentBranch(cwd: string): string | undefined {
  const r = runGit(cwd, ['symbolic-ref', '--quiet', '--short', 'HEAD']);
  return r.status === 0 ? r.stdout.trim() || undefined : undefined;
}

export function branchExists(cwd: string, branch: string): boolean {
  return runGit(cwd, ['rev-parse', '--verify', '-q', `refs/heads/${assertSafeRef(branch)}`]).status === 0;
}

/** Switch branches, carrying uncommitted changes along (git refuses when they would be overwritten). */
export function switchBranch(cwd: string, branch: string, create = false): void {
  git(cwd, ['switch', '-q', ...(create ? ['-c'] : []), assertSafeRef(branch)], {
    hint: 'commit or stash the changes git names, then run the command again',
  });
}

/** The remote to push to: `origin` if there is one, else the only one, else undefined. */
export function pushRemote(cwd: string): string | undefined {
  const names = git(cwd, ['remote']).split('\n').map((s) => s.trim()).filter(Boolean);
  if (names.includes('origin')) return 'origin';
  return names.length === 1 ? names[0] : undefined;
}

export function remoteUrl(cwd: string, remote: string): string | undefined {
  return configValue(cwd, `remote.${assertSafeRef(remote)}.url`);
}

export function pushBranch(cwd: string, remote: string, branch: string): void {
  git(cwd, ['push', '-q', '-u', assertSafeRef(remote), `refs/heads/${assertSafeRef(branch)}:refs/heads/${branch}`], {
    hint: `push it yourself when the remote is reachable: git push -u ${remote} ${branch}`,
  });
}

/** Paths (relative to cwd) that differ from HEAD (staged or not) or are untracked, among `paths`. */
export function dirtyPaths(cwd: string, paths: readonly string[]): string[] {
  if (!paths.length) return [];
  const worktree = git(cwd, ['ls-files', '--modified', '--deleted', '--others', '--exclude-standard', '-z', '--', ...paths]).split('\0');
  const staged = hasCommits(cwd) ? git(cwd, ['diff', '--cached', '--name-only', '--relative', '-z', '--', ...paths]).split('\0') : [];
  return [...new Set([...worktree, ...staged].filter(Boolean))].sort();
}

export interface ChangedFile {
  status: 'A' | 'M' | 'D';
  path: string;
}

/**
 * Files that differ between two commits (or a commit and the work tree when `head` is undefined),
 * under `folders`, relative to cwd. Renames show as a delete and an add.
 */
export function changedFiles(cwd: string, base: string, head: string | undefined, folders: readonly string[]): ChangedFile[] {
  const args = ['diff', '--name-status', '--no-renames', '--relative', '-z', resolveRef(cwd, base), ...(head ? [resolveRef(cwd, head)] : []), '--', ...folders];
  const out = readNameStatus(git(cwd, args));
  if (!head) {
    for (const p of untrackedPaths(cwd, folders)) out.push({ status: 'A', path: p });
  }
  return out;
}

/**
 * Who added each file under `pathspec`: path (relative to cwd) → the author email of the commit that
 * added it. Files added by a root commit (a ledger's first, bulk import) are left out.
 */
export function addedByEmail(cwd: string, pathspec: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!isRepo(cwd) || !hasCommits(cwd)) return out;
  const log = git(cwd, ['log', '--diff-filter=A', '--name-only', '--relative', '-z', '--format=%x1e%P%x1f%ae', '--', pathspec]);
  for (const chunk of log.split('\x1e')) {
    if (!chunk.trim()) continue;
    const [head, ...rest] = chunk.split('\0');
    const nl = head!.indexOf('\n');
    const meta = nl === -1 ? head! : head!.slice(0, nl);
    const firstFile = nl === -1 ? '' : head!.slice(nl + 1);
    const [parents, email] = meta.split('\x1f') as [string, string];
    if (!parents.trim()) continue;
    for (const f of [firstFile, ...rest].map((s) => s.replace(/^\n+/, '')).filter(Boolean)) if (!out.has(f)) out.set(f, email);
  }
  return out;
}

/** The commits on HEAD's first-parent line, newest first, with their author dates. */
export function firstParentCommits(cwd: string): { commit: string; authored: string }[] {
  if (!hasCommits(cwd)) return [];
  return git(cwd, ['log', '--first-parent', '--format=%H %aI', 'HEAD'])
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [commit, authored] = line.split(' ') as [string, string];
      return { commit, authored };
    });
}

/** A commit's author date (ISO). */
export function authorDate(cwd: string, commit: string): string {
  return git(cwd, ['show', '-s', '--format=%aI', assertSafeRef(commit)]).trim();
}

/**
 * The files under `folders` (relative to `cwd`) as they were at `commit`, read from git's object
 * store: the work tree and the index are not touched. Paths come back relative to `cwd`.
 */
export function filesAtCommit(cwd: string, commit: string, folders: readonly string[]): Map<string, Buffer> {
  const listing = git(cwd, ['ls-tree', '-r', '-z', assertSafeRef(commit), '--', ...folders]);
  const blobs: { path: string; blob: string }[] = [];
  for (const entry of listing.split('\0')) {
    if (!entry) continue;
    // "<mode> <type> <object>\t<path>"; symbolic links (120000) are not ledger files.
    const tab = entry.indexOf('\t');
    const [mode, type, blob] = entry.slice(0, tab).split(' ') as [string, string, string];
    if (type === 'blob' && mode !== '120000') blobs.push({ path: entry.slice(tab + 1), blob });
  }
  const out = new Map<string, Buffer>();
  if (!blobs.length) return out;
  const r = spawnSync('git', ['cat-file', '--batch'], { cwd, env: GIT_ENV, input: blobs.map((b) => b.blob).join('\n') + '\n', maxBuffer: 1024 * 1024 * 1024 });
  if (r.error || r.status !== 0) throw gitError('git-failed', `git cat-file failed: ${String(r.stderr ?? r.error?.message ?? '').trim()}`, 'run `git fsck` to check the repository');
  const buf = r.stdout as Buffer;
  let off = 0;
  for (const { path } of blobs) {
    const nl = buf.indexOf(0x0a, off);
    const header = buf.subarray(off, nl).toString('latin1').split(' ');
    const size = Number(header[2]);
    if (header[1] !== 'blob' || !Number.isFinite(size)) throw gitError('git-failed', `git cat-file gave an unexpected answer for ${path}`, 'run `git fsck` to check the repository');
    out.set(path, buf.subarray(nl + 1, nl + 1 + size));
    off = nl + 1 + size + 1;
  }
  return out;
}

/** How many files git's index lists (its header says), or 0 when it cannot be read (no git, or a linked work tree). */
export function indexEntries(root: string): number {
  let fd: number | undefined;
  try {
    fd = openSync(join(root, '.git', 'index'), 'r');
    const head = Buffer.alloc(12);
    return readSync(fd, head, 0, 12, 0) === 12 && head.toString('latin1', 0, 4) === 'DIRC' ? head.readUInt32BE(8) : 0;
  } catch {
    return 0;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
