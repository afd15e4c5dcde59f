/**
 * The frontmatter codec: markdown files with a YAML map between `---` lines.
 *
 * Parsing YAML is a security boundary (DESIGN.md §2): YAML 1.2 core schema only (dates stay strings),
 * warnings are errors (an unknown tag like `!!js/function` only warns and silently becomes a string),
 * anchors/aliases are refused, as are non-finite numbers, control characters and non-map frontmatter.
 * gray-matter's `---js` / `---javascript` engines have no equivalent here: any word after the opening
 * `---` is refused, so frontmatter can never run code.
 *
 * Editing never re-serialises the document: `editFrontmatter` splices new text into the changed
 * node's source range, so comments, key order, quoting and the body stay byte-for-byte.
 */
import { LineCounter, parseDocument, isAlias, isMap, isScalar, isSeq, visit, stringify, isCollection } from 'yaml';
import type { Document, Node as YamlNode, Pair, YAMLMap, YAMLSeq } from 'yaml';
import jsYaml from 'js-yaml';
import { problem, type Problem } from '../model/problems.js';
import { parseSubset, subsetLineOf } from './yaml-subset.js';

export const MAX_FILE_BYTES = 256 * 1024;

export interface ParsedRecord {
  data: Record<string, unknown>;
  body: string;
  /** Returns the 1-based file line of a field path (the deepest part that exists). */
  lineOf: (path: readonly (string | number)[]) => number;
  problems: Problem[];
}

interface Split {
  bom: string;
  crlf: boolean;
  /** The opening line, e.g. `---`, plus its newline. */
  open: string;
  frontmatter: string;
  /** The closing line and everything after it. */
  rest: string;
  body: string;
}

// C0 controls and DEL, except TAB, LF and CR (DESIGN.md §6).
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function splitFile(text: string): Split | { error: string; code: string; line: number } {
  let bom = '';
  if (text.startsWith('\uFEFF')) {
    bom = '\uFEFF';
    text = text.slice(1);
  }
  const crlf = text.includes('\r\n');
  if (crlf) text = text.replace(/\r\n/g, '\n');
  const firstEnd = text.indexOf('\n');
  const first = (firstEnd === -1 ? text : text.slice(0, firstEnd)).trimEnd();
  if (first !== '---') {
    if (/^---\s*\S/.test(first)) {
      return {
        code: 'frontmatter-engine',
        line: 1,
        error: `frontmatter language "${first.slice(3).trim().slice(0, 20)}" is not allowed (only plain YAML)`,
      };
    }
    return { code: 'no-frontmatter', line: 1, error: 'file does not start with a `---` frontmatter line' };
  }
  const open = text.slice(0, firstEnd + 1);
  const after = text.slice(firstEnd + 1);
  const close = /^(?:---|\.\.\.)[ \t]*$/m.exec(after);
  if (!close) return { code: 'no-frontmatter-end', line: 1, error: 'frontmatter has no closing `---` line' };
  const frontmatter = after.slice(0, close.index);
  const rest = after.slice(close.index);
  const nl = rest.indexOf('\n');
  const body = nl === -1 ? '' : rest.slice(nl + 1);
  return { bom, crlf, open, frontmatter, rest, body };
}

function joinFile(s: Split, frontmatter: string, rest = s.rest): string {
  let out = s.open + frontmatter + rest;
  if (s.crlf) out = out.replace(/\n/g, '\r\n');
  return s.bom + out;
}

const PARSE_OPTIONS = { version: '1.2', schema: 'core', uniqueKeys: true, prettyErrors: false } as const;

/** Parse a ledger file. Never throws for bad content: everything wrong comes back as problems. */
export function parseRecordText(text: string, path: string): ParsedRecord {
  const problems: Problem[] = [];
  const fail = (code: string, line: number, message: string, hint: string): ParsedRecord => {
    problems.push(problem('error', path, line, code, message, hint));
    return { data: {}, body: '', lineOf: () => line, problems };
  };
  if (text.length > MAX_FILE_BYTES) {
    return fail('file-too-large', 1, `file is larger than ${MAX_FILE_BYTES / 1024} KiB`, 'move long prose out of the ledger, or split the record');
  }
  const split = splitFile(text);
  if ('error' in split) {
    const hint = split.code === 'frontmatter-engine'
      ? 'start the file with a plain `---` line; crisp never evaluates frontmatter as code'
      : 'a record is `---`, YAML fields, `---`, then the markdown body';
    return fail(split.code, split.line, split.error, hint);
  }
  const parsed = parseYamlMap(split.frontmatter, path, 2);
  return { data: parsed.data, body: split.body, lineOf: parsed.lineOf, problems: parsed.problems };
}

