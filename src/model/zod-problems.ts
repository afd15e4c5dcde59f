/** zod issues as validator problems: file line of the field, what was expected, what was found. */
import type { z } from 'zod';
import { problem, type Problem } from './problems.js';

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = data;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

function shown(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

export function zodProblems(
  error: z.ZodError,
  path: string,
  lineOf: (p: readonly (string | number)[]) => number,
  data: unknown,
): Problem[] {
  return error.issues.map((issue) => {
    const fieldPath = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const field = fieldPath.join('.') || '(record)';
    const found = valueAt(data, fieldPath);
    let message = issue.message;
    if (issue.code === 'invalid_value' && 'values' in issue) message = `expected one of ${(issue.values as unknown[]).join(', ')}`;
    const missing = found === undefined && issue.code === 'invalid_type';
    const text = missing ? `${field} is required` : `${field}: ${message} (found ${shown(found)})`;
    const hint = missing ? `add \`${String(fieldPath[fieldPath.length - 1] ?? field)}:\` to the frontmatter` : hintFor(issue);
    return problem('error', path, lineOf(fieldPath), missing ? 'missing-field' : issue.message.startsWith('expected an ISO') ? 'bad-date' : 'invalid-field', text, hint);
  });
}

function hintFor(issue: z.core.$ZodIssue): string {
  if (issue.message.startsWith('expected an ISO')) return 'write dates as YYYY-MM-DD (date-times as 2026-11-23T09:30:00Z)';
  if (issue.code === 'invalid_value' && 'values' in issue) return `use one of: ${(issue.values as unknown[]).join(', ')}`;
  if (issue.code === 'invalid_type') return `expected ${issue.expected}`;
  if (issue.code === 'too_small' || issue.code === 'too_big') return 'change the value to fit the allowed range';
  return 'see `crisp schema` for the record format';
}
