/**
 * Property tests (fast-check): what crisp writes it reads back unchanged, for any text people type;
 * edits touch only the lines they mean to (DESIGN.md §2 "Hand edits survive"); ids are always valid
 * and never clash; the fast YAML path never disagrees with the full YAML 1.2 core parser.
 */
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { editFrontmatter, fullParse, parseRecordText, parseYamlMap, serializeRecord, RESERVED_KEYS, type Edit } from '../../src/ledger/codec.js';
import { parseSubset, subsetLineOf } from '../../src/ledger/yaml-subset.js';
import { isValidId, newId } from '../../src/ledger/ids.js';
import { mintId } from '../../src/commands/records.js';
import type { Context } from '../../src/commands/context.js';
import { KINDS, KIND_NAMES, type KindName } from '../../src/model/kinds.js';

const RUNS = { numRuns: 300 };
// Control characters (C0 except TAB/LF/CR, and DEL) are refused by design, so people cannot type them.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const text = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !CONTROL.test(s));
const nasty = fc.constantFrom(
  '', ' ', '-', '- x', '---', '...', '#', 'a # b', 'a: b', 'a:', ':', '"', "'", '\\', '[', ']', '{', '}', ',', '&a', '*a', '!tag', '!!js/function',
  '? x', '|', '>', '%YAML 1.1', '@x', '`x`', 'true', 'False', 'null', '~', 'yes', 'no', 'on', '0x1F', '+0x1F', '0o17', '0b101', '1_000', '1e400',
  '+.5', '.nan', '-.inf', '007', '2026-11-23', '2026-11-23T09:30:00Z', '12:30', '$(rm -rf ~)', '`id`', '; ls', '../x', 'line\nbreak', 'tab\there',
  'cr\r\nlf', ' leading', 'trailing ', 'ünïcödé ✓ 😀', '\u202Eright-to-left', '__proto__', 'a, b', '[a]: x',
  '\u00a0', 'no-break\u00a0', '\u2028', 'x\u2029y', '\u3000', '\ufeff', 'nel\u0085', '\u200b',
);
const anyText = fc.oneof(text, nasty, fc.tuple(nasty, text, nasty).map(([a, b, c]) => a + b + c));
const key = fc.oneof(fc.stringMatching(/^[a-z][a-z0-9_]{0,12}$/), anyText.filter((k) => k.trim() !== '' && !k.includes('\n'))).filter((k) => !RESERVED_KEYS.has(k));
const number = fc.oneof(fc.integer({ min: -1e9, max: 1e9 }), fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)));
const scalar = fc.oneof(anyText, number, fc.boolean(), fc.constant(null));
const flatMap = fc.dictionary(key, scalar, { maxKeys: 4 });
const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 4 }), fc.array(flatMap, { minLength: 1, maxLength: 3 }), flatMap);
const data = fc.dictionary(key, value, { minKeys: 1, maxKeys: 8 });
// Bodies are read with line ends normalised, so a CR inside a body is left out here (see docs/safety.md).
const body = fc.oneof(fc.constant(''), anyText.filter((t) => !t.includes('\r')).map((t) => `${t}\n`), fc.constant('---\nnot: frontmatter\n---\n'));

/** What a value reads back as: an empty list of maps is written as `[]`, undefined is dropped. */
const normal = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

