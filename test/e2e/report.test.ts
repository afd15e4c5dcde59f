import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { crisp, git, makeTeamLedger, read, tempDir, write } from '../helpers/cli.js';

/** Run crisp with the clock and git's dates at `day` (noon UTC), failing loudly. */
function at(dir: string, day: string, args: string[]) {
  const when = `${day}T12:00:00Z`;
  const r = crisp(dir, ['--now', when, ...args], { env: { GIT_AUTHOR_DATE: when, GIT_COMMITTER_DATE: when, CRISP_USER: 'alice' } });
  if (r.code !== 0) throw new Error(`crisp ${args.join(' ')} failed: ${r.stderr}`);
  return r;
}

/** A new ledger whose first commit (`crisp init`) is dated `day`, noon UTC. */
function ledgerMadeOn(day: string): string {
  const base = tempDir();
  const when = `${day}T12:00:00Z`;
  const r = crisp(base, ['--now', when, 'init', 'ledger'], { env: { GIT_AUTHOR_DATE: when, GIT_COMMITTER_DATE: when } });
  if (r.code !== 0) throw new Error(r.stderr);
  return join(base, 'ledger');
}

/**
 * A ledger with a known history: one deal created 2026-09-10, in proposal from 2026-09-25,
 * re-valued and won on 2026-10-05; a second lead added 2026-10-06.
 */
function historyLedger(): string {
  const dir = ledgerMadeOn('2026-09-01');
  at(dir, '2026-09-01', ['person', 'add', '--name', 'Alice', '--email', 'alice@example.com', '--id', 'alice', '--capacity', '16']);
  at(dir, '2026-09-01', ['person', 'add', '--name', 'Bob', '--email', 'bob@example.com', '--id', 'bob', '--capacity', '4']);
  at(dir, '2026-09-01', ['client', 'add', '--name', 'Acme', '--id', 'acme', '--owner', 'alice']);
  at(dir, '2026-09-10', ['lead', 'add', '--title', 'Big deal', '--client', 'acme', '--source', 'website', '--value', '10000', '--id', 'big']);
  at(dir, '2026-09-20', ['lead', 'stage', 'big', 'qualified']);
  at(dir, '2026-09-25', ['lead', 'stage', 'big', 'proposal']);
  at(dir, '2026-10-05', ['lead', 'set', 'big', '--value', '30000']);
  at(dir, '2026-10-05', ['lead', 'stage', 'big', 'won']);
  at(dir, '2026-10-06', ['lead', 'add', '--title', 'Small thing', '--org', 'Beta', '--source', 'referral', '--value', '2000.50', '--id', 'small', '--follow-up', '2026-11-20']);
  return dir;
}

