import { describe, expect, it } from 'vitest';
import { crisp, git, makeTeamLedger, write } from '../helpers/cli.js';

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
