/** Small input checks: each bad value is named, and nothing is written for it. */
import { describe, expect, it } from 'vitest';
import { commitCount, crisp, lastCommitFiles, lastCommitMessage, makeTeamLedger, read } from '../helpers/cli.js';

/** The team ledger with two leads, one with a value. */
function ledgerWithLeads(): string {
  const dir = makeTeamLedger();
  expect(crisp(dir, ['--as', 'alice', 'lead', 'add', '--title', 'LMS upgrade', '--client', 'acme', '--source', 'website', '--value', '24000', '--id', 'acme-lms']).code).toBe(0);
  expect(crisp(dir, ['--as', 'bob', 'lead', 'add', '--title', 'Coaching', '--org', 'Beta', '--source', 'referral', '--id', 'beta-coaching']).code).toBe(0);
  return dir;
}

describe('--where on a number', () => {
  it('a number compared with a non-number is a usage error naming the field and the value', () => {
    const dir = ledgerWithLeads();
    for (const where of ['value>abc', 'value<=1k']) {
      const r = crisp(dir, ['lead', 'list', '--where', where]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      const [field, op, value] = /^(\w+)(<=|>)(.*)$/.exec(where)!.slice(1);
      expect(r.stderr).toBe(`error: --where "${where}": ${field} is a number, and "${value}" is not one\nhint: compare ${field} with a number, e.g. --where "${field}${op}100"\n`);
    }
    // A count the list computes is a number too; the refusal does not hang on what other clauses keep.
    expect(crisp(dir, ['lead', 'list', '--where', 'touches>=many']).stderr).toContain('touches is a number, and "many" is not one');
    expect(crisp(dir, ['lead', 'list', '--where', 'owner=nobody', '--where', 'value>abc']).code).toBe(2);
    // Numbers, dates and text still compare as before.
    expect(crisp(dir, ['--json', 'lead', 'list', '--where', 'value>1000']).json().map((l: { id: string }) => l.id)).toEqual(['acme-lms']);
    expect(crisp(dir, ['--json', 'lead', 'list', '--where', 'created>=2026-11-01', '--where', 'title>D']).json().map((l: { id: string }) => l.id)).toEqual(['acme-lms']);
    expect(crisp(dir, ['--json', 'lead', 'list', '--where', 'value=abc']).json()).toEqual([]);
  });
});

describe('negative numbers', () => {
  it('--value, --hours and --limit say the number must not be negative (exit 2, nothing written)', () => {
    const dir = ledgerWithLeads();
    const before = commitCount(dir);
    const cases: [string[], string, string][] = [
      [['--as', 'alice', 'lead', 'set', 'acme-lms', '--value', '-5'], '--value', '-5'],
      [['--as', 'alice', 'lead', 'add', '--title', 'X', '--org', 'Y', '--source', 'website', '--value', '-0.5'], '--value', '-0.5'],
      [['--as', 'alice', 'lead', 'team', 'acme-lms', '--accept', '--hours', '-1'], '--hours', '-1'],
      [['lead', 'list', '--limit', '-1'], '--limit', '-1'],
      [['person', 'set', 'bob', '--capacity', '-8'], '--capacity', '-8'],
    ];
    for (const [args, flag, value] of cases) {
      const r = crisp(dir, args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.split('\n')[0]).toBe(`error: ${flag} must not be negative (found "${value}")`);
      expect(r.stderr).toContain(`hint: give 0 or more, e.g. ${flag} `);
    }
    expect(commitCount(dir)).toBe(before);
    expect(crisp(dir, ['lead', 'list', '--limit', 'x']).stderr).toContain('error: --limit takes a number, not "x"');
  });
});

describe('crisp log of an unknown id', () => {
  it('hints that any kind of record will do, not only people', () => {
    const dir = ledgerWithLeads();
    const r = crisp(dir, ['log', 'nope']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'error: no record "nope"\n' +
        "hint: any record's id will do (person, client, lead, discovery, proposal, bun, revenue record); `crisp <kind> list` shows them, e.g. `crisp lead list`\n",
    );
    // A command that takes two kinds names both lists; one kind, its own.
    expect(crisp(dir, ['--as', 'alice', 'proposal', 'new', 'nope', '--kind', 'fixed']).stderr).toContain('hint: list them with `crisp lead list` or `crisp discovery list`');
    expect(crisp(dir, ['lead', 'show', 'nope']).stderr).toContain('hint: list them with `crisp lead list`');
  });
});

describe('set with a field the kind does not know', () => {
  it('writes and commits it, with validate\'s warning naming the field on stderr', () => {
    const dir = ledgerWithLeads();
    const r = crisp(dir, ['--as', 'alice', 'lead', 'set', 'acme-lms', 'bogus=1', 'value=25000']);
    expect(r.code).toBe(0);
    const warning = 'warning: unknown field "bogus" in a lead (written as given; crisp validate warns about it too)\n  hint: known fields: id, title, client, org, source, owner, stage,';
    expect(r.stderr).toContain(warning);
    expect(r.stderr).toContain('committed ');
    expect(read(dir, 'leads/acme-lms.md')).toContain('\nbogus: 1\n');
    expect(lastCommitMessage(dir)).toBe('lead set: LMS upgrade (acme-lms)');
    expect(lastCommitFiles(dir)).toEqual(['leads/acme-lms.md']);
    expect(crisp(dir, ['validate']).stdout).toContain('leads/acme-lms.md:13: unknown-field: unknown field "bogus" in a lead\n');
    // A field of the user's own already there is not warned about again when another changes.
    const quiet = crisp(dir, ['--as', 'alice', 'lead', 'set', 'acme-lms', 'value=26000']);
    expect(quiet.stderr).not.toContain('warning');
    // Other kinds' set commands warn the same way; --json keeps stdout clean.
    const person = crisp(dir, ['--json', 'person', 'set', 'bob', 'nickname=Bobby']);
    expect(person.code).toBe(0);
    expect(person.json()).toMatchObject({ id: 'bob', nickname: 'Bobby' });
    expect(person.stderr).toContain('warning: unknown field "nickname" in a person (written as given');
    expect(crisp(dir, ['client', 'set', 'acme', 'tier=gold']).stderr).toContain('warning: unknown field "tier" in a client');
    expect(crisp(dir, ['client', 'set', 'acme', 'segment=B']).stderr).not.toContain('warning');
  });
});

describe('filters that name nothing', () => {
  it('a segment that is not A, B or C, and an owner who is nobody, are refused instead of listing nothing', () => {
    const dir = ledgerWithLeads();
    const segment = crisp(dir, ['lead', 'list', '--segment', 'D']);
    expect(segment.code).toBe(2);
    expect(segment.stderr).toContain('--segment must be one of A, B, C, not "D"');
    expect(crisp(dir, ['lead', 'list', '--segment', 'a']).code).toBe(0);
    const owner = crisp(dir, ['report', 'follow-ups', '--owner', 'nobody']);
    expect(owner.code).toBe(1);
    expect(owner.stderr).toContain('error: no person "nobody"');
    expect(crisp(dir, ['report', 'follow-ups', '--owner', 'alice']).code).toBe(0);
  });
});
