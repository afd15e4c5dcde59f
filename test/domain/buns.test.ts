import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bunAge, bunEventFileName, bunFlags, bunRefusal, foldBunEvents, headsOf, illegalBunEvents, interestWindowEnd, kindFromSubject, orderBunEvents,
  DEFAULT_FOLD, type BunEvent, type BunPost,
} from '../../src/domain/buns.js';

const post: BunPost = { id: 'acme-coach', title: 'Acme wants a coach', kind: 'bun', received_by: 'alice', received: '2026-11-20T08:00:00Z' };
const rules = { warmAfter: 1, staleAfter: 2 };
let n = 0;
const ev = (verb: string, by: string, at: string, after: string | string[], extra: Partial<BunEvent> = {}): BunEvent => ({
  file: `${at.replace(/[-:.]/g, '')}--${by}--${verb}--${(n++).toString().padStart(4, '0')}.md`,
  verb, by, at, after: Array.isArray(after) ? after : [after], ...extra,
});

describe('foldBunEvents', () => {
  it('a posted bun is held by whoever received it', () => {
    const b = foldBunEvents(post, []);
    expect(b).toMatchObject({ state: 'posted', holder: 'alice', owner: 'alice', heads: ['bun.md'] });
  });

  it('offer to all, then a colleague claims: taken by the claimer', () => {
    const offer = ev('offer', 'alice', '2026-11-20T09:00:00Z', 'bun.md', { to: 'all' });
    const claim = ev('claim', 'bob', '2026-11-20T10:00:00Z', offer.file);
    const b = foldBunEvents(post, [claim, offer]);
    expect(b.state).toBe('taken');
    expect(b.holder).toBe('bob');
    expect(b.claims.map((c) => c.by)).toEqual(['bob']);
    expect(b.heads).toEqual([claim.file]);
  });

  it('the owner claiming it eats it', () => {
    const b = foldBunEvents(post, [ev('claim', 'alice', '2026-11-20T09:00:00Z', 'bun.md')]);
    expect(b).toMatchObject({ state: 'taken', holder: 'alice' });
  });

  it('two claims that did not see each other make it contested; the earlier holds it formally', () => {
    const offer = ev('offer', 'alice', '2026-11-20T09:00:00Z', 'bun.md', { to: 'all' });
    const carol = ev('claim', 'carol', '2026-11-20T10:05:00Z', offer.file);
    const bob = ev('claim', 'bob', '2026-11-20T10:00:00Z', offer.file);
    const b = foldBunEvents(post, [offer, carol, bob]);
    expect(b.state).toBe('contested');
    expect(b.holder).toBe('bob');
    expect(b.claims.map((c) => c.by).sort()).toEqual(['bob', 'carol']);
    expect(b.heads.sort()).toEqual([bob.file, carol.file].sort());
    expect(bunFlags(b, '2026-11-20', null)).toContain('contested');
    // a later claim that saw one of them is refused, never a third contest
    expect(bunRefusal(b, { verb: 'claim', by: 'dan' })?.reason).toMatch(/contested/);
    const resolve = ev('resolve', 'alice', '2026-11-21T10:00:00Z', b.heads, { to: 'carol' });
    const settled = foldBunEvents(post, [offer, carol, bob, resolve]);
    expect(settled).toMatchObject({ state: 'taken', holder: 'carol', resolved: { by: 'alice', to: 'carol' } });
    // Two resolves made at once on two clones: the second needs attention, and says what it met unseen.
    const other = ev('resolve', 'bob', '2026-11-21T10:05:00Z', b.heads, { to: 'bob' });
    const both = foldBunEvents(post, [offer, carol, bob, resolve, other]);
    expect(both).toMatchObject({ state: 'taken', holder: 'carol' });
    expect(both.attention).toEqual([{ event: other.file, reason: `${bunRefusal(settled, other)!.reason}, after resolve by alice, which bob had not seen (made at the same time on another clone)` }]);
    expect(illegalBunEvents(post, [offer, carol, bob, resolve, other])).toEqual([]);
  });

  it('a claim that saw an earlier claim is not a contest but needs attention', () => {
    const offer = ev('offer', 'alice', '2026-11-20T09:00:00Z', 'bun.md', { to: 'all' });
    const bob = ev('claim', 'bob', '2026-11-20T10:00:00Z', offer.file);
    const carol = ev('claim', 'carol', '2026-11-20T11:00:00Z', bob.file);
    const b = foldBunEvents(post, [offer, bob, carol]);
    expect(b).toMatchObject({ state: 'taken', holder: 'bob' });
    expect(b.attention).toEqual([{ event: carol.file, reason: 'the bun is already taken by bob' }]);
    expect(illegalBunEvents(post, [offer, bob, carol]).map((x) => x.event)).toEqual([carol.file]);
  });

  it('a thrown bun can be taken from the bin by anyone', () => {
    const t = ev('throw', 'alice', '2026-11-20T09:00:00Z', 'bun.md', { reason: 'no capacity' });
    const c = ev('claim', 'dan', '2026-11-21T09:00:00Z', t.file);
    expect(foldBunEvents(post, [t]).state).toBe('thrown');
    expect(foldBunEvents(post, [t, c])).toMatchObject({ state: 'taken', holder: 'dan' });
  });

  it('a claim inside the interest window while others raised interest is kept but flagged talk first', () => {
    const offer = ev('offer', 'alice', '2026-11-20T09:00:00Z', 'bun.md', { to: 'all' }); // a Friday
    const hand = ev('interest', 'carol', '2026-11-20T09:30:00Z', offer.file);
    const early = ev('claim', 'bob', '2026-11-23T08:00:00Z', hand.file); // Monday, before 09:00
    const b = foldBunEvents(post, [offer, hand, early]);
    expect(b.claims[0]).toMatchObject({ by: 'bob', talk_first: ['carol'] });
    expect(bunFlags(b, '2026-11-23', null)).toContain('talk-first');
    // Once bob throws it, there is no claim left to talk about.
    const thrown = foldBunEvents(post, [offer, hand, early, ev('throw', 'bob', '2026-11-23T10:00:00Z', early.file, { reason: 'no time after all' })]);
    expect(thrown.state).toBe('thrown');
    expect(bunFlags(thrown, '2026-11-23', null)).not.toContain('talk-first');
    const late = ev('claim', 'bob', '2026-11-23T09:30:00Z', hand.file);
    expect(foldBunEvents(post, [offer, hand, late]).claims[0]!.talk_first).toBeUndefined();
    expect(interestWindowEnd('2026-11-20T09:00:00Z', DEFAULT_FOLD)).toBe('2026-11-23T09:00:00.000Z');
  });

  it('escalation offers it to the named people, who still have to claim it', () => {
    const esc = ev('escalate', 'alice', '2026-11-20T09:00:00Z', 'bun.md', { to: ['eva'] });
    const b = foldBunEvents(post, [esc]);
    expect(b).toMatchObject({ state: 'offered', holder: 'alice', offer: { escalated: true, to: ['eva'] } });
    expect(bunRefusal(b, { verb: 'claim', by: 'bob' })?.reason).toMatch(/offered to eva, not to bob/);
    expect(bunRefusal(b, { verb: 'claim', by: 'eva' })).toBeUndefined();
  });

  it('dough converts to a bun (and then ages) or to a lead (dealt with)', () => {
    const dough = { ...post, kind: 'dough' as const };
    expect(bunAge(foldBunEvents(dough, []), '2026-11-30', DEFAULT_FOLD, rules).freshness).toBeNull();
    const toBun = ev('convert', 'alice', '2026-11-23T09:00:00Z', 'bun.md', { into: 'bun' });
    expect(bunAge(foldBunEvents(dough, [toBun]), '2026-11-24', DEFAULT_FOLD, rules)).toEqual({ age: 1, freshness: 'warm' });
    const toLead = ev('convert', 'alice', '2026-11-23T09:00:00Z', 'bun.md', { into: 'lead', lead: 'acme-x' });
    expect(foldBunEvents(dough, [toLead])).toMatchObject({ state: 'converted', lead: 'acme-x' });
  });
});

