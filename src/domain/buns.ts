/**
 * The bun protocol (DESIGN.md §1 "The bun protocol", §2 "How a bun's events fold"): a bun is its
 * post plus an append-only log of events; its state is a pure fold of that log. Pure: no I/O, the
 * clock and the calendar are passed in.
 *
 * Order: a topological order of the `after` graph (an event comes after everything it says it saw),
 * ties broken by `at`, then actor, then file name. So two clones holding the same events compute the
 * same state whatever the merge order and however wrong a laptop's clock is.
 */
import { dateIn, nextWorkingDate, workingDaysBetween, type IsoDate, type WorkCalendar } from './time.js';
import { ancestorsOf } from './event-graph.js';
import { byText } from './order.js';

export const BUN_KINDS = ['bun', 'cookie', 'dough'] as const;
export type BunKind = (typeof BUN_KINDS)[number];
export const BUN_VERBS = ['offer', 'interest', 'claim', 'throw', 'reheat', 'escalate', 'resolve', 'convert'] as const;
export type BunVerb = (typeof BUN_VERBS)[number];
export const BUN_STATES = ['posted', 'offered', 'taken', 'contested', 'thrown', 'converted'] as const;
export type BunState = (typeof BUN_STATES)[number];
export type Freshness = 'fresh' | 'warm' | 'stale';

/** The name of the post as a parent: the first event names `after: bun.md`. */
export const POST_FILE = 'bun.md';

export interface BunPost {
  id: string;
  title: string;
  kind: BunKind;
  received_by: string;
  /** ISO date or date-time. */
  received: string;
}

export interface BunEvent {
  /** The event's file name (unique; the last tie-break). */
  file: string;
  verb: string;
  by: string;
  /** ISO date-time. */
  at: string;
  /** File names of the events (or `bun.md`) the actor's fold had as heads. */
  after: string[];
  /** offer: `all` or people; escalate: the people holding the board / business-developer roles; resolve: one person. */
  to?: string | string[];
  until?: IsoDate;
  reason?: string;
  note?: string;
  /** convert: what the dough became. */
  into?: 'bun' | 'lead';
  lead?: string;
}

export interface Offer {
  by: string;
  at: string;
  to: 'all' | string[];
  until?: IsoDate;
  escalated: boolean;
  event: string;
}

export interface Claim {
  by: string;
  at: string;
  event: string;
  /** Others who raised interest inside the interest window (the claimer should talk to them first). */
  talk_first?: string[];
}

export interface Interest {
  by: string;
  at: string;
  event: string;
}

export interface TimelineEntry {
  event: string;
  verb: string;
  by: string;
  at: string;
  note?: string;
  /** false when the event was kept but could not apply after a merge (see `attention`). */
  applied: boolean;
}

export interface FoldedBun {
  id: string;
  title: string;
  kind: BunKind;
  owner: string;
  state: BunState;
  /** Exactly one at any time: the owner until someone claims it. */
  holder: string;
  offer?: Offer;
  claims: Claim[];
  interested: Interest[];
  thrown?: { by: string; at: string; reason?: string };
  resolved?: { by: string; at: string; to: string };
  lead?: string;
  /** When age starts counting: the post, the last offer, reheat or escalation. */
  age_from: string;
  /** When it was dealt with (claimed, thrown, converted to a lead). */
  dealt_at?: string;
  /** Events that were legal where they were made but conflict after a merge: kept, shown, not applied. */
  attention: { event: string; reason: string }[];
  /** Heads of the event graph: what the next event names in `after`. */
  heads: string[];
  timeline: TimelineEntry[];
}

/** The tie-break among events neither of which must come first: time, then actor, then file name. */
export const eventOrder = (a: BunEvent, b: BunEvent) => byText(isoInstant(a.at), isoInstant(b.at)) || byText(a.by, b.by) || byText(a.file, b.file);

/** A comparable UTC string for an ISO date or date-time (offsets normalised). */
function isoInstant(s: string): string {
  let v = instants.get(s);
  if (v === undefined) {
    const t = Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s);
    v = Number.isNaN(t) ? s : new Date(t).toISOString();
    if (instants.size >= 100_000) instants.clear();
    instants.set(s, v);
  }
  return v;
}
/** isoInstant's answers: validate orders every bun's events several times over. */
const instants = new Map<string, string>();

