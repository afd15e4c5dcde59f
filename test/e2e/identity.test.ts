/** Who acts is found by git's user.email, so no two people may share an email (DESIGN.md §4 "Who acts"). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitCount, crisp, git, lastCommitMessage, makeTeamLedger, read, write } from '../helpers/cli.js';

/** A team ledger plus qa (qa@example.com) and, written by hand and committed, qa-two with the same email in other case. */
function sharedEmailLedger(): string {
  const dir = makeTeamLedger();
  expect(crisp(dir, ['person', 'add', '--name', 'QA Tester', '--email', 'qa@example.com', '--id', 'qa']).code).toBe(0);
  write(dir, 'people/qa-two.md', '---\nid: qa-two\nname: QA Tester\nemail: QA@Example.com\n---\n');
  git(dir, ['add', 'people/qa-two.md']);
  git(dir, ['commit', '-q', '-m', 'a second QA Tester, by hand']);
  return dir;
}

describe('one email, one person', () => {
  it('person add refuses an email another person has, in any case, writing and committing nothing', () => {
    const dir = makeTeamLedger();
    expect(crisp(dir, ['person', 'add', '--name', 'QA Tester', '--email', 'qa@example.com', '--id', 'qa']).code).toBe(0);
    const before = commitCount(dir);
    for (const email of ['qa@example.com', 'QA@Example.COM']) {
      const r = crisp(dir, ['person', 'add', '--name', 'QA Tester', '--email', email, '--id', 'qa-again']);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('error: the person would not be valid, so nothing was written');
      expect(r.stderr).toContain(`people/qa-again.md:4: duplicate-email: email "${email}" is also qa's (people/qa.md): crisp could not tell which of them acts`);
      expect(r.stderr).toContain('hint: each person needs an email of their own: if this is qa, they are in the ledger already (crisp person show qa); else give another email');
    }
    expect(existsSync(join(dir, 'people/qa-again.md'))).toBe(false);
    expect(commitCount(dir)).toBe(before);
    expect(crisp(dir, ['--json', 'person', 'list']).json().map((p: { id: string }) => p.id)).toEqual(['alice', 'bob', 'qa']);
    const json = crisp(dir, ['--json', 'person', 'add', '--name', 'QA Tester', '--email', 'qa@example.com']);
    expect(json.code).toBe(1);
    expect(json.json().error).toMatchObject({ code: 'invalid-record' });
  });

  it('person set refuses to give someone a taken email (flag or field=value); their own email in another case is fine', () => {
    const dir = makeTeamLedger();
    const before = commitCount(dir);
    const bob = read(dir, 'people/bob.md');
    for (const args of [['--email', 'Alice@example.com'], ['email=alice@example.com']]) {
      const r = crisp(dir, ['person', 'set', 'bob', ...args]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("people/bob.md:4: duplicate-email: email");
      expect(r.stderr).toContain("is also alice's (people/alice.md)");
    }
    expect(read(dir, 'people/bob.md')).toBe(bob);
    expect(commitCount(dir)).toBe(before);
    const own = crisp(dir, ['--json', 'person', 'set', 'bob', '--email', 'Bob@Example.com']);
    expect(own.code).toBe(0);
    expect(own.json()).toMatchObject({ id: 'bob', email: 'Bob@Example.com' });
    expect(lastCommitMessage(dir)).toBe('person set: Bob Berg (bob)');
  });

  it('validate reports a shared email as an error on the second file, with a hint', () => {
    const dir = sharedEmailLedger();
    const r = crisp(dir, ['validate']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      'people/qa-two.md:4: duplicate-email: email "QA@Example.com" is also qa\'s (people/qa.md): crisp could not tell which of them acts\n' +
        '  hint: each person needs an email of their own: change one with `crisp person set qa-two --email <email>`, or remove a person added twice\n' +
        'failed: 1 error, 0 warnings in 5 records\n',
    );
    const json = crisp(dir, ['--json', 'validate']).json();
    expect(json.ok).toBe(false);
    expect(json.errors).toEqual([expect.objectContaining({ path: 'people/qa-two.md', line: 4, code: 'duplicate-email' })]);
    // Only the changed file is checked, and its clash with an unchanged one is still found.
    expect(crisp(dir, ['validate', '--changed-since', 'HEAD~1']).stdout).toContain('people/qa-two.md:4: duplicate-email:');
  });

  it('a command without --as refuses when git\'s email is more than one person\'s, until the emails are mended', () => {
    const dir = sharedEmailLedger();
    git(dir, ['config', 'user.email', 'qa@example.com']);
    const before = commitCount(dir);
    const r = crisp(dir, ['lead', 'add', '--title', 'X', '--org', 'Y', '--source', 'website']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "error: git's email qa@example.com is the email of 2 people (qa, qa-two), so crisp cannot tell who you are\n" +
        'hint: pass --as <person-id> (or set CRISP_USER), or give each person an email of their own (crisp validate shows where)\n',
    );
    expect(commitCount(dir)).toBe(before);
    // --as still works, and an unrelated change to one of the two is not blocked by the old clash.
    expect(crisp(dir, ['--json', '--as', 'qa-two', 'lead', 'add', '--title', 'X', '--org', 'Y', '--source', 'website']).json().owner).toBe('qa-two');
    expect(crisp(dir, ['person', 'set', 'qa-two', '--capacity', '8']).code).toBe(0);
    expect(crisp(dir, ['person', 'set', 'qa-two', '--email', 'qa2@example.com']).code).toBe(0);
    const mine = crisp(dir, ['--json', 'lead', 'add', '--title', 'Z', '--org', 'Y', '--source', 'website']);
    expect(mine.code).toBe(0);
    expect(mine.json().owner).toBe('qa');
    expect(crisp(dir, ['validate']).code).toBe(0);
  });
});
