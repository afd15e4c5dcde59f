/**
 * Everything crisp prints goes through here. Data to stdout, talk to stderr; colour only on a TTY
 * and never with NO_COLOR; tables aligned on a TTY and tab-separated when piped; ledger text is
 * never printed raw (control characters are escaped).
 */
import { CrispError } from '../errors.js';

export interface Column {
  key: string;
  header: string;
  align?: 'left' | 'right';
}

export interface Table {
  columns: Column[];
  rows: Record<string, unknown>[];
  /** Colour for a cell on a terminal (never in pipes or with NO_COLOR). */
  style?: (row: Record<string, unknown>, key: string) => Style | undefined;
}

/** What a command hands back: the JSON for scripts and what a person reads. */
export interface Output {
  json: unknown;
  /** stdout for people: lines of text, or a table. */
  human?: string | Table;
  /** stderr lines: warnings and notes (e.g. what was committed). */
  notes?: string[];
  /** The command reports every record that does not parse itself (validate): no note that some were left out. */
  showsUnreadable?: boolean;
  exitCode?: 0 | 1;
}

export interface OutputOptions {
  json?: boolean;
  quiet?: boolean;
}

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Make ledger text safe for a terminal: control characters become visible escapes. */
export function escapeControl(s: string): string {
  return s.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '') && process.env.TERM !== 'dumb';
}

const ANSI = { red: [31, 39], yellow: [33, 39], green: [32, 39], dim: [2, 22], bold: [1, 22], cyan: [36, 39] } as const;
export type Style = keyof typeof ANSI;
export function paint(style: Style, s: string, stream: NodeJS.WriteStream = process.stdout): string {
  if (!useColor(stream)) return s;
  const [a, b] = ANSI[style];
  return `\u001b[${a}m${s}\u001b[${b}m`;
}

/** Any character a cell changes (control characters, and tabs and line breaks): most cells have none. */
const UNSAFE_IN_CELL = /[\u0000-\u001f\u007f-\u009f]/;

function cell(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map(cell).join(', ');
  const s = String(v);
  return UNSAFE_IN_CELL.test(s) ? escapeControl(s).replace(/[\t\n\r]/g, ' ') : s;
}

/** Terminal width of a string (no colour codes are in cells; wide characters are rare enough). */
const width = (s: string) => [...s].length;

export function renderTable(t: Table, tty = Boolean(process.stdout.isTTY)): string {
  const rows = t.rows.map((r) => t.columns.map((c) => cell(r[c.key])));
  if (!tty) return rows.map((r) => r.join('\t')).join('\n') + (rows.length ? '\n' : '');
  const widths = t.columns.map((c, i) => Math.max(width(c.header), ...rows.map((r) => width(r[i]!))));
  const line = (cells: string[], row?: Record<string, unknown>) =>
    cells
      .map((s, i) => {
        const pad = ' '.repeat(widths[i]! - width(s));
        const style = row && t.style?.(row, t.columns[i]!.key);
        const text = style ? paint(style, s) : s;
        return t.columns[i]!.align === 'right' ? pad + text : i === cells.length - 1 ? text : text + pad;
      })
      .join('  ')
      .trimEnd();
  return [paint('bold', line(t.columns.map((c) => c.header))), ...rows.map((r, i) => line(r, t.rows[i]))].join('\n') + '\n';
}

export function writeOutput(out: Output, opts: OutputOptions): void {
  if (opts.json) {
    process.stdout.write(JSON.stringify(out.json, null, 2) + '\n');
  } else if (out.human !== undefined) {
    const text = typeof out.human === 'string' ? out.human : renderTable(out.human);
    if (text) process.stdout.write(text.endsWith('\n') ? text : text + '\n');
  }
  if (!opts.quiet) for (const n of out.notes ?? []) process.stderr.write(escapeControl(n) + '\n');
}

/** The one place an error becomes text. */
export function writeError(err: unknown, opts: OutputOptions): number {
  if (err instanceof CrispError) {
    if (opts.json) {
      process.stdout.write(JSON.stringify({ error: { code: err.code, message: err.message, hint: err.hint ?? null, details: err.details } }, null, 2) + '\n');
    }
    const lines = [`${paint('red', 'error', process.stderr)}: ${escapeControl(err.message)}`];
    for (const d of err.details) lines.push(`  ${escapeControl(d)}`);
    if (err.hint) lines.push(`${paint('dim', 'hint', process.stderr)}: ${escapeControl(err.hint)}`);
    process.stderr.write(lines.join('\n') + '\n');
    return err.exitCode;
  }
  const e = err as Error;
  process.stderr.write(`error: crisp failed unexpectedly: ${escapeControl(e?.message ?? String(err))}\n`);
  if (process.env.CRISP_DEBUG) process.stderr.write(`${e?.stack ?? ''}\n`);
  else process.stderr.write('hint: this is a bug in crisp; run again with CRISP_DEBUG=1 for details and report it\n');
  return 1;
}

/** A record for people: `key: value` lines, then the body. */
export function recordText(data: Record<string, unknown>, body?: string): string {
  const lines: string[] = [];
  for (const [k, v] of Object.entries(data)) {
    if (v === undefined) continue;
    if (Array.isArray(v) && v.some((x) => x && typeof x === 'object')) {
      lines.push(`${k}:`);
      for (const item of v) lines.push(`  - ${inline(item)}`);
    } else lines.push(`${k}: ${v && typeof v === 'object' && !Array.isArray(v) ? inline(v, true) : inline(v)}`);
  }
  if (body?.trim()) lines.push('', escapeControl(body.trimEnd()));
  return lines.join('\n');
}

function inline(v: unknown, nested = false): string {
  if (Array.isArray(v)) return nested ? `[${v.map((x) => inline(x, true)).join(', ')}]` : v.map((x) => inline(x, true)).join(', ');
  if (v && typeof v === 'object') {
    const inner = Object.entries(v).map(([k, x]) => `${k}: ${inline(x, true)}`).join(', ');
    return nested ? `{ ${inner} }` : inner;
  }
  // A value is one line here: a newline in it is shown as \n, so text cannot pose as another field.
  return escapeControl(String(v)).replace(/\r?\n/g, '\\n');
}
