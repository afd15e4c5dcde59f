/** `crisp diff` on bun and team events: the steps reviewers check (who claimed, who consented). */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crisp, git, makeTeamLedger, read, write } from '../helpers/cli.js';

function run(dir: string, who: string, args: string[], now?: string) {
  const r = crisp(dir, ['--as', who, '--json', ...args], now ? { env: { CRISP_NOW: now } } : {});
  if (r.code !== 0) throw new Error(`crisp ${args.join(' ')} exited ${r.code}: ${r.stdout}${r.stderr}`);
  return r.json();
}

/** alice, bob and carol; a lead on acme; a bun alice posted and offered to everyone; on the default branch. */
function ledger(): { dir: string; main: string } {
  const dir = makeTeamLedger();
  run(dir, 'alice', ['person', 'add', '--name', 'Carol Chen', '--email', 'carol@example.com', '--id', 'carol']);
  run(dir, 'alice', ['lead', 'add', '--title', 'LMS upgrade', '--client', 'acme', '--source', 'existing-client', '--id', 'acme-lms']);
  run(dir, 'alice', ['bun', 'post', 'Acme wants a coach', '--id', 'acme-coach', '--client', 'acme'], '2026-11-23T09:00:00Z');
  run(dir, 'alice', ['bun', 'offer', 'acme-coach', '--all'], '2026-11-23T09:30:00Z');
  return { dir, main: git(dir, ['branch', '--show-current']).trim() };
}

