import { describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { commitCount, crisp, git, lastCommitFiles, lastCommitMessage, makeLedger, makeTeamLedger, read, tempDir, write } from '../helpers/cli.js';

const ok = (r: ReturnType<typeof crisp>) => {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}${r.stdout}`);
  return r;
};

/** A ledger with alice, bob and carol, pushed to a bare remote, cloned twice: three laptops. */
function trio(): { a: string; b: string; c: string; remote: string } {
  const a = makeTeamLedger();
  ok(crisp(a, ['person', 'add', '--name', 'Carol Cruz', '--email', 'carol@example.com', '--id', 'carol', '--skill', 'agile-coaching']));
  const base = tempDir();
  const remote = join(base, 'remote.git');
  git(base, ['init', '-q', '--bare', remote]);
  git(a, ['remote', 'add', 'origin', remote]);
  git(a, ['push', '-q', '-u', 'origin', 'HEAD']);
  const b = join(base, 'bob');
  const c = join(base, 'carol');
  git(base, ['clone', '-q', remote, b]);
  git(base, ['clone', '-q', remote, c]);
  return { a, b, c, remote };
}

describe('the life of a bun, across three clones', () => {
  it('alice posts and offers, bob syncs, sees it and claims it, carol sees who holds it', () => {
    const { a, b, c } = trio();
    const post = ok(crisp(a, ['--as', 'alice', '--json', 'bun', 'post', 'Acme wants a coach for 3 teams', '--from', 'Acme, Jane Doe', '--tag', 'coaching', '--client', 'acme']));
    const id = post.json().id as string;
    expect(post.json()).toMatchObject({ state: 'posted', holder: 'alice', owner: 'alice', age: 0, freshness: 'fresh', claims: [], interested: [], flags: [], event: null });
    expect(lastCommitMessage(a)).toBe(`bun post: Acme wants a coach for 3 teams (${id})`);
    const offer = ok(crisp(a, ['--as', 'alice', '--json', '--sync', 'bun', 'offer', id, '--all', '--note', 'Starts in January. Anyone?']));
    expect(offer.json()).toMatchObject({ state: 'offered', holder: 'alice', offer: { to: 'all', by: 'alice' } });
    expect(offer.json().event).toMatch(/^buns\/.+\/events\/20261123T100000000Z--alice--offer--[0-9a-z]{4}\.md$/);
    expect(lastCommitFiles(a)).toEqual([offer.json().event]);
    expect(read(a, offer.json().event)).toContain('after: bun.md');

    const synced = ok(crisp(b, ['--json', 'sync']));
    expect(synced.json()).toMatchObject({ pulled: 2, pushed: 0 });
    const list = ok(crisp(b, ['--json', 'bun', 'list']));
    expect(list.json().map((x: { id: string }) => x.id)).toEqual([id]);
    const claim = ok(crisp(b, ['--as', 'bob', '--json', 'bun', 'take', id]));
    expect(claim.json()).toMatchObject({ state: 'taken', holder: 'bob', age: null, freshness: null, claims: [{ by: 'bob' }] });
    expect(read(b, claim.json().event)).toContain(`after: ${offer.json().event.split('/').pop()}`);
    ok(crisp(b, ['sync']));

    ok(crisp(c, ['sync']));
    const show = ok(crisp(c, ['--json', 'bun', 'show', id]));
    expect(show.json()).toMatchObject({ state: 'taken', holder: 'bob', owner: 'alice' });
    expect(show.json().timeline.map((t: { verb: string; by: string }) => `${t.by} ${t.verb}`)).toEqual(['alice offer', 'bob claim']);
    const human = ok(crisp(c, ['bun', 'show', id])).stdout;
    expect(human).toContain('state: taken by bob');

    // alice's clone catches up; the flow report counts what went around
    ok(crisp(a, ['sync']));
    const flow = ok(crisp(a, ['--json', 'report', 'buns'])).json();
    expect(flow).toMatchObject({ report: 'buns', as_of: '2026-11-23', period: { name: 'month', from: '2026-11-01', to: '2026-11-30' } });
    expect(flow.rows.find((r: { person: string }) => r.person === 'alice')).toMatchObject({ received: 1, passed_on: 1, eaten: 0 });
    expect(flow.rows.find((r: { person: string }) => r.person === 'bob')).toMatchObject({ received: 0, eaten: 1 });
  });
});

describe('concurrent claims', () => {
  function race(order: ('b' | 'c')[]) {
    const t = trio();
    const id = ok(crisp(t.a, ['--as', 'alice', '--json', '--sync', 'bun', 'post', 'Fjord needs a retro facilitator', '--id', 'fjord-retro'])).json().id as string;
    ok(crisp(t.a, ['--as', 'alice', '--sync', 'bun', 'offer', id, '--all']));
    ok(crisp(t.b, ['sync']));
    ok(crisp(t.c, ['sync']));
    // both claim offline, bob five minutes before carol
    ok(crisp(t.b, ['--as', 'bob', '--now', '2026-11-23T10:00:00Z', 'bun', 'claim', id]));
    ok(crisp(t.c, ['--as', 'carol', '--now', '2026-11-23T10:05:00Z', 'bun', 'claim', id]));
    for (const who of [...order, ...order]) ok(crisp(t[who], ['sync']));
    ok(crisp(t.a, ['sync']));
    return { ...t, id };
  }

  it('synced in either order, every clone shows the same contested bun and keeps both claims', () => {
    const one = race(['b', 'c']);
    const two = race(['c', 'b']);
    const shows = (t: typeof one) => [t.a, t.b, t.c].map((dir) => ok(crisp(dir, ['--json', 'bun', 'show', t.id])).stdout);
    // on one remote, every clone computes byte-identical state
    for (const t of [one, two]) {
      const [x, y, z] = shows(t);
      expect(y).toBe(x);
      expect(z).toBe(x);
    }
    // and the merge order changes nothing but the random file names
    const normal = (text: string) => text.replace(/\d{8}T\d{9}Z--[a-z]+--[a-z]+--[0-9a-z]{4}\.md/g, (f) => f.slice(0, -8));
    expect(normal(shows(two)[0]!)).toBe(normal(shows(one)[0]!));
    const v = JSON.parse(shows(one)[0]!);
    expect(v.state).toBe('contested');
    expect(v.holder).toBe('bob');
    expect(v.claims.map((c: { by: string; at: string }) => `${c.by} ${c.at}`)).toEqual(['bob 2026-11-23T10:00:00.000Z', 'carol 2026-11-23T10:05:00.000Z']);
    expect(v.flags).toContain('contested');
    expect(v.timeline.map((t: { by: string; verb: string }) => `${t.by} ${t.verb}`)).toEqual(['alice offer', 'bob claim', 'carol claim']);
    const human = ok(crisp(one.c, ['bun', 'show', one.id])).stdout;
    expect(human).toContain('state: CONTESTED: claimed by bob and carol; bob holds it formally (claimed first)');
    expect(human).toContain('crisp bun resolve fjord-retro --to <person>');
    const listed = ok(crisp(one.a, ['--json', 'bun', 'list', '--contested'])).json();
    expect(listed.map((x: { id: string }) => x.id)).toEqual(['fjord-retro']);

    // no further claim while contested; resolve settles it and names both heads
    const refused = crisp(one.a, ['--as', 'alice', '--json', 'bun', 'claim', one.id]);
    expect(refused.code).toBe(1);
    expect(refused.json().error.code).toBe('bun-refused');
    const settled = ok(crisp(one.c, ['--as', 'carol', '--json', 'bun', 'resolve', one.id, '--to', 'carol', '--note', 'Bob is busy until March']));
    expect(settled.json()).toMatchObject({ state: 'taken', holder: 'carol', resolved: { by: 'carol', to: 'carol' } });
    expect(read(one.c, settled.json().event)).toMatch(/after: \[.+--bob--claim--.+, .+--carol--claim--.+\]/);
  });
});

describe('ages in working days', () => {
  it('a bun posted on Friday is fresh over the weekend, warm on Monday, stale on Tuesday', () => {
    const dir = makeTeamLedger();
    const id = ok(crisp(dir, ['--as', 'alice', '--json', '--now', '2026-11-20T15:00:00Z', 'bun', 'post', 'Weekend bun'])).json().id;
    const at = (now: string) => ok(crisp(dir, ['--json', 'bun', 'show', id], { env: { CRISP_NOW: now } })).json();
    expect(at('2026-11-22T12:00:00Z')).toMatchObject({ age: 0, freshness: 'fresh' });
    expect(at('2026-11-23T12:00:00Z')).toMatchObject({ age: 1, freshness: 'warm' });
    expect(at('2026-11-24T12:00:00Z')).toMatchObject({ age: 2, freshness: 'stale', flags: ['stale'] });
    const stale = ok(crisp(dir, ['--json', 'bun', 'list', '--stale'], { env: { CRISP_NOW: '2026-11-24T12:00:00Z' } })).json();
    expect(stale.map((b: { id: string }) => b.id)).toEqual([id]);
    const v = crisp(dir, ['validate'], { env: { CRISP_NOW: '2026-11-24T12:00:00Z' } });
    expect(v.code).toBe(0);
    expect(v.stdout).toContain(`stale-bun: bun is stale (2 working days) and held by alice`);
    // reheating restarts the age
    ok(crisp(dir, ['--as', 'alice', '--now', '2026-11-24T12:00:00Z', 'bun', 'reheat', id, '--note', 'Told them we are on it']));
    expect(at('2026-11-24T13:00:00Z')).toMatchObject({ age: 0, freshness: 'fresh' });
  });

  it('holidays from crisp.yaml do not count', () => {
    const dir = makeLedger();
    write(dir, 'crisp.yaml', read(dir, 'crisp.yaml').replace(/^holidays:.*$/m, 'holidays: [2026-12-24, 2026-12-25]'));
    ok(crisp(dir, ['person', 'add', '--name', 'Alice', '--email', 'a@example.com', '--id', 'alice']));
    const id = ok(crisp(dir, ['--as', 'alice', '--json', '--now', '2026-12-23T09:00:00Z', 'bun', 'post', 'Christmas bun'])).json().id;
    const at = (now: string) => ok(crisp(dir, ['--json', '--now', now, 'bun', 'show', id])).json();
    expect(at('2026-12-25T12:00:00Z')).toMatchObject({ age: 0, freshness: 'fresh' });
    expect(at('2026-12-28T12:00:00Z')).toMatchObject({ age: 1, freshness: 'warm' });
    expect(at('2026-12-29T12:00:00Z')).toMatchObject({ age: 2, freshness: 'stale' });
  });
});

describe('refusals: exit 1 with the reason and what to do, nothing written', () => {
  function ledgerWithBun() {
    const dir = makeTeamLedger();
    ok(crisp(dir, ['person', 'add', '--name', 'Carol Cruz', '--email', 'carol@example.com', '--id', 'carol']));
    ok(crisp(dir, ['--as', 'alice', 'bun', 'post', 'Acme wants a coach', '--id', 'acme-coach']));
    return dir;
  }
  const refuse = (dir: string, args: string[], message: RegExp, hint: RegExp, exit = 1) => {
    const before = commitCount(dir);
    const r = crisp(dir, ['--json', ...args]);
    expect(r.code).toBe(exit);
    expect(r.json().error.message).toMatch(message);
    expect(r.json().error.hint).toMatch(hint);
    expect(commitCount(dir)).toBe(before);
    expect(git(dir, ['status', '--porcelain'])).toBe('');
  };

  it('claiming a bun that was not offered: ask the holder to offer it', () => {
    refuse(ledgerWithBun(), ['--as', 'bob', 'bun', 'claim', 'acme-coach'], /alice has not offered this bun/, /ask alice to offer it/);
  });
  it('offering, throwing, reheating or escalating a bun you do not hold', () => {
    const dir = ledgerWithBun();
    refuse(dir, ['--as', 'bob', 'bun', 'offer', 'acme-coach', '--all'], /only the holder \(alice\) can offer/, /ask alice/);
    refuse(dir, ['--as', 'bob', 'bun', 'throw', 'acme-coach', '--reason', 'x'], /only the holder \(alice\) can throw/, /ask alice/);
    refuse(dir, ['--as', 'bob', 'bun', 'reheat', 'acme-coach'], /only the holder \(alice\) can reheat/, /ask alice/);
  });
  it('claiming a bun offered to someone else, or already taken', () => {
    const dir = ledgerWithBun();
    ok(crisp(dir, ['--as', 'alice', 'bun', 'offer', 'acme-coach', '--to', 'bob']));
    refuse(dir, ['--as', 'carol', 'bun', 'claim', 'acme-coach'], /offered to bob, not to carol/, /offer it to you too/);
    refuse(dir, ['--as', 'alice', 'bun', 'interest', 'acme-coach'], /you hold this bun/, /claim it/);
    ok(crisp(dir, ['--as', 'bob', 'bun', 'eat', 'acme-coach']));
    refuse(dir, ['--as', 'carol', 'bun', 'claim', 'acme-coach'], /already taken by bob/, /talk to bob/);
    refuse(dir, ['--as', 'bob', 'bun', 'resolve', 'acme-coach', '--to', 'bob'], /not contested/, /resolve settles/);
  });
  it('interest in a bun that is not on offer; escalating with nobody on the board', () => {
    const dir = ledgerWithBun();
    refuse(dir, ['--as', 'bob', 'bun', 'interest', 'acme-coach'], /not on offer/, /ask alice to offer it/);
    refuse(dir, ['--as', 'alice', 'bun', 'escalate', 'acme-coach'], /nobody holds the board or business-developer role/, /give someone the role/);
  });
  it('a thrown bun cannot be offered, but anyone can take it from the bin', () => {
    const dir = ledgerWithBun();
    ok(crisp(dir, ['--as', 'alice', 'bun', 'throw', 'acme-coach', '--reason', 'No capacity; suggested a partner']));
    refuse(dir, ['--as', 'alice', 'bun', 'offer', 'acme-coach', '--all'], /thrown away/, /claim it from the bin/);
    const r = ok(crisp(dir, ['--as', 'carol', '--json', 'bun', 'claim', 'acme-coach']));
    expect(r.json()).toMatchObject({ state: 'taken', holder: 'carol' });
  });
  it('usage errors exit 2: offer without a target, throw without a reason, an unknown kind', () => {
    const dir = ledgerWithBun();
    refuse(dir, ['--as', 'alice', 'bun', 'offer', 'acme-coach'], /needs --to <person> or --all/, /--suggest/, 2);
    refuse(dir, ['--as', 'alice', 'bun', 'throw', 'acme-coach'], /needs --reason/, /--reason/, 2);
    refuse(dir, ['--as', 'alice', 'bun', 'post', 'x', '--kind', 'cake'], /--kind must be one of bun, cookie, dough/, /--kind bun/, 2);
  });
  it('a cookie needs no action and never goes stale', () => {
    const dir = ledgerWithBun();
    const r = ok(crisp(dir, ['--as', 'alice', '--json', '--now', '2026-11-02T09:00:00Z', 'bun', 'post', '--subject', 'KAKA: Recruiter form mail', '--from', 'TalentCo']));
    expect(r.json()).toMatchObject({ kind: 'cookie', title: 'Recruiter form mail', age: null, freshness: null });
    refuse(dir, ['--as', 'alice', 'bun', 'offer', r.json().id, '--all'], /cookie needs no action/, /leave it/);
  });
});

describe('validate: bun logs', () => {
  it('reports a hand-written claim of an un-offered bun, an unknown verb, an unknown actor, a missing parent and an event before the post', () => {
    const dir = makeTeamLedger();
    ok(crisp(dir, ['--as', 'alice', 'bun', 'post', 'Acme wants a coach', '--id', 'acme-coach']));
    const ev = (name: string, text: string) => write(dir, `buns/acme-coach/events/${name}`, text);
    ev('20261123T110000000Z--bob--claim--aaaa.md', '---\nverb: claim\nby: bob\nat: 2026-11-23T11:00:00Z\nafter: bun.md\n---\n');
    ev('20261123T110000000Z--bob--dance--bbbb.md', '---\nverb: dance\nby: bob\nat: 2026-11-23T11:00:00Z\nafter: bun.md\n---\n');
    ev('20261123T110000000Z--zed--interest--cccc.md', '---\nverb: interest\nby: zed\nat: 2026-11-23T11:00:00Z\nafter: nothing.md\n---\n');
    ev('20261101T110000000Z--alice--reheat--dddd.md', '---\nverb: reheat\nby: alice\nat: 2026-11-01T11:00:00Z\nafter: bun.md\n---\n');
    const r = crisp(dir, ['--json', 'validate']);
    expect(r.code).toBe(1);
    const codes = r.json().errors.map((e: { path: string; code: string }) => `${e.path.split('--').slice(1).join('--')} ${e.code}`);
    expect(codes).toEqual(expect.arrayContaining([
      'bob--claim--aaaa.md illegal-event',
      'bob--dance--bbbb.md unknown-verb',
      'zed--interest--cccc.md unknown-actor',
      'zed--interest--cccc.md missing-parent',
      'alice--reheat--dddd.md event-before-post',
    ]));
    const claim = r.json().errors.find((e: { code: string }) => e.code === 'illegal-event');
    expect(claim.message).toBe('claim by bob was not allowed given what it saw: alice has not offered this bun');
  });
});

describe('sync', () => {
  it('a real conflict aborts the rebase, keeps local commits and exits 3 listing the files', () => {
    const { a, b } = trio();
    ok(crisp(a, ['person', 'set', 'bob', '--capacity', '20']));
    ok(crisp(a, ['sync']));
    ok(crisp(b, ['person', 'set', 'bob', '--capacity', '30']));
    const before = git(b, ['rev-parse', 'HEAD']);
    const r = crisp(b, ['sync']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('conflict: people/bob.md');
    expect(r.stderr).toMatch(/hint: to fix by hand: git pull --rebase origin/);
    expect(git(b, ['rev-parse', 'HEAD'])).toBe(before);
    expect(read(b, 'people/bob.md')).toContain('capacity_hours_per_week: 30');
    expect(git(b, ['status', '--porcelain'])).toBe('');
  });

  it('--sync: a failed pull writes nothing (exit 3); a failed push after a good commit warns and exits 0', () => {
    const { a, remote } = trio();
    git(a, ['remote', 'set-url', 'origin', join(remote, 'missing')]);
    const before = commitCount(a);
    const r = crisp(a, ['--as', 'alice', '--sync', 'bun', 'post', 'Never written']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('could not fetch from origin');
    expect(commitCount(a)).toBe(before);
    expect(git(a, ['status', '--porcelain'])).toBe('');

    git(a, ['remote', 'set-url', 'origin', remote]);
    write(remote, 'hooks/pre-receive', '#!/bin/sh\necho "pushes are closed today" >&2\nexit 1\n');
    git(remote, ['config', 'core.hooksPath', 'hooks']);
    chmodSync(join(remote, 'hooks/pre-receive'), 0o755);
    const w = crisp(a, ['--as', 'alice', '--sync', 'bun', 'post', 'Committed but not pushed']);
    expect(w.code).toBe(0);
    expect(w.stderr).toMatch(/committed [0-9a-f]{7}: bun post: Committed but not pushed/);
    expect(w.stderr).toContain('warning: committed but not pushed');
    expect(commitCount(a)).toBe(before + 1);
  });

  it('uncommitted changes to a file the remote changed stop the sync before anything moves; others come along', () => {
    const { a, b } = trio();
    ok(crisp(a, ['person', 'set', 'bob', '--capacity', '20']));
    ok(crisp(a, ['sync']));
    // bob's hand edit of the same file, not committed.
    const mine = read(b, 'people/bob.md').replace(/^name: .*$/m, 'name: Bob B. Builder');
    write(b, 'people/bob.md', mine);
    const before = git(b, ['rev-parse', 'HEAD']);
    const r = crisp(b, ['sync']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('uncommitted changes to a file that commits from origin/');
    expect(r.stderr).toContain('uncommitted: people/bob.md');
    expect(git(b, ['rev-parse', 'HEAD'])).toBe(before);
    expect(read(b, 'people/bob.md')).toBe(mine);
    expect(git(b, ['stash', 'list'])).toBe('');
    expect(git(b, ['status', '--porcelain']).trim()).toBe('M people/bob.md');
    // The same edit to a file nobody else changed is set aside and put back around the rebase.
    git(b, ['checkout', '--', 'people/bob.md']);
    write(b, 'people/alice.md', read(b, 'people/alice.md').replace(/^name: .*$/m, 'name: Alice A.'));
    const s = ok(crisp(b, ['sync']));
    expect(s.stdout).toContain('1 commit in, 0 commits out');
    expect(read(b, 'people/bob.md')).toContain('capacity_hours_per_week: 20');
    expect(read(b, 'people/alice.md')).toContain('name: Alice A.');
    expect(git(b, ['status', '--porcelain']).trim()).toBe('M people/alice.md');
  });

  it('waits for the ledger lock like any change, and says whose it is when it gives up', () => {
    const { a, remote } = trio();
    ok(crisp(a, ['--as', 'alice', 'bun', 'post', 'Committed, not pushed']));
    const pushed = git(remote, ['rev-parse', 'HEAD']);
    // A live process on this host holds the lock: sync may not fetch or push past it.
    mkdirSync(join(a, '.crisp'), { recursive: true });
    writeFileSync(join(a, '.crisp/lock'), `${process.pid}\n${hostname()}\n`);
    const r = crisp(a, ['sync'], { env: { CRISP_LOCK_TIMEOUT_MS: '200' } });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`another crisp process (${process.pid}) has held the ledger lock`);
    expect(git(remote, ['rev-parse', 'HEAD'])).toBe(pushed);
    // One on another host cannot be checked from here: the message says so.
    writeFileSync(join(a, '.crisp/lock'), '4242\nelsewhere.example\n');
    const far = crisp(a, ['sync'], { env: { CRISP_LOCK_TIMEOUT_MS: '200' } });
    expect(far.code).toBe(3);
    expect(far.stderr).toContain('locked by crisp process 4242 on elsewhere.example');
    expect(far.stderr).toContain('hint: if no crisp runs on elsewhere.example');
    rmSync(join(a, '.crisp/lock'));
    expect(ok(crisp(a, ['sync'])).stdout).toContain('0 commits in, 1 commit out');
    expect(git(remote, ['rev-parse', 'HEAD'])).toBe(git(a, ['rev-parse', 'HEAD']));
  });

  it('says why it cannot sync mid-rebase or on a detached HEAD, and counts only new commits on a new branch', () => {
    const { a, b } = trio();
    git(b, ['checkout', '-q', '--detach']);
    const detached = crisp(b, ['sync']);
    expect(detached.code).toBe(3);
    expect(detached.stderr).toContain('HEAD is detached');
    git(b, ['checkout', '-q', '-']);
    ok(crisp(a, ['person', 'set', 'bob', '--capacity', '20']));
    ok(crisp(a, ['sync']));
    ok(crisp(b, ['person', 'set', 'bob', '--capacity', '30']));
    git(b, ['fetch', '-q']);
    expect(() => git(b, ['rebase', '-q', '@{u}'])).toThrow();
    const busy = crisp(b, ['sync']);
    expect(busy.code).toBe(3);
    expect(busy.stderr).toContain('the ledger is in the middle of a rebase');
    git(b, ['rebase', '--abort']);
    git(a, ['switch', '-q', '-c', 'deal-x']);
    ok(crisp(a, ['person', 'set', 'alice', '--capacity', '25']));
    expect(ok(crisp(a, ['sync'])).stdout).toContain('synced with origin/deal-x: 0 commits in, 1 commit out');
  });

  it('without a remote, sync exits 3 and says how to add one', () => {
    const dir = makeTeamLedger();
    const r = crisp(dir, ['sync']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('this ledger has no remote to sync with');
    expect(r.stderr).toContain('git remote add origin');
  });
});

describe('the sample ledger', () => {
  it('has buns in every state on the demo date, and one goes stale a working day later', () => {
    const dir = makeLedger({ sample: true });
    const all = ok(crisp(dir, ['--json', 'bun', 'list', '--all'])).json() as { id: string; kind: string; state: string; freshness: string | null; flags: string[] }[];
    const seen = new Set(all.map((b) => `${b.kind} ${b.state}${b.freshness ? ` ${b.freshness}` : ''}`));
    for (const s of ['bun posted fresh', 'bun posted warm', 'bun offered fresh', 'bun contested', 'bun taken', 'bun thrown', 'cookie posted', 'dough posted']) expect(seen).toContain(s);
    expect(all.find((b) => b.id === 'nva-tender-questions-e4s9')!.flags).toEqual(['escalated']);
    const stale = ok(crisp(dir, ['--json', '--now', '2026-11-24T09:00:00Z', 'bun', 'list', '--stale'])).json();
    expect(stale.map((b: { id: string; holder: string }) => `${b.id} ${b.holder}`)).toEqual(['greenleaf-kanban-w2x8 alice']);
  });
});

describe('more verbs', () => {
  it('interest, then an early claim is flagged talk first; the interested are listed', () => {
    const dir = makeTeamLedger();
    ok(crisp(dir, ['person', 'add', '--name', 'Carol Cruz', '--email', 'carol@example.com', '--id', 'carol']));
    ok(crisp(dir, ['--as', 'alice', 'bun', 'post', 'Coach wanted', '--id', 'coach']));
    ok(crisp(dir, ['--as', 'alice', 'bun', 'offer', 'coach', '--all']));
    const hand = ok(crisp(dir, ['--as', 'carol', '--json', 'bun', 'interest', 'coach', '--note', 'I would like this one']));
    expect(hand.json()).toMatchObject({ state: 'offered', holder: 'alice', interested: ['carol'] });
    const claim = ok(crisp(dir, ['--as', 'bob', '--json', '--now', '2026-11-23T12:00:00Z', 'bun', 'claim', 'coach']));
    expect(claim.json()).toMatchObject({ state: 'taken', holder: 'bob', flags: ['talk-first'], claims: [{ by: 'bob', talk_first: ['carol'] }] });
    expect(ok(crisp(dir, ['bun', 'show', 'coach'])).stdout).toContain('talk first: bob claimed inside the interest window while carol raised interest');
  });

  it('escalate offers it to the board and business developers, who still have to claim it', () => {
    const dir = makeTeamLedger();
    write(dir, 'people/bob.md', read(dir, 'people/bob.md').replace('---\n', '---\nroles:\n  - { role: board, since: 2026-01-01 }\n').replace(/^---\nroles/, '---\nroles'));
    git(dir, ['commit', '-qam', 'bob joins the board']);
    ok(crisp(dir, ['--as', 'alice', 'bun', 'post', 'A strategic tender', '--id', 'tender']));
    const esc = ok(crisp(dir, ['--as', 'alice', '--json', 'bun', 'escalate', 'tender', '--note', 'strategic']));
    expect(esc.json()).toMatchObject({ state: 'offered', holder: 'alice', offer: { to: ['bob'], escalated: true }, flags: ['escalated'] });
    expect(ok(crisp(dir, ['--as', 'bob', '--json', 'bun', 'claim', 'tender'])).json()).toMatchObject({ state: 'taken', holder: 'bob' });
  });

  it('dough converts to a lead linked both ways, in one commit', () => {
    const dir = makeTeamLedger();
    ok(crisp(dir, ['--as', 'alice', 'bun', 'post', 'Acme may need coaching', '--kind', 'dough', '--client', 'acme', '--id', 'acme-maybe']));
    const r = ok(crisp(dir, ['--as', 'alice', '--json', 'bun', 'convert', 'acme-maybe', '--to', 'lead', '--id', 'acme-coaching-lead']));
    expect(r.json()).toMatchObject({ state: 'converted', lead: 'acme-coaching-lead' });
    expect(lastCommitFiles(dir)).toEqual([r.json().event, 'leads/acme-coaching-lead.md'].sort());
    const lead = ok(crisp(dir, ['--json', 'lead', 'show', 'acme-coaching-lead'])).json();
    expect(lead).toMatchObject({ client: 'acme', source: 'existing-client', owner: 'alice', stage: 'new', bun: 'acme-maybe' });
    expect(read(dir, r.json().event)).toContain('lead: acme-coaching-lead');
    expect(crisp(dir, ['validate', '--strict']).code).toBe(0);
  });

  it('post reads the message from stdin only with --message -; --subject picks the kind', () => {
    const dir = makeTeamLedger();
    const r = ok(crisp(dir, ['--as', 'alice', '--json', 'bun', 'post', '--subject', 'BULLE: Lean training @ Ericsson', '--message', '-'], { input: 'Two days in March.\n' }));
    expect(r.json()).toMatchObject({ kind: 'bun', title: 'Lean training @ Ericsson' });
    expect(read(dir, r.json().path)).toMatch(/---\nTwo days in March\.\n$/);
  });

  it('offer --suggest ranks colleagues with reasons and writes nothing; list --mine', () => {
    const dir = makeTeamLedger();
    ok(crisp(dir, ['person', 'add', '--name', 'Carol Cruz', '--email', 'carol@example.com', '--id', 'carol', '--skill', 'coaching', '--capacity', '20']));
    ok(crisp(dir, ['--as', 'bob', 'bun', 'post', 'Coach for Acme', '--tag', 'coaching', '--id', 'acme-coach']));
    const before = commitCount(dir);
    const s = ok(crisp(dir, ['--as', 'bob', '--json', 'bun', 'offer', 'acme-coach', '--suggest'])).json();
    // equal scores: fewer buns lately first, then by id
    expect(s.suggestions.map((x: { id: string; score: number }) => `${x.id} ${x.score}`)).toEqual(['alice 5', 'carol 5']);
    expect(s.suggestions[0].reasons).toEqual(['skills: coaching', '16 h/week free', 'took no buns lately']);
    expect(s.suggestions[1].reasons).toEqual(['skills: coaching', '20 h/week free', 'took no buns lately']);
    expect(commitCount(dir)).toBe(before);
    expect(ok(crisp(dir, ['--as', 'bob', '--json', 'bun', 'list', '--mine'])).json().map((b: { id: string }) => b.id)).toEqual(['acme-coach']);
    expect(ok(crisp(dir, ['--as', 'alice', '--json', 'bun', 'list', '--mine'])).json()).toEqual([]);
  });

  it('the flow report takes --period quarter and refuses other periods', () => {
    const dir = makeTeamLedger();
    expect(ok(crisp(dir, ['--json', 'report', 'buns', '--period', 'quarter'])).json().period).toEqual({ name: 'quarter', from: '2026-10-01', to: '2026-12-31' });
    expect(crisp(dir, ['report', 'buns', '--period', 'week']).code).toBe(2);
  });

  it('the flow report takes --format csv and md like the other reports', () => {
    const dir = makeTeamLedger();
    ok(crisp(dir, ['--as', 'alice', 'bun', 'post', 'Acme wants a coach', '--from', 'Acme']));
    const csv = ok(crisp(dir, ['report', 'buns', '--format', 'csv'])).stdout.split('\r\n');
    expect(csv[0]).toBe('person,received,passed_on,eaten,thrown,median_hours_to_deal,stale');
    expect(csv).toContain('alice,1,0,0,0,,0');
    const md = ok(crisp(dir, ['report', 'buns', '--format', 'md'])).stdout.split('\n');
    expect(md[0]).toBe('## buns as of 2026-11-23 (2026-11-01 to 2026-11-30)');
    expect(md).toContain('| alice | 1 | 0 | 0 | 0 |  | 0 |');
    expect(md.at(-2)).toMatch(/^\| total \| 1 \|/);
    const bad = crisp(dir, ['report', 'buns', '--format', 'xml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format must be one of table, json, csv, md');
  });
});

describe('validate --changed-since', () => {
  it('checks a bun whose only change is an event file slipped in by hand', () => {
    const dir = makeTeamLedger();
    ok(crisp(dir, ['--as', 'alice', 'bun', 'post', 'Acme wants a coach', '--id', 'acme-coach']));
    write(dir, 'buns/acme-coach/events/20261123T110000000Z--bob--claim--aaaa.md', '---\nverb: claim\nby: bob\nat: 2026-11-23T11:00:00Z\nafter: bun.md\n---\n');
    const r = crisp(dir, ['--json', 'validate', '--changed-since', 'HEAD']);
    expect(r.code).toBe(1);
    expect(r.json().errors.map((e: { code: string }) => e.code)).toEqual(['illegal-event']);
  });
});

describe('sync retries a push the remote rejected because someone pushed in between', () => {
  it('pulls again, rebases and pushes; nothing is lost', async () => {
    const { a, b, remote } = trio();
    ok(crisp(b, ['--as', 'bob', 'bun', 'post', 'From Bob', '--id', 'from-bob']));
    ok(crisp(a, ['--as', 'alice', '--sync', 'bun', 'post', 'From Alice', '--id', 'from-alice']));
    Object.assign(process.env, { GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.com' });
    const { pushLedger } = await import('../../src/ledger/sync.js');
    // bob's clone has not fetched: the first push is rejected, the retry pulls and succeeds
    expect(pushLedger(b)).toBe(1);
    const files = git(remote, ['ls-tree', '-r', '--name-only', 'HEAD']);
    expect(files).toContain('buns/from-bob/bun.md');
    expect(files).toContain('buns/from-alice/bun.md');
  });
});
