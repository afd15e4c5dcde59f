/** Person rules beyond the schema: dated roles and crisplet switches that make sense (DESIGN.md §6). */
import type { LedgerRecord } from '../ledger/store.js';
import { problem, type Problem } from './problems.js';

export function personRules(rec: LedgerRecord): Problem[] {
  const d = rec.data as { roles?: { role: string; since?: string; until?: string }[]; crisplet?: { on?: string; off?: string }[] };
  const out: Problem[] = [];
  (d.roles ?? []).forEach((r, i) => {
    if (r && typeof r.since === 'string' && typeof r.until === 'string' && r.until < r.since) {
      out.push(problem('error', rec.path, rec.lineOf(['roles', i]), 'role-dates', `the ${r.role} role ends (${r.until}) before it starts (${r.since})`, 'fix since/until; end a role with `crisp person roles <id> --end <role> --on <date>`'));
    }
  });
  (d.crisplet ?? []).forEach((c, i) => {
    if (!c || typeof c !== 'object') return;
    const keys = ['on', 'off'].filter((k) => (c as Record<string, unknown>)[k] !== undefined);
    if (keys.length !== 1) {
      out.push(problem('error', rec.path, rec.lineOf(['crisplet', i]), 'crisplet-entry', 'each crisplet entry is either `{ on: <date> }` or `{ off: <date> }`', 'use `crisp person set <id> --crisplet on|off --from <date>`'));
    }
  });
  return out;
}
