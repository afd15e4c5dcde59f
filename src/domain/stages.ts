/**
 * Pipeline stage rules (DESIGN.md §4 "Stages", from the handbook's pipeline in seed 004:
 * lead → intro meeting → discovery → proposal → signature).
 */
import type { Stage } from '../model/fields.js';

export const OPEN_STAGES = ['new', 'qualified', 'discovery', 'proposal'] as const satisfies readonly Stage[];
export const FINAL_STAGES = ['won', 'lost'] as const satisfies readonly Stage[];

export const isOpenStage = (s: Stage) => (OPEN_STAGES as readonly Stage[]).includes(s);
/** Open for lists and reports: the open stages and on-hold (on-hold is parked, not closed). */
export const isActiveStage = (s: Stage) => isOpenStage(s) || s === 'on-hold';
export const isFinalStage = (s: Stage) => s === 'won' || s === 'lost';

export interface StageMoveInput {
  from: Stage;
  to: Stage;
  reason?: string;
  /** For a lead on hold: the stage it left. */
  onHoldFrom?: Stage;
}

export type StageMove =
  | { ok: true; backward: boolean }
  | { ok: false; why: string; allowed: string[] };

/** The moves a lead in `from` can make, with the condition for each ("qualified (needs --reason)"). */
export function allowedMoves(from: Stage, onHoldFrom?: Stage): string[] {
  if (isFinalStage(from)) return [];
  if (from === 'on-hold') return [...(onHoldFrom ? [onHoldFrom] : []), 'lost (needs --reason)'];
  const i = OPEN_STAGES.indexOf(from as (typeof OPEN_STAGES)[number]);
  const forward = OPEN_STAGES.slice(i + 1);
  const backward = OPEN_STAGES.slice(0, i).map((s) => `${s} (needs --reason)`);
  return [...forward, ...(from === 'proposal' ? ['won'] : []), 'lost (needs --reason)', 'on-hold', ...backward];
}

export function checkStageMove({ from, to, reason, onHoldFrom }: StageMoveInput): StageMove {
  const allowed = allowedMoves(from, onHoldFrom);
  const no = (why: string): StageMove => ({ ok: false, why, allowed });
  if (from === to) return no(`the lead is already in ${to}`);
  if (isFinalStage(from)) {
    return no(`${from} is final; a revived deal is a new lead that names this one in \`previous\``);
  }
  if (to === 'lost') return reason?.trim() ? { ok: true, backward: false } : no('moving to lost needs a reason');
  if (from === 'on-hold') {
    if (to === onHoldFrom) return { ok: true, backward: false };
    return no(`a lead on hold goes back only to the stage it left${onHoldFrom ? ` (${onHoldFrom})` : ''}, or to lost`);
  }
  if (to === 'on-hold') return { ok: true, backward: false };
  if (to === 'won') return from === 'proposal' ? { ok: true, backward: false } : no('a lead is won only from the proposal stage');
  const i = OPEN_STAGES.indexOf(from as (typeof OPEN_STAGES)[number]);
  const j = OPEN_STAGES.indexOf(to as (typeof OPEN_STAGES)[number]);
  if (j > i) return { ok: true, backward: false };
  return reason?.trim() ? { ok: true, backward: true } : no(`moving back from ${from} to ${to} needs a reason`);
}

/** Commands move leads forward only (DESIGN.md §6): true when `to` is ahead of `from`. */
export function isForwardMove(from: Stage, to: Stage): boolean {
  if (!isOpenStage(from)) return false;
  if (to === 'won' || to === 'lost') return true;
  return OPEN_STAGES.indexOf(to as never) > OPEN_STAGES.indexOf(from as never);
}
