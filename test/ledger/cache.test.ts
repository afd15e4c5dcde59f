import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportLead } from '../../src/ledger/snapshot.js';
import type { LedgerRecord } from '../../src/ledger/store.js';
import { crisp, git, makeTeamLedger, read, write } from '../helpers/cli.js';

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
    write(dir, '.crisp/cache/lead.json', JSON.stringify({ format: 1, version: 'other', entries: { 'leads/first.md': { b: 'x', d: { title: 'Wrong' }, p: [] } } }));
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
