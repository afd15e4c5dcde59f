import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BIN, commitCount, crisp, git, lastCommitFiles, lastCommitMessage, makeLedger, makeTeamLedger, read, tempDir, testEnv, write,
} from '../helpers/cli.js';

/** A scripted "editor": a node script that rewrites the file it is given. */
function scriptedEditor(body: string): string {
  const dir = tempDir('crisp-editor-');
  const path = join(dir, 'editor.mjs');
  writeFileSync(path, `import { readFileSync, writeFileSync } from 'node:fs';\nconst file = process.argv[2];\nlet text = readFileSync(file, 'utf8');\n${body}\nwriteFileSync(file, text);\n`);
  return `"${process.execPath}" "${path}"`;
}

describe('crisp edit', () => {
  it('commits a valid change made in the editor, as one commit with the edit message', () => {
    const dir = makeTeamLedger();
    const before = commitCount(dir);
    const editor = scriptedEditor(`text = text.replace('name: Bob Berg', 'name: Bob Bergström') + '\\nLikes Open edX.\\n';`);
    const r = crisp(dir, ['--json', 'edit', 'bob'], { env: { EDITOR: editor } });
    expect(r.stderr).toContain('committed');
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ id: 'bob', path: 'people/bob.md', name: 'Bob Bergström', changed: true });
    expect(commitCount(dir)).toBe(before + 1);
    expect(lastCommitMessage(dir)).toBe('person edit: Bob Bergström (bob)');
    expect(lastCommitFiles(dir)).toEqual(['people/bob.md']);
    expect(read(dir, 'people/bob.md')).toContain('Likes Open edX.');
    expect(existsSync(join(dir, '.crisp/edit/bob.md'))).toBe(false);
  });

  it('shows a file\'s uncommitted changes in the editor and commits them with the edit', () => {
    const dir = makeTeamLedger();
    writeFileSync(join(dir, 'people/bob.md'), `${read(dir, 'people/bob.md')}Typed by hand.\n`);
    const editor = scriptedEditor(`if (!text.includes('Typed by hand.')) process.exit(1);\ntext = text.replace('name: Bob Berg', 'name: Bob Bergström');`);
    const r = crisp(dir, ['edit', 'bob'], { env: { EDITOR: editor } });
    expect(r.code, r.stderr).toBe(0);
    expect(lastCommitFiles(dir)).toEqual(['people/bob.md']);
    expect(git(dir, ['show', 'HEAD:people/bob.md'])).toContain('Typed by hand.');
    expect(git(dir, ['status', '--porcelain'])).toBe('');
  });

  it('VISUAL wins over EDITOR, and a prefix of the id is enough', () => {
    const dir = makeTeamLedger();
    const visual = scriptedEditor(`text = text.replace('segment: A', 'segment: B');`);
    const r = crisp(dir, ['edit', 'acm'], { env: { VISUAL: visual, EDITOR: 'false' } });
    expect(r.code).toBe(0);
    expect(read(dir, 'clients/acme.md')).toContain('segment: B');
    expect(lastCommitMessage(dir)).toBe('client edit: Acme Learning (acme)');
  });

  it('restores nothing and commits nothing for an invalid change with --no-input: exit 1, file as it was', () => {
    const dir = makeTeamLedger();
    const original = read(dir, 'clients/acme.md');
    const before = commitCount(dir);
    const editor = scriptedEditor(`text = text.replace('sector: private', 'sector: galactic');`);
    const r = crisp(dir, ['--no-input', 'edit', 'acme'], { env: { EDITOR: editor } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('clients/acme.md was left as it was');
    expect(r.stderr).toMatch(/sector/);
    expect(read(dir, 'clients/acme.md')).toBe(original);
    expect(commitCount(dir)).toBe(before);
    expect(git(dir, ['status', '--porcelain'])).toBe('');
    // The user's work is not lost: the edited copy is kept where the hint says.
    expect(r.stderr).toContain('.crisp/edit/acme.md');
    expect(readFileSync(join(dir, '.crisp/edit/acme.md'), 'utf8')).toContain('sector: galactic');
    // A second edit keeps that earlier copy aside instead of overwriting it.
    const again = crisp(dir, ['edit', 'acme'], { env: { EDITOR: 'true' } });
    expect(again.stderr).toContain('.crisp/edit/acme.md.previous');
    expect(readFileSync(join(dir, '.crisp/edit/acme.md.previous'), 'utf8')).toContain('sector: galactic');
  });

  it('refuses a reference that does not resolve after the edit (an unknown owner)', () => {
    const dir = makeTeamLedger();
    const editor = scriptedEditor(`text = text.replace('owner: alice', 'owner: nobody');`);
    const r = crisp(dir, ['--no-input', '--json', 'edit', 'acme'], { env: { EDITOR: editor } });
    expect(r.code).toBe(1);
    expect(r.json().error.code).toBe('invalid-record');
    expect(read(dir, 'clients/acme.md')).toContain('owner: alice');
  });

  it('repairs a record that does not parse (the refusal of other commands points here)', () => {
    const dir = makeTeamLedger();
    write(dir, 'people/bob.md', '---\nid: bob\nname: Bob Berg\n\temail: bob@example.com\n---\n');
    git(dir, ['commit', '-qam', 'broken by hand']);
    const set = crisp(dir, ['person', 'set', 'bob', '--name', 'Bob']);
    expect(set.code).toBe(1);
    expect(set.stderr).toContain('crisp edit bob');
    const editor = scriptedEditor(`text = text.replace('\\temail', 'email');`);
    const r = crisp(dir, ['edit', 'bob'], { env: { EDITOR: editor } });
    expect(r.stderr).toContain('committed');
    expect(crisp(dir, ['validate']).code).toBe(0);
  });

  const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
  it.skipIf(!hasScript)('on a terminal, offers to edit again (then commits) or to discard', () => {
    const dir = makeTeamLedger();
    const count = join(tempDir('crisp-count-'), 'runs');
    // First run breaks the email, the second fixes it.
    const editor = scriptedEditor(`const fs = await import('node:fs'); const first = !fs.existsSync(${JSON.stringify(count)}); fs.writeFileSync(${JSON.stringify(count)}, 'x');
text = text.replace(/email: .*/, first ? 'email: broken' : 'email: bob.berg@example.com');`);
    const onTerminal = (keys: string) => {
      spawnSync('rm', ['-f', count]);
      const r = spawnSync('script', ['-qec', `"${process.execPath}" "${BIN}" edit bob; echo EXIT=$?`, '/dev/null'], { cwd: dir, input: keys, env: testEnv({ EDITOR: editor, CI: undefined }), encoding: 'utf8' });
      return r.stdout;
    };
    const before = commitCount(dir);
    const discarded = onTerminal('\u001b[B\r');
    expect(discarded).toContain('The record is not valid');
    expect(discarded).toContain('discarded your changes: people/bob.md is as it was');
    expect(discarded).toContain('EXIT=1');
    expect(commitCount(dir)).toBe(before);
    const fixed = onTerminal('\r');
    expect(fixed).toContain('EXIT=0');
    expect(commitCount(dir)).toBe(before + 1);
    expect(read(dir, 'people/bob.md')).toContain('email: bob.berg@example.com');
  });

  it('says so and commits nothing when the file is unchanged', () => {
    const dir = makeTeamLedger();
    const before = commitCount(dir);
    const r = crisp(dir, ['edit', 'alice'], { env: { EDITOR: 'true' } });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('no change to people/alice.md: nothing to commit');
    expect(commitCount(dir)).toBe(before);
  });

  it('refuses bun event files with a hint to post a new event', () => {
    const dir = makeTeamLedger();
    const r = crisp(dir, ['edit', 'buns/lean-training-4k2m/events/20261123T093000123Z--alice--offer--ab12.md'], { env: { EDITOR: 'true' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('append-only');
    expect(r.stderr).toContain('post a new event');
  });

  it('leaves the ledger alone when the editor fails', () => {
    const dir = makeTeamLedger();
    const before = commitCount(dir);
    const r = crisp(dir, ['edit', 'alice'], { env: { EDITOR: 'false' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('exited with status 1');
    expect(commitCount(dir)).toBe(before);
  });
});

describe('crisp completion', () => {
  /** Run bash completion for a command line (cursor at its end), with crisp on PATH. */
  function complete(dir: string, line: string): string[] {
    const binDir = tempDir('crisp-bin-');
    writeFileSync(join(binDir, 'crisp'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    chmodSync(join(binDir, 'crisp'), 0o755);
    const script = crisp(dir, ['completion', 'bash']).stdout;
    writeFileSync(join(binDir, 'crisp.bash'), script);
    const words = line.split(' ');
    const probe = `source ${binDir}/crisp.bash\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})\nCOMP_CWORD=${words.length - 1}\n_crisp\nprintf '%s\\n' "\${COMPREPLY[@]}"\n`;
    const r = spawnSync('bash', ['-c', probe], { cwd: dir, env: testEnv({ PATH: `${binDir}:${process.env.PATH}` }), encoding: 'utf8' });
    expect(r.stderr).toBe('');
    return r.stdout.split('\n').filter(Boolean);
  }

  it('bash: completes commands, subcommands, options and record ids', () => {
    const dir = makeTeamLedger();
    expect(complete(dir, 'crisp ')).toEqual(expect.arrayContaining(['lead', 'person', 'edit', 'completion', 'validate']));
    expect(complete(dir, 'crisp lead s')).toEqual(['show', 'set', 'stage', 'score']);
    expect(complete(dir, 'crisp person show ')).toEqual(expect.arrayContaining(['alice', 'bob']));
    expect(complete(dir, 'crisp person show ')).not.toContain('acme');
    expect(complete(dir, 'crisp edit a')).toEqual(['acme', 'alice']);
    expect(complete(dir, 'crisp lead add --client ')).toEqual(['acme']);
    expect(complete(dir, 'crisp --as ')).toEqual(['alice', 'bob']);
    expect(complete(dir, 'crisp validate --')).toEqual(expect.arrayContaining(['--strict', '--changed-since']));
    expect(complete(dir, 'crisp completion ')).toEqual(['bash', 'zsh', 'fish']);
    expect(complete(dir, 'crisp help p')).toEqual(['pricing', 'pipeline', 'person', 'proposal']);
  });

  it('zsh and fish scripts name the same commands; the hidden id lister prints ids', () => {
    const dir = makeTeamLedger();
    const zsh = crisp(dir, ['completion', 'zsh']);
    expect(zsh.code).toBe(0);
    expect(zsh.stdout).toContain('bashcompinit');
    expect(zsh.stdout).toContain("'lead show'");
    const fish = crisp(dir, ['completion', 'fish']);
    expect(fish.stdout).toContain(`-a 'show'`);
    expect(fish.stdout).toContain('__complete-ids lead');
    expect(crisp(dir, ['__complete-ids', 'all']).stdout).toBe('acme\nalice\nbob\n');
    expect(crisp(tempDir(), ['__complete-ids', 'person']).stdout).toBe('');
    expect(crisp(dir, ['--help']).stdout).not.toContain('__complete-ids');
    expect(crisp(dir, ['completion', 'tcsh']).code).toBe(2);
  });
});

describe('crisp help <topic>', () => {
  it('shows each topic page; `help <command>` still shows the command help; unknown is a usage error', () => {
    const dir = makeLedger();
    for (const topic of ['bun-protocol', 'pricing', 'pipeline', 'ledger', 'json']) {
      const r = crisp(dir, ['help', topic]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Origin:');
      expect(crisp(dir, ['--help']).stdout).toContain(topic);
    }
    expect(crisp(dir, ['help', 'pipeline']).stdout).toContain('won only from proposal');
    expect(crisp(dir, ['--json', 'help', 'json']).json()).toMatchObject({ topic: 'json' });
    const lead = crisp(dir, ['help', 'lead']);
    expect(lead.code).toBe(0);
    expect(lead.stdout).toContain('Usage: crisp lead');
    // A command of a group: its own help, as `crisp lead touch --help` gives it.
    const touch = crisp(dir, ['help', 'lead', 'touch']);
    expect(touch.code).toBe(0);
    expect(touch.stdout).toContain('Usage: crisp lead touch [options] <id>');
    expect(touch.stdout).toBe(crisp(dir, ['lead', 'touch', '--help']).stdout);
    const bad = crisp(dir, ['help', 'nonsense']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bun-protocol');
  });

  it('a stage refusal names the pipeline topic', () => {
    const dir = makeTeamLedger();
    const add = crisp(dir, ['--as', 'alice', '--json', 'lead', 'add', '--title', 'LMS', '--client', 'acme', '--source', 'website']);
    const r = crisp(dir, ['--as', 'alice', 'lead', 'stage', add.json().id, 'won']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('crisp help pipeline');
  });
});

describe('crisp hooks install', () => {
  it('adds a pre-commit hook that rejects a broken staged file and lets crisp commit', () => {
    const dir = makeTeamLedger();
    const r = crisp(dir, ['hooks', 'install']);
    expect(r.code).toBe(0);
    const hook = join(dir, '.git/hooks/pre-commit');
    expect(read(dir, '.git/hooks/pre-commit')).toContain('crisp pre-commit hook');
    write(dir, 'people/carol.md', '---\nid: carol\nname: Carol\nemail: not-an-email\n---\n');
    git(dir, ['add', 'people/carol.md']);
    const commit = spawnSync('git', ['commit', '-m', 'hand edit'], { cwd: dir, env: testEnv(), encoding: 'utf8' });
    expect(commit.status).not.toBe(0);
    expect(commit.stderr).toContain('people/carol.md');
    expect(commit.stderr).toContain('the commit was refused');
    // Fixed by hand, the same commit goes through.
    write(dir, 'people/carol.md', '---\nid: carol\nname: Carol\nemail: carol@example.com\n---\n');
    git(dir, ['add', 'people/carol.md']);
    git(dir, ['commit', '-q', '-m', 'hand edit']);
    expect(lastCommitFiles(dir)).toEqual(['people/carol.md']);
    // Only staged files are checked: a broken draft nobody staged does not block other commits.
    write(dir, 'people/draft.md', '---\nid: draft\nname: \n---\n');
    write(dir, 'people/erin.md', '---\nid: erin\nname: Erin\nemail: erin@example.com\n---\n');
    git(dir, ['add', 'people/erin.md']);
    git(dir, ['commit', '-q', '-m', 'erin']);
    expect(lastCommitFiles(dir)).toEqual(['people/erin.md']);
    expect(crisp(dir, ['validate', '--staged']).stdout).toBe('ok: 0 records, 0 errors, 0 warnings\n');
    git(dir, ['add', 'people/draft.md']);
    expect(crisp(dir, ['validate', '--staged']).code).toBe(1);
    git(dir, ['reset', '-q', '--', 'people/draft.md']);
    // crisp's own commits skip the hook (CRISP_COMMITTING=1) and still work.
    expect(crisp(dir, ['person', 'add', '--name', 'Dan', '--email', 'dan@example.com', '--id', 'dan']).code).toBe(0);
    expect(existsSync(hook)).toBe(true);
  });

  it('refuses to overwrite a foreign hook without --force, and keeps it with --force', () => {
    const dir = makeLedger();
    mkdirSync(join(dir, '.git/hooks'), { recursive: true });
    writeFileSync(join(dir, '.git/hooks/pre-commit'), '#!/bin/sh\necho mine\n');
    const r = crisp(dir, ['hooks', 'install']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--force');
    expect(read(dir, '.git/hooks/pre-commit')).toBe('#!/bin/sh\necho mine\n');
    expect(crisp(dir, ['hooks', 'install', '--force']).code).toBe(0);
    expect(read(dir, '.git/hooks/pre-commit.before-crisp')).toBe('#!/bin/sh\necho mine\n');
    expect(crisp(dir, ['hooks', 'install']).code).toBe(0);
  });
});
