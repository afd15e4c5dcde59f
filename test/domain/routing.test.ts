import { describe, expect, it } from 'vitest';
import { matchedSkills, rankColleagues, type RoutingCandidate } from '../../src/domain/routing.js';
import { bunFlowRows, median, periodAround } from '../../src/domain/bun-flow.js';
import { foldBunEvents, type BunEvent } from '../../src/domain/buns.js';

const limits = { role_load_limit: 3, careful_below_hours: 8 };
const base = (id: string, over: Partial<RoutingCandidate> = {}): RoutingCandidate => ({ id, skills: [], role_load: 0, buns_lately: 0, ...over });

describe('rankColleagues: who might serve best, with reasons', () => {
  const work = { tags: ['coaching'], text: 'Acme wants an agile coach for three Kanban teams' };
  it('matches skills by tag and by words in the text', () => {
    expect(matchedSkills(['coaching', 'kanban', 'open-edx'], work)).toEqual(['coaching', 'kanban']);
  });
  it('skills first, then role load, capacity, wanting more work and fewest buns lately', () => {
    const ranked = rankColleagues(
      [
        base('busy', { skills: ['coaching'], role_load: 4, free_hours: 0, buns_lately: 2 }),
        base('keen', { skills: ['coaching'], role_load: 1, free_hours: 20, wants: 'more', buns_lately: 0 }),
        base('idle', { role_load: 0, free_hours: 30, buns_lately: 0 }),
      ],
      work,
      limits,
    );
    expect(ranked.map((r) => r.id)).toEqual(['keen', 'idle', 'busy']);
    expect(ranked[0]!.reasons).toEqual(['skills: coaching', '20 h/week free', 'asked for more work', 'took no buns lately']);
    expect(ranked[2]!.reasons).toContain('role load 4 is above the limit 3');
    expect(ranked[2]!.reasons).toContain('no free hours');
  });
  it('ties go to whoever took fewer buns lately, then by id', () => {
    const ranked = rankColleagues([base('b', { buns_lately: 1 }), base('a', { buns_lately: 1 }), base('c', { buns_lately: 0 })], { tags: [], text: '' }, limits);
    expect(ranked.map((r) => r.id)).toEqual(['c', 'a', 'b']);
  });
});

describe('bun flow', () => {
  it('periods are the calendar month or quarter', () => {
    expect(periodAround('2026-11-23', 'month')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(periodAround('2026-11-23', 'quarter')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(median([5, 1, 3])).toBe(3);
    expect(median([])).toBeNull();
  });
  it('counts received, passed on, eaten, thrown and hours to deal per person', () => {
    const post = { id: 'b1', title: 'x', kind: 'bun' as const, received_by: 'alice', received: '2026-11-20T08:00:00Z' };
    const offer: BunEvent = { file: 'o.md', verb: 'offer', by: 'alice', at: '2026-11-20T10:00:00Z', after: ['bun.md'], to: 'all' };
    const claim: BunEvent = { file: 'c.md', verb: 'claim', by: 'bob', at: '2026-11-20T11:00:00Z', after: ['o.md'] };
    const bun = foldBunEvents(post, [offer, claim]);
    const post2 = { ...post, id: 'b2', received_by: 'bob' };
    const thrown = foldBunEvents(post2, [{ file: 't.md', verb: 'throw', by: 'bob', at: '2026-11-21T08:00:00Z', after: ['bun.md'], reason: 'no' }]);
    const { rows, totals } = bunFlowRows(
      [{ bun, received: post.received, stale: false }, { bun: thrown, received: post2.received, stale: false }],
      ['alice', 'bob', 'carol'],
      { from: '2026-11-01', to: '2026-11-30' },
    );
    expect(rows).toEqual([
      { person: 'alice', received: 1, passed_on: 1, eaten: 0, thrown: 0, median_hours_to_deal: 2, stale: 0 },
      { person: 'bob', received: 1, passed_on: 0, eaten: 1, thrown: 1, median_hours_to_deal: 24, stale: 0 },
      { person: 'carol', received: 0, passed_on: 0, eaten: 0, thrown: 0, median_hours_to_deal: null, stale: 0 },
    ]);
    expect(totals).toMatchObject({ received: 2, eaten: 1, thrown: 1, median_hours_to_deal: 13 });
  });
});
