import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { commitCount, crisp, git, lastCommitFiles, makeTeamLedger, testEnv, write } from '../helpers/cli.js';

const lead = (id: string, extra: string) => `---
id: ${id}
title: A lead
client: acme
source: website
stage: new
stage_entered: 2026-11-01
created: 2026-11-01
${extra}---
Notes.
`;

describe('crisp validate', () => {
  it('finds every kind of problem in one run, with paths and lines', () => {
    const dir = makeTeamLedger();
    write(dir, 'leads/bad-yaml.md', '---\nid: bad-yaml\ntitle: [unclosed\n---\n');
    write(dir, 'leads/tabbed.md', '---\nid: tabbed\ntouches:\n\t- { date: 2026-11-01 }\n---\n');
    write(dir, 'leads/dup-key.md', lead('dup-key', 'value: 1\nvalue: 2\n'));
    write(dir, 'leads/no-title.md', lead('no-title', '').replace('title: A lead\n', ''));
    write(dir, 'leads/bad-stage.md', lead('bad-stage', '').replace('stage: new', 'stage: negotiation'));
    write(dir, 'leads/bad-date.md', lead('bad-date', 'follow_up: 23/11/2026\n'));
    write(dir, 'leads/unknown-field.md', lead('unknown-field', 'mood: sunny\n'));
    write(dir, 'leads/broken-ref.md', lead('broken-ref', 'owner: nobody\n'));
    write(dir, 'clients/alice.md', '---\nid: alice\nname: Alice Inc\n---\n');
    write(dir, 'leads/mismatch.md', lead('other-id', ''));
    write(dir, 'notes/todo.md', '# not a record\n');
    write(dir, 'leads/won-org.md', lead('won-org', 'org: Someone\n').replace('client: acme\n', '').replace('stage: new', 'stage: won'));
    write(dir, 'leads/js.md', '---js\nmodule.exports = { id: "js" }\n---\n');
    write(dir, 'leads/touch-time.md', lead('touch-time', 'touches:\n  - { date: 2026-11-23 09:30, channel: call }\n'));
    write(dir, 'people/alias.md', '---\nid: alias\nname: &n Al\nemail: *n\n---\n');
    const r = crisp(dir, ['validate']);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n').filter((l) => l && !l.startsWith('  hint:'));
    const problems = lines.slice(0, -1).map((l) => l.split(': ').slice(0, 2).join(': '));
    expect(problems).toEqual([
      'clients/alice.md:1: duplicate-id',
      'leads/bad-date.md:9: bad-date',
      'leads/bad-stage.md:6: invalid-field',
      'leads/bad-yaml.md:3: yaml-syntax',
      'leads/broken-ref.md:9: broken-reference',
      'leads/dup-key.md:10: yaml-duplicate-key',
      'leads/js.md:1: frontmatter-engine',
      'leads/mismatch.md:2: id-mismatch',
      'leads/no-title.md:2: missing-field',
      'leads/tabbed.md:4: yaml-tab',
      'leads/touch-time.md:10: bad-date',
      'leads/unknown-field.md:9: unknown-field',
      'leads/won-org.md:5: stage-requires',
      'notes/todo.md:1: stray-file',
      'people/alias.md:3: yaml-anchor',
      'people/alias.md:4: yaml-alias',
    ]);
    expect(lines[lines.length - 1]).toBe('failed: 14 errors, 2 warnings in 17 records');
    expect(r.stdout).toContain('leads/bad-date.md:9: bad-date: follow_up: expected an ISO date like 2026-11-23 (found "23/11/2026")\n  hint: write dates as YYYY-MM-DD');
    expect(r.stdout).toContain('leads/broken-ref.md:9: broken-reference: owner names person "nobody", which does not exist');
    expect(r.stderr).toBe('');
  });

  it('gives JSON with errors and warnings, and --strict fails on warnings', () => {
    const dir = makeTeamLedger();
    write(dir, 'leads/unknown-field.md', lead('unknown-field', 'mood: sunny\n'));
    const ok = crisp(dir, ['--json', 'validate']);
    expect(ok.code).toBe(0);
    expect(ok.json()).toEqual({
      ok: true,
      records: 4,
      errors: [],
      warnings: [{ path: 'leads/unknown-field.md', line: 9, code: 'unknown-field', message: 'unknown field "mood" in a lead', hint: expect.stringContaining('known fields: id, title') }],
    });
    const strict = crisp(dir, ['validate', '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stdout.trim().split('\n').pop()).toBe('failed: 0 errors, 1 warning in 4 records');
  });

  it('--changed-since checks only changed files, resolving references against the whole ledger', () => {
    const dir = makeTeamLedger();
    write(dir, 'leads/old-bad.md', lead('old-bad', 'owner: nobody\n'));
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-qm', 'old bad lead']);
    const base = git(dir, ['rev-parse', 'HEAD']).trim();
    write(dir, 'leads/new-good.md', lead('new-good', 'owner: alice\n'));
    const r = crisp(dir, ['validate', '--changed-since', base]);
    expect(r.stdout).toBe('ok: 1 record, 0 errors, 0 warnings\n');
    write(dir, 'leads/new-bad.md', lead('new-bad', 'owner: ghost\n'));
    const bad = crisp(dir, ['validate', '--changed-since', base]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('leads/new-bad.md:9: broken-reference');
    expect(bad.stdout).not.toContain('old-bad');
    expect(crisp(dir, ['validate', '--changed-since', '--output=/tmp/x']).code).toBe(2);
  });

  it('reports a broken crisp.yaml with its line', () => {
    const dir = makeTeamLedger();
    write(dir, 'crisp.yaml', 'name: X\ncurrency: euro\nworking_days: [mon, funday]\n');
    const r = crisp(dir, ['validate']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('crisp.yaml:2: invalid-field: currency: a three-letter currency code like EUR (found "euro")');
    expect(r.stdout).toContain('crisp.yaml:3: invalid-field: working_days.1');
    const other = crisp(dir, ['lead', 'list']);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('crisp.yaml has errors');
  });
});

describe('validate --staged and --changed-since with a deleted or renamed record', () => {
  const withBobsLead = () => {
    const dir = makeTeamLedger();
    write(dir, 'leads/bobs-lead.md', lead('bobs-lead', 'owner: bob\n'));
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-qm', 'bob owns a lead']);
    return dir;
  };
  const hookCommit = (dir: string) => spawnSync('git', ['commit', '-m', 'x'], { cwd: dir, env: testEnv(), encoding: 'utf8' });

  it('the pre-commit hook refuses deleting a record that others still name', () => {
    const dir = withBobsLead();
    expect(crisp(dir, ['hooks', 'install']).code).toBe(0);
    const before = commitCount(dir);
    git(dir, ['rm', '-q', 'people/bob.md']);
    const staged = crisp(dir, ['validate', '--staged']);
    expect(staged.code).toBe(1);
    expect(staged.stdout).toContain('leads/bobs-lead.md:9: broken-reference');
    expect(staged.stdout).not.toContain('0 records');
    expect(staged.stderr).toContain('note: people/bob.md was deleted or renamed, so every record is checked for references to it');
    const commit = hookCommit(dir);
    expect(commit.status).not.toBe(0);
    expect(commit.stderr).toContain('leads/bobs-lead.md:9: broken-reference');
    expect(commit.stderr).toContain('the commit was refused');
    expect(commitCount(dir)).toBe(before);
    expect(git(dir, ['status', '--porcelain'])).toBe('D  people/bob.md\n');
    // Deleting a record nobody names goes through, with the note.
    git(dir, ['reset', '-q', '--', 'people/bob.md']);
    git(dir, ['checkout', '--', 'people/bob.md']);
    write(dir, 'people/erin.md', '---\nid: erin\nname: Erin\nemail: erin@example.com\n---\n');
    git(dir, ['add', 'people/erin.md']);
    git(dir, ['commit', '-qm', 'erin']);
    git(dir, ['rm', '-q', 'people/erin.md']);
    const fine = hookCommit(dir);
    expect(fine.status).toBe(0);
    expect(fine.stderr).toContain('note: people/erin.md was deleted or renamed');
    expect(commitCount(dir)).toBe(before + 2);
    expect(lastCommitFiles(dir)).toEqual(['people/erin.md']);
    expect(existsSync(join(dir, 'people/erin.md'))).toBe(false);
  });

  it('--changed-since sees a deleted or renamed record that others still name', () => {
    const dir = withBobsLead();
    git(dir, ['rm', '-q', 'people/bob.md']);
    git(dir, ['commit', '-qm', 'x']);
    const r = crisp(dir, ['validate', '--changed-since', 'HEAD~1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('leads/bobs-lead.md:9: broken-reference');
    expect(r.stderr).toContain('note: people/bob.md was deleted or renamed');
    expect(crisp(dir, ['validate']).code).toBe(1);
    // A rename (the id changed with the file name): references to the old id break too.
    git(dir, ['revert', '--no-edit', 'HEAD']);
    git(dir, ['mv', 'people/bob.md', 'people/robert.md']);
    write(dir, 'people/robert.md', '---\nid: robert\nname: Bob Berg\nemail: bob@example.com\n---\n');
    git(dir, ['commit', '-qam', 'bob is robert']);
    const renamed = crisp(dir, ['--json', 'validate', '--changed-since', 'HEAD~1']);
    expect(renamed.code).toBe(1);
    expect(renamed.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'leads/bobs-lead.md', code: 'broken-reference' })]));
    expect(renamed.stderr).toContain('note: people/bob.md was deleted or renamed');
    // Nothing deleted: only the changed files, as before.
    const none = crisp(dir, ['validate', '--changed-since', 'HEAD']);
    expect(none.stdout).toBe('ok: 0 records, 0 errors, 0 warnings\n');
    expect(none.stderr).toBe('');
  });
});
