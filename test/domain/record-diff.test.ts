import { describe, expect, it } from 'vitest';
import type { BunEvent, BunPost } from '../../src/domain/buns.js';
import { eventGroups, ledgerDiffMarkdown, type EventLogVersion } from '../../src/domain/record-diff.js';
import type { TeamEvent } from '../../src/domain/teams.js';

describe('ledgerDiffMarkdown', () => {
  it('names added, removed and changed records; stage moves; pricing deltas; sent versions', () => {
    const md = ledgerDiffMarkdown({
      range: 'main..deal/x',
      currency: 'EUR',
      records: [
        { kind: 'lead', id: 'l1', path: 'leads/l1.md', before: { title: 'LMS', stage: 'discovery', stage_entered: '2026-11-01', value: 100 }, after: { title: 'LMS', stage: 'proposal', stage_entered: '2026-11-23', value: 120 } },
        { kind: 'proposal', id: 'p1', path: 'proposals/p1.md', before: { title: 'LMS', kind: 'fixed', lines: [{ label: 'A', hours: 10, rate: 100 }] }, after: { title: 'LMS', kind: 'fixed', lines: [{ label: 'A', hours: 12.5, rate: 100 }], sent: [{ version: 1, template: 'fixed', by: 'alice', at: '2026-11-23T10:00:00Z' }] } },
        { kind: 'client', id: 'c1', path: 'clients/c1.md', after: { name: 'Gamma' } },
        { kind: 'person', id: 'x', path: 'people/x.md', before: { name: 'X' } },
      ],
    });
    expect(md).toBe(`## crisp diff \`main..deal/x\`

4 records: 1 added, 2 changed, 1 removed.

### Leads

- \`l1\` LMS
  - **stage**: discovery → proposal
  - value: 100 → 120

### Proposals

- \`p1\` LMS
  - **pricing**: 10 h → 12.5 h (+2.5 h), EUR 1,000.00 → EUR 1,250.00 (+EUR 250.00)
  - line \`A\`: 10 h × EUR 100.00 → 12.5 h × EUR 100.00
  - **sent** version 1 (template fixed, by alice at 2026-11-23T10:00:00Z)

### Clients

- **added** \`c1\` Gamma

### People

- **removed** \`x\` X
`);
  });
  it('takes a line relabelled in its place, hours and rate unchanged, for a rename; anything else is removed and added', () => {
    const line = (label: string, hours: number, rate = 100) => ({ label, hours, rate });
    const md = ledgerDiffMarkdown({
      range: 'a..b',
      currency: 'EUR',
      records: [
        {
          kind: 'proposal',
          id: 'p1',
          path: 'proposals/p1.md',
          before: { title: 'LMS', kind: 'fixed', lines: [line('SSO', 10), line('Theme', 5), line('Meetings', 2), line('Old extra', 1)] },
          after: { title: 'LMS', kind: 'fixed', lines: [line('Single sign-on', 10), line('Theme changes', 6), line('Meetings', 2), line('New report', 3), line('Handover', 1)] },
        },
      ],
    });
    expect(md.split('\n').filter((l) => l.startsWith('  - line'))).toEqual([
      '  - line `SSO` renamed `Single sign-on`',
      // Relabelled with other hours: perhaps other work, so said as it is.
      '  - line `Theme changes` added: 6 h × EUR 100.00',
      '  - line `New report` added: 3 h × EUR 100.00',
      '  - line `Handover` added: 1 h × EUR 100.00',
      '  - line `Theme` removed (was 5 h × EUR 100.00)',
      '  - line `Old extra` removed (was 1 h × EUR 100.00)',
    ]);
  });

  it('says so when nothing changed', () => {
    expect(ledgerDiffMarkdown({ range: 'a..b', currency: 'EUR', records: [] })).toBe('## crisp diff `a..b`\n\nNo ledger records changed.\n');
  });
});

