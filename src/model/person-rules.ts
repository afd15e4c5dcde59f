/** Person rules beyond the schema: dated roles and crisplet switches that make sense (DESIGN.md §6). */
import type { LedgerRecord } from '../ledger/store.js';
import { problem, type Problem } from './problems.js';

export function personRules(rec: LedgerRecord): Problem[] {
  const d = rec.data as { roles?: { role: string; since?: string; until?: string }[]; crisplet?: { on?: string; off?: string }[] };
  const out: Problem[] = [];
  (d.roles ?? []).forEach((r, i) => {
    if (r && typeof r.since === 'string' && typeof r.until === 'string' && r.until < r.since) {
      out.push(problem('error', rec.path, rec.lineOf(['roles', i]), 'role-dates', `the ${r.role} role ends (${r.until}) before it starts (${r.since})`, 'fix since/until; end a role with `crisp person roles <id> --end <role> --on <date>`'));
    }
  });
  (d.crisplet ?? []).forEach((c, i) => {
    if (!c || typeof c !== 'object') return;
    const keys = ['on', 'off'].filter((k) => (c as Record<string, unknown>)[k] !== undefined);
    if (keys.length !== 1) {
      out.push(problem('error', rec.path, rec.lineOf(['crisplet', i]), 'crisplet-entry', 'each crisplet entry is either `{ on: <date> }` or `{ off: <date> }`', 'use `crisp person set <id> --crisplet on|off --from <date>`'));
    }
  });
  return out;
}

/**
 * An email as crisp compares it: git's user.email names who acts, and mail systems ignore case,
 * so `QA@example.com` and `qa@example.com` are one person's. Undefined when there is none.
 */
export function emailKey(email: unknown): string | undefined {
  return typeof email === 'string' && email.trim() ? email.trim().toLowerCase() : undefined;
}

/** The people whose email is `email` (compared as `emailKey` does). */
export function peopleWithEmail(people: readonly LedgerRecord[], email: unknown): LedgerRecord[] {
  const key = emailKey(email);
  return key ? people.filter((p) => emailKey(p.data.email) === key) : [];
}

/** `rec` has the email `first` had already: who acts would be ambiguous (DESIGN.md §4 "Who acts"). */
export function duplicateEmailProblem(rec: LedgerRecord, first: LedgerRecord, hint?: string): Problem {
  return problem(
    'error', rec.path, rec.lineOf(['email']), 'duplicate-email',
    `email "${String(rec.data.email)}" is also ${first.id}'s (${first.path}): crisp could not tell which of them acts`,
    hint ?? `each person needs an email of their own: change one with \`crisp person set ${rec.id} --email <email>\`, or remove a person added twice`,
  );
}

/**
 * A write of person `rec` that would give them an email another person has. `people` are those on
 * disk, `rec` perhaps among them: a clash that was there before (the email unchanged) is left to
 * validate, so it never blocks an unrelated change, or the change that mends it.
 */
export function takenEmailProblems(rec: LedgerRecord, people: readonly LedgerRecord[]): Problem[] {
  const before = people.find((p) => p.id === rec.id);
  if (before && emailKey(before.data.email) === emailKey(rec.data.email)) return [];
  const other = peopleWithEmail(people, rec.data.email).find((p) => p.id !== rec.id);
  if (!other) return [];
  return [duplicateEmailProblem(rec, other, `each person needs an email of their own: if this is ${other.id}, they are in the ledger already (crisp person show ${other.id}); else give another email`)];
}
