import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseRecordText, parseYamlMap } from '../../src/ledger/codec.js';
import { decodeLedgerBytes, frontmatterEnd } from '../../src/ledger/store.js';
import { REPO_ROOT } from '../helpers/cli.js';

// The codec parses most files with a fast parser and falls back to the full one; both must give
// the same data wherever the fast one is used.
function filesUnder(dir: string): string[] {
  let out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(filesUnder(p));
    else if (name.endsWith('.md')) out.push(p);
  }
  return out;
}

const SAMPLES = [
  'a: 1\nb: 0x1F\nc: 0o17\nd: 1e3\ne: -2.5\nf: .5\ng: +12\nh: 012\n',
  'a: true\nb: True\nc: FALSE\nd: yes\ne: no\nf: on\ng: ~\nh: null\ni:\nj: Null\n',
  'a: 2026-11-23\nb: 2026-11-23T09:30:00Z\nc: 2026-11-23 09:30\nd: "2026-11-23"\n',
  'a: [1, "two", three, { x: y }]\nb: { c: [d, e], "f g": h }\n',
  'list:\n  - { date: 2026-11-02, note: "Hi, there: yes" }\n  - plain text with: colon\n',
  'a: >\n  folded\n  text\nb: |\n  literal\n  text\n',
  "a: 'single ''quoted'''\nb: \"double \\\"quoted\\\" \\u00e9\"\nc: R&D and 5 * 3 and Wow!\n",
  'a: 1_000\nb: 0b101\nc: .inf\nd: -.Inf\ne: .NaN\n',
];

describe('fast and full YAML parsing agree', () => {
  it.each(SAMPLES)('on %j', (src) => {
    const full = parseDocument(src, { version: '1.2', schema: 'core' }).toJS();
    const ours = parseYamlMap(src, 'x');
    if (ours.problems.length === 0) expect(ours.data).toEqual(full);
  });

  it('on every markdown file of the sample ledger', () => {
    const files = filesUnder(join(REPO_ROOT, 'data'));
    for (const f of files) {
      const text = readFileSync(f, 'utf8').replace(/\r\n/g, '\n');
      const fm = text.split(/^---\s*$/m)[1] ?? '';
      const full = parseDocument(fm, { version: '1.2', schema: 'core' }).toJS();
      expect(parseYamlMap(fm, f).data, f).toEqual(full);
    }
  });

  it('on the line of every top-level key (found by a line scan when the fast parser read the file)', () => {
    const tricky = ['a: "wraps\n  b: inside"\nb: 2\n', "'a' : 1\nb: 2\n", 'a: |\n  b: 1\nb: 3\n', 'a: 1\nab: 2\nb: 3\n'];
    const fronts = [...SAMPLES, ...tricky, ...filesUnder(join(REPO_ROOT, 'data')).map((f) => readFileSync(f, 'utf8').replace(/\r\n/g, '\n').split(/^---\s*$/m)[1] ?? '')];
    let checked = 0;
    for (const fm of fronts) {
      const doc = parseDocument(fm, { version: '1.2', schema: 'core' });
      const ours = parseYamlMap(fm, 'x', 2);
      if (ours.problems.length) continue;
      for (const pair of (doc.contents as { items: { key: { value: string; range: [number] } }[] }).items) {
        const line = 2 + fm.slice(0, pair.key.range[0]).split('\n').length - 1;
        expect(ours.lineOf([pair.key.value]), `${pair.key.value} in ${JSON.stringify(fm.slice(0, 60))}`).toBe(line);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(500);
  });
});

describe('a bulk read decodes only the frontmatter', () => {
  // makeEntry reads files with `head`: the whole file is checked, but only the part through the
  // closing `---` line becomes text. Whatever a file holds, that part must parse as the whole does.
  const tricky = [
    '---\na: 1\n---\nbody\n',
    '---\r\na: 1\r\n---\r\nbody\r\n',
    '\uFEFF---\na: 1\n--- \t\nbody',
    '---\na: 1\n...\nbody\n---\n',
    '---\na: 1\rb: 2\r---\rc: 3\n---\nbody\n',
    '---\na: "x\n---\n"\n---\n',
    '---\na: 1\n----\nb: 2\n---\n',
    '---\na: 1\n--- x\n---\n',
    '---\na: 1\n',
    '---\na: 1\n---',
    '---js\nmodule.exports = {}\n---\n',
    'no frontmatter\n---\n',
    '---\na: ü\n---\nbody ü\n',
    '---\na: 1\u2028---\nb: 2\n---\n',
  ];
  const corpus = [join(REPO_ROOT, 'test/fixtures/bad'), join(REPO_ROOT, 'data')].flatMap(filesUnder).map((f) => readFileSync(f));

  it('gives the same data, problems and lines as reading the whole file', () => {
    let checked = 0;
    for (const bytes of [...tricky.map((t) => Buffer.from(t)), ...corpus]) {
      const whole = decodeLedgerBytes('x.md', bytes);
      const head = decodeLedgerBytes('x.md', bytes, true);
      expect(head.problem, bytes.toString()).toEqual(whole.problem);
      if (whole.text === undefined) continue;
      expect(whole.text.startsWith(head.text!)).toBe(true);
      const a = parseRecordText(whole.text, 'x.md');
      const b = parseRecordText(head.text!, 'x.md');
      expect(b.data, whole.text).toEqual(a.data);
      expect(b.problems, whole.text).toEqual(a.problems);
      for (const key of Object.keys(a.data)) expect(b.lineOf([key])).toBe(a.lineOf([key]));
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('ends at the first closing line, and only there', () => {
    expect(frontmatterEnd(Buffer.from('---\na: 1\n---\nbody'))).toBe(13);
    expect(frontmatterEnd(Buffer.from('---\na: 1\n--- \r\nbody'))).toBe(15);
    expect(frontmatterEnd(Buffer.from('---\na: 1\n---'))).toBe(12);
    expect(frontmatterEnd(Buffer.from('---\na: 1\n----\n'))).toBe(-1);
    expect(frontmatterEnd(Buffer.from('---\na: 1\n'))).toBe(-1);
  });
});
