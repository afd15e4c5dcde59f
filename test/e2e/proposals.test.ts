import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitCount, crisp, git, lastCommitFiles, lastCommitMessage, makeLedger, makeTeamLedger, read, tempDir, write } from '../helpers/cli.js';

const as = (who: string) => ({ env: { CRISP_USER: who } });

function ok(dir: string, args: string[], who = 'alice') {
  const r = crisp(dir, ['--json', ...args], as(who));
  if (r.code !== 0) throw new Error(`crisp ${args.join(' ')} exited ${r.code}: ${r.stdout}${r.stderr}`);
  return r.json();
}

/** A team ledger with a High website lead on acme (no owner yet) and an org lead. */
function dealLedger(): string {
  const dir = makeTeamLedger();
  ok(dir, ['client', 'add', '--name', 'Beta School', '--id', 'beta', '--sector', 'nonprofit']);
  ok(dir, ['lead', 'add', '--title', 'LMS upgrade', '--client', 'beta', '--source', 'website', '--id', 'beta-lms']);
  ok(dir, ['lead', 'score', 'beta-lms', '--criterion', 'strategic_fit=3', '--criterion', 'budget=3', '--criterion', 'open_source_appetite=3', '--criterion', 'relationship=3']);
  return dir;
}

describe('discovery → proposal → render → send → sign', () => {
  it('works end to end, one commit per step, and the sample rules hold', () => {
    const dir = dealLedger();
    const d = ok(dir, ['discovery', 'start', 'beta-lms', '--assignee', 'bob', '--budget', '8', '--billing', 'on-acceptance', '--id', 'beta-disc']);
    expect(d).toMatchObject({ id: 'beta-disc', lead: 'beta-lms', assignee: 'bob', billing: 'on-acceptance', budget_hours: 8, status: 'open', started: '2026-11-23' });
    expect(lastCommitFiles(dir)).toEqual(['discoveries/beta-disc.md', 'leads/beta-lms.md']);
    expect(ok(dir, ['lead', 'show', 'beta-lms']).stage).toBe('discovery');

    ok(dir, ['discovery', 'estimate', 'beta-disc', '--task', 'Theme changes', '--hours', '12']);
    ok(dir, ['discovery', 'estimate', 'beta-disc', '--task', 'SSO', '--hours', '20']);
    const e = ok(dir, ['discovery', 'estimate', 'beta-disc', '--task', 'sso', '--hours', '24', '--notes', 'SAML']);
    expect(e.estimates).toEqual([{ task: 'Theme changes', hours: 12 }, { task: 'SSO', hours: 24, notes: 'SAML' }]);
    expect(ok(dir, ['discovery', 'done', 'beta-disc', '--hours', '6'])).toMatchObject({ status: 'done', hours_spent: 6 });

    const p = ok(dir, ['proposal', 'new', 'beta-lms', '--kind', 'fixed', '--months', '2', '--id', 'beta-prop']);
    expect(p).toMatchObject({ id: 'beta-prop', discovery: 'beta-disc', kind: 'fixed', status: 'draft', rate: 105 });
    expect(p.lines.map((l: any) => [l.label, l.hours, l.from])).toEqual([
      ['Theme changes', 12, 'estimate'],
      ['SSO', 24, 'estimate'],
      ['Meetings (2 h/month × 2 months)', 4, 'meetings'],
      ['Management (15 % of tasks and meetings)', 6, 'management'],
      ['Discovery (not yet billed)', 6, 'discovery'],
    ]);
    expect(p.totals).toMatchObject({ hours: 52, amount: 546000 });

    const r1 = crisp(dir, ['proposal', 'render', 'beta-prop']);
    const r2 = crisp(dir, ['proposal', 'render', 'beta-prop']);
    expect(r1.code).toBe(0);
    expect(r1.stdout).toBe(r2.stdout);
    expect(r1.stdout).toContain('| **Total** | **52** | | **EUR 5,460.00** |');
    expect(r1.stdout).toContain(`- ledger commit: ${git(dir, ['rev-parse', 'HEAD']).trim()}`);

    const before = commitCount(dir);
    const s = ok(dir, ['proposal', 'send', 'beta-prop']);
    expect(commitCount(dir)).toBe(before + 1);
    expect(lastCommitFiles(dir)).toEqual(['leads/beta-lms.md', 'proposals/beta-prop.md', 'sent/beta-prop/v1.md']);
    expect(s.status).toBe('sent');
    expect(s.sent).toEqual([expect.objectContaining({ version: 1, by: 'alice', template: 'fixed', at: '2026-11-23T10:00:00Z' })]);
    const frozen = read(dir, 'sent/beta-prop/v1.md');
    expect(frozen).toContain(`- rendered text sha256: ${s.sent[0].content_sha256}`);
    const lead = ok(dir, ['lead', 'show', 'beta-lms']);
    expect(lead).toMatchObject({ stage: 'proposal', follow_up: '2026-11-26' });

    const signed = ok(dir, ['proposal', 'sign', 'beta-prop']);
    expect(signed).toMatchObject({ status: 'signed', signed: { at: '2026-11-23T10:00:00Z', by: 'alice' }, kickoff: '2026-11-30' });
    expect(lastCommitFiles(dir)).toEqual(['clients/beta.md', 'leads/beta-lms.md', 'proposals/beta-prop.md']);
    expect(ok(dir, ['client', 'show', 'beta']).owner).toBe('bob');
    expect(ok(dir, ['lead', 'show', 'beta-lms'])).toMatchObject({ stage: 'won', follow_up: '2026-11-30' });
    expect(crisp(dir, ['validate', '--strict']).stdout).toMatch(/^ok: /);
    expect(read(dir, 'sent/beta-prop/v1.md')).toBe(frozen);
  });

  it('signing an org lead creates the client with the discovery assignee as owner', () => {
    const dir = makeTeamLedger();
    ok(dir, ['lead', 'add', '--title', 'Course pages', '--org', 'Gamma Academy', '--source', 'referral', '--id', 'gamma']);
    ok(dir, ['discovery', 'start', 'gamma', '--assignee', 'bob', '--budget', '4', '--id', 'gamma-disc']);
    ok(dir, ['proposal', 'new', 'gamma-disc', '--kind', 'small', '--block-hours', '10', '--id', 'gamma-prop']);
    ok(dir, ['proposal', 'send', 'gamma-prop']);
    const out = crisp(dir, ['proposal', 'sign', 'gamma-prop'], as('alice'));
    expect(out.code).toBe(0);
    const lead = ok(dir, ['lead', 'show', 'gamma']);
    expect(lead.org).toBeUndefined();
    const client = ok(dir, ['client', 'show', lead.client]);
    // a small project makes no new client owner (seed 004)
    expect(client).toMatchObject({ name: 'Gamma Academy' });
    expect(client.owner).toBeUndefined();
    expect(crisp(dir, ['validate']).code).toBe(0);
  });

  it('editing the pricing of a sent proposal fails validate until a new version is sent', () => {
    const dir = makeTeamLedger();
    ok(dir, ['lead', 'add', '--title', 'Support', '--client', 'acme', '--source', 'existing-client', '--id', 'acme-support']);
    ok(dir, ['proposal', 'new', 'acme-support', '--kind', 'iterative', '--monthly-hours', '20', '--id', 'acme-iter']);
    ok(dir, ['proposal', 'send', 'acme-iter']);
    const path = 'proposals/acme-iter.md';
    write(dir, path, read(dir, path).replace('hours_per_month: 20', 'hours_per_month: 24'));
    const v = crisp(dir, ['validate']);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('proposals/acme-iter.md:');
    expect(v.stdout).toContain('pricing-changed-after-send: the pricing differs from version 1, which the client has');
    expect(v.stdout).toContain('hint: send a new version (crisp proposal send acme-iter), or revert');
    const sent = crisp(dir, ['proposal', 'send', 'acme-iter'], as('alice'));
    expect(sent.code).toBe(0);
    // The new pricing, not committed yet, goes out with the version that holds it, and is said to.
    expect(sent.stderr).toContain('note: the commit includes the changes to proposals/acme-iter.md that were not committed yet');
    expect(git(dir, ['show', 'HEAD:proposals/acme-iter.md'])).toContain('hours_per_month: 24');
    expect(git(dir, ['status', '--porcelain'])).toBe('');
    expect(crisp(dir, ['validate']).code).toBe(0);
    expect(existsSync(join(dir, 'sent/acme-iter/v2.md'))).toBe(true);
  });

  it('lose records the reason and loses the lead', () => {
    const dir = makeTeamLedger();
    ok(dir, ['lead', 'add', '--title', 'Support', '--client', 'acme', '--source', 'existing-client', '--id', 'acme-support']);
    ok(dir, ['proposal', 'new', 'acme-support', '--kind', 'small', '--block-hours', '12', '--id', 'acme-small']);
    expect(crisp(dir, ['proposal', 'lose', 'acme-small'], as('alice')).code).toBe(2);
    const l = ok(dir, ['proposal', 'lose', 'acme-small', '--reason', 'no budget this year']);
    expect(l).toMatchObject({ status: 'lost', lost: { by: 'alice', reason: 'no budget this year' } });
    expect(ok(dir, ['lead', 'show', 'acme-support']).stage).toBe('lost');
  });
});

