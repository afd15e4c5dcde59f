/**
 * Work a command can start before its own code has loaded (cli.ts calls this first, then imports
 * the command): for `validate`, git's scan of the whole work tree, which then runs beside the
 * import. Best effort: anything odd (no ledger here, a flag it cannot read) and nothing is started;
 * the command finds that out properly itself.
 */
import { startWorktreeScan } from '../git/index.js';
import { findLedgerRoot } from './root.js';

/** The value of `--ledger <dir>` or `--ledger=<dir>` before a `--`, if given. */
function ledgerFlag(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a === '--ledger') return argv[i + 1];
    if (a.startsWith('--ledger=')) return a.slice('--ledger='.length);
  }
  return undefined;
}

export function startEarly(group: string, argv: readonly string[]): void {
  // A whole-ledger validate only: --staged and --changed-since look at a few files.
  if (group !== 'validate' || argv.some((a) => a === '--staged' || a.startsWith('--changed-since') || a === '--help' || a === '-h')) return;
  try {
    startWorktreeScan(findLedgerRoot(ledgerFlag(argv)));
  } catch {
    /* not in a ledger: the command says so */
  }
}
