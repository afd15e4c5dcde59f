import { describe, expect, it } from 'vitest';
import { metricRows, metricsFor, periodOf, previousPeriod, type MetricLead } from '../../src/domain/metrics.js';
import type { Stage } from '../../src/model/fields.js';

describe('periods', () => {
  it('starts weeks on Monday', () => {
    expect(periodOf('week', '2026-11-23')).toEqual({ kind: 'week', start: '2026-11-23', end: '2026-11-29' }); // a Monday
    expect(periodOf('week', '2026-11-29')).toEqual({ kind: 'week', start: '2026-11-23', end: '2026-11-29' }); // a Sunday
    expect(periodOf('week', '2027-01-01')).toEqual({ kind: 'week', start: '2026-12-28', end: '2027-01-03' }); // across a year
  });
  it('finds month and quarter edges', () => {
    expect(periodOf('month', '2028-02-15')).toEqual({ kind: 'month', start: '2028-02-01', end: '2028-02-29' });
    expect(periodOf('quarter', '2026-09-30')).toEqual({ kind: 'quarter', start: '2026-07-01', end: '2026-09-30' });
    expect(periodOf('quarter', '2026-10-01')).toEqual({ kind: 'quarter', start: '2026-10-01', end: '2026-12-31' });
    expect(periodOf('quarter', '2026-03-31').end).toBe('2026-03-31');
    expect(previousPeriod(periodOf('quarter', '2026-01-15'))).toEqual({ kind: 'quarter', start: '2025-10-01', end: '2025-12-31' });
    expect(previousPeriod(periodOf('week', '2026-11-25'))).toEqual({ kind: 'week', start: '2026-11-16', end: '2026-11-22' });
  });
});

const won = (id: string, created: string, wonOn: string, value: number, owner = 'alice'): MetricLead => ({
  id, owner, stage: 'won', stage_entered: wonOn, created, value,
  stage_history: [{ stage: 'new', date: created }, { stage: 'proposal', date: created }, { stage: 'won', date: wonOn }],
});

describe('metrics', () => {
  const q4 = periodOf('quarter', '2026-11-23');
  const leads: MetricLead[] = [
    won('w1', '2026-09-01', '2026-10-11', 10000), // 40 days
    won('w2', '2026-10-01', '2026-12-31', 2500.5, 'bob'), // 91 days; the last day of the quarter counts
    won('w0', '2026-06-01', '2026-09-30', 7000), // previous quarter
    { id: 'l1', owner: 'alice', stage: 'lost', stage_entered: '2026-11-02', created: '2026-10-05', stage_history: [{ stage: 'new', date: '2026-10-05' }, { stage: 'lost', date: '2026-11-02' }] },
    {
      id: 'o1', owner: 'alice', stage: 'discovery', stage_entered: '2026-11-10', created: '2026-11-01',
      stage_history: [{ stage: 'new', date: '2026-11-01' }, { stage: 'discovery', date: '2026-11-10' }],
      touches: [{ date: '2026-11-01', by: 'alice' }, { date: '2026-11-05', by: 'bob', kind: 'intro' }, { date: '2026-09-30' }],
    },
  ];
  it('computes every key from leads alone', () => {
    expect(metricsFor({ leads }, q4)).toEqual({
      new_leads: 3, touches: 2, intro_meetings: 1, discoveries_started: 1, proposals_sent: 1,
      deals_won: 2, value_won: 1250050, win_rate: 0.6667, cycle_days: 65.5,
    });
  });
  it('uses discovery and proposal records when the ledger has them', () => {
    const m = metricsFor({ leads, discoveries: [{ started: '2026-10-02', assignee: 'bob' }, { started: '2026-09-02' }], proposals: [{ lead: 'w2', sent: [{ at: '2026-10-20T10:00:00Z', by: 'bob' }, { at: '2027-01-03T10:00:00Z' }] }, { lead: 'o1', sent: [] }] }, q4);
    // The record naming no lead, and o1's move (o1 has no discovery record); w2 once, from its record.
    expect([m.discoveries_started, m.proposals_sent]).toEqual([2, 1]);
  });
  it('counts each lead once: from its record when it has one, else from its stage moves', () => {
    const lead = (id: string, owner: string, history: [Stage, string, string?][]): MetricLead => ({
      id, owner, stage: history.at(-1)![0], stage_entered: history.at(-1)![1], created: '2026-09-01',
      stage_history: history.map(([stage, date, by]) => ({ stage, date, ...(by && { by }) })),
    });
    const ls = [
      lead('both', 'alice', [['new', '2026-09-01'], ['discovery', '2026-10-05'], ['proposal', '2026-11-12']]), // records too
      lead('moved', 'bob', [['new', '2026-09-01'], ['discovery', '2026-10-20']]), // lead stage only
      lead('twice', 'alice', [['discovery', '2026-10-08'], ['proposal', '2026-10-29'], ['discovery', '2026-11-04'], ['proposal', '2026-11-11']]),
      lead('early', 'eva', [['discovery', '2026-10-02', 'eva'], ['proposal', '2026-10-09', 'eva']]), // records say Q3
      lead('helped', 'carol', [['discovery', '2026-10-03', 'alice']]), // moved by alice
    ];
    const input = {
      leads: ls,
      discoveries: [{ lead: 'both', started: '2026-10-20', assignee: 'alice' }, { lead: 'early', started: '2026-09-15', assignee: 'eva' }],
      proposals: [{ lead: 'both', sent: [{ at: '2026-11-12T09:00:00Z', by: 'alice' }] }, { lead: 'early', sent: [{ at: '2026-09-20T09:00:00Z', by: 'eva' }] }, { lead: 'moved', sent: [] }],
    };
    expect(metricsFor(input, q4)).toMatchObject({ discoveries_started: 4, proposals_sent: 2 });
    expect(metricsFor(input, previousPeriod(q4))).toMatchObject({ discoveries_started: 1, proposals_sent: 1 });
    expect(metricsFor({ ...input, person: 'alice' }, q4)).toMatchObject({ discoveries_started: 3, proposals_sent: 2 });
    expect(metricsFor({ ...input, person: 'carol' }, q4)).toMatchObject({ discoveries_started: 0 });
    // A ledger with no records at all counts the moves, each lead once.
    expect(metricsFor({ leads: ls }, q4)).toMatchObject({ discoveries_started: 5, proposals_sent: 3 });
  });
  it("narrows to one person's work", () => {
    expect(metricsFor({ leads, person: 'bob' }, q4)).toMatchObject({ new_leads: 1, touches: 1, intro_meetings: 1, deals_won: 1, value_won: 250050, win_rate: 1, cycle_days: 91 });
  });
  it('puts targets (major units in crisp.yaml) beside the values and the period before', () => {
    const rows = metricRows(metricsFor({ leads }, q4), metricsFor({ leads }, previousPeriod(q4)), { value_won: 12000, cycle_days: 60, deals_won: 3 });
    expect(rows.find((r) => r.metric === 'value_won')).toEqual({ metric: 'value_won', kind: 'lagging', value: 1250050, previous: 700000, target: 1200000, met: true });
    expect(rows.find((r) => r.metric === 'cycle_days')).toMatchObject({ value: 65.5, target: 60, met: false });
    expect(rows.find((r) => r.metric === 'deals_won')).toMatchObject({ value: 2, previous: 1, met: false });
    expect(rows.find((r) => r.metric === 'touches')).toMatchObject({ kind: 'leading', target: null, met: null, previous: 1 });
  });
});
