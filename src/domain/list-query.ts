/**
 * Filtering and sorting that every `list` command shares: `--where field=value` (repeatable; also
 * `!=`, `>`, `>=`, `<`, `<=`; `a|b` for either), `--sort field` or `--sort -field` (descending),
 * `--limit n`. Pure: the command says which fields a record has.
 */

export type WhereOp = '=' | '!=' | '>' | '>=' | '<' | '<=';

export interface WhereClause {
  field: string;
  op: WhereOp;
  values: string[];
}

export interface ListQuery {
  where: WhereClause[];
  /** `key`: what to order by instead of the field's value (a lead's next step by its follow-up date, say). */
  sort?: { field: string; descending: boolean; key?: (fields: Record<string, unknown>) => unknown };
  limit?: number;
}

/** `stage=proposal`, `value>=10000`, `segment=A|B`; undefined when it is none of those. */
export function parseWhere(text: string): WhereClause | undefined {
  const m = /^([a-z][a-z0-9_.]*)\s*(!=|>=|<=|=|>|<)\s*(.*)$/s.exec(text.trim());
  if (!m) return undefined;
  return { field: m[1]!, op: m[2] as WhereOp, values: m[3]!.split('|').map((v) => v.trim()) };
}

/** A dotted path into a record: `priority.level`. */
export function fieldValue(fields: Record<string, unknown>, path: string): unknown {
  let v: unknown = fields;
  for (const part of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return v;
}

const numeric = (s: string) => s.trim() !== '' && Number.isFinite(Number(s));

/**
 * A `>`, `>=`, `<` or `<=` between a number and a value that is not one (`value>abc`): it would
 * compare as text and quietly match nothing, so it is refused. Dates and names still compare as text.
 */
export class NotANumberError extends Error {
  constructor(readonly field: string, readonly op: WhereOp, readonly value: string) {
    super(`${field}${op}${value}: ${field} is a number and "${value}" is not`);
    this.name = 'NotANumberError';
  }
}

function compare(a: unknown, b: string): number {
  if (typeof a === 'number' && numeric(b)) return a - Number(b);
  const x = String(a).toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

export function matches(fields: Record<string, unknown>, w: WhereClause): boolean {
  const v = fieldValue(fields, w.field);
  // A list field matches when any element does (`skills=coaching`).
  const candidates = Array.isArray(v) ? v : [v];
  const hit = (c: unknown) =>
    c !== undefined && c !== null && typeof c !== 'object' &&
    w.values.some((x) => {
      const d = compare(c, x);
      return w.op === '=' || w.op === '!=' ? d === 0 : w.op === '>' ? d > 0 : w.op === '>=' ? d >= 0 : w.op === '<' ? d < 0 : d <= 0;
    });
  const any = candidates.some(hit);
  return w.op === '!=' ? !any : any;
}

function order(a: unknown, b: unknown): number {
  const missing = (v: unknown) => v === undefined || v === null;
  if (missing(a) || missing(b)) return missing(a) ? (missing(b) ? 0 : 1) : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The first `>`/`<` clause with a value that is not a number, on a field some item holds a number in. */
function notANumber<T>(items: readonly T[], where: readonly WhereClause[], fieldsOf: (item: T) => Record<string, unknown>): NotANumberError | undefined {
  const isNumber = (v: unknown) => typeof v === 'number' || (Array.isArray(v) && v.some((x) => typeof x === 'number'));
  for (const w of where) {
    if (w.op === '=' || w.op === '!=') continue;
    const text = w.values.find((x) => !numeric(x));
    // Every item is asked, not only those the other clauses keep: the answer does not hang on them.
    if (text !== undefined && items.some((item) => isNumber(fieldValue(fieldsOf(item), w.field)))) return new NotANumberError(w.field, w.op, text);
  }
  return undefined;
}

/** Filter, sort (stable; missing values last either way) and cut a list. Throws NotANumberError. */
export function queryList<T>(items: readonly T[], q: ListQuery, fieldsOf: (item: T) => Record<string, unknown>): T[] {
  const bad = notANumber(items, q.where, fieldsOf);
  if (bad) throw bad;
  let out = items.filter((item) => q.where.every((w) => matches(fieldsOf(item), w)));
  if (q.sort) {
    const { field, descending, key } = q.sort;
    const missing = (v: unknown) => v === undefined || v === null;
    const valueOf = (item: T) => (key ? key(fieldsOf(item)) : fieldValue(fieldsOf(item), field));
    out = [...out].sort((a, b) => {
      const x = valueOf(a);
      const y = valueOf(b);
      if (missing(x) || missing(y)) return order(x, y);
      return descending ? order(y, x) : order(x, y);
    });
  }
  return q.limit === undefined ? out : out.slice(0, q.limit);
}
