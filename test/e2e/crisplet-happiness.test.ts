import { describe, expect, it } from 'vitest';
import { commitCount, crisp, lastCommitFiles, lastCommitMessage, makeTeamLedger, read, write } from '../helpers/cli.js';

const ok = (dir: string, args: string[]) => {
  const r = crisp(dir, args);
  if (r.code !== 0) throw new Error(`crisp ${args.join(' ')}: ${r.stderr}`);
  return r;
};

describe('sales crisplet', () => {
  it('opts in and out with dates, records revenue, and reports fees for members who joined or left mid-month', () => {
    const dir = makeTeamLedger();
    ok(dir, ['person', 'add', '--name', 'Carol Chen', '--email', 'carol@example.com', '--id', 'carol']);
    ok(dir, ['person', 'set', 'alice', '--crisplet', 'on', '--from', '2026-11-10']);
    expect(read(dir, 'people/alice.md')).toContain('crisplet:\n  - { on: 2026-11-10 }\n');
    ok(dir, ['person', 'set', 'bob', '--crisplet', 'on', '--from', '2026-02-01']);
    ok(dir, ['person', 'set', 'bob', '--crisplet', 'off', '--from', '2026-11-21']);
    const again = crisp(dir, ['person', 'set', 'bob', '--crisplet', 'off', '--from', '2026-11-22']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('error: bob: already out of the crisplet since 2026-11-21');

    const add = crisp(dir, ['--json', 'revenue', 'add', '--person', 'alice', '--month', '2026-11', '--amount', '20000', '--note', 'Acme LMS']);
    expect(add.code).toBe(0);
    expect(add.json()).toMatchObject({ id: '2026-11--alice', path: 'revenue/2026-11--alice.md', month: '2026-11', person: 'alice', amount: 20000, currency: 'EUR' });
    expect(lastCommitFiles(dir)).toEqual(['revenue/2026-11--alice.md']);
    expect(lastCommitMessage(dir)).toBe('revenue add: alice 2026-11: 20000 EUR (2026-11--alice)');
    ok(dir, ['revenue', 'add', '--person', 'bob', '--month', '2026-11', '--amount', '8000']);
    ok(dir, ['revenue', 'add', '--person', 'carol', '--month', '2026-11', '--amount', '5000']);
    const dup = crisp(dir, ['revenue', 'add', '--person', 'bob', '--month', '2026-11', '--amount', '9000']);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('hint: pass --replace');
    ok(dir, ['revenue', 'add', '--person', 'bob', '--month', '2026-11', '--amount', '8000.01', '--replace']);
    expect(crisp(dir, ['revenue', 'add', '--person', 'bob', '--month', '2026-13', '--amount', '1']).code).toBe(2);

    const r = crisp(dir, ['--json', 'revenue', 'report', '--month', '2026-11']);
    expect(r.code).toBe(0);
    const report = r.json();
    expect(report).toMatchObject({ report: 'crisplet', as_of: '2026-11-23', period: { month: '2026-11', start: '2026-11-01', end: '2026-11-30', days: 30 } });
    expect(report.rows.map((x: Record<string, unknown>) => [x.person, x.member_days, x.revenue_minor, x.fee_minor])).toEqual([
      ['alice', 21, 2000000, 52500],
      ['bob', 20, 800001, 26000],
    ]);
    expect(report.totals).toEqual({ members: 2, revenue_minor: 2800001, fee_minor: 78500, currency: 'EUR' });
    const human = crisp(dir, ['revenue', 'report', '--month', '2026-11']);
    expect(human.stdout).toContain('alice\t21/30\t20,000.00\t525.00\t(150.00 + 3% × 20,000.00) × 21/30 = 525.00');
    expect(human.stderr).toContain('carol billed 5,000.00 EUR in 2026-11 but was not a crisplet member: owes nothing');
    expect(crisp(dir, ['validate']).stdout).toMatch(/^ok: /);
  });

  it('validate checks revenue records: file name, person, money', () => {
    const dir = makeTeamLedger();
    write(dir, 'revenue/2026-11--alice.md', '---\nmonth: 2026-10\nperson: alice\namount: 10.001\ncurrency: EUR\n---\n');
    write(dir, 'revenue/2026-11--zed.md', '---\nmonth: 2026-11\nperson: zed\namount: 10\ncurrency: EUR\n---\n');
    write(dir, 'revenue/november.md', '---\nmonth: 2026-11\nperson: bob\namount: 10\ncurrency: EUR\n---\n');
    const v = crisp(dir, ['validate']);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('revenue/2026-11--alice.md:4:');
    expect(v.stdout).toContain('money has at most 2 decimals');
    expect(v.stdout).toContain('revenue/2026-11--zed.md:3: broken-reference: person names person "zed", which does not exist');
    expect(v.stdout).toContain('revenue/november.md:1: bad-file-name');
  });

  it('validate checks role dates and crisplet entries', () => {
    const dir = makeTeamLedger();
    write(dir, 'people/carol.md', '---\nid: carol\nname: Carol\nemail: carol@example.com\nroles:\n  - { role: coach, since: 2026-11-10, until: 2026-11-01 }\ncrisplet:\n  - { on: 2026-01-01, off: 2026-02-01 }\n---\n');
    const v = crisp(dir, ['validate']);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('people/carol.md:6: role-dates: the coach role ends (2026-11-01) before it starts (2026-11-10)');
    expect(v.stdout).toContain('people/carol.md:8: crisplet-entry:');
  });
});

describe('roles', () => {
  it('adds and ends dated roles and shows client ownerships beside them', () => {
    const dir = makeTeamLedger();
    ok(dir, ['person', 'roles', 'alice', '--add', 'discovery-duty', '--since', '2026-11-16', '--until', '2026-11-27']);
    expect(lastCommitMessage(dir)).toBe('person roles: Alice Andersson (alice)');
    ok(dir, ['person', 'roles', 'alice', '--add', 'coach', '--client', 'acme', '--since', '2026-01-10']);
    const r = crisp(dir, ['--json', 'person', 'roles', 'alice']);
    expect(r.json()).toMatchObject({ role_load: 3, role_load_limit: 3, client_ownerships: ['acme'] });
    const text = crisp(dir, ['person', 'roles', 'alice']).stdout;
    expect(text).toContain('alice: role load 3 on 2026-11-23 (limit 3; at the limit: careful)');
    expect(text).toContain('* client owner of acme  (from clients/acme: owner)');
    ok(dir, ['person', 'roles', 'alice', '--end', 'coach', '--on', '2026-11-20']);
    expect(crisp(dir, ['--json', 'person', 'roles', 'alice']).json().role_load).toBe(2);
    expect(crisp(dir, ['person', 'roles', 'alice', '--add', 'chief']).code).toBe(2);
    const end = crisp(dir, ['person', 'roles', 'alice', '--end', 'board']);
    expect(end.code).toBe(1);
    expect(end.stderr).toContain('no open board role to end');
  });
});

describe('happiness', () => {
  it('appends person answers; stale after exactly two months is still fresh; show displays the state', () => {
    const dir = makeTeamLedger();
    const r = crisp(dir, ['--json', 'person', 'happiness', 'alice', '4', '--tasks', '3', '--client', '4', '--wants', 'more', '--best', 'the Acme team', '--date', '2026-09-23']);
    expect(r.code).toBe(0);
    expect(r.json().happiness_state).toMatchObject({ state: 'fresh', call_for_help: false });
    expect(read(dir, 'people/alice.md')).toContain('happiness:\n  - { date: 2026-09-23, crisp: 4, tasks: 3, client: 4, wants: more, best: the Acme team }\n');
    expect(crisp(dir, ['--now', '2026-11-24', '--json', 'person', 'show', 'alice']).json().happiness_state.state).toBe('stale');
    const low = crisp(dir, ['person', 'happiness', 'bob', '2']);
    expect(low.stdout).toContain('bob: happiness: crisp 2/5 on 2026-11-23 (fresh; CALL FOR HELP)');
    expect(low.stderr).toContain('a 1 or a 2 is a call for help: talk to bob');
    expect(crisp(dir, ['person', 'happiness', 'bob', '6']).code).toBe(2);
    expect(crisp(dir, ['person', 'show', 'alice']).stdout).toContain('happiness: crisp 4/5, tasks 3/5, client 4/5, wants more work on 2026-09-23 (fresh)');
  });

  it('records client happiness by the actor; a 1-2 is an unhappy client to call; a coach can be named', () => {
    const dir = makeTeamLedger();
    ok(dir, ['client', 'set', 'acme', '--coach', 'bob']);
    const before = commitCount(dir);
    const r = crisp(dir, ['--as', 'bob', '--json', 'client', 'happiness', 'acme', '2', '--note', 'SSO is late']);
    expect(r.code).toBe(0);
    expect(commitCount(dir)).toBe(before + 1);
    expect(r.json()).toMatchObject({ coach: 'bob', happiness: [{ date: '2026-11-23', score: 2, by: 'bob', note: 'SSO is late' }], happiness_state: { call_for_help: true } });
    expect(r.stderr).toContain('an unhappy client: alice (the client owner) should call them');
    expect(crisp(dir, ['client', 'show', 'acme']).stdout).toContain('happiness: 2/5 on 2026-11-23 (fresh; UNHAPPY: call them)');
    expect(crisp(dir, ['client', 'happiness', 'acme', '4']).code).toBe(2); // no actor
  });
});