/**
 * Topological order of the `after` graph with the deterministic tie-break. Parents that do not exist
 * are ignored here (validation reports them); a cycle (only by hand edits) is broken at its earliest event.
 */
export function orderBunEvents(events: readonly BunEvent[]): BunEvent[] {
  if (events.length < 2) return [...events];
  const byFile = new Map(events.map((e) => [e.file, e]));
  const parents = new Map(events.map((e) => [e.file, new Set(e.after.filter((p) => p !== e.file && byFile.has(p)))]));
  const done = new Set<string>();
  const out: BunEvent[] = [];
  const pending = [...events].sort(eventOrder);
  while (out.length < events.length) {
    const left = pending.filter((e) => !done.has(e.file));
    const next = left.find((e) => [...parents.get(e.file)!].every((p) => done.has(p))) ?? left[0]!;
    done.add(next.file);
    out.push(next);
  }
  return out;
}

/** Events nothing else names as a parent; `bun.md` when there are none. */
export function headsOf(events: readonly BunEvent[]): string[] {
  const named = new Set(events.flatMap((e) => e.after));
  const heads = events.filter((e) => !named.has(e.file)).map((e) => e.file).sort();
  return heads.length ? heads : [POST_FILE];
}

export interface FoldOptions {
  calendar: WorkCalendar;
  timeZone: string;
  /** Working days people get to raise interest in an offer to all (crisp.yaml buns.interest_window). */
  interestWindow: number;
}

