/**
 * Work a command can start before its own code has loaded (cli.ts calls this first, then imports
 * the command): for `validate`, git's scan of the whole work tree, which then runs beside the
 * import (Ledger.scanAhead takes it). Best effort: anything odd (no ledger here, a flag it cannot
 * read) and nothing is started; the command finds that out itself.
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

/**
 * Whether the command scans the whole work tree: validate does, but not with `--staged` or
 * `--changed-since`, which look at a few files. (`lead list` and the reports read whole kinds too,
 * but git's scan of their folders started this early competed with loading the command on the two
 * cores and made them no faster: they overlap it with reading their caches, see Ledger.prepare.)
 */
function scansEverything(group: string, argv: readonly string[]): boolean {
  const has = (flag: string) => argv.some((a) => a === flag || a.startsWith(`${flag}=`));
  return group === 'validate' && !has('--help') && !argv.includes('-h') && !has('--staged') && !has('--changed-since');
}

export function startEarly(group: string, argv: readonly string[]): void {
  if (!scansEverything(group, argv)) return;
  try {
    startWorktreeScan(findLedgerRoot(ledgerFlag(argv)));
  } catch {
    /* not in a ledger: the command says so */
  }
}
