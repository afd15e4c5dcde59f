/** Proposal rules beyond the schema: a sent proposal's pricing is frozen (DESIGN.md §6 "Proposal lifecycle"). */
import { pricingSha256, type PricingFacts } from '../domain/pricing.js';
import type { LedgerRecord } from '../ledger/store.js';
import { problem, type Problem } from './problems.js';

export type ProposalFacts = PricingFacts & { status?: string; sent?: { version: number; pricing_sha256: string }[]; signed?: unknown; lost?: unknown };

/**
 * The sent version whose pricing the proposal no longer has: the last one, while the proposal is
 * `sent` and its pricing hashes differently. `validate` reports it; `sign` refuses on it.
 */
export function pricingChangedAfterSend(d: ProposalFacts): { version: number } | undefined {
  const last = d.sent?.[d.sent.length - 1];
  return d.status === 'sent' && last && pricingSha256(d) !== last.pricing_sha256 ? last : undefined;
}

export function proposalRules(rec: LedgerRecord): Problem[] {
  const d = rec.data as unknown as ProposalFacts;
  const out: Problem[] = [];
  const last = d.sent?.[d.sent.length - 1];
  if (d.status === 'sent' && !last) {
    out.push(problem('error', rec.path, rec.lineOf(['status']), 'not-sent', 'the proposal is `sent` but has no `sent:` version', 'send it with `crisp proposal send <id>`, which freezes the text'));
  }
  const changed = pricingChangedAfterSend(d);
  if (changed) {
    out.push(problem('error', rec.path, rec.lineOf(['sent', d.sent!.length - 1, 'pricing_sha256']), 'pricing-changed-after-send', `the pricing differs from version ${changed.version}, which the client has`, `send a new version (crisp proposal send ${rec.id}), or revert the pricing (git checkout -- ${rec.path})`));
  }
  if (d.status === 'signed' && !d.signed) {
    out.push(problem('error', rec.path, rec.lineOf(['status']), 'not-signed', 'the proposal is `signed` but has no `signed: { at, by }`', `sign it with \`crisp proposal sign ${rec.id}\``));
  }
  return out;
}
