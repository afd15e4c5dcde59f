/** A revenue record's file name says whose and which month it is; the frontmatter must agree. */
import type { Ledger, LedgerRecord } from '../ledger/store.js';
import { revenueId } from './kinds.js';
import { problem, type Problem } from './problems.js';

export function revenueRules(rec: LedgerRecord, _ledger: Ledger): Problem[] {
  const { month, person } = rec.data as { month?: string; person?: string };
  if (typeof month !== 'string' || typeof person !== 'string') return [];
  const expected = revenueId(month, person);
  if (expected === rec.id) return [];
  return [
    problem('error', rec.path, rec.lineOf(['month']), 'revenue-file-name', `month ${month} and person ${person} belong in revenue/${expected}.md, not ${rec.path}`, `rename the file to revenue/${expected}.md or fix month/person`),
  ];
}
