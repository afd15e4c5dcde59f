import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitCount, crisp, lastCommitFiles, lastCommitMessage, makeTeamLedger, read, write } from '../helpers/cli.js';

function teamLedger(): string {
  const dir = makeTeamLedger();
  for (const args of [
    ['person', 'add', '--name', 'Carol Chen', '--email', 'carol@example.com', '--id', 'carol'],
    ['--as', 'alice', 'lead', 'add', '--title', 'LMS upgrade', '--client', 'acme', '--source', 'existing-client', '--id', 'acme-lms'],
  ]) {
    const r = crisp(dir, args);
    if (r.code !== 0) throw new Error(r.stderr);
  }
  return dir;
}

describe('crisp lead team', () => {
  it('proposes people as one commit of one event file each, and shows them as asked', () => {
    const dir = teamLedger();
    const before = commitCount(dir);
    const r = crisp(dir, ['--as', 'alice', '--json', 'lead', 'team', 'acme-lms', '--propose', 'bob', 'carol', '--role', 'developer']);
    expect(r.code).toBe(0);
    const out = r.json();
    expect(out.members.map((m: { person: string; status: string }) => [m.person, m.status])).toEqual([['bob', 'asked'], ['carol', 'asked']]);
    expect(out.blockers).toEqual(['bob has not answered yet (asked by alice on 2026-11-23)', 'carol has not answered yet (asked by alice on 2026-11-23)']);
    expect(commitCount(dir)).toBe(before + 1);
    expect(lastCommitFiles(dir)).toEqual(out.events.sort());
    expect(lastCommitMessage(dir)).toBe('lead team: propose bob, carol on LMS upgrade (acme-lms)');
    expect(out.events[0]).toMatch(/^teams\/acme-lms\/events\/20261123T100000000Z--alice--propose--[0-9a-z]{4}\.md$/);
    expect(read(dir, out.events[0])).toMatch(/^---\nverb: propose\nperson: bob\nrole: developer\nby: alice\nat: 2026-11-23T10:00:00.000Z\nafter: start\n---\n$/);
  });

  it('consent cannot be given by anyone but the person named', () => {
    const dir = teamLedger();
    crisp(dir, ['--as', 'alice', 'lead', 'team', 'acme-lms', '--propose', 'bob']);
    const before = commitCount(dir);
    // alice cannot say yes for bob: --accept always answers for the actor, and alice was not asked
    const r = crisp(dir, ['--as', 'alice', 'lead', 'team', 'acme-lms', '--accept']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: alice was not asked to join this team');
    expect(r.stderr).toContain('hint: only the person asked answers, as themselves');
    expect(commitCount(dir)).toBe(before);
    // a hand-written accept in bob's name by alice is a validation error
    write(dir, 'teams/acme-lms/events/20261123T110000000Z--alice--accept--zzzz.md', '---\nverb: accept\nperson: bob\nby: alice\nat: 2026-11-23T11:00:00Z\nafter: start\n---\n');
    const v = crisp(dir, ['validate']);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('teams/acme-lms/events/20261123T110000000Z--alice--accept--zzzz.md:4: team-consent: only bob can accept for bob, not alice');
    const shown = crisp(dir, ['--json', 'lead', 'team', 'acme-lms']).json();
    expect(shown.members[0].status).toBe('asked');
    expect(shown.problems).toHaveLength(1);
  });

  it('an accept and a withdraw made at once on two clones need attention after the merge; neither is an error', () => {
    const dir = teamLedger();
    const propose = crisp(dir, ['--as', 'bob', '--json', 'lead', 'team', 'acme-lms', '--propose', 'carol']).json().events[0] as string;
    const seen = propose.slice(propose.lastIndexOf('/') + 1);
    // What the two clones wrote, each after the proposal only, as they sit side by side after a sync.
    const accept = 'teams/acme-lms/events/20261124T120500000Z--carol--accept--k2m4.md';
    write(dir, accept, `---\nverb: accept\nperson: carol\nhours_per_week: 8\nby: carol\nat: 2026-11-24T12:05:00Z\nafter: ${seen}\n---\n`);
    write(dir, 'teams/acme-lms/events/20261124T120000000Z--bob--withdraw--p7q9.md', `---\nverb: withdraw\nperson: carol\nby: bob\nat: 2026-11-24T12:00:00Z\nafter: ${seen}\n---\n`);
    const v = crisp(dir, ['validate']);
    expect(v.code, v.stdout).toBe(0);
    expect(v.stdout).toContain(`${accept}:5: team-needs-attention: carol was not asked to join this team, after events carol had not seen when acting`);
    expect(v.stdout).toMatch(/ok: .*0 errors, 1 warning/);
    const shown = crisp(dir, ['--json', 'lead', 'team', 'acme-lms']).json();
    expect(shown.members.map((m: { status: string }) => m.status)).toEqual(['withdrawn']);
    expect(shown.problems).toEqual([expect.objectContaining({ file: accept.slice(accept.lastIndexOf('/') + 1), illegal: false })]);
    expect(crisp(dir, ['lead', 'team', 'acme-lms']).stdout).toContain('needs attention:');
  });

  it('a pending member blocks sending; after everyone accepts nothing does', () => {
    const dir = teamLedger();
    crisp(dir, ['--as', 'alice', 'lead', 'team', 'acme-lms', '--propose', 'bob', 'carol']);
    let r = crisp(dir, ['--as', 'bob', '--json', 'lead', 'team', 'acme-lms', '--accept', '--hours', '16']);
    expect(r.code).toBe(0);
    expect(r.json().blockers).toEqual(['carol has not answered yet (asked by alice on 2026-11-23)']);
    r = crisp(dir, ['--as', 'carol', '--json', 'lead', 'team', 'acme-lms', '--accept', '--hours', '8', '--note', 'mornings only']);
    expect(r.json().blockers).toEqual([]);
    expect(r.json().members.map((m: { hours_per_week: number }) => m.hours_per_week)).toEqual([16, 8]);
    const text = crisp(dir, ['lead', 'team', 'acme-lms']).stdout;
    expect(text).toContain('everyone asked has said yes');
    expect(crisp(dir, ['validate']).stdout).toMatch(/^ok: /);
    expect(readdirSync(join(dir, 'teams/acme-lms/events'))).toHaveLength(4);
  });

  it('declines, withdraws, and refuses bad combinations as usage errors', () => {
    const dir = teamLedger();
    crisp(dir, ['--as', 'alice', 'lead', 'team', 'acme-lms', '--propose', 'bob']);
    const d = crisp(dir, ['--as', 'bob', '--json', 'lead', 'team', 'acme-lms', '--decline', '--note', 'full until March']);
    expect(d.json().blockers).toEqual(['bob declined on 2026-11-23']);
    const w = crisp(dir, ['--as', 'alice', '--json', 'lead', 'team', 'acme-lms', '--withdraw', 'bob']);
    expect(w.json().blockers).toEqual([]);
    expect(w.json().members[0].status).toBe('withdrawn');
    expect(crisp(dir, ['--as', 'bob', 'lead', 'team', 'acme-lms', '--accept', '--decline']).code).toBe(2);
    expect(crisp(dir, ['--as', 'bob', 'lead', 'team', 'acme-lms', '--decline', '--hours', '3']).code).toBe(2);
    expect(crisp(dir, ['--as', 'alice', 'lead', 'team', 'acme-lms', '--propose', 'nobody']).code).toBe(1);
  });
});

describe('validate --strict and who committed a consent', () => {
  it('warns when an answer was committed by someone other than the person who gave it', () => {
    const dir = teamLedger();
    crisp(dir, ['--as', 'alice', 'lead', 'team', 'acme-lms', '--propose', 'bob', 'carol']);
    crisp(dir, ['--as', 'bob', 'lead', 'team', 'acme-lms', '--accept'], { env: { GIT_AUTHOR_EMAIL: 'bob@example.com' } });
    const forged = crisp(dir, ['--json', '--as', 'carol', 'lead', 'team', 'acme-lms', '--accept']).json().events[0];
    expect(crisp(dir, ['validate']).code).toBe(0);
    const v = crisp(dir, ['validate', '--strict']);
    expect(v.code).toBe(1);
    expect(v.stdout).toBe(
      `${forged}:4: consent-author: carol (carol@example.com) accepts here, but the commit that added it is by author@example.com\n` +
        '  hint: check with carol that the answer is theirs; crisp log acme-lms shows who committed what\n' +
        'failed: 0 errors, 1 warning in 5 records\n',
    );
    const log = crisp(dir, ['--json', 'log', 'acme-lms']).json();
    expect(log.history[0]).toMatchObject({ email: 'author@example.com', fields: [], events: [{ path: forged, verb: 'accept', by: 'carol' }] });
    expect(log.history[1]).toMatchObject({ email: 'bob@example.com', events: [{ verb: 'accept', by: 'bob' }] });
  });

  it('warns when a bun was claimed in the name of someone other than the committer', () => {
    const dir = teamLedger();
    const as = (email: string) => ({ env: { GIT_AUTHOR_EMAIL: email } });
    crisp(dir, ['--as', 'alice', 'bun', 'post', 'Acme wants a coach', '--id', 'acme-coach'], as('alice@example.com'));
    crisp(dir, ['--as', 'alice', 'bun', 'offer', 'acme-coach', '--all'], as('alice@example.com'));
    crisp(dir, ['--as', 'alice', 'bun', 'post', 'Beta wants a retro', '--id', 'beta-retro'], as('alice@example.com'));
    crisp(dir, ['--as', 'alice', 'bun', 'offer', 'beta-retro', '--all'], as('alice@example.com'));
    // bob takes his own; carol's claim is committed from alice's clone
    const own = crisp(dir, ['--json', '--as', 'bob', 'bun', 'claim', 'acme-coach'], as('bob@example.com'));
    expect(own.code).toBe(0);
    const forged = crisp(dir, ['--json', '--as', 'carol', 'bun', 'take', 'beta-retro'], as('alice@example.com'));
    expect(forged.code).toBe(0);
    expect(crisp(dir, ['validate']).stdout).toMatch(/^ok: .* 0 warnings\n$/);
    const v = crisp(dir, ['validate', '--strict']);
    expect(v.code).toBe(1);
    expect(v.stdout).toBe(
      `${forged.json().event}:3: claim-author: carol (carol@example.com) claims the bun here, but the commit that added it is by alice@example.com\n` +
        '  hint: check with carol that the claim is theirs; crisp log beta-retro shows who committed what\n' +
        'failed: 0 errors, 1 warning in 7 records\n',
    );
    // Only the files asked about, as every check of --changed-since.
    expect(crisp(dir, ['validate', '--strict', '--changed-since', 'HEAD~1']).stdout).toContain('claim-author: carol');
    expect(crisp(dir, ['validate', '--strict', '--changed-since', 'HEAD']).code).toBe(0);
    // The hint's `crisp log` shows the bun's events with who committed each.
    const log = crisp(dir, ['--json', 'log', 'beta-retro']).json();
    expect(log.events_folder).toBe('buns/beta-retro/events');
    expect(log.history.map((h: { email: string; fields: string[]; events: { verb: string; by: string }[] }) => [h.email, h.fields, h.events.map((e) => `${e.verb} ${e.by}`)])).toEqual([
      ['alice@example.com', [], ['claim carol']],
      ['alice@example.com', [], ['offer alice']],
      ['alice@example.com', ['(created)'], []],
    ]);
    expect(crisp(dir, ['log', 'beta-retro']).stdout).toMatch(/\tclaim by carol\n/);
  });
});

describe('the sample ledger', () => {
  it('has a team waiting for one answer and a crisplet report for November', async () => {
    const { makeLedger } = await import('../helpers/cli.js');
    const dir = makeLedger({ sample: true });
    const team = crisp(dir, ['--json', 'lead', 'team', 'openscience-commons-mooc-8v6h']).json();
    expect(team.members.map((m: { person: string; status: string }) => `${m.person}:${m.status}`)).toEqual(['bob:accepted', 'eva:accepted', 'dan:asked']);
    expect(team.blockers).toEqual(['dan has not answered yet (asked by bob on 2026-11-18)']);
    // the Acme proposal was sent with a team that had all said yes
    expect(crisp(dir, ['--json', 'lead', 'team', 'acme-lms-upgrade-7f3k']).json().blockers).toEqual([]);
    expect(crisp(dir, ['--json', 'person', 'show', 'bob']).json().teams).toEqual([
      { lead: 'acme-lms-upgrade-7f3k', stage: 'proposal', status: 'accepted', hours_per_week: 16 },
      { lead: 'nordvik-learning-analytics-5t8b', stage: 'won', status: 'accepted', hours_per_week: 20 },
      { lead: 'openscience-commons-mooc-8v6h', stage: 'discovery', status: 'accepted', hours_per_week: 16 },
    ]);
    const report = crisp(dir, ['--json', 'report', 'crisplet', '--month', '2026-11']).json();
    expect(report.rows.map((r: { person: string; fee_minor: number }) => [r.person, r.fee_minor])).toEqual([
      ['bob', 52800], ['carol', 45240], ['eva', 19725], ['farid', 43350],
    ]);
  });
});

describe('team suggestions', () => {
  it('rank colleagues for a lead with reasons, leaving out the team, and write nothing', async () => {
    const { makeLedger, crisp: run, commitCount: count } = await import('../helpers/cli.js');
    const dir = makeLedger({ sample: true });
    const before = count(dir);
    const r = run(dir, ['--json', 'lead', 'team', 'nordvik-learning-analytics-5t8b', '--suggest']);
    expect(r.code).toBe(0);
    const { lead, suggestions } = r.json();
    expect(lead).toBe('nordvik-learning-analytics-5t8b');
    const team = run(dir, ['--json', 'lead', 'team', 'nordvik-learning-analytics-5t8b']).json();
    const onTeam = team.members.filter((m: { status: string }) => m.status !== 'withdrawn' && m.status !== 'declined').map((m: { person: string }) => m.person);
    expect(onTeam.length).toBeGreaterThan(0);
    for (const p of onTeam) expect(suggestions.map((s: { id: string }) => s.id)).not.toContain(p);
    expect(suggestions.every((s: { reasons: string[] }) => s.reasons.length > 0)).toBe(true);
    const carol = suggestions.find((s: { id: string }) => s.id === 'carol');
    expect(carol.reasons[0]).toBe('role load 4 is above the limit 3');
    expect(suggestions[suggestions.length - 1].id).toBe('carol');
    expect(count(dir)).toBe(before);
  });
});
