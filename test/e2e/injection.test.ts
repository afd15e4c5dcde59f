/**
 * Injection: ids, refs, titles and notes with `-`, newlines, quotes, shell metacharacters and `../`
 * go nowhere dangerous: never a git option, never another folder, never a second commit-message
 * line or a forged trailer, never a new frontmatter field, never a raw escape on the terminal.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { commitCount, crisp, git, lastCommitMessage, makeTeamLedger, read, write } from '../helpers/cli.js';
import { CRASH } from '../helpers/async-cli.js';

let dir: string;
beforeAll(() => {
  dir = makeTeamLedger();
  const r = crisp(dir, ['--as', 'alice', 'lead', 'add', '--title', 'LMS upgrade', '--client', 'acme', '--source', 'website', '--id', 'acme-lms']);
  if (r.code !== 0) throw new Error(r.stderr);
});

/** Nothing outside the ledger's own files appeared: no `x`, no `pwned`, nothing next to the ledger. */
function nothingStray(): void {
  expect(readdirSync(dir).filter((f) => /^(x|pwned|out)/.test(f))).toEqual([]);
  expect(readdirSync(dirname(dir)).filter((f) => f !== 'ledger')).toEqual([]);
}

describe('refs and ids never become git options or paths', () => {
  it.each([
    [['log', '--', '--output=x'], 1, 'bad-id'],
    [['log', '--', '-p'], 1, 'bad-id'],
    [['log', '--', '../clients/acme'], 1, 'bad-id'],
    [['lead', 'show', '--', '--exec=touch pwned'], 1, 'bad-id'],
    [['validate', '--changed-since', '--output=/tmp/crisp-injected'], 2, 'bad-ref'],
    [['validate', '--changed-since', 'HEAD --output=x'], 2, 'bad-ref'],
    [['validate', '--changed-since', 'HEAD\n--output=x'], 2, 'bad-ref'],
    [['validate', '--changed-since', 'no-such-branch'], 1, 'unknown-ref'],
    [['--as', 'alice', 'lead', 'add', '--title', 'T', '--client', 'acme', '--source', 'website', '--id', '../x'], 2, 'bad-id'],
    [['--as', 'alice', 'lead', 'add', '--title', 'T', '--client', 'acme', '--source', 'website', '--id', '-x'], 2, 'bad-id'],
    [['--as', 'alice', 'lead', 'add', '--title', 'T', '--client', 'acme', '--source', 'website', '--id', 'a/b'], 2, 'bad-id'],
    [['--as', 'alice', 'lead', 'add', '--title', 'T', '--client', '../people/alice', '--source', 'website'], 1, 'bad-id'],
    [['--as', '../people/alice', 'lead', 'touch', 'acme-lms', '--channel', 'email'], 1, 'bad-id'],
    [['--as', 'alice', 'lead', 'set', 'acme-lms', 'owner=../../etc/passwd'], 1, 'invalid-record'],
    [['--as', 'alice', 'lead', 'set', 'acme-lms', '__proto__={"x": 1}'], 2, 'bad-assignment'],
  ])('crisp %j → exit %i (%s), nothing written', (args, exit, code) => {
    const commits = commitCount(dir);
    const r = crisp(dir, ['--json', ...(args as string[])]);
    expect(r.code, r.stderr).toBe(exit);
    expect(r.json().error.code).toBe(code);
    expect(r.stderr).not.toMatch(CRASH);
    expect(commitCount(dir)).toBe(commits);
    expect(existsSync('/tmp/crisp-injected')).toBe(false);
    nothingStray();
  });
});