/** Lists and maps inside each other: real records use four or five levels. */
export const MAX_NESTING = 64;

/**
 * The 0-based line where flow collections (`[`, `{`) or block indentation go deeper than
 * MAX_NESTING, or undefined. A bracket or quote counts only where YAML would start a value with
 * it (after `: `, `- `, `[`, `{`, `,` or at a line's start), so `it's` or `see [1` in prose never
 * does; comments are skipped. Absurd input is caught here, whatever a thread's stack could take.
 */
function tooDeepLine(src: string): number | undefined {
  let depth = 0;
  let line = 0;
  let quote = '';
  let prev = '\n'; // the last character that was not a space
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quote) {
      if (c === '\n') line++;
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) {
        quote = '';
        prev = c;
      }
      continue;
    }
    if (c === '\n') {
      line++;
      prev = '\n';
      let indent = 0;
      while (src[i + 1 + indent] === ' ') indent++;
      // Two spaces (or a "- ") per block level.
      if (indent > 2 * MAX_NESTING) return line;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') continue;
    const valueStart = prev === '\n' || prev === ':' || prev === '-' || prev === '[' || prev === '{' || prev === ',';
    if (c === '#' && (i === 0 || /\s/.test(src[i - 1]!))) {
      const end = src.indexOf('\n', i);
      if (end === -1) break;
      i = end - 1;
      continue;
    }
    if (valueStart && (c === '"' || c === "'")) quote = c;
    else if (valueStart && (c === '[' || c === '{')) {
      if (++depth > MAX_NESTING) return line;
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
    prev = c;
  }
  return undefined;
}

/**
 * The line of a top-level key, found without building a document: the one line that starts with
 * the key (bare or quoted) and a colon. Undefined when no line or more than one does (a long
 * value can wrap onto a line that looks like a key): then the full parser says.
 */
function topKeyLine(src: string, key: string, firstLine: number): number | undefined {
  let found: number | undefined;
  let line = 0;
  for (let at = 0; at <= src.length; line++) {
    const end = src.indexOf('\n', at);
    const text = src.slice(at, end === -1 ? src.length : end);
    for (const form of [key, `"${key}"`, `'${key}'`]) {
      if (text.startsWith(form) && /^[ \t]*:(?:[ \t]|\r?$)/.test(text.slice(form.length))) {
        if (found !== undefined) return undefined;
        found = firstLine + line;
      }
    }
    if (end === -1) break;
    at = end + 1;
  }
  return found;
}

/**
 * The file line of a top-level frontmatter key, by a line scan of the file's text (topKeyLine)
 * instead of a parse: undefined when the file does not split into frontmatter and body, or the
 * scan is unsure.
 */
export function frontmatterKeyLine(text: string, key: string): number | undefined {
  const split = splitFile(text);
  return 'error' in split ? undefined : topKeyLine(split.frontmatter, key, 2);
}

export interface ParsedYaml {
  data: Record<string, unknown>;
  lineOf: (path: readonly (string | number)[]) => number;
  problems: Problem[];
}

/**
 * Parse a YAML map safely. `firstLine` is the file line of the text's first line (2 for
 * frontmatter, whose `---` is line 1). Never throws for bad content.
 */