describe('write, then read', () => {
  it('any data with any text comes back unchanged (serializeRecord, then parseRecordText)', () => {
    fc.assert(
      fc.property(data, body, (d, b) => {
        const parsed = parseRecordText(serializeRecord(d, b), 'leads/x.md');
        expect(parsed.problems).toEqual([]);
        expect(parsed.data).toEqual(normal(d));
        expect(parsed.body).toBe(b);
      }),
      RUNS,
    );
  });

  // A valid record of each kind, with its free-text fields replaced by anything a person might type.
  const BASE: Record<KindName, Record<string, unknown>> = {
    person: { id: 'alice', name: 'Alice', email: 'alice@example.com', skills: ['coaching'], capacity_hours_per_week: 16, happiness: [{ date: '2026-11-01', crisp: 4, best: 'x' }] },
    client: { id: 'acme', name: 'Acme', sector: 'private', segment: 'A', owner: 'alice', contacts: [{ name: 'Jane', email: 'jane@example.com' }], instances: [{ name: 'prod', users: 1200, deployment: 'aws' }] },
    lead: { id: 'acme-lms', title: 'LMS', client: 'acme', source: 'website', stage: 'new', stage_entered: '2026-11-02', created: '2026-11-02', value: 24000.5, touches: [{ date: '2026-11-02', channel: 'email', by: 'alice', note: 'hi' }], priority: { score: 7, level: 'High', scored: '2026-11-02', criteria: { budget: 3 } } },
    discovery: { id: 'acme-disc', lead: 'acme-lms', assignee: 'alice', billing: 'billable', started: '2026-11-02', status: 'open', budget_hours: 5, estimates: [{ task: 'Theme', hours: 12.25 }] },
    proposal: { id: 'acme-prop', lead: 'acme-lms', kind: 'fixed', status: 'draft', lines: [{ label: 'Theme', hours: 12, rate: 120 }] },
    bun: { id: 'acme-bun', title: 'Help', kind: 'bun', from: 'Acme, Jane', received_by: 'alice', received: '2026-11-23T09:30:00Z', tags: ['coaching'] },
    revenue: { month: '2026-11', person: 'alice', amount: 1200.5, currency: 'EUR', note: 'x' },
  };
  const TEXT_FIELDS: Record<KindName, string[]> = {
    person: ['name'], client: ['name'], lead: ['title', 'org'], discovery: ['reason'], proposal: [], bun: ['title', 'from'], revenue: ['note'],
  };

  it.each(KIND_NAMES)('every %s stays valid and identical through write and read', (kind) => {
    fc.assert(
      fc.property(fc.array(anyText.filter((t) => t.trim() !== ''), { minLength: 2, maxLength: 2 }), anyText, body, ([a, b], note, bod) => {
        const rec: Record<string, unknown> = structuredClone(BASE[kind]);
        TEXT_FIELDS[kind].forEach((f, i) => (rec[f] = i ? b : a));
        if (kind === 'lead') (rec.touches as { note: string }[])[0]!.note = note;
        const parsed = parseRecordText(serializeRecord(rec, bod), `${KINDS[kind].folder}/${String(rec.id ?? '2026-11--alice')}.md`);
        expect(parsed.problems).toEqual([]);
        expect(parsed.data).toEqual(rec);
        expect(KINDS[kind].schema.safeParse(parsed.data).success).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

// A hand-written record with everything people do (comments, flow maps with odd spacing, quoting,
// a blank line, a comment between keys); each top-level key's lines are listed so the test knows
// exactly which lines an edit may touch.
const GNARLY_LINES: [string | null, string][] = [
  ['id', 'id: acme-lms-7f3k        # the id is the file name'],
  ['title', "title: 'LMS upgrade: SSO'   # single-quoted on purpose"],
  ['client', 'client: acme'],
  ['source', 'source: "website"'],
  ['value', 'value: 24000'],
  ['follow_up', 'follow_up: 2026-11-30'],
  [null, ''],
  ['custom', 'custom: { a: 1,   b: "two",  c: [x,y,   z] }   # unknown key, kept as written'],
  ['touches', 'touches:'],
  ['touches', '  - { date: 2026-11-02, channel: email, by: alice, note: "Asked: SSO?" }   # first'],
  ['touches', '  - {date: 2026-11-03,channel: email,by: alice}'],
  [null, '# a comment between keys'],
  ['tags', 'tags: [one, "two, with comma", three]'],
  ['note', 'note: >-'],
  ['note', '  folded text'],
  ['note', '  over lines'],
];
const GNARLY_BODY = '## Intro\n**Situation** ... keep   this   body    exactly.\n';

function gnarly(bom: boolean, crlf: boolean): string {
  const t = `---\n${GNARLY_LINES.map(([, l]) => l).join('\n')}\n---\n${GNARLY_BODY}`;
  return (bom ? '\uFEFF' : '') + (crlf ? t.replace(/\n/g, '\r\n') : t);
}

describe('edits touch only what they mean to', () => {
  const keys = fc.constantFrom('id', 'title', 'client', 'source', 'value', 'follow_up', 'custom', 'touches', 'tags', 'note', 'brand_new');
  const edit: fc.Arbitrary<Edit> = fc.oneof(
    fc.record({ op: fc.constant('set' as const), key: keys, value }),
    fc.record({ op: fc.constant('append' as const), key: fc.constantFrom('touches', 'tags', 'brand_new'), item: fc.oneof(scalar, flatMap) }),
    fc.record({ op: fc.constant('delete' as const), key: keys }),
  );

  it('every line outside the edited field stays byte-identical, with BOM and CRLF kept (gnarly fixture)', () => {
    fc.assert(
      fc.property(edit, fc.boolean(), fc.boolean(), (e, bom, crlf) => {
        const before = gnarly(bom, crlf);
        const after = editFrontmatter(before, [e]);
        const nl = crlf ? '\r\n' : '\n';
        expect(after.startsWith('\uFEFF')).toBe(bom);
        if (crlf) expect(after.replace(/\r\n/g, '')).not.toContain('\n');
        const editKey = (e as { key: string }).key;
        const untouched = GNARLY_LINES.filter(([k]) => k !== editKey).map(([, l]) => l);
        const afterLines = after.replace(/^\uFEFF/, '').split(nl);
        // The untouched lines appear in the same order (new text only goes where the field was, or at the end).
        let i = 0;
        for (const line of afterLines) if (line === untouched[i]) i++;
        expect(i, `lost or changed: ${JSON.stringify(untouched[i])}`).toBe(untouched.length);
        expect(after.endsWith(`---${nl}${GNARLY_BODY.replace(/\n/g, nl)}`)).toBe(true);
        // And the result means what the edit says.
        const parsed = parseRecordText(after, 'leads/acme-lms-7f3k.md');
        expect(parsed.problems).toEqual([]);
        const original = parseRecordText(before, 'leads/acme-lms-7f3k.md').data;
        const expected: Record<string, unknown> = { ...original };
        if (e.op === 'set') expected[e.key] = normal(e.value);
        if (e.op === 'delete') delete expected[e.key];
        if (e.op === 'append') expected[e.key] = [...((original[e.key] as unknown[]) ?? []), normal(e.item)];
        expect(parsed.data).toEqual(normal(expected));
      }),
      RUNS,
    );
  });
});

describe('ids', () => {
  it('minted from any text: always valid, never an option, a path or a clash', () => {
    fc.assert(
      fc.property(fc.array(anyText, { minLength: 1, maxLength: 300 }), (titles) => {
        const taken = new Set<string>();
        const ctx = { ledger: { get: (_k: KindName, id: string) => (taken.has(id) ? {} : undefined) } } as unknown as Context;
        for (const t of titles) {
          const id = mintId(ctx, undefined, t);
          expect(isValidId(id), id).toBe(true);
          expect(id).not.toMatch(/^-|\/|\.\./);
          expect(taken.has(id)).toBe(false);
          taken.add(id);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('newId has the <slug>-<4 base32> shape for any text', () => {
    fc.assert(
      fc.property(anyText, (t) => {
        expect(newId(t)).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*-[0-9a-hjkmnp-tv-z]{4}$/);
        expect(newId(t).length).toBeLessThanOrEqual(64);
      }),
      RUNS,
    );
  });
});

describe('the fast YAML path', () => {
  // Text as people write it by hand: plain, quoted and odd scalars, flow and block collections.
  const token = fc.oneof(nasty.filter((t) => !t.includes('\n')), fc.stringMatching(/^[a-z0-9 .:+-]{1,12}$/), number.map(String));
  const scalarText = fc.oneof(token, token.map((t) => JSON.stringify(t)), token.map((t) => `'${t.replace(/'/g, "''")}'`));
  const line = fc.oneof(
    fc.tuple(key.filter((k) => /^[a-z]/.test(k) && !/[:#]/.test(k)), scalarText).map(([k, v]) => `${k}: ${v}`),
    fc.tuple(key.filter((k) => /^[a-z]/.test(k) && !/[:#]/.test(k)), fc.array(scalarText, { maxLength: 3 })).map(([k, vs]) => `${k}: [${vs.join(', ')}]`),
    fc.tuple(scalarText, scalarText).map(([k, v]) => `${k}: ${v}`),
    fc.tuple(key.filter((k) => /^[a-z]/.test(k)), fc.array(scalarText, { minLength: 1, maxLength: 3 })).map(([k, vs]) => `${k}:\n${vs.map((v) => `  - ${v}`).join('\n')}`),
  );

  it('never accepts what the full YAML 1.2 core parser reads differently or refuses', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), (lines) => {
        const src = `${lines.join('\n')}\n`;
        const ours = parseYamlMap(src, 'x.md', 2);
        if (ours.problems.length) return;
        const doc = parseDocument(src, { version: '1.2', schema: 'core', uniqueKeys: true });
        expect(doc.errors.length + doc.warnings.length, src).toBe(0);
        // -0 and 0 are the same amount; everything else must match exactly.
        expect(normal(ours.data), src).toEqual(normal(doc.toJS()));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the subset parser (what crisp writes)', () => {
  // Text near what crisp writes: one-line flow values, block lists of one-line items, quoted and
  // odd scalars, comments, blank lines, and now and then a line that leaves the subset.
  const word = fc.stringMatching(/^[a-z_][a-z0-9_-]{0,8}$/);
  const token = fc.oneof(
    { weight: 1, arbitrary: nasty.filter((t) => !t.includes('\n')) },
    { weight: 1, arbitrary: fc.stringMatching(/^[a-zA-Z0-9 .:#,+\-[\]{}()'"!&*?|>@%`~]{1,14}$/) },
    { weight: 10, arbitrary: fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9 .:,()-]{0,20}$/) },
    { weight: 2, arbitrary: number.map(String) },
    { weight: 2, arbitrary: fc.integer({ min: -1e6, max: 1e6 }).map(String) },
    { weight: 2, arbitrary: fc.constantFrom('2026-11-23', '2026-07-05T08:11:00Z', '12:30', 'a:b', 'C#', 'x #y', '-5', '-5x', '1.50', '-0', '-0.0', '0.5', '10', '1e3', '.5') },
  );
  const scalarText = fc.oneof(
    { weight: 3, arbitrary: token },
    { weight: 2, arbitrary: fc.oneof(token, anyText.filter((t) => !t.includes('\n'))).map((t) => JSON.stringify(t)) },
    { weight: 1, arbitrary: token.map((t) => `'${t.replace(/'/g, "''")}'`) },
    { weight: 1, arbitrary: fc.constantFrom('"a\\u00e9b"', '"tab\\there"', '"\\/"', '"\\x41"', '"a\\"b"', '"\\ud800"', '"\\u0007"') },
  );
  const flowKey = fc.oneof({ weight: 4, arbitrary: word }, { weight: 1, arbitrary: token.map((t) => JSON.stringify(t)) }, { weight: 1, arbitrary: token });
  const flow: fc.Arbitrary<string> = fc.letrec<{ v: string }>((tie) => ({
    v: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      scalarText,
      fc.array(tie('v'), { maxLength: 2 }).map((vs) => `[${vs.join(', ')}]`),
      fc.array(fc.tuple(flowKey, tie('v')), { maxLength: 3 }).map((ps) => (ps.length ? `{ ${ps.map(([k, v]) => `${k}: ${v}`).join(', ')} }` : '{}')),
    ),
  })).v;
  const topKey = fc.oneof({ weight: 8, arbitrary: word }, { weight: 1, arbitrary: token });
  const comment = fc.constantFrom('', '', '', '', ' # a note', '   #', '#not-a-comment', ' #: x');
  const line = fc.oneof(
    { weight: 6, arbitrary: fc.tuple(topKey, flow, comment).map(([k, v, c]) => `${k}: ${v}${c}`) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(topKey, comment, fc.constantFrom('', '  ', '    '), fc.array(fc.tuple(flow, comment), { minLength: 1, maxLength: 3 }))
        .map(([k, c0, ind, vs]) => `${k}:${c0}\n${vs.map(([v, c]) => `${ind}- ${v}${c}`).join('\n')}`),
    },
    { weight: 1, arbitrary: fc.constantFrom('', '# a comment', 'k:', '', '# a comment', '  # indented comment', '  continued', 'a: b # note', 'k:', 'k: |', '  nested: map', '- item', 'x:y', 'k : v', 'k:\t1', '---', '...') },
  );

  it('reads exactly what the full parser reads, data and lines, whenever it accepts a text', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), (lines) => {
        const src = `${lines.join('\n')}\n`;
        const sub = parseSubset(src);
        if (!sub) return;
        accepted++;
        const full = fullParse(src, 'x.md', 2);
        expect(full.problems, src).toEqual([]);
        expect(normal(sub.data), src).toEqual(normal(full.data));
        const lineOf = subsetLineOf(sub, 2);
        const paths: (string | number)[][] = [['missing'], []];
        const walk = (v: unknown, p: (string | number)[]) => {
          paths.push(p, [...p, 'nope'], [...p, 7]);
          if (p.length >= 4) return;
          if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...p, i]));
          else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...p, k]);
        };
        for (const [k, v] of Object.entries(sub.data)) walk(v, [k]);
        for (const p of paths) expect(lineOf(p), `${JSON.stringify(p)} in ${src}`).toBe(full.lineOf(p));
      }),
      { numRuns: 5000 },
    );
    // The property means something only if the parser accepts a good share of the texts.
    expect(accepted).toBeGreaterThan(700);
  });

  it('reads back what crisp writes, unchanged, whenever it accepts it', () => {
    let accepted = 0;
    fc.assert(
      fc.property(data, (d) => {
        const fm = serializeRecord(d).replace(/^---\n/, '').replace(/---\n$/, '');
        const sub = parseSubset(fm);
        if (!sub) return;
        accepted++;
        expect(normal(sub.data)).toEqual(normal(d));
      }),
      { numRuns: 1000 },
    );
    expect(accepted).toBeGreaterThan(50);
  });
});
