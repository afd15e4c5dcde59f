import { describe, expect, it } from 'vitest';
import { pipelineReport, type PipelineLead } from '../../src/domain/pipeline.js';

const stages = {
  new: { probability: 0.1, rotting_days: 7 },
  qualified: { probability: 0.2, rotting_days: 14 },
  discovery: { probability: 0.4, rotting_days: 21 },
  proposal: { probability: 0.6, rotting_days: 14 },
  won: { probability: 1 },
  lost: { probability: 0 },
  'on-hold': { probability: 0.1 },
};

const lead = (id: string, stage: PipelineLead['stage'], entered: string, extra: Partial<PipelineLead> = {}): PipelineLead => ({ id, stage, stage_entered: entered, ...extra });

describe('pipeline report', () => {
  const today = '2026-11-23';
  const leads = [
    lead('a', 'new', '2026-11-20', { value: 1000 }),
    lead('b', 'new', '2026-11-10', { value: 2000.5, touches: [{ date: '2026-11-20', channel: 'email' }] }),
    lead('c', 'qualified', '2026-11-01', { value: 10000, owner: 'bob' }), // 22 days, limit 14: rotting
    lead('d', 'proposal', '2026-11-13', { value: 20000, probability: 0.9 }), // the lead's own probability
    lead('e', 'proposal', '2026-11-20', { value: 5000 }),
    lead('f', 'proposal', '2026-11-15'), // no value
    lead('g', 'on-hold', '2026-09-01', { value: 8000 }), // on-hold never rots
    lead('h', 'won', '2026-11-01', { value: 99999 }), // closed: not in the pipeline
  ];
  const p = pipelineReport(leads, stages, today);
  const row = (s: string) => p.rows.find((r) => r.stage === s)!;
  it('counts, sums (minor units) and weights each stage', () => {
    expect(p.rows.map((r) => r.stage)).toEqual(['new', 'qualified', 'discovery', 'proposal', 'on-hold']);
    expect(row('new')).toMatchObject({ count: 2, value: 300050, weighted: 10000 + 20005, rotting: 0 });
    expect(row('proposal')).toMatchObject({ count: 3, value: 2500000, weighted: 1800000 + 300000, median_age_days: 8 });
    expect(row('discovery')).toMatchObject({ count: 0, value: 0, weighted: 0, median_age_days: null });
    expect(row('on-hold')).toMatchObject({ count: 1, weighted: 80000, rotting: 0 });
  });
  it('takes the median age (the mean of the middle two for an even count)', () => {
    expect(row('new').median_age_days).toBe(8); // 3 and 13 days
  });
  it('lists rotting deals from the later of entering the stage and the last touch', () => {
    expect(p.rotting).toEqual([{ id: 'c', title: null, owner: 'bob', stage: 'qualified', value: 1000000, days_quiet: 22, rotting_days: 14 }]);
    expect(p.totals).toEqual({ count: 7, value: 300050 + 1000000 + 2500000 + 800000, weighted: 30005 + 200000 + 2100000 + 80000, rotting: 1 });
  });
});
