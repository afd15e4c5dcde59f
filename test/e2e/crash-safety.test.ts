/**
 * Crash safety and concurrency: a write killed at any moment leaves the old file or the new one;
 * a crisp killed mid-command leaves a ledger the next command just works on; a rejecting hook or
 * a held git index changes nothing; a dead process's lock is taken over; 20 writers at once all
 * land. Counts are printed for the report (bad inputs tried, crashes survived, writers held).
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, utimesSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitCount, crisp, git, lastCommitMessage, makeTeamLedger, read, tempDir, testEnv, BIN } from '../helpers/cli.js';
import { CRASH, crispAsync } from '../helpers/async-cli.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const WRITE_LOOP = resolve(__dirname, '../helpers/write-loop.mjs');

function addLead(dir: string, id = 'acme-lms'): void {
  const r = crisp(dir, ['--as', 'alice', 'lead', 'add', '--title', 'LMS upgrade', '--client', 'acme', '--source', 'website', '--id', id]);
  if (r.code !== 0) throw new Error(r.stderr);
}

const touchesIn = (text: string) => (text.match(/^ {2}- \{ date: /gm) ?? []).length;

describe('a write killed at any moment', () => {
  it('leaves the old file or the new one, never a mix (writeFileAtomic under SIGKILL)', async () => {
    const dir = tempDir('crisp-crash-');
    const file = join(dir, 'lead.md');
    const oldText = `---\nid: x\n---\n${'old line\n'.repeat(20_000)}`;
    const newText = `---\nid: x\n---\n${'NEW LINE, LONGER\n'.repeat(15_000)}`;
    writeFileSync(join(dir, 'old.txt'), oldText);
    writeFileSync(join(dir, 'new.txt'), newText);
    writeFileSync(file, oldText);
    let kills = 0;
    for (let i = 0; i < 25; i++) {
      rmSync(`${file}.ready`, { force: true });
      const child = spawn(process.execPath, [WRITE_LOOP, file, join(dir, 'old.txt'), join(dir, 'new.txt')], { stdio: 'ignore' });
      const closed = new Promise((r) => child.on('close', r));
      while (!existsSync(`${file}.ready`)) await sleep(5);
      await sleep(Math.floor(Math.random() * 40));
      child.kill('SIGKILL');
      await closed;
      kills++;
      const now = readFileSync(file, 'utf8');
      expect(now === oldText || now === newText, `after kill ${kills} the file is ${now.length} characters of neither version`).toBe(true);
    }
    expect(kills).toBe(25);
    console.log(`crash-safety: ${kills} writes killed mid-loop, every file whole`);
  });

  it('a crisp killed mid-command leaves a valid ledger; the next command takes over its lock and loses nothing', { timeout: 180_000 }, async () => {
    const dir = makeTeamLedger();
    addLead(dir);
    let started = 0;
    let finished = 0;
    for (let i = 0; i < 8; i++) {
      const child = spawn(process.execPath, [BIN, '--as', 'alice', 'lead', 'touch', 'acme-lms', '--channel', 'email', '--note', `try ${i}`], { cwd: dir, env: testEnv(), stdio: 'ignore' });
      const closed = new Promise<number | null>((r) => child.on('close', r));
      started++;
      // Random moments across the whole run: start-up, reading, writing, committing, or after.
      await sleep(100 + Math.floor(Math.random() * 700));
      child.kill('SIGKILL');
      const code = await closed;
      if (code === 0) finished++;
      // A git the dead crisp started finishes on its own; wait for it before looking.
      for (let t = 0; t < 100 && existsSync(join(dir, '.git/index.lock')); t++) await sleep(50);
      const v = crisp(dir, ['validate']);
      expect(v.code, v.stdout).toBe(0);
    }
    const last = crisp(dir, ['--as', 'alice', 'lead', 'touch', 'acme-lms', '--channel', 'call']);
    expect(last.code, last.stderr).toBe(0);
    expect(existsSync(join(dir, '.crisp/lock'))).toBe(false);
    const touches = touchesIn(read(dir, 'leads/acme-lms.md'));
    // Every touch that finished is there; killed ones are there or not, never half.
    expect(touches).toBeGreaterThanOrEqual(finished + 1);
    expect(touches).toBeLessThanOrEqual(started + 1);
    // Whatever a killed run wrote but did not commit went into the next commit: nothing is lost.
    expect(git(dir, ['status', '--porcelain', '--', 'leads'])).toBe('');
    const fsck = spawnSync('git', ['fsck', '--no-progress', '--no-dangling'], { cwd: dir, env: testEnv(), encoding: 'utf8' });
    expect(fsck.status, `git fsck: ${fsck.stdout}${fsck.stderr}`).toBe(0);
    console.log(`crash-safety: ${started} crisp runs killed at random moments (${finished} had finished), ${touches - 1} of their touches kept whole, ledger valid after each`);
  });
});

describe('git refuses', () => {
  it('a rejecting pre-commit hook: exit 3, its words shown, the files as they were, nothing staged', () => {
    const dir = makeTeamLedger();
    addLead(dir);
    const before = read(dir, 'leads/acme-lms.md');
    const commits = commitCount(dir);
    const hook = join(dir, '.git/hooks/pre-commit');
    mkdirSync(join(dir, '.git/hooks'), { recursive: true });
    writeFileSync(hook, '#!/bin/sh\necho "policy: no commits during the freeze" >&2\nexit 1\n');
    chmodSync(hook, 0o755);
    const touch = crisp(dir, ['--as', 'alice', 'lead', 'touch', 'acme-lms', '--channel', 'email']);
    expect(touch.code).toBe(3);
    expect(touch.stderr).toContain('git refused the commit');
    expect(touch.stderr).toContain('policy: no commits during the freeze');
    expect(touch.stderr).not.toMatch(CRASH);
    expect(read(dir, 'leads/acme-lms.md')).toBe(before);
    const add = crisp(dir, ['--as', 'alice', 'lead', 'add', '--title', 'New one', '--client', 'acme', '--source', 'website', '--id', 'new-one']);
    expect(add.code).toBe(3);
    expect(existsSync(join(dir, 'leads/new-one.md'))).toBe(false);
    expect(commitCount(dir)).toBe(commits);
    expect(git(dir, ['status', '--porcelain'])).toBe('');
    const json = crisp(dir, ['--json', '--as', 'alice', 'lead', 'touch', 'acme-lms', '--channel', 'email']);
    expect(json.code).toBe(3);
    expect(json.json().error.code).toBe('commit-rejected');
  });

  it('an index lock another git holds briefly is waited for; one that never frees is exit 3 with the files restored', async () => {
    const dir = makeTeamLedger();
    addLead(dir);
    const lock = join(dir, '.git/index.lock');
    writeFileSync(lock, '');
    const pending = crispAsync(dir, ['--as', 'alice', 'lead', 'touch', 'acme-lms', '--channel', 'email']);
    await sleep(1500);
    rmSync(lock);
    const r = await pending;
    expect(r.code, r.stderr).toBe(0);
    expect(lastCommitMessage(dir)).toBe('lead touch: LMS upgrade (acme-lms)');

    const before = read(dir, 'leads/acme-lms.md');
    const commits = commitCount(dir);
    writeFileSync(lock, '');
    const stuck = crisp(dir, ['--as', 'alice', 'lead', 'touch', 'acme-lms', '--channel', 'call']);
    rmSync(lock);
    expect(stuck.code).toBe(3);
    expect(stuck.stderr).toContain('index lock');
    expect(stuck.stderr).toContain('hint: ');
    expect(read(dir, 'leads/acme-lms.md')).toBe(before);
    expect(commitCount(dir)).toBe(commits);
  });
});

describe('the ledger lock', () => {
  it('takes over a lock whose process is dead', () => {
    const dir = makeTeamLedger();
    addLead(dir);
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    mkdirSync(join(dir, '.crisp'), { recursive: true });
    writeFileSync(join(dir, '.crisp/lock'), `${dead.stdout}\n${hostname()}\n`);
    const r = crisp(dir, ['--as', 'alice', 'lead', 'touch', 'acme-lms', '--channel', 'email']);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(dir, '.crisp/lock'))).toBe(false);
  });

  it('taking over a dead crisp\'s lock removes the temp files it left halfway through a write', () => {
    const dir = makeTeamLedger();
    addLead(dir);
    // A process that has ended: its pid names nobody now.
    const ended = () => Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    const pid = ended();
    const earlier = ended();
    mkdirSync(join(dir, '.crisp/cache'), { recursive: true });
    writeFileSync(join(dir, '.crisp/lock'), `${pid}\n${hostname()}\n`);
    // Its temp files, and those of another crisp killed before it; a running process's stay.
    const left = [`leads/.acme-lms.md.${pid}.mxdk1.tmp`, `.crisp/cache/.lead.json.${pid}.mxdk2.tmp`, `clients/.acme.md.${earlier}.mxdk4.tmp`];
    const kept = [`leads/.acme-lms.md.${process.pid}.mxdk3.tmp`, `.crisp/cache/.lead.json.${process.pid}.mxdk5.tmp`, 'leads/notes.tmp'];
    for (const p of [...left, ...kept]) writeFileSync(join(dir, p), 'half a file');
    const r = crisp(dir, ['--as', 'alice', 'lead', 'touch', 'acme-lms', '--channel', 'email']);
    expect(r.code, r.stderr).toBe(0);
    for (const p of left) expect(existsSync(join(dir, p)), p).toBe(false);
    for (const p of kept) expect(existsSync(join(dir, p)), p).toBe(true);
    expect(existsSync(join(dir, '.crisp/lock'))).toBe(false);
  });

  it('the next command commits the change a crisp killed before its commit had written, and says so', () => {
    const dir = makeTeamLedger();
    addLead(dir);
    const ended = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    // What the dead crisp left: its lock, and its write of the lead (whole, not committed).
    mkdirSync(join(dir, '.crisp'), { recursive: true });
    writeFileSync(join(dir, '.crisp/lock'), `${ended}\n${hostname()}\n`);
    writeFileSync(join(dir, 'leads/acme-lms.md'), read(dir, 'leads/acme-lms.md').replace('title: LMS upgrade', 'title: LMS upgrade and hosting'));
    const r = crisp(dir, ['--as', 'alice', 'lead', 'touch', 'acme-lms', '--channel', 'call']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('note: the commit includes the changes to leads/acme-lms.md that were not committed yet');
    expect(git(dir, ['show', 'HEAD:leads/acme-lms.md'])).toContain('title: LMS upgrade and hosting');
    expect(git(dir, ['status', '--porcelain'])).toBe('');
    // Without a dead crisp's lock, the same leftover is someone's edit: refused.
    writeFileSync(join(dir, 'leads/acme-lms.md'), `${read(dir, 'leads/acme-lms.md')}\nA hand edit.\n`);
    expect(crisp(dir, ['--as', 'alice', 'lead', 'touch', 'acme-lms', '--channel', 'call']).code).toBe(1);
  });

  it('takes over a lock file that names no process, or an empty one nobody is writing', () => {
    const dir = makeTeamLedger();
    addLead(dir);
    mkdirSync(join(dir, '.crisp'), { recursive: true });
    writeFileSync(join(dir, '.crisp/lock'), 'garbage\n');
    expect(crisp(dir, ['--as', 'alice', 'lead', 'touch', 'acme-lms', '--channel', 'email']).code).toBe(0);
    writeFileSync(join(dir, '.crisp/lock'), '');
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(dir, '.crisp/lock'), old, old);
    const r = crisp(dir, ['--as', 'alice', 'lead', 'touch', 'acme-lms', '--channel', 'email']);
    expect(r.code, r.stderr).toBe(0);
  });
});

describe('concurrent writers on one clone', () => {
  it('20 lead touches at once: 20 touches, 20 commits, no git lock error reaches anyone', { timeout: 180_000 }, async () => {
    const dir = makeTeamLedger();
    addLead(dir);
    const commits = commitCount(dir);
    const runs = await Promise.all(
      Array.from({ length: 20 }, (_, i) => crispAsync(dir, ['--as', i % 2 ? 'alice' : 'bob', 'lead', 'touch', 'acme-lms', '--channel', 'email', '--note', `writer ${i}`])),
    );
    for (const r of runs) {
      expect.soft(r.code, r.stderr).toBe(0);
      expect.soft(r.stderr).not.toMatch(/index\.lock|locked/);
    }
    const text = read(dir, 'leads/acme-lms.md');
    expect(touchesIn(text)).toBe(20);
    for (let i = 0; i < 20; i++) expect.soft(text).toContain(`note: writer ${i} }`);
    expect(commitCount(dir)).toBe(commits + 20);
    expect(git(dir, ['status', '--porcelain'])).toBe('');
    expect(crisp(dir, ['validate']).code).toBe(0);
    console.log('concurrency: 20 writers held, 20 touches, 20 commits, 0 lost');
  });

  it('writers of different records at once, plus a user running git status in a loop', { timeout: 180_000 }, async () => {
    const dir = makeTeamLedger();
    for (const id of ['lead-a', 'lead-b', 'lead-c', 'lead-d']) addLead(dir, id);
    const commits = commitCount(dir);
    let polling = true;
    const poll = (async () => {
      while (polling) {
        await new Promise((r) => spawn('git', ['status', '--porcelain'], { cwd: dir, stdio: 'ignore' }).on('close', r));
      }
    })();
    const runs = await Promise.all(
      Array.from({ length: 12 }, (_, i) => crispAsync(dir, ['--as', 'alice', 'lead', 'touch', `lead-${'abcd'[i % 4]}`, '--channel', 'call'])),
    );
    polling = false;
    await poll;
    for (const r of runs) expect.soft(r.code, r.stderr).toBe(0);
    expect(commitCount(dir)).toBe(commits + 12);
    for (const id of ['lead-a', 'lead-b', 'lead-c', 'lead-d']) expect(touchesIn(read(dir, `leads/${id}.md`))).toBe(3);
    expect(readdirSync(join(dir, 'leads')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('two clones racing `crisp sync` converge with nothing lost', { timeout: 180_000 }, async () => {
    const a = makeTeamLedger();
    addLead(a, 'lead-a');
    addLead(a, 'lead-b');
    const base = tempDir();
    const remote = join(base, 'remote.git');
    git(base, ['init', '-q', '--bare', remote]);
    git(a, ['remote', 'add', 'origin', remote]);
    git(a, ['push', '-q', '-u', 'origin', 'HEAD']);
    const b = join(base, 'b');
    git(base, ['clone', '-q', remote, b]);
    // Offline work on both laptops, then both sync at the same moment.
    for (let i = 0; i < 3; i++) {
      expect(crisp(a, ['--as', 'alice', 'lead', 'touch', 'lead-a', '--channel', 'email', '--note', `a${i}`]).code).toBe(0);
      expect(crisp(b, ['--as', 'bob', 'lead', 'touch', 'lead-b', '--channel', 'call', '--note', `b${i}`]).code).toBe(0);
    }
    const race = await Promise.all([crispAsync(a, ['sync']), crispAsync(b, ['sync'])]);
    for (const r of race) {
      expect.soft(r.code, r.stderr).toBeOneOf([0, 3]);
      expect.soft(r.stderr).not.toMatch(CRASH);
    }
    // Whoever lost the push race syncs again; a few rounds converge.
    for (let round = 0; round < 3; round++) for (const d of [a, b]) expect(crisp(d, ['sync']).code).toBe(0);
    const head = (d: string) => git(d, ['rev-parse', 'HEAD']).trim();
    expect(head(a)).toBe(head(b));
    expect(git(remote, ['rev-parse', 'HEAD']).trim()).toBe(head(a));
    for (const d of [a, b]) {
      expect(touchesIn(read(d, 'leads/lead-a.md'))).toBe(3);
      expect(touchesIn(read(d, 'leads/lead-b.md'))).toBe(3);
      expect(crisp(d, ['validate']).code).toBe(0);
    }
  });
});
