/** `crisp sync`: fetch, rebase local commits on the remote branch, push (retrying a rejected push). */
import type { Command } from 'commander';
import { withLedgerLock } from '../ledger/lock.js';
import { syncLedger } from '../ledger/sync.js';
import type { Output } from '../output/index.js';
import type { Context } from './context.js';
import { action } from './run.js';

async function sync(ctx: Context): Promise<Output> {
  // Under the ledger lock, like every change: a command halfway through its commit is waited for.
  const r = await withLedgerLock(ctx.root, () => syncLedger(ctx.root));
  const s = (n: number) => (n === 1 ? '' : 's');
  return {
    json: r,
    human: `synced with ${r.remote}/${r.branch}: ${r.pulled} commit${s(r.pulled)} in, ${r.pushed} commit${s(r.pushed)} out`,
  };
}

export function register(program: Command): void {
  program
    .command('sync')
    .description('pull (rebase) and push the ledger through its git remote')
    .addHelpText(
      'after',
      `
Fetches, rebases your local commits on the remote branch, and pushes (retrying when someone pushed
meanwhile). Bun events never conflict. On a real conflict (two edits of one lead) the rebase is undone,
every local commit is kept, and crisp exits 3 listing the files and the steps to fix them.
Use --sync on any command (or \`sync: auto\` in crisp.yaml) to pull before and push after it.

Examples:
  crisp sync
  crisp --sync bun claim acme-coach`,
    )
    .action(action((ctx) => sync(ctx)));
}
