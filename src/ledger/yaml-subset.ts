/**
 * A parser for the part of YAML that crisp itself writes (codec.ts `fieldText`), and that nearly
 * every ledger file therefore holds: a top-level map of `key: value` lines, block lists of one-line
 * items, flow maps and lists on one line, plain, double- and single-quoted scalars.
 *
 * It is the first of the codec's three parsers because it is the cheapest (bench/README.md): it
 * reads a lead's frontmatter several times faster than js-yaml, and knows each value's line without
 * a second parse. It accepts a text only when it is sure what the YAML 1.2 core schema makes of it;
 * at anything else (an indented comment, an anchor, a tag, a multi-line scalar, a nested block
 * map, a tab, a number it does not spell, a duplicate key) it answers `undefined`, and the codec
 * hands the text to the guarded js-yaml path and, failing that, to the full `yaml` parser, which
 * applies every rule and gives every message. A property test holds it to the full parser's data
 * and lines on generated text (test/ledger/properties.test.ts).
 */

/** What the subset parser read: the data, and the 0-based line of each top-level key and block item. */
export interface SubsetParse {
  data: Record<string, unknown>;
  keyLine: Map<string, number>;
  itemLines: Map<string, number[]>;
}

/** Deeper flow collections are rare enough to leave to the other parsers. */
const MAX_DEPTH = 16;

// Character codes.
const NL = 10;
const SPACE = 32;
const HASH = 35;
const DQ = 34;
const SQ = 39;
const COMMA = 44;
const DASH = 45;
const COLON = 58;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;

/** Thrown (and caught in parseSubset) when the text leaves the subset. */
const OUT = new Error('outside the subset');

