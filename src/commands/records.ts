/**
 * The generic record operations every kind shares: create, edit by splicing, show, list, and the
 * check that refuses to write a record the validator would reject.
 */
import { CrispError, usageError } from '../errors.js';
import { editFrontmatter, parseYamlMap, serializeRecord, type Edit } from '../ledger/codec.js';
import { isValidId, newId } from '../ledger/ids.js';
import { parseLedgerRecord, type LedgerRecord } from '../ledger/store.js';
import { Change, commitMessage, type Applied } from '../ledger/transaction.js';
import { KINDS, KIND_NAMES, recordPath, type KindName } from '../model/kinds.js';
import { checkRecord, checkReferences, unknownFieldProblems } from '../model/validate.js';
import { takenEmailProblems } from '../model/person-rules.js';
import { leadRules } from '../model/lead-rules.js';
import type { Problem } from '../model/problems.js';
import { escapeControl, recordText, type Output } from '../output/index.js';
import type { Context } from './context.js';
import { choice } from './args.js';

export function recordJson(rec: Pick<LedgerRecord, 'id' | 'path' | 'data'>): Record<string, unknown> {
  return { id: rec.id, path: rec.path, ...rec.data };
}

/** Parse and check a record's new text against everything validate checks; refuse on any error. */
export function checkedRecord(ctx: Context, kind: KindName, id: string, text: string, pending: ReadonlySet<string> = new Set()): LedgerRecord {
  const rec = parseLedgerRecord(kind, id, recordPath(kind, id), text);
  const problems = checkRecord(rec);
  if (!problems.some((p) => p.severity === 'error')) {
    // A reference to a record created in the same change (`pending`) is not broken.
    problems.push(...checkReferences(rec, ctx.ledger).filter((p) => ![...pending].some((pid) => p.message.includes(`"${pid}"`))));
    // Who acts is found by email: a write never gives a person an email another one has.
    if (kind === 'person') problems.push(...takenEmailProblems(rec, ctx.ledger.all('person')));
    if (kind === 'lead') problems.push(...newLeadRuleErrors(ctx, rec));
  }
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length) {
    throw new CrispError('invalid-record', `the ${KINDS[kind].label} would not be valid, so nothing was written`, {
      hint: errors[0]!.hint,
      details: errors.map((p) => `${p.path}:${p.line}: ${p.code}: ${p.message}`),
    });
  }
  return rec;
}

/**
 * The lead rules `validate` applies to a lead on its own (a lead names a client or an org; a won
 * lead needs a client record, an on-hold one the stage it returns to: model/lead-rules.ts) that
 * this write would break. A rule the file on disk breaks already is not this write's doing, and
 * does not stop other changes to it (a touch, say).
 */
function newLeadRuleErrors(ctx: Context, rec: LedgerRecord): Problem[] {
  const key = (p: Problem) => `${p.code} ${p.message}`;
  const before = ctx.ledger.get('lead', rec.id);
  const had = new Set(before && !before.problems.length ? leadRules(before).map(key) : []);
  return leadRules(rec).filter((p) => p.severity === 'error' && !had.has(key(p)));
}

export function assertUsableId(ctx: Context, id: string): void {
  if (!isValidId(id)) {
    throw usageError('bad-id', `"${id}" is not a valid id`, 'ids are lowercase letters and digits in words joined by "-", at most 64 characters (e.g. acme-lms-7f3k); see `crisp help ledger`');
  }
  for (const k of KIND_NAMES) {
    if (ctx.ledger.get(k, id)) throw new CrispError('id-taken', `id "${id}" is already used by ${recordPath(k, id)}`, { hint: 'choose another --id, or leave it out for a generated one' });
  }
}

export function mintId(ctx: Context, given: string | undefined, text: string): string {
  if (given !== undefined) {
    assertUsableId(ctx, given);
    return given;
  }
  for (let i = 0; i < 20; i++) {
    const id = newId(text);
    if (!KIND_NAMES.some((k) => ctx.ledger.get(k, id))) return id;
  }
  throw new CrispError('id-exhausted', 'could not mint a free id', { hint: 'pass --id' });
}

export function appliedNotes(applied: Applied, message: string): string[] {
  if (!applied.paths.length) return ['nothing changed: the record already says that'];
  const done = applied.commit ? [`committed ${applied.commit.slice(0, 7)}: ${message}`] : [`wrote ${applied.paths.join(', ')} (not committed)`];
  return [...done, ...(applied.warnings ?? [])];
}

export interface Saved {
  record: LedgerRecord;
  applied: Applied;
  message: string;
}

/** Create a record of `kind` (data must hold `id`), committed as `<group> add: <title> (<id>)`. */
export async function createRecord(ctx: Context, kind: KindName, build: () => { data: Record<string, unknown>; body?: string }, verb = 'add'): Promise<Saved> {
  let record!: LedgerRecord;
  let message = '';
  const applied = await ctx.mutate(() => {
    const { data, body } = build();
    const id = String(data.id);
    assertUsableId(ctx, id);
    record = checkedRecord(ctx, kind, id, serializeRecord(data, body ?? ''));
    message = commitMessage(kind, verb, String(data[KINDS[kind].titleField] ?? id), id);
    return new Change(message).write(record.path, record.text);
  });
  ctx.ledger.invalidate(kind);
  return { record, applied, message };
}

