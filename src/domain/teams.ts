/**
 * Teams by consent (seed 000/001: a business developer "has no formal powers" and must check with a
 * consultant before offering them; DESIGN.md §6 "Teams by consent"). A lead's team is an append-only
 * log of events, folded here. Anyone may propose anyone; only the person named may accept or decline.
 * Pure: no I/O, the events come in as data.
 */
import { ancestorsOf } from './event-graph.js';
import { byText } from './order.js';

export const TEAM_VERBS = ['propose', 'accept', 'decline', 'withdraw'] as const;
export type TeamVerb = (typeof TEAM_VERBS)[number];

export interface TeamEvent {
  /** The event's file name: the tie-breaker of the order and what `after` names. */
  file: string;
  verb: TeamVerb;
  person: string;
  by: string;
  at: string;
  role?: string;
  hours_per_week?: number;
  after?: string | string[];
  note?: string;
}

export type MemberStatus = 'asked' | 'accepted' | 'declined' | 'withdrawn';

export interface TeamMember {
  person: string;
  status: MemberStatus;
  role?: string;
  hours_per_week?: number;
  proposed_by: string;
  proposed_at: string;
  /** When the person answered (accept or decline), or when the proposal was withdrawn. */
  answered_at?: string;
  /** The proposer's note. */
  note?: string;
  /** The note given with the answer (or the withdrawal). */
  answer_note?: string;
}

export interface TeamProblem {
  file: string;
  message: string;
  /**
   * True when the event was not legal even given what it says it saw (its `after` ancestry): a
   * validation error. False when it was legal on its own clone and only meets events it had not
   * seen after a merge (a withdraw and an accept made at once): it needs attention, as a bun's
   * event does (DESIGN.md §2).
   */
  illegal: boolean;
}

export interface TeamState {
  members: TeamMember[];
  /** Events that could not be applied (kept, shown, never applied), or were applied to a state they had not seen. */
  problems: TeamProblem[];
  /** The file name of the last event (what a new event names in `after`), or undefined. */
  head?: string;
}

/** Ties between events neither of which saw the other: by `at`, then actor, then file name. */
function tieOrder(a: TeamEvent, b: TeamEvent): number {
  return Date.parse(a.at) - Date.parse(b.at) || byText(a.by, b.by) || byText(a.file, b.file);
}

const parentsOf = (e: TeamEvent) => (Array.isArray(e.after) ? e.after : e.after ? [e.after] : []);

/**
 * The fold order: a topological order of the `after` graph (an event comes after every event it
 * names), ties broken by `at`, actor, file name. So every clone folds the same events the same way,
 * however wrong a laptop's clock is (DESIGN.md §2). A parent that is not among the events (`start`,
 * or a file that does not exist) constrains nothing.
 */
export function orderTeamEvents(events: readonly TeamEvent[]): TeamEvent[] {
  const byFile = new Map(events.map((e) => [e.file, e]));
  const placed = new Set<string>();
  const pending = [...events].sort(tieOrder);
  const out: TeamEvent[] = [];
  while (pending.length) {
    let i = pending.findIndex((e) => parentsOf(e).every((p) => placed.has(p) || !byFile.has(p) || p === e.file));
    // A cycle (only by hand edits): fall back to the tie order so nothing is lost.
    if (i === -1) i = 0;
    const [e] = pending.splice(i, 1);
    placed.add(e!.file);
    out.push(e!);
  }
  return out;
}

/** Parents an event names that are not among the events (other than the first event's `start`). */
export function missingTeamParents(events: readonly TeamEvent[]): { file: string; missing: string[] }[] {
  const files = new Set(events.map((e) => e.file));
  return events
    .map((e) => ({ file: e.file, missing: parentsOf(e).filter((p) => p !== 'start' && !files.has(p)) }))
    .filter((x) => x.missing.length);
}

/** Why `event` may not be applied to `members`, or undefined when it may. */
export function teamEventRefusal(members: readonly TeamMember[], event: Pick<TeamEvent, 'verb' | 'person' | 'by'>): string | undefined {
  const member = members.find((m) => m.person === event.person);
  switch (event.verb) {
    case 'propose':
      if (member && (member.status === 'asked' || member.status === 'accepted')) {
        return `${event.person} is already on the team (${member.status === 'asked' ? 'asked, no answer yet' : 'accepted'})`;
      }
      return undefined;
    case 'accept':
    case 'decline':
      if (event.by !== event.person) return `only ${event.person} can ${event.verb} for ${event.person}, not ${event.by}`;
      if (!member || member.status === 'withdrawn') return `${event.person} was not asked to join this team`;
      if (member.status === (event.verb === 'accept' ? 'accepted' : 'declined')) return `${event.person} has already ${event.verb}ed`;
      return undefined;
    case 'withdraw':
      if (!member || member.status === 'withdrawn') return `${event.person} is not on this team`;
      if (event.by !== event.person && event.by !== member.proposed_by) {
        return `only ${event.person} or ${member.proposed_by} (who proposed them) can withdraw ${event.person}`;
      }
      return undefined;
    default:
      return `unknown verb "${String((event as { verb: unknown }).verb)}"`;
  }
}

/**
 * Fold a lead's team events into who is asked, who said yes or no, and when. An event the fold
 * cannot apply is kept and shown: an error when it was not legal even given what it had seen, else
 * it needs attention (it met a concurrent event after a merge). So does an event applied to a
 * person whose state it had not seen (a withdraw of someone who had meanwhile accepted).
 */