export function parseYamlMap(src: string, path: string, firstLine = 1, what = 'frontmatter'): ParsedYaml {
  // What crisp writes itself is read by the cheapest parser, which knows every value's line.
  const subset = parseSubset(src);
  if (subset) return { data: subset.data, lineOf: subsetLineOf(subset, firstLine), problems: [] };
  // Nesting is capped before the general parsers run (the subset parser stops at 16 levels), so
  // the answer never depends on how deep a thread's stack happens to be (the main thread's and a
  // worker's differ).
  const deep = tooDeepLine(src);
  if (deep !== undefined) {
    const line = firstLine + deep;
    return { data: {}, lineOf: () => line, problems: [problem('error', path, line, 'yaml-syntax', 'values are nested too deeply', `a ledger value is at most ${MAX_NESTING} lists or maps deep`)] };
  }
  const fast = fastParse(src);
  if (fast) {
    let full: ParsedYaml | undefined;
    const fullLineOf = (p: readonly (string | number)[]) => (full ??= fullParse(src, path, firstLine, what)).lineOf(p);
    return { data: fast, lineOf: (p) => (p.length === 1 && typeof p[0] === 'string' ? topKeyLine(src, p[0], firstLine) : undefined) ?? fullLineOf(p), problems: [] };
  }
  return fullParse(src, path, firstLine, what);
}

/**
 * The fast path, chosen by measurement (bench/README.md): js-yaml with its CORE_SCHEMA (YAML 1.2
 * core: no timestamps, no functions) parses ~10x faster than the `yaml` package. It is used only
 * for text that cannot hold an anchor, alias, tag, complex key or YAML 1.1 binary int (no `&x`,
 * `*x`, `!x`, `? ` or `0b1` after a space or flow indicator), and only when the result is a plain map of finite
 * numbers and clean strings. Anything else, and any error, goes to the full parser below, which
 * applies every rule and reports the precise message and line. A test checks both agree.
 */
const MAYBE_SPECIAL = /(?:^|[\s[{,:])(?:[&*!]\S|\?(?:\s|$)|[-+]?0b[01]|[-+]0[xo])|[\]}][ \t]*:(?:[ \t]|$)|(?:^|\s)-[ \t]+-(?:[ \t]|$)|^(?:---|\.\.\.)/m;

/**
 * Strings the YAML 1.2 core schema would read as null, a boolean or a number when unquoted. js-yaml
 * reads some of them differently (`+.5`, `+1e400` stay strings; `[a]: x` becomes key `a`; `- -`
 * nests the next item; `---a: x` is a document marker to it), so a
 * fast result holding one goes to the full parser, which decides (found by the differential test).
 */
const CORE_NON_STRING =
  /^(?:~|[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))?$/;

/** Keys that would reach an object's prototype machinery in plain JS code: never ledger fields. */
export const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Whether a quoted scalar starts on some line and does not end on it. js-yaml accepts a quoted
 * scalar whose continuation lines are not indented, which YAML (and the full parser) refuses.
 */
