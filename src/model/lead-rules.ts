/** Lead rules beyond the schema: stage-dependent fields (DESIGN.md §4, §6). */
import type { LedgerRecord } from '../ledger/store.js';
import { problem, type Problem } from './problems.js';

export function leadRules(rec: LedgerRecord): Problem[] {
  const d = rec.data as { stage?: string; client?: string; org?: string; on_hold_from?: string; stage_history?: { stage: string; date: string; reason?: string }[]; stage_entered?: string };
  const out: Problem[] = [];
  const line = (k: string) => rec.lineOf([k]);
  if (!d.client && !d.org) {
    out.push(problem('error', rec.path, line('title'), 'missing-client', 'a lead names its `client` (a client record) or its `org` (a name)', 'add `client: <client-id>` or `org: "Organisation name"`'));
  }
  if (d.stage === 'won' && !d.client) {
    out.push(problem('error', rec.path, line('stage'), 'stage-requires', 'a won lead needs a `client` record', 'create it with `crisp client add` and set `client:` (signing a proposal does this)'));
  }
  if (d.stage === 'on-hold' && !d.on_hold_from) {
    out.push(problem('error', rec.path, line('stage'), 'stage-requires', 'an on-hold lead needs `on_hold_from` (the stage it returns to)', 'add `on_hold_from: <stage>` (see `crisp help pipeline`)'));
  }
  if (d.stage === 'lost') {
    const last = d.stage_history?.[d.stage_history.length - 1];
    if (!last || last.stage !== 'lost' || !last.reason) {
      out.push(problem('warning', rec.path, line('stage'), 'stage-requires', 'a lost lead should record why in its stage_history', 'move it with `crisp lead stage <id> lost --reason "..."`'));
    }
  }
  const last = d.stage_history?.[d.stage_history.length - 1];
  if (last && (last.stage !== d.stage || last.date !== d.stage_entered)) {
    out.push(problem('warning', rec.path, line('stage_history'), 'stage-history', `stage_history ends with ${last.stage} on ${last.date}, but the lead is in ${d.stage} since ${d.stage_entered}`, 'move leads with `crisp lead stage` so history and stage agree (see `crisp help pipeline`)'));
  }
  return out;
}
