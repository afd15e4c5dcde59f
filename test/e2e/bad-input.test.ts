/**
 * The bad-input corpus (test/fixtures/bad/, expectations in EXPECTED.json): every file a hostile
 * pull request or a clumsy hand edit could bring. `validate` names file, line and code for each,
 * exits 1 and never crashes; mutating commands on such a record refuse, write nothing, commit
 * nothing and run no code. BOM, CRLF and unquoted dates are accepted and survive an edit.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { commitCount, crisp, git, makeTeamLedger, tempDir } from '../helpers/cli.js';
import { CRASH, crispAsync, inBatches } from '../helpers/async-cli.js';
import { CACHE_FORMAT } from '../../src/ledger/cache.js';

const FIXTURES = resolve(__dirname, '../fixtures/bad');
interface Expectation {
  code?: string;
  line?: number;
  accepted?: boolean;
  why: string;
}
const EXPECTED = JSON.parse(readFileSync(join(FIXTURES, 'EXPECTED.json'), 'utf8')) as Record<string, Expectation>;
const generated = (name: string) => name.startsWith('@');
/** Where each corpus entry lands in the ledger. */
const destOf = (name: string) => (name === '@linked-folder' ? 'discoveries' : `leads/${name.replace(/^@/, '')}`);
const idOf = (name: string) => name.replace(/^@/, '').replace(/\.md$/, '');
const SECRET = 'SECRET-OUTSIDE-THE-LEDGER';

let dir: string;
let outside: string;
const bytesBefore = new Map<string, Buffer>();
let commitsBefore: number;
let statusBefore: string;

const goodLead = (id: string, body = 'Notes.\n') =>
  `---\nid: ${id}\ntitle: ${SECRET}\nclient: acme\nsource: website\nowner: alice\nstage: new\nstage_entered: 2026-11-02\ncreated: 2026-11-02\n---\n${body}`;

beforeAll(() => {
  dir = makeTeamLedger();
  outside = tempDir('crisp-outside-');
  mkdirSync(join(dir, 'leads'), { recursive: true });
  for (const name of Object.keys(EXPECTED)) if (!generated(name)) copyFileSync(join(FIXTURES, name), join(dir, destOf(name)));
  // Generated entries: too big to keep in the repository, or links that git would store oddly.
  writeFileSync(join(dir, 'leads/too-large.md'), goodLead('too-large', 'x'.repeat(300 * 1024)));
  writeFileSync(join(outside, 'target.md'), goodLead('symlink-out'));
  symlinkSync(join(outside, 'target.md'), join(dir, 'leads/symlink-out.md'));
  mkdirSync(join(outside, 'folder'));
  writeFileSync(join(outside, 'folder', 'stolen.md'), goodLead('stolen'));
  symlinkSync(join(outside, 'folder'), join(dir, 'discoveries'));
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', 'the bad-input corpus']);
  // A named pipe cannot be committed; it only ever comes from the local disk.
  spawnSync('mkfifo', [join(dir, 'leads/fifo.md')]);
  for (const name of Object.keys(EXPECTED)) {
    const p = join(dir, destOf(name));
    if (name !== '@fifo.md' && name !== '@linked-folder') bytesBefore.set(name, readFileSync(p));
  }
  commitsBefore = commitCount(dir);
  statusBefore = git(dir, ['status', '--porcelain']);
});