function quoteSpansLines(src: string): boolean {
  if (!/['"]/.test(src)) return false;
  for (const line of src.split('\n')) {
    // A quoted scalar starts at the line's start, or after `: `, `- `, `[`, `{` or `,`.
    const start = /(?:^|[:\-][ \t]|[[{,])[ \t]*(['"])/g;
    let m: RegExpExecArray | null;
    let from = 0;
    while ((m = start.exec(line))) {
      if (m.index < from) continue;
      const q = m[1]!;
      let i = m.index + m[0].length;
      let closed = false;
      for (; i < line.length; i++) {
        if (q === '"' && line[i] === '\\') i++;
        else if (line[i] === q) {
          if (q === "'" && line[i + 1] === "'") i++;
          else {
            closed = true;
            break;
          }
        }
      }
      if (!closed) return true;
      from = i + 1;
      start.lastIndex = from;
    }
  }
  return false;
}

/** The guarded js-yaml path (exported for bench/parsers.mjs). */
export function fastParse(src: string): Record<string, unknown> | undefined {
  if (MAYBE_SPECIAL.test(src) || quoteSpansLines(src)) return undefined;
  let value: unknown;
  try {
    value = jsYaml.load(src, { schema: jsYaml.CORE_SCHEMA });
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return plainValues(value) ? (value as Record<string, unknown>) : undefined;
}

function plainValues(v: unknown): boolean {
  if (typeof v === 'string') return !CONTROL.test(v) && !CORE_NON_STRING.test(v);
  if (typeof v === 'number') return Number.isFinite(v);
  if (v === null || typeof v === 'boolean') return true;
  if (Array.isArray(v)) return v.every(plainValues);
  if (typeof v === 'object') {
    return Object.entries(v as object).every(([k, x]) => !CONTROL.test(k) && !CORE_NON_STRING.test(k) && !RESERVED_KEYS.has(k) && !k.includes(',') && plainValues(x));
  }
  return false;
}

/** The tags of the YAML 1.2 core schema; `yaml` also resolves `!!binary` and others, refused here. */
const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

/** One problem per line and code, at most 10 per file (an alias bomb is one mistake, not 90). */
function fewProblems(problems: Problem[], max = 10): Problem[] {
  const seen = new Set<string>();
  const out = problems.filter((p) => {
    const key = `${p.line} ${p.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (out.length <= max) return out;
  const last = out[max - 1]!;
  return [...out.slice(0, max - 1), { ...last, message: `${last.message} (and ${out.length - max} more problems in this file)` }];
}

/** The full parser alone: every rule, every message and line (tests hold the faster parsers to it). */
export function fullParse(src: string, path: string, firstLine = 1, what = 'frontmatter'): ParsedYaml {
  const problems: Problem[] = [];
  // An error at the very end (an unclosed bracket) points at the last line that has text.
  const lastLine = firstLine + src.replace(/\n+$/, '').split('\n').length - 1;
  const lineFor = (lc: LineCounter, offset: number) => Math.min(lc.linePos(offset).line + firstLine - 1, lastLine);
  const lc = new LineCounter();
  const doc = parseDocument(src, { ...PARSE_OPTIONS, lineCounter: lc });
  for (const e of [...doc.errors, ...doc.warnings]) {
    const line = lineFor(lc, e.pos[0]);
    let first = e.message.split('\n')[0] ?? e.message;
    // The parser catches its own stack overflow on absurd nesting and reports it as an error.
    if (/call stack/i.test(first)) first = 'values are nested too deeply';
    const isTab = /tab/i.test(first);
    const code = isTab ? 'yaml-tab' : e.code === 'DUPLICATE_KEY' ? 'yaml-duplicate-key' : e.code === 'TAG_RESOLVE_FAILED' ? 'yaml-tag' : 'yaml-syntax';
    const hint = isTab
      ? 'indent with spaces; YAML does not allow tabs for indentation'
      : code === 'yaml-duplicate-key'
        ? 'keep one of the two keys'
        : code === 'yaml-tag'
          ? 'remove the `!` tag; ledger values are plain strings, numbers, lists and maps'
          : 'fix the YAML at that line (quote values that contain `: ` or start with a special character)';
    problems.push(problem('error', path, line, code, first, hint));
  }
  if (problems.length) return { data: {}, lineOf: () => firstLine, problems: fewProblems(problems) };

  visit(doc, {
    Node(_key, node) {
      const n = node as YamlNode & { anchor?: string; range?: [number, number, number] };
      const line = n.range ? lineFor(lc, n.range[0]) : 1;
      if (isAlias(n)) {
        problems.push(problem('error', path, line, 'yaml-alias', 'aliases (`*name`) are not allowed in a ledger', 'write the value out in full'));
        return visit.SKIP;
      }
      if (n.anchor) {
        problems.push(problem('error', path, line, 'yaml-anchor', 'anchors (`&name`) are not allowed in a ledger', 'remove the anchor and write values out in full'));
      }
      if (n.tag && !CORE_TAGS.has(n.tag)) {
        problems.push(problem('error', path, line, 'yaml-tag', `tag ${n.tag} is not allowed`, 'remove the tag'));
      }
      if (isScalar(n)) {
        const v = n.value;
        if (typeof v === 'number' && !Number.isFinite(v)) {
          problems.push(problem('error', path, line, 'yaml-number', 'number is not finite (.nan, .inf or too large)', 'write a finite number'));
        } else if (typeof v === 'string' && CONTROL.test(v)) {
          problems.push(problem('error', path, line, 'control-character', 'value contains a control character', 'remove control characters (only tab and newline are allowed)'));
        }
      }
      return undefined;
    },
    Pair(_key, pair) {
      const k = (pair as Pair).key;
      if (k !== null && !isScalar(k)) {
        const range = (k as YamlNode).range;
        problems.push(problem('error', path, range ? lineFor(lc, range[0]) : 1, 'yaml-key', 'map keys must be plain words', 'use a plain `key: value`'));
      } else if (isScalar(k) && RESERVED_KEYS.has(String(k.value))) {
        problems.push(problem('error', path, k.range ? lineFor(lc, k.range[0]) : 1, 'yaml-key', `"${String(k.value)}" is not allowed as a field name`, 'rename the field; __proto__, constructor and prototype are reserved'));
      }
      return undefined;
    },
  });
  if (problems.length) return { data: {}, lineOf: () => firstLine, problems: fewProblems(problems) };
  if (!isMap(doc.contents)) {
    problems.push(problem('error', path, firstLine, 'not-a-map', `${what} is not a map of \`key: value\` fields`, 'write one `key: value` per line'));
    return { data: {}, lineOf: () => firstLine, problems };
  }
  const data = doc.toJS({ maxAliasCount: 0 }) as Record<string, unknown>;
  const lineOf = (fieldPath: readonly (string | number)[]) => {
    let node: unknown = doc.contents;
    let offset = 0;
    for (const part of fieldPath) {
      if (isMap(node)) {
        const pair = (node as YAMLMap).items.find((p) => isScalar(p.key) && String(p.key.value) === String(part));
        if (!pair) break;
        offset = (pair.key as YamlNode).range?.[0] ?? offset;
        node = pair.value;
        if (node && (node as YamlNode).range && !isCollection(node)) offset = (pair.key as YamlNode).range?.[0] ?? offset;
      } else if (isSeq(node)) {
        const item = (node as YAMLSeq).items[Number(part)] as YamlNode | undefined;
        if (!item) break;
        offset = item.range?.[0] ?? offset;
        node = item;
      } else break;
    }
    return lineFor(lc, offset);
  };
  return { data, lineOf, problems };
}



// ---------------------------------------------------------------------------------------------
// Writing

const SCALAR_OPTIONS = { lineWidth: 0, minContentWidth: 0, version: '1.2', schema: 'core' } as const;

/** A value as one line of YAML: scalars plain where safe, collections in flow style. */
export function flowText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flowText).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (!entries.length) return '{}';
    return `{ ${entries.map(([k, v]) => `${keyText(k)}: ${flowText(v)}`).join(', ')} }`;
  }
  if (typeof value === 'string') {
    // In a flow collection `,` `[` `]` `{` `}` end a plain scalar, so quote those.
    // Only the newline stringify adds is cut: trimEnd() would also eat a trailing no-break space,
    // U+2028 or U+3000 that belongs to the value (found by the write-then-read property test).
    const plain = stringify(value, SCALAR_OPTIONS).replace(/\n$/, '');
    if (/^[|>]/.test(plain) || plain.includes('\n') || /[,[\]{}#]/.test(value) || /: |:$/.test(value) || /^\s|\s$|[\u0085\u2028\u2029\ufeff]/.test(value)) {
      return JSON.stringify(value);
    }
    return plain;
  }
  if (value === null || value === undefined) return 'null';
  return String(value);
}

function keyText(k: string): string {
  // `true`, `Null` and the like would read back as another key ("true", ""), so they are quoted.
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) && !CORE_NON_STRING.test(k) ? k : JSON.stringify(k);
}

/** `key: value` lines as crisp writes them: lists of maps as block lists of one-line maps. */
export function fieldText(key: string, value: unknown): string {
  if (Array.isArray(value) && value.length > 0 && value.some((v) => v !== null && typeof v === 'object')) {
    return `${keyText(key)}:\n${value.map((v) => `  - ${flowText(v)}\n`).join('')}`;
  }
  return `${keyText(key)}: ${flowText(value)}\n`;
}

/** A new record file: frontmatter in the given key order, then the body. */
export function serializeRecord(data: Record<string, unknown>, body = ''): string {
  const fields = Object.entries(data)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => fieldText(k, v))
    .join('');
  return `---\n${fields}---\n${body}`;
}

export type Edit =
  | { op: 'set'; key: string; value: unknown }
  | { op: 'append'; key: string; item: unknown }
  | { op: 'delete'; key: string }
  | { op: 'body'; body: string };

const lineStart = (s: string, i: number) => s.lastIndexOf('\n', i - 1) + 1;
const lineEnd = (s: string, i: number) => {
  const n = s.indexOf('\n', i);
  return n === -1 ? s.length : n + 1;
};

function topPair(doc: Document, key: string): Pair<YamlNode, YamlNode | null> | undefined {
  const map = doc.contents as YAMLMap<YamlNode, YamlNode | null>;
  return map.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
}

function applyEdit(fm: string, edit: Exclude<Edit, { op: 'body' }>): string {
  const doc = parseDocument(fm, PARSE_OPTIONS);
  if (doc.errors.length || !(isMap(doc.contents) || doc.contents === null)) {
    throw new Error('cannot edit a record whose frontmatter does not parse');
  }
  const pair = doc.contents ? topPair(doc, edit.key) : undefined;
  const appendField = (text: string) => (fm === '' || fm.endsWith('\n') ? fm : fm + '\n') + text;
  if (!pair) {
    if (edit.op === 'delete') return fm;
    return appendField(fieldText(edit.key, edit.op === 'set' ? edit.value : [edit.item]));
  }
  const keyRange = (pair.key as YamlNode).range!;
  const value = pair.value;
  const valueRange = value?.range;
  // Block collections and block scalars (`|`, `>`) own whole lines, down to their last newline.
  const blockScalar = isScalar(value) && (value.type === 'BLOCK_LITERAL' || value.type === 'BLOCK_FOLDED');
  const isBlock = (value && isCollection(value) && !(value as YAMLSeq).flow) || blockScalar;
  // The pair's lines: from the key's line to the end of the line where its value ends.
  const pairStart = lineStart(fm, keyRange[0]);
  const valueEnd = valueRange ? valueRange[1] : keyRange[1];
  const pairEnd = lineEnd(fm, Math.max(valueEnd - 1, keyRange[1]));

  if (edit.op === 'delete') return fm.slice(0, pairStart) + fm.slice(pairEnd);

  if (edit.op === 'append' && value && isSeq(value) && valueRange) {
    const seq = value as YAMLSeq<YamlNode>;
    if (!seq.flow && seq.items.length) {
      const indent = ' '.repeat(valueRange[0] - lineStart(fm, valueRange[0]));
      const last = seq.items[seq.items.length - 1]!;
      const at = lineEnd(fm, Math.max((last.range?.[1] ?? valueRange[1]) - 1, 0));
      const prefix = at > 0 && fm[at - 1] !== '\n' ? '\n' : '';
      return fm.slice(0, at) + `${prefix}${indent}- ${flowText(edit.item)}\n` + fm.slice(at);
    }
    if (seq.flow) {
      const close = fm.lastIndexOf(']', valueRange[1]);
      const inner = fm.slice(valueRange[0] + 1, close);
      const sep = inner.trim() === '' ? '' : inner.trimEnd().endsWith(',') ? ' ' : ', ';
      const before = inner.trim() === '' ? '' : fm.slice(valueRange[0] + 1, close).trimEnd();
      return fm.slice(0, valueRange[0] + 1) + before + sep + flowText(edit.item) + fm.slice(close);
    }
  }
  const newValue = edit.op === 'set' ? edit.value : [...((value ? (doc.get(edit.key) as YAMLSeq)?.toJSON?.() : []) ?? []), edit.item];
  const whole = fieldText(edit.key, newValue);
  const oneLine = !whole.slice(0, -1).includes('\n');
  if (oneLine && value && valueRange && !isBlock) {
    // Replace only the value: the key, spacing and a trailing comment stay as written.
    return fm.slice(0, valueRange[0]) + whole.slice(whole.indexOf(': ') + 2, -1) + fm.slice(valueRange[1]);
  }
  // Keep anything after the value on its last line (a comment) only when it was a one-line value.
  return fm.slice(0, pairStart) + whole + fm.slice(pairEnd);
}

/** Apply edits to a record file's text, touching nothing else. */
export function editFrontmatter(text: string, edits: readonly Edit[]): string {
  const split = splitFile(text);
  if ('error' in split) throw new Error(split.error);
  let fm = split.frontmatter;
  let rest = split.rest;
  for (const edit of edits) {
    if (edit.op === 'body') {
      const nl = rest.indexOf('\n');
      rest = (nl === -1 ? rest + '\n' : rest.slice(0, nl + 1)) + edit.body;
    } else {
      fm = applyEdit(fm, edit);
    }
  }
  return joinFile(split, fm, rest);
}