describe('crisp diff shows bun and team events', () => {
  it('a bun claim: who took it, when, and the state it led to', () => {
    const { dir, main } = ledger();
    git(dir, ['switch', '-q', '-c', 'deal/acme']);
    const claim = run(dir, 'bob', ['bun', 'claim', 'acme-coach'], '2026-11-24T11:30:00Z').event as string;

    const r = crisp(dir, ['diff', `${main}..deal/acme`]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('No ledger records changed.');
    expect(r.stdout).toContain('1 event: 1 added, 0 changed, 0 removed.');
    expect(r.stdout).toContain('### Bun events\n\n- bun `acme-coach` Acme wants a coach\n  - claim by bob (2026-11-24 11:30 UTC) — held by alice, offered to everyone → taken by bob\n');
    expect(r.stdout).not.toContain('records:');

    const j = crisp(dir, ['--json', 'diff', `${main}..deal/acme`]).json();
    expect(j.records).toEqual([]);
    expect(j.others).toEqual([]);
    expect(j.events).toEqual([
      {
        kind: 'bun', id: 'acme-coach', path: claim, status: 'added', verb: 'claim', by: 'bob', person: null, at: '2026-11-24T11:30:00.000Z', hours_per_week: null,
        before: { state: 'offered', holder: 'alice' }, after: { state: 'taken', holder: 'bob' },
        change: 'held by alice, offered to everyone → taken by bob', applied: true, problem: null, fields: [],
      },
    ]);
    expect(j.markdown).toBe(r.stdout);
  });

  it('a new bun in the range: the record and each of its steps in fold order; the work tree too', () => {
    const dir = makeTeamLedger();
    const start = git(dir, ['rev-parse', 'HEAD']).trim();
    run(dir, 'alice', ['bun', 'post', 'Acme wants a coach', '--id', 'acme-coach'], '2026-11-23T09:00:00Z');
    run(dir, 'alice', ['bun', 'offer', 'acme-coach', '--to', 'bob', '--until', '2026-11-26'], '2026-11-23T09:30:00Z');
    const r = crisp(dir, ['diff', `${start}..HEAD`]);
    expect(r.stdout).toContain('1 record: 1 added, 0 changed, 0 removed.\n\n1 event: 1 added, 0 changed, 0 removed.\n');
    expect(r.stdout).toContain('### Buns\n\n- **added** `acme-coach` Acme wants a coach\n');
    expect(r.stdout).toContain('  - offer by alice to bob (until 2026-11-26, 2026-11-23 09:30 UTC) — held by alice, not offered → held by alice, offered to bob\n');

    // Not committed yet: `crisp diff HEAD` compares with the work tree.
    const claim = crisp(dir, ['--as', 'bob', '--json', '--no-commit', 'bun', 'claim', 'acme-coach'], { env: { CRISP_NOW: '2026-11-24T08:00:00Z' } }).json().event;
    const w = crisp(dir, ['--json', 'diff', 'HEAD']).json();
    expect(w.head).toBeNull();
    expect(w.events).toMatchObject([{ path: claim, status: 'added', verb: 'claim', by: 'bob', change: 'held by alice, offered to bob → taken by bob', applied: true }]);
    expect(w.markdown).toContain('  - claim by bob (2026-11-24 08:00 UTC) — held by alice, offered to bob → taken by bob\n');
  });

  it('team events: propose, accept with hours, withdraw, each with the person and what it changed', () => {
    const { dir, main } = ledger();
    git(dir, ['switch', '-q', '-c', 'deal/acme']);
    const proposed = run(dir, 'alice', ['lead', 'team', 'acme-lms', '--propose', 'carol', 'bob', '--role', 'developer'], '2026-11-23T10:00:00Z').events as string[];
    const accept = run(dir, 'carol', ['lead', 'team', 'acme-lms', '--accept', '--hours', '8'], '2026-11-24T12:05:00Z').events[0] as string;
    run(dir, 'alice', ['lead', 'team', 'acme-lms', '--withdraw', 'bob'], '2026-11-24T13:00:00Z');

    const r = crisp(dir, ['diff', `${main}..deal/acme`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('4 events: 4 added, 0 changed, 0 removed.');
    expect(r.stdout).toContain(
      [
        '### Team events',
        '',
        '- lead `acme-lms` team: LMS upgrade',
        '  - propose carol by alice as developer (2026-11-23 10:00 UTC) — carol: not on the team → asked',
        '  - propose bob by alice as developer (2026-11-23 10:00 UTC) — bob: not on the team → asked',
        '  - accept by carol (8 h/week, 2026-11-24 12:05 UTC) — carol: asked → accepted',
        '  - withdraw bob by alice (2026-11-24 13:00 UTC) — bob: asked → withdrawn',
        '',
      ].join('\n'),
    );
    expect(r.stdout).not.toContain('### Bun events');

    const j = crisp(dir, ['--json', 'diff', `${main}..deal/acme`]).json();
    expect(j.records).toEqual([]);
    expect(j.events.map((e: { path: string; verb: string; by: string; person: string; change: string }) => [e.path, e.verb, e.by, e.person, e.change])).toEqual([
      [proposed[0], 'propose', 'alice', 'carol', 'carol: not on the team → asked'],
      [proposed[1], 'propose', 'alice', 'bob', 'bob: not on the team → asked'],
      [accept, 'accept', 'carol', 'carol', 'carol: asked → accepted'],
      [expect.stringMatching(/^teams\/acme-lms\/events\/20261124T130000000Z--alice--withdraw--[0-9a-z]{4}\.md$/), 'withdraw', 'alice', 'bob', 'bob: asked → withdrawn'],
    ]);
    expect(j.events[2]).toEqual({
      kind: 'team', id: 'acme-lms', path: accept, status: 'added', verb: 'accept', by: 'carol', person: 'carol', at: '2026-11-24T12:05:00.000Z', hours_per_week: 8,
      before: { status: 'asked', hours_per_week: null }, after: { status: 'accepted', hours_per_week: 8 },
      change: 'carol: asked → accepted', applied: true, problem: null, fields: [],
    });
  });

  it('an edited or deleted event file is called out, with what changed and the state at both ends', () => {
    const { dir } = ledger();
    const claim = run(dir, 'bob', ['bun', 'claim', 'acme-coach'], '2026-11-24T11:30:00Z').event as string;
    const propose = run(dir, 'alice', ['lead', 'team', 'acme-lms', '--propose', 'carol'], '2026-11-24T12:00:00Z').events[0] as string;
    const base = git(dir, ['rev-parse', 'HEAD']).trim();
    // By hand: the claim now names carol, and the proposal is gone.
    write(dir, claim, read(dir, claim).replace('by: bob', 'by: carol'));
    rmSync(join(dir, propose));
    write(dir, 'buns/acme-coach/notes.txt', 'not an event\n');
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-q', '-m', 'rewrite history']);

    const r = crisp(dir, ['diff', `${base}..HEAD`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 events: 0 added, 1 changed, 1 removed.\n\n**Check the history**: 1 event file changed and 1 removed.');
    const claimName = claim.split('/').pop();
    const proposeName = propose.split('/').pop();
    expect(r.stdout).toContain(
      `- bun \`acme-coach\` Acme wants a coach\n  - **state**: taken by bob → taken by carol\n  - **changed** claim by carol (2026-11-24 11:30 UTC), file \`${claimName}\` (events are never edited): by: bob → carol\n`,
    );
    expect(r.stdout).toContain(
      `- lead \`acme-lms\` team: LMS upgrade\n  - **state**: carol asked → nobody asked\n  - **removed** propose carol by alice (2026-11-24 12:00 UTC), file \`${proposeName}\` (events are never removed)\n`,
    );

    // Neither a record nor an event: listed with the other files.
    expect(r.stdout).toContain('### Other files\n\n- added `buns/acme-coach/notes.txt`\n');

    const j = crisp(dir, ['--json', 'diff', `${base}..HEAD`]).json();
    expect(j.others).toEqual([{ status: 'A', path: 'buns/acme-coach/notes.txt' }]);
    expect(j.events).toMatchObject([
      { kind: 'bun', path: claim, status: 'changed', verb: 'claim', by: 'carol', before: { state: 'taken', holder: 'bob' }, after: { state: 'taken', holder: 'carol' }, applied: true, fields: ['by: bob → carol'] },
      { kind: 'team', path: propose, status: 'removed', verb: 'propose', by: 'alice', person: 'carol', before: { status: 'asked' }, after: null, change: 'carol: asked → not on the team', applied: null, fields: [] },
    ]);
  });
});