describe('bunRefusal: every refusal says why and what to do', () => {
  const posted = foldBunEvents(post, []);
  const offerBob = ev('offer', 'alice', '2026-11-20T09:00:00Z', 'bun.md', { to: ['bob'] });
  const offered = foldBunEvents(post, [offerBob]);
  const taken = foldBunEvents(post, [offerBob, ev('claim', 'bob', '2026-11-20T10:00:00Z', offerBob.file)]);
  const thrown = foldBunEvents(post, [ev('throw', 'alice', '2026-11-20T09:00:00Z', 'bun.md', { reason: 'no' })]);
  const cookie = foldBunEvents({ ...post, kind: 'cookie' }, []);
  const cases: [string, ReturnType<typeof foldBunEvents>, Pick<BunEvent, 'verb' | 'by' | 'to' | 'into'>, RegExp][] = [
    ['claim of an un-offered bun', posted, { verb: 'claim', by: 'bob' }, /has not offered/],
    ['claim of a bun offered to someone else', offered, { verb: 'claim', by: 'carol' }, /offered to bob, not to carol/],
    ['claim of a taken bun', taken, { verb: 'claim', by: 'carol' }, /already taken by bob/],
    ['claim of your own taken bun', taken, { verb: 'claim', by: 'bob' }, /already hold/],
    ['offer by a non-holder', posted, { verb: 'offer', by: 'bob', to: 'all' }, /only the holder \(alice\)/],
    ['offer to yourself', posted, { verb: 'offer', by: 'alice', to: ['alice'] }, /yourself/],
    ['throw by a non-holder', posted, { verb: 'throw', by: 'bob' }, /only the holder/],
    ['throw a thrown bun', thrown, { verb: 'throw', by: 'alice' }, /already thrown/],
    ['reheat by a non-holder', offered, { verb: 'reheat', by: 'bob' }, /only the holder/],
    ['reheat a taken bun', taken, { verb: 'reheat', by: 'bob' }, /already taken/],
    ['offer a thrown bun', thrown, { verb: 'offer', by: 'alice', to: 'all' }, /thrown away/],
    ['escalate by a non-holder', posted, { verb: 'escalate', by: 'bob', to: ['eva'] }, /only the holder/],
    ['interest in an un-offered bun', posted, { verb: 'interest', by: 'bob' }, /not on offer/],
    ['interest by the holder', offered, { verb: 'interest', by: 'alice' }, /you hold/],
    ['resolve a bun that is not contested', taken, { verb: 'resolve', by: 'bob', to: 'bob' }, /not contested/],
    ['offer a cookie', cookie, { verb: 'offer', by: 'alice', to: 'all' }, /cookie needs no action/],
    ['convert a bun', posted, { verb: 'convert', by: 'alice', into: 'lead' }, /only dough/],
    ['an unknown verb', posted, { verb: 'dance', by: 'alice' }, /not a bun verb/],
  ];
  for (const [name, bun, event, reason] of cases) {
    it(name, () => {
      const r = bunRefusal(bun, event);
      expect(r?.reason).toMatch(reason);
      expect(r?.hint.length).toBeGreaterThan(5);
    });
  }
});