describe('crisp report on a ledger with a known history', () => {
  const dir = historyLedger();

  it('pipeline: counts, value and weighted forecast in minor units, now', () => {
    const j = crisp(dir, ['--json', 'report', 'pipeline']).json();
    expect(j).toMatchObject({ report: 'pipeline', as_of: '2026-11-23', currency: 'EUR' });
    expect(j.commit).toBeUndefined();
    expect(j.rows.map((r: { stage: string }) => r.stage)).toEqual(['new', 'qualified', 'discovery', 'proposal', 'on-hold']);
    expect(j.rows[0]).toEqual({ stage: 'new', count: 1, value: 200050, weighted: 10003, probability: 0.05, median_age_days: 48, rotting: 1, currency: 'EUR' });
    expect(j.rows[3]).toMatchObject({ stage: 'proposal', count: 0, value: 0 });
    expect(j.totals).toMatchObject({ count: 1, value: 200050, weighted: 10003, rotting: 1, rotting_deals: [{ id: 'small', days_quiet: 48, rotting_days: 7 }] });
  });

  it('--as-of a date reproduces the old numbers from git history, without touching the work tree', () => {
    write(dir, 'leads/big.md', read(dir, 'leads/big.md').replace('value: 30000', 'value: 99999'));
    const j = crisp(dir, ['--json', 'report', 'pipeline', '--as-of', '2026-09-30']).json();
    const commit = git(dir, ['log', '-1', '--format=%H', '--until=2026-09-30T23:59:59Z']).trim();
    expect(j).toMatchObject({ report: 'pipeline', as_of: '2026-09-30', commit });
    expect(j.rows[3]).toMatchObject({ stage: 'proposal', count: 1, value: 1000000, weighted: 600000, median_age_days: 5 });
    expect(j.totals).toMatchObject({ count: 1, value: 1000000 });
    expect(git(dir, ['status', '--porcelain'])).toBe(' M leads/big.md\n');
    expect(read(dir, 'leads/big.md')).toContain('value: 99999');
    git(dir, ['checkout', '--', 'leads/big.md']);
  });

  it('--as-of a git ref uses that commit', () => {
    const j = crisp(dir, ['--json', 'report', 'pipeline', '--as-of', 'HEAD~2']).json();
    expect(j.commit).toBe(git(dir, ['rev-parse', 'HEAD~2']).trim());
    expect(j.as_of).toBe('2026-10-05');
    expect(j.rows[3]).toMatchObject({ stage: 'proposal', count: 1, value: 3000000 }); // re-valued, not yet won
  });

  it('--as-of refuses a date before the first commit and an unknown ref', () => {
    const early = crisp(dir, ['report', 'pipeline', '--as-of', '2026-08-01']);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('no commit made by the end of 2026-08-01');
    const bad = crisp(dir, ['report', 'pipeline', '--as-of', 'no-such-branch']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('git knows no commit called "no-such-branch"');
    expect(crisp(dir, ['report', 'pipeline', '--as-of', '--all']).code).toBe(2);
  });

  it('metrics per quarter: value won, cycle time, the quarter before, and as of the end of last quarter', () => {
    const now = crisp(dir, ['--json', 'report', 'metrics', '--period', 'quarter']).json();
    expect(now.period).toEqual({ kind: 'quarter', start: '2026-10-01', end: '2026-12-31', previous: { start: '2026-07-01', end: '2026-09-30' } });
    const m = Object.fromEntries(now.rows.map((r: { metric: string }) => [r.metric, r]));
    expect(m.deals_won).toMatchObject({ value: 1, previous: 0, kind: 'lagging', unit: 'count' });
    expect(m.value_won).toMatchObject({ value: 3000000, previous: 0, unit: 'minor', currency: 'EUR' });
    expect(m.cycle_days).toMatchObject({ value: 25, previous: null });
    expect(m.new_leads).toMatchObject({ value: 1, previous: 1, kind: 'leading' });
    expect(m.proposals_sent).toMatchObject({ value: 0, previous: 1 });
    expect(m.win_rate).toMatchObject({ value: 1, previous: null });
    const old = crisp(dir, ['--json', 'report', 'metrics', '--period', 'quarter', '--as-of', '2026-09-30']).json();
    expect(old.period).toMatchObject({ start: '2026-07-01', end: '2026-09-30' });
    const o = Object.fromEntries(old.rows.map((r: { metric: string }) => [r.metric, r.value]));
    expect(o).toMatchObject({ new_leads: 1, proposals_sent: 1, deals_won: 0, value_won: 0, win_rate: null });
  });

  it('metrics per week start on Monday and compare with targets from crisp.yaml', () => {
    write(dir, 'crisp.yaml', read(dir, 'crisp.yaml').replace('week: { touches: 20, intro_meetings: 2 }', 'week: { new_leads: 1, touches: 5 }'));
    const j = crisp(dir, ['--json', 'report', 'metrics', '--period', 'week', '--now', '2026-10-11T12:00:00Z']).json();
    git(dir, ['checkout', '--', 'crisp.yaml']);
    expect(j.period).toMatchObject({ kind: 'week', start: '2026-10-05', end: '2026-10-11' });
    const m = Object.fromEntries(j.rows.map((r: { metric: string }) => [r.metric, r]));
    expect(m.new_leads).toMatchObject({ value: 1, target: 1, met: true });
    expect(m.touches).toMatchObject({ value: 0, target: 5, met: false });
    expect(m.deals_won).toMatchObject({ value: 1, target: null, met: null });
  });

  it('follow-ups: overdue, quiet, per owner', () => {
    const j = crisp(dir, ['--json', 'report', 'follow-ups']).json();
    expect(j.report).toBe('follow-ups');
    expect(j.rows.map((r: { reason: string; lead: string; due: string }) => [r.reason, r.lead, r.due])).toEqual([
      ['under seven touches and quiet', 'small', '2026-10-20'],
      ['overdue', 'small', '2026-11-20'],
    ]);
    expect(j.rows[1]).toEqual({ owner: 'alice', reason: 'overdue', due: '2026-11-20', overdue: true, lead: 'small', title: 'Small thing', client: null, detail: 'follow-up set for 2026-11-20' });
    const early = crisp(dir, ['--json', 'report', 'follow-ups', '--now', '2026-11-17T12:00:00Z']).json();
    expect(early.rows.map((r: { reason: string }) => r.reason)).toEqual(['under seven touches and quiet']);
    const week = crisp(dir, ['--json', 'report', 'follow-ups', '--now', '2026-11-17T12:00:00Z', '--week']).json();
    expect(week.period).toEqual({ start: '2026-11-17', end: '2026-11-22' });
    expect(week.rows.map((r: { reason: string }) => r.reason)).toEqual(['under seven touches and quiet', 'due']);
  });

  it('capacity: role load before hours in the verdict and its reasons', () => {
    at(dir, '2026-11-01', ['person', 'set', 'alice', 'roles=[{ role: coach, client: acme, since: 2026-01-01 }, { role: board, since: 2026-01-01 }]']);
    write(dir, 'teams/big/events/20261101T100000000Z--bob--accept--ab12.md', '---\nverb: accept\nperson: bob\nrole: developer\nhours_per_week: 2\nby: bob\nat: 2026-11-01T10:00:00Z\nafter: propose\n---\n');
    const j = crisp(dir, ['--json', 'report', 'capacity']).json();
    expect(j.rows.map((r: { person: string; role_load: number; free_hours: number; verdict: string }) => [r.person, r.role_load, r.free_hours, r.verdict])).toEqual([
      ['alice', 3, 16, 'careful'],
      ['bob', 0, 2, 'careful'],
    ]);
    expect(j.rows[0].roles).toEqual(['coach (acme)', 'board', 'client-owner (acme)']);
    expect(j.totals).toMatchObject({ verdict: 'careful', reasons: ['alice: role load 3 is at the limit 3', 'bob: only 2 free h/week (under 8)'] });
    const human = crisp(dir, ['report', 'capacity']).stdout;
    expect(human.split('\n').slice(0, 3)).toEqual(['open to new work: careful', '  alice: role load 3 is at the limit 3', '  bob: only 2 free h/week (under 8)']);
  });

  it('--format csv and md', () => {
    const csv = crisp(dir, ['report', 'pipeline', '--format', 'csv']).stdout.split('\r\n');
    expect(csv[0]).toBe('stage,count,value,weighted,probability,median_age_days,rotting,currency');
    expect(csv[1]).toBe('new,1,200050,10003,0.05,48,1,EUR');
    const md = crisp(dir, ['report', 'pipeline', '--format', 'md']).stdout;
    expect(md).toContain('| STAGE | LEADS | VALUE EUR | WEIGHTED | MEDIAN DAYS | ROTTING |');
    expect(md).toContain('| new | 1 | 2,000.50 | 100.03 | 48 | 1 |');
    const bad = crisp(dir, ['report', 'pipeline', '--format', 'xml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format must be one of table, json, csv, md');
    // --json is --format json: both at once must agree, else it is a usage error (nothing printed but the error).
    for (const report of ['pipeline', 'buns', 'crisplet']) {
      const both = crisp(dir, ['--json', 'report', report, '--format', 'csv']);
      expect(both.code, report).toBe(2);
      expect(both.json().error).toMatchObject({ code: 'format-conflict', message: '--json and --format csv ask for two different outputs' });
    }
    expect(crisp(dir, ['--json', 'report', 'pipeline', '--format', 'json']).json().report).toBe('pipeline');
    expect(crisp(dir, ['--json', 'report', 'pipeline']).json().report).toBe('pipeline');
  });
});

describe('lead list and client list filters', () => {
  it('--where, --owner, --source, --sort, --limit on leads and clients', () => {
    const dir = historyLedger();
    at(dir, '2026-10-07', ['lead', 'add', '--title', 'Mid', '--org', 'Gamma', '--source', 'referral', '--value', '15000', '--id', 'mid', '--owner', 'bob']);
    at(dir, '2026-10-07', ['client', 'add', '--name', 'Town', '--id', 'town', '--sector', 'public', '--owner', 'bob']);
    const ids = (args: string[]) => crisp(dir, ['--json', ...args]).json().map((r: { id: string }) => r.id);
    expect(ids(['lead', 'list', '--sort', '-value'])).toEqual(['mid', 'small']);
    expect(ids(['lead', 'list', '--all', '--sort', '-value', '--limit', '2'])).toEqual(['big', 'mid']);
    expect(ids(['lead', 'list', '--where', 'stage=won'])).toEqual(['big']);
    expect(ids(['lead', 'list', '--all', '--source', 'referral', '--where', 'value>=10000'])).toEqual(['mid']);
    expect(ids(['lead', 'list', '--owner', 'alice'])).toEqual(['small']);
    expect(ids(['client', 'list', '--owner', 'bob'])).toEqual(['town']);
    expect(ids(['client', 'list', '--where', 'sector=public|government', '--sort', '-name'])).toEqual(['town']);
    expect(ids(['client', 'list', '--sort', '-name'])).toEqual(['town', 'acme']);
    const bad = crisp(dir, ['lead', 'list', '--where', 'colour=red']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--where names "colour", which these records do not have');
  });

  it('--sort next_step orders leads by urgency: overdue (the oldest first), due today, scheduled, then nothing scheduled', () => {
    const dir = makeTeamLedger();
    const add = (id: string, followUp?: string) =>
      expect(crisp(dir, ['--now', '2026-11-10T09:00:00Z', '--as', 'alice', 'lead', 'add', '--title', id, '--org', 'Org', '--source', 'website', '--id', id, ...(followUp ? ['--follow-up', followUp] : [])]).code).toBe(0);
    for (const [id, day] of [['later', '2026-11-30'], ['none', undefined], ['today', '2026-11-23'], ['late', '2026-11-20'], ['latest', '2026-11-12']] as const) add(id, day);
    const listed = (sort: string) => crisp(dir, ['--now', '2026-11-23T09:00:00Z', '--json', 'lead', 'list', '--sort', sort]).json().map((r: { id: string; next_step: string }) => `${r.id}:${r.next_step}`);
    expect(listed('next_step')).toEqual(['latest:overdue', 'late:overdue', 'today:due today', 'later:scheduled', 'none:nothing scheduled']);
    expect(listed('-next_step')).toEqual(['later:scheduled', 'today:due today', 'late:overdue', 'latest:overdue', 'none:nothing scheduled']);
  });
});

describe('crisp report html', () => {
  it('writes one self-contained page whose cells carry the report numbers', () => {
    const dir = historyLedger();
    write(dir, 'buns/b1/bun.md', '---\nid: b1\ntitle: Coach wanted\nkind: bun\nreceived_by: alice\nreceived: 2026-11-20T09:00:00Z\n---\n');
    write(dir, 'buns/b1/events/20261120T100000000Z--bob--claim--k2m4.md', '---\nverb: claim\nby: bob\nat: 2026-11-20T10:00:00Z\nafter: bun.md\n---\n');
    const out = join(tempDir(), 'site');
    const r = crisp(dir, ['--json', 'report', 'html', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ report: 'html', as_of: '2026-11-23', path: join(out, 'index.html'), sections: ['pipeline', 'metrics', 'follow-ups', 'capacity', 'buns'] });
    const page = read(out, 'index.html');
    expect(page).not.toMatch(/<script|https?:\/\/|<link/);
    expect(page).toContain('<svg class="funnel"');
    expect(page).toContain('<td data-key="count" data-value="1" class="num">1</td>');
    expect(page).toContain('<p class="lead" id="pipeline-total" data-value="10003">total: 1 leads, 2,000.50 EUR, weighted 100.03 EUR</p>');
    expect(page).toMatch(/<p class="lead verdict-yes" id="verdict" data-value="yes">open to new work: yes<\/p>/);
    expect(page).toContain('<td data-key="lead" data-value="small">small</td>');
    expect(page).toMatch(/<td data-key="person" data-value="bob">bob<\/td><td data-key="received" data-value="0" class="num">0<\/td><td data-key="taken" data-value="1"/);
    expect(git(dir, ['status', '--porcelain'])).toBe('?? buns/\n');
  });
});

describe('pipeline: client happiness beside the deal values', () => {
  it('lists open deals with a client, biggest first, with the client\'s latest happiness', async () => {
    const { makeLedger, crisp: run } = await import('../helpers/cli.js');
    const dir = makeLedger({ sample: true });
    const deals = run(dir, ['--json', 'report', 'pipeline']).json().totals.deals as { id: string; value: number; client_happiness: number | null }[];
    expect(deals[0]).toMatchObject({ id: 'nva-skills-platform-tender-4x7d', value: 18000000, client_happiness: 4 });
    expect(deals.find((d) => d.id === 'open-health-catalogue-search-e4g9')).toMatchObject({ client_happiness: 2, client_happiness_state: 'fresh' });
    expect(deals.map((d) => d.value)).toEqual([...deals.map((d) => d.value)].sort((a, b) => b - a));
  });
});

describe('report buns and report crisplet, now and --as-of', () => {
  /**
   * Alice joins the sales crisplet on 2026-10-01; she posts a bun on 2026-10-05 and offers it; Bob
   * takes it on 2026-10-20. Her October revenue is booked on 2026-10-25 and corrected on 2026-11-03.
   */
  function bunsAndRevenue(): string {
    const dir = ledgerMadeOn('2026-10-01');
    at(dir, '2026-10-01', ['person', 'add', '--name', 'Alice', '--email', 'alice@example.com', '--id', 'alice']);
    at(dir, '2026-10-01', ['person', 'add', '--name', 'Bob', '--email', 'bob@example.com', '--id', 'bob']);
    at(dir, '2026-10-01', ['person', 'set', 'alice', '--crisplet', 'on', '--from', '2026-10-01']);
    at(dir, '2026-10-05', ['--as', 'alice', 'bun', 'post', 'Acme wants a coach', '--id', 'acme-coach']);
    at(dir, '2026-10-05', ['--as', 'alice', 'bun', 'offer', 'acme-coach', '--all']);
    at(dir, '2026-10-20', ['--as', 'bob', 'bun', 'take', 'acme-coach']);
    at(dir, '2026-10-25', ['revenue', 'add', '--person', 'alice', '--month', '2026-10', '--amount', '10000']);
    at(dir, '2026-11-03', ['revenue', 'add', '--person', 'alice', '--month', '2026-10', '--amount', '12000', '--replace']);
    return dir;
  }
  const dir = bunsAndRevenue();
  const row = (j: { rows: { person: string }[] }, person: string) => j.rows.find((x) => x.person === person);

  it('buns --as-of counts the flow as it was at that date, from git history', () => {
    const before = crisp(dir, ['--json', 'report', 'buns', '--as-of', '2026-10-10']).json();
    expect(before).toMatchObject({ report: 'buns', as_of: '2026-10-10', period: { name: 'month', from: '2026-10-01', to: '2026-10-31' } });
    expect(before.commit).toMatch(/^[0-9a-f]{40}$/);
    // Offered but not yet taken: nobody has dealt with it.
    expect(row(before, 'alice')).toMatchObject({ received: 1, passed_on: 0, eaten: 0 });
    expect(row(before, 'bob')).toMatchObject({ received: 0, eaten: 0 });
    const after = crisp(dir, ['--json', 'report', 'buns', '--as-of', '2026-10-31']).json();
    expect(row(after, 'alice')).toMatchObject({ received: 1, passed_on: 1, eaten: 0 });
    expect(row(after, 'bob')).toMatchObject({ eaten: 1 });
    // Now (2026-11-23) the period is November, when nothing happened.
    const now = crisp(dir, ['--json', 'report', 'buns']).json();
    expect(now.commit).toBeUndefined();
    expect(now.period).toEqual({ name: 'month', from: '2026-11-01', to: '2026-11-30' });
    expect(row(now, 'bob')).toMatchObject({ eaten: 0 });
    // The same numbers for the same commit, named by a ref; the title says which commit.
    const md = crisp(dir, ['report', 'buns', '--as-of', before.commit, '--format', 'md']).stdout.split('\n');
    expect(md[0]).toMatch(/^## buns as of 2026-10-05 \(commit [0-9a-f]{7}\) \(2026-10-01 to 2026-10-31\)$/);
    expect(md).toContain('| alice | 1 | 0 | 0 | 0 | 0 | 0 |');
    // Read from git, the last commit gives what the work tree gives on that commit's day.
    const fromGit = crisp(dir, ['--json', 'report', 'buns', '--as-of', 'HEAD', '--period', 'quarter']).json();
    const fromTree = crisp(dir, ['--json', '--now', '2026-11-03T12:00:00Z', 'report', 'buns', '--period', 'quarter']).json();
    expect(fromGit.as_of).toBe('2026-11-03');
    expect(fromGit.rows).toEqual(fromTree.rows);
    expect(fromGit.totals).toEqual(fromTree.totals);
    expect(row(fromGit, 'bob')).toMatchObject({ eaten: 1 });
  });

  it('crisplet --as-of shows the revenue booked by then; the month defaults to that date', () => {
    const then = crisp(dir, ['--json', 'report', 'crisplet', '--as-of', '2026-10-31']).json();
    expect(then).toMatchObject({ report: 'crisplet', as_of: '2026-10-31', currency: 'EUR', period: { month: '2026-10', days: 31 }, rates: { monthly_fee_minor: 15000, revenue_share: 0.03 } });
    expect(then.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(then.rows.map((x: Record<string, unknown>) => [x.person, x.member_days, x.revenue_minor, x.fee_minor])).toEqual([['alice', 31, 1000000, 45000]]);
    const now = crisp(dir, ['--json', 'report', 'crisplet', '--month', '2026-10']).json();
    expect(now.commit).toBeUndefined();
    expect(now.rows.map((x: Record<string, unknown>) => [x.person, x.revenue_minor, x.fee_minor])).toEqual([['alice', 1200000, 51000]]);
    expect(now.totals).toEqual({ members: 1, revenue_minor: 1200000, fee_minor: 51000, currency: 'EUR' });
  });

  it('crisplet takes --format table, csv and md like the other reports', () => {
    const table = crisp(dir, ['report', 'crisplet', '--month', '2026-10']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('alice\t31/31\t12,000.00\t510.00\t(150.00 + 3% × 12,000.00) × 31/31 = 510.00');
    expect(table.stdout).toContain('total: 510.00 EUR from 1 member (billed 12,000.00 EUR)');
    const csv = crisp(dir, ['report', 'crisplet', '--month', '2026-10', '--as-of', '2026-10-31', '--format', 'csv']).stdout.split('\r\n');
    expect(csv[0]).toBe('person,name,member_days,days_in_month,revenue_minor,monthly_fee_minor,share_minor,fee_minor,currency,arithmetic');
    expect(csv[1]).toBe('alice,Alice,31,31,1000000,15000,30000,45000,EUR,"(150.00 + 3% × 10,000.00) × 31/31 = 450.00"');
    const md = crisp(dir, ['report', 'crisplet', '--month', '2026-10', '--format', 'md']).stdout.split('\n');
    expect(md[0]).toBe('## crisplet as of 2026-11-23');
    expect(md).toContain('| alice | 31/31 | 12,000.00 | 510.00 | (150.00 + 3% × 12,000.00) × 31/31 = 510.00 |');
    const bad = crisp(dir, ['report', 'crisplet', '--format', 'xml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format must be one of table, json, csv, md');
    expect(crisp(dir, ['report', 'crisplet', '--month', '2026-13', '--as-of', 'no-such-ref']).stderr).toContain('--month takes a month like 2026-11');
    expect(crisp(dir, ['report', 'crisplet', '--as-of', '2026-09-01']).stderr).toContain('no commit made by the end of 2026-09-01');
  });
});

describe('metrics count leads moved by lead stage beside the records', () => {
  it('counts a discovery or proposal per lead: its record when it has one, else its stage move', async () => {
    const { makeLedger, crisp: run } = await import('../helpers/cli.js');
    const dir = makeLedger({ sample: true });
    const counts = () => {
      const rows = run(dir, ['--json', 'report', 'metrics', '--period', 'quarter']).json().rows as { metric: string; value: number; previous: number }[];
      return Object.fromEntries(rows.filter((r) => /^(discoveries_started|proposals_sent)$/.test(r.metric)).map((r) => [r.metric, [r.value, r.previous]]));
    };
    // Five leads started a discovery this quarter (three with a record, two moved by lead stage), four the quarter before.
    expect(counts()).toEqual({ discoveries_started: [5, 4], proposals_sent: [3, 4] });
    const lead = 'tidewater-academy-courses-k7p2';
    expect(run(dir, ['--as', 'farid', 'lead', 'stage', lead, 'discovery']).code).toBe(0);
    expect(counts()).toEqual({ discoveries_started: [6, 4], proposals_sent: [3, 4] });
    // Its record, started after the move, does not count the lead a second time.
    expect(run(dir, ['--as', 'farid', 'discovery', 'start', lead, '--assignee', 'farid']).code).toBe(0);
    expect(counts()).toEqual({ discoveries_started: [6, 4], proposals_sent: [3, 4] });
    expect(run(dir, ['--as', 'farid', 'lead', 'stage', lead, 'proposal']).code).toBe(0);
    expect(counts()).toEqual({ discoveries_started: [6, 4], proposals_sent: [4, 4] });
  });
});

describe('report headers do not depend on the rows', () => {
  it('every report gives the same CSV and Markdown header on an empty ledger as on the sample', async () => {
    const { makeLedger, crisp: run } = await import('../helpers/cli.js');
    const sample = makeLedger({ sample: true });
    const empty = makeLedger();
    const reports = [['pipeline'], ['follow-ups'], ['metrics'], ['capacity'], ['buns'], ['crisplet', '--month', '2026-11']];
    for (const args of reports) {
      const header = (dir: string, format: 'csv' | 'md') => {
        const r = run(dir, ['report', ...args, '--format', format]);
        expect(r.code, `${args[0]} ${format}: ${r.stderr}`).toBe(0);
        return format === 'csv' ? r.stdout.split('\r\n')[0] : r.stdout.split('\n').find((l) => l.startsWith('| '));
      };
      const csv = header(sample, 'csv');
      expect(header(empty, 'csv'), args[0]).toBe(csv);
      expect(header(empty, 'md'), args[0]).toBe(header(sample, 'md'));
      // The header names every row field, in the JSON's order.
      const rows = run(sample, ['--json', 'report', ...args]).json().rows as Record<string, unknown>[];
      expect(rows.length, args[0]).toBeGreaterThan(0);
      expect(csv, args[0]).toBe([...new Set(rows.flatMap((r) => Object.keys(r)))].join(','));
    }
    expect(run(empty, ['report', 'follow-ups', '--format', 'csv']).stdout).toBe('owner,reason,due,overdue,lead,title,client,detail\r\n');
  });
});
