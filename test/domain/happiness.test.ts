import { describe, expect, it } from 'vitest';
import { happinessState, unhappyClients, wantsMoreWork } from '../../src/domain/happiness.js';

describe('happinessState', () => {
  it('an answer exactly two months old is fresh; a day older is stale', () => {
    expect(happinessState([{ date: '2026-09-23', crisp: 4 }], '2026-11-23', 2).state).toBe('fresh');
    expect(happinessState([{ date: '2026-09-22', crisp: 4 }], '2026-11-23', 2).state).toBe('stale');
    expect(happinessState([{ date: '2026-09-22', crisp: 4 }], '2026-11-23', 2).stale_before).toBe('2026-09-23');
  });
  it('counts months by the same day-of-month, clamped to the month end', () => {
    // two months before 31 December is 31 October; before 30 April is 28 February
    expect(happinessState([{ date: '2026-10-31', crisp: 4 }], '2026-12-31', 2).state).toBe('fresh');
    expect(happinessState([{ date: '2026-10-30', crisp: 4 }], '2026-12-31', 2).state).toBe('stale');
    expect(happinessState([{ date: '2026-02-28', crisp: 4 }], '2026-04-30', 2).state).toBe('fresh');
  });
  it('uses the latest answer; any 1 or 2 in it is a call for help', () => {
    const s = happinessState([{ date: '2026-11-01', crisp: 2 }, { date: '2026-11-20', crisp: 4, tasks: 2, client: 5 }], '2026-11-23', 2);
    expect(s).toMatchObject({ state: 'fresh', call_for_help: true, lowest: 2 });
    expect(happinessState([{ date: '2026-11-20', crisp: 3 }, { date: '2026-11-01', crisp: 1 }], '2026-11-23', 2).call_for_help).toBe(false);
  });
  it('never answered', () => {
    expect(happinessState(undefined, '2026-11-23', 2)).toMatchObject({ state: 'none', call_for_help: false });
  });
  it('wants more work only on a fresh answer', () => {
    expect(wantsMoreWork([{ date: '2026-11-01', crisp: 4, wants: 'more' }], '2026-11-23', 2)).toBe(true);
    expect(wantsMoreWork([{ date: '2026-08-01', crisp: 4, wants: 'more' }], '2026-11-23', 2)).toBe(false);
  });
});

describe('unhappyClients', () => {
  it('lists clients whose latest answer is 1 or 2, lowest first, naming the owner', () => {
    const clients = [
      { id: 'acme', name: 'Acme', owner: 'alice', happiness: [{ date: '2026-11-12', score: 4 }] },
      { id: 'beta', name: 'Beta', owner: 'bob', coach: 'carol', happiness: [{ date: '2026-11-02', score: 2, note: 'SSO late' }] },
      { id: 'gamma', name: 'Gamma', happiness: [{ date: '2026-06-01', score: 1 }] },
      { id: 'delta', name: 'Delta', happiness: [{ date: '2026-10-01', score: 1 }, { date: '2026-11-01', score: 3 }] },
      { id: 'eps', name: 'Eps' },
    ];
    const out = unhappyClients(clients, '2026-11-23');
    expect(out.map((c) => c.id)).toEqual(['gamma', 'beta']);
    expect(out[1]).toEqual({
      id: 'beta', name: 'Beta', owner: 'bob', coach: 'carol', score: 2, date: '2026-11-02', note: 'SSO late', stale: false,
      reason: 'unhappy client: 2 of 5 on 2026-11-02, call them',
    });
    expect(out[0]!.stale).toBe(true);
  });
});
