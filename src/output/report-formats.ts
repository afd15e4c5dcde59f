/**
 * The other shapes a report takes besides the terminal table and JSON: CSV for spreadsheets,
 * Markdown for pull requests and wikis, and unicode bar charts for a terminal.
 */
import { escapeControl } from './index.js';

type Row = Record<string, unknown>;

function flat(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map(flat).join('; ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** RFC 4180: a header of the keys, one line per row; quotes where a cell needs them. */
export function csvText(keys: readonly string[], rows: readonly Row[]): string {
  const cell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return [keys.join(','), ...rows.map((r) => keys.map((k) => cell(flat(r[k]))).join(','))].join('\r\n') + '\r\n';
}

/** A GitHub-flavoured Markdown table; pipes and control characters in cells are escaped. */
export function markdownTable(columns: readonly { key: string; header: string; align?: 'left' | 'right' }[], rows: readonly Row[]): string {
  const cell = (v: unknown) => escapeControl(flat(v)).replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
  return [
    `| ${columns.map((c) => c.header).join(' | ')} |`,
    `| ${columns.map((c) => (c.align === 'right' ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${columns.map((c) => cell(r[c.key])).join(' | ')} |`),
  ].join('\n') + '\n';
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A horizontal bar of unicode blocks, `width` cells for `max`. */
export function bar(value: number, max: number, width = 24): string {
  if (!(max > 0) || !(value > 0)) return '';
  const eighths = Math.max(1, Math.round((value / max) * width * 8));
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8]!;
}