describe('eventGroups: bun and team events in the diff', () => {
  const post: BunPost = { id: 'b1', title: 'Acme wants a coach', kind: 'bun', received_by: 'alice', received: '2026-11-23T09:00:00Z' };
  const bunEvent = (file: string, verb: string, by: string, at: string, after: string[], more: Partial<BunEvent> = {}): BunEvent => ({ file, verb, by, at, after, ...more });
  const dataOf = (e: BunEvent | TeamEvent) => {
    const { file: _file, ...rest } = e;
    return rest as Record<string, unknown>;
  };
  const offer = bunEvent('e1.md', 'offer', 'alice', '2026-11-23T09:30:00Z', ['bun.md'], { to: 'all' });
  const bobClaim = bunEvent('e2.md', 'claim', 'bob', '2026-11-23T12:00:00Z', ['e1.md']);
  const carolClaim = bunEvent('e3.md', 'claim', 'carol', '2026-11-23T12:20:00Z', ['e1.md']);

  it('two claims neither saw (one already merged, one new): the new one makes the bun contested', () => {
    const log: EventLogVersion = {
      kind: 'bun',
      id: 'b1',
      title: post.title,
      before: { post, events: [offer, bobClaim] },
      after: { post, events: [offer, bobClaim, carolClaim] },
      files: [{ status: 'A', path: 'buns/b1/events/e3.md', after: dataOf(carolClaim) }],
    };
    const [g] = eventGroups([log]);
    expect(g!.lines).toEqual(['claim by carol (2026-11-23 12:20 UTC) — taken by bob → contested: claimed by bob and carol']);
    expect(g!.changes[0]).toMatchObject({ before: { state: 'taken', holder: 'bob' }, after: { state: 'contested', holder: 'bob' }, applied: true, problem: null });
    expect(ledgerDiffMarkdown({ range: 'a..b', currency: 'EUR', records: [], events: [g!] })).toBe(
      '## crisp diff `a..b`\n\n1 event: 1 added, 0 changed, 0 removed.\n\n### Bun events\n\n- bun `b1` Acme wants a coach\n  - claim by carol (2026-11-23 12:20 UTC) — taken by bob → contested: claimed by bob and carol\n',
    );
  });

  it('an event the fold keeps but does not apply says why; a file that does not parse says so', () => {
    const ask = { file: 't1.md', verb: 'propose', person: 'carol', by: 'alice', at: '2026-11-23T10:00:00Z', after: 'start' } as TeamEvent;
    const forged = { file: 't2.md', verb: 'accept', person: 'carol', by: 'bob', at: '2026-11-23T11:00:00Z', after: 't1.md' } as TeamEvent;
    const log: EventLogVersion = {
      kind: 'team',
      id: 'acme-lms',
      title: 'LMS upgrade',
      before: { events: [ask] },
      after: { events: [ask, forged] },
      files: [
        { status: 'A', path: 'teams/acme-lms/events/t2.md', after: dataOf(forged) },
        { status: 'A', path: 'teams/acme-lms/events/t3.md', after: { '(unreadable)': 'anchors are not allowed' }, problem: 'anchors are not allowed' },
      ],
    };
    const [g] = eventGroups([log]);
    expect(g!.lines).toEqual([
      'accept by bob for carol (2026-11-23 11:00 UTC) — kept, not applied: only carol can accept for carol, not bob',
      'unreadable (anchors are not allowed) — kept, not applied: anchors are not allowed',
    ]);
    expect(g!.changes.map((c) => [c.applied, c.before, c.after])).toEqual([
      [false, { status: 'asked', hours_per_week: null }, { status: 'asked', hours_per_week: null }],
      [false, null, null],
    ]);
  });

  it('an event that lands before one already there: its own step, and where the bun stands now', () => {
    // bob claimed on his clone before carol's claim (already merged) and without seeing it.
    const log: EventLogVersion = {
      kind: 'bun',
      id: 'b1',
      before: { post, events: [offer, carolClaim] },
      after: { post, events: [offer, bobClaim, carolClaim] },
      files: [{ status: 'A', path: 'buns/b1/events/e2.md', after: dataOf(bobClaim) }],
    };
    const [g] = eventGroups([log]);
    expect(g!.state).toEqual({ before: 'taken by carol', after: 'contested: claimed by bob and carol', show: true });
    expect(g!.lines).toEqual(['claim by bob (2026-11-23 12:00 UTC) — held by alice, offered to everyone → taken by bob']);
    expect(ledgerDiffMarkdown({ range: 'a..b', currency: 'EUR', records: [], events: [g!] })).toContain(
      '- bun `b1`\n  - **state**: taken by carol → contested: claimed by bob and carol\n  - claim by bob (2026-11-23 12:00 UTC) — held by alice, offered to everyone → taken by bob\n',
    );
  });
});