export function foldTeamEvents(events: readonly TeamEvent[]): TeamState {
  const ordered = orderTeamEvents(events);
  const { members, problems, head, appliedTo } = applyTeamEvents(ordered);
  const ancestors = ancestorsOf(events, parentsOf);
  const byFile = new Map(events.map((e) => [e.file, e]));
  /** The state of `person` as the event saw it: the fold of its ancestors alone. */
  const seen = (e: TeamEvent) => applyTeamEvents(orderTeamEvents([...ancestors.get(e.file)!].map((f) => byFile.get(f)!))).members;
  for (const p of problems) {
    const e = byFile.get(p.file)!;
    const own = teamEventRefusal(seen(e), e);
    if (own) p.message = own;
    else {
      p.illegal = false;
      p.message = `${p.message}, after events ${e.by} had not seen when acting (made at the same time on another clone); kept, not applied`;
    }
  }
  for (const [file, status] of appliedTo) {
    const e = byFile.get(file)!;
    const saw = seen(e).find((m) => m.person === e.person)?.status;
    if (e.verb === 'propose' || saw === status) continue;
    problems.push({ file, illegal: false, message: `${e.verb} by ${e.by} was made without seeing that ${e.person} had ${STATUS_WORDS[status ?? 'none']} (at the same time on another clone); applied` });
  }
  const at = new Map(ordered.map((e, i) => [e.file, i]));
  problems.sort((a, b) => at.get(a.file)! - at.get(b.file)!);
  return { members, problems, ...(head && { head }) };
}

const STATUS_WORDS: Record<MemberStatus | 'none', string> = { asked: 'been asked', accepted: 'accepted', declined: 'declined', withdrawn: 'been withdrawn', none: 'not been asked' };

/** The fold itself, in the given order: the members, the events it could not apply, and the state of its person each applied event met. */
function applyTeamEvents(ordered: readonly TeamEvent[]): TeamState & { appliedTo: Map<string, MemberStatus | undefined> } {
  const members: TeamMember[] = [];
  const problems: TeamProblem[] = [];
  const appliedTo = new Map<string, MemberStatus | undefined>();
  for (const e of ordered) {
    const refusal = teamEventRefusal(members, e);
    if (refusal) {
      problems.push({ file: e.file, message: refusal, illegal: true });
      continue;
    }
    appliedTo.set(e.file, members.find((m) => m.person === e.person)?.status);
    const i = members.findIndex((m) => m.person === e.person);
    const current = members[i];
    if (e.verb === 'propose') {
      const fresh: TeamMember = { person: e.person, status: 'asked', proposed_by: e.by, proposed_at: e.at, ...(e.role && { role: e.role }), ...(e.note && { note: e.note }) };
      if (i === -1) members.push(fresh);
      else members[i] = fresh;
    } else if (current) {
      const status: MemberStatus = e.verb === 'accept' ? 'accepted' : e.verb === 'decline' ? 'declined' : 'withdrawn';
      members[i] = {
        ...current,
        status,
        answered_at: e.at,
        ...(e.verb === 'accept' && e.hours_per_week !== undefined && { hours_per_week: e.hours_per_week }),
        ...(e.verb !== 'accept' && { hours_per_week: undefined }),
        answer_note: e.note,
      };
      if (members[i]!.hours_per_week === undefined) delete members[i]!.hours_per_week;
      if (members[i]!.answer_note === undefined) delete members[i]!.answer_note;
    }
  }
  return { members, problems, appliedTo, ...(ordered.length && { head: ordered[ordered.length - 1]!.file }) };
}

/**
 * Why a proposal for this lead cannot be sent yet: every member who has not said yes ("check with
 * Jim before offering him"). Empty when everyone asked has accepted (or nobody was asked).
 * `proposal send` calls this.
 */
export function teamSendBlockers(team: Pick<TeamState, 'members'>): string[] {
  const out: string[] = [];
  for (const m of team.members) {
    if (m.status === 'asked') out.push(`${m.person} has not answered yet (asked by ${m.proposed_by} on ${m.proposed_at.slice(0, 10)})`);
    else if (m.status === 'declined') out.push(`${m.person} declined${m.answered_at ? ` on ${m.answered_at.slice(0, 10)}` : ''}`);
  }
  return out;
}

/** The hours per week a person has accepted on this team (0 when not an accepted member). */
export function acceptedHours(team: Pick<TeamState, 'members'>, person: string): number {
  const m = team.members.find((x) => x.person === person && x.status === 'accepted');
  return m?.hours_per_week ?? 0;
}

/**
 * Committed hours per person (DESIGN.md §6 "Capacity"): the `hours_per_week` of their accepted teams
 * on leads that are open or won. Lost leads free the hours.
 */
export function committedHours(teams: readonly { lead: string; stage: string; team: Pick<TeamState, 'members'> }[]): Map<string, { hours: number; leads: string[] }> {
  const out = new Map<string, { hours: number; leads: string[] }>();
  for (const t of teams) {
    if (t.stage === 'lost') continue;
    for (const m of t.team.members) {
      if (m.status !== 'accepted') continue;
      const cur = out.get(m.person) ?? { hours: 0, leads: [] };
      cur.hours += m.hours_per_week ?? 0;
      cur.leads.push(t.lead);
      out.set(m.person, cur);
    }
  }
  return out;
}