/** Edit a record by splicing: only the fields `edits` names change on disk. */
export async function editRecord(
  ctx: Context,
  kind: KindName | readonly KindName[],
  ref: string,
  verb: string,
  edits: (rec: LedgerRecord) => Edit[],
): Promise<Saved & { before: LedgerRecord }> {
  let record!: LedgerRecord;
  let before!: LedgerRecord;
  let message = '';
  const applied = await ctx.mutate(() => {
    before = ctx.ledger.find(kind, ref);
    assertParses(before, 'edit');
    const list = edits(before);
    const text = editFrontmatter(before.text, list);
    record = checkedRecord(ctx, before.kind, before.id, text);
    message = commitMessage(before.kind, verb, String(record.data[KINDS[before.kind].titleField] ?? before.id), before.id);
    return new Change(message).write(before.path, text);
  });
  ctx.ledger.invalidate();
  return { record, before, applied, message };
}

/** The Output of a mutating command: the record as JSON, a short summary for people. */
export function savedOutput(saved: Saved, human?: string, notes: string[] = []): Output {
  return {
    json: recordJson(saved.record),
    human: human ?? recordText(recordJson(saved.record)),
    notes: [...notes, ...appliedNotes(saved.applied, saved.message)],
  };
}

/** A record that does not parse has no fields to show or edit: say where it breaks instead. */
export function assertParses(rec: LedgerRecord, verb: 'edit' | 'show'): void {
  if (!rec.problems.length) return;
  throw new CrispError('unreadable-record', `${rec.path} does not parse, so crisp will not ${verb} it`, {
    hint: `fix it with \`crisp edit ${rec.id}\` or your editor (crisp validate shows every problem)`,
    details: rec.problems.map((p) => `${p.path}:${p.line}: ${p.code}: ${p.message}`),
  });
}

export function showOutput(rec: LedgerRecord, extra: Record<string, unknown> = {}, extraLines: string[] = []): Output {
  assertParses(rec, 'show');
  const json = { ...recordJson(rec), ...extra, body: rec.body };
  // The body is ledger text: control characters are shown escaped, never sent to the terminal.
  const human = [recordText(recordJson(rec)), ...(extraLines.length ? ['', ...extraLines] : []), ...(rec.body.trim() ? ['', escapeControl(rec.body.trimEnd())] : [])].join('\n');
  return { json, human };
}

/** `field=value` pairs from the command line; values are read as YAML scalars or flow collections. */
export function parseAssignments(pairs: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const m = /^([a-z][a-z0-9_]*)=(.*)$/s.exec(pair);
    if (!m) throw usageError('bad-assignment', `"${pair}" is not a field=value pair`, 'write e.g. value=20000 or segment=A');
    const [, key, raw] = m as unknown as [string, string, string];
    if (raw === '') {
      out[key] = undefined;
      continue;
    }
    const parsed = parseYamlMap(`v: ${raw.includes('\n') ? JSON.stringify(raw) : raw}`, '(command line)', 1);
    if (parsed.problems.length) throw usageError('bad-assignment', `cannot read the value of ${key}: ${parsed.problems[0]!.message}`, 'quote text values, e.g. note="hello, world"');
    out[key] = parsed.data.v;
  }
  return out;
}

/**
 * What `validate` will warn about the fields a `set` wrote: unknown ones (a typo, or a field of the
 * user's own, which is kept). As notes for stderr, in validate's words.
 */
export function unknownFieldNotes(rec: LedgerRecord, fields: Record<string, unknown>): string[] {
  const written = Object.keys(fields).filter((k) => fields[k] !== undefined);
  return unknownFieldProblems(rec, written).flatMap((p) => [`warning: ${p.message} (written as given; crisp validate warns about it too)`, `  hint: ${p.hint}`]);
}

/** Edits that set (or, for undefined, delete) each field. */
export function setEdits(fields: Record<string, unknown>): Edit[] {
  return Object.entries(fields).map(([key, value]) => (value === undefined ? { op: 'delete', key } : { op: 'set', key, value }));
}

/**
 * For commands that change several records in one commit: splice `edits` into `rec` and add the
 * new text to `change`, after the same check `editRecord` makes. Returns the record as it will be.
 */
export function editInto(ctx: Context, change: Change, rec: LedgerRecord, edits: Edit[], pending?: ReadonlySet<string>): LedgerRecord {
  if (rec.problems.length) {
    throw new CrispError('unreadable-record', `${rec.path} does not parse, so crisp will not edit it`, { hint: 'fix it by hand first (crisp validate shows where)' });
  }
  if (!edits.length) return rec;
  const text = editFrontmatter(rec.text, edits);
  const next = checkedRecord(ctx, rec.kind, rec.id, text, pending);
  change.write(rec.path, text);
  return next;
}

/** For commands that create a record beside other changes: check it and add it to `change`. */
export function createInto(ctx: Context, change: Change, kind: KindName, data: Record<string, unknown>, body = '', pending?: ReadonlySet<string>): LedgerRecord {
  const id = String(data.id);
  assertUsableId(ctx, id);
  const rec = checkedRecord(ctx, kind, id, serializeRecord(data, body), pending);
  change.write(rec.path, rec.text);
  return rec;
}

/**
 * The rows of a kind that hangs off a lead (discoveries, proposals): `--lead` narrows to one lead,
 * `--status` to one status, and without it only the statuses still in play show unless `--all`.
 */
export function leadRecordRows<S extends string, R extends { lead: string; status: string }>(
  ctx: Context,
  kind: KindName,
  flags: { lead?: string; status?: string; all?: boolean },
  statuses: { all: readonly S[]; inPlay: readonly S[] },
  row: (rec: LedgerRecord) => R,
): R[] {
  const lead = flags.lead ? ctx.ledger.find('lead', flags.lead).id : undefined;
  const status = choice(flags.status, statuses.all, '--status');
  return ctx.ledger
    .all(kind)
    .filter((r) => !r.problems.length)
    .map(row)
    .filter((r) => (!lead || r.lead === lead) && (status ? r.status === status : flags.all || (statuses.inPlay as readonly string[]).includes(r.status)));
}
