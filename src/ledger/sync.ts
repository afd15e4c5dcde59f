/**
 * Sharing a ledger through a normal git remote (issue 4, DESIGN.md §6 "Sync"): fetch, rebase the
 * local commits on the remote branch, push, and retry a push the remote rejected because someone
 * pushed in between. Bun and team events are one new file per step, so they never conflict; a real
 * conflict (two edits of one lead) aborts the rebase, keeps every local commit and says what to do.
 */
import { CrispError, gitError } from '../errors.js';
import { commitsNotOn, countAhead, currentBranch, fetchRemote, rebaseOnto, tryPush, remoteBranchExists, syncTarget, uncommittedOverlap } from '../git/index.js';
import { assertCanCommit } from './transaction.js';

export interface SyncResult {
  remote: string;
  branch: string;
  /** Commits that came in from the remote. */
  pulled: number;
  /** Local commits pushed. */
  pushed: number;
}

function target(root: string) {
  // Not in the middle of a rebase or merge (a sync would make it worse), and on a branch.
  assertCanCommit(root);
  if (!currentBranch(root)) {
    throw gitError('detached-head', 'HEAD is detached, so there is no branch to sync', 'check out the ledger\'s branch (git switch <branch>), then run crisp sync again');
  }
  const t = syncTarget(root);
  if (!t) {
    throw gitError('no-remote', 'this ledger has no remote to sync with', 'add one: git remote add origin <url> (and check out a branch, not a detached HEAD)');
  }
  return t;
}

function fetchOrFail(root: string, remote: string): void {
  const f = fetchRemote(root, remote);
  if (f.status !== 0) {
    throw gitError('fetch-failed', `could not fetch from ${remote}: ${(f.stderr || f.stdout).trim().split('\n')[0]}`, 'check the network and your access to the remote, then run `crisp sync` again; nothing was changed');
  }
}

/** Fetch and rebase local commits on the remote branch. Returns how many commits came in. */
export function pullLedger(root: string): { remote: string; branch: string; local: string; pulled: number } {
  const t = target(root);
  fetchOrFail(root, t.remote);
  if (!remoteBranchExists(root, t.remote, t.branch)) return { ...t, pulled: 0 };
  const upstream = `${t.remote}/${t.branch}`;
  const pulled = countAhead(root, upstream, 'HEAD');
  if (pulled === 0) return { ...t, pulled };
  // Uncommitted changes are set aside and put back around the rebase; ones to files the incoming
  // commits change would come back conflicted, so they stop the sync before anything moves.
  const overlap = uncommittedOverlap(root, upstream);
  if (overlap.length) {
    throw new CrispError('sync-uncommitted', `you have uncommitted changes to ${overlap.length === 1 ? 'a file' : `${overlap.length} files`} that commits from ${upstream} change too; nothing was changed`, {
      exit: 3,
      details: overlap.map((f) => `uncommitted: ${f}`),
      hint: `commit your changes (git commit) or set them aside (git stash), then run crisp sync again`,
    });
  }
  const r = rebaseOnto(root, upstream);
  if (!r.ok && r.stashed) {
    throw new CrispError('sync-conflict', `the commits from ${upstream} came in, but your uncommitted changes conflict with them; git keeps those changes in its stash`, {
      exit: 3,
      details: r.files.map((f) => `conflict: ${f}`),
      hint: 'edit the files listed (keep both sides\' lines where you can), git add them, git stash drop, then crisp validate; or git checkout HEAD -- <file> for the remote\'s version and git stash pop later',
    });
  }
  if (!r.ok) {
    throw new CrispError('sync-conflict', `your commits and ${upstream} change the same ${r.files.length === 1 ? 'file' : 'files'}; the rebase was undone and every local commit is kept`, {
      exit: 3,
      details: r.files.length ? r.files.map((f) => `conflict: ${f}`) : [r.message.split('\n')[0] ?? ''],
      hint: `to fix by hand: git pull --rebase ${t.remote} ${t.branch}, edit the files listed (keep both sides' lines where you can), git add them, git rebase --continue, then crisp validate and crisp sync`,
    });
  }
  return { ...t, pulled };
}

/** Push local commits; when the remote moved meanwhile, pull again and retry a few times. */
export function pushLedger(root: string, attempts = 3): number {
  const t = target(root);
  for (let i = 0; ; i++) {
    const hasRemote = remoteBranchExists(root, t.remote, t.branch);
    const ahead = hasRemote ? countAhead(root, 'HEAD', `${t.remote}/${t.branch}`) : commitsNotOn(root, t.remote);
    // A branch the remote does not have yet is pushed even with nothing new on it: it starts there.
    if (ahead === 0 && hasRemote) return 0;
    const r = tryPush(root, t.remote, t.local, t.branch, !hasRemote);
    if (r.status === 0) return ahead;
    // Someone pushed in between (not a hook saying no, which git reports as "[remote rejected]").
    const rejected = /\[rejected\]|fetch first|non-fast-forward/i.test(r.stderr);
    if (!rejected || i + 1 >= attempts) {
      throw gitError('push-failed', `could not push to ${t.remote}/${t.branch}: ${r.stderr.trim().split('\n').slice(0, 3).join(' ')}`, 'your commits are safe locally; run `crisp sync` again later');
    }
    pullLedger(root);
  }
}

export function syncLedger(root: string): SyncResult {
  const pulled = pullLedger(root);
  const pushed = pushLedger(root);
  return { remote: pulled.remote, branch: pulled.branch, pulled: pulled.pulled, pushed };
}
