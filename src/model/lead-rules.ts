/** Lead rules beyond the schema: stage-dependent fields (DESIGN.md §4, §6). */
import type { LedgerRecord } from '../ledger/store.js';
import { problem, type Problem } from './problems.js';

/** The lead fields the stage rules read. */
export interface LeadStageFields {
  stage?: string;
  client?: string;
  org?: string;
  on_hold_from?: string;
  stage_history?: { stage: string; date: string; reason?: string }[];
  stage_entered?: string;
}

/** What a stage needs of the rest of the lead (`stage-requires`), on the lead's data alone. */
export interface StageRequirement {
  severity: Problem['severity'];
  message: string;
  hint: string;
}

/**
 * The `stage-requires` rules: `validate` reports them on a file, and `lead stage` checks the lead
 * as the move would leave it, so a move never commits what `validate` rejects.
 */
export function stageRequirements(d: LeadStageFields): StageRequirement[] {
  const out: StageRequirement[] = [];
  if (d.stage === 'won' && !d.client) {
    out.push({ severity: 'error', message: 'a won lead needs a `client` record', hint: 'create it with `crisp client add` and set `client:` (signing a proposal does this)' });
  }
  if (d.stage === 'on-hold' && !d.on_hold_from) {
    out.push({ severity: 'error', message: 'an on-hold lead needs `on_hold_from` (the stage it returns to)', hint: 'add `on_hold_from: <stage>` (see `crisp help pipeline`)' });
  }
  if (d.stage === 'lost') {
    const last = d.stage_history?.[d.stage_history.length - 1];
    if (!last || last.stage !== 'lost' || !last.reason) {
      out.push({ severity: 'warning', message: 'a lost lead should record why in its stage_history', hint: 'move it with `crisp lead stage <id> lost --reason "..."`' });
    }
  }
  return out;
}

export function leadRules(rec: LedgerRecord): Problem[] {
  const d = rec.data as LeadStageFields;
  const out: Problem[] = [];
  const line = (k: string) => rec.lineOf([k]);
  if (!d.client && !d.org) {
    out.push(problem('error', rec.path, line('title'), 'missing-client', 'a lead names its `client` (a client record) or its `org` (a name)', 'add `client: <client-id>` or `org: "Organisation name"`'));
  }
  for (const r of stageRequirements(d)) out.push(problem(r.severity, rec.path, line('stage'), 'stage-requires', r.message, r.hint));
  const last = d.stage_history?.[d.stage_history.length - 1];
  if (last && (last.stage !== d.stage || last.date !== d.stage_entered)) {
    out.push(problem('warning', rec.path, line('stage_history'), 'stage-history', `stage_history ends with ${last.stage} on ${last.date}, but the lead is in ${d.stage} since ${d.stage_entered}`, 'move leads with `crisp lead stage` so history and stage agree (see `crisp help pipeline`)'));
  }
  return out;
}
