/**
 * `--out`: the files a command writes where the user says (proposal render, report html). A bad
 * path is a usage error naming it; an existing file is replaced only with --force; the ledger's own
 * folders and crisp.yaml are never written, --force or not.
 */
import { lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { commitCount, crisp, git, makeLedger, read, tempDir, type RunResult } from '../helpers/cli.js';

const PROPOSAL = 'acme-lms-upgrade-p8r1';
const LEAD = 'leads/acme-lms-upgrade-7f3k.md';

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
    refused(crisp(dir, ['--json', 'proposal', 'render', PROPOSAL, '--out', out, '--force']), 'out-is-folder', /it is a folder/);

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

  it('writes a new file, refuses to replace it without --force, replaces it with --force', () => {
    const out = join(tempDir(), 'proposal.md');
    const first = crisp(dir, ['--json', 'proposal', 'render', PROPOSAL, '--out', out]);
    expect(first.code).toBe(0);
    expect(first.json()).toMatchObject({ id: PROPOSAL, out });
    const text = readFileSync(out, 'utf8');
    expect(text).toBe(first.json().text);
    writeFileSync(out, 'edited by hand\n');

    const again = crisp(dir, ['--json', 'proposal', 'render', PROPOSAL, '--out', out]);
    refused(again, 'out-exists', new RegExp(`^error: ${out} exists already\n`));
    expect(again.json().error.hint).toContain('--force');
    expect(readFileSync(out, 'utf8')).toBe('edited by hand\n');

    const forced = crisp(dir, ['proposal', 'render', PROPOSAL, '--out', out, '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toBe('');
    expect(forced.stderr).toMatch(/^wrote .*proposal\.md/);
    expect(readFileSync(out, 'utf8')).toBe(text);

    // A relative --out is relative to where crisp runs.
    const cwd = tempDir();
    expect(crisp(cwd, ['--ledger', dir, 'proposal', 'render', PROPOSAL, '--out', 'p.md']).code).toBe(0);
    expect(readFileSync(join(cwd, 'p.md'), 'utf8')).toBe(text);
    refused(crisp(cwd, ['--ledger', dir, 'proposal', 'render', PROPOSAL, '--out', 'p.md']), 'out-exists', /^error: p\.md exists already\n/);
    unchanged();
  });

  it('report html: the same rule for its index.html', () => {
    const site = join(tempDir(), 'site');
    expect(crisp(dir, ['report', 'html', '--out', site]).code).toBe(0);
    writeFileSync(join(site, 'index.html'), 'kept');
    refused(crisp(dir, ['--json', 'report', 'html', '--out', site]), 'out-exists', new RegExp(`^error: ${site}/index.html exists already\n`));
    expect(readFileSync(join(site, 'index.html'), 'utf8')).toBe('kept');
    expect(crisp(dir, ['report', 'html', '--out', site, '--force']).code).toBe(0);
    expect(readFileSync(join(site, 'index.html'), 'utf8')).toMatch(/^<!doctype html>/i);
    unchanged();
  });

  it('never writes into the ledger\'s record folders or over crisp.yaml, --force or not', () => {
    const lead = read(dir, LEAD);
    const config = read(dir, 'crisp.yaml');
    for (const out of [LEAD, 'crisp.yaml', 'leads/new.md', 'people/x.md', 'buns/x/bun.md', 'sent/acme-lms-upgrade-p8r1/v9.md', 'teams/x.md', '.git/x.md', 'templates/fixed.liquid', '.github/workflows/x.yml', 'crisp.schema.json', '.gitignore']) {
      for (const force of [[], ['--force']]) {
        const r = crisp(dir, ['--json', 'proposal', 'render', PROPOSAL, '--out', out, ...force]);
        refused(r, 'out-in-ledger', /^error: cannot write .+: it is (the ledger's (crisp\.yaml|crisp\.schema\.json|\.gitignore)|in the ledger's .+\/ folder)/);
        expect(r.json().error.hint).toMatch(/--out never writes .*, --force or not/);
      }
    }
    // From a folder inside the ledger, by an absolute path, and through a link to a record folder.
    const sub = join(dir, 'notes');
    mkdirSync(sub);
    refused(crisp(sub, ['proposal', 'render', PROPOSAL, '--out', '../leads/acme-lms-upgrade-7f3k.md', '--force']), 'out-in-ledger', /it is in the ledger's leads\/ folder/);
    refused(crisp(tempDir(), ['--ledger', dir, 'proposal', 'render', PROPOSAL, '--out', join(dir, LEAD), '--force']), 'out-in-ledger', /leads\/ folder/);
    const elsewhere = tempDir();
    symlinkSync(join(dir, 'leads'), join(elsewhere, 'alias'));
    refused(crisp(elsewhere, ['--ledger', dir, 'proposal', 'render', PROPOSAL, '--out', 'alias/new.md']), 'out-in-ledger', /leads\/ folder/);
    refused(crisp(dir, ['report', 'html', '--out', 'leads', '--force']), 'out-in-ledger', /leads\/ folder/);
    refused(crisp(dir, ['report', 'html', '--out', 'proposals/site']), 'out-in-ledger', /proposals\/ folder/);
    // A link named by --out is replaced by the file, never written through.
    const link = join(elsewhere, 'link.md');
    symlinkSync(join(dir, LEAD), link);
    refused(crisp(elsewhere, ['--ledger', dir, 'proposal', 'render', PROPOSAL, '--out', link]), 'out-exists', /exists already/);
    expect(crisp(elsewhere, ['--ledger', dir, 'proposal', 'render', PROPOSAL, '--out', link, '--force']).code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(false);

    expect(read(dir, LEAD)).toBe(lead);
    expect(read(dir, 'crisp.yaml')).toBe(config);
    unchanged();
    // At the top of the ledger, outside its folders, a file may go.
    expect(crisp(dir, ['proposal', 'render', PROPOSAL, '--out', 'summary.md']).code).toBe(0);
  });

  it('--help of each command names --force', () => {
    expect(crisp(dir, ['proposal', 'render', '--help']).stdout).toMatch(/--force\s+replace the --out file/);
    expect(crisp(dir, ['report', 'html', '--help']).stdout).toMatch(/--force\s+replace index\.html/);
  });
});
