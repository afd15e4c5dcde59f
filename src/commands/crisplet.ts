/** Opting in and out of the sales crisplet: `crisp person set <id> --crisplet on|off --from <date>`. */
import { CrispError } from '../errors.js';
import { crispletSwitchRefusal, type CrispletEntry } from '../domain/crisplet.js';
import type { Edit } from '../ledger/codec.js';
import type { LedgerRecord } from '../ledger/store.js';

/** The edit that appends `{ on: date }` or `{ off: date }`, refused when it would not switch anything. */
export function crispletSwitchEdit(rec: LedgerRecord, on: boolean, from: string): Edit {
  const refusal = crispletSwitchRefusal(rec.data.crisplet as CrispletEntry[] | undefined, on, from);
  if (refusal) throw new CrispError('crisplet-refused', `${rec.id}: ${refusal}`, { hint: `crisp person show ${rec.id} shows the crisplet dates` });
  return { op: 'append', key: 'crisplet', item: on ? { on: from } : { off: from } };
}