describe('bunAge: working days since the post, last offer or reheat', () => {
  const cal = { calendar: { workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'] as const, holidays: ['2026-12-24', '2026-12-25'] }, timeZone: 'UTC', interestWindow: 1 };
  const opts = { ...cal, calendar: { workingDays: [...cal.calendar.workingDays], holidays: cal.calendar.holidays } };
  it('posted on Friday: Saturday and Sunday do not count, Monday is warm, Tuesday stale', () => {
    const b = foldBunEvents(post, [], opts); // Friday 2026-11-20
    expect(bunAge(b, '2026-11-20', opts, rules)).toEqual({ age: 0, freshness: 'fresh' });
    expect(bunAge(b, '2026-11-22', opts, rules)).toEqual({ age: 0, freshness: 'fresh' });
    expect(bunAge(b, '2026-11-23', opts, rules)).toEqual({ age: 1, freshness: 'warm' });
    expect(bunAge(b, '2026-11-24', opts, rules)).toEqual({ age: 2, freshness: 'stale' });
  });
  it('holidays do not count either', () => {
    const b = foldBunEvents({ ...post, received: '2026-12-23T09:00:00Z' }, [], opts);
    expect(bunAge(b, '2026-12-25', opts, rules)).toEqual({ age: 0, freshness: 'fresh' });
    expect(bunAge(b, '2026-12-28', opts, rules)).toEqual({ age: 1, freshness: 'warm' });
  });
  it('a reheat or an offer restarts the age; a bun dealt with or a cookie has none', () => {
    const reheat = ev('reheat', 'alice', '2026-11-24T09:00:00Z', 'bun.md');
    expect(bunAge(foldBunEvents(post, [reheat], opts), '2026-11-24', opts, rules)).toEqual({ age: 0, freshness: 'fresh' });
    const claim = ev('claim', 'alice', '2026-11-20T09:00:00Z', 'bun.md');
    expect(bunAge(foldBunEvents(post, [claim], opts), '2026-12-01', opts, rules)).toEqual({ age: null, freshness: null });
    expect(bunAge(foldBunEvents({ ...post, kind: 'cookie' }, [], opts), '2026-12-01', opts, rules).freshness).toBeNull();
  });
  it('an offer past its until is throw-due', () => {
    const offer = ev('offer', 'alice', '2026-11-20T09:00:00Z', 'bun.md', { to: 'all', until: '2026-11-24' });
    const b = foldBunEvents(post, [offer]);
    expect(bunFlags(b, '2026-11-24', 'stale')).not.toContain('throw-due');
    expect(bunFlags(b, '2026-11-25', 'stale')).toEqual(['throw-due', 'stale']);
  });
});

describe('names and subjects', () => {
  it('event file names carry UTC time with milliseconds and no colon', () => {
    expect(bunEventFileName(new Date('2026-11-23T09:30:00.123Z'), 'alice', 'offer', 'm3k9')).toBe('20261123T093000123Z--alice--offer--m3k9.md');
  });
  it('a subject tag picks the kind and is stripped', () => {
    const tags = { bun: 'BULLE', cookie: 'KAKA', dough: 'DEG' };
    expect(kindFromSubject('BULLE: Lean training @ Ericsson', tags)).toEqual({ kind: 'bun', title: 'Lean training @ Ericsson' });
    expect(kindFromSubject('KAKA: recruiter mail', tags).kind).toBe('cookie');
    expect(kindFromSubject('Deg: maybe coaching', tags).kind).toBe('dough');
    expect(kindFromSubject('Re: hello', tags)).toEqual({ title: 'Re: hello' });
  });
});

/**
 * Several clones act on one bun, each seeing only its own events plus what it merged; any merge
 * order must fold to the same state (DESIGN.md §2: "two clones with the same events compute
 * byte-identical state").
 */
describe('property: the fold does not depend on merge order', () => {
  const people = ['alice', 'bob', 'carol', 'dan'];
  const verbs = ['offer', 'interest', 'claim', 'throw', 'reheat', 'resolve'];
  const step = fc.record({
    clone: fc.nat(2),
    verb: fc.constantFrom(...verbs),
    who: fc.constantFrom(...people),
    minutes: fc.nat(3000),
    mergeFrom: fc.option(fc.nat(2), { nil: undefined }),
  });
  it('any interleaving folds the same whatever order the events arrive in', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 14 }), fc.array(fc.nat(), { maxLength: 40 }), (steps, shuffle) => {
        const clones: BunEvent[][] = [[], [], []];
        let k = 0;
        for (const s of steps) {
          const mine = clones[s.clone]!;
          if (s.mergeFrom !== undefined) for (const e of clones[s.mergeFrom]!) if (!mine.includes(e)) mine.push(e);
          // Each clone only appends what its own fold allows, as the commands do.
          const bun = foldBunEvents(post, mine);
          const at = new Date(Date.parse('2026-11-20T08:00:00Z') + s.minutes * 60_000).toISOString();
          const to = s.verb === 'offer' ? 'all' : s.verb === 'resolve' ? bun.claims[0]?.by : undefined;
          const e: BunEvent = { file: `${at}--${s.who}--${s.verb}--${k++}.md`, verb: s.verb, by: s.who, at, after: headsOf(mine), ...(to ? { to } : {}) };
          if (!bunRefusal(bun, e)) mine.push(e);
        }
        const all = [...new Set(clones.flat())];
        const reference = JSON.stringify(foldBunEvents(post, all));
        const permuted = [...all];
        for (let i = 0; i < shuffle.length && permuted.length > 1; i++) {
          const a = shuffle[i]! % permuted.length;
          const b = (shuffle[i]! >> 3) % permuted.length;
          [permuted[a], permuted[b]] = [permuted[b]!, permuted[a]!];
        }
        expect(JSON.stringify(foldBunEvents(post, permuted))).toBe(reference);
        expect(JSON.stringify(foldBunEvents(post, [...all].reverse()))).toBe(reference);
        // and nothing a clone did is lost: every event is on the timeline
        expect(foldBunEvents(post, all).timeline.length).toBe(all.length);
        expect(orderBunEvents(permuted).map((e) => e.file)).toEqual(orderBunEvents(all).map((e) => e.file));
      }),
      { numRuns: 300 },
    );
  });
});
