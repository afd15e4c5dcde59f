/** Lead commands refuse what `validate` would reject, and input that cannot be right. */
import { describe, expect, it } from 'vitest';
import { commitCount, crisp, git, makeTeamLedger, read, write } from '../helpers/cli.js';

const as = (dir: string, args: string[]) => crisp(dir, ['--as', 'alice', ...args]);

/** A lead on an organisation with no client record, moved to the proposal stage. */
function orgLeadInProposal(dir: string): void {
  expect(as(dir, ['lead', 'add', '--title', 'Portal', '--org', 'Nordic Widgets', '--source', 'website', '--id', 'widgets']).code).toBe(0);
  expect(as(dir, ['lead', 'stage', 'widgets', 'proposal']).code).toBe(0);
}

describe('lead stage and the stage rules of validate', () => {
  it('refuses to win a lead that has only an org (exit 1, nothing written), with the rule\'s message and a way forward', () => {
    const dir = makeTeamLedger();
    orgLeadInProposal(dir);
    const before = read(dir, 'leads/widgets.md');
    const commits = commitCount(dir);
    const r = as(dir, ['lead', 'stage', 'widgets', 'won']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe('error: widgets cannot move to won: a won lead needs a `client` record');
    expect(r.stderr).toContain('hint: add the client (crisp client add --name "Nordic Widgets"), set it on the lead (crisp lead set widgets --client <client-id>)');
    expect(r.stderr).toContain('`crisp proposal sign <proposal>`, which creates the client');
    expect(read(dir, 'leads/widgets.md')).toBe(before);
    expect(commitCount(dir)).toBe(commits);
    expect(git(dir, ['status', '--porcelain'])).toBe('');
    const json = crisp(dir, ['--as', 'alice', '--json', 'lead', 'stage', 'widgets', 'won']);
    expect(json.code).toBe(1);
    expect(json.json().error.code).toBe('stage-requires');
    expect(crisp(dir, ['validate', '--strict']).code).toBe(0);
  });

  it('wins the lead once it names its client; every other move leaves a lead validate accepts', () => {
    const dir = makeTeamLedger();
    orgLeadInProposal(dir);
    expect(as(dir, ['lead', 'set', 'widgets', '--client', 'acme']).code).toBe(0);
    const won = as(dir, ['lead', 'stage', 'widgets', 'won']);
    expect(won.code).toBe(0);
    expect(won.stderr).toMatch(/^committed [0-9a-f]{7}: lead stage: Portal \(widgets\)\n$/);
    // on-hold (from a stage and back), back with a reason, lost with a reason: each leaves validate clean.
    expect(as(dir, ['lead', 'add', '--title', 'Other', '--org', 'Someone', '--source', 'website', '--id', 'other']).code).toBe(0);
    for (const args of [['qualified'], ['on-hold'], ['qualified'], ['new', '--reason', 'not ready'], ['on-hold'], ['lost', '--reason', 'went quiet']]) {
      expect(as(dir, ['lead', 'stage', 'other', ...args]).code).toBe(0);
      expect(crisp(dir, ['validate', '--strict']).code).toBe(0);
    }
  });
});

describe('--date of what happened', () => {
  const cases: [string, string[], string, string][] = [
    ['lead touch', ['lead', 'touch', 'acme-lms', '--channel', 'email'], '2027-06-01', 'leads/acme-lms.md'],
    ['client happiness', ['client', 'happiness', 'acme', '3'], '2026-12-01', 'clients/acme.md'],
    ['person happiness', ['person', 'happiness', 'alice', '4'], '2027-01-01', 'people/alice.md'],
  ];
  for (const [name, args, future, path] of cases) {
    it(`${name} refuses a date after today (exit 2, nothing written) and takes today or an earlier one`, () => {
      const dir = makeTeamLedger();
      expect(as(dir, ['lead', 'add', '--title', 'LMS upgrade', '--client', 'acme', '--source', 'website', '--id', 'acme-lms']).code).toBe(0);
      const before = read(dir, path);
      const commits = commitCount(dir);
      const r = as(dir, [...args, '--date', future]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')[0]).toBe(`error: --date ${future} is after today (2026-11-23): it records something that happened`);
      expect(r.stderr).toContain('hint: give today or an earlier date, e.g. --date 2026-11-23');
      expect(read(dir, path)).toBe(before);
      expect(commitCount(dir)).toBe(commits);
      expect(git(dir, ['status', '--porcelain'])).toBe('');
      // The day after today is refused too; today and earlier are taken.
      expect(as(dir, [...args, '--date', '2026-11-24']).code).toBe(2);
      const past = crisp(dir, ['--as', 'alice', '--json', ...args, '--date', '2026-11-20']);
      expect(past.code).toBe(0);
      expect(past.json().path).toBe(path);
      expect(as(dir, [...args, '--date', '2026-11-23']).code).toBe(0);
      expect(commitCount(dir)).toBe(commits + 2);
    });
  }

  it('today is the ledger\'s: at 20:00 UTC on the 23rd, Tokyo is already on the 24th', () => {
    const dir = makeTeamLedger();
    const evening = { env: { CRISP_NOW: '2026-11-23T20:00:00Z' } };
    const answer = () => crisp(dir, ['--as', 'alice', 'client', 'happiness', 'acme', '4', '--date', '2026-11-24'], evening);
    const utc = answer();
    expect(utc.code).toBe(2);
    expect(utc.stderr.split('\n')[0]).toBe('error: --date 2026-11-24 is after today (2026-11-23): it records something that happened');
    write(dir, 'crisp.yaml', read(dir, 'crisp.yaml').replace(/^timezone: UTC\b/m, 'timezone: Asia/Tokyo'));
    git(dir, ['commit', '-q', '-am', 'the ledger keeps Tokyo time']);
    expect(answer().code).toBe(0);
  });
});

describe('lead add with --client and --org', () => {
  it('is a usage error (exit 2, nothing written): a lead names a client record or an org, not both', () => {
    const dir = makeTeamLedger();
    const commits = commitCount(dir);
    const r = as(dir, ['lead', 'add', '--title', 'x', '--client', 'acme', '--org', 'y', '--source', 'website']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe('error: lead add takes --client or --org, not both');
    expect(r.stderr).toContain('hint: use --client <id> for a client record, or --org "Name" when there is none yet');
    expect(commitCount(dir)).toBe(commits);
    expect(git(dir, ['status', '--porcelain'])).toBe('');
    const json = crisp(dir, ['--as', 'alice', '--json', 'lead', 'add', '--title', 'x', '--client', 'acme', '--org', 'y', '--source', 'website']);
    expect(json.code).toBe(2);
    expect(json.json().error.code).toBe('client-or-org');
    expect(as(dir, ['lead', 'add', '--title', 'x', '--org', 'y', '--source', 'website']).code).toBe(0);
  });
});

describe('lead set and the rules validate applies to a lead', () => {
  it('refuses a change that breaks one (exit 1, nothing written): a won lead keeps its client, a lead its client or org, an on-hold lead the stage it returns to', () => {
    const dir = makeTeamLedger();
    orgLeadInProposal(dir);
    expect(as(dir, ['lead', 'set', 'widgets', '--client', 'acme']).code).toBe(0);
    expect(as(dir, ['lead', 'stage', 'widgets', 'won']).code).toBe(0);
    expect(as(dir, ['lead', 'add', '--title', 'Other', '--org', 'Someone', '--source', 'website', '--id', 'other']).code).toBe(0);
    expect(as(dir, ['lead', 'stage', 'other', 'on-hold']).code).toBe(0);
    const refused: [string[], string][] = [
      [['lead', 'set', 'widgets', 'client='], 'stage-requires: a won lead needs a `client` record'],
      [['lead', 'set', 'other', 'org='], 'missing-client: a lead names its `client` (a client record) or its `org` (a name)'],
      [['lead', 'set', 'other', 'on_hold_from='], 'stage-requires: an on-hold lead needs `on_hold_from`'],
    ];
    for (const [args, problem] of refused) {
      const files = [read(dir, 'leads/widgets.md'), read(dir, 'leads/other.md')];
      const commits = commitCount(dir);
      const r = as(dir, args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr.split('\n')[0]).toBe('error: the lead would not be valid, so nothing was written');
      expect(r.stderr).toContain(problem);
      expect([read(dir, 'leads/widgets.md'), read(dir, 'leads/other.md')]).toEqual(files);
      expect(commitCount(dir)).toBe(commits);
    }
    expect(crisp(dir, ['validate']).code).toBe(0);
  });

  it('still takes other changes to a lead whose file broke a rule already (a hand edit), and leaves that to validate', () => {
    const dir = makeTeamLedger();
    expect(as(dir, ['lead', 'add', '--title', 'Other', '--org', 'Someone', '--source', 'website', '--id', 'other']).code).toBe(0);
    write(dir, 'leads/other.md', read(dir, 'leads/other.md').replace(/^org: .*\n/m, ''));
    git(dir, ['commit', '-q', '-am', 'org removed by hand']);
    expect(crisp(dir, ['validate']).stdout).toContain('missing-client');
    const r = as(dir, ['lead', 'touch', 'other', '--channel', 'call']);
    expect(r.code, r.stderr).toBe(0);
    expect(read(dir, 'leads/other.md')).toContain('channel: call');
    expect(crisp(dir, ['validate']).stdout).toContain('missing-client');
  });
});
