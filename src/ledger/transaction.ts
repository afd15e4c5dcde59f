/**
 * A change to the ledger: the files one command writes, applied atomically file by file and
 * committed as exactly those paths. If git refuses the commit, every file is put back as it was.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CrispError, gitError } from '../errors.js';
import { commitPaths, operationInProgress, uncommittedPaths, workTreeGitDir } from '../git/index.js';
import { linkedFolderOn, writeFileAtomic } from './files.js';

export class Change {
  readonly files = new Map<string, string | null>();
  /**
   * Files whose changes not committed yet go into this commit on purpose: the one `crisp edit`
   * showed in the editor, the proposal `proposal send` sends as it is. Any other file with changes
   * not committed yet is refused: they would go into crisp's commit under crisp's message.
   */
  readonly takesUncommitted = new Set<string>();
  constructor(public message: string) {}

  write(path: string, text: string): this {
    this.files.set(path, text);
    return this;
  }

  remove(path: string): this {
    this.files.set(path, null);
    return this;
  }

  get paths(): string[] {
    return [...this.files.keys()];
  }
}

/** One line, no control characters: a title can never forge a second commit-message header. */
export function commitMessage(group: string, verb: string, title: string, id?: string): string {
  const clean = title.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  const short = clean.length > 60 ? `${clean.slice(0, 59)}…` : clean;
  return `${group} ${verb}: ${short}${id ? ` (${id})` : ''}`;
}

export function assertCanCommit(root: string): void {
  const dir = workTreeGitDir(root);
  if (!dir) {
    throw gitError('not-a-repo', `${root} is not in a git repository, so crisp cannot commit`, 'run `git init` there, or pass --no-commit (or set `commit: off` in crisp.yaml)');
  }
  const op = operationInProgress(root, dir);
  if (op) {
    throw gitError('git-busy', `the ledger is in the middle of a ${op}`, `finish it (git ${op} --continue) or abort it (git ${op} --abort), then run the command again`);
  }
}

export interface Applied {
  paths: string[];
  commit?: string;
  /** Said on stderr after the commit note (e.g. a push that failed after a good commit). */
  warnings?: string[];
}

export function applyChange(root: string, change: Change, commit: boolean): Applied {
  for (const path of change.paths) {
    const linked = linkedFolderOn(root, path);
    if (linked || path.startsWith('/') || path.split('/').includes('..')) {
      throw new CrispError('unsafe-path', `crisp will not write ${path}: ${linked ? `folder ${linked} is a symbolic link` : 'it is outside the ledger'}`, {
        hint: linked ? `replace the link ${linked} with a real folder (crisp validate reports it)` : 'this is a bug in crisp; please report it',
      });
    }
  }
  const notes: string[] = [];
  if (commit) {
    assertCanCommit(root);
    const dirty = uncommittedPaths(root, change.paths.filter((p) => existsSync(join(root, p))));
    const uncommitted = dirty.filter((p) => !change.takesUncommitted.has(p));
    const taken = dirty.filter((p) => change.takesUncommitted.has(p));
    if (taken.length) notes.push(`note: the commit includes the changes to ${taken.join(', ')} that were not committed yet`);
    if (uncommitted.length) {
      throw new CrispError('uncommitted-changes', `${uncommitted.join(', ')} ${uncommitted.length === 1 ? 'has' : 'have'} changes not committed yet, which crisp would commit under its own message`, {
        hint: `commit them first (git commit -- ${uncommitted[0]}), or undo them (git restore -- ${uncommitted[0]}), then run the command again; \`crisp edit\` commits them with your edit`,
      });
    }
  }
  const before = new Map<string, string | null>();
  for (const path of change.paths) {
    const abs = join(root, path);
    const old = existsSync(abs) ? readFileSync(abs, 'utf8') : null;
    // A write that changes nothing is no change: no file touched, no empty commit.
    if (old === change.files.get(path)) change.files.delete(path);
    else before.set(path, old);
  }
  if (change.files.size === 0) return { paths: [] };
  const restore = () => {
    for (const [path, text] of before) {
      const abs = join(root, path);
      if (text === null) rmSync(abs, { force: true });
      else writeFileAtomic(abs, text);
    }
  };
  try {
    for (const [path, text] of change.files) {
      if (text === null) rmSync(join(root, path), { force: true });
      else writeFileAtomic(join(root, path), text);
    }
    if (!commit) return { paths: change.paths };
    // Files that were not there before are new to git too (an untracked one is added on the way).
    const created = change.paths.filter((p) => before.get(p) === null);
    return { paths: change.paths, commit: commitPaths(root, change.paths, change.message, created), ...(notes.length && { warnings: notes }) };
  } catch (e) {
    restore();
    throw e;
  }
}