/** A key is a word, `[A-Za-z_][A-Za-z0-9_-]*`: a string in every YAML reading except `true`, `null` and the like, refused below. */
function isKeyChar(c: number, first: boolean): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (!first && ((c >= 48 && c <= 57) || c === DASH));
}
/** Plain words the core schema reads as null or a boolean, which are never keys here. */
const NOT_A_KEY = /^(?:[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Characters this parser never accepts in text: C0 controls and DEL except TAB and LF (refused in
 * values, DESIGN.md §6), TAB itself (indentation and separation rules differ around it), CR
 * (line ends are normalised before parsing), and the characters YAML or its parsers may treat as
 * line breaks, byte order marks or spaces (NEL, U+2028, U+2029, U+FEFF).
 */
const UNSURE_CHAR = /[\u0000-\u0009\u000b-\u001f\u007f\u0085\u2028\u2029\ufeff]/;

/**
 * What a plain scalar means in the YAML 1.2 core schema, for the spellings this parser is sure of;
 * OUT for any other spelling the core schema does not read as a string.
 */
const MAYBE_NOT_STRING =
  /^(?:~|[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const SAFE_INT = /^-?(?:0|[1-9][0-9]{0,14})$/;
const SAFE_DECIMAL = /^-?(?:0|[1-9][0-9]{0,14})\.[0-9]{1,15}$/;

/** n, t or f in either case: how null, true and false begin, the words that may be no string. */
function nullOrBoolInitial(c: number): boolean {
  const lower = c | 32;
  return lower === 110 || lower === 116 || lower === 102;
}

function resolvePlain(text: string): unknown {
  // A word starting with a letter other than n, t, f (any case) is a string: the pattern needs no asking.
  const c = text.charCodeAt(0);
  const lower = c | 32;
  if (lower >= 97 && lower <= 122 && !nullOrBoolInitial(c)) return text;
  if (!MAYBE_NOT_STRING.test(text)) return text;
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null') return null;
  if ((SAFE_INT.test(text) && text !== '-0') || SAFE_DECIMAL.test(text)) return Number(text);
  throw OUT;
}

/** Characters YAML reads as an indicator at the start of a plain scalar. */
const INDICATOR = new Uint8Array(128);
for (const ch of '-?:,[]{}#&*!|>\'"%@`') INDICATOR[ch.charCodeAt(0)] = 1;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

class Reader {
  i = 0;
  line = 0;
  constructor(readonly src: string) {}

  code(at = this.i): number {
    return at < this.src.length ? this.src.charCodeAt(at) : -1;
  }

  skipSpaces(): void {
    const src = this.src;
    let i = this.i;
    while (src.charCodeAt(i) === SPACE) i++;
    this.i = i;
  }

  /**
   * Spaces and a comment (` # ...`), then the end of the line (consumed) or of the text; anything
   * else leaves the subset.
   */
  endOfLine(): void {
    this.skipSpaces();
    let c = this.code();
    if (c === HASH && this.src.charCodeAt(this.i - 1) === SPACE) {
      const nl = this.src.indexOf('\n', this.i);
      this.i = nl === -1 ? this.src.length : nl;
      c = this.code();
    }
    if (c === NL) {
      this.i++;
      this.line++;
    } else if (c !== -1) throw OUT;
  }

  /** A key made of word characters, or a double-quoted one (inside flow maps). */
  key(quotedAllowed: boolean): string {
    const src = this.src;
    const start = this.i;
    let k: string;
    if (quotedAllowed && this.code() === DQ) {
      k = this.doubleQuoted();
      if (k === '' || k.includes(',')) throw OUT;
    } else {
      if (!isKeyChar(src.charCodeAt(start), true)) throw OUT;
      let i = start + 1;
      while (isKeyChar(src.charCodeAt(i), false)) i++;
      this.i = i;
      k = src.slice(start, i);
      if (nullOrBoolInitial(src.charCodeAt(start)) && NOT_A_KEY.test(k)) throw OUT;
    }
    if (RESERVED.has(k) || this.code() !== COLON) throw OUT;
    this.i++;
    return k;
  }

  /** A value that ends on this line: a flow collection, a quoted scalar or a plain one. */
  value(flow: boolean, depth: number): unknown {
    const c = this.code();
    if (c === LBRACE) return this.flowMap(depth + 1);
    if (c === LBRACKET) return this.flowList(depth + 1);
    if (c === DQ) return this.doubleQuoted();
    if (c === SQ) return this.singleQuoted();
    return this.plain(flow);
  }

  flowMap(depth: number): Record<string, unknown> {
    if (depth > MAX_DEPTH) throw OUT;
    this.i++;
    const out: Record<string, unknown> = {};
    this.skipSpaces();
    if (this.code() === RBRACE) {
      this.i++;
      return out;
    }
    for (;;) {
      const k = this.key(true);
      // `{a:b}` is one key to YAML; crisp writes `{ a: b }`.
      if (this.code() !== SPACE) throw OUT;
      this.skipSpaces();
      if (Object.prototype.hasOwnProperty.call(out, k)) throw OUT;
      out[k] = this.value(true, depth);
      this.skipSpaces();
      const c = this.code();
      this.i++;
      if (c === RBRACE) return out;
      if (c !== COMMA) throw OUT;
      this.skipSpaces();
      if (this.code() === RBRACE) throw OUT; // a trailing comma: valid, but left to the others
    }
  }

  flowList(depth: number): unknown[] {
    if (depth > MAX_DEPTH) throw OUT;
    this.i++;
    const out: unknown[] = [];
    this.skipSpaces();
    if (this.code() === RBRACKET) {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.value(true, depth));
      this.skipSpaces();
      const c = this.code();
      this.i++;
      if (c === RBRACKET) return out;
      // A `:` here would make the item a one-pair map.
      if (c !== COMMA) throw OUT;
      this.skipSpaces();
      if (this.code() === RBRACKET) throw OUT;
    }
  }

  doubleQuoted(): string {
    const src = this.src;
    const start = ++this.i;
    const close = src.indexOf('"', start);
    const nl = src.indexOf('\n', start);
    // A scalar that goes on to the next line is left to the others.
    if (close === -1 || (nl !== -1 && nl < close)) throw OUT;
    const slash = src.indexOf('\\', start);
    if (slash === -1 || slash > close) {
      this.i = close + 1;
      return src.slice(start, close);
    }
    let out = '';
    let from = start;
    for (;;) {
      const c = this.code();
      if (c === DQ) break;
      if (c === -1 || c === NL) throw OUT;
      if (c === BACKSLASH) {
        out += src.slice(from, this.i);
        const e = src[this.i + 1];
        if (e === '"' || e === '\\' || e === '/') out += e;
        else if (e === 'n') out += '\n';
        else if (e === 't') out += '\t';
        else if (e === 'u') {
          const hex = src.slice(this.i + 2, this.i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw OUT;
          const n = parseInt(hex, 16);
          const ch = String.fromCharCode(n);
          if ((n >= 0xd800 && n <= 0xdfff) || (n !== 9 && n !== 10 && UNSURE_CHAR.test(ch))) throw OUT;
          out += ch;
          this.i += 4;
        } else throw OUT;
        this.i += 2;
        from = this.i;
        continue;
      }
      this.i++;
    }
    out += src.slice(from, this.i);
    this.i++;
    return out;
  }

  singleQuoted(): string {
    const src = this.src;
    let out = '';
    let from = ++this.i;
    for (;;) {
      const at = src.indexOf("'", this.i);
      const nl = src.indexOf('\n', this.i);
      if (at === -1 || (nl !== -1 && nl < at)) throw OUT;
      if (src.charCodeAt(at + 1) === SQ) {
        out += src.slice(from, at + 1);
        this.i = from = at + 2;
        continue;
      }
      out += src.slice(from, at);
      this.i = at + 1;
      return out;
    }
  }

  /**
   * A plain scalar that ends on this line. In a flow collection it also ends at `,` `]` `}`, or at
   * a `:` before a space or one of those, and anywhere at a comment (` #`). A `: ` anywhere else,
   * or a first character that YAML reads as an indicator, leaves the subset.
   */
  plain(flow: boolean): unknown {
    const src = this.src;
    const n = src.length;
    const start = this.i;
    const first = this.code();
    if (first === -1 || first === NL || first === SPACE) throw OUT; // an empty value is null: left to the others
    if (first < 128 && INDICATOR[first] && !(first === DASH && isDigit(src.charCodeAt(start + 1)))) throw OUT;
    let end = start;
    let i = start;
    for (; i < n; i++) {
      const c = src.charCodeAt(i);
      if (c === SPACE) continue;
      if (c === NL) break;
      if (flow && (c === COMMA || c === RBRACKET || c === RBRACE || c === LBRACKET || c === LBRACE)) break;
      if (c === COLON) {
        const next = i + 1 < n ? src.charCodeAt(i + 1) : -1;
        if (next === -1 || next === NL || next === SPACE) {
          if (!flow) throw OUT;
          break;
        }
        if (flow && (next === COMMA || next === RBRACKET || next === RBRACE || next === LBRACKET || next === LBRACE)) throw OUT;
      }
      if (c === HASH && src.charCodeAt(i - 1) === SPACE) break; // a comment
      end = i + 1;
    }
    this.i = i;
    return resolvePlain(src.slice(start, end));
  }
}

/** Whether the line at `at` has only spaces before its end. */
function blankAt(src: string, at: number): boolean {
  while (src.charCodeAt(at) === SPACE) at++;
  return at >= src.length || src.charCodeAt(at) === NL;
}

/**
 * The text read as the YAML 1.2 core schema reads it, or undefined when it leaves the subset (see
 * the head of this file). Never throws.
 */
export function parseSubset(src: string): SubsetParse | undefined {
  if (UNSURE_CHAR.test(src)) return undefined;
  const r = new Reader(src);
  const data: Record<string, unknown> = {};
  const keyLine = new Map<string, number>();
  const itemLines = new Map<string, number[]>();
  try {
    while (r.i < src.length) {
      const c = r.code();
      if (c === NL || ((c === SPACE) && blankAt(src, r.i))) {
        r.endOfLine();
        continue;
      }
      if (c === HASH) {
        // A comment line. Anywhere else a `#` leaves the subset.
        const nl = src.indexOf('\n', r.i);
        r.i = nl === -1 ? src.length : nl;
        r.endOfLine();
        continue;
      }
      const keyAt = r.line;
      const k = r.key(false);
      if (keyLine.has(k)) return undefined;
      keyLine.set(k, keyAt);
      if (r.code() === SPACE) r.skipSpaces();
      const c2 = r.code();
      if (c2 !== NL && c2 !== -1 && !(c2 === HASH && src.charCodeAt(r.i - 1) === SPACE)) {
        if (src.charCodeAt(r.i - 1) !== SPACE) return undefined; // `a:b` is one plain word
        data[k] = r.value(false, 0);
        r.endOfLine();
        continue;
      }
      // `key:` alone on its line: a block list of one-line items follows, all at one indent.
      r.endOfLine();
      const items: unknown[] = [];
      const lines: number[] = [];
      let indent = -1;
      while (r.i < src.length) {
        let at = r.i;
        while (src.charCodeAt(at) === SPACE) at++;
        if (at >= src.length || src.charCodeAt(at) === NL) {
          r.i = at;
          r.endOfLine();
          continue;
        }
        if (src.charCodeAt(at) !== DASH || src.charCodeAt(at + 1) !== SPACE) break;
        if (indent === -1) indent = at - r.i;
        else if (at - r.i !== indent) return undefined;
        lines.push(r.line);
        r.i = at + 2;
        r.skipSpaces();
        items.push(r.value(false, 0));
        r.endOfLine();
      }
      // With no items the value is null, which the full parser reads the same; left to it.
      if (!items.length) return undefined;
      data[k] = items;
      itemLines.set(k, lines);
      // The next line must be a key at the first column, or the end.
    }
  } catch (e) {
    if (e === OUT) return undefined;
    throw e;
  }
  if (!keyLine.size) return undefined;
  return { data, keyLine, itemLines };
}

/**
 * The 1-based file line of a field path, as the full parser's lineOf gives it: the line of the
 * deepest part that exists; `firstLine` when the top-level key does not. Everything inside one
 * item or one flow value is on that item's or key's line.
 */
export function subsetLineOf(parse: SubsetParse, firstLine: number): (path: readonly (string | number)[]) => number {
  return (path) => {
    const top = path.length ? parse.keyLine.get(String(path[0])) : undefined;
    if (top === undefined) return firstLine;
    const items = path.length > 1 ? parse.itemLines.get(String(path[0])) : undefined;
    const item = items?.[Number(path[1])];
    return firstLine + (item ?? top);
  };
}
