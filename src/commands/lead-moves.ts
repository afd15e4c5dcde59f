/**
 * Moving a lead between stages, as edits of its file: `lead stage` and the commands that move a lead
 * as a side effect (discovery start, proposal send, sign, lose) all write the move the same way.
 */
import { isForwardMove } from '../domain/stages.js';
import type { Edit } from '../ledger/codec.js';
import type { Stage } from '../model/fields.js';

export interface LeadStageState {
  stage: Stage;
  on_hold_from?: Stage;
}

/** The edits that move a lead to `target` (the move itself was checked by the caller). */
export function stageMoveEdits(lead: LeadStageState, target: Stage, by: string, date: string, reason?: string): Edit[] {
  const edits: Edit[] = [
    { op: 'set', key: 'stage', value: target },
    { op: 'set', key: 'stage_entered', value: date },
    { op: 'append', key: 'stage_history', item: { stage: target, date, by, ...(reason && { reason }) } },
  ];
  if (target === 'on-hold') edits.push({ op: 'set', key: 'on_hold_from', value: lead.stage });
  else if (lead.on_hold_from) edits.push({ op: 'delete', key: 'on_hold_from' });
  return edits;
}

/** Commands never move a lead backward (DESIGN.md §6): no edits unless `target` is ahead. */
export function forwardMoveEdits(lead: LeadStageState, target: Stage, by: string, date: string, reason?: string): Edit[] {
  return isForwardMove(lead.stage, target) ? stageMoveEdits(lead, target, by, date, reason) : [];
}
