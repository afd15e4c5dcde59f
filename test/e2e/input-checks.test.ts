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
