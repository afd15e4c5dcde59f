import { describe, expect, it } from 'vitest';
import { priorityLevel, scoreLead } from '../../src/domain/rubric.js';

const rubric = { criteria: { strategic_fit: 3, budget: 2, open_source_appetite: 2, relationship: 1 }, thresholds: { high: 18, medium: 10 } };

describe('rubric scoring', () => {
  it('weights each 0-3 criterion and sums', () => {
    const r = scoreLead(rubric, { strategic_fit: 3, budget: 2, open_source_appetite: 3, relationship: 1 });
    expect(r).toMatchObject({ ok: true, result: { score: 20, level: 'High' } });
    if (r.ok) expect(r.result.breakdown.map((b) => b.points)).toEqual([9, 4, 6, 1]);
  });
  it('puts the thresholds exactly at High ≥ high and Medium ≥ medium', () => {
    expect(priorityLevel(18, rubric.thresholds)).toBe('High');
    expect(priorityLevel(17, rubric.thresholds)).toBe('Medium');
    expect(priorityLevel(10, rubric.thresholds)).toBe('Medium');
    expect(priorityLevel(9, rubric.thresholds)).toBe('Low');
  });
  it('requires every criterion the first time, and merges later rescoring over the previous', () => {
    expect(scoreLead(rubric, { budget: 1 })).toMatchObject({ ok: false, code: 'missing-criteria', names: ['strategic_fit', 'open_source_appetite', 'relationship'] });
    const r = scoreLead(rubric, { budget: 0 }, { strategic_fit: 3, budget: 3, open_source_appetite: 3, relationship: 3 });
    expect(r).toMatchObject({ ok: true, result: { score: 18, criteria: { budget: 0 } } });
  });
  it('refuses unknown criteria and values outside 0-3', () => {
    expect(scoreLead(rubric, { charm: 3 })).toMatchObject({ ok: false, code: 'unknown-criterion' });
    expect(scoreLead(rubric, { strategic_fit: 4, budget: 0, open_source_appetite: 0, relationship: 0 })).toMatchObject({ ok: false, code: 'bad-value' });
  });
});