export const DEFAULT_FOLD: FoldOptions = { calendar: { workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'], holidays: [] }, timeZone: 'UTC', interestWindow: 1 };

// A contested bun was claimed (twice): dealt with, though the claimants must talk.
const dealtWith = (s: BunState) => s === 'taken' || s === 'contested' || s === 'thrown' || s === 'converted';

/**
 * Why `event` may not be appended to a bun in `state`, or undefined when it may. One function serves
 * the commands (refusing before writing), the fold (events that conflict after a merge) and validate
 * (events illegal given what they say they saw).
 */
export function bunRefusal(bun: FoldedBun, event: Pick<BunEvent, 'verb' | 'by' | 'to' | 'into'>): { reason: string; hint: string } | undefined {
  const { verb, by } = event;
  const holderOnly = (what: string) =>
    by !== bun.holder ? { reason: `only the holder (${bun.holder}) can ${what} this bun`, hint: `ask ${bun.holder} to do it, or ask them to offer it to you and claim it` } : undefined;
  if (!(BUN_VERBS as readonly string[]).includes(verb)) return { reason: `"${verb}" is not a bun verb`, hint: `bun events are ${BUN_VERBS.join(', ')}` };
  if (bun.state === 'converted') return { reason: `the bun became lead ${bun.lead}`, hint: `work on the lead: crisp lead show ${bun.lead}` };
  if (bun.state === 'contested' && verb !== 'resolve' && verb !== 'interest') {
    const who = bun.claims.map((c) => c.by).join(' and ');
    return { reason: `the bun is contested: ${who} both claimed it`, hint: `talk, then one of you (or the offerer) runs \`crisp bun resolve ${bun.id} --to <person>\`` };
  }
  switch (verb as BunVerb) {
    case 'offer':
    case 'reheat':
    case 'escalate':
      if (bun.state === 'thrown') return { reason: 'the bun was thrown away', hint: `claim it from the bin first: crisp bun claim ${bun.id}` };
      if (verb !== 'offer' && bun.state === 'taken') return { reason: `the bun is already taken by ${bun.holder}: it needs no ${verb === 'reheat' ? 'reheating' : 'escalation'}`, hint: `offer it again if ${bun.holder} wants to pass it on` };
      if (bun.kind === 'cookie') return { reason: 'a cookie needs no action', hint: 'leave it, or post a bun if the request turns real' };
      if (verb === 'offer' && Array.isArray(event.to) && event.to.includes(by)) return { reason: 'you cannot offer a bun to yourself', hint: `claim it to eat it: crisp bun claim ${bun.id}` };
      return holderOnly(verb);
    case 'throw':
      if (bun.state === 'thrown') return { reason: 'the bun is already thrown', hint: 'nothing to do' };
      return holderOnly('throw');
    case 'interest':
      if (bun.state !== 'offered') return { reason: 'the bun is not on offer', hint: bun.state === 'posted' ? `ask ${bun.holder} to offer it` : 'nothing to raise a hand for' };
      if (by === bun.holder) return { reason: 'you hold this bun', hint: `claim it to eat it: crisp bun claim ${bun.id}` };
      if (bun.interested.some((i) => i.by === by)) return { reason: 'you already raised interest', hint: `claim it when you are ready: crisp bun claim ${bun.id}` };
      return undefined;
    case 'claim':
      if (bun.state === 'thrown') return undefined; // taken "out of the bin"
      if (bun.kind === 'cookie') return { reason: 'a cookie needs no action', hint: 'nothing to claim' };
      if (bun.state === 'taken') return by === bun.holder ? { reason: 'you already hold this bun', hint: 'nothing to do' } : { reason: `the bun is already taken by ${bun.holder}`, hint: `talk to ${bun.holder}; they can offer it again` };
      if (by === bun.holder) return undefined; // the holder claiming it = eating it
      if (bun.state === 'offered' && bun.offer && (bun.offer.to === 'all' || bun.offer.to.includes(by))) return undefined;
      return bun.state === 'offered'
        ? { reason: `the bun is offered to ${(bun.offer?.to as string[]).join(', ')}, not to ${by}`, hint: `push in, pull after: ask ${bun.holder} to offer it to you too` }
        : { reason: `${bun.holder} has not offered this bun`, hint: `push in, pull after: ask ${bun.holder} to offer it (crisp bun offer ${bun.id} --to ${by}), or raise interest once it is offered` };
    case 'resolve': {
      if (bun.state !== 'contested') return { reason: 'the bun is not contested', hint: 'resolve settles two claims of one offer' };
      const claimants = bun.claims.map((c) => c.by);
      if (!claimants.includes(by) && by !== bun.offer?.by) return { reason: `only a claimant (${claimants.join(', ')}) or the offerer (${bun.offer?.by}) can resolve it`, hint: 'ask one of them' };
      const to = typeof event.to === 'string' ? event.to : event.to?.[0];
      if (!to || !claimants.includes(to)) return { reason: `--to must name one of the claimants: ${claimants.join(', ')}`, hint: `e.g. crisp bun resolve ${bun.id} --to ${claimants[0]}` };
      return undefined;
    }
    case 'convert':
      if (bun.kind !== 'dough') return { reason: `only dough can be converted; this is a ${bun.kind}`, hint: 'offer, claim or throw it instead' };
      if (event.into !== 'bun' && event.into !== 'lead') return { reason: 'convert needs --to bun or --to lead', hint: `e.g. crisp bun convert ${bun.id} --to lead` };
      return holderOnly('convert');
  }
}

/** Fold a bun's events (in any order) into its state. */
export function foldBunEvents(post: BunPost, events: readonly BunEvent[], opts: FoldOptions = DEFAULT_FOLD): FoldedBun {
  const bun: FoldedBun = {
    id: post.id,
    title: post.title,
    kind: post.kind,
    owner: post.received_by,
    state: 'posted',
    holder: post.received_by,
    claims: [],
    interested: [],
    age_from: post.received,
    attention: [],
    heads: headsOf(events),
    timeline: [],
  };
  const ancestors = ancestorsOf(events, (e) => e.after);
  for (const e of orderBunEvents(events)) {
    const refusal = bunRefusal(bun, e);
    const seen = ancestors.get(e.file)!;
    // Two claims neither of which saw the other: keep both, the earlier holds it formally; talk.
    const unseenClaims = e.verb === 'claim' && (bun.state === 'taken' || bun.state === 'contested') && bun.claims.length > 0 && bun.claims.every((c) => !seen.has(c.event));
    const entry: TimelineEntry = { event: e.file, verb: e.verb, by: e.by, at: e.at, ...(e.note || e.reason ? { note: e.note ?? e.reason } : {}), applied: true };
    bun.timeline.push(entry);
    if (unseenClaims && bun.claims.some((c) => c.by === e.by)) continue; // the same person claimed on two laptops
    if (unseenClaims) {
      bun.claims.push({ by: e.by, at: e.at, event: e.file });
      bun.state = 'contested';
      bun.holder = [...bun.claims].sort((a, b) => byText(isoInstant(a.at), isoInstant(b.at)) || byText(a.by, b.by))[0]!.by;
      continue;
    }
    if (refusal) {
      entry.applied = false;
      // Legal where it was made (else validate calls it illegal): say which events it met unseen.
      const unseen = bun.timeline.filter((t) => t.applied && t.event !== e.file && !seen.has(t.event)).map((t) => `${t.verb} by ${t.by}`);
      const met = unseen.length ? `, after ${unseen.join(', ')}, which ${e.by} had not seen (made at the same time on another clone)` : '';
      bun.attention.push({ event: e.file, reason: `${refusal.reason}${met}` });
      continue;
    }
    apply(bun, e, opts);
  }
  return bun;
}

function apply(bun: FoldedBun, e: BunEvent, opts: FoldOptions): void {
  switch (e.verb as BunVerb) {
    case 'offer':
    case 'escalate': {
      const to = e.to === 'all' || e.to === undefined ? 'all' : Array.isArray(e.to) ? e.to : [e.to];
      bun.offer = { by: e.by, at: e.at, to, ...(e.until ? { until: e.until } : {}), escalated: e.verb === 'escalate', event: e.file };
      bun.state = 'offered';
      bun.claims = [];
      bun.interested = [];
      bun.age_from = e.at;
      delete bun.dealt_at;
      delete bun.thrown;
      return;
    }
    case 'reheat':
      bun.age_from = e.at;
      return;
    case 'interest':
      bun.interested.push({ by: e.by, at: e.at, event: e.file });
      return;
    case 'claim': {
      const others = bun.state === 'offered' && bun.offer?.to === 'all' && e.by !== bun.holder ? bun.interested.filter((i) => i.by !== e.by).map((i) => i.by) : [];
      const early = others.length > 0 && isoInstant(e.at) < interestWindowEnd(bun.offer!.at, opts);
      bun.claims = [{ by: e.by, at: e.at, event: e.file, ...(early ? { talk_first: others } : {}) }];
      bun.state = 'taken';
      bun.holder = e.by;
      bun.dealt_at = e.at;
      delete bun.thrown;
      return;
    }
    case 'throw':
      bun.state = 'thrown';
      bun.thrown = { by: e.by, at: e.at, ...(e.reason ? { reason: e.reason } : {}) };
      bun.dealt_at = e.at;
      return;
    case 'resolve': {
      const to = (typeof e.to === 'string' ? e.to : e.to![0])!;
      bun.state = 'taken';
      bun.holder = to;
      bun.resolved = { by: e.by, at: e.at, to };
      bun.dealt_at = e.at;
      return;
    }
    case 'convert':
      if (e.into === 'bun') {
        bun.kind = 'bun';
        bun.age_from = e.at;
      } else {
        bun.state = 'converted';
        bun.lead = e.lead;
        bun.dealt_at = e.at;
      }
      return;
  }
}

/**
 * When an offer to all stops waiting for interest: the same time of day `interestWindow` working
 * days later (DESIGN.md §6 "Time"): "give colleagues one working day to raise interest".
 */
export function interestWindowEnd(offerAt: string, opts: FoldOptions): string {
  const start = new Date(isoInstant(offerAt));
  const day = dateIn(start, opts.timeZone);
  let end = day;
  for (let i = 0; i < opts.interestWindow; i++) end = nextWorkingDate(end, opts.calendar);
  const days = Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${day}T00:00:00Z`)) / 86_400_000);
  return new Date(start.getTime() + days * 86_400_000).toISOString();
}

export interface BunAgeRules {
  warmAfter: number;
  staleAfter: number;
}

/**
 * Age in working days since the post, last offer or reheat; freshness from it ("fresh on the day it
 * arrives, warm after 1 working day, stale after 2"). A bun dealt with has no age; a cookie needs no
 * action and never goes stale, nor does dough until it is turned into a bun.
 */
export function bunAge(bun: FoldedBun, today: IsoDate, opts: FoldOptions, rules: BunAgeRules): { age: number | null; freshness: Freshness | null } {
  if (dealtWith(bun.state) || bun.kind !== 'bun') return { age: null, freshness: null };
  const from = bun.age_from.length === 10 ? bun.age_from : dateIn(new Date(bun.age_from), opts.timeZone);
  const age = workingDaysBetween(from, today, opts.calendar);
  return { age, freshness: age >= rules.staleAfter ? 'stale' : age >= rules.warmAfter ? 'warm' : 'fresh' };
}

export type BunFlag = 'contested' | 'talk-first' | 'throw-due' | 'needs-attention' | 'escalated' | 'stale';

/** Claims made inside the interest window while others had raised interest, as long as they hold (a throw or a new offer ends them). */
export function talkFirstClaims(bun: FoldedBun): FoldedBun['claims'] {
  return bun.state === 'taken' || bun.state === 'contested' ? bun.claims.filter((c) => c.talk_first?.length) : [];
}

/** What a person should notice about a bun. */
export function bunFlags(bun: FoldedBun, today: IsoDate, freshness: Freshness | null): BunFlag[] {
  const flags: BunFlag[] = [];
  if (bun.state === 'contested') flags.push('contested');
  if (talkFirstClaims(bun).length) flags.push('talk-first');
  // "I will throw this bun away if nobody takes it by Tuesday": due once that day has passed.
  if (bun.state === 'offered' && bun.offer?.until && today > bun.offer.until) flags.push('throw-due');
  if (bun.state === 'offered' && bun.offer?.escalated) flags.push('escalated');
  if (freshness === 'stale') flags.push('stale');
  if (bun.attention.length) flags.push('needs-attention');
  return flags;
}

/** Events whose own ancestry forbids them: validation errors (DESIGN.md §2). */
export function illegalBunEvents(post: BunPost, events: readonly BunEvent[], opts: FoldOptions = DEFAULT_FOLD): { event: string; reason: string; hint: string }[] {
  const ancestors = ancestorsOf(events, (e) => e.after);
  const out: { event: string; reason: string; hint: string }[] = [];
  const files = new Set(events.map((e) => e.file));
  // What an event that saw only the post saw: the same for each such event, folded once.
  let posted: FoldedBun | undefined;
  for (const e of events) {
    const missing = e.after.filter((p) => p !== POST_FILE && !files.has(p));
    if (missing.length) out.push({ event: e.file, reason: `after names ${missing.join(', ')}, which is not in this bun's events`, hint: 'restore the missing event file, or point after: at an existing one' });
    if (!(BUN_VERBS as readonly string[]).includes(e.verb)) {
      out.push({ event: e.file, reason: `"${e.verb}" is not a bun verb`, hint: `bun events are ${BUN_VERBS.join(', ')}` });
      continue;
    }
    if (isoInstant(e.at) < isoInstant(post.received)) out.push({ event: e.file, reason: `the event (${e.at}) is before the bun was received (${post.received})`, hint: 'fix `at`, or the post\'s `received`' });
    const seen = ancestors.get(e.file)!;
    const before = seen.size ? foldBunEvents(post, events.filter((x) => seen.has(x.file)), opts) : (posted ??= foldBunEvents(post, [], opts));
    const refusal = bunRefusal(before, e);
    if (refusal) out.push({ event: e.file, reason: `${e.verb} by ${e.by} was not allowed given what it saw: ${refusal.reason}`, hint: refusal.hint });
  }
  return out;
}

/** An event's file name: `<UTC yyyymmddThhmmssmmmZ>--<actor>--<verb>--<4 random>.md` (no ':' anywhere). */
export function bunEventFileName(at: Date, actor: string, verb: string, random: string): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('.', '');
  return `${stamp}--${actor}--${verb}--${random}.md`;
}


export interface SubjectTags {
  bun: string;
  cookie: string;
  dough: string;
}

/**
 * An email subject's tag picks the kind ("BULLE: Lean training @ Ericsson" is a bun, KAKA a cookie,
 * DEG dough; configurable in crisp.yaml since collectives differ) and is stripped from the title.
 */
export function kindFromSubject(subject: string, tags: SubjectTags): { kind?: BunKind; title: string } {
  const m = /^\s*\[?([A-Za-z]+)\]?\s*[:\-]\s*(.*)$/s.exec(subject);
  if (m) {
    const word = m[1]!.toUpperCase();
    for (const kind of BUN_KINDS) if (tags[kind].toUpperCase() === word) return { kind, title: m[2]!.trim() };
  }
  return { title: subject.trim() };
}
