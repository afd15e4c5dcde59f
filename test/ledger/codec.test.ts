import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { editFrontmatter, frontmatterKeyLine, parseRecordText, serializeRecord } from '../../src/ledger/codec.js';

// A hand-written record with everything people do: comments, flow maps with odd spacing, quoting
// styles, a long flow line, a block list, unknown keys, a body.
const GNARLY = `---
id: acme-lms-7f3k        # the id is the file name
title: 'LMS upgrade: SSO'   # single-quoted on purpose
client: acme
source: website
stage: qualified
stage_entered: 2026-11-10
created: 2026-11-02
value: 24000
follow_up: 2026-11-30
custom_thing: { a: 1,   b: "two",  c: [x,y,   z] }   # unknown key, kept as written
touches:
  - { date: 2026-11-02, channel: email, by: alice, direction: in, note: "Asked about SSO for 40k learners" }   # first
  - {date: 2026-11-03,channel: email,by: alice}
# a comment between keys
tags: [one, "two, with comma", three]
---
## Intro meeting, 2026-11-10
**Situation** ... keep   this   body    exactly.
`;

function untouchedLinesSame(before: string, after: string, changedKeys: string[]) {
  const keep = (text: string) => text.split('\n').filter((l) => !changedKeys.some((k) => l.startsWith(`${k}:`)));
  const a = keep(before);
  const b = keep(after);
  for (const line of a) expect(b).toContain(line);
}

describe('frontmatter codec', () => {
  it('parses dates as strings (YAML 1.2 core), keeps the body', () => {
    const r = parseRecordText(GNARLY, 'leads/acme-lms-7f3k.md');
    expect(r.problems).toEqual([]);
    expect(r.data.follow_up).toBe('2026-11-30');
    expect(r.data.title).toBe('LMS upgrade: SSO');
    expect(r.body).toBe('## Intro meeting, 2026-11-10\n**Situation** ... keep   this   body    exactly.\n');
    expect(r.lineOf(['touches', 1, 'date'])).toBe(14);
    expect(r.lineOf(['value'])).toBe(9);
  });

  it('changes one field and leaves every other line byte-for-byte', () => {
    const out = editFrontmatter(GNARLY, [{ op: 'set', key: 'follow_up', value: '2026-12-07' }]);
    expect(out).toBe(GNARLY.replace('follow_up: 2026-11-30', 'follow_up: 2026-12-07'));
  });

  it('appends to a block list without touching its items or comments', () => {
    const out = editFrontmatter(GNARLY, [{ op: 'append', key: 'touches', item: { date: '2026-11-23', channel: 'call', by: 'bob', note: 'Left a message, call back' } }]);
    expect(out).toBe(
      GNARLY.replace(
        '  - {date: 2026-11-03,channel: email,by: alice}\n',
        '  - {date: 2026-11-03,channel: email,by: alice}\n  - { date: 2026-11-23, channel: call, by: bob, note: "Left a message, call back" }\n',
      ),
    );
  });

  it('appends to a flow list in place', () => {
    const out = editFrontmatter(GNARLY, [{ op: 'append', key: 'tags', item: 'four' }]);
    expect(out).toBe(GNARLY.replace('tags: [one, "two, with comma", three]', 'tags: [one, "two, with comma", three, four]'));
  });

  it('adds new keys at the end of the frontmatter and deletes keys with their lines', () => {
    const out = editFrontmatter(GNARLY, [
      { op: 'set', key: 'priority', value: { score: 19, level: 'High', scored: '2026-11-23' } },
      { op: 'delete', key: 'custom_thing' },
    ]);
    expect(out).toContain('tags: [one, "two, with comma", three]\npriority: { score: 19, level: High, scored: 2026-11-23 }\n---\n');
    expect(out).not.toContain('custom_thing');
    untouchedLinesSame(GNARLY, out, ['custom_thing', 'priority']);
    expect(parseRecordText(out, 'x').data.priority).toEqual({ score: 19, level: 'High', scored: '2026-11-23' });
  });

  it('keeps a trailing comment when a scalar value changes', () => {
    const out = editFrontmatter(GNARLY, [{ op: 'set', key: 'title', value: 'New title' }]);
    expect(out).toContain("title: New title   # single-quoted on purpose\n");
    untouchedLinesSame(GNARLY, out, ['title']);
  });

  it('keeps CRLF line ends and a BOM', () => {
    const crlf = '\uFEFF' + GNARLY.replace(/\n/g, '\r\n');
    expect(parseRecordText(crlf, 'x').problems).toEqual([]);
    const out = editFrontmatter(crlf, [{ op: 'set', key: 'value', value: 25000 }]);
    expect(out).toBe(crlf.replace('value: 24000', 'value: 25000'));
  });

  it('round-trips what it serialises, quoting what YAML would misread', () => {
    const data = { id: 'x', title: 'Colon: comma, hash # and "quotes"', n: 1.5, when: '2026-11-23', list: ['a', 'b c'], items: [{ a: 1, note: '{braces}' }], yes: 'yes', num: '123' };
    const text = serializeRecord(data, 'Body\n');
    const back = parseRecordText(text, 'x');
    expect(back.problems).toEqual([]);
    expect(back.data).toEqual(data);
    expect(back.body).toBe('Body\n');
  });

  it('caps nesting at 64 lists or maps, counting only brackets that open values', () => {
    const nested = (n: number, lines = false) => `---\nid: x\nv: ${'['.repeat(n)}1${']'.repeat(n).split('').join(lines ? '\n' : '')}\n---\n`;
    expect(parseRecordText(nested(64), 'x.md').problems).toEqual([]);
    const deep = parseRecordText(nested(65), 'x.md').problems;
    expect(deep.map((p) => `${p.code}@${p.line}: ${p.message}`)).toEqual(['yaml-syntax@3: values are nested too deeply']);
    const block = `---\nid: x\nv:\n${Array.from({ length: 70 }, (_, i) => `${'  '.repeat(i)}- `).join('\n')}1\n---\n`;
    expect(parseRecordText(block, 'x.md').problems.map((p) => p.code)).toEqual(['yaml-syntax']);
    // Brackets and apostrophes in prose are not structure, however many there are.
    const prose = `---\nid: x\nnotes:\n${Array.from({ length: 80 }, () => "  - it's [draft, see {1 and [2").join('\n')}\n---\n`;
    expect(parseRecordText(prose, 'x.md').problems).toEqual([]);
  });

  it('refuses code-running frontmatter engines, aliases, unknown tags and non-maps', () => {
    const code = (t: string) => parseRecordText(t, 'f.md').problems.map((p) => p.code);
    expect(code('---js\nmodule.exports = {}\n---\n')).toEqual(['frontmatter-engine']);
    expect(code('---javascript\n({})\n---\n')).toEqual(['frontmatter-engine']);
    expect(code('---\na: &x [1]\nb: *x\n---\n')).toEqual(['yaml-anchor', 'yaml-alias']);
    expect(code("---\na: !!js/function 'f'\n---\n")).toEqual(['yaml-tag']);
    expect(code('---\n- a\n- b\n---\n')).toEqual(['not-a-map']);
    expect(code('---\na: .nan\n---\n')).toEqual(['yaml-number']);
    expect(code('---\na: "bell \\u0007"\n---\n')).toEqual(['control-character']);
    expect(code('no frontmatter')).toEqual(['no-frontmatter']);
  });
});