describe('the bad-input corpus', () => {
  it('holds at least 30 files, each with its expectation', () => {
    const files = readdirSync(FIXTURES).filter((f) => f !== 'EXPECTED.json').sort();
    expect(files.length).toBeGreaterThanOrEqual(30);
    expect(files).toEqual(Object.keys(EXPECTED).filter((n) => !generated(n)).sort());
  });

  it('validate names the file, line and code of every bad input, exits 1, never crashes', () => {
    const r = crisp(dir, ['validate', '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(CRASH);
    const { errors } = r.json<{ errors: { path: string; line: number; code: string; message: string }[] }>();
    for (const [name, exp] of Object.entries(EXPECTED)) {
      const mine = errors.filter((e) => e.path === destOf(name));
      if (exp.accepted) expect.soft(mine, `${name}: ${exp.why}`).toEqual([]);
      else expect.soft(mine.map((e) => `${e.code}@${e.line}`), `${name}: ${exp.why}`).toContain(`${exp.code}@${exp.line}`);
    }
    // Nothing from behind a link was read: the outside records never show up.
    expect(r.stdout).not.toContain(SECRET);
    expect(r.stdout).not.toContain('stolen');
    const human = crisp(dir, ['validate']);
    expect(human.code).toBe(1);
    expect(human.stderr).not.toMatch(CRASH);
    for (const [name, exp] of Object.entries(EXPECTED)) {
      if (!exp.accepted) expect.soft(human.stdout, name).toContain(`${destOf(name)}:${exp.line}: ${exp.code}: `);
    }
    expect(human.stdout.trimEnd().split('\n').at(-1)).toMatch(/^failed: \d+ errors, \d+ warnings? in \d+ records$/);
  });

  it('the parse worker (two cores on a cold ledger) finds exactly what the main thread finds', () => {
    // Every parse cache file the run wrote, its entries sorted (the worker writes the files, with the entries both threads made).
    const cold = (env: Record<string, string>) => {
      rmSync(join(dir, '.crisp'), { recursive: true, force: true });
      const r = crisp(dir, ['validate', '--json'], { env });
      const caches = readdirSync(join(dir, '.crisp/cache'))
        .filter((name) => name !== 'validate.json')
        .sort()
        .map((name) => {
          const cache = JSON.parse(readFileSync(join(dir, '.crisp/cache', name), 'utf8')) as { entries: Record<string, unknown> };
          return [name, Object.fromEntries(Object.entries(cache.entries).sort(([a], [b]) => (a < b ? -1 : 1)))] as const;
        });
      return { code: r.code, stderr: r.stderr, out: r.json(), caches: Object.fromEntries(caches) };
    };
    const alone = cold({ CRISP_PARSE_THREADS: '1' });
    const shared = cold({ CRISP_PARSE_WORKER_MIN: '1' });
    expect(shared.stderr).not.toMatch(CRASH);
    expect(Object.keys(alone.caches['lead.json']!).length).toBeGreaterThan(20);
    expect(Object.keys(alone.caches)).toEqual(expect.arrayContaining(['lead.json', 'person.json', 'client.json']));
    expect(shared).toEqual(alone);
  });

  it('mutating commands refuse every bad record: nothing written, nothing committed, no code run', { timeout: 180_000 }, async () => {
    const bad = Object.entries(EXPECTED).filter(([name, exp]) => !exp.accepted && name !== '@linked-folder');
    // Every bad record gets a touch; a sample of them also a set (the same edit path underneath).
    const SET_TOO = new Set(['engine-js.md', 'tag-js-function.md', 'proto-key.md', 'alias-bomb.md', '@symlink-out.md', 'binary.md', 'unknown-owner.md', 'a..b.md', '-leading-dash.md']);
    const runs = bad.flatMap(([name, exp]) => [
      { name, exp, run: () => crispAsync(dir, ['--as', 'alice', 'lead', 'touch', '--channel', 'email', '--note', 'hi', '--', idOf(name)]) },
      ...(SET_TOO.has(name) ? [{ name, exp, run: () => crispAsync(dir, ['--as', 'alice', 'lead', 'set', '--', idOf(name), 'segment=B']) }] : []),
    ]);
    const results = await inBatches(runs.map((r) => r.run), 6);
    results.forEach((r, i) => {
      const { name, exp } = runs[i]!;
      expect.soft(r.code, `${name} (${exp.why}): ${r.stderr}`).toBeOneOf([1, 2]);
      expect.soft(r.stderr, name).not.toMatch(CRASH);
      expect.soft(r.stderr, name).toMatch(/^error: .+\n(?:.*\n)*hint: /);
    });
    for (const [name, before] of bytesBefore) {
      if (!EXPECTED[name]!.accepted) expect.soft(readFileSync(join(dir, destOf(name))).equals(before), name).toBe(true);
    }
    expect(commitCount(dir)).toBe(commitsBefore);
    expect(git(dir, ['status', '--porcelain'])).toBe(statusBefore);
    expect(readFileSync(join(outside, 'target.md'), 'utf8')).toBe(goodLead('symlink-out'));
    for (const where of [dir, join(dir, 'leads')]) {
      expect(readdirSync(where).filter((f) => f.startsWith('pwned'))).toEqual([]);
    }
  });

  it('show refuses a record that does not parse; lists and reports say which files they left out, cold and warm', () => {
    const shown = crisp(dir, ['lead', 'show', idOf('engine-js.md')]);
    expect(shown.code).toBe(1);
    expect(shown.stderr).toContain(`error: leads/engine-js.md does not parse, so crisp will not show it`);
    expect(shown.stderr).toMatch(/\n  leads\/engine-js\.md:1: /);
    expect(shown.stdout).toBe('');
    const parseErrors = Object.entries(EXPECTED).filter(([, exp]) => !exp.accepted).length;
    for (const run of ['cold', 'warm']) {
      const list = crisp(dir, ['lead', 'list']);
      expect(list.code, run).toBe(0);
      expect(list.stderr, run).toMatch(/^warning: \d+ record files do not parse and were left out: leads\/[^,]+, leads\/[^,]+, leads\/[^,]+, and \d+ more \(crisp validate shows why\)$/m);
      const left = Number(/(\d+) record files do not parse/.exec(list.stderr)![1]);
      expect(left, run).toBeGreaterThan(5);
      expect(left, run).toBeLessThanOrEqual(parseErrors);
      expect(crisp(dir, ['report', 'pipeline']).stderr, run).toContain(`warning: ${left} record files do not parse and were left out`);
    }
    // validate lists each of them itself.
    expect(crisp(dir, ['validate']).stderr).not.toContain('left out');
  });

  it('accepts a BOM, CRLF line ends and unquoted dates, and an edit keeps them', () => {
    for (const name of ['bom.md', 'crlf.md', 'bom-crlf.md', 'unquoted-dates.md']) {
      const r = crisp(dir, ['--as', 'alice', 'lead', 'touch', idOf(name), '--channel', 'call']);
      expect(r.code, `${name}: ${r.stderr}`).toBe(0);
      const after = readFileSync(join(dir, destOf(name)), 'utf8');
      const before = bytesBefore.get(name)!.toString('utf8');
      expect(after.startsWith('\uFEFF')).toBe(before.startsWith('\uFEFF'));
      if (before.includes('\r\n')) expect(after.replace(/\r\n/g, '')).not.toContain('\n');
      expect(after).toContain('touches:');
      // Every line that was there is still there, byte for byte.
      for (const line of before.replace(/^\uFEFF/, '').split(/\r?\n/)) expect(after).toContain(line);
    }
    expect(commitCount(dir)).toBe(commitsBefore + 4);
  });
});

describe('links out of the ledger', () => {
  it('never writes through a linked folder', () => {
    const team = makeTeamLedger();
    const away = tempDir('crisp-away-');
    rmSync(join(team, 'leads'), { recursive: true, force: true });
    symlinkSync(away, join(team, 'leads'));
    const before = commitCount(team);
    const r = crisp(team, ['--as', 'alice', 'lead', 'add', '--title', 'Escape', '--client', 'acme', '--source', 'website', '--id', 'escape']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('leads is a symbolic link');
    expect(r.stderr).not.toMatch(CRASH);
    expect(readdirSync(away)).toEqual([]);
    expect(existsSync(join(away, 'escape.md'))).toBe(false);
    expect(commitCount(team)).toBe(before);
    const v = crisp(team, ['validate']);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('leads:1: symlink: ');
  });

  it('refuses to keep its lock or cache through a linked .crisp', () => {
    const team = makeTeamLedger();
    const away = tempDir('crisp-away-');
    rmSync(join(team, '.crisp'), { recursive: true, force: true });
    symlinkSync(away, join(team, '.crisp'));
    const r = crisp(team, ['--as', 'alice', 'lead', 'add', '--title', 'X', '--client', 'acme', '--source', 'website']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('.crisp is a symbolic link');
    expect(readdirSync(away)).toEqual([]);
  });
});

describe('derived data from a commit', () => {
  it('a committed parse cache cannot vouch for a bad record', () => {
    const team = makeTeamLedger();
    const bad = goodLead('poisoned').replace('stage: new', 'stage: bribed');
    mkdirSync(join(team, 'leads'), { recursive: true });
    writeFileSync(join(team, 'leads/poisoned.md'), bad);
    // The attacker computes the blob id of the bad file and ships a cache entry calling it clean.
    const blob = git(team, ['hash-object', 'leads/poisoned.md']).trim();
    const version = (JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8')) as { version: string }).version;
    const entry = { b: blob, d: { id: 'poisoned', title: 'Fine', client: 'acme', source: 'website', stage: 'new', stage_entered: '2026-11-02', created: '2026-11-02' }, p: [] };
    mkdirSync(join(team, '.crisp/cache'), { recursive: true });
    writeFileSync(join(team, '.crisp/cache/lead.json'), JSON.stringify({ format: CACHE_FORMAT, version, entries: { 'leads/poisoned.md': entry } }));
    git(team, ['add', '-f', 'leads/poisoned.md', '.crisp/cache/lead.json']);
    git(team, ['commit', '-q', '-m', 'innocent change']);
    const r = crisp(team, ['validate', '--json']);
    expect(r.code).toBe(1);
    const codes = r.json<{ errors: { path: string; code: string }[] }>().errors.map((e) => `${e.path} ${e.code}`);
    expect(codes).toContain('leads/poisoned.md invalid-field');
    expect(codes).toContain('.crisp/cache/lead.json committed-cache');
  });
});
