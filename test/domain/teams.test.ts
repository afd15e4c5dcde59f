import { describe, expect, it } from 'vitest';
import { committedHours, foldTeamEvents, orderTeamEvents, teamEventRefusal, teamSendBlockers, type TeamEvent } from '../../src/domain/teams.js';

let n = 0;
const ev = (verb: TeamEvent['verb'], person: string, by: string, after: string | string[], extra: Partial<TeamEvent> = {}): TeamEvent => ({
  file: `e${++n}--${by}--${verb}.md`,
  verb,
  person,
  by,
  at: '2026-11-23T10:00:00.000Z',
  after,
  ...extra,
});

describe('foldTeamEvents', () => {
  it('records who is asked, who said yes or no, and when', () => {
    const p1 = ev('propose', 'carol', 'alice', 'start', { role: 'developer' });
    const p2 = ev('propose', 'dan', 'alice', p1.file);
    const a = ev('accept', 'carol', 'carol', p2.file, { hours_per_week: 16, at: '2026-11-24T08:00:00Z' });
    const d = ev('decline', 'dan', 'dan', a.file, { note: 'full until March', at: '2026-11-25T08:00:00Z' });
    const state = foldTeamEvents([d, a, p2, p1]);
    expect(state.problems).toEqual([]);
    expect(state.members).toEqual([
      { person: 'carol', status: 'accepted', role: 'developer', proposed_by: 'alice', proposed_at: p1.at, answered_at: '2026-11-24T08:00:00Z', hours_per_week: 16 },
      { person: 'dan', status: 'declined', proposed_by: 'alice', proposed_at: p2.at, answered_at: '2026-11-25T08:00:00Z', answer_note: 'full until March' },
    ]);
    expect(state.head).toBe(d.file);
  });

  it('consent cannot be given by anyone but the person: an accept for someone else is kept aside, not applied', () => {
    const p = ev('propose', 'carol', 'alice', 'start');
    const forged = ev('accept', 'carol', 'alice', p.file);
    const declinedForHer = ev('decline', 'carol', 'bob', forged.file);
    const state = foldTeamEvents([p, forged, declinedForHer]);
    expect(state.members.map((m) => m.status)).toEqual(['asked']);
    expect(state.problems).toEqual([
      { file: forged.file, message: 'only carol can accept for carol, not alice', illegal: true },
      { file: declinedForHer.file, message: 'only carol can decline for carol, not bob', illegal: true },
    ]);
    expect(teamEventRefusal(state.members, { verb: 'accept', person: 'carol', by: 'carol' })).toBeUndefined();
  });

  it('an answer and a withdraw made at once on two clones: whichever the fold puts second needs attention, neither is an error', () => {
    const p = ev('propose', 'carol', 'bob', 'start');
    // Both saw only the proposal: each was legal where it was made.
    const accept = (at: string) => ev('accept', 'carol', 'carol', p.file, { hours_per_week: 8, at });
    const withdraw = (at: string) => ev('withdraw', 'carol', 'bob', p.file, { at });

    // The withdraw first: the accept can no longer apply. Kept, shown, not applied; not illegal.
    const a1 = accept('2026-11-24T12:05:00Z');
    const w1 = withdraw('2026-11-24T12:00:00Z');
    const first = foldTeamEvents([p, a1, w1]);
    expect(first.members.map((m) => m.status)).toEqual(['withdrawn']);
    expect(first.problems).toEqual([{ file: a1.file, illegal: false, message: 'carol was not asked to join this team, after events carol had not seen when acting (made at the same time on another clone); kept, not applied' }]);

    // The accept first: the withdraw applies, but to an acceptance it never saw; that is said too.
    const a2 = accept('2026-11-24T12:00:00Z');
    const w2 = withdraw('2026-11-24T12:05:00Z');
    const second = foldTeamEvents([p, w2, a2]);
    expect(second.members.map((m) => m.status)).toEqual(['withdrawn']);
    expect(second.problems).toEqual([{ file: w2.file, illegal: false, message: 'withdraw by bob was made without seeing that carol had accepted (at the same time on another clone); applied' }]);

    // The same accept after the withdraw it saw is illegal: an error.
    const late = ev('accept', 'carol', 'carol', w1.file, { at: '2026-11-24T13:00:00Z' });
    expect(foldTeamEvents([p, w1, late]).problems).toEqual([{ file: late.file, illegal: true, message: 'carol was not asked to join this team' }]);
  });

  it('refuses an answer from someone never asked, a second proposal of a member, and a withdraw by a stranger', () => {
    const p = ev('propose', 'carol', 'alice', 'start');
    const { members } = foldTeamEvents([p]);
    expect(teamEventRefusal(members, { verb: 'accept', person: 'dan', by: 'dan' })).toBe('dan was not asked to join this team');
    expect(teamEventRefusal(members, { verb: 'propose', person: 'carol', by: 'bob' })).toMatch(/already on the team/);
    expect(teamEventRefusal(members, { verb: 'withdraw', person: 'carol', by: 'bob' })).toBe('only carol or alice (who proposed them) can withdraw carol');
    expect(teamEventRefusal(members, { verb: 'withdraw', person: 'carol', by: 'carol' })).toBeUndefined();
  });

  it('a declined person may be asked again, and may change their mind', () => {
    const p = ev('propose', 'dan', 'alice', 'start');
    const d = ev('decline', 'dan', 'dan', p.file);
    const a = ev('accept', 'dan', 'dan', d.file, { hours_per_week: 8 });
    expect(foldTeamEvents([p, d, a]).members[0]).toMatchObject({ status: 'accepted', hours_per_week: 8 });
    const again = ev('propose', 'dan', 'bob', d.file);
    expect(foldTeamEvents([p, d, again]).members[0]).toMatchObject({ status: 'asked', proposed_by: 'bob' });
  });

  it('orders by the after graph, not by the clock', () => {
    const p = ev('propose', 'carol', 'alice', 'start', { at: '2026-11-23T12:00:00Z' });
    // carol's laptop clock is an hour behind: her accept still comes after the proposal she saw
    const a = ev('accept', 'carol', 'carol', p.file, { at: '2026-11-23T11:00:00Z' });
    expect(orderTeamEvents([a, p]).map((e) => e.file)).toEqual([p.file, a.file]);
    expect(foldTeamEvents([a, p]).members[0]!.status).toBe('accepted');
  });

  it('two clones answering concurrently fold the same whatever the merge order', () => {
    const p1 = ev('propose', 'carol', 'alice', 'start');
    const p2 = ev('propose', 'dan', 'alice', p1.file);
    const a = ev('accept', 'carol', 'carol', p2.file, { at: '2026-11-24T09:00:00Z' });
    const b = ev('accept', 'dan', 'dan', p2.file, { at: '2026-11-24T08:00:00Z' });
    expect(foldTeamEvents([p1, p2, a, b])).toEqual(foldTeamEvents([b, a, p2, p1]));
  });
});