describe('rules refuse with a reason and a way forward', () => {
  it('discovery billing follows the table of DESIGN.md §6', () => {
    const dir = makeTeamLedger();
    ok(dir, ['lead', 'add', '--title', 'Tender', '--client', 'acme', '--source', 'rfp', '--id', 'rfp']);
    const r = crisp(dir, ['--json', 'discovery', 'start', 'rfp', '--billing', 'on-acceptance'], as('alice'));
    expect(r.code).toBe(1);
    expect(r.json().error).toMatchObject({ code: 'billing-refused', hint: 'start a normal paid discovery with --billing billable, or decline the bid' });
    expect(ok(dir, ['discovery', 'start', 'rfp']).billing).toBe('billable');
  });
  it('waived billing: a High tender of a government client, with a reason and a business developer', () => {
    const dir = makeTeamLedger();
    ok(dir, ['client', 'add', '--name', 'Agency', '--id', 'agency', '--sector', 'government']);
    ok(dir, ['lead', 'add', '--title', 'Platform tender', '--client', 'agency', '--source', 'tender', '--id', 'tender']);
    ok(dir, ['lead', 'score', 'tender', '--criterion', 'strategic_fit=3', '--criterion', 'budget=3', '--criterion', 'open_source_appetite=3', '--criterion', 'relationship=3']);
    const args = ['discovery', 'start', 'tender', '--billing', 'waived', '--reason', 'tender rules 4.2', '--assessed-by', 'bob'];
    const refused = crisp(dir, args, as('alice'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--assessed-by must name a person holding the business-developer role');
    const p = read(dir, 'people/bob.md').replace('---\n', '---\nroles:\n  - { role: business-developer, since: 2026-01-01 }\n');
    write(dir, 'people/bob.md', p);
    expect(ok(dir, args)).toMatchObject({ billing: 'waived', reason: 'tender rules 4.2', assessed_by: 'bob' });
  });

  it('estimates come from a CSV too, and a task can be removed', () => {
    const dir = makeTeamLedger();
    ok(dir, ['lead', 'add', '--title', 'LMS', '--client', 'acme', '--source', 'website', '--id', 'lms']);
    ok(dir, ['discovery', 'start', 'lms', '--id', 'lms-disc']);
    write(dir, '../estimates.csv', 'task,hours,notes\nTheme,12,\n"SSO, SAML",24,Azure\n');
    ok(dir, ['discovery', 'estimate', 'lms-disc', '--from-csv', '../estimates.csv']);
    const d = ok(dir, ['discovery', 'estimate', 'lms-disc', '--task', 'theme', '--remove']);
    expect(d.estimates).toEqual([{ task: 'SSO, SAML', hours: 24, notes: 'Azure' }]);
    const bad = crisp(dir, ['discovery', 'estimate', 'lms-disc', '--task', 'nope', '--remove'], as('alice'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('hint: tasks: SSO, SAML');
  });

  it('a small project block under 10 h is refused; a fixed price needs estimates', () => {
    const dir = makeTeamLedger();
    ok(dir, ['lead', 'add', '--title', 'Fix', '--client', 'acme', '--source', 'website', '--id', 'fix']);
    const s = crisp(dir, ['proposal', 'new', 'fix', '--kind', 'small', '--block-hours', '9'], as('alice'));
    expect(s.code).toBe(1);
    expect(s.stderr).toContain("a small project's development block is at least 10 h, not 9 h");
    const f = crisp(dir, ['proposal', 'new', 'fix', '--kind', 'fixed'], as('alice'));
    expect(f.code).toBe(1);
    expect(f.stderr).toContain('hint: crisp discovery start fix');
  });
  it('maintenance suggests tiers with reasons and honours the choice', () => {
    const dir = makeTeamLedger();
    ok(dir, ['lead', 'add', '--title', 'Care', '--client', 'acme', '--source', 'existing-client', '--id', 'care']);
    const p = ok(dir, ['proposal', 'new', 'care', '--kind', 'maintenance', '--users', '1001', '--deployment', 'shared', '--tier', '1']);
    expect(p.rate).toBe(120);
    expect(p.instances).toEqual([{ name: 'instance', users: 1001, deployment: 'shared', tier: 1, hours_per_month: 7, suggested_tier: 2, reasons: ['more than 1000 users (1001)'] }]);
    expect(p.totals).toMatchObject({ monthly_hours: 7, monthly_amount: 84000 });
  });
});

describe('deals reviewed as pull requests', () => {
  it('submit puts the deal on deal/<id>, pushes to a bare remote, and returns', () => {
    const dir = makeTeamLedger();
    const remote = join(tempDir(), 'remote.git');
    git(dir, ['init', '-q', '--bare', remote]);
    git(dir, ['remote', 'add', 'origin', remote]);
    const branch = git(dir, ['branch', '--show-current']).trim();
    ok(dir, ['lead', 'add', '--title', 'Care', '--client', 'acme', '--source', 'existing-client', '--id', 'care']);
    const head = git(dir, ['rev-parse', 'HEAD']).trim();
    ok(dir, ['--no-commit', 'proposal', 'new', 'care', '--kind', 'small', '--block-hours', '10', '--id', 'care-prop']);
    const s = ok(dir, ['proposal', 'submit', 'care-prop']);
    expect(s).toMatchObject({ id: 'care-prop', branch: 'deal/care-prop', base: branch, pushed: true, remote: 'origin' });
    expect(s.next_step).toContain(`open a pull request (merge request) from deal/care-prop into ${branch}`);
    expect(git(dir, ['branch', '--show-current']).trim()).toBe(branch);
    expect(git(dir, ['rev-parse', 'HEAD']).trim()).toBe(head);
    expect(git(dir, ['status', '--porcelain'])).toBe('');
    expect(git(remote, ['log', '--format=%s', '-1', 'deal/care-prop']).trim()).toBe('proposal submit: Care (care-prop)');
    expect(git(remote, ['show', '--name-only', '--format=', 'deal/care-prop']).trim()).toBe('proposals/care-prop.md');
  });

  it('submit works when the ledger is a folder inside a larger repository', () => {
    const repo = tempDir();
    git(repo, ['init', '-q']);
    write(repo, 'README.md', 'other things\n');
    git(repo, ['add', 'README.md']);
    git(repo, ['commit', '-q', '-m', 'first']);
    expect(crisp(repo, ['init', 'sales', '--name', 'Sub']).code).toBe(0);
    const dir = join(repo, 'sales');
    ok(dir, ['person', 'add', '--name', 'Alice', '--email', 'alice@example.com', '--id', 'alice']);
    ok(dir, ['lead', 'add', '--title', 'Care', '--org', 'Delta', '--source', 'website', '--id', 'care']);
    ok(dir, ['--no-commit', 'proposal', 'new', 'care', '--kind', 'small', '--block-hours', '10', '--id', 'care-prop']);
    const s = ok(dir, ['proposal', 'submit', 'care-prop']);
    expect(s).toMatchObject({ branch: 'deal/care-prop', pushed: false, next_step: expect.stringContaining('no remote to push to') });
    expect(git(repo, ['show', '--name-only', '--format=', 'deal/care-prop']).trim()).toBe('sales/proposals/care-prop.md');
    expect(git(repo, ['status', '--porcelain'])).toBe('');
  });

  it('crisp diff explains a branch that changes a proposal\'s pricing, in hours and money', () => {
    const dir = makeTeamLedger();
    const main = git(dir, ['branch', '--show-current']).trim();
    ok(dir, ['lead', 'add', '--title', 'Support', '--client', 'acme', '--source', 'existing-client', '--id', 'acme-support']);
    ok(dir, ['proposal', 'new', 'acme-support', '--kind', 'small', '--block-hours', '10', '--id', 'acme-small']);
    git(dir, ['switch', '-q', '-c', 'deal/acme-small']);
    ok(dir, ['proposal', 'set', 'acme-small', '--block-hours', '16']);
    ok(dir, ['lead', 'stage', 'acme-support', 'qualified']);
    const r = crisp(dir, ['diff', `${main}..deal/acme-small`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 records: 0 added, 2 changed, 0 removed.');
    expect(r.stdout).toContain('- `acme-support` Support\n  - **stage**: new → qualified');
    expect(r.stdout).toContain('- `acme-small` Support\n  - **pricing**: 10 h → 16 h (+6 h), EUR 1,050.00 → EUR 1,680.00 (+EUR 630.00)');
    expect(r.stdout).toContain('line `Development block (deliver what we can in 16 h)` added: 16 h × EUR 105.00');
    const j = crisp(dir, ['--json', 'diff', `${main}..deal/acme-small`]).json();
    expect(j.records).toEqual([
      { kind: 'lead', id: 'acme-support', path: 'leads/acme-support.md', status: 'changed' },
      { kind: 'proposal', id: 'acme-small', path: 'proposals/acme-small.md', status: 'changed' },
    ]);
    expect(lastCommitMessage(dir)).toBe('lead stage: Support (acme-support)');
  });
});

describe('crisp init writes the CI workflow', () => {
  it('installs this version, validates the change, comments the diff; no PR text inside a script', () => {
    const dir = makeTeamLedger();
    const wf = read(dir, '.github/workflows/crisp.yml');
    const { name, version } = JSON.parse(read(join(__dirname, '../..'), 'package.json'));
    expect(wf).toContain(`CRISP_PACKAGE: '${name}@${version}'`);
    expect(wf).toContain('run: crisp validate --changed-since "origin/$BASE_REF"');
    expect(wf).toContain('run: crisp diff "origin/$BASE_REF..HEAD" > "$RUNNER_TEMP/crisp-diff.md"');
    expect(wf).toContain('GH_TOKEN: ${{ github.token }}');
    for (const line of wf.split('\n').filter((l) => /^\s*run:/.test(l))) expect(line).not.toContain('${{');
    expect(git(dir, ['ls-files', '.github']).trim()).toBe('.github/workflows/crisp.yml');
  });

  it('init --ci writes it anew in an existing ledger, and replaces an edited one only with --force', () => {
    const dir = makeTeamLedger();
    const path = '.github/workflows/crisp.yml';
    const original = read(dir, path);
    const commits = commitCount(dir);
    expect(crisp(dir, ['init', '--ci']).stdout).toBe(`${path} is up to date\n`);
    expect(commitCount(dir)).toBe(commits);
    // Someone's own step, or an older crisp's workflow: refused, untouched.
    write(dir, path, `${original}# our own step\n`);
    git(dir, ['commit', '-qam', 'our step']);
    const refused = crisp(dir, ['init', '--ci']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('pass --force to replace it');
    expect(read(dir, path)).toContain('# our own step');
    const forced = crisp(dir, ['--json', 'init', '--ci', '--force']);
    expect(forced.json()).toMatchObject({ path, written: true });
    expect(read(dir, path)).toBe(original);
    expect(lastCommitMessage(dir)).toBe('crisp init: CI workflow replaced');
    expect(lastCommitFiles(dir)).toEqual([path]);
    // A ledger without one gets it, with the install spec its settings name.
    git(dir, ['rm', '-q', path]);
    write(dir, 'crisp.yaml', `${read(dir, 'crisp.yaml')}ci: { install: "github:our-org/crisp#v1" }\n`);
    git(dir, ['commit', '-qam', 'no workflow, our own crisp']);
    expect(crisp(dir, ['init', '--ci']).code).toBe(0);
    expect(read(dir, path)).toContain(`CRISP_PACKAGE: 'github:our-org/crisp#v1'`);
    expect(lastCommitMessage(dir)).toBe('crisp init: CI workflow');
    expect(crisp(dir, ['init', '--ci', '--sample']).code).toBe(2);
    expect(crisp(dir, ['init', '--force']).code).toBe(2);
  });
});

describe('proposal set', () => {
  it('reprices a maintenance proposal whose instances came from flags, keeping the chosen tier', () => {
    const dir = makeTeamLedger();
    ok(dir, ['lead', 'add', '--title', 'Care', '--client', 'acme', '--source', 'existing-client', '--id', 'care']);
    ok(dir, ['proposal', 'new', 'care', '--kind', 'maintenance', '--users', '5000', '--deployment', 'aws', '--instances', '2', '--tier', 'instance 2=1', '--id', 'care-m']);
    const p = ok(dir, ['proposal', 'set', 'care-m', '--reprice']);
    expect(p.instances.map((i: any) => [i.name, i.tier, i.suggested_tier])).toEqual([['instance 1', 2, 2], ['instance 2', 1, 2]]);
    const s = crisp(dir, ['proposal', 'set', 'care-m', 'status=sent'], as('alice'));
    expect(s.code).toBe(2);
    expect(s.stderr).toContain('hint: use crisp proposal send, sign or lose');
  });
});

describe('teams by consent block sending', () => {
  it('refuses to send while a proposed member has not said yes, and sends once they accept', () => {
    const dir = dealLedger();
    ok(dir, ['discovery', 'start', 'beta-lms', '--assignee', 'alice', '--budget', '4', '--id', 'beta-disc']);
    ok(dir, ['discovery', 'estimate', 'beta-disc', '--task', 'Theme', '--hours', '10']);
    ok(dir, ['proposal', 'new', 'beta-lms', '--kind', 'fixed', '--id', 'beta-prop']);
    ok(dir, ['lead', 'team', 'beta-lms', '--propose', 'bob']);
    const before = commitCount(dir);
    const refused = crisp(dir, ['proposal', 'send', 'beta-prop'], as('alice'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('error: beta-prop cannot be sent: its team has not agreed');
    expect(refused.stderr).toContain('bob has not answered yet (asked by alice on 2026-11-23)');
    expect(refused.stderr).toContain('hint: each person answers for themselves');
    expect(commitCount(dir)).toBe(before);
    expect(existsSync(join(dir, 'sent'))).toBe(false);
    expect(crisp(dir, ['lead', 'team', 'beta-lms', '--accept'], as('alice')).code).not.toBe(0);
    ok(dir, ['lead', 'team', 'beta-lms', '--accept', '--hours', '8'], 'bob');
    expect(ok(dir, ['proposal', 'send', 'beta-prop']).status).toBe('sent');
  });
});

describe('sign checks the pricing the client has', () => {
  it('refuses to sign while the pricing differs from the last sent version, and writes nothing', () => {
    const dir = makeLedger({ sample: true });
    const env = { env: { CRISP_USER: 'alice', CRISP_NOW: '2026-11-23' } };
    expect(crisp(dir, ['proposal', 'set', 'acme-lms-upgrade-p8r1', '--months', '3'], env).code).toBe(0);
    const v = crisp(dir, ['validate'], env);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('pricing-changed-after-send');
    const before = commitCount(dir);
    const file = read(dir, 'proposals/acme-lms-upgrade-p8r1.md');
    const s = crisp(dir, ['proposal', 'sign', 'acme-lms-upgrade-p8r1'], env);
    expect(s.code).toBe(1);
    expect(s.stderr).toContain('error: acme-lms-upgrade-p8r1 cannot be signed: the pricing differs from version 1, which the client has');
    expect(s.stderr).toContain('hint: send the new version first (crisp proposal send acme-lms-upgrade-p8r1), or revert the pricing');
    expect(commitCount(dir)).toBe(before);
    expect(read(dir, 'proposals/acme-lms-upgrade-p8r1.md')).toBe(file);
    expect(git(dir, ['status', '--porcelain'])).toBe('');
    // Once the new version is sent, the client has this pricing and may sign it.
    expect(crisp(dir, ['proposal', 'send', 'acme-lms-upgrade-p8r1'], env).code).toBe(0);
    const signed = crisp(dir, ['--json', 'proposal', 'sign', 'acme-lms-upgrade-p8r1'], env);
    expect(signed.code).toBe(0);
    expect(signed.json()).toMatchObject({ status: 'signed', signed: { by: 'alice' } });
  });
});

describe('proposal set refuses what it cannot keep consistent', () => {
  it('refuses changing kind, and writing the fields the pricing computes', () => {
    const dir = makeTeamLedger();
    ok(dir, ['lead', 'add', '--title', 'Support', '--client', 'acme', '--source', 'existing-client', '--id', 'acme-support']);
    ok(dir, ['proposal', 'new', 'acme-support', '--kind', 'small', '--block-hours', '12', '--id', 'acme-small']);
    ok(dir, ['proposal', 'new', 'acme-support', '--kind', 'iterative', '--monthly-hours', '20', '--id', 'acme-iter']);
    const before = commitCount(dir);
    const small = read(dir, 'proposals/acme-small.md');
    const iter = read(dir, 'proposals/acme-iter.md');
    const k = crisp(dir, ['proposal', 'set', 'acme-small', 'kind=iterative'], as('alice'));
    expect(k.code).toBe(2);
    expect(k.stderr).toContain('error: kind is not changed by proposal set');
    expect(k.stderr).toContain('hint: make a new proposal with `crisp proposal new acme-support --kind ...`');
    expect(crisp(dir, ['proposal', 'set', 'acme-iter', 'kind=fixed'], as('alice')).code).toBe(2);
    const r = crisp(dir, ['proposal', 'set', 'acme-small', 'rate=200'], as('alice'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: rate is computed by the pricing, so proposal set does not write it');
    expect(r.stderr).toContain('hint: ');
    expect(r.stderr).toContain('--reprice');
    for (const [id, pair, flag] of [
      ['acme-iter', 'time_bank={hours_per_month: 30, rate: 105}', '--monthly-hours'],
      ['acme-iter', 'budget_years=2', '--years'],
      ['acme-small', 'lines=[]', '--block-hours'],
      ['acme-small', 'months=3', '--months'],
      ['acme-small', 'instances=', '--tier'],
    ]) {
      const x = crisp(dir, ['proposal', 'set', id!, pair!], as('alice'));
      expect(x.code, pair).toBe(2);
      expect(x.stderr, pair).toContain(flag!);
    }
    expect(commitCount(dir)).toBe(before);
    expect(read(dir, 'proposals/acme-small.md')).toBe(small);
    expect(read(dir, 'proposals/acme-iter.md')).toBe(iter);
    // Other fields still change, and pricing flags still reprice.
    expect(ok(dir, ['proposal', 'set', 'acme-iter', 'template=executive-summary', '--monthly-hours', '30']).time_bank).toEqual({ hours_per_month: 30, rate: 105 });
  });
});

describe('proposal set keeps the maintenance parameters it is not given', () => {
  it('--users alone keeps the deployment, the instance count and chosen tiers', () => {
    const dir = makeTeamLedger();
    ok(dir, ['lead', 'add', '--title', 'Care', '--client', 'acme', '--source', 'existing-client', '--id', 'care']);
    ok(dir, ['proposal', 'new', 'care', '--kind', 'maintenance', '--users', '500', '--deployment', 'dedicated', '--instances', '3', '--tier', 'instance 3=1', '--id', 'pm3']);
    const before = commitCount(dir);
    const p = ok(dir, ['proposal', 'set', 'pm3', '--users', '600']);
    expect(commitCount(dir)).toBe(before + 1);
    expect(p.instances.map((i: any) => [i.name, i.users, i.deployment, i.tier, i.suggested_tier])).toEqual([
      ['instance 1', 600, 'dedicated', 2, 2],
      ['instance 2', 600, 'dedicated', 2, 2],
      ['instance 3', 600, 'dedicated', 1, 2],
    ]);
    expect(p.instances.map((i: any) => i.hours_per_month)).toEqual([11, 11, 7]);
    const d = ok(dir, ['proposal', 'set', 'pm3', '--deployment', 'shared', '--tier', 'instance 1=hourly']);
    expect(d.instances.map((i: any) => [i.name, i.users, i.deployment, i.tier])).toEqual([
      ['instance 1', 600, 'shared', 'hourly'],
      ['instance 2', 600, 'shared', 2],
      ['instance 3', 600, 'shared', 1],
    ]);
    const n = ok(dir, ['proposal', 'set', 'pm3', '--instances', '1']);
    expect(n.instances.map((i: any) => [i.name, i.users, i.deployment, i.tier])).toEqual([['instance', 600, 'shared', 1]]);
    expect(crisp(dir, ['validate']).code).toBe(0);
  });
});

describe('a waived discovery is never billed', () => {
  it('a small proposal refuses to bill it; fixed adds no discovery line; a block is fine', () => {
    const dir = makeTeamLedger();
    write(dir, 'people/bob.md', read(dir, 'people/bob.md').replace('---\n', '---\nroles:\n  - { role: business-developer, since: 2026-01-01 }\n'));
    ok(dir, ['client', 'add', '--name', 'Agency', '--id', 'agency', '--sector', 'government']);
    ok(dir, ['lead', 'add', '--title', 'Platform tender', '--client', 'agency', '--source', 'tender', '--id', 'tender']);
    ok(dir, ['lead', 'score', 'tender', '--criterion', 'strategic_fit=3', '--criterion', 'budget=3', '--criterion', 'open_source_appetite=3', '--criterion', 'relationship=3']);
    ok(dir, ['discovery', 'start', 'tender', '--billing', 'waived', '--reason', 'tender rules 4.2', '--assessed-by', 'bob', '--budget', '4', '--id', 'tender-disc']);
    ok(dir, ['discovery', 'estimate', 'tender-disc', '--task', 'Platform', '--hours', '30']);
    ok(dir, ['discovery', 'done', 'tender-disc']);
    const before = commitCount(dir);
    const s = crisp(dir, ['proposal', 'new', 'tender-disc', '--kind', 'small'], as('alice'));
    expect(s.code).toBe(1);
    expect(s.stdout).not.toContain('Discovery 4 h');
    expect(s.stderr).toContain("error: tender-disc: the discovery's billing is waived (tender rules forbid billing it), so a small project cannot bill it");
    expect(s.stderr).toContain('hint: pass --block-hours N (at least 10)');
    expect(commitCount(dir)).toBe(before);
    const b = ok(dir, ['proposal', 'new', 'tender-disc', '--kind', 'small', '--block-hours', '10']);
    expect(b.lines.map((l: any) => l.from)).toEqual(['block']);
    const f = ok(dir, ['proposal', 'new', 'tender-disc', '--kind', 'fixed']);
    expect(f.lines.map((l: any) => l.from)).not.toContain('discovery');
    const i = ok(dir, ['proposal', 'new', 'tender-disc', '--kind', 'iterative', '--monthly-hours', '20']);
    expect(i.lines).toBeUndefined();
    const m = ok(dir, ['proposal', 'new', 'tender-disc', '--kind', 'maintenance', '--users', '10', '--deployment', 'shared']);
    expect(m.lines).toBeUndefined();
    expect(crisp(dir, ['proposal', 'render', f.id]).stdout).not.toMatch(/discovery hours not yet billed/);
  });
});

describe('messages say what is true', () => {
  it('the unknown-variable hint names --view, the flag that prints the view', () => {
    const dir = makeLedger({ sample: true });
    write(dir, 'templates/bad.liquid', 'Hello\n\n{{ client.contact_person }}\n');
    const r = crisp(dir, ['proposal', 'render', 'acme-lms-upgrade-p8r1', '--template', 'bad']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('unknown variable client.contact_person');
    expect(r.stderr).toContain('`crisp proposal render <id> --view` prints the variables it sees');
    expect(r.stderr).not.toContain('--json` shows the view');
    // The flag the hint names does print the view.
    expect(crisp(dir, ['proposal', 'render', 'acme-lms-upgrade-p8r1', '--view']).stdout).toContain('"collective"');
  });

  it('losing a proposal of a lead that is won already says the lead stays won, not open', () => {
    const dir = makeLedger({ sample: true });
    const env = { env: { CRISP_USER: 'alice', CRISP_NOW: '2026-11-23' } };
    for (const id of ['p2', 'p3']) expect(crisp(dir, ['proposal', 'new', 'acme-lms-upgrade-7f3k', '--kind', 'small', '--block-hours', '10', '--id', id], env).code).toBe(0);
    expect(crisp(dir, ['proposal', 'sign', 'acme-lms-upgrade-p8r1'], env).code).toBe(0);
    const a = crisp(dir, ['proposal', 'lose', 'p2', '--reason', 'they signed the bigger one'], env);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe('p2: lost; lead acme-lms-upgrade-7f3k is won already and stays won\n');
    const b = crisp(dir, ['proposal', 'lose', 'p3', '--reason', 'they signed the bigger one'], env);
    expect(b.stdout).toBe('p3: lost; lead acme-lms-upgrade-7f3k is won already and stays won\n');
    expect(crisp(dir, ['--json', 'lead', 'show', 'acme-lms-upgrade-7f3k'], env).json().stage).toBe('won');
  });
});