describe('a top-level key\'s line by a line scan (a warning on a record read from the cache)', () => {
  /** Every top-level key's line, by the scan where it is sure, else undefined; and by the parser. */
  const both = (text: string) => {
    const parsed = parseRecordText(text, 'x.md');
    return Object.keys(parsed.data).map((key) => ({ key, scan: frontmatterKeyLine(text, key), parse: parsed.lineOf([key]) }));
  };

  it('gives the line the parser gives, or says it is unsure', () => {
    const files = [GNARLY, `\uFEFF${GNARLY.replace(/\n/g, '\r\n')}`];
    for (const folder of ['people', 'clients', 'leads', 'discoveries', 'proposals']) {
      const dir = join('data/sample', folder);
      for (const name of readdirSync(dir).filter((n) => n.endsWith('.md'))) files.push(readFileSync(join(dir, name), 'utf8'));
    }
    let sure = 0;
    for (const text of files) {
      for (const { key, scan, parse } of both(text)) {
        if (scan === undefined) continue;
        expect(scan, key).toBe(parse);
        sure++;
      }
    }
    expect(sure).toBeGreaterThan(100);
  });

  it('is unsure where a wrapped value or the body has a line that looks like the key', () => {
    // A flow list that goes on at the first column of the next line (valid YAML): the parser says.
    const wrapped = '---\nid: a\ntags: [a,\ntitle: b]\ntitle: Real\n---\nbody\n';
    expect(parseRecordText(wrapped, 'x.md').problems).toEqual([]);
    expect(parseRecordText(wrapped, 'x.md').data.title).toBe('Real');
    expect(frontmatterKeyLine(wrapped, 'title')).toBeUndefined();
    // The body is not frontmatter: its lines never count.
    expect(frontmatterKeyLine('---\nid: a\ntitle: Real\n---\ntitle: in the body\n', 'title')).toBe(3);
    expect(frontmatterKeyLine('---\nid: a\n"title": Quoted\n---\n', 'title')).toBe(3);
    expect(frontmatterKeyLine('no frontmatter\n', 'title')).toBeUndefined();
  });
});