describe('teamSendBlockers', () => {
  const p1 = ev('propose', 'carol', 'alice', 'start');
  const p2 = ev('propose', 'dan', 'alice', p1.file);
  it('a pending member blocks sending', () => {
    const a = ev('accept', 'carol', 'carol', p2.file);
    expect(teamSendBlockers(foldTeamEvents([p1, p2, a]))).toEqual(['dan has not answered yet (asked by alice on 2026-11-23)']);
  });
  it('a declined member blocks sending until withdrawn', () => {
    const d = ev('decline', 'dan', 'dan', p2.file);
    expect(teamSendBlockers(foldTeamEvents([p1, p2, d]))).toEqual(['carol has not answered yet (asked by alice on 2026-11-23)', 'dan declined on 2026-11-23']);
    const w = ev('withdraw', 'dan', 'alice', d.file);
    expect(teamSendBlockers(foldTeamEvents([p1, p2, d, w]))).toEqual(['carol has not answered yet (asked by alice on 2026-11-23)']);
  });
  it('all accepted: nothing blocks; no team: nothing blocks', () => {
    const a = ev('accept', 'carol', 'carol', p2.file);
    const b = ev('accept', 'dan', 'dan', a.file);
    expect(teamSendBlockers(foldTeamEvents([p1, p2, a, b]))).toEqual([]);
    expect(teamSendBlockers(foldTeamEvents([]))).toEqual([]);
  });
});

describe('committedHours', () => {
  it('sums accepted hours on open and won leads, not on lost ones or unanswered asks', () => {
    const team = (members: { person: string; status: 'asked' | 'accepted'; hours_per_week?: number }[]) => ({
      members: members.map((m) => ({ ...m, proposed_by: 'alice', proposed_at: '2026-11-01T00:00:00Z' })),
    });
    const out = committedHours([
      { lead: 'a', stage: 'proposal', team: team([{ person: 'bob', status: 'accepted', hours_per_week: 16 }, { person: 'eva', status: 'asked' }]) },
      { lead: 'b', stage: 'won', team: team([{ person: 'bob', status: 'accepted', hours_per_week: 8 }]) },
      { lead: 'c', stage: 'lost', team: team([{ person: 'bob', status: 'accepted', hours_per_week: 20 }]) },
    ]);
    expect(Object.fromEntries(out)).toEqual({ bob: { hours: 24, leads: ['a', 'b'] } });
  });
});
