/**
 * The pipeline report (issue 6, seed 002: "stages ... leading and lagging metrics"): per stage the
 * count, total value, weighted forecast (the stage's probability from crisp.yaml, or the lead's
 * own `probability`), median age in stage, and the rotting deals (no touch for longer than the stage
 * allows). Pure: the ledger's leads and settings come in, rows go out.
 */
import type { Stage } from '../model/fields.js';
import { isRotting, lastTouchDate, type LeadLike } from './leads.js';
import { median, toMinor } from './numbers.js';
import { daysBetween, type IsoDate } from './time.js';
import { byText } from './order.js';

export interface PipelineLead extends LeadLike {
  id: string;
  title?: string;
  owner?: string;
  value?: number;
  probability?: number;
}

export type StageSettings = Partial<Record<Stage, { probability: number; rotting_days?: number }>>;

/** The stages a pipeline shows: the open ones in order, then on-hold (parked, not closed). */
export const PIPELINE_STAGES = ['new', 'qualified', 'discovery', 'proposal', 'on-hold'] as const satisfies readonly Stage[];

export interface PipelineRow {
  stage: Stage;
  count: number;
  value: number;
  weighted: number;
  probability: number;
  median_age_days: number | null;
  rotting: number;
}

export interface RottingDeal {
  id: string;
  title: string | null;
  owner: string | null;
  stage: Stage;
  value: number;
  days_quiet: number;
  rotting_days: number;
}

export interface Pipeline {
  rows: PipelineRow[];
  rotting: RottingDeal[];
  totals: { count: number; value: number; weighted: number; rotting: number };
}

/** Money in the result is integer minor units. */
export function pipelineReport(leads: readonly PipelineLead[], stages: StageSettings, today: IsoDate): Pipeline {
  const rotting: RottingDeal[] = [];
  const rows = PIPELINE_STAGES.map((stage): PipelineRow => {
    const here = leads.filter((l) => l.stage === stage);
    const setting = stages[stage] ?? { probability: 0 };
    let value = 0;
    let weighted = 0;
    let rottingCount = 0;
    for (const l of here) {
      const v = toMinor(l.value);
      value += v;
      weighted += Math.round(v * (l.probability ?? setting.probability));
      // On-hold never rots (DESIGN.md §6 "Leads").
      if (stage !== 'on-hold' && isRotting(l, setting.rotting_days, today)) {
        rottingCount++;
        const last = lastTouchDate(l);
        const since = last && last > l.stage_entered ? last : l.stage_entered;
        rotting.push({ id: l.id, title: l.title ?? null, owner: l.owner ?? null, stage, value: v, days_quiet: daysBetween(since, today), rotting_days: setting.rotting_days! });
      }
    }
    return {
      stage,
      count: here.length,
      value,
      weighted,
      probability: setting.probability,
      median_age_days: median(here.map((l) => daysBetween(l.stage_entered, today))),
      rotting: rottingCount,
    };
  });
  rotting.sort((a, b) => b.days_quiet - a.days_quiet || byText(a.id, b.id));
  const sum = (k: 'count' | 'value' | 'weighted' | 'rotting') => rows.reduce((s, r) => s + r[k], 0);
  return { rows, rotting, totals: { count: sum('count'), value: sum('value'), weighted: sum('weighted'), rotting: sum('rotting') } };
}
