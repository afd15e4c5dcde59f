import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CACHE_FORMAT, ParseCache } from '../../src/ledger/cache.js';
import { settleWrites } from '../../src/ledger/files.js';
import { reportLead } from '../../src/ledger/snapshot.js';
import type { LedgerRecord } from '../../src/ledger/store.js';
import { crisp, git, makeTeamLedger, read, tempDir, write } from '../helpers/cli.js';

// The parse cache must never show stale data: every test reads through it after git or a person
// changed the files behind its back.
describe('parse cache', () => {
  const titles = (dir: string) => crisp(dir, ['--json', 'lead', 'list', '--all']).json().map((l: { id: string; title: string }) => `${l.id}:${l.title}`);
  const setup = () => {
    const dir = makeTeamLedger();
    crisp(dir, ['--as', 'alice', 'lead', 'add', '--title', 'First', '--client', 'acme', '--source', 'website', '--id', 'first']);
    expect(titles(dir)).toEqual(['first:First']); // fills the cache
    return dir;
  };

  it('sees a hand edit of a tracked file', () => {
    const dir = setup();
    write(dir, 'leads/first.md', read(dir, 'leads/first.md').replace('title: First', 'title: Edited by hand'));
    expect(titles(dir)).toEqual(['first:Edited by hand']);
    write(dir, 'leads/first.md', read(dir, 'leads/first.md').replace('title: Edited by hand', 'title: [broken'));
    const r = crisp(dir, ['validate']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^leads\/first\.md:[34]: yaml-syntax: /m);
  });

  it('sees new untracked files and deleted files', () => {
    const dir = setup();
    write(dir, 'leads/second.md', read(dir, 'leads/first.md').replace(/first/g, 'second').replace('title: First', 'title: Second'));
    expect(titles(dir)).toEqual(['first:First', 'second:Second']);
    git(dir, ['rm', '-q', 'leads/first.md']);
    expect(titles(dir)).toEqual(['second:Second']);
  });

  it('follows branch switches and stash/pop', () => {
    const dir = setup();
    const main = git(dir, ['rev-parse', '--abbrev-ref', 'HEAD']).trim();
    git(dir, ['checkout', '-q', '-b', 'other']);
    crisp(dir, ['--as', 'alice', 'lead', 'set', 'first', '--title', 'On the other branch']);
    expect(titles(dir)).toEqual(['first:On the other branch']);
    git(dir, ['checkout', '-q', main]);
    expect(titles(dir)).toEqual(['first:First']);
    write(dir, 'leads/first.md', read(dir, 'leads/first.md').replace('title: First', 'title: Stashed'));
    expect(titles(dir)).toEqual(['first:Stashed']);
    git(dir, ['stash', '-q']);
    expect(titles(dir)).toEqual(['first:First']);
    git(dir, ['stash', 'pop', '-q']);
    expect(titles(dir)).toEqual(['first:Stashed']);
  });

  it('reports see hand edits, new files and branch switches too', () => {
    const dir = setup();
    const pipeline = () => crisp(dir, ['--json', 'report', 'pipeline']).json().rows.map((r: { stage: string; count: number; value: number }) => `${r.stage}:${r.count}:${r.value}`).filter((r: string) => !r.includes(':0:'));
    crisp(dir, ['--as', 'alice', 'lead', 'set', 'first', '--value', '1000']);
    expect(pipeline()).toEqual(['new:1:100000']); // fills the lead cache
    write(dir, 'leads/first.md', read(dir, 'leads/first.md').replace('value: 1000', 'value: 2500'));
    expect(pipeline()).toEqual(['new:1:250000']);
    write(dir, 'leads/second.md', read(dir, 'leads/first.md').replace(/first/g, 'second'));
    expect(pipeline()).toEqual(['new:2:500000']);
    const main = git(dir, ['rev-parse', '--abbrev-ref', 'HEAD']).trim();
    git(dir, ['stash', '-q', '--include-untracked']);
    git(dir, ['checkout', '-q', '-b', 'other']);
    crisp(dir, ['--as', 'alice', 'lead', 'set', 'first', '--value', '7000']);
    expect(pipeline()).toEqual(['new:1:700000']);
    git(dir, ['checkout', '-q', main]);
    expect(pipeline()).toEqual(['new:1:100000']);
  });

  it('is safe to delete or corrupt', () => {
    const dir = setup();
    write(dir, '.crisp/cache/lead.json', '{ not json');
    expect(titles(dir)).toEqual(['first:First']);
    write(dir, '.crisp/cache/lead.json', JSON.stringify({ format: CACHE_FORMAT, version: 'other', entries: { 'leads/first.md': { b: 'x', d: { title: 'Wrong' }, p: [] } } }));
    expect(titles(dir)).toEqual(['first:First']);
    // The list's own summaries (one per lead file) are held to the same rules.
    const listing = readdirSync(join(dir, '.crisp/cache')).find((f) => f.startsWith('lead.list'))!;
    expect(listing).toBeDefined();
    write(dir, `.crisp/cache/${listing}`, '[');
    expect(titles(dir)).toEqual(['first:First']);
    const saved = JSON.parse(read(dir, `.crisp/cache/${listing}`));
    saved.entries['leads/first.md'].b = '0'.repeat(40);
    saved.entries['leads/first.md'].d.title = 'Stale';
    write(dir, `.crisp/cache/${listing}`, JSON.stringify(saved));
    expect(titles(dir)).toEqual(['first:First']);
    rmSync(join(dir, '.crisp'), { recursive: true, force: true });
    expect(titles(dir)).toEqual(['first:First']);
  });

  it('after a few edits only the journal beside a cache is written, and it is held to the same rules', () => {
    const dir = setup();
    const cache = (name: string) => JSON.parse(read(dir, `.crisp/cache/${name}`)) as { entries: Record<string, { b: string; d: { title?: string } }> };
    const listing = readdirSync(join(dir, '.crisp/cache')).find((f) => /^lead\.list-\d+\.json$/.test(f))!;
    const journal = listing.replace(/\.json$/, '.more.json');
    expect(crisp(dir, ['validate']).code).toBe(0); // the big files: the first lead only
    write(dir, 'leads/second.md', read(dir, 'leads/first.md').replace(/first/g, 'second').replace('title: First', 'title: Second'));
    expect(crisp(dir, ['validate']).code).toBe(0);
    expect(titles(dir)).toEqual(['first:First', 'second:Second']);
    // The big files still hold only the first lead; the journals the second.
    expect(Object.keys(cache('lead.json').entries)).toEqual(['leads/first.md']);
    expect(Object.keys(cache('lead.more.json').entries)).toEqual(['leads/second.md']);
    expect(Object.keys(cache(journal).entries)).toEqual(['leads/second.md']);
    // A hand edit goes to the journal; the big file's entry for the old content is passed over.
    write(dir, 'leads/first.md', read(dir, 'leads/first.md').replace('title: First', 'title: Edited'));
    expect(titles(dir)).toEqual(['first:Edited', 'second:Second']);
    expect(cache(journal).entries['leads/first.md']!.d.title).toBe('Edited');
    expect(cache(listing).entries['leads/first.md']!.d.title).toBe('First');
    git(dir, ['checkout', '-q', '--', 'leads/first.md']);
    expect(titles(dir)).toEqual(['first:First', 'second:Second']);
    // A journal entry for content the file no longer has, and a broken journal, change nothing.
    const stale = cache(journal);
    stale.entries['leads/second.md']!.d.title = 'Stale';
    stale.entries['leads/second.md']!.b = '0'.repeat(40);
    write(dir, `.crisp/cache/${journal}`, JSON.stringify(stale));
    expect(titles(dir)).toEqual(['first:First', 'second:Second']);
    write(dir, `.crisp/cache/${journal}`, '{ not json');
    write(dir, '.crisp/cache/lead.more.json', '[');
    expect(titles(dir)).toEqual(['first:First', 'second:Second']);
    rmSync(join(dir, '.crisp/cache/validate.json'));
    expect(crisp(dir, ['validate']).code).toBe(0);
  });

  it('bun events: validate and bun list see hand edits, new and deleted events, stash and branch switches', () => {
    const dir = setup();
    const ok = (args: string[]) => {
      const r = crisp(dir, args);
      if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}${r.stdout}`);
      return r;
    };
    const id = ok(['--as', 'alice', '--json', 'bun', 'post', 'Acme wants a coach', '--from', 'Acme', '--client', 'acme']).json().id as string;
    const offer = ok(['--as', 'alice', '--json', 'bun', 'offer', id, '--all']).json().event as string;
    const claim = ok(['--as', 'bob', '--json', 'bun', 'take', id]).json().event as string;
    const state = () => crisp(dir, ['--json', 'bun', 'list', '--all']).json().map((b: { state: string; holder: string }) => `${b.state}:${b.holder}`);
    const problems = () => crisp(dir, ['--json', 'validate']).json().errors.map((e: { path: string; code: string }) => `${e.path}:${e.code}`);
    expect(state()).toEqual(['taken:bob']); // fills the event cache
    expect(problems()).toEqual([]);
    expect(readdirSync(join(dir, '.crisp/cache'))).toContain('bun-event.json');

    // A hand edit of a tracked event: another actor (unknown), then a field of the wrong type.
    const claimed = read(dir, claim);
    write(dir, claim, claimed.replace('by: bob', 'by: nobody'));
    expect(problems()).toEqual([`${claim}:unknown-actor`]);
    write(dir, claim, claimed.replace(/^at: .*$/m, 'at: someday'));
    expect(problems()).toEqual([`${claim}:bad-date`]);
    write(dir, claim, claimed);
    expect(problems()).toEqual([]);

    // A new untracked event, then the claim deleted: the offer stands alone.
    const extra = claim.replace(/--claim--[0-9a-z]{4}\.md$/, '--claim--zzzz.md');
    write(dir, extra, claimed.replace('by: bob', 'by: ghost'));
    expect(problems()).toContain(`${extra}:unknown-actor`);
    rmSync(join(dir, extra));
    rmSync(join(dir, claim));
    expect(state()).toEqual(['offered:alice']);
    expect(problems()).toEqual([]);
    git(dir, ['checkout', '-q', '--', claim]);
    expect(state()).toEqual(['taken:bob']);

    // stash and pop, and a branch where the claim never happened.
    write(dir, claim, claimed.replace('by: bob', 'by: nobody'));
    git(dir, ['stash', '-q']);
    expect(problems()).toEqual([]);
    git(dir, ['stash', 'pop', '-q']);
    expect(problems()).toEqual([`${claim}:unknown-actor`]);
    git(dir, ['checkout', '-q', '--', claim]);
    const main = git(dir, ['rev-parse', '--abbrev-ref', 'HEAD']).trim();
    git(dir, ['checkout', '-q', '-b', 'before-the-claim', 'HEAD~1']);
    expect(state()).toEqual(['offered:alice']);
    git(dir, ['checkout', '-q', main]);
    expect(state()).toEqual(['taken:bob']);
    expect(read(dir, offer)).toContain('verb: offer');

    // The parse worker makes the same entries and finds the same problems as the main thread.
    write(dir, extra, claimed.replace('by: bob', 'by: ghost'));
    git(dir, ['add', '--', extra]);
    git(dir, ['commit', '-q', '-m', 'a bad event']);
    const cold = (env: Record<string, string>) => {
      rmSync(join(dir, '.crisp'), { recursive: true, force: true });
      const r = crisp(dir, ['--json', 'validate'], { env });
      return { code: r.code, out: r.json(), events: JSON.parse(read(dir, '.crisp/cache/bun-event.json')).entries };
    };
    const alone = cold({ CRISP_PARSE_THREADS: '1' });
    expect(alone.out.errors.map((e: { path: string; code: string }) => `${e.path}:${e.code}`)).toEqual([`${extra}:unknown-actor`]);
    expect(Object.keys(alone.events).sort()).toEqual([claim, extra, offer].sort());
    expect(cold({ CRISP_PARSE_WORKER_MIN: '1' })).toEqual(alone);
  });

  it('never reads a bun event through a folder that became a link, cached or not', () => {
    const dir = setup();
    const id = crisp(dir, ['--as', 'alice', '--json', 'bun', 'post', 'Acme wants a coach', '--from', 'Acme']).json().id as string;
    const offer = crisp(dir, ['--as', 'alice', '--json', 'bun', 'offer', id, '--all']).json().event as string;
    expect(crisp(dir, ['--json', 'validate']).json().errors).toEqual([]); // the event is cached now
    // The events folder is swapped for a link to a folder elsewhere holding a file of the same name.
    const outside = join(tempDir(), 'events');
    mkdirSync(outside);
    write(outside, offer.split('/').pop()!, read(dir, offer).replace('verb: offer', 'verb: stolen'));
    rmSync(join(dir, `buns/${id}/events`), { recursive: true });
    symlinkSync(outside, join(dir, `buns/${id}/events`));
    for (const env of [{}, { CRISP_PARSE_WORKER_MIN: '1' }]) {
      // git takes the event as deleted; validate reports the link, and the event is not read.
      const r = crisp(dir, ['--json', 'validate'], { env });
      expect(r.stdout).not.toContain('stolen');
      expect(r.json().errors.map((e: { path: string; code: string }) => `${e.path}:${e.code}`)).toEqual([`buns/${id}/events:symlink`]);
      // bun list lists the folder itself, and is refused the file behind the link.
      const list = crisp(dir, ['--json', 'bun', 'list', '--all'], { env });
      expect(list.stdout).not.toContain('stolen');
      expect(list.json()[0]).toMatchObject({ id, state: 'posted' });
      rmSync(join(dir, '.crisp'), { recursive: true, force: true });
    }
  });

  it('never reuses a validate result after any file changed', () => {
    const dir = setup();
    expect(crisp(dir, ['validate']).code).toBe(0);
    expect(crisp(dir, ['validate']).code).toBe(0);
    write(dir, 'leads/first.md', read(dir, 'leads/first.md').replace('source: website', 'source: carrier-pigeon'));
    expect(crisp(dir, ['validate']).code).toBe(1);
    git(dir, ['checkout', '-q', '--', 'leads/first.md']);
    expect(crisp(dir, ['validate']).code).toBe(0);
    write(dir, 'people/ghost.md', '---\nid: ghost\n---\n');
    expect(crisp(dir, ['validate']).code).toBe(1);
    write(dir, 'crisp.yaml', read(dir, 'crisp.yaml').replace('currency: EUR', 'currency: euro'));
    expect(crisp(dir, ['validate']).stdout).toContain('crisp.yaml:4: invalid-field: currency');
  });
});

describe('ParseCache journal', () => {
  const entry = (i: number, b = 'a') => `${JSON.stringify(`leads/l${i}.md`)}:${JSON.stringify({ b: `${b}${i}`, d: { n: i }, p: [] })}`;
  const hitsOf = (c: ParseCache, ids: number[], b = 'a') => Object.fromEntries(ids.map((i) => [`leads/l${i}.md`, c.get(`leads/l${i}.md`, `${b}${i}`)!]));
  const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);

  it('takes a few changes into the journal and rewrites the big file when many changed', async () => {
    const root = tempDir();
    const file = join(root, '.crisp/cache/lead.json');
    const journal = join(root, '.crisp/cache/lead.more.json');
    new ParseCache(root, 'lead', 'v').save({}, range(0, 1000).map((i) => entry(i)));
    await settleWrites();
    const big = readFileSync(file, 'utf8');
    // One file changed: only the journal is written, and both are read back.
    let c = new ParseCache(root, 'lead', 'v');
    c.save(hitsOf(c, range(1, 1000)), [entry(0, 'b')]);
    await settleWrites();
    expect(readFileSync(file, 'utf8')).toBe(big);
    c = new ParseCache(root, 'lead', 'v');
    expect(c.get('leads/l0.md', 'b0')?.d).toEqual({ n: 0 });
    expect(c.get('leads/l0.md', 'a0')?.d).toEqual({ n: 0 }); // the big file's entry for the old content is still there
    expect(c.get('leads/l5.md', 'a5')?.d).toEqual({ n: 5 });
    expect(c.get('leads/l5.md', 'b5')).toBeUndefined();
    // Most files changed: the big file is written anew and the journal goes.
    c.save(hitsOf(c, [0], 'b'), range(1, 1000).map((i) => entry(i, 'c')));
    await settleWrites();
    expect(existsSync(journal)).toBe(false);
    c = new ParseCache(root, 'lead', 'v');
    expect(c.get('leads/l0.md', 'b0')?.d).toEqual({ n: 0 });
    expect(c.get('leads/l999.md', 'c999')?.d).toEqual({ n: 999 });
    expect(c.get('leads/l999.md', 'a999')).toBeUndefined();
    // Another version's journal is not read.
    writeFileSync(journal, JSON.stringify({ format: CACHE_FORMAT, version: 'other', entries: { 'leads/l1.md': { b: 'x', d: { n: -1 }, p: [] } } }));
    expect(new ParseCache(root, 'lead', 'v').get('leads/l1.md', 'x')).toBeUndefined();
  });
});

describe('cache files in ASCII', () => {
  it('writes text past ASCII as escapes and reads it back the same, from either kind of file', async () => {
    const root = tempDir();
    const file = join(root, '.crisp/cache/person.json');
    const names = { name: 'Åsa Öberg', emoji: '🥯 bun', quote: '"\\u00e5" is not å', control: 'tab\there' };
    const entryJson = JSON.stringify({ b: 'a1', d: names, p: [] });
    new ParseCache(root, 'person', 'v').save({}, [`"people/asa.md":${entryJson}`]);
    await settleWrites();
    const bytes = readFileSync(file);
    expect(bytes.every((b) => b < 0x80)).toBe(true);
    expect(new ParseCache(root, 'person', 'v').get('people/asa.md', 'a1')?.d).toEqual(names);
    // A cache written before (UTF-8 as it comes) still reads right.
    writeFileSync(file, JSON.stringify({ format: CACHE_FORMAT, version: 'v', entries: { 'people/asa.md': { b: 'a1', d: names, p: [] } } }));
    expect(readFileSync(file).some((b) => b >= 0x80)).toBe(true);
    expect(new ParseCache(root, 'person', 'v').get('people/asa.md', 'a1')?.d).toEqual(names);
  });
});

describe('reportLead (what the report cache keeps of a lead)', () => {
  const rec = (data: Record<string, unknown>) => ({ data }) as unknown as LedgerRecord;
  it('drops only the touches\' notes', () => {
    const data = { title: 'T', stage: 'new', touches: [{ date: '2026-11-02', channel: 'email', note: 'long text', direction: 'in' }, { date: '2026-11-03', channel: 'call' }, 'odd'] };
    expect(reportLead(rec(data))).toEqual({ title: 'T', stage: 'new', touches: [{ date: '2026-11-02', channel: 'email', direction: 'in' }, { date: '2026-11-03', channel: 'call' }, 'odd'] });
    expect(data.touches[0]).toHaveProperty('note', 'long text'); // the record itself is untouched
  });
  it('leaves a lead without a touch list as it is', () => {
    const data = { title: 'T', touches: 'not a list' };
    expect(reportLead(rec(data))).toBe(data);
  });
});
