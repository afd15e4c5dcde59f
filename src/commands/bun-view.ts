/**
 * A bun as commands see it: its post record, its event files, the fold, age, freshness and flags,
 * and the JSON shape (DESIGN.md §4: id, path, state, holder, age, freshness, claims, interested, flags).
 */
import { bunAge, bunFlags, foldBunEvents, type BunEvent, type BunFlag, type BunKind, type FoldedBun, type FoldOptions, type Freshness } from '../domain/buns.js';
import { rankColleagues, type RoutingCandidate, type RoutingWork, type Suggestion } from '../domain/routing.js';
import { addDays, addMonths, type IsoDate } from '../domain/time.js';
import { readBunEvents, type BunEventFile } from '../ledger/bun-log.js';
import type { LedgerRecord } from '../ledger/store.js';
import type { Config } from '../model/config.js';
import type { Context } from './context.js';

export interface BunView {
  record: LedgerRecord;
  events: BunEventFile[];
  bun: FoldedBun;
  age: number | null;
  freshness: Freshness | null;
  flags: BunFlag[];
}

export function foldOptionsOf(config: Config): FoldOptions {
  return { calendar: { workingDays: config.working_days, holidays: config.holidays }, timeZone: config.timezone, interestWindow: config.buns.interest_window };
}

/** A bun's view; its events are read from its folder unless given (see allBunViews). */
export function bunView(root: string, config: Config, record: LedgerRecord, today: IsoDate, events = readBunEvents(root, record.id)): BunView {
  return { ...foldedBun(config, record, today, events.map((e) => e.event)), events };
}

/**
 * A bun's fold, age, freshness and flags on `today`, from its post record and its events in name
 * order: what bunView shows, from events read anywhere (a report `--as-of` reads them from git).
 */
export function foldedBun(config: Config, record: LedgerRecord, today: IsoDate, events: readonly BunEvent[]): Omit<BunView, 'events'> {
  const d = record.data as { title?: string; kind?: BunKind; received_by?: string; received?: string };
  const opts = foldOptionsOf(config);
  const bun = foldBunEvents(
    { id: record.id, title: String(d.title ?? record.id), kind: d.kind ?? 'bun', received_by: String(d.received_by ?? ''), received: String(d.received ?? '') },
    events,
    opts,
  );
  const { age, freshness } = bunAge(bun, today, opts, { warmAfter: config.buns.warm_after, staleAfter: config.buns.stale_after });
  return { record, bun, age, freshness, flags: bunFlags(bun, today, freshness) };
}

export function allBunViews(ctx: Context): BunView[] {
  const today = ctx.today();
  // Every bun's events at once, through the parse cache.
  return ctx.ledger.all('bun').filter((r) => !r.problems.length).map((r) => bunView(ctx.root, ctx.config, r, today, ctx.ledger.bunEvents(r.id)));
}

export function bunJson(v: BunView): Record<string, unknown> {
  const b = v.bun;
  const d = v.record.data;
  return {
    id: b.id,
    path: v.record.path,
    title: b.title,
    kind: b.kind,
    from: d.from ?? null,
    client: d.client ?? null,
    lead: b.lead ?? d.lead ?? null,
    tags: d.tags ?? [],
    owner: b.owner,
    received: d.received,
    state: b.state,
    holder: b.holder,
    age: v.age,
    freshness: v.freshness,
    offer: b.offer ?? null,
    claims: b.claims,
    interested: b.interested.map((i) => i.by),
    flags: v.flags,
    attention: b.attention,
    thrown: b.thrown ?? null,
    resolved: b.resolved ?? null,
    heads: b.heads,
  };
}

/** The roles a person holds on a date, plus the clients they own: their role load (handbook 004). */
export function roleLoadOf(ctx: Context, person: LedgerRecord, today: IsoDate): number {
  const roles = ((person.data.roles ?? []) as { since?: string; until?: string }[]).filter((r) => (!r.since || r.since <= today) && (!r.until || r.until >= today));
  const owned = ctx.ledger.all('client').filter((c) => c.data.owner === person.id).length;
  return roles.length + owned;
}

/** The latest happiness answer's `wants`, when that answer is not stale. */
export function freshWants(config: Config, person: LedgerRecord, today: IsoDate): RoutingCandidate['wants'] {
  const answers = ((person.data.happiness ?? []) as { date: string; wants?: 'more' | 'same' | 'less' }[]).slice().sort((a, b) => (a.date < b.date ? -1 : 1));
  const last = answers[answers.length - 1];
  if (!last || last.date < addMonths(today, -config.happiness.stale_after_months)) return undefined;
  return last.wants;
}

/** "Who might serve best" for a bun: everyone but its holder, ranked with reasons. */
export function suggestionsFor(ctx: Context, view: BunView, views: BunView[]): Suggestion[] {
  const d = view.record.data;
  return colleagueSuggestions(ctx, { tags: ((d.tags ?? []) as string[]).map(String), text: `${view.bun.title}\n${view.record.body}` }, (id) => id !== view.bun.holder, views);
}

/** Colleagues ranked for a piece of work (a bun, a lead's team), with reasons; never an assignment. */
export function colleagueSuggestions(ctx: Context, work: RoutingWork, eligible: (id: string) => boolean, views: BunView[]): Suggestion[] {
  const today = ctx.today();
  const since = addDays(today, -30);
  const candidates: RoutingCandidate[] = ctx.ledger
    .all('person')
    .filter((p) => eligible(p.id) && !p.problems.length)
    .map((p) => ({
      id: p.id,
      name: typeof p.data.name === 'string' ? p.data.name : undefined,
      skills: ((p.data.skills ?? []) as string[]).map(String),
      free_hours: typeof p.data.capacity_hours_per_week === 'number' ? p.data.capacity_hours_per_week : undefined,
      role_load: roleLoadOf(ctx, p, today),
      wants: freshWants(ctx.config, p, today),
      buns_lately: views.filter((v) => v.bun.claims.some((c) => c.by === p.id && c.at.slice(0, 10) >= since)).length,
    }));
  return rankColleagues(candidates, work, ctx.config.capacity);
}
