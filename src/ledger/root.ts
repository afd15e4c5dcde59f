/** Finding the ledger: `--ledger`, else `$CRISP_LEDGER`, else the nearest parent holding crisp.yaml. */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CrispError } from '../errors.js';

export const CONFIG_FILE = 'crisp.yaml';

export function findLedgerRoot(explicit: string | undefined, cwd = process.cwd()): string {
  const given = explicit ?? process.env.CRISP_LEDGER;
  if (given) {
    const dir = resolve(cwd, given);
    if (!existsSync(join(dir, CONFIG_FILE))) {
      throw new CrispError('no-ledger', `${dir} is not a crisp ledger (no ${CONFIG_FILE})`, {
        hint: `create one with \`crisp init ${given}\`, or point --ledger / CRISP_LEDGER at a folder holding ${CONFIG_FILE}`,
      });
    }
    return dir;
  }
  const found = nearestLedger(resolve(cwd));
  if (found) return found;
  throw new CrispError('no-ledger', 'not inside a crisp ledger (no crisp.yaml here or in any parent folder)', {
    hint: 'run `crisp init <dir>` to make one, or pass --ledger <dir> (or set CRISP_LEDGER)',
  });
}

const holdsConfig = (dir: string) => existsSync(join(dir, CONFIG_FILE)) && statSync(join(dir, CONFIG_FILE)).isFile();

/** The nearest folder holding crisp.yaml: `dir` itself or a parent of it (absolute paths). */
export function nearestLedger(dir: string): string | undefined {
  for (;;) {
    if (holdsConfig(dir)) return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** The ledger a folder would sit inside: the nearest parent of `dir` (not `dir` itself) holding crisp.yaml. */
export function enclosingLedger(dir: string): string | undefined {
  const up = dirname(resolve(dir));
  return up === resolve(dir) ? undefined : nearestLedger(up);
}