describe('text goes into fields and messages as text', () => {
  it('a title with a newline cannot forge a commit-message line or trailer', () => {
    const title = 'Harmless\n\nSigned-off-by: Mallory <m@evil.example>\nCo-authored-by: x';
    const r = crisp(dir, ['--as', 'alice', 'lead', 'add', '--title', title, '--client', 'acme', '--source', 'website', '--id', 'forged']);
    expect(r.code, r.stderr).toBe(0);
    const message = lastCommitMessage(dir);
    expect(message.split('\n')).toHaveLength(1);
    expect(message.startsWith('lead add: Harmless Signed-off-by: Mallory')).toBe(true);
    expect(git(dir, ['log', '-1', '--format=%(trailers)']).trim()).toBe('');
    // The title itself keeps its newlines, safely quoted in the YAML.
    expect(crisp(dir, ['lead', 'show', 'forged', '--json']).json().title).toBe(title);
    // For people, a field stays on its line: the newline is shown, not obeyed.
    const shown = crisp(dir, ['lead', 'show', 'forged']).stdout;
    expect(shown).toContain('title: Harmless\\n\\nSigned-off-by: Mallory');
    expect(shown.split('\n').some((l) => l.startsWith('Signed-off-by'))).toBe(false);
  });

  it('shell metacharacters are stored, committed and shown literally, never run', () => {
    const title = '$(touch pwned1) `touch pwned2` ; touch pwned3 && rm -rf ~ | cat /etc/passwd "quoted" \'single\'';
    const r = crisp(dir, ['--as', 'alice', 'lead', 'add', '--title', title, '--client', 'acme', '--source', 'website', '--id', 'shelly']);
    expect(r.code, r.stderr).toBe(0);
    expect(crisp(dir, ['lead', 'show', 'shelly', '--json']).json().title).toBe(title);
    expect(lastCommitMessage(dir)).toContain('$(touch pwned1)');
    nothingStray();
  });

  it('a note with a frontmatter fence and YAML inside stays one field', () => {
    const note = 'ok\n---\nstage: won\nvalue: 1000000\n---\n# body?';
    const r = crisp(dir, ['--as', 'alice', 'lead', 'touch', 'acme-lms', '--channel', 'email', '--note', note]);
    expect(r.code, r.stderr).toBe(0);
    const shown = crisp(dir, ['lead', 'show', 'acme-lms', '--json']).json();
    expect(shown.stage).toBe('new');
    expect(shown.value).toBeUndefined();
    expect(shown.touches.at(-1).note).toBe(note);
    expect(crisp(dir, ['validate']).code).toBe(0);
  });

  it('field=value with YAML inside sets one field to that text', () => {
    const r = crisp(dir, ['--as', 'alice', 'lead', 'set', 'acme-lms', 'org=x\nstage: won']);
    expect(r.code, r.stderr).toBe(0);
    const shown = crisp(dir, ['lead', 'show', 'acme-lms', '--json']).json();
    expect(shown.org).toBe('x\nstage: won');
    expect(shown.stage).toBe('new');
  });

  it('terminal escapes are refused on the way in and escaped on the way out', () => {
    const before = read(dir, 'leads/acme-lms.md');
    const r = crisp(dir, ['--as', 'alice', 'lead', 'set', 'acme-lms', '--title', '\u001b[2J\u001b[31mPWNED']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('control-character');
    expect(r.stderr).not.toContain('\u001b');
    expect(read(dir, 'leads/acme-lms.md')).toBe(before);
    // A commit someone made by hand with escapes in its message: crisp log shows them escaped.
    git(dir, ['commit', '-q', '--allow-empty', '-m', 'x']);
    git(dir, ['commit', '-q', '--amend', '--allow-empty', '-m', 'evil \u001b]0;title\u0007 \u001b[31mred', '--', 'leads/acme-lms.md']);
    const log = crisp(dir, ['log', 'acme-lms']);
    expect(log.code).toBe(0);
    expect(log.stdout).not.toContain('\u001b');
    expect(log.stdout).not.toContain('\u0007');
    // Escapes written into a record's body by hand: show prints them escaped.
    write(dir, 'leads/acme-lms.md', `${before}\u001b[2J\u001b[31mEVIL\u0007\n`);
    const shown = crisp(dir, ['lead', 'show', 'acme-lms']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('\\x1b[2J\\x1b[31mEVIL\\x07');
    expect(shown.stdout).not.toContain('\u001b');
    write(dir, 'leads/acme-lms.md', before);
  });
});
