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
  let dir = resolve(cwd);
  for (;;) {
    if (existsSync(join(dir, CONFIG_FILE)) && statSync(join(dir, CONFIG_FILE)).isFile()) return dir;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new CrispError('no-ledger', 'not inside a crisp ledger (no crisp.yaml here or in any parent folder)', {
    hint: 'run `crisp init <dir>` to make one, or pass --ledger <dir> (or set CRISP_LEDGER)',
  });
}
