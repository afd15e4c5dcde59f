import { readdirSync, readFileSync } from 'node:fs';
import { KIND_NAMES, kindOfPath } from '../../src/model/kinds.js';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { commitCount, crisp, git, lastCommitMessage, makeLedger, read, REPO_ROOT, write } from '../helpers/cli.js';
import { checkJsonSchema } from '../helpers/json-schema-check.js';

const SAMPLE = join(REPO_ROOT, 'data/sample');
function frontmatter(text: string): Record<string, unknown> {
  const m = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (!m) throw new Error('no frontmatter');
  return parse(m[1]!) as Record<string, unknown>;
}

function filesUnder(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const path = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? filesUnder(dir, path) : [path];
  });
}

/** The schema a sample file is checked against: its record kind, or the event kinds. */
function schemaNameOf(path: string): string | undefined {
  if (/^buns\/[^/]+\/events\/[^/]+\.md$/.test(path)) return 'bun-event';
  if (/^teams\/[^/]+\/events\/[^/]+\.md$/.test(path)) return 'team-event';
  return kindOfPath(path)?.kind;
}

/** Every record and event file of the sample ledger, read straight from the files. */
function sampleRecords(): { kind: string; path: string; data: Record<string, unknown> }[] {
  return filesUnder(SAMPLE).flatMap((path) => {
    const kind = schemaNameOf(path);
    return kind ? [{ kind, path, data: frontmatter(readFileSync(join(SAMPLE, path), 'utf8')) }] : [];
  });
}

describe('crisp schema', () => {
  const all = crisp(REPO_ROOT, ['schema']).json<Record<string, Record<string, unknown>>>();

  it('prints one JSON Schema per record kind and one for crisp.yaml', () => {
    expect(Object.keys(all).sort()).toEqual(['config', ...KIND_NAMES, 'bun-event', 'team-event'].sort());
    expect(all.lead!.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(crisp(REPO_ROOT, ['schema', 'lead']).json()).toEqual(all.lead);
    expect(crisp(REPO_ROOT, ['schema', 'crisp.yaml']).json()).toEqual(all.config);
    const bad = crisp(REPO_ROOT, ['schema', 'leads']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('config, person, client');
  });

  it("accepts every record of the sample ledger and its crisp.yaml", () => {
    const records = sampleRecords();
    expect(records.length).toBeGreaterThan(5);
    // Every kind and event kind the sample holds is covered.
    expect(new Set(records.map((r) => r.kind)).size).toBeGreaterThanOrEqual(6);
    for (const r of records) expect({ path: r.path, problems: checkJsonSchema(all[r.kind]!, r.data) }).toEqual({ path: r.path, problems: [] });
    expect(checkJsonSchema(all.config!, parse(readFileSync(join(SAMPLE, 'crisp.yaml'), 'utf8')))).toEqual([]);
  });

  it('rejects broken records and a broken crisp.yaml', () => {
    const person = sampleRecords().find((r) => r.kind === 'person')!.data;
    expect(checkJsonSchema(all.person!, { ...person, email: 'not an email' })).toEqual([expect.stringContaining('$.email')]);
    const { name: _n, ...nameless } = person;
    expect(checkJsonSchema(all.person!, nameless)).toEqual(['$: missing name']);
    expect(checkJsonSchema(all.person!, { ...person, id: 'Bad_Id' })).not.toEqual([]);
    expect(checkJsonSchema(all.lead!, { id: 'x-1', title: 'T', source: 'website', stage: 'closed', stage_entered: '2026-11-23', created: '2026-11-23' })).toEqual([expect.stringContaining('$.stage')]);
    expect(checkJsonSchema(all.person!, { ...person, created: '23/11/2026' })).toEqual([expect.stringContaining('$.created')]);
    expect(checkJsonSchema(all.config!, { holidays: ['Dec 24'] })).toEqual([expect.stringContaining('$.holidays[0]')]);
    expect(checkJsonSchema(all.config!, { currency: 'euro' })).toEqual([expect.stringContaining('$.currency')]);
  });

  it('crisp init writes the crisp.yaml schema where the yaml-language-server comment points', () => {
    const dir = makeLedger();
    const first = read(dir, 'crisp.yaml').split('\n')[0]!;
    const target = /\$schema=(\S+)/.exec(first)![1]!;
    expect(JSON.parse(read(dir, target))).toEqual(all.config);
    const sample = makeLedger({ sample: true });
    expect(JSON.parse(read(sample, /\$schema=(\S+)/.exec(read(sample, 'crisp.yaml'))![1]!))).toEqual(all.config);
    expect(crisp(sample, ['validate', '--strict']).code).toBe(0);
  });

  it('schema --write brings an old crisp.schema.json up to date, as one commit, and only when needed', () => {
    const dir = makeLedger();
    const before = commitCount(dir);
    const same = crisp(dir, ['schema', '--write']);
    expect(same.stderr).toContain('up to date: nothing to commit');
    expect(commitCount(dir)).toBe(before);
    write(dir, 'crisp.schema.json', '{}\n');
    git(dir, ['commit', '-qam', 'an older crisp wrote this']);
    const r = crisp(dir, ['--json', 'schema', '--write']);
    expect(r.code).toBe(0);
    expect(r.json()).toEqual({ path: 'crisp.schema.json', changed: true });
    expect(lastCommitMessage(dir)).toBe('crisp schema: update crisp.schema.json');
    expect(JSON.parse(read(dir, 'crisp.schema.json'))).toEqual(all.config);
  });
});
