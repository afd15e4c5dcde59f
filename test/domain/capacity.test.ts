import { describe, expect, it } from 'vitest';
import { capacityReport, committedHours, personVerdict, rolesHeld, teamVerdict } from '../../src/domain/capacity.js';

const s = { role_load_limit: 3, careful_below_hours: 8, stale_after_months: 2 };
const today = '2026-11-23';

describe('capacity', () => {
  it('counts roles in force and client ownerships', () => {
    const p = { id: 'alice', roles: [{ role: 'coach', client: 'acme', since: '2026-01-01' }, { role: 'board', since: '2025-01-01', until: '2026-06-30' }, { role: 'discovery-duty', since: '2026-12-01' }] };
    expect(rolesHeld(p, [{ id: 'acme', owner: 'alice' }, { id: 'other', owner: 'bob' }], today)).toEqual(['coach (acme)', 'client-owner (acme)']);
  });
  it('sums the hours of accepted teams, the latest answer per lead counting', () => {
    const m = committedHours([
      { lead: 'a', verb: 'accept', person: 'bob', at: '2026-11-01T10:00:00Z', hours_per_week: 10 },
      { lead: 'b', verb: 'accept', person: 'bob', at: '2026-11-02T10:00:00Z', hours_per_week: 6 },
      { lead: 'b', verb: 'withdraw', person: 'bob', at: '2026-11-03T10:00:00Z' },
      { lead: 'a', verb: 'propose', person: 'carol', at: '2026-11-01T10:00:00Z', hours_per_week: 40 },
    ]);
    expect([...m]).toEqual([['bob', 10]]);
  });
  it('weighs role load before hours, and gives the reasons in that order', () => {
    expect(personVerdict(4, 2, s)).toEqual({ verdict: 'no', reasons: ['role load 4 is above the limit 3', 'only 2 free h/week (under 8)'] });
    expect(personVerdict(3, 20, s)).toEqual({ verdict: 'careful', reasons: ['role load 3 is at the limit 3'] });
    expect(personVerdict(3, 0, s)).toEqual({ verdict: 'no', reasons: ['role load 3 is at the limit 3', 'no free hours (0 h/week)'] });
    expect(personVerdict(1, 7.5, s)).toEqual({ verdict: 'careful', reasons: ['only 7.5 free h/week (under 8)'] });
    expect(personVerdict(1, 8, s)).toEqual({ verdict: 'yes', reasons: ['role load 1 of 3, 8 free h/week'] });
  });
  it('is open if anyone is; role-load reasons come first, then hours, then who is open', () => {
    const t = teamVerdict([
      { person: 'a', verdict: 'careful', reasons: ['only 4 free h/week (under 8)'] },
      { person: 'b', verdict: 'yes', reasons: ['role load 1 of 3, 20 free h/week'] },
      { person: 'c', verdict: 'no', reasons: ['role load 5 is above the limit 3', 'no free hours (0 h/week)'] },
    ]);
    expect(t).toEqual({ verdict: 'yes', reasons: ['c: role load 5 is above the limit 3', 'a: only 4 free h/week (under 8)', 'c: no free hours (0 h/week)', 'b: role load 1 of 3, 20 free h/week'] });
    expect(teamVerdict([{ person: 'a', verdict: 'no', reasons: [] }, { person: 'b', verdict: 'careful', reasons: [] }]).verdict).toBe('careful');
    expect(teamVerdict([{ person: 'a', verdict: 'no', reasons: [] }]).verdict).toBe('no');
  });
  it('shows calls for help first, and tells fresh from stale happiness', () => {
    const c = capacityReport(
      [
        { id: 'ann', capacity_hours_per_week: 20, happiness: [{ date: '2026-09-23', crisp: 4 }] }, // exactly 2 months: fresh
        { id: 'ben', capacity_hours_per_week: 20, happiness: [{ date: '2026-09-22', crisp: 4 }] }, // stale
        { id: 'cat', capacity_hours_per_week: 10, happiness: [{ date: '2026-01-01', crisp: 5 }, { date: '2026-11-01', crisp: 4, tasks: 2 }] },
        { id: 'dag' },
      ],
      [{ id: 'x', owner: 'dag' }],
      [{ lead: 'l', verb: 'accept', person: 'ann', hours_per_week: 14, at: '2026-11-01T00:00:00Z' }],
      s,
      today,
    );
    expect(c.rows.map((r) => [r.person, r.happiness, r.free_hours, r.verdict])).toEqual([
      ['cat', 'call for help', 10, 'yes'],
      ['ann', 'fresh', 6, 'careful'],
      ['ben', 'stale', 20, 'yes'],
      ['dag', 'none', 0, 'no'],
    ]);
    expect(c.rows[0]).toMatchObject({ happiness_lowest: 2, happiness_date: '2026-11-01' });
    expect(c.verdict).toBe('yes');
  });
});
