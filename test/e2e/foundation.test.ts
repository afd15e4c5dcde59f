import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BIN, commitCount, crisp, git, lastCommitFiles, lastCommitMessage, makeLedger, makeTeamLedger, read, tempDir, testEnv, write,
} from '../helpers/cli.js';

describe('crisp init', () => {
  it('makes a git repository with a commented crisp.yaml, .gitignore for .crisp/, and one commit', () => {
    const base = tempDir();
    const r = crisp(base, ['--json', 'init', 'sales-ledger', '--name', 'Example Collective']);
    expect(r.code).toBe(0);
    const dir = join(base, 'sales-ledger');
    expect(r.json()).toMatchObject({ path: dir, sample: false });
    expect(read(dir, 'crisp.yaml')).toMatch(/^# yaml-language-server/);
    expect(read(dir, 'crisp.yaml')).toContain('name: "Example Collective"');
    expect(read(dir, 'crisp.yaml')).toContain('rubric:');
    expect(read(dir, '.gitignore')).toContain('.crisp/');
    expect(commitCount(dir)).toBe(1);
    expect(lastCommitMessage(dir)).toBe('crisp init: Example Collective');
    expect(crisp(dir, ['validate']).stdout).toBe('ok: 0 records, 0 errors, 0 warnings\n');
  });
  it('gives the sample collective the name asked for', () => {
    const base = tempDir();
    expect(crisp(base, ['init', 'demo', '--sample', '--name', 'QA "Test" Collective']).code).toBe(0);
    const dir = join(base, 'demo');
    expect(read(dir, 'crisp.yaml')).toContain('\nname: "QA \\"Test\\" Collective"\n');
    expect(read(dir, 'crisp.yaml')).not.toContain('Fika Collective');
    expect(lastCommitMessage(dir)).toBe('crisp init: QA "Test" Collective');
    expect(crisp(dir, ['validate']).code).toBe(0);
  });
  it('refuses to init over an existing ledger', () => {
    const dir = makeLedger();
    const r = crisp(dir, ['init', '.']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is already a crisp ledger');
  });
  it('refuses to init inside an existing ledger, naming it, and leaves it as it was', () => {
    const base = realpathSync(tempDir());
    const n = join(base, 'n');
    git(base, ['init', '-q', 'n']);
    expect(crisp(base, ['init', 'n/a', '--sample']).code).toBe(0);
    const outer = join(n, 'a');
    const commits = commitCount(outer);
    for (const [cwd, target, made] of [[base, 'n/a/c', join(outer, 'c')], [outer, 'leads/x/y', join(outer, 'leads/x')]] as const) {
      const r = crisp(cwd, ['init', target, '--sample']);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`is inside the crisp ledger at ${outer}, and a ledger cannot hold another`);
      expect(r.stderr).toContain(`hint: choose a folder outside ${outer}, or work in that ledger (crisp --ledger ${outer} ...)`);
      expect(existsSync(made)).toBe(false);
    }
    const json = crisp(base, ['--json', 'init', 'n/a/c']);
    expect(json.code).toBe(1);
    expect(json.json().error).toMatchObject({ code: 'inside-ledger' });
    expect(commitCount(outer)).toBe(commits);
    expect(git(outer, ['status', '--porcelain'])).toBe('');
    const strict = crisp(outer, ['validate', '--strict']);
    expect(strict.code).toBe(0);
    expect(strict.stdout).toMatch(/^ok: \d+ records, 0 errors, 0 warnings\n$/);
    // Beside the ledger (its git repository is no ledger) is fine.
    expect(crisp(base, ['init', 'n/b']).code).toBe(0);
    expect(existsSync(join(n, 'b', 'crisp.yaml'))).toBe(true);
  });
  it('starts from the sample with --sample, and the sample validates clean', () => {
    const dir = makeLedger({ sample: true });
    const r = crisp(dir, ['validate', '--strict']);
    expect(r.stdout).toMatch(/^ok: \d+ records, 0 errors, 0 warnings\n$/);
    expect(r.code).toBe(0);
    expect(git(dir, ['status', '--porcelain'])).toBe('');
  });
});

describe('people and clients', () => {
  it('add, list, show and set each kind, as JSON', () => {
    const dir = makeTeamLedger();
    const people = crisp(dir, ['--json', 'person', 'list']).json();
    expect(people.map((p: { id: string }) => p.id)).toEqual(['alice', 'bob']);
    expect(people[0]).toMatchObject({ id: 'alice', path: 'people/alice.md', name: 'Alice Andersson', skills: ['coaching'], capacity_hours_per_week: 16 });
    const show = crisp(dir, ['--json', 'client', 'show', 'acme']).json();
    expect(show).toMatchObject({ id: 'acme', path: 'clients/acme.md', name: 'Acme Learning', sector: 'private', segment: 'A', owner: 'alice', created: '2026-11-23' });
    const set = crisp(dir, ['--json', 'client', 'set', 'acme', '--segment', 'b', 'sector=public']);
    expect(set.code).toBe(0);
    expect(set.json()).toMatchObject({ segment: 'B', sector: 'public' });
    expect(lastCommitMessage(dir)).toBe('client set: Acme Learning (acme)');
    expect(lastCommitFiles(dir)).toEqual(['clients/acme.md']);
    const ps = crisp(dir, ['--json', 'person', 'set', 'bob', '--capacity', '24']);
    expect(ps.json()).toMatchObject({ id: 'bob', capacity_hours_per_week: 24 });
    const minted = crisp(dir, ['--json', 'client', 'add', '--name', 'Nordic Agency for Learning', '--sector', 'government']).json();
    expect(minted.id).toMatch(/^nordic-agency-for-learning-[0-9a-z]{4}$/);
    expect(existsSync(join(dir, minted.path))).toBe(true);
  });
  it('refuses values the schema would reject, writing nothing', () => {
    const dir = makeTeamLedger();
    const before = commitCount(dir);
    const r = crisp(dir, ['person', 'set', 'bob', 'email=not-an-email']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('people/bob.md:4: invalid-field: email: expected an email address');
    expect(commitCount(dir)).toBe(before);
    expect(read(dir, 'people/bob.md')).toContain('email: bob@example.com');
    const owner = crisp(dir, ['client', 'set', 'acme', 'owner=nobody']);
    expect(owner.code).toBe(1);
    expect(owner.stderr).toContain('broken-reference');
  });
});

describe('leads', () => {
  const addLead = (dir: string) =>
    crisp(dir, ['--as', 'alice', '--json', 'lead', 'add', '--title', 'LMS upgrade', '--client', 'acme', '--source', 'website', '--value', '24000', '--follow-up', '7d', '--id', 'acme-lms']);

  it('adds a lead: one commit with exactly its file and a clear message', () => {
    const dir = makeTeamLedger();
    const before = commitCount(dir);
    const add = addLead(dir);
    expect(add.code).toBe(0);
    expect(add.json()).toEqual({
      id: 'acme-lms', path: 'leads/acme-lms.md', title: 'LMS upgrade', client: 'acme', source: 'website', owner: 'alice',
      stage: 'new', stage_entered: '2026-11-23', stage_history: [{ stage: 'new', date: '2026-11-23', by: 'alice' }],
      value: 24000, created: '2026-11-23', follow_up: '2026-11-30',
    });
    expect(add.stderr).toMatch(/^committed [0-9a-f]{7}: lead add: LMS upgrade \(acme-lms\)\n$/);
    expect(lastCommitFiles(dir)).toEqual(['leads/acme-lms.md']);
    expect(lastCommitMessage(dir)).toBe('lead add: LMS upgrade (acme-lms)');
    expect(commitCount(dir)).toBe(before + 1);
  });

  it('records touches: intro meeting sets the follow-up a week out; long emails warn', () => {
    const dir = makeTeamLedger();
    addLead(dir);
    const intro = crisp(dir, ['--as', 'bob', '--json', 'lead', 'touch', 'acme-l', '--channel', 'meeting', '--intro', '--date', '2026-11-22']);
    expect(intro.code).toBe(0);
    expect(intro.json()).toMatchObject({ follow_up: '2026-11-29', touches: [{ date: '2026-11-22', channel: 'meeting', by: 'bob', kind: 'intro' }] });
    const email = crisp(dir, ['--as', 'alice', 'lead', 'touch', 'acme-lms', '--channel', 'email', '--note', 'x'.repeat(450)]);
    expect(email.code).toBe(0);
    expect(email.stdout).toBe('acme-lms: touch 2 of 7 (email)\n');
    expect(email.stderr).toContain('warning: this email is 450 characters; keep emails under 400');
    const show = crisp(dir, ['--json', 'lead', 'show', 'acme-lms']).json();
    expect(show).toMatchObject({ touch_count: 2, touches_goal: 7, next_step: 'scheduled', rotting: false });
    expect(crisp(dir, ['lead', 'show', 'acme-lms']).stdout).toContain('touches: 2 of 7 (5 to go');
    const bad = crisp(dir, ['--as', 'alice', 'lead', 'touch', 'acme-lms', '--channel', 'call', '--intro']);
    expect(bad.code).toBe(2);
  });

  it('moves stages by the rules and records the history', () => {
    const dir = makeTeamLedger();
    addLead(dir);
    const won = crisp(dir, ['--as', 'alice', 'lead', 'stage', 'acme-lms', 'won']);
    expect(won.code).toBe(1);
    expect(won.stderr).toContain('error: acme-lms cannot move from new to won: a lead is won only from the proposal stage');
    expect(won.stderr).toContain('hint: allowed from new: qualified, discovery, proposal, lost (needs --reason), on-hold');
    expect(crisp(dir, ['--as', 'alice', 'lead', 'stage', 'acme-lms', 'discovery', '--now', '2026-11-25']).code).toBe(0);
    expect(crisp(dir, ['--as', 'alice', 'lead', 'stage', 'acme-lms', 'on-hold', '--now', '2026-11-26']).code).toBe(0);
    expect(crisp(dir, ['--as', 'alice', 'lead', 'stage', 'acme-lms', 'proposal']).code).toBe(1);
    const back = crisp(dir, ['--as', 'alice', '--json', 'lead', 'stage', 'acme-lms', 'discovery', '--now', '2026-11-27']);
    expect(back.code).toBe(0);
    const lead = back.json();
    expect(lead.on_hold_from).toBeUndefined();
    expect(lead.stage_entered).toBe('2026-11-27');
    expect(lead.stage_history.map((h: { stage: string }) => h.stage)).toEqual(['new', 'discovery', 'on-hold', 'discovery']);
    expect(crisp(dir, ['--as', 'alice', 'lead', 'stage', 'acme-lms', 'lost']).code).toBe(1);
    expect(crisp(dir, ['--as', 'alice', 'lead', 'stage', 'acme-lms', 'lost', '--reason', 'chose a SaaS']).code).toBe(0);
    expect(crisp(dir, ['--json', 'lead', 'list']).json()).toEqual([]);
    expect(crisp(dir, ['--json', 'lead', 'list', '--all']).json()).toHaveLength(1);
    expect(crisp(dir, ['validate', '--strict']).code).toBe(0);
  });

  it('scores with the rubric and shows the breakdown', () => {
    const dir = makeTeamLedger();
    addLead(dir);
    const first = crisp(dir, ['--as', 'alice', 'lead', 'score', 'acme-lms', '--criterion', 'budget=2']);
    expect(first.code).toBe(2);
    expect(first.stderr).toContain('missing strategic_fit, open_source_appetite, relationship');
    const unknown = crisp(dir, ['--as', 'alice', 'lead', 'score', 'acme-lms', '--criterion', 'charm=2']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('the rubric in crisp.yaml knows: strategic_fit, budget, open_source_appetite, relationship');
    const r = crisp(dir, ['--as', 'alice', 'lead', 'score', 'acme-lms', '--criterion', 'strategic_fit=3', '--criterion', 'budget=2', '--criterion', 'open_source_appetite=3', '--criterion', 'relationship=1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'acme-lms: High (score 20; High ≥ 18, Medium ≥ 10)\n' +
        '  strategic_fit            3 × 3 = 9\n  budget                   2 × 2 = 4\n  open_source_appetite     3 × 2 = 6\n  relationship             1 × 1 = 1\n',
    );
    const again = crisp(dir, ['--as', 'alice', '--json', 'lead', 'score', 'acme-lms', '--criterion', 'budget=0']).json();
    expect(again.priority).toEqual({ score: 16, level: 'Medium', scored: '2026-11-23', criteria: { strategic_fit: 3, budget: 0, open_source_appetite: 3, relationship: 1 } });
  });

  it('lists leads with their next step, tab-separated when piped', () => {
    const dir = makeTeamLedger();
    addLead(dir);
    crisp(dir, ['--as', 'bob', 'lead', 'add', '--title', 'Coaching', '--org', 'Beta AB', '--source', 'referral', '--follow-up', '2026-11-20', '--id', 'beta-coach']);
    const r = crisp(dir, ['lead', 'list']);
    expect(r.stdout).toBe('acme-lms\tnew\t24000\talice\t\t0\t2026-11-30\tLMS upgrade\nbeta-coach\tnew\t\tbob\t\t0\toverdue\tCoaching\n');
    const mine = crisp(dir, ['--json', 'lead', 'list', '--owner', 'bob']).json();
    expect(mine.map((l: { id: string }) => l.id)).toEqual(['beta-coach']);
    expect(mine[0]).toMatchObject({ next_step: 'overdue', follow_up: '2026-11-20', rotting: false });
  });

  it('writes all of a long list into a pipe (more than a pipe buffer holds), and stops quietly when the reader goes', () => {
    const dir = makeTeamLedger();
    for (let i = 0; i < 700; i++) {
      write(dir, `leads/bulk-${i}.md`, `---\nid: bulk-${i}\ntitle: Bulk lead number ${i} with a longer title\norg: Org ${i}\nsource: website\nowner: alice\nstage: new\nstage_entered: 2026-11-02\ncreated: 2026-11-02\n---\n`);
    }
    const r = crisp(dir, ['--json', 'lead', 'list']);
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(200_000);
    expect(r.json<unknown[]>()).toHaveLength(700);
    const head = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" lead list | head -1`], { cwd: dir, env: testEnv(), encoding: 'utf8' });
    expect(head.stdout.split('\n')[0]).toMatch(/^bulk-/);
    expect(head.stderr).toBe('');
  });

  it('--no-commit writes the file and leaves it uncommitted', () => {
    const dir = makeTeamLedger();
    const before = commitCount(dir);
    const r = crisp(dir, ['--as', 'alice', '--no-commit', 'lead', 'add', '--title', 'X', '--org', 'Y', '--source', 'website', '--id', 'x-lead']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('wrote leads/x-lead.md (not committed)');
    expect(commitCount(dir)).toBe(before);
    expect(git(dir, ['status', '--porcelain'])).toBe('?? leads/\n');
  });

  it('commits only its own files, leaving the user\'s staged work alone', () => {
    const dir = makeTeamLedger();
    write(dir, 'notes.txt', 'my own work\n');
    git(dir, ['add', 'notes.txt']);
    addLead(dir);
    expect(lastCommitFiles(dir)).toEqual(['leads/acme-lms.md']);
    expect(git(dir, ['diff', '--cached', '--name-only'])).toBe('notes.txt\n');
  });

  it('commits a record written by hand and never added, when a command edits it', () => {
    for (const staged of [false, true]) {
      const dir = makeTeamLedger();
      const made = crisp(dir, ['--as', 'alice', '--no-commit', 'lead', 'add', '--title', 'By hand', '--org', 'Y', '--source', 'website', '--id', 'by-hand']);
      expect(made.code).toBe(0);
      // With other work staged, crisp commits with --only; without, with --include.
      if (staged) {
        write(dir, 'notes.txt', 'my own work\n');
        git(dir, ['add', 'notes.txt']);
      }
      const r = crisp(dir, ['--as', 'alice', 'lead', 'touch', 'by-hand', '--channel', 'call']);
      expect(r.code).toBe(0);
      expect(lastCommitFiles(dir)).toEqual(['leads/by-hand.md']);
      expect(git(dir, ['status', '--porcelain'])).toBe(staged ? 'A  notes.txt\n' : '');
    }
  });

  it('without a TTY, a missing required field is a usage error naming the flags', () => {
    const dir = makeTeamLedger();
    const r = crisp(dir, ['--as', 'alice', 'lead', 'add']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: lead add needs --title, --client <id> or --org "Name", --source');
    expect(r.stderr).toContain('hint: e.g. crisp lead add');
    expect(crisp(dir, ['--as', 'alice', '--no-input', 'lead', 'add', '--title', 'x']).code).toBe(2);
  });

  it('needs to know who acts: --as, CRISP_USER or git user.email', () => {
    const dir = makeTeamLedger();
    const none = crisp(dir, ['lead', 'add', '--title', 'X', '--org', 'Y', '--source', 'website']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('pass --as <person-id>, set CRISP_USER=<person-id>');
    expect(crisp(dir, ['lead', 'add', '--title', 'X', '--org', 'Y', '--source', 'website'], { env: { CRISP_USER: 'bob' } }).code).toBe(0);
    git(dir, ['config', 'user.email', 'alice@example.com']);
    const byEmail = crisp(dir, ['--json', 'lead', 'add', '--title', 'Z', '--org', 'Y', '--source', 'website']);
    expect(byEmail.json().owner).toBe('alice');
  });
});

describe('ids', () => {
  it('finds records by unique prefix, lists candidates when ambiguous, suggests when unknown', () => {
    const dir = makeTeamLedger();
    for (const id of ['acme-lms', 'acme-sso']) crisp(dir, ['--as', 'alice', 'lead', 'add', '--title', id, '--client', 'acme', '--source', 'website', '--id', id]);
    expect(crisp(dir, ['--json', 'lead', 'show', 'acme-s']).json().id).toBe('acme-sso');
    const amb = crisp(dir, ['lead', 'show', 'acme-']);
    expect(amb.code).toBe(1);
    expect(amb.stderr).toBe('error: "acme-" matches 2 leads\n  acme-lms  acme-lms\n  acme-sso  acme-sso\nhint: type more of the id\n');
    const unknown = crisp(dir, ['lead', 'show', 'acme-lmz']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('error: no lead "acme-lmz"');
    expect(unknown.stderr).toContain('did you mean "acme-lms"');
    const json = crisp(dir, ['--json', 'lead', 'show', 'nothing']);
    expect(json.json()).toMatchObject({ error: { code: 'unknown-id', message: 'no lead "nothing"' } });
    expect(crisp(dir, ['lead', 'show', '../people/alice']).code).toBe(1);
    const taken = crisp(dir, ['client', 'add', '--name', 'X', '--id', 'alice']);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('id "alice" is already used by people/alice.md');
    expect(crisp(dir, ['client', 'add', '--name', 'X', '--id', '-x']).code).toBe(2);
  });
});

describe('git safety', () => {
  it('refuses to commit in the middle of a merge (exit 3, nothing written)', () => {
    const dir = makeTeamLedger();
    write(dir, join('.git', 'MERGE_HEAD'), git(dir, ['rev-parse', 'HEAD']));
    const r = crisp(dir, ['person', 'set', 'bob', '--capacity', '10']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('the ledger is in the middle of a merge');
    expect(read(dir, 'people/bob.md')).not.toContain('capacity_hours_per_week: 10');
  });
  it('restores files when a hook rejects the commit (exit 3)', () => {
    const dir = makeTeamLedger();
    write(dir, '.git/hooks/pre-commit', '#!/bin/sh\necho "no commits today" >&2\nexit 1\n');
    git(dir, ['update-index', '--refresh']);
    require('node:fs').chmodSync(join(dir, '.git/hooks/pre-commit'), 0o755);
    const before = read(dir, 'people/bob.md');
    const r = crisp(dir, ['person', 'set', 'bob', '--capacity', '10']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('no commits today');
    expect(read(dir, 'people/bob.md')).toBe(before);
    expect(git(dir, ['status', '--porcelain'])).toBe('');
  });
});

describe('changes not committed yet', () => {
  it('a command refuses a file with uncommitted changes instead of committing them under its message; --no-commit does not ask', () => {
    const dir = makeTeamLedger();
    const handEdit = `${read(dir, 'people/bob.md')}Typed by hand.\n`;
    write(dir, 'people/bob.md', handEdit);
    const before = commitCount(dir);
    const r = crisp(dir, ['person', 'set', 'bob', '--capacity', '10']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: people/bob.md has changes not committed yet, which crisp would commit under its own message');
    expect(r.stderr).toContain('hint: commit them first (git commit -- people/bob.md)');
    expect(read(dir, 'people/bob.md')).toBe(handEdit);
    expect(commitCount(dir)).toBe(before);
    // Staged, the same.
    git(dir, ['add', 'people/bob.md']);
    expect(crisp(dir, ['person', 'set', 'bob', '--capacity', '10']).code).toBe(1);
    // Other files' changes are no obstacle, and stay out of crisp's commit.
    git(dir, ['reset', '-q', '--', 'people/bob.md']);
    expect(crisp(dir, ['person', 'set', 'alice', '--capacity', '12']).code).toBe(0);
    expect(lastCommitFiles(dir)).toEqual(['people/alice.md']);
    // Without committing there is nothing to mix up.
    expect(crisp(dir, ['--no-commit', 'person', 'set', 'bob', '--capacity', '10']).code).toBe(0);
    expect(read(dir, 'people/bob.md')).toContain('Typed by hand.');
    expect(read(dir, 'people/bob.md')).toContain('capacity_hours_per_week: 10');
    expect(commitCount(dir)).toBe(before + 1);
  });
});

describe('crisp log', () => {
  it('shows a record\'s history with the fields each commit changed', () => {
    const dir = makeTeamLedger();
    crisp(dir, ['--as', 'alice', 'lead', 'add', '--title', 'LMS', '--client', 'acme', '--source', 'website', '--id', 'acme-lms']);
    crisp(dir, ['--as', 'alice', 'lead', 'set', 'acme-lms', '--value', '100', '--follow-up', '3d']);
    const log = crisp(dir, ['--json', 'log', 'acme-lms']).json();
    expect(log.history.map((h: { message: string; fields: string[] }) => [h.message, h.fields])).toEqual([
      ['lead set: LMS (acme-lms)', ['value', 'follow_up']],
      ['lead add: LMS (acme-lms)', ['(created)']],
    ]);
    expect(log.history[0]).toMatchObject({ author: 'Test Author', email: 'author@example.com' });
  });
});

describe('usage', () => {
  it('maps commander errors to exit 2 and prints help with exit 0', () => {
    const dir = makeTeamLedger();
    expect(crisp(dir, ['lead', 'frobnicate']).code).toBe(2);
    expect(crisp(dir, ['lead', 'list', '--bogus']).code).toBe(2);
    const help = crisp(dir, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes: 0 ok');
    expect(crisp(dir, ['--version']).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const outside = crisp(tempDir(), ['lead', 'list']);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toContain('not inside a crisp ledger');
  });
});

describe('usage errors with --json', () => {
  it('the parser\'s refusals are one JSON error on stdout, human text on stderr, exit 2', () => {
    const dir = makeTeamLedger();
    const cases: [string[], string, RegExp, RegExp][] = [
      [['--json', 'lead', 'list', '--bogus'], 'unknown-option', /^unknown option '--bogus'$/, /crisp lead list --help/],
      [['--json', 'lead', 'list', '--al'], 'unknown-option', /^unknown option '--al'$/, /did you mean (one of )?--all\b.*crisp lead list --help/],
      [['--json', 'lead', 'frob'], 'unknown-command', /^unknown command 'frob'$/, /crisp lead --help/],
      [['--json', 'log'], 'missing-argument', /^missing required argument 'id'$/, /crisp log --help/],
      [['--json', 'lead', 'show', 'a', 'b'], 'excess-arguments', /too many arguments for 'show'/, /crisp lead show --help/],
      [['--json', 'lead', 'list', '--owner'], 'option-missing-argument', /--owner <person>' argument missing/, /crisp lead list --help/],
      [['--json', 'frob'], 'unknown-command', /^unknown command 'frob'$/, /crisp --help/],
      [['--json', '--bogus'], 'unknown-option', /^unknown option '--bogus'$/, /see `crisp --help`/],
      [['--json', 'lead'], 'missing-command', /^`crisp lead` needs a command$/, /crisp lead --help/],
    ];
    for (const [args, code, message, hint] of cases) {
      const r = crisp(dir, args);
      expect(r.code, args.join(' ')).toBe(2);
      const { error } = r.json();
      expect(Object.keys(error), args.join(' ')).toEqual(['code', 'message', 'hint', 'details']);
      expect(error.code, args.join(' ')).toBe(code);
      expect(error.message, args.join(' ')).toMatch(message);
      expect(error.hint, args.join(' ')).toMatch(hint);
      // stderr is the human text, as for every other refusal.
      expect(r.stderr, args.join(' ')).toContain(`error: ${error.message}\nhint: ${error.hint}\n`);
      expect(r.stderr, args.join(' ')).not.toContain('{');
    }
    // The same refusal without --json: the same text on stderr, nothing on stdout.
    const human = crisp(dir, ['lead', 'list', '--bogus']);
    expect(human).toMatchObject({ code: 2, stdout: '' });
    expect(human.stderr).toBe("error: unknown option '--bogus'\nhint: see `crisp lead list --help`\n");
    // A bare group still shows its commands.
    expect(crisp(dir, ['lead']).stderr).toContain('Usage: crisp lead');
    // Help and version are no errors.
    expect(crisp(dir, ['--json', 'lead', 'list', '--help'])).toMatchObject({ code: 0, stderr: '' });
    expect(crisp(dir, ['--json', 'help', 'lead'])).toMatchObject({ code: 0, stderr: '' });
    expect(crisp(dir, ['--json', '--version'])).toMatchObject({ code: 0, stderr: '' });
  });
});

describe('no-op changes', () => {
  it('a set that changes nothing writes and commits nothing', () => {
    const dir = makeTeamLedger();
    const before = commitCount(dir);
    const r = crisp(dir, ['client', 'set', 'acme', '--segment', 'A']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('nothing changed: the record already says that\n');
    expect(commitCount(dir)).toBe(before);
  });
});
