/**
 * `--out`: the files a command writes where the user says (proposal render, report html). A bad
 * path is a usage error naming it.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { commitCount, crisp, git, makeLedger, tempDir, type RunResult } from '../helpers/cli.js';

const PROPOSAL = 'acme-lms-upgrade-p8r1';

/** A usage refusal: exit 2, the error and hint on stderr, never crisp's "this is a bug" crash text. */
function refused(r: RunResult, code: string, message: RegExp): void {
  expect(r.stderr).not.toContain('failed unexpectedly');
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).toMatch(/\nhint: .+\n$/);
  const json = JSON.parse(r.stdout || 'null');
  if (json) expect(json.error).toMatchObject({ code });
}

describe('--out', () => {
  let dir: string;
  let commits: number;
  beforeAll(() => {
    dir = makeLedger({ sample: true });
    commits = commitCount(dir);
  });
  const unchanged = () => {
    expect(commitCount(dir)).toBe(commits);
    expect(git(dir, ['status', '--porcelain'])).toBe('');
  };

  it('a folder that is not there, a folder named as the file, a file named as a folder: usage errors naming the path', () => {
    const out = tempDir();
    const missing = join(out, 'no', 'such', 'x.md');
    const r1 = crisp(dir, ['--json', 'proposal', 'render', PROPOSAL, '--out', missing]);
    refused(r1, 'out-no-folder', new RegExp(`^error: cannot write ${missing}: the folder ${join(out, 'no', 'such')} does not exist\n`));
    expect(r1.json().error.hint).toContain(`mkdir -p ${join(out, 'no', 'such')}`);

    refused(crisp(dir, ['proposal', 'render', PROPOSAL, '--out', out]), 'out-is-folder', new RegExp(`^error: cannot write ${out}: it is a folder\n`));

    const file = join(out, 'notes.txt');
    writeFileSync(file, 'mine\n');
    refused(crisp(dir, ['--json', 'proposal', 'render', PROPOSAL, '--out', join(file, 'x.md')]), 'out-not-folder', new RegExp(`^error: cannot write ${file}/x.md: ${file} is a file, not a folder\n`));
    // report html writes index.html into the folder --out names.
    const html = crisp(dir, ['--json', 'report', 'html', '--out', file]);
    refused(html, 'out-not-folder', new RegExp(`^error: cannot write ${file}/index.html: ${file} is a file, not a folder\n`));
    expect(html.json().error.hint).toContain('report html');
    refused(crisp(dir, ['report', 'html', '--out', join(file, 'site')]), 'out-not-folder', new RegExp(`${file} is a file, not a folder`));
    expect(readFileSync(file, 'utf8')).toBe('mine\n');
    unchanged();
  });

  // root writes anywhere, so this runs only for other users.
  it.skipIf(process.getuid?.() === 0)('a folder crisp may not write into is a usage error, not a crash', () => {
    const locked = join(tempDir(), 'locked');
    mkdirSync(locked, { mode: 0o555 });
    refused(crisp(dir, ['--json', 'proposal', 'render', PROPOSAL, '--out', join(locked, 'x.md')]), 'out-not-writable', /permission denied/);
    refused(crisp(dir, ['--json', 'report', 'html', '--out', join(locked, 'site')]), 'out-not-writable', /permission denied/);
  });
});
