/**
 * Bun logs in `validate` (issue 4 "Validation"): an event is an error only when it was illegal given
 * what it says it saw (DESIGN.md §2): unknown verb or actor, a parent that does not exist, an event
 * before the post, a claim of a bun never offered to its actor that slipped in by hand. Events that
 * were legal on their own clone and only conflict after a merge are not errors: the fold keeps them
 * (contested, needs attention). Stale buns are warnings naming the holder.
 */
import { bunAge, illegalBunEvents, foldBunEvents, type BunKind, type FoldOptions } from '../domain/buns.js';
import { dateIn } from '../domain/time.js';
import { loadConfig } from '../ledger/config.js';
import type { Ledger, LedgerRecord } from '../ledger/store.js';
import type { Config } from './config.js';
import { problem, type Problem } from './problems.js';

/** crisp.yaml read once per ledger, not once per bun. */
const settings = new WeakMap<Ledger, { config: Config; fold: FoldOptions }>();
function settingsOf(ledger: Ledger): { config: Config; fold: FoldOptions } {
  let s = settings.get(ledger);
  if (!s) {
    const { config } = loadConfig(ledger.root);
    s = { config, fold: { calendar: { workingDays: config.working_days, holidays: config.holidays }, timeZone: config.timezone, interestWindow: config.buns.interest_window } };
    settings.set(ledger, s);
  }
  return s;
}

export function bunLogRules(rec: LedgerRecord, ledger: Ledger, opts: { now?: Date } = {}): Problem[] {
  const out: Problem[] = [];
  const { config, fold } = settingsOf(ledger);
  const usable = [];
  for (const e of ledger.bunEvents(rec.id)) {
    // Reading and schema problems: the event says nothing the fold could use.
    if (e.checked.length) {
      out.push(...e.checked);
      continue;
    }
    if (!ledger.get('person', e.event.by)) {
      out.push(problem('error', e.path, e.lineOf(['by']), 'unknown-actor', `by names "${e.event.by}", who is not a person in this ledger`, 'fix the id, or add the person (crisp person add)'));
    }
    for (const p of Array.isArray(e.event.to) ? e.event.to : e.event.to && e.event.to !== 'all' ? [e.event.to] : []) {
      if (!ledger.get('person', p)) out.push(problem('error', e.path, e.lineOf(['to']), 'broken-reference', `to names "${p}", who is not a person in this ledger`, 'fix the id, or add the person'));
    }
    usable.push(e);
  }
  const d = rec.data as { title?: string; kind?: BunKind; received_by?: string; received?: string };
  const post = { id: rec.id, title: String(d.title ?? rec.id), kind: d.kind ?? 'bun', received_by: String(d.received_by ?? ''), received: String(d.received ?? '') };
  const byFile = new Map(usable.map((e) => [e.event.file, e]));
  const illegal = illegalBunEvents(post, usable.map((e) => e.event), fold);
  const broken = new Set(illegal.map((b) => b.event));
  for (const bad of illegal) {
    const e = byFile.get(bad.event)!;
    const code = /not a bun verb/.test(bad.reason) ? 'unknown-verb' : /after names/.test(bad.reason) ? 'missing-parent' : /before the bun was received/.test(bad.reason) ? 'event-before-post' : 'illegal-event';
    const field = code === 'unknown-verb' ? 'verb' : code === 'missing-parent' ? 'after' : code === 'event-before-post' ? 'at' : 'verb';
    out.push(problem('error', e.path, e.lineOf([field]), code, bad.reason, bad.hint));
  }
  if (opts.now) {
    const bun = foldBunEvents(post, usable.map((e) => e.event), fold);
    const { age, freshness } = bunAge(bun, dateIn(opts.now, config.timezone), fold, { warmAfter: config.buns.warm_after, staleAfter: config.buns.stale_after });
    if (freshness === 'stale') {
      out.push(problem('warning', rec.path, rec.lineOf(['title']), 'stale-bun', `bun is stale (${age} working days) and held by ${bun.holder}`, `${bun.holder}: eat, offer, reheat or throw it (crisp bun show ${rec.id})`));
    }
    for (const a of bun.attention.filter((x) => !broken.has(x.event))) {
      out.push(problem('warning', `${rec.path.replace(/bun\.md$/, 'events/')}${a.event}`, 1, 'bun-needs-attention', `kept after a merge but not applied: ${a.reason}`, `look at crisp bun show ${rec.id} and settle it with the people involved`));
    }
  }
  return out;
}
